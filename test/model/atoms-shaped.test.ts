// Shaped atoms (Int32Atom({ shape: [2] }), ...) and atom defaults (dflt, written as the HDF5
// fill value) in CArrays and EArrays, both ways against PyTables 3.7 and h5py 3.7: PyTables
// writes the leaves of test/python/pt_atoms_shaped.py and we read them (values, repr); we
// write the same leaves and PyTables and h5py see what they see in PyTables' own file
// (repr, atom, shape, chunkshape, values, whether a fill value is set, the filters' values).
// Errors (data of the wrong atom shape, a dflt of the wrong type) are clear and change nothing.
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

import { EArray, openFile, type File } from '../../lib/index';
import { BoolAtom, Float64Atom, Int16Atom, Int32Atom, Int64Atom, StringAtom } from '../../lib/atom';
import { Filters } from '../../lib/filters';
import { lacks } from '../helpers/interop';
import { runPython, type PyArray } from '../helpers/python';
import { makeTmpDir, removeDir, useTmpDir } from '../helpers/tmp';
import { encodeData } from '../helpers/values';

const tmp = useTmpDir('h5tables-atoms-shaped-');
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

interface PyLeaf {
  repr: string;
  atom: string;
  shape: number[];
  chunkshape: number[];
  data: PyArray;
  fill: number;
  filters: Array<[number, number[]]>;
}
type PyLeaves = Record<string, PyLeaf>;

const seq = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

/** The leaves pt_atoms_shaped.py writes, written by h5tables (the same calls in camelCase). */
function writeLeaves(f: File): void {
  const cs = f.createCArray('/', 'cs', { atom: Int32Atom({ shape: [2], dflt: 3 }), shape: [4] });
  cs.set([1], [9, 8]);
  const cf = f.createCArray('/', 'cf', { atom: Float64Atom({ shape: [3, 2] }), shape: [5] });
  cf.set([], { data: Float64Array.from(seq(30, (i) => i * 0.5)), shape: [5, 3, 2] });
  const cstr = f.createCArray('/', 'cstr', { atom: StringAtom(8, { shape: [2], dflt: 'ab' }), shape: [3] });
  cstr.set([2], ['x', 'yz']);
  f.createCArray('/', 'c7', { atom: Int32Atom({ dflt: 7 }), shape: [4, 3] });
  f.createCArray('/', 'cb', { atom: BoolAtom({ dflt: true }), shape: [3] });
  f.createCArray('/', 'ci64', { atom: Int64Atom({ dflt: -5n }), shape: [3] });
  f.createCArray('/', 'cz', {
    atom: Int16Atom({ shape: [3] }),
    obj: { data: Int16Array.from(seq(30, (i) => i - 7)), shape: [10, 3] },
    filters: new Filters({ complevel: 5, complib: 'blosc:lz4' }),
  });
  const e7 = f.createEArray('/', 'e7', { atom: Int32Atom({ shape: [2], dflt: 7 }), shape: [0, 3] });
  e7.append({ data: new Int32Array(12).fill(1), shape: [2, 3, 2] });
  e7.truncate(4);
}

describe.skipIf(lacks('pytables', 'h5py'))('shaped atoms and defaults, both ways with PyTables', () => {
  let dir = '';
  let theirs: PyLeaves;
  let theirPath = '';
  beforeAll(() => {
    dir = makeTmpDir('h5tables-atoms-shaped-py-');
    theirPath = `${dir}/pt.h5`;
    theirs = runPython<{ nodes: PyLeaves }>('pt_atoms_shaped.py', ['write', theirPath]).nodes;
    return () => removeDir(dir);
  });

  it("we read PyTables' leaves: values (the atom's shape last), repr, shape and chunkshape", () => {
    const f = tmp.track(openFile(theirPath, 'r'));
    expect(Object.keys(theirs).length).toBe(8);
    for (const [path, py] of Object.entries(theirs)) {
      const leaf = f.getNode(path) as EArray;
      expect(inspect(leaf), path).toBe(py.repr);
      expect(leaf.shape, path).toEqual(py.shape);
      expect(leaf.chunkshape, path).toEqual(py.chunkshape);
      const r = leaf.read();
      expect(r.shape, path).toEqual(py.data.shape);
      const data = encodeData(r.data as ArrayLike<unknown>, leaf.dtype);
      expect(data, path).toEqual(
        py.data.data.map((v) => (typeof v === 'object' ? (v as { bytes: string }).bytes : v)),
      );
    }
  });

  it("PyTables and h5py see ours as they see PyTables' own: repr, values, chunks, fill values, filters", () => {
    const ours = tmp.path('ours.h5');
    const f = openFile(ours, 'w');
    writeLeaves(f);
    // Our printed forms equal PyTables' for its own file before it is even closed.
    for (const [path, py] of Object.entries(theirs)) expect(inspect(f.getNode(path)), path).toBe(py.repr);
    f.close();
    const seen = runPython<{ nodes: PyLeaves }>('pt_atoms_shaped.py', ['read', ours]).nodes;
    expect(seen).toEqual(theirs);
    // What the cases above cover, spelled out: a default reads back in cells never written,
    // and a fill value is set only for a true default (PyTables sets none for 0).
    expect(seen['/c7'].data.data).toEqual(seq(12, () => 7));
    expect(seen['/cs'].data.data).toEqual([3, 3, 9, 8, 3, 3, 3, 3]);
    expect(seen['/c7'].fill).toBe(2);
    expect(seen['/cf'].fill).toBe(1);
  });

  it("h5py's datasets with fill values print the atom default PyTables reads from them", () => {
    const p = `${dir}/h5py-fill.h5`;
    runPython('h5py_atoms_fill.py', ['write', p]);
    const py = runPython<{ nodes: PyLeaves }>('pt_atoms_shaped.py', ['read', p]).nodes;
    const f = tmp.track(openFile(p, 'r'));
    expect(Object.keys(py).length).toBe(5);
    for (const [path, leaf] of Object.entries(py)) expect(inspect(f.getNode(path)), path).toBe(leaf.repr);
  });

  it('the Promise forms and a CORE image: createCArrayAsync, appendAsync, reopened from the image', async () => {
    const f = openFile(tmp.path('mem.h5'), 'w', MEM);
    const c = await f.createCArrayAsync('/', 'c', { atom: Int32Atom({ shape: [2], dflt: 3 }), shape: [3] });
    const e = await f.createEArrayAsync('/', 'e', {
      atom: StringAtom(4, { shape: [2], dflt: 'z' }),
      shape: [0],
    });
    await e.appendAsync([['a', 'b']]);
    await e.truncateAsync(2);
    expect((await c.readAsync()).data).toEqual(Int32Array.of(3, 3, 3, 3, 3, 3));
    const image = f.getFileImage();
    f.close();
    const g = tmp.track(openFile('img.h5', 'r', { ...MEM, driverCoreImage: image }));
    expect(g.root.e.read()).toEqual({ data: ['a', 'b', 'z', 'z'], shape: [2, 2], dtype: 'string' });
    expect(inspect(g.root.c).split('\n')[1]).toBe(
      '  atom := Int32Atom(shape=(2,), dflt=array([3, 3], dtype=int32))',
    );
  });
});

