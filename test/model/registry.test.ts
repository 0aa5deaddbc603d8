// The class registry: a node's class comes from its CLASS attribute (PyTables' class_id_dict),
// or PyTables' guess when it has none or one no class claims. PyTables classes h5tables
// does not implement yet (Table) are read by the nearest class and print PyTables'
// class name.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import { Array as H5Array, CArray, EArray, Group, UnImplemented, openFile, type File } from '../../lib/index';
import { registerClassName, registerLeafClass } from '../../lib/registry';
import { lacks } from '../helpers/interop';
import { python, pythonJson, useScratch } from './model-helpers';

const scratch = useScratch();

/** A file of h5tables' own, with CLASS attributes changed as another writer would set them. */
function withClasses(classes: Record<string, string>): File {
  const p = scratch.path('classes.h5');
  const f = openFile(p, 'w');
  f.createGroup('/', 'g', 'G');
  for (const name of Object.keys(classes))
    f.createArray('/', name, Float64Array.of(1, 2, 3), name.toUpperCase());
  for (const [name, cls] of Object.entries(classes)) f.setNodeAttr(`/${name}`, 'CLASS', cls);
  f.close();
  return scratch.track(openFile(p, 'r'));
}

describe('CLASS attribute -> node class', () => {
  it('a CARRAY or EARRAY opens as a CArray or EArray (contiguous ones too) and prints as PyTables prints it', () => {
    const f = withClasses({ c: 'CARRAY', e: 'EARRAY', a: 'ARRAY' });
    expect(f.root.c).toBeInstanceOf(CArray);
    expect(f.root.c).toBeInstanceOf(H5Array);
    expect(f.root.e).toBeInstanceOf(EArray);
    // As PyTables opens a contiguous EARRAY: no dimension grows, rows run along the first.
    expect([f.root.e.extdim, f.root.e.maindim, f.root.e.nrows]).toEqual([-1, 0, 3]);
    expect(String(f.root.c)).toBe("/c (CArray(3,)) 'C'");
    expect(String(f.root.e)).toBe("/e (EArray(3,)) 'E'");
    expect(String(f.root.a)).toBe("/a (Array(3,)) 'A'");
    expect(inspect(f.root.c).split('\n')[0]).toBe("/c (CArray(3,)) 'C'");
    expect(Array.from(f.root.c.read().data as Float64Array)).toEqual([1, 2, 3]);
    // The stand-in is what getNode's class check sees, and its message names PyTables' class.
    expect(f.getNode('/c', undefined, 'Array')).toBe(f.root.c);
    expect(() => f.getNode('/c', undefined, 'Group')).toThrow(
      'could not find a ``Group`` node at ``/c``; instead, a ``CArray`` node has been found there',
    );
    expect(inspect(f.root).split('\n')[1]).toBe(
      "  children := ['g' (Group), 'a' (Array), 'c' (CArray), 'e' (EArray)]",
    );
    expect(f.listNodes('/', 'Array').map((n) => n.name)).toEqual(['a', 'c', 'e']);
  });

  it('a TABLE stands in as UnImplemented, printed as Table; a VLARRAY of fixed elements is UnImplemented', () => {
    const f = withClasses({ t: 'TABLE', v: 'VLARRAY' });
    expect(f.root.t).toBeInstanceOf(UnImplemented);
    expect(String(f.root.t)).toBe("/t (Table(3,)) 'T'");
    // VLArray needs variable-length elements: the class cannot hold these (PyTables' fallback).
    expect(f.root.v).toBeInstanceOf(UnImplemented);
    expect(String(f.root.v)).toBe("/v (UnImplemented(3,)) 'V'");
    expect(f.listNodes('/', 'UnImplemented').map((n) => n.name)).toEqual(['t', 'v']);
  });

  it('an unknown CLASS falls back to the guess (an Array), as PyTables falls back', () => {
    const f = withClasses({ odd: 'FOOBAR', blank: '' });
    expect(f.root.odd).toBeInstanceOf(H5Array);
    expect(String(f.root.odd)).toBe("/odd (Array(3,)) 'ODD'");
    expect(String(f.root.blank)).toBe("/blank (Array(3,)) 'BLANK'");
  });

  it('a group with an unknown CLASS, or a leaf class id, is a Group', () => {
    const p = scratch.path('g.h5');
    const w = openFile(p, 'w');
    w.createGroup('/', 'weird', 'W');
    w.createGroup('/', 'leafy', 'L');
    w.setNodeAttr('/weird', 'CLASS', 'WEIRD');
    w.setNodeAttr('/leafy', 'CLASS', 'ARRAY');
    w.close();
    const f = scratch.track(openFile(p, 'r'));
    expect(f.root.weird).toBeInstanceOf(Group);
    expect(String(f.root.weird)).toBe("/weird (Group) 'W'");
    expect(f.root.leafy).toBeInstanceOf(Group);
  });

  it('a CLASS that is not a string, or CLASS on the root, changes nothing', () => {
    const p = scratch.path('n.h5');
    const w = openFile(p, 'w');
    w.createArray('/', 'x', [1, 2]);
    w.setNodeAttr('/x', 'CLASS', 7);
    w.setNodeAttr('/', 'CLASS', 'CARRAY');
    w.close();
    const f = scratch.track(openFile(p, 'r'));
    expect(String(f.root.x)).toBe("/x (Array(2,)) ''");
    expect(String(f.root)).toBe("/ (RootGroup) ''");
  });

  it('an unregistered class name is a TypeError, as PyTables says it', () => {
    const f = withClasses({ a: 'ARRAY' });
    expect(() => f.listNodes('/', 'Table' as 'Array')).toThrow(
      new TypeError('there is no registered node class named ``Table``'),
    );
    expect(() => [...f.walkNodes('/', 'Nope' as 'Node')]).toThrow(TypeError);
  });
});

