// CArray: createCArray's options, data conversion and errors, the chunk shapes PyTables
// computes, the registry, printed forms (as PyTables prints the same nodes), CORE files,
// images and the Promise forms.
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  Array as H5Array,
  CArray,
  EArray,
  FileModeError,
  Filters,
  NodeError,
  openFile,
  type File,
} from '../../lib/index';
import { Float64Atom, Int32Atom, StringAtom } from '../../lib/atom';
import { lacks } from '../helpers/interop';
import { pythonJson } from './model-helpers';
import { useTmpDir } from '../helpers/tmp';

const tmp = useTmpDir('h5tables-carray-');
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

function mem(name = 'mem.h5'): File {
  return tmp.track(openFile(tmp.path(name), 'w', MEM));
}

const seq = (n: number, f: (i: number) => number = (i) => i): number[] =>
  Array.from({ length: n }, (_, i) => f(i));

describe('createCArray', () => {
  it('with atom and shape: every element the default, chunked, of class CArray', () => {
    const f = mem();
    const c = f.createCArray('/', 'c', { atom: 'float64', shape: [3, 4], title: 'C' });
    expect(c).toBeInstanceOf(CArray);
    expect(c).toBeInstanceOf(H5Array);
    expect(c).not.toBeInstanceOf(EArray);
    expect(c.title).toBe('C');
    expect(c.shape).toEqual([3, 4]);
    expect(c.nrows).toBe(3);
    expect(c.extdim).toBe(-1);
    expect(c.maindim).toBe(0);
    expect(c.dtype).toBe('float64');
    expect(c.chunkshape).not.toBeNull();
    const r = c.read();
    expect(r.shape).toEqual([3, 4]);
    expect(Array.from(r.data as ArrayLike<unknown>)).toEqual(seq(12, () => 0));
    expect(f.root.c).toBe(c);
  });

  it('an Atom object: StringAtom(8) holds empty strings, Float64Atom() float64', () => {
    const f = mem();
    const s = f.createCArray('/', 's', { atom: StringAtom(8), shape: [2] });
    expect(s.dtype).toBe('string');
    expect(s.itemsize).toBe(8);
    expect(s.read().data).toEqual(['', '']);
    const d = f.createCArray('/', 'd', { atom: Float64Atom(), shape: [5] });
    expect(d.dtype).toBe('float64');
  });

  it('obj gives the dtype and shape: a TypedArray, nested arrays, {data, shape}', () => {
    const f = mem();
    const a = f.createCArray('/', 'a', { obj: Int16Array.of(1, -2, 3) });
    expect([a.dtype, a.shape]).toEqual(['int16', [3]]);
    expect(Array.from(a.read().data as ArrayLike<unknown>)).toEqual([1, -2, 3]);
    const b = f.createCArray('/', 'b', {
      obj: [
        [1.5, 2],
        [3, 4],
      ],
    });
    expect([b.dtype, b.shape]).toEqual(['float64', [2, 2]]);
    expect(Array.from(b.read().data as ArrayLike<unknown>)).toEqual([1.5, 2, 3, 4]);
    const c = f.createCArray('/', 'c', { obj: { data: Uint32Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2] } });
    expect([c.dtype, c.shape]).toEqual(['uint32', [3, 2]]);
    expect(c.read(1, 3).data).toEqual(Uint32Array.of(3, 4, 5, 6));
    const s = f.createCArray('/', 's', { obj: ['ab', 'cde'] });
    expect([s.dtype, s.itemsize, s.read().data]).toEqual(['string', 3, ['ab', 'cde']]);
  });

  it('obj with atom: plain numbers convert when they fit exactly, bigints and booleans too', () => {
    const f = mem();
    const i = f.createCArray('/', 'i', {
      atom: 'int32',
      obj: [
        [1, -2],
        [3, 2147483647],
      ],
    });
    expect(i.read().data).toEqual(Int32Array.of(1, -2, 3, 2147483647));
    const u = f.createCArray('/', 'u', { atom: 'uint64', obj: [1n, 2n ** 64n - 1n] });
    expect(u.read().data).toEqual(BigUint64Array.of(1n, 2n ** 64n - 1n));
    const l = f.createCArray('/', 'l', { atom: 'int64', obj: [5, -6] });
    expect(l.read().data).toEqual(BigInt64Array.of(5n, -6n));
    const g = f.createCArray('/', 'g', { atom: 'float32', obj: [0.5, 1.25] });
    expect(g.read().data).toEqual(Float32Array.of(0.5, 1.25));
    const b = f.createCArray('/', 'b', { atom: 'bool', obj: [true, false] });
    expect(Array.from(b.read().data as ArrayLike<unknown>)).toEqual([1, 0]);
    const s = f.createCArray('/', 's', { atom: StringAtom(4), obj: ['a', 'abcd'] });
    expect([s.itemsize, s.read().data]).toEqual([4, ['a', 'abcd']]);
  });

  it.each([
    ['a fraction into int32', { atom: 'int32', obj: [1, 1.5] }, RangeError, /1\.5 is not an integer/],
    ['300 into uint8', { atom: 'uint8', obj: [300] }, RangeError, /300 is out of range for uint8/],
    ['-1 into uint16', { atom: 'uint16', obj: [-1] }, RangeError, /out of range/],
    [
      'a Float32Array into float64',
      { atom: 'float64', obj: Float32Array.of(1) },
      TypeError,
      /float32.*float64/,
    ],
    ['strings into float64', { atom: 'float64', obj: ['x'] }, TypeError, /cannot be stored as float64/],
    ['numbers into bool', { atom: 'bool', obj: [1] }, TypeError, /cannot be stored as bool/],
    [
      'a string longer than the itemsize',
      { atom: StringAtom(2), obj: ['abc'] },
      RangeError,
      /itemsize \(2 bytes\)/,
    ],
    ['ragged rows', { obj: [[1, 2], [3]] }, RangeError, /ragged/],
    ['a shape unlike obj', { obj: [1, 2, 3], shape: [4] }, TypeError, /does not match obj's shape/],
    [
      'neither atom+shape nor obj',
      { atom: 'float64' },
      TypeError,
      /'atom' and 'shape' options or the 'obj' option/,
    ],
    ['a zero dimension', { atom: 'float64', shape: [3, 0] }, RangeError, /zero dimensions/],
    ['a scalar shape', { atom: 'float64', shape: [] }, RangeError, /at least one dimension/],
    [
      'a chunkshape of another rank',
      { atom: 'float64', shape: [3, 4], chunkshape: [2] },
      RangeError,
      /ranks must be equal/,
    ],
    [
      'a zero in the chunkshape',
      { atom: 'float64', shape: [3, 4], chunkshape: [0, 1] },
      RangeError,
      /chunkshape cannot have zero/,
    ],
    [
      'a negative shape',
      { atom: 'float64', shape: [-1] },
      TypeError,
      /'shape' must be an array of non-negative integers/,
    ],
    [
      'an unknown option',
      { atom: 'float64', shape: [3], expectedrows: 3 },
      TypeError,
      /unknown option 'expectedrows'/,
    ],
    ['an unknown dtype', { atom: 'float128', shape: [3] }, TypeError, /atom/],
    ['filters that are not Filters', { atom: 'float64', shape: [3], filters: 5 }, TypeError, /filters/],
    [
      'a shaped atom with a zero dimension',
      { atom: Int32Atom({ shape: [0] }), shape: [3] },
      RangeError,
      /the atom's shape cannot have zero dimensions/,
    ],
    [
      "an obj whose shape does not end with the atom's",
      { atom: Int32Atom({ shape: [2] }), obj: [[1, 2, 3]] },
      TypeError,
      /does not end with the atom's shape \(2,\)/,
    ],
    [
      'the dtype string without an itemsize',
      { atom: 'string', shape: [3] },
      TypeError,
      /StringAtom\(itemsize\)/,
    ],
  ] as const)('%s is a clear error and creates nothing', (_what, options, Err, message) => {
    const f = mem();
    expect(() => f.createCArray('/', 'x', options as never)).toThrow(Err);
    expect(() => f.createCArray('/', 'x', options as never)).toThrow(message);
    expect(f.has('/x')).toBe(false);
  });

  it('options that are not an object are a TypeError', () => {
    const f = mem();
    expect(() => f.createCArray('/', 'x', 5 as never)).toThrow(
      new TypeError('createCArray: the options ({ atom, shape, obj, ... }) must be an object'),
    );
    expect(() => f.createEArray('/', 'x', undefined as never)).toThrow(TypeError);
    expect(f.has('/x')).toBe(false);
  });

  it('a taken name is a NodeError; a read-only file a FileModeError; nothing changes', () => {
    const p = tmp.path('ro.h5');
    const f = openFile(p, 'w');
    f.createCArray('/', 'c', { obj: [1, 2] });
    expect(() => f.createCArray('/', 'c', { atom: 'int8', shape: [3] })).toThrow(NodeError);
    expect(f.root.c.read().data).toEqual(Float64Array.of(1, 2));
    f.close();
    const r = tmp.track(openFile(p, 'r'));
    expect(() => r.createCArray('/', 'd', { atom: 'int8', shape: [3] })).toThrow(FileModeError);
    expect(r.has('/d')).toBe(false);
  });

  it('createParents makes the groups on the way; a given chunkshape is kept', () => {
    const f = mem();
    const c = f.createCArray('/a/b', 'c', {
      atom: 'int32',
      shape: [10, 10],
      chunkshape: [3, 7],
      createParents: true,
    });
    expect(c.pathname).toBe('/a/b/c');
    expect(c.chunkshape).toEqual([3, 7]);
    expect(() => f.createCArray('/x/y', 'c', { atom: 'int32', shape: [1] })).toThrow(/x/);
    expect(f.has('/x')).toBe(false);
  });

  it('reads across chunk boundaries with read(start, stop, step)', () => {
    const f = mem();
    const data = Float64Array.from(seq(50 * 7, (i) => i * 0.5));
    const c = f.createCArray('/', 'c', { obj: { data, shape: [50, 7] }, chunkshape: [16, 4] });
    const r = c.read(3, 40, 4);
    expect(r.shape).toEqual([10, 7]);
    const want: number[] = [];
    for (let row = 3; row < 40; row += 4) for (let col = 0; col < 7; col++) want.push(data[row * 7 + col]);
    expect(Array.from(r.data as ArrayLike<unknown>)).toEqual(want);
  });

  it("filters default to the file's (openFile's filters option)", () => {
    const f = tmp.track(
      openFile(tmp.path('ff.h5'), 'w', { ...MEM, filters: new Filters({ complevel: 3, complib: 'zlib' }) }),
    );
    const c = f.createCArray('/', 'c', { atom: 'int32', shape: [100] });
    expect(c.filters.complevel).toBe(3);
    expect(c.filters.complib).toBe('zlib');
    const d = f.createCArray('/', 'd', { atom: 'int32', shape: [100], filters: new Filters() });
    expect(d.filters.complevel).toBe(0);
  });
});

