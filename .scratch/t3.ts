import { inspect } from 'node:util';
import { openFile, StringAtom } from '../lib/index';
const f = openFile('x.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
console.log(inspect(f.createCArray('/', 'a', { atom: StringAtom(3, { shape: [2] }), shape: [2] })));
