// A dataset whose element type is an HDF5 array (H5T_ARRAY) opens as an Array, as PyTables
// opens `/columns/pressure` of its ex-noattr.h5 test file: the dataset's shape is the
// leaf's, and the data read adds the array atom's shape (here (1,) + (10,)).
import fs from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import { Array as H5Array, openFile } from '../../lib/index';
import { atomRepr } from '../../lib/printed';
import { lacks } from '../helpers/interop';
import { python, pythonJson, useScratch } from './model-helpers';

const scratch = useScratch();
// Shipped with Debian's python3-tables.
const EX_NOATTR = '/usr/lib/python3/dist-packages/tables/tests/ex-noattr.h5';
const SQUARES = Array.from({ length: 10 }, (_, i) => i * i);

describe.skipIf(lacks('pytables') || !fs.existsSync(EX_NOATTR))('H5T_ARRAY element types', () => {
  it('the file opens and its other nodes are unchanged', () => {
    const f = scratch.track(openFile(EX_NOATTR, 'r'));
    expect(String(f.root.columns.TDC)).toBe("/columns/TDC (Array(10,)) 'TDCcount column'");
    expect(f.root.columns.pressure.shape).toEqual([1]);
    expect(f.root.columns.pressure.title).toBe('Pressure column');
  });

  // Needs the binding to read H5T_ARRAY element types (branch i8-binding).
  it('/columns/pressure is an Array(1,) whose rows are the atom shape (10,), as in PyTables', () => {
    const f = scratch.track(openFile(EX_NOATTR, 'r'));
    const p = f.getNode('/columns/pressure');
    expect(p).toBeInstanceOf(H5Array);
    expect(String(p)).toBe("/columns/pressure (Array(1,)) 'Pressure column'");
    expect(p.dtype).toBe('float64');
    expect(p.shape).toEqual([1]);
    const all = p.read();
    expect(all.shape).toEqual([1, 10]);
    expect(Array.from(all.data as Float64Array)).toEqual(SQUARES);
    expect(p.read(0).shape).toEqual([1, 10]);
  });
});

describe('array atoms in printed forms', () => {
  it("print PyTables' atom repr, the default being numpy's zeros of the atom's shape", () => {
    // As PyTables 3.7 prints them for H5T_ARRAY datasets h5py wrote (see below).
    expect(atomRepr('int32', 4, [2])).toBe('Int32Atom(shape=(2,), dflt=array([0, 0], dtype=int32))');
    expect(atomRepr('float64', 8, [2, 3])).toBe(
      'Float64Atom(shape=(2, 3), dflt=array([[0., 0., 0.],\n       [0., 0., 0.]]))',
    );
    expect(atomRepr('float64', 8)).toBe('Float64Atom(shape=(), dflt=0.0)');
  });
});

describe.skipIf(lacks('pytables', 'h5py'))('H5T_ARRAY datasets h5py wrote', () => {
  const write = (p: string): void => {
    python(`
import h5py
with h5py.File(${JSON.stringify(p)}, 'w') as f:
    h5py.h5d.create(f.id, b'ia', h5py.h5t.array_create(h5py.h5t.STD_I32LE, (2,)), h5py.h5s.create_simple((3,)))
    h5py.h5d.create(f.id, b'scal', h5py.h5t.array_create(h5py.h5t.IEEE_F64LE, (2,)), h5py.h5s.create(h5py.h5s.SCALAR))
`);
  };

  // Needs the binding to read H5T_ARRAY element types (branch i8-binding).
  it('print, shape and read as PyTables prints, shapes and reads them', () => {
    const p = scratch.path('atoms.h5');
    write(p);
    const theirs = pythonJson<
      Record<string, { repr: string; shape: number[]; read: number[]; empty: number[] }>
    >(`
import tables as tb, json
f = tb.open_file(${JSON.stringify(p)})
ints = lambda t: [int(x) for x in t]
print(json.dumps({n._v_name: {'repr': repr(n), 'shape': ints(n.shape), 'read': ints(n.read().shape),
                             'empty': ints(n.read(0, 0).shape)} for n in f.walk_nodes('/', 'Leaf')}))
`);
    const f = scratch.track(openFile(p, 'r'));
    for (const [name, t] of Object.entries(theirs)) {
      const node = f.getNode('/' + name);
      expect(inspect(node), name).toBe(t.repr);
      expect(node.shape, name).toEqual(t.shape);
      expect(node.read().shape, name).toEqual(t.read);
      expect(node.read(0, 0).shape, name).toEqual(t.empty);
    }
  });
});
