// EArray: createEArray, append (what converts, what is refused without adding a row),
// truncate, nrows/shape/extdim following them, an extendible dimension other than the
// first, reopening and appending again, CORE files and images, the Promise forms, and
// PyTables reading every row.
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

import { CArray, EArray, FileModeError, Filters, openFile, type File } from '../../lib/index';
import { StringAtom } from '../../lib/atom';
import { lacks } from '../helpers/interop';
import { pythonJson } from './model-helpers';
import { useTmpDir } from '../helpers/tmp';

const tmp = useTmpDir('h5tables-earray-');
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

function mem(name = 'mem.h5'): File {
  return tmp.track(openFile(tmp.path(name), 'w', MEM));
}

const seq = (n: number, f: (i: number) => number = (i) => i): number[] =>
  Array.from({ length: n }, (_, i) => f(i));
const rows3 = (n: number, from = 0): { data: Int32Array; shape: number[] } => ({
  data: Int32Array.from(seq(n * 3, (i) => from * 3 + i)),
  shape: [n, 3],
});

describe('createEArray and append', () => {
  it('starts empty, grows with each append; nrows and shape follow', () => {
    const f = mem();
    const e = f.createEArray('/', 'e', { atom: 'int32', shape: [0, 3], title: 'E' });
    expect(e).toBeInstanceOf(EArray);
    expect(e).toBeInstanceOf(CArray);
    expect([e.shape, e.nrows, e.extdim, e.maindim]).toEqual([[0, 3], 0, 0, 0]);
    expect(e.read().shape).toEqual([0, 3]);
    e.append(rows3(2));
    expect([e.shape, e.nrows]).toEqual([[2, 3], 2]);
    e.append([
      [6, 7, 8],
      [9, 10, 11],
    ]);
    e.append({ data: [12, 13, 14], shape: [1, 3] });
    expect([e.shape, e.nrows]).toEqual([[5, 3], 5]);
    const all = e.read();
    expect(all.shape).toEqual([5, 3]);
    expect(all.data).toEqual(Int32Array.from(seq(15)));
    expect(e.read(1, 3).data).toEqual(Int32Array.of(3, 4, 5, 6, 7, 8));
    // Zero rows add nothing.
    e.append({ data: new Int32Array(0), shape: [0, 3] });
    expect(e.nrows).toBe(5);
  });

  it.each([
    [
      'another rank',
      { data: Int32Array.of(1, 2, 3), shape: [3] },
      RangeError,
      /ranks of the appended object \(1\) and the ``\/e`` EArray \(2\) differ/,
    ],
    [
      'another row length',
      { data: Int32Array.of(1, 2, 3, 4), shape: [2, 2] },
      RangeError,
      /differ in non-enlargeable dimension 1/,
    ],
    [
      'a TypedArray of another dtype',
      { data: Float64Array.of(1, 2, 3), shape: [1, 3] },
      TypeError,
      /float64.*int32/,
    ],
    ['a fraction', [[1, 2, 2.5]], RangeError, /2\.5 is not an integer/],
    ['a value out of range', [[1, 2, 2 ** 31]], RangeError, /out of range for int32/],
    ['strings', [['a', 'b', 'c']], TypeError, /cannot be stored as int32/],
    ['ragged rows', [[1, 2, 3], [4]], RangeError, /ragged/],
    ['a scalar', 5, RangeError, /ranks/],
    ['something else', new Map(), TypeError, /takes a TypedArray/],
  ] as const)('%s is a clear error and adds no row', (_what, rows, Err, message) => {
    const f = mem();
    const e = f.createEArray('/', 'e', { atom: 'int32', shape: [0, 3] });
    e.append(rows3(1));
    expect(() => e.append(rows as never)).toThrow(Err);
    expect(() => e.append(rows as never)).toThrow(message);
    expect(e.nrows).toBe(1);
    expect(e.read().data).toEqual(Int32Array.of(0, 1, 2));
  });

  it('grows along a dimension other than the first: rows run along it, as PyTables reads them', () => {
    const f = mem();
    const e = f.createEArray('/', 'e', { atom: 'int16', shape: [2, 0] });
    expect([e.extdim, e.maindim, e.nrows]).toEqual([1, 1, 0]);
    e.append({ data: Int16Array.of(0, 1, 2, 10, 11, 12), shape: [2, 3] });
    e.append([[3], [13]]);
    expect([e.shape, e.nrows]).toEqual([[2, 4], 4]);
    expect(e.read().data).toEqual(Int16Array.of(0, 1, 2, 3, 10, 11, 12, 13));
    // read(start, stop) takes rows along the main dimension (PyTables' e.read(1, 3)).
    const part = e.read(1, 3);
    expect(part.shape).toEqual([2, 2]);
    expect(part.data).toEqual(Int16Array.of(1, 2, 11, 12));
    expect(e.read(3).data).toEqual(Int16Array.of(3, 13));
    expect(e.read(5, 9).shape).toEqual([2, 0]);
    expect(() => e.append({ data: Int16Array.of(1, 2, 3), shape: [3, 1] })).toThrow(
      /non-enlargeable dimension 0/,
    );
  });

  it('string rows: at most the itemsize, else an error and no row', () => {
    const f = mem();
    const e = f.createEArray('/', 's', { atom: StringAtom(3), shape: [0] });
    e.append(['a', 'bc', 'def']);
    expect(() => e.append(['abcd'])).toThrow(/longer than the atom's itemsize \(3 bytes\)/);
    expect(e.read().data).toEqual(['a', 'bc', 'def']);
  });

  it('obj gives the initial rows, dtype and shape', () => {
    const f = mem();
    const e = f.createEArray('/', 'e', {
      obj: [
        [1.5, 2],
        [3, 4],
        [5, 6],
      ],
    });
    expect([e.dtype, e.shape, e.extdim]).toEqual(['float64', [3, 2], 0]);
    e.append([[7, 8]]);
    expect(e.read().data).toEqual(Float64Array.of(1.5, 2, 3, 4, 5, 6, 7, 8));
    const u = f.createEArray('/', 'u', { atom: 'uint8', obj: [1, 2], shape: [0] });
    expect(u.read().data).toEqual(Uint8Array.of(1, 2));
  });

  it.each([
    ['no zero', { atom: 'int8', shape: [2, 3] }, RangeError, /needs one 0/],
    ['two zeros', { atom: 'int8', shape: [0, 0] }, RangeError, /only one dimension can grow/],
    [
      'a shape unlike obj',
      { atom: 'float64', obj: [[1, 2]], shape: [0, 3] },
      TypeError,
      /not compatible with obj's shape/,
    ],
    [
      'a bad expectedrows',
      { atom: 'int8', shape: [0], expectedrows: 0 },
      TypeError,
      /'expectedrows' must be a positive integer/,
    ],
    ['bad obj rows', { atom: 'int8', obj: [1, 1000] }, RangeError, /out of range for int8/],
  ] as const)('%s is a clear error and creates nothing', (_what, options, Err, message) => {
    const f = mem();
    expect(() => f.createEArray('/', 'x', options as never)).toThrow(Err);
    expect(() => f.createEArray('/', 'x', options as never)).toThrow(message);
    expect(f.has('/x')).toBe(false);
  });
});

describe('truncate', () => {
  it('drops rows, and grows with default rows', () => {
    const f = mem();
    const e = f.createEArray('/', 'e', { atom: 'int32', shape: [0, 3] });
    e.append(rows3(4));
    e.truncate(2);
    expect([e.shape, e.nrows]).toEqual([[2, 3], 2]);
    expect(e.read().data).toEqual(Int32Array.from(seq(6)));
    e.truncate(3);
    expect(e.read().data).toEqual(Int32Array.of(0, 1, 2, 3, 4, 5, 0, 0, 0));
    e.truncate(0);
    expect(e.read().shape).toEqual([0, 3]);
    e.append(rows3(1, 7));
    expect(e.read().data).toEqual(Int32Array.of(21, 22, 23));
  });

  it('bad sizes are errors that change nothing; a read-only file refuses', () => {
    const p = tmp.path('t.h5');
    const f = openFile(p, 'w');
    const e = f.createEArray('/', 'e', { atom: 'int32', shape: [0, 3] });
    e.append(rows3(2));
    expect(() => e.truncate(-1)).toThrow(RangeError);
    expect(() => e.truncate(1.5)).toThrow(TypeError);
    expect(() => e.truncate('1' as never)).toThrow(TypeError);
    expect(e.nrows).toBe(2);
    f.close();
    const r = tmp.track(openFile(p, 'r'));
    expect(() => r.root.e.truncate(0)).toThrow(FileModeError);
    expect(() => (r.root.e as EArray).append(rows3(1))).toThrow(FileModeError);
    expect(r.root.e.nrows).toBe(2);
  });
});

describe('a dataset marked EARRAY that cannot grow (contiguous), as PyTables opens it', () => {
  it('has extdim -1 and rows along dimension 0; append and truncate are TypeErrors that change nothing', () => {
    const p = tmp.path('fixed.h5');
    const w = openFile(p, 'w');
    w.createArray('/', 'e', Float64Array.of(1, 2, 3));
    w.setNodeAttr('/e', 'CLASS', 'EARRAY');
    w.close();
    const f = tmp.track(openFile(p, 'a'));
    const e = f.getNode('/e', undefined, 'EArray');
    expect([e.extdim, e.maindim, e.nrows]).toEqual([-1, 0, 3]);
    expect(() => e.append([4])).toThrow(new TypeError('append: ``/e`` has no extendible dimension'));
    expect(() => e.truncate(1)).toThrow(new TypeError('non-enlargeable datasets cannot be truncated'));
    expect(e.read().data).toEqual(Float64Array.of(1, 2, 3));
  });
});

describe('reopening, CORE files and images', () => {
  it("reopened in 'a', appends again after the rows already there", () => {
    const p = tmp.path('re.h5');
    let f = openFile(p, 'w');
    f.createEArray('/', 'e', {
      atom: 'int32',
      shape: [0, 3],
      filters: new Filters({ complevel: 4, complib: 'blosc:zstd' }),
    }).append(rows3(3));
    f.close();
    f = tmp.track(openFile(p, 'a'));
    const e = f.getNode('/e', undefined, 'EArray');
    expect([e.nrows, e.extdim]).toEqual([3, 0]);
    e.append(rows3(2, 3));
    expect(e.read().data).toEqual(Int32Array.from(seq(15)));
  });

  it('in a CORE file without backing store, through getFileImage and takeFileImage, then appended to', () => {
    const f = openFile('core.h5', 'w', MEM);
    const e = f.createEArray('/', 'e', { atom: 'float64', shape: [0] });
    e.append(Float64Array.of(1, 2));
    const image = f.takeFileImage();
    const g = openFile('again.h5', 'a', { ...MEM, driverCoreImage: image });
    const e2 = g.root.e as EArray<'float64'>;
    e2.append([3]);
    expect(e2.read().data).toEqual(Float64Array.of(1, 2, 3));
    const h = openFile('third.h5', 'r', { ...MEM, driverCoreImage: g.getFileImage() });
    g.close();
    expect(h.root.e).toBeInstanceOf(EArray);
    expect(h.root.e.read().data).toEqual(Float64Array.of(1, 2, 3));
    h.close();
  });
});

describe('Promise forms', () => {
  it('createEArrayAsync, appendAsync and truncateAsync', async () => {
    const f = mem();
    const e = await f.createEArrayAsync('/', 'e', { atom: 'int32', shape: [0, 3] });
    const rows = rows3(2);
    const pending = e.appendAsync(rows);
    rows.data.fill(-1); // copied at the call
    await pending;
    await e.appendAsync([[6, 7, 8]]);
    expect(e.nrows).toBe(3);
    expect((await e.readAsync()).data).toEqual(Int32Array.from(seq(9)));
    await e.truncateAsync(1);
    expect([e.nrows, e.shape]).toEqual([1, [1, 3]]);
    await expect(e.appendAsync([[1, 2]])).rejects.toThrow(/non-enlargeable dimension 1/);
    await expect(e.truncateAsync(-2)).rejects.toThrow(RangeError);
    const ac = new AbortController();
    ac.abort();
    await expect(e.appendAsync(rows3(1), { signal: ac.signal })).rejects.toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    expect(e.read().data).toEqual(Int32Array.of(0, 1, 2));
  });
});

interface PyEArrays {
  str: Record<string, string>;
  repr: Record<string, string>;
  chunkshape: Record<string, number[]>;
}

describe.skipIf(lacks('pytables'))('as PyTables prints and reads them', () => {
  let py: PyEArrays;
  beforeAll(() => {
    py = pythonJson<PyEArrays>(`
import json, tables, numpy as np
out = {'str': {}, 'repr': {}, 'chunkshape': {}}
with tables.open_file('pt.h5', 'w', driver='H5FD_CORE', driver_core_backing_store=0) as f:
    e = f.create_earray('/', 'e', tables.Int32Atom(), (0, 3), 'E')
    e.append(np.arange(6, dtype='int32').reshape(2, 3))
    nodes = [
        e,
        f.create_earray('/', 'e2', tables.StringAtom(8), (2, 0), 'E2', filters=tables.Filters(1)),
        f.create_earray('/', 'few', tables.Float64Atom(), (0, 4), expectedrows=10),
        f.create_earray('/', 'many', tables.Float64Atom(), (0, 4), expectedrows=10**7, filters=tables.Filters(9, 'blosc:zlib', bitshuffle=True)),
        f.create_earray('/', 'deep', tables.UInt8Atom(), (5, 0, 6)),
    ]
    for n in nodes:
        out['str'][n._v_name] = str(n)
        out['repr'][n._v_name] = repr(n)
        out['chunkshape'][n._v_name] = [int(d) for d in n.chunkshape]
print(json.dumps(out))
`);
  });

  it("String() and util.inspect() are PyTables' str() and repr(); chunk shapes from expectedrows", () => {
    const f = mem();
    const e = f.createEArray('/', 'e', { atom: 'int32', shape: [0, 3], title: 'E' });
    e.append(rows3(2));
    const nodes = [
      e,
      f.createEArray('/', 'e2', {
        atom: StringAtom(8),
        shape: [2, 0],
        title: 'E2',
        filters: new Filters({ complevel: 1 }),
      }),
      f.createEArray('/', 'few', { atom: 'float64', shape: [0, 4], expectedrows: 10 }),
      f.createEArray('/', 'many', {
        atom: 'float64',
        shape: [0, 4],
        expectedrows: 10 ** 7,
        filters: new Filters({ complevel: 9, complib: 'blosc:zlib', bitshuffle: true }),
      }),
      f.createEArray('/', 'deep', { atom: 'uint8', shape: [5, 0, 6] }),
    ];
    for (const n of nodes) {
      expect(n.chunkshape, n.name).toEqual(py.chunkshape[n.name]);
      expect(String(n)).toBe(py.str[n.name]);
      expect(inspect(n)).toBe(py.repr[n.name]);
    }
  });

  it('PyTables reads every row after appends in two sessions and a truncate', () => {
    const p = tmp.path('rows.h5');
    let f = openFile(p, 'w');
    const e = f.createEArray('/', 'e', {
      atom: 'int32',
      shape: [0, 3],
      filters: new Filters({ complevel: 5, complib: 'zlib' }),
      chunkshape: [4, 3],
    });
    e.append(rows3(10));
    e.truncate(7);
    f.close();
    f = openFile(p, 'a');
    (f.root.e as EArray).append(rows3(6, 7));
    f.close();
    const got = pythonJson<{ shape: number[]; data: number[]; nrows: number }>(`
import json, tables
with tables.open_file(${JSON.stringify(p)}) as f:
    e = f.root.e
    print(json.dumps({'shape': [int(d) for d in e.shape], 'nrows': int(e.nrows), 'data': e.read().ravel().tolist()}))
`);
    expect(got).toEqual({ shape: [13, 3], nrows: 13, data: seq(39) });
  });
});
