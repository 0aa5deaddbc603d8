// PyTables classes h5tables does not implement yet, read as the nearest class it has while
// printing PyTables' class name (`/c (CArray(10,)) 'C'`). A class that arrives registers
// itself under its class id and its line here goes.

import { UNIMPLEMENTED, registerStandIn } from './registry';

registerStandIn('CARRAY', 'CArray', 'ARRAY');
registerStandIn('EARRAY', 'EArray', 'ARRAY');
registerStandIn('VLARRAY', 'VLArray', UNIMPLEMENTED);
registerStandIn('TABLE', 'Table', UNIMPLEMENTED);
