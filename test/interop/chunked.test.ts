// CArrays and EArrays both ways with the real PyTables 3.7 and h5py 3.7: what they write
// (every complib PyTables has, h5py's lzf, unlimited dimensions, contiguous) opens here as
// the class PyTables gives it, prints as PyTables prints it and reads whole and in parts
// across chunk boundaries, on disk and from an image; appended to here, PyTables reads
// every row. What h5tables writes with each filter, PyTables and h5py read with the same
// class, title, shape, chunk shape, filters and values.
import fs from 'node:fs';
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

import { CArray, EArray, Filters, openFile, type Leaf } from '../../lib/index';
import { StringAtom } from '../../lib/atom';
import { lacks } from '../helpers/interop';
import { runPython, type PyArray, type PyScalar } from '../helpers/python';
import { makeTmpDir, removeDir, useTmpDir } from '../helpers/tmp';

interface PyNode {
  path: string;
  class: string;
  str: string;
  repr: string;
  shape: number[];
  chunkshape: number[] | null;
  extdim: number;
  nrows: number;
  data: PyArray;
  part: PyArray;
}

interface PyFilters {
  complib: string;
  complevel: number;
  shuffle: boolean;
  bitshuffle: boolean;
  fletcher32: boolean;
}

interface PyRead {
  nodes: Record<
    string,
    {
      pt: {
        class: string;
        title: string;
        str: string;
        repr: string;
        dtype: string;
        shape: number[];
        chunkshape: number[] | null;
        extdim: number;
        nrows: number;
        filters: PyFilters;
        data: PyArray;
      };
      h5py?: { maxshape: Array<number | null>; chunks: number[] | null; filters: number[]; data: PyArray };
    }
  >;
}

/** What h5tables read, as the scripts encode it (bytes as {bytes}, 64-bit ints as strings). */
function values(data: ArrayLike<unknown>): PyScalar[] {
  return Array.from(data, (v) => (typeof v === 'bigint' ? String(v) : (v as PyScalar)));
}

function pyValues(a: PyArray): PyScalar[] {
  return a.data.map((v) => (typeof v === 'object' && v !== null && 'bytes' in v ? v.bytes : v));
}

const tmp = useTmpDir('h5tables-chunked-');

/** PyTables ignores h5py's lzf; h5tables prints it (lib/leaf.ts' filters): the rest is PyTables'. */
const noLzf = (text: string): string => text.replace(/\)(?:shuffle, )?lzf(?:\(\d+\))?\)/, '))');

describe.skipIf(lacks('pytables', 'h5py'))('PyTables and h5py write, h5tables reads and appends', () => {
  let dir: string;
  let file: string;
  let nodes: PyNode[];
  beforeAll(() => {
    dir = makeTmpDir('h5tables-chunked-py-');
    file = `${dir}/py.h5`;
    nodes = runPython<{ nodes: PyNode[] }>('chunked_write.py', [file]).nodes;
    return () => removeDir(dir);
  });

  function checkNode(leaf: Leaf, want: PyNode): void {
    const cls = { CArray, EArray } as Record<string, unknown>;
    expect(leaf.constructor.name, want.path).toBe(want.class === 'Array' ? 'Array' : want.class);
    if (cls[want.class]) expect(leaf).toBeInstanceOf(cls[want.class]);
    expect(noLzf(String(leaf))).toBe(want.str);
    expect(noLzf(inspect(leaf))).toBe(want.repr);
    if (want.path.includes('lzf')) expect(String(leaf)).toMatch(/lzf/);
    expect(leaf.shape).toEqual(want.shape);
    expect(leaf.chunkshape).toEqual(want.chunkshape);
    expect(leaf.nrows).toBe(want.nrows);
    if (leaf instanceof CArray) expect(leaf.extdim).toBe(want.extdim);
    const arr = leaf as CArray;
    const all = arr.read();
    expect(all.shape).toEqual(want.data.shape);
    expect(values(all.data)).toEqual(pyValues(want.data));
    const part = arr.read(3, 40, 4);
    expect(part.shape).toEqual(want.part.shape);
    expect(values(part.data)).toEqual(pyValues(want.part));
  }

  it("every node opens as PyTables' class, prints as PyTables prints it, reads whole and in parts", () => {
    const f = tmp.track(openFile(file, 'r'));
    expect(nodes.length).toBeGreaterThan(15);
    for (const want of nodes) checkNode(f.getNode(want.path) as Leaf, want);
  });

  it('the same through a CORE image (no backing store)', () => {
    const image = fs.readFileSync(file);
    const f = tmp.track(
      openFile('image.h5', 'r', {
        driver: 'H5FD_CORE',
        driverCoreBackingStore: false,
        driverCoreImage: image,
      }),
    );
    for (const want of nodes) checkNode(f.getNode(want.path) as Leaf, want);
  });

  it("appended to in 'a' (along each one's extendible dimension), PyTables reads every row", () => {
    const copy = tmp.path('appended.h5');
    fs.copyFileSync(file, copy);
    const f = openFile(copy, 'a');
    const expected = new Map<string, PyScalar[]>();
    for (const want of nodes.filter((n) => n.class === 'EArray')) {
      const e = f.getNode(want.path) as EArray;
      const rowShape = want.shape.map((d, i) => (i === want.extdim ? 2 : d));
      const n = rowShape.reduce((a, b) => a * b, 1);
      const base = seqOf(e.dtype as string, n);
      e.append({ data: base, shape: rowShape } as never);
      // The rows PyTables must see: the old ones, then the new along extdim.
      expected.set(
        want.path,
        concatAlong(pyValues(want.data), want.shape, values(base), rowShape, want.extdim),
      );
    }
    f.close();
    const read = runPython<PyRead>('chunked_read.py', [copy]);
    for (const [path, data] of expected) {
      const pt = read.nodes[path].pt;
      expect(pyValues(pt.data), path).toEqual(data);
      expect(pt.class).toBe('EArray');
    }
  });
});