describe('shaped atoms and defaults: errors change nothing', () => {
  function mem(): File {
    return tmp.track(openFile(tmp.path('err.h5'), 'w', MEM));
  }

  it("an obj that does not end with the atom's shape, or of the wrong dtype, creates nothing", () => {
    const f = mem();
    const atom = Int32Atom({ shape: [2] });
    expect(() => f.createCArray('/', 'x', { atom, obj: [[1, 2, 3]] })).toThrow(
      new TypeError(
        "createCArray: option 'obj' has the shape (1, 3), which does not end with the atom's shape (2,)",
      ),
    );
    expect(() => f.createEArray('/', 'x', { atom, obj: [1, 2, 3] })).toThrow(
      /does not end with the atom's shape/,
    );
    expect(() => f.createCArray('/', 'x', { atom, obj: Float64Array.of(1, 2) })).toThrow(
      /the data is float64 .* but the atom is int32/,
    );
    expect(f.has('/x')).toBe(false);
  });

  it('a dflt of the wrong type or range is an error of the atom, before any leaf', () => {
    const f = mem();
    expect(() => f.createCArray('/', 'x', { atom: Int32Atom({ dflt: 'a' as never }), shape: [2] })).toThrow(
      new TypeError('Atom: dflt of a int32 atom must be a number, not string'),
    );
    expect(() => StringAtom(2, { dflt: 'abc' })).toThrow(RangeError);
    expect(() => Int16Atom({ shape: [2], dflt: 1e6 })).toThrow(RangeError);
    expect(f.listNodes('/')).toEqual([]);
  });

  it('an append of the wrong atom shape adds no row; a write of the wrong shape changes nothing', () => {
    const f = mem();
    const e = f.createEArray('/', 'e', { atom: Int32Atom({ shape: [2], dflt: 7 }), shape: [0, 3] });
    e.append({ data: Int32Array.from(seq(6, (i) => i)), shape: [1, 3, 2] });
    expect(() => e.append({ data: new Int32Array(9), shape: [1, 3, 3] })).toThrow(RangeError);
    expect(() => e.append({ data: new Int32Array(3), shape: [1, 3] })).toThrow(/ranks/);
    expect(e.nrows).toBe(1);
    expect(() => e.set([0], [1, 2, 3])).toThrow();
    expect(e.read().data).toEqual(Int32Array.from(seq(6, (i) => i)));
    e.truncate(2);
    expect(Array.from(e.read(1).data as Int32Array)).toEqual(seq(6, () => 7));
  });

  it("an EArray from obj with a shaped atom: rows carry the atom's dims, growth reads the default", () => {
    const f = mem();
    const e = f.createEArray('/', 'e', {
      atom: Int16Atom({ shape: [2], dflt: -1 }),
      obj: { data: Int16Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2] },
    });
    expect(e.shape).toEqual([3]);
    e.append([[7, 8]]);
    e.truncate(6);
    expect(e.read()).toEqual({
      data: Int16Array.of(1, 2, 3, 4, 5, 6, 7, 8, -1, -1, -1, -1),
      shape: [6, 2],
      dtype: 'int16',
    });
  });

  it('a shaped atom reads and prints as PyTables shows one: atom dims after the leaf shape', () => {
    const f = mem();
    const c = f.createCArray('/', 'c', {
      atom: Float64Atom({ shape: [3, 2] }),
      obj: { data: Float64Array.from(seq(30, (i) => i)), shape: [5, 3, 2] },
    });
    expect(c.shape).toEqual([5]);
    expect(c.read(1, 3).shape).toEqual([2, 3, 2]);
    expect(c.get(2)).toEqual({
      data: Float64Array.from(seq(6, (i) => 12 + i)),
      shape: [3, 2],
      dtype: 'float64',
    });
    expect(String(c)).toBe("/c (CArray(5,)) ''");
  });
});
