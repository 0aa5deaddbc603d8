// VLArray: createVLArray (its options checked, every atom kind), append (what converts,
// what is refused without adding a row), read/get/iteration with PyTables' range rules,
// the atom, pickled, nrows and shape, read-only and closed files, CORE files with and
// without a backing store and images, the Promise forms (with a signal), and PyTables'
// chunk shapes and printed forms for the same calls.
import fs from 'node:fs';
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  BoolAtom,
  ClosedNodeError,
  FileModeError,
  Filters,
  Float64Atom,
  Int32Atom,
  NodeError,
  ObjectAtom,
  PseudoAtom,
  StringAtom,
  VLArray,
  VLStringAtom,
  VLUnicodeAtom,
  openFile,
  slice,
  type File,
} from '../../lib/index';
import { lacks } from '../helpers/interop';
import { pythonJson } from './model-helpers';
import { useTmpDir } from '../helpers/tmp';

const tmp = useTmpDir('h5tables-vlarray-');
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

function mem(name = 'mem.h5'): File {
  return tmp.track(openFile(tmp.path(name), 'w', MEM));
}

const vl = (f: File, p: string): VLArray => f.getNode(p, undefined, 'VLArray');

describe('createVLArray and append', () => {
  it('starts empty; each append adds one row of any length; nrows and shape follow', () => {
    const f = mem();
    const v = f.createVLArray('/', 'v', { atom: 'int32', title: 'V' });
    expect(v).toBeInstanceOf(VLArray);
    expect([v.nrows, v.shape, v.ndim, v.dtype, v.title, v.extdim, v.maindim]).toEqual([
      0,
      [0],
      1,
      'int32',
      'V',
      0,
      0,
    ]);
    expect(v.read()).toEqual([]);
    v.append([1, 2, 3]);
    v.append([]);
    v.append(Int32Array.of(-7));
    v.append(5); // a scalar is a row of one element, as in PyTables
    expect([v.nrows, v.shape]).toEqual([4, [4]]);
    expect(v.read()).toEqual([
      Int32Array.of(1, 2, 3),
      new Int32Array(0),
      Int32Array.of(-7),
      Int32Array.of(5),
    ]);
    // Each row is its own copy.
    const [a, b] = v.read() as Int32Array[];
    expect(a.buffer).not.toBe(b.buffer);
    expect(String(v.atom)).toBe('Int32Atom(shape=(), dflt=0)');
    expect(v.pickled).toBe(false);
  });

  it('every numeric dtype and bool; int64 rows are BigInt64Arrays', () => {
    const f = mem();
    const big = f.createVLArray('/', 'big', { atom: 'int64' });
    big.append([1n, -(2n ** 62n)]);
    big.append([3]);
    expect(big.read()).toEqual([BigInt64Array.of(1n, -(2n ** 62n)), BigInt64Array.of(3n)]);
    big.append([2n ** 60n]);
    const image = f.getFileImage();
    const asNumbers = tmp.track(openFile('n.h5', 'r', { ...MEM, driverCoreImage: image, int64: 'number' }));
    expect(vl(asNumbers, '/big').get(1)).toEqual(Float64Array.of(3));
    // Beyond 2^53 - 1 a number would be wrong: a RangeError naming the leaf.
    expect(() => vl(asNumbers, '/big').read()).toThrow(/big/);
    const flags = f.createVLArray('/', 'flags', { atom: BoolAtom() });
    flags.append([true, false, true]);
    expect(flags.read()).toEqual([Uint8Array.of(1, 0, 1)]);
    const floats = f.createVLArray('/', 'floats', { atom: 'float32' });
    floats.append([0.1, 2.5]);
    expect(floats.read()).toEqual([Float32Array.of(0.1, 2.5)]);
  });

  it('a shaped atom: each row holds objects of its shape, elements flat in C order', () => {
    const f = mem();
    const v = f.createVLArray('/', 'v', { atom: Float64Atom({ shape: [2] }) });
    v.append([
      [1, 2],
      [3, 4],
    ]);
    v.append([5, 6]); // the atom's shape alone: one object
    v.append({ data: new Float64Array(0), shape: [0, 2] });
    expect(v.read()).toEqual([Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6), new Float64Array(0)]);
    expect(() => v.append([1, 2, 3])).toThrow(RangeError);
    expect(() => v.append([[[1, 2]]])).toThrow(/does not fit the atom's shape \(2,\)/);
    expect(v.nrows).toBe(3);
    // What read() gives back writes back: flat rows of whole atoms, the empty row too.
    const copy = f.createVLArray('/', 'copy', { atom: Float64Atom({ shape: [2] }) });
    for (const row of v.read()) copy.append(row);
    expect(copy.read()).toEqual(v.read());
    expect(() => copy.append(Float64Array.of(1, 2, 3))).toThrow(/does not fit the atom's shape \(2,\)/);
    expect(copy.nrows).toBe(3);
    expect(() => f.createVLArray('/', 'z', { atom: Int32Atom({ shape: [0] }) })).toThrow(RangeError);
  });

  it('vlstring rows are UTF-8 strings (or bytes in); vlunicode rows are code points', () => {
    const f = mem();
    const s = f.createVLArray('/', 's', { atom: 'vlstring' });
    s.append('héllo');
    s.append('');
    s.append(Uint8Array.of(0x61, 0x00, 0x62));
    expect(s.read()).toEqual(['héllo', '', 'a\0b']);
    expect(s.atom).toBeInstanceOf(PseudoAtom);
    expect(String(s.atom)).toBe('VLStringAtom()');
    expect([s.dtype, s.atom.kind, (s.atom as PseudoAtom).base.dtype]).toEqual(['uint8', 'vlstring', 'uint8']);
    expect(s.attrs.get('PSEUDOATOM')).toBe('vlstring');
    const u = f.createVLArray('/', 'u', { atom: VLUnicodeAtom() });
    u.append('😀 ünï');
    expect(u.read()).toEqual(['😀 ünï']);
    expect(u.dtype).toBe('uint32');
    expect(() => s.append(5)).toThrow(/must be a string or a Uint8Array/);
    expect(() => u.append(Uint8Array.of(1))).toThrow(/must be a string$/);
    expect([s.nrows, u.nrows]).toEqual([3, 1]);
    expect(f.createVLArray('/', 's2', { atom: VLStringAtom() }).atom.equals(s.atom)).toBe(true);
  });

  it('bad rows are errors that add nothing', () => {
    const f = mem();
    const v = f.createVLArray('/', 'v', { atom: 'uint8' });
    v.append([1]);
    expect(() => v.append([300])).toThrow(RangeError);
    expect(() => v.append([1.5])).toThrow(RangeError);
    expect(() => v.append(['a'])).toThrow(TypeError);
    expect(() => v.append(Int32Array.of(1))).toThrow(/the data is int32/);
    expect(() => v.append([[1, 2]])).toThrow(RangeError);
    expect(v.read()).toEqual([Uint8Array.of(1)]);
  });

  it('checks its options and arguments before anything is made', () => {
    const f = mem();
    expect(() => f.createVLArray('/', 'v', { atom: 'int32', bogus: 1 } as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(/bogus.*atom/s) }),
    );
    expect(() => f.createVLArray('/', 'v', {} as never)).toThrow(/'atom' option is required/);
    expect(() => f.createVLArray('/', 'v', undefined as never)).toThrow(TypeError);
    expect(() => f.createVLArray('/', 'v', { atom: 'complex' as never })).toThrow(TypeError);
    expect(() => f.createVLArray('/', 'v', { atom: StringAtom(4) })).toThrow(/use 'vlstring'/);
    expect(() => f.createVLArray('/', 'v', { atom: ObjectAtom() })).toThrow(/does not write/);
    expect(() => f.createVLArray('/', 'v', { atom: 'int32', expectedrows: 0 })).toThrow(TypeError);
    expect(() => f.createVLArray('/', 'v', { atom: 'int32', chunkshape: [2, 2] })).toThrow(RangeError);
    expect(() => f.createVLArray('/', 'v', { atom: 'int32', filters: { complevel: 1 } as never })).toThrow(
      /Filters/,
    );
    expect(() => f.createVLArray('/', 'v', { atom: 'int32', title: 3 as never })).toThrow(TypeError);
    expect(() => f.createVLArray('/nowhere', 'v', { atom: 'int32' })).toThrow(NodeError);
    expect(f.listNodes('/')).toEqual([]);
    f.createVLArray('/', 'v', { atom: 'int32' });
    expect(() => f.createVLArray('/', 'v', { atom: 'int32' })).toThrow(NodeError);
    const deep = f.createVLArray('/a/b', 'v', { atom: 'int8', createParents: true, chunkshape: [10] });
    expect([deep.pathname, deep.chunkshape]).toEqual(['/a/b/v', [10]]);
  });
});