/** n values of a dtype, as the array append takes (strings for a string atom). */
function seqOf(dtype: string, n: number): ArrayLike<unknown> {
  const k = Array.from({ length: n }, (_, i) => i + 100);
  switch (dtype) {
    case 'int32':
      return Int32Array.from(k);
    case 'int16':
      return Int16Array.from(k);
    case 'float32':
      return Float32Array.from(k);
    case 'float64':
      return Float64Array.from(k);
    case 'string':
      return k.map((i) => `n${i}`);
    default:
      throw new Error(`no test data for ${dtype}`);
  }
}

/** Two C-order arrays joined along `axis`. */
function concatAlong(
  a: PyScalar[],
  aShape: number[],
  b: PyScalar[],
  bShape: number[],
  axis: number,
): PyScalar[] {
  const outer = aShape.slice(0, axis).reduce((x, y) => x * y, 1);
  const aBlock = aShape.slice(axis).reduce((x, y) => x * y, 1);
  const bBlock = bShape.slice(axis).reduce((x, y) => x * y, 1);
  const out: PyScalar[] = [];
  for (let o = 0; o < outer; o++) {
    out.push(...a.slice(o * aBlock, (o + 1) * aBlock), ...b.slice(o * bBlock, (o + 1) * bBlock));
  }
  return out;
}

const FILTERS: Array<[string, ConstructorParameters<typeof Filters>[0], number[]]> = [
  ['zlib', { complevel: 5, complib: 'zlib' }, [2, 1]],
  ['blosc', { complevel: 5, complib: 'blosc' }, [32001]],
  ['blosc_lz4', { complevel: 5, complib: 'blosc:lz4' }, [32001]],
  ['blosc_lz4hc', { complevel: 5, complib: 'blosc:lz4hc' }, [32001]],
  ['blosc_snappy', { complevel: 5, complib: 'blosc:snappy' }, [32001]],
  ['blosc_zlib', { complevel: 5, complib: 'blosc:zlib' }, [32001]],
  ['blosc_zstd', { complevel: 5, complib: 'blosc:zstd' }, [32001]],
  ['blosc_bitshuffle', { complevel: 3, complib: 'blosc:lz4', shuffle: false, bitshuffle: true }, [32001]],
  ['bzip2', { complevel: 5, complib: 'bzip2' }, [2, 307]],
  ['lzf', { complevel: 5, complib: 'lzf' }, [2, 32000]],
  ['fletcher', { complevel: 1, complib: 'zlib', fletcher32: true }, [3, 2, 1]],
  ['none', { complevel: 0 }, []],
];

