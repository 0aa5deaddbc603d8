// PyTables classes h5tables does not implement yet, read as the nearest class it has while
// printing PyTables' class name (`/t (Table(2,)) 'T'`). A class that arrives registers
// itself under its class id and its line here goes.

import { UNIMPLEMENTED, registerStandIn } from './registry';

registerStandIn('TABLE', 'Table', UNIMPLEMENTED);
