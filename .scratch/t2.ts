import { openFile, Int32Atom, ComplexAtom } from '../lib/index';
const f = openFile('x.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
f.createCArray('/', 'a', { atom: Int32Atom({ shape: [2] }), shape: [2] });
console.log((f as any)._nat().getDatasetInfo('/a').itemsize);
f.createCArray('/', 'c', { atom: ComplexAtom(16), shape: [2] });
console.log((f as any)._nat().getDatasetInfo('/c').itemsize);