describe.skipIf(lacks('pytables', 'h5py'))('h5tables writes, PyTables and h5py read', () => {
  const f64 = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i * 0.5 - 7);
  const i32 = (n: number): Int32Array =>
    Int32Array.from({ length: n }, (_, i) => ((i * 7919) % 65536) - 32768);

  it.each([false, true])('every filter, CArray and EArray (through an image: %s)', (viaImage) => {
    const p = tmp.path('ours.h5');
    const f = viaImage
      ? openFile('ours-mem.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false })
      : openFile(p, 'w');
    const ours = new Map<string, Leaf>();
    for (const [name, opts] of FILTERS) {
      const filters = new Filters(opts);
      ours.set(
        `/c_${name}`,
        f.createCArray('/', `c_${name}`, {
          obj: { data: f64(350), shape: [50, 7] },
          title: `C ${name}`,
          filters,
          chunkshape: [16, 4],
        }),
      );
      const e = f.createEArray('/', `e_${name}`, {
        atom: 'int32',
        shape: [0, 5],
        title: `E ${name}`,
        filters,
      });
      e.append({ data: i32(185), shape: [37, 5] });
      e.append({ data: i32(100).map((v) => v + 1), shape: [20, 5] });
      ours.set(`/e_${name}`, e);
    }
    const s = f.createEArray('/', 'e_str', {
      atom: StringAtom(6),
      shape: [0],
      filters: new Filters({ complevel: 1 }),
    });
    s.append(['r0', 'r1', 'r22']);
    ours.set('/e_str', s);
    const x = f.createEArray('/', 'e_ext1', { atom: 'int16', shape: [3, 0], expectedrows: 50 });
    x.append({ data: Int16Array.from({ length: 33 }, (_, i) => i - 16), shape: [3, 11] });
    ours.set('/e_ext1', x);
    // What h5tables says of each node, taken before the file closes for PyTables to open it.
    const mine = new Map(
      [...ours].map(([k, leaf]) => {
        const arr = leaf as CArray;
        const seen = {
          cls: leaf instanceof EArray ? 'EArray' : 'CArray',
          title: leaf.title,
          shape: leaf.shape,
          chunkshape: leaf.chunkshape,
          extdim: arr.extdim,
          nrows: leaf.nrows,
          data: values(arr.read().data),
          str: noLzf(String(leaf)),
          repr: noLzf(inspect(leaf)),
          filters: arr.filters,
        };
        return [k, seen];
      }),
    );
    if (viaImage) fs.writeFileSync(p, f.getFileImage());
    f.close();
    const read = runPython<PyRead>('chunked_read.py', [p]);
    for (const [path, arr] of mine) {
      const { pt, h5py } = read.nodes[path];
      expect(pt.class, path).toBe(arr.cls);
      expect(pt.title).toBe(arr.title);
      expect(pt.shape).toEqual(arr.shape);
      expect(pt.chunkshape).toEqual(arr.chunkshape);
      expect(pt.extdim).toBe(arr.extdim);
      expect(pt.nrows).toBe(arr.nrows);
      expect(pyValues(pt.data)).toEqual(arr.data);
      expect(pt.str).toBe(arr.str);
      expect(pt.repr).toBe(arr.repr);
      const filters = arr.filters;
      // PyTables does not know lzf; and it reports complib None when there is no compression.
      if (!path.includes('lzf')) {
        expect(pt.filters).toEqual({
          complib: filters.complevel === 0 ? null : filters.complib,
          complevel: filters.complevel,
          shuffle: filters.shuffle,
          bitshuffle: filters.bitshuffle,
          fletcher32: filters.fletcher32,
        });
      }
      expect(h5py?.chunks).toEqual(arr.chunkshape);
      // Unlimited exactly along an EArray's extdim; a CArray's fixed (PyTables': at least its chunk).
      const unlimited = (h5py?.maxshape ?? []).flatMap((d, i) => (d === null ? [i] : []));
      expect(unlimited).toEqual(arr.extdim >= 0 ? [arr.extdim] : []);
      expect(pyValues(h5py?.data as PyArray)).toEqual(arr.data);
      const name = path.slice(3);
      const ids = FILTERS.find(([n]) => n === name)?.[2];
      if (ids) expect(h5py?.filters).toEqual(ids);
    }
  });
});