describe.skipIf(lacks('pytables'))('leastSignificantDigit, as PyTables 3.7 applies it', () => {
  it("quantizes a CArray's obj but not an EArray's rows", () => {
    const data = [0.123456, 3.14159, -2.71828, 1e-3];
    const theirs = pythonJson<{ c: number[]; e: number[] }>(`
import json, tables, numpy as np
with tables.open_file('q.h5', 'w', driver='H5FD_CORE', driver_core_backing_store=0) as f:
    flt = tables.Filters(1, least_significant_digit=2)
    c = f.create_carray('/', 'c', obj=np.array(${JSON.stringify(data)}), filters=flt)
    e = f.create_earray('/', 'e', obj=np.array(${JSON.stringify(data)}), filters=flt)
    print(json.dumps({'c': c[:].tolist(), 'e': e[:].tolist()}))
`);
    const f = mem();
    const filters = new Filters({ complevel: 1, leastSignificantDigit: 2 });
    const c = f.createCArray('/', 'c', { obj: data, filters });
    const e = f.createEArray('/', 'e', { obj: data, filters });
    expect(Array.from(c.read().data as Float64Array)).toEqual(theirs.c);
    expect(Array.from(e.read().data as Float64Array)).toEqual(theirs.e);
    expect(theirs.c).not.toEqual(data);
  });
});