describe('a class registering itself', () => {
  /** A leaf class as a new class file would write it: it registers its class id, nothing else changes. */
  class Tagged extends H5Array {
    _ownClassName(): string {
      return 'Tagged';
    }
  }
  registerClassName('Tagged' as 'Array', Tagged);
  registerLeafClass('TAGGED', (file, path, info) =>
    info.dtype === null ? null : Object.assign(new Tagged(file, path), { _info: info }),
  );

  it('is chosen by its CLASS, found by its name, and printed by it', () => {
    const f = withClasses({ t: 'TAGGED' });
    expect(f.root.t).toBeInstanceOf(Tagged);
    expect(String(f.root.t)).toBe("/t (Tagged(3,)) 'T'");
    expect(f.listNodes('/', 'Tagged' as 'Array').map((n) => n.pathname)).toEqual(['/t']);
    expect(Array.from(f.root.t.read().data as Float64Array)).toEqual([1, 2, 3]);
  });
});

describe.skipIf(lacks('pytables', 'h5py'))('against PyTables', () => {
  it('PyTables-written CArray, EArray, VLArray and Table nodes print exactly as PyTables prints them', () => {
    const p = scratch.path('pt.h5');
    const theirs = pythonJson<Record<string, string[]>>(`
import tables as tb, numpy as np, json
f = tb.open_file(${JSON.stringify(p)}, 'w', title='T')
f.create_carray('/', 'c', atom=tb.Float64Atom(), shape=(10,), title='C')
e = f.create_earray('/', 'e', atom=tb.Int16Atom(), shape=(0, 2), title='E')
e.append(np.zeros((3, 2), 'i2'))
v = f.create_vlarray('/', 'v', atom=tb.Int32Atom(), title='V')
v.append([1, 2])
class D(tb.IsDescription):
    x = tb.Int32Col()
t = f.create_table('/', 't', D, 'Tab')
t.append([(1,), (2,)])
f.create_array('/', 'a', [1, 2], 'A')
f.close()
f = tb.open_file(${JSON.stringify(p)})
print(json.dumps({n._v_pathname: [str(n), repr(n)] for n in f.walk_nodes('/')}))
f.close()
`);
    const f = scratch.track(openFile(p, 'r'));
    const ours = Object.fromEntries([...f.walkNodes('/')].map((n) => [n.pathname, [String(n), inspect(n)]]));
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    for (const key of Object.keys(theirs)) expect(ours[key][0], key).toBe(theirs[key][0]);
    // Arrays, VLArrays and their stand-ins print PyTables' whole repr (atom, chunkshape...).
    for (const key of ['/a', '/c', '/e', '/v']) expect(ours[key][1], key).toBe(theirs[key][1]);
    expect(f.root.e.shape).toEqual([3, 2]);
  });

  it("files without CLASS get PyTables' guess: contiguous Array, chunked CArray, unlimited EArray", () => {
    const p = scratch.path('h5py.h5');
    python(`
import h5py, numpy as np
with h5py.File(${JSON.stringify(p)}, 'w') as f:
    f['contig'] = np.arange(3.)
    f.create_dataset('chunked', data=np.arange(10.), chunks=(5,))
    f.create_dataset('bounded', data=np.arange(10.), chunks=(5,), maxshape=(20,))
    f.create_dataset('unlimited', data=np.arange(6.).reshape(2, 3), maxshape=(None, 3))
    f.create_dataset('unlimited1', data=np.arange(6.).reshape(2, 3), maxshape=(2, None))
    f['s'] = 5
`);
    const theirs = pythonJson<Array<[string, string, number]>>(`
import tables as tb, json
f = tb.open_file(${JSON.stringify(p)})
print(json.dumps([[str(n), type(n).__name__, int(getattr(n, 'extdim', -1))] for n in f.walk_nodes('/', 'Leaf')]))
`);
    const f = scratch.track(openFile(p, 'r'));
    const ours = [...f.walkNodes('/', 'Leaf')].map((n) => [
      String(n),
      n.constructor.name,
      n instanceof CArray ? n.extdim : -1,
    ]);
    expect(ours).toEqual(theirs);
    // bounded, chunked, contig, s, unlimited, unlimited1: each of the three classes is covered.
    expect(theirs.map(([, cls]) => cls)).toEqual(['CArray', 'CArray', 'Array', 'Array', 'EArray', 'EArray']);
    expect(f.root.chunked).toBeInstanceOf(CArray);
    expect(f.root.unlimited1).toBeInstanceOf(EArray);
  });
});
