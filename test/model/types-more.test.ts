// complex64/complex128, float16 and enums in the model: the Enum class (PyTables'
// tables.misc.enum.Enum), ComplexAtom, Float16Atom and EnumAtom, createArray/CArray/EArray of
// them in in-memory files (values, shapes, dtypes, iteration, set, out, attributes, images,
// the Promise forms), and every bad input a clear error that changes nothing. Expected
// reprs and roundings are PyTables 3.7's and numpy's as run (test/interop/types-more.test.ts
// compares them live).
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import {
  Array as H5Array,
  Atom,
  Complex128Atom,
  Complex64Atom,
  ComplexAtom,
  EArray,
  Enum,
  EnumAtom,
  Float16Atom,
  Float64Atom,
  Int32Atom,
  UInt8Atom,
  openFile,
  type File,
} from '../../lib/index';
import { roundFloat16 } from '../../lib/float16';

function memFile(name = 'types.h5'): File {
  return openFile(name, 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
}

describe('Enum', () => {
  it('maps names to values and back, in the order given, as PyTables does', () => {
    const e = new Enum(['red', 'green', 'blue']);
    expect(e.red).toBe(0);
    expect(e.blue).toBe(2);
    expect(e.get('green')).toBe(1);
    expect(e.nameOf(1)).toBe('green');
    expect(e.nameOf(2n)).toBe('blue');
    expect(e.has('red')).toBe(true);
    expect(e.has('purple')).toBe(false);
    expect(e.size).toBe(3);
    expect([...e]).toEqual([
      ['red', 0],
      ['green', 1],
      ['blue', 2],
    ]);
    // PyTables: repr(Enum(['red', 'green', 'blue'])) and repr(Enum({'a': 5, 'b': -1})).
    expect(String(e)).toBe("Enum({'red': 0, 'green': 1, 'blue': 2})");
    expect(inspect(new Enum({ a: 5, b: -1 }))).toBe("Enum({'a': 5, 'b': -1})");
    expect(String(new Enum(new Map([['x', 3n]])))).toBe("Enum({'x': 3})");
    expect(new Enum(e).equals(e)).toBe(true);
    // Equality ignores order, as PyTables' ==.
    expect(new Enum({ blue: 2, red: 0, green: 1 }).equals(e)).toBe(true);
    expect(new Enum({ red: 0, green: 1, blue: 3 }).equals(e)).toBe(false);
    expect(String(new Enum([]))).toBe('Enum({})');
  });

  it('is immutable', () => {
    const e = new Enum(['a']) as unknown as Record<string, unknown>;
    expect(() => {
      e.a = 5;
    }).toThrow(TypeError);
    expect(() => {
      e.b = 1;
    }).toThrow(TypeError);
    expect(e.a).toBe(0);
  });

  it('refuses bad names and values with clear errors', () => {
    expect(() => new Enum(['a', 'a'])).toThrow(/duplicate name 'a'/);
    expect(() => new Enum({ a: 1, b: 1 })).toThrow(/duplicate value 1/);
    expect(() => new Enum(['_x'])).toThrow(/cannot start with '_'/);
    expect(() => new Enum([1 as unknown as string])).toThrow(TypeError);
    expect(() => new Enum({ a: 1.5 })).toThrow(/must be a safe integer, not 1.5/);
    expect(() => new Enum({ get: 1 })).toThrow(/'get' is a member of Enum/);
    expect(() => new Enum(null as never)).toThrow(/not null/);
    const e = new Enum(['red']);
    expect(() => e.get('purple')).toThrow(/no enumerated value with that name: 'purple'/);
    expect(() => e.nameOf(7)).toThrow(/no enumerated value with that concrete value: 7/);
  });
});

describe('complex, float16 and enum atoms', () => {
  it('have PyTables’ dtype, itemsize, size, kind, type and repr', () => {
    const c = ComplexAtom(16, { shape: [2] });
    expect([c.dtype, c.itemsize, c.size, c.kind, c.type]).toEqual([
      'complex128',
      16,
      32,
      'complex',
      'complex128',
    ]);
    expect(String(ComplexAtom(8))).toBe('ComplexAtom(itemsize=8, shape=(), dflt=0j)');
    expect(String(c)).toBe('ComplexAtom(itemsize=16, shape=(2,), dflt=0j)');
    expect(ComplexAtom(8)).toBeInstanceOf(ComplexAtom);
    expect(new ComplexAtom(16)).toBeInstanceOf(Atom);
    expect(Complex64Atom().equals(ComplexAtom(8))).toBe(true);
    expect(Complex128Atom()).toBeInstanceOf(ComplexAtom);
    expect(Atom.fromDType('complex64').equals(ComplexAtom(8))).toBe(true);
    expect(ComplexAtom(8, { dflt: 1.5 }).dflt).toEqual({ re: 1.5, im: 0 });
    // complex64's parts are float32.
    expect(ComplexAtom(8, { dflt: { re: 0.1, im: 0 } }).dflt).toEqual({ re: Math.fround(0.1), im: 0 });
    expect(
      ComplexAtom(16, { dflt: { re: 1, im: 2 } }).equals(ComplexAtom(16, { dflt: { re: 1, im: 2 } })),
    ).toBe(true);
    expect(ComplexAtom(16, { dflt: { re: 1, im: 2 } }).equals(ComplexAtom(16))).toBe(false);

    const h = Float16Atom({ dflt: 0.1 });
    expect([h.dtype, h.itemsize, h.kind, h.type]).toEqual(['float16', 2, 'float', 'float16']);
    // numpy: float(np.float16(0.1)) == 0.0999755859375, printed 0.1.
    expect(h.dflt).toBe(0.0999755859375);
    expect(String(h)).toBe('Float16Atom(shape=(), dflt=0.1)');

    const e = new EnumAtom(['red', 'green', 'blue'], 'green', 'uint8');
    expect([e.dtype, e.itemsize, e.kind, e.type, e.dflt, e.dfltName]).toEqual([
      'uint8',
      1,
      'enum',
      'enum',
      1,
      'green',
    ]);
    expect(e.enum.equals(new Enum(['red', 'green', 'blue']))).toBe(true);
    expect(String(e.base)).toBe('UInt8Atom(shape=(), dflt=0)');
    expect(String(e)).toBe(
      "EnumAtom(enum=Enum({'red': 0, 'green': 1, 'blue': 2}), dflt='green', base=UInt8Atom(shape=(), dflt=0), shape=())",
    );
    expect(new EnumAtom({ a: 5 }, 'a', 'int64').dflt).toBe(5n);
    expect(EnumAtom(['a'], 'a', 'uint8')).toBeInstanceOf(EnumAtom);
    expect(EnumAtom(['a'], 'a', 'uint8').equals(new EnumAtom(['a'], 'a', UInt8Atom()))).toBe(true);
    expect(EnumAtom(['a'], 'a', 'uint8').constructor.name).toBe('EnumAtom');
    expect(e.equals(new EnumAtom(['red', 'green', 'blue'], 'green', UInt8Atom()))).toBe(true);
    expect(e.equals(UInt8Atom({ dflt: 1 }))).toBe(false);
  });

  it('refuses bad itemsizes, defaults, bases and options', () => {
    expect(() => ComplexAtom(4)).toThrow(
      /invalid item size 4; it must be 8 \(complex64\) or 16 \(complex128\)/,
    );
    expect(() => ComplexAtom('16' as never)).toThrow(TypeError);
    expect(() => ComplexAtom(16, { dflt: 'x' })).toThrow(/must be a number or \{ re, im \}/);
    expect(() => ComplexAtom(16, { nope: 1 } as never)).toThrow(/nope/);
    expect(() => Atom.fromDType('complex64', { itemsize: 16 })).toThrow(/itemsize is 8, not 16/);
    expect(() => Float16Atom({ dflt: 'x' as never })).toThrow(TypeError);
    expect(() => new EnumAtom(['a'], 'b', 'uint8')).toThrow(/no enumerated value with that name: 'b'/);
    expect(() => new EnumAtom(['a'], 'a', 'float64')).toThrow(/base must be an integer atom/);
    expect(() => new EnumAtom(['a'], 'a', Float64Atom())).toThrow(/base must be an integer atom/);
    expect(() => new EnumAtom(['a'], 'a', Int32Atom({ shape: [2] }))).toThrow(/base must be a scalar atom/);
    expect(() => new EnumAtom({ a: 300 }, 'a', 'uint8')).toThrow(/cannot hold the enum's value 300/);
    expect(() => new EnumAtom({ a: -1 }, 'a', 'uint8')).toThrow(/cannot hold the enum's value -1/);
    expect(() => new EnumAtom(['a'], 0 as never, 'uint8')).toThrow(/dflt must be a name/);
    expect(() => new EnumAtom(['a'], 'a', 'uint8', { dflt: 1 } as never)).toThrow(/dflt/);
  });

  it('rounds float16 as numpy does (to nearest, ties to even, beyond 65504 to infinity)', () => {
    // numpy: [float(np.float16(x)) for x in ...], as run.
    expect(
      [0.1, 70000, 65504, 65519.99, 65520, 1e-8, 3e-8, 1 / 3, 1234.567, 2049, 2051].map(roundFloat16),
    ).toEqual([
      0.0999755859375,
      Infinity,
      65504,
      65504,
      Infinity,
      0,
      5.960464477539063e-8,
      0.333251953125,
      1235,
      2048,
      2052,
    ]);
    expect(Object.is(roundFloat16(-1e-9), -0)).toBe(true);
    expect(roundFloat16(NaN)).toBeNaN();
  });
});

describe('bad complex and float16 data is a clear error and creates nothing', () => {
  it('checks createArray’s { data, shape, dtype }', () => {
    const f = memFile();
    try {
      const bad: Array<[unknown, RegExp]> = [
        [
          { data: Int32Array.of(1, 2), shape: [1], dtype: 'complex128' },
          /must be a Float32Array, a Float64Array or numbers/,
        ],
        [
          { data: Float64Array.of(1, 2, 3), shape: [2], dtype: 'complex128' },
          /needs 4 numbers \(re, im per element\), not 3/,
        ],
        [{ data: Float32Array.of(1), shape: [2], dtype: 'float16' }, /needs 2 numbers, not 1/],
        [
          { data: Float64Array.of(1), shape: [1], dtype: 'complex256' },
          /dtype must be one of .*'complex128'/,
        ],
        [
          { data: Float64Array.of(1), shape: [1], dtype: 'int32' },
          /the data is float64 but dtype is 'int32'/,
        ],
        [{ data: Uint8Array.of(2), shape: [1], dtype: 'bool' }, /only 0 and 1/],
        [[{ re: 1, im: 2 }, { re: 1 }], /an object element must be a complex number \{ re, im \}/],
      ];
      for (const [obj, message] of bad) {
        expect(() => f.createArray('/', 'x', obj as never), JSON.stringify(obj)).toThrow(message);
        expect(f.has('/x')).toBe(false);
      }
      expect(() =>
        f.createCArray('/', 'c', { atom: ComplexAtom(8), shape: [2], obj: Float32Array.of(1, 2, 3) }),
      ).toThrow(/needs an even length/);
      expect(() => f.createCArray('/', 'c', { atom: ComplexAtom(8), obj: ['a'] })).toThrow(
        /cannot be stored as complex64 \(it takes numbers or \{ re, im \}\)/,
      );
      expect(() => f.createCArray('/', 'c', { atom: Float16Atom(), obj: Int16Array.of(1) })).toThrow(
        /float16 data must be a Float32Array, a Float64Array or numbers, not a Int16Array/,
      );
      expect(f.has('/c')).toBe(false);
      expect(() => f.root.attrs.set('z', { re: 1 } as never)).toThrow(TypeError);
      expect(f.root.attrs.has('z')).toBe(false);
    } finally {
      f.close();
    }
  });
});

// The cases below need the binding's complex, float16 and enum types (records-interface.md,
// "More element types").
describe('complex, float16 and enum leaves in memory', () => {
  it('creates and reads complex arrays: interleaved data, the stored shape and dtype', async () => {
    const f = memFile();
    try {
      const data = Float64Array.of(1, 2, 3, -4, 0, 0.5, -1.25, 0);
      const a = f.createArray('/', 'c', { data, shape: [2, 2], dtype: 'complex128' }, 'C');
      expect(a.dtype).toBe('complex128');
      expect(a.shape).toEqual([2, 2]);
      const r = a.read();
      expect(r.dtype).toBe('complex128');
      expect(r.shape).toEqual([2, 2]);
      expect(r.data).toEqual(data);
      expect(a.read(1).data).toEqual(data.slice(4));
      expect((await a.readAsync(0, 1)).data).toEqual(data.slice(0, 4));
      // PyTables: the same array's repr.
      expect(inspect(a)).toBe(
        "/c (Array(2, 2)) 'C'\n  atom := ComplexAtom(itemsize=16, shape=(), dflt=0j)\n  maindim := 0\n  flavor := 'numpy'\n  byteorder := 'little'\n  chunkshape := None",
      );
      const one = f.createArray('/', 'one', [
        { re: 1, im: 2 },
        { re: 3, im: -4 },
      ]);
      expect(one.dtype).toBe('complex128');
      expect([...one]).toEqual([
        { re: 1, im: 2 },
        { re: 3, im: -4 },
      ]);
      one.set(1, { re: 9, im: 9 });
      expect(one.read().data).toEqual(Float64Array.of(1, 2, 9, 9));
      const out = new Float64Array(4);
      expect(one.read(undefined, undefined, undefined, { out }).data).toBe(out);
      expect(() => one.read(undefined, undefined, undefined, { out: new Float64Array(2) })).toThrow(
        /has 2 elements, the result has 4/,
      );
      const c64 = f.createArray('/', 'c64', {
        data: Float32Array.of(1.5, -2),
        shape: [1],
        dtype: 'complex64',
      });
      expect(c64.read().data).toEqual(Float32Array.of(1.5, -2));
      expect(c64.dtype).toBe('complex64');
    } finally {
      f.close();
    }
  });

  it('stores float16 rounded as numpy rounds it, and reads it into a Float32Array', () => {
    const f = memFile();
    try {
      const given = Float32Array.of(0.1, 65504, 70000, 1e-7, -2.5);
      const a = f.createArray('/', 'h', { data: given, shape: [5], dtype: 'float16' });
      expect(a.dtype).toBe('float16');
      const r = a.read();
      expect(r.data).toBeInstanceOf(Float32Array);
      expect(Array.from(r.data as Float32Array)).toEqual(Array.from(given, roundFloat16));
      const ca = f.createCArray('/', 'hca', { atom: Float16Atom({ dflt: 0.1 }), shape: [3] });
      expect(Array.from(ca.read().data as Float32Array)).toEqual([
        0.0999755859375, 0.0999755859375, 0.0999755859375,
      ]);
      expect(inspect(ca)).toContain('atom := Float16Atom(shape=(), dflt=0.1)');
    } finally {
      f.close();
    }
  });

  it('makes CArrays and EArrays of complex and enum atoms, with their defaults', () => {
    const f = memFile();
    try {
      const ca = f.createCArray('/', 'cca', {
        atom: ComplexAtom(16, { shape: [2], dflt: { re: 1, im: 2 } }),
        shape: [2],
      });
      ca.set(0, [
        { re: 5, im: 6 },
        { re: 7, im: -8 },
      ]);
      expect(ca.read().shape).toEqual([2, 2]);
      expect(ca.read().data).toEqual(Float64Array.of(5, 6, 7, -8, 1, 2, 1, 2));
      expect(inspect(ca)).toContain(
        'atom := ComplexAtom(itemsize=16, shape=(2,), dflt=array([1.+2.j, 1.+2.j]))',
      );

      const colors = new Enum(['red', 'green', 'blue']);
      const ea = f.createEArray('/', 'ea', { atom: new EnumAtom(colors, 'green', 'uint8'), shape: [0] });
      ea.append(Uint8Array.of(0, 1, 2, 1));
      ea.append([colors.blue as number]);
      expect(ea.read().data).toEqual(Uint8Array.of(0, 1, 2, 1, 2));
      expect(ea.dtype).toBe('uint8');
      // PyTables stores the default first, so it reads back first.
      expect(String(ea.getEnum())).toBe("Enum({'green': 1, 'red': 0, 'blue': 2})");
      expect(ea.getEnum().equals(colors)).toBe(true);
      expect(inspect(ea)).toContain(
        "atom := EnumAtom(enum=Enum({'green': 1, 'red': 0, 'blue': 2}), dflt='green', base=UInt8Atom(shape=(), dflt=0), shape=())",
      );
      expect(() => (f.getNode('/cca') as H5Array).getEnum()).toThrow(
        'array ``/cca`` is not of an enumerated type',
      );
    } finally {
      f.close();
    }
  });

  it('reads and writes complex and float16 attributes, and keeps them through an image', () => {
    const f = memFile();
    try {
      const a = f.root.attrs;
      a.set('cx', { re: 1, im: 2 });
      a.set('cxa', { data: Float32Array.of(1, 2, 3, -4), shape: [2], dtype: 'complex64' });
      a.set('ha', { data: Float32Array.of(1.5, 0.1), shape: [2], dtype: 'float16' });
      expect(a.get('cx')).toEqual({ re: 1, im: 2 });
      expect(a.get('cxa')).toEqual({ data: Float32Array.of(1, 2, 3, -4), shape: [2], dtype: 'complex64' });
      expect(a.get('ha')).toEqual({
        data: Float32Array.of(1.5, roundFloat16(0.1)),
        shape: [2],
        dtype: 'float16',
      });
      // PyTables' repr of the same values.
      expect(inspect(a)).toContain('cx := (1+2j)');
      expect(inspect(a)).toContain('cxa := array([1.+2.j, 3.-4.j], dtype=complex64)');
      expect(inspect(a)).toContain('ha := array([1.5, 0.1], dtype=float16)');
      f.createArray('/', 'c', [{ re: 0.5, im: -1 }]);
      f.flush();
      const image = f.getFileImage();
      const g = openFile('copy.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image });
      try {
        expect(g.root.attrs.get('cx')).toEqual({ re: 1, im: 2 });
        expect(g.getNode('/c').read().data).toEqual(Float64Array.of(0.5, -1));
        expect(g.getNode('/c').dtype).toBe('complex128');
      } finally {
        g.close();
      }
    } finally {
      f.close();
    }
  });

  it('appends complex rows to an EArray, checked first', async () => {
    const f = memFile();
    try {
      const ea = f.createEArray('/', 'e', { atom: ComplexAtom(8), shape: [0] }) as EArray;
      ea.append(Float32Array.of(1, 2, 3, 4));
      await ea.appendAsync([{ re: 5, im: 6 }]);
      expect(ea.nrows).toBe(3);
      expect(ea.read().data).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
      expect(() => ea.append(Float32Array.of(1))).toThrow(/needs an even length/);
      expect(ea.nrows).toBe(3);
    } finally {
      f.close();
    }
  });
});