describe('reopening, the registry, CORE files and images', () => {
  it('a CArray reopens as a CArray, found by getNode and listNodes by class', () => {
    const p = tmp.path('re.h5');
    const f = openFile(p, 'w');
    f.createCArray('/', 'c', { obj: Int32Array.of(4, 5, 6), title: 'T' });
    f.createArray('/', 'a', [1, 2]);
    f.createEArray('/', 'e', { atom: 'int8', shape: [0] });
    f.close();
    const g = tmp.track(openFile(p, 'r'));
    expect(g.root.c).toBeInstanceOf(CArray);
    expect(g.getNode('/c', undefined, 'CArray').read().data).toEqual(Int32Array.of(4, 5, 6));
    // An EArray is a CArray, as in PyTables.
    expect(g.listNodes('/', 'CArray').map((n) => n.name)).toEqual(['c', 'e']);
    expect(g.listNodes('/', 'Array').map((n) => n.name)).toEqual(['a', 'c', 'e']);
    expect(() => g.getNode('/a', undefined, 'CArray')).toThrow(/instead, a ``Array`` node/);
  });

  it('CORE without a backing store, its image reopened, and takeFileImage', () => {
    const f = openFile(tmp.path('core.h5'), 'w', MEM);
    f.createCArray('/', 'c', {
      obj: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      filters: new Filters({ complevel: 5, complib: 'blosc:lz4' }),
    });
    const image = f.getFileImage();
    const taken = f.takeFileImage();
    expect(tmp.list()).toEqual([]);
    for (const img of [image, taken]) {
      const g = openFile('img.h5', 'r', { ...MEM, driverCoreImage: img });
      expect(g.root.c).toBeInstanceOf(CArray);
      expect(g.root.c.read().data).toEqual(Float64Array.of(1, 2, 3, 4, 5, 6));
      expect(String(g.root.c)).toBe("/c (CArray(2, 3)shuffle, blosc:lz4(5)) ''");
      g.close();
    }
  });

  it('CORE with a backing store writes the file at close', () => {
    const p = tmp.path('backed.h5');
    const f = openFile(p, 'w', { driver: 'H5FD_CORE' });
    f.createCArray('/', 'c', { atom: 'uint8', shape: [4] });
    f.close();
    const g = tmp.track(openFile(p, 'r'));
    expect(g.root.c.read().data).toEqual(new Uint8Array(4));
  });
});