describe('reading', () => {
  function ten(f: File): VLArray {
    const v = f.createVLArray('/', 'v', { atom: 'int16' });
    for (let i = 0; i < 10; i++) v.append(Int16Array.from({ length: i }, () => i));
    return v;
  }
  const lengths = (rows: unknown[]): number[] => rows.map((r) => (r as Int16Array).length);

  it("read() follows PyTables' VLArray.read: Python's slice rules, start alone runs to the end", () => {
    const v = ten(mem());
    expect(lengths(v.read())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lengths(v.read(7))).toEqual([7, 8, 9]);
    expect(lengths(v.read(-2))).toEqual([8, 9]);
    expect(lengths(v.read(1, 8, 3))).toEqual([1, 4, 7]);
    expect(lengths(v.read(null, 100))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(v.read(20)).toEqual([]);
    expect(() => v.read(0, 5, -1)).toThrow(RangeError);
    expect(() => v.read(0, 5, 0)).toThrow(RangeError);
    expect(() => v.read(1.5)).toThrow(TypeError);
  });

  it('get(i) is one row, get(range) an array; iteration and iterrows', () => {
    const v = ten(mem());
    expect(v.get(3)).toEqual(Int16Array.of(3, 3, 3));
    expect(v.get(-1)).toEqual(new Int16Array(9).fill(9));
    expect(() => v.get(10)).toThrow('Index out of range');
    expect(() => v.get(-11)).toThrow(RangeError);
    expect(() => v.get(0.5)).toThrow(TypeError);
    expect(() => v.get('x' as never)).toThrow(TypeError);
    expect(lengths(v.get(slice(2, 5)))).toEqual([2, 3, 4]);
    expect(lengths(v.get([0, 10, 4]))).toEqual([0, 4, 8]);
    expect(lengths([...v])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lengths([...v.iterrows(5, null, 2)])).toEqual([5, 7, 9]);
  });

  it('the Promise forms read, get, iterate and append; an aborted one does nothing', async () => {
    const f = mem();
    const v = await f.createVLArrayAsync('/', 'v', { atom: 'int16', title: 'A' });
    expect(String(v)).toBe("/v (VLArray(0,)) 'A'");
    const row = Int16Array.of(1, 2);
    const pending = v.appendAsync(row);
    row.fill(0); // copied at the call
    await pending;
    await v.appendAsync([3]);
    expect(await v.readAsync()).toEqual([Int16Array.of(1, 2), Int16Array.of(3)]);
    expect(await v.getAsync(-1)).toEqual(Int16Array.of(3));
    expect(await v.getAsync(slice(0, 1))).toEqual([Int16Array.of(1, 2)]);
    const seen = [];
    for await (const r of v.iterrowsAsync()) seen.push(r);
    expect(seen).toEqual(await v.readAsync());
    const ac = new AbortController();
    ac.abort();
    await expect(v.appendAsync([9], { signal: ac.signal })).rejects.toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    await expect(v.readAsync(0, 1, 1, { signal: ac.signal })).rejects.toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    await expect(f.createVLArrayAsync('/', 'w', { atom: 'int8', signal: ac.signal })).rejects.toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    await expect(f.createVLArrayAsync('/', 'v', { atom: 'int8' })).rejects.toThrow(NodeError);
    expect(v.nrows).toBe(2);
    expect(f.has('/w')).toBe(false);
    await expect(v.readAsync(0, 1, 1, { nope: 1 } as never)).rejects.toThrow(TypeError);
  });
});

describe("set (PyTables' vlarray[key] = value)", () => {
  it('replaces one row or a range of rows, of any length; bad keys and rows change nothing', async () => {
    const f = mem();
    const v = f.createVLArray('/', 'v', { atom: 'int16' });
    for (const row of [[1, 2], [3], [4, 5, 6]]) v.append(row);
    v.set(0, [7, 8]);
    v.set(-1, []);
    expect(v.read()).toEqual([Int16Array.of(7, 8), Int16Array.of(3), new Int16Array(0)]);
    v.set(slice(null, null, 2), [[1], [2, 2, 2, 2]]);
    expect(v.read()).toEqual([Int16Array.of(1), Int16Array.of(3), Int16Array.of(2, 2, 2, 2)]);
    await v.setAsync([1, 2], [[0, 0, 0]]);
    expect(v.get(1)).toEqual(Int16Array.of(0, 0, 0));
    v.set(slice(5, 9), []); // takes no row: nothing written
    expect(() => v.set(3, [1])).toThrow('Index out of range');
    expect(() => v.set(slice(0, 2), [[1]])).toThrow(/takes 2 rows, but 1 were given/);
    expect(() => v.set(slice(0, 1), [['a']])).toThrow(TypeError);
    expect(() => v.set(0, [70000])).toThrow(RangeError);
    expect(() => v.set(slice(0, 2), 5)).toThrow(/an array of rows/);
    expect(v.read()).toEqual([Int16Array.of(1), Int16Array.of(0, 0, 0), Int16Array.of(2, 2, 2, 2)]);
    const s = f.createVLArray('/', 's', { atom: 'vlstring' });
    s.append('ab');
    s.set(0, 'longer than before');
    expect(s.read()).toEqual(['longer than before']);
  });
});

describe('in the tree', () => {
  it('is listed, walked, copied, moved and removed as a leaf; getNode checks its class', () => {
    const f = mem();
    const v = f.createVLArray('/', 'v', { atom: 'vlstring', title: 'T' });
    v.append('a');
    f.createArray('/', 'x', Int8Array.of(1));
    expect(f.listNodes('/', 'VLArray').map((n) => n.pathname)).toEqual(['/v']);
    expect(f.listNodes('/', 'Leaf').map((n) => n.pathname)).toEqual(['/v', '/x']);
    expect(() => f.getNode('/x', undefined, 'VLArray')).toThrow(
      /could not find a ``VLArray`` node at ``\/x``/,
    );
    f.copyNode('/v', '/', 'w');
    expect(vl(f, '/w').read()).toEqual(['a']);
    expect(vl(f, '/w').title).toBe('T');
    f.moveNode('/w', '/', 'moved');
    expect(vl(f, '/moved').read()).toEqual(['a']);
    f.removeNode('/moved');
    expect(f.has('/moved')).toBe(false);
    expect(v.read()).toEqual(['a']);
  });
});

describe('files', () => {
  it('a read-only file refuses append; a closed file or node is ClosedNodeError', () => {
    const p = tmp.path('ro.h5');
    const w = openFile(p, 'w');
    w.createVLArray('/', 'v', { atom: 'int32' }).append([1]);
    w.close();
    const r = tmp.track(openFile(p, 'r'));
    const v = vl(r, '/v');
    expect(() => v.append([2])).toThrow(FileModeError);
    expect(() => r.createVLArray('/', 'x', { atom: 'int32' })).toThrow(FileModeError);
    expect(v.read()).toEqual([Int32Array.of(1)]);
    r.close();
    expect(() => v.read()).toThrow(ClosedNodeError);
    expect(() => v.nrows).toThrow(ClosedNodeError);
  });

  it('in a CORE file with a backing store: on disk after close, reopened and appended to', () => {
    const p = tmp.path('backed.h5');
    const f = openFile(p, 'w', { driver: 'H5FD_CORE' });
    f.createVLArray('/', 's', { atom: 'vlstring' }).append('one');
    f.close();
    expect(fs.existsSync(p)).toBe(true);
    const g = tmp.track(openFile(p, 'a'));
    vl(g, '/s').append('two');
    expect(vl(g, '/s').read()).toEqual(['one', 'two']);
  });

  it('in a CORE file without backing store, through takeFileImage, driverCoreImage and getFileImage', () => {
    const f = openFile('core.h5', 'w', MEM);
    f.createVLArray('/', 'v', { atom: 'float64', filters: new Filters({ complevel: 3 }) }).append([1, 2]);
    const image = f.takeFileImage();
    expect(fs.existsSync('core.h5')).toBe(false);
    const g = openFile('again.h5', 'a', { ...MEM, driverCoreImage: image });
    vl(g, '/v').append([3]);
    const h = openFile('third.h5', 'r', { ...MEM, driverCoreImage: g.getFileImage() });
    g.close();
    expect(vl(h, '/v').read()).toEqual([Float64Array.of(1, 2), Float64Array.of(3)]);
    expect(String(h.getNode('/v'))).toBe("/v (VLArray(2,)shuffle, zlib(3)) ''");
    h.close();
  });
});

interface PyVL {
  str: Record<string, string>;
  repr: Record<string, string>;
  chunkshape: Record<string, number[]>;
  fletcher32?: string;
}

describe.skipIf(lacks('pytables'))('as PyTables prints and sizes them', () => {
  let py: PyVL;
  beforeAll(() => {
    py = pythonJson<PyVL>(`
import json, tables
out = {'str': {}, 'repr': {}, 'chunkshape': {}}
with tables.open_file('pt.h5', 'w', driver='H5FD_CORE', driver_core_backing_store=0) as f:
    f.create_vlarray('/', 'i', tables.Int32Atom(), 'I')
    f.create_vlarray('/', 'big', tables.Float64Atom(shape=(3, 2)), 'B', expectedrows=10**7)
    f.create_vlarray('/', 'few', tables.Int8Atom(), expectedrows=10)
    f.create_vlarray('/', 'u', tables.VLUnicodeAtom(), 'U', filters=tables.Filters(5, 'blosc:zstd'))
    f.create_vlarray('/', 'b', tables.BoolAtom(), 'Flags', filters=tables.Filters(1, shuffle=False))
    f.root.i.append([1, 2])
    for n in f.walk_nodes('/', 'VLArray'):
        out['str'][n._v_pathname] = str(n)
        out['repr'][n._v_pathname] = repr(n)
        out['chunkshape'][n._v_pathname] = [int(c) for c in n.chunkshape]
with tables.open_file('bad.h5', 'w', driver='H5FD_CORE', driver_core_backing_store=0) as f:
    try:
        f.create_vlarray('/', 'bad', tables.Int8Atom(), filters=tables.Filters(fletcher32=True))
    except tables.HDF5ExtError:
        out['fletcher32'] = 'refused'
print(json.dumps(out))
`);
  });

  it('the same calls give the same chunk shapes, str and repr', () => {
    const f = mem();
    f.createVLArray('/', 'i', { atom: Int32Atom(), title: 'I' }).append([1, 2]);
    f.createVLArray('/', 'big', { atom: Float64Atom({ shape: [3, 2] }), title: 'B', expectedrows: 10 ** 7 });
    f.createVLArray('/', 'few', { atom: 'int8', expectedrows: 10 });
    f.createVLArray('/', 'u', {
      atom: 'vlunicode',
      title: 'U',
      filters: new Filters({ complevel: 5, complib: 'blosc:zstd' }),
    });
    f.createVLArray('/', 'b', {
      atom: 'bool',
      title: 'Flags',
      filters: new Filters({ complevel: 1, shuffle: false }),
    });
    // PyTables (HDF5) refuses fletcher32 on a VLArray: here a RangeError, before anything is made.
    expect(py.fletcher32).toBe('refused');
    expect(() =>
      f.createVLArray('/', 'bad', { atom: 'int8', filters: new Filters({ fletcher32: true }) }),
    ).toThrow(/fletcher32 cannot be used with a VLArray/);
    expect(f.has('/bad')).toBe(false);
    expect(Object.keys(py.str).sort()).toEqual(['/b', '/big', '/few', '/i', '/u']);
    for (const p of Object.keys(py.str)) {
      const v = vl(f, p);
      expect(v.chunkshape, p).toEqual(py.chunkshape[p]);
      expect(String(v), p).toBe(py.str[p]);
      expect(inspect(v), p).toBe(py.repr[p]);
    }
  });
});
