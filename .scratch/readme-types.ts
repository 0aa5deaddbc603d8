import { ComplexAtom, Enum, EnumAtom, Float16Atom, openFile, slice } from '../lib/index';

using f = openFile('types.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
const z = f.createArray('/', 'z', { data: Float64Array.of(1, 2, 3, -4), shape: [2], dtype: 'complex128' });
console.log(z.read()); // { data: Float64Array(4) [1, 2, 3, -4], shape: [2], dtype: 'complex128' }
console.log([...z]); // [{ re: 1, im: 2 }, { re: 3, im: -4 }]
f.createCArray('/', 'c', { atom: ComplexAtom(8, { dflt: { re: 1, im: 0 } }), shape: [4] });
const h = f.createCArray('/', 'h', { atom: Float16Atom(), shape: [2] });
h.set(slice(0, 2), Float32Array.of(0.1, 70000));
console.log(h.read().data); // Float32Array(2) [0.0999755859375, Infinity]: numpy's float16 values

const colors = new Enum(['red', 'green', 'blue']); // PyTables' Enum: colors.get('green') is 1
const e = f.createEArray('/', 'e', { atom: new EnumAtom(colors, 'red', 'uint8'), shape: [0] });
e.append([colors.get('blue'), colors.get('red')]);
console.log(e.read().data, e.getEnum().nameOf(2)); // Uint8Array(2) [2, 0] 'blue'

f.root.attrs.z = { re: 1, im: 2 }; // a complex128 attribute, PyTables' (1+2j)