describe('createCArrayAsync', () => {
  it('creates the same CArray, with obj copied at the call', async () => {
    const f = mem();
    const data = Float64Array.of(1, 2, 3);
    const pending = f.createCArrayAsync('/', 'c', { obj: data, title: 'A' });
    data.fill(9);
    const c = await pending;
    expect(c).toBeInstanceOf(CArray);
    expect(c.read().data).toEqual(Float64Array.of(1, 2, 3));
    const z = await f.createCArrayAsync('/', 'z', { atom: 'int16', shape: [2, 2] });
    expect(z.read().data).toEqual(new Int16Array(4));
    expect(z.shape).toEqual([2, 2]);
  });

  it('errors reject and create nothing; an aborted signal rejects with AbortError', async () => {
    const f = mem();
    await expect(f.createCArrayAsync('/', 'x', { atom: 'int32', obj: [0.5] })).rejects.toThrow(RangeError);
    await f.createCArrayAsync('/', 'c', { atom: 'int8', shape: [1] });
    await expect(f.createCArrayAsync('/', 'c', { atom: 'int8', shape: [1] })).rejects.toThrow(NodeError);
    const ac = new AbortController();
    ac.abort();
    await expect(
      f.createCArrayAsync('/', 'y', { atom: 'int8', shape: [1], signal: ac.signal }),
    ).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(f.has('/x') || f.has('/y')).toBe(false);
  });
});

interface PyCase {
  str: string;
  repr: string;
  chunkshape: number[];
}

describe.skipIf(lacks('pytables'))("printed forms and chunk shapes as PyTables' for the same nodes", () => {
  let py: Record<string, PyCase>;
  beforeAll(() => {
    py = pythonJson<Record<string, PyCase>>(`
import json, tables, numpy as np
out = {}
with tables.open_file('pt.h5', 'w', driver='H5FD_CORE', driver_core_backing_store=0) as f:
    nodes = [
        f.create_carray('/', 'c', tables.Float64Atom(), (3, 4), 'C', filters=tables.Filters(5, 'blosc:lz4')),
        f.create_carray('/', 'big', tables.Int16Atom(), (1000, 300, 7)),
        f.create_carray('/', 'wide', tables.Float32Atom(), (3, 2000000)),
        f.create_carray('/', 's', tables.StringAtom(8), (5,), filters=tables.Filters(1)),
        f.create_carray('/', 'o', obj=np.arange(10), title='obj'),
        f.create_carray('/', 'b', tables.BoolAtom(), (7, 3), filters=tables.Filters(2, 'bzip2', shuffle=False, fletcher32=True)),
    ]
    for n in nodes:
        out[n._v_name] = {'str': str(n), 'repr': repr(n), 'chunkshape': [int(d) for d in n.chunkshape]}
print(json.dumps(out))
`);
  });

  it("String(carray) and util.inspect(carray) are PyTables' str() and repr()", () => {
    const f = mem();
    const nodes = [
      f.createCArray('/', 'c', {
        atom: Float64Atom(),
        shape: [3, 4],
        title: 'C',
        filters: new Filters({ complevel: 5, complib: 'blosc:lz4' }),
      }),
      f.createCArray('/', 'big', { atom: 'int16', shape: [1000, 300, 7] }),
      f.createCArray('/', 'wide', { atom: 'float32', shape: [3, 2000000] }),
      f.createCArray('/', 's', { atom: StringAtom(8), shape: [5], filters: new Filters({ complevel: 1 }) }),
      f.createCArray('/', 'o', { obj: BigInt64Array.from(seq(10), (i) => BigInt(i)), title: 'obj' }),
      f.createCArray('/', 'b', {
        atom: 'bool',
        shape: [7, 3],
        filters: new Filters({ complevel: 2, complib: 'bzip2', shuffle: false, fletcher32: true }),
      }),
    ];
    for (const n of nodes) {
      const want = py[n.name];
      expect(n.chunkshape, n.name).toEqual(want.chunkshape);
      expect(String(n)).toBe(want.str);
      expect(inspect(n)).toBe(want.repr);
    }
  });
});
