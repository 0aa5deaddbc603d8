// Issue 11: createDataset's `storage` argument (chunked, extendible, filtered datasets),
// getDatasetInfo's maxshape and filters, and the module's availableFilters. Each case is
// written here in both forms (sync on disk, async in a CORE file whose image h5py reads),
// and by PyTables or h5py from the same request: h5py must see the same chunks, maxshape,
// pipeline and values in all of them, and our getDatasetInfo on their file must equal
// h5py's view of it. Every bad storage is an ERR_INVALID_ARG naming the argument, in both
// forms, and leaves no node behind.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  native,
  type NativeDatasetInfo,
  type NativeFile,
  type NativeFilter,
  type NativeStorage,
  type NativeWriteValue,
} from '../../lib/native';
import { lacks } from '../helpers/interop';
import { runPython, type PyArray } from '../helpers/python';
import { makeTmpDir, removeDir, useTmpDir } from '../helpers/tmp';

const addon = native();
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'filters');
const tmp = useTmpDir('h5tables-storage-');

type NumDType = 'float64' | 'float32' | 'int32';

/** Element i is (i % 113) * 0.5 - 7 cast to the dtype (as numpy's astype: ints truncate), as test/python/storage.py makes. */
function values(dtype: NumDType, shape: number[]): Float64Array | Float32Array | Int32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const f = (i: number) => (i % 113) * 0.5 - 7;
  if (dtype === 'int32') return Int32Array.from({ length: n }, (_, i) => Math.trunc(f(i)));
  if (dtype === 'float32') return Float32Array.from({ length: n }, (_, i) => f(i));
  return Float64Array.from({ length: n }, (_, i) => f(i));
}

function valueOf(dtype: NumDType, shape: number[]): NativeWriteValue {
  return { dtype, shape, data: values(dtype, shape) };
}

function memoryFile(name: string): NativeFile {
  return addon.openFile({ name, create: true, writable: true, driver: 'core', coreBackingStore: false });
}

// ---- The cases: a request to us, and the same request to PyTables or h5py ----

interface Case {
  name: string;
  dtype: NumDType;
  shape: number[];
  chunkshape: number[];
  maxshape: Array<number | null>;
  filters: NativeFilter[];
  /** tables.Filters(**pytables), for a CArray (or an EArray when maxshape has a null). */
  pytables?: Record<string, unknown>;
  /** h5py's create_dataset(**h5py). */
  h5py?: Record<string, unknown>;
}

const shuffle: NativeFilter = { id: 2, cdValues: [], optional: true };
const fletcher32: NativeFilter = { id: 3, cdValues: [], optional: false };
// PyTables' bzip2 values: [complevel, the object's format version x 10, its class: 2 EArray, 4 CArray].
const bzip2 = (level: number, kind: number): NativeFilter => ({
  id: 307,
  cdValues: [level, 11, kind],
  optional: true,
});

const COMPCODES = ['blosclz', 'lz4', 'lz4hc', 'snappy', 'zlib', 'zstd'];
const CASES: Case[] = [];
COMPCODES.forEach((compressor, code) => {
  ['noshuffle', 'shuffle', 'bitshuffle'].forEach((mode, shuffleMode) => {
    // PyTables' plain 'blosc' (blosclz) writes six values, without the compressor code.
    const cd = code === 0 ? [0, 0, 0, 0, 5, shuffleMode] : [0, 0, 0, 0, 5, shuffleMode, code];
    CASES.push({
      name: `blosc_${compressor}_${mode}`,
      dtype: 'float64',
      shape: [40, 6],
      chunkshape: [16, 6],
      maxshape: [40, 6],
      filters: [{ id: 32001, cdValues: cd, optional: true }],
      pytables: {
        complevel: 5,
        complib: code === 0 ? 'blosc' : `blosc:${compressor}`,
        shuffle: shuffleMode === 1,
        bitshuffle: shuffleMode === 2,
      },
    });
  });
});
CASES.push(
  {
    name: 'blosc_int32_earray',
    dtype: 'int32',
    shape: [50, 3],
    chunkshape: [16, 3],
    maxshape: [null, 3],
    filters: [{ id: 32001, cdValues: [0, 0, 0, 0, 9, 1, 1], optional: true }],
    pytables: { complevel: 9, complib: 'blosc:lz4' },
  },
  {
    name: 'empty_earray',
    dtype: 'float32',
    shape: [0, 4],
    chunkshape: [128, 4],
    maxshape: [null, 4],
    filters: [{ id: 32001, cdValues: [0, 0, 0, 0, 5, 1, 5], optional: true }],
    pytables: { complevel: 5, complib: 'blosc:zstd' },
  },
  {
    name: 'zlib_shuffle',
    dtype: 'float64',
    shape: [30, 5],
    chunkshape: [7, 5],
    maxshape: [30, 5],
    filters: [shuffle, { id: 1, cdValues: [5], optional: true }],
    pytables: { complevel: 5, complib: 'zlib', shuffle: true },
  },
  {
    name: 'zlib_fletcher32',
    dtype: 'int32',
    shape: [100],
    chunkshape: [32],
    maxshape: [100],
    filters: [fletcher32, { id: 1, cdValues: [1], optional: true }],
    pytables: { complevel: 1, complib: 'zlib', shuffle: false, fletcher32: true },
  },
  {
    name: 'fletcher32_only',
    dtype: 'float32',
    shape: [9, 9],
    chunkshape: [4, 4],
    maxshape: [9, 9],
    filters: [fletcher32],
    pytables: { fletcher32: true },
  },
  {
    name: 'bzip2_carray',
    dtype: 'float64',
    shape: [60],
    chunkshape: [25],
    maxshape: [60],
    filters: [shuffle, bzip2(4, 4)],
    pytables: { complevel: 4, complib: 'bzip2' },
  },
  {
    name: 'bzip2_earray',
    dtype: 'int32',
    shape: [33, 2],
    chunkshape: [10, 2],
    maxshape: [null, 2],
    filters: [shuffle, bzip2(9, 2)],
    pytables: { complevel: 9, complib: 'bzip2' },
  },
  {
    name: 'lzf',
    dtype: 'float64',
    shape: [50, 8],
    chunkshape: [16, 8],
    maxshape: [50, 8],
    filters: [{ id: 32000, cdValues: [], optional: true }],
    h5py: { compression: 'lzf' },
  },
  {
    name: 'lzf_shuffle_unlimited',
    dtype: 'int32',
    shape: [20, 20],
    chunkshape: [8, 8],
    maxshape: [null, null],
    filters: [shuffle, { id: 32000, cdValues: [], optional: true }],
    h5py: { compression: 'lzf', shuffle: true },
  },
  {
    name: 'gzip_shuffle_fletcher32',
    dtype: 'float64',
    shape: [24, 3],
    chunkshape: [10, 3],
    maxshape: [100, 3],
    filters: [shuffle, { id: 1, cdValues: [4], optional: true }, fletcher32],
    h5py: { compression: 'gzip', shuffle: true, fletcher32: true },
  },
  {
    name: 'chunked_only',
    dtype: 'float32',
    shape: [5, 6],
    chunkshape: [2, 3],
    maxshape: [null, 6],
    filters: [],
    h5py: {},
  },
);

function storageOf(c: Case): NativeStorage {
  return { chunkshape: c.chunkshape, maxshape: c.maxshape, filters: c.filters };
}

// ---- h5py's view (test/python/storage.py describe) ----

interface H5pyView {
  shape: number[];
  chunks: number[] | null;
  maxshape: Array<number | null>;
  filters: NativeFilter[];
  data: PyArray | null;
}

function describeFiles(...paths: string[]): Array<Record<string, H5pyView>> {
  return runPython<{ files: Array<Record<string, H5pyView>> }>('storage.py', ['describe', ...paths]).files;
}

/** What our getDatasetInfo says, in h5py's view's terms. */
function asView(info: NativeDatasetInfo): Omit<H5pyView, 'data'> {
  return {
    shape: info.shape,
    chunks: info.chunkshape,
    maxshape: info.maxshape ?? [],
    filters: info.filters ?? [],
  };
}

describe.skipIf(lacks('pytables', 'h5py'))('storage against PyTables and h5py', () => {
  let dir: string;
  let theirs: { pytables: Record<string, H5pyView>; h5py: Record<string, H5pyView> };
  let ours: { disk: Record<string, H5pyView>; image: Record<string, H5pyView> };
  const oursInfo: Record<string, NativeDatasetInfo> = {};

  beforeAll(async () => {
    dir = makeTmpDir('h5tables-storage-interop-');
    const spec = CASES.map((c) => ({
      name: c.name,
      dtype: c.dtype,
      shape: c.shape,
      chunkshape: c.chunkshape,
      maxshape: c.maxshape,
      ...(c.pytables ? { pytables: c.pytables } : {}),
      ...(c.h5py ? { h5py: c.h5py } : {}),
    }));
    runPython('storage.py', ['make', JSON.stringify(spec), `${dir}/pytables.h5`, `${dir}/h5py.h5`]);
    // Sync on disk; async in a CORE file without backing store, its image written out.
    const disk = addon.openFile({ name: `${dir}/disk.h5`, create: true, writable: true, driver: 'sec2' });
    const core = memoryFile(`${dir}/core.h5`);
    try {
      for (const c of CASES) {
        disk.createDataset(`/${c.name}`, valueOf(c.dtype, c.shape), [], storageOf(c));
        await core.createDatasetAsync(`/${c.name}`, valueOf(c.dtype, c.shape), [], storageOf(c));
        oursInfo[c.name] = disk.getDatasetInfo(`/${c.name}`);
        expect(await core.getDatasetInfoAsync(`/${c.name}`)).toEqual(oursInfo[c.name]);
      }
      core.flush();
      fs.writeFileSync(`${dir}/image.h5`, core.getFileImage());
    } finally {
      disk.close();
      core.close();
    }
    const [pytables, h5py, onDisk, image] = describeFiles(
      `${dir}/pytables.h5`,
      `${dir}/h5py.h5`,
      `${dir}/disk.h5`,
      `${dir}/image.h5`,
    );
    theirs = { pytables, h5py };
    ours = { disk: onDisk, image };
    return () => removeDir(dir);
  });

  const theirsOf = (c: Case): H5pyView => (c.pytables ? theirs.pytables : theirs.h5py)[c.name];

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: h5py sees what PyTables/h5py wrote for the same request',
    (_, c) => {
      const expected = theirsOf(c);
      expect(expected).toBeDefined();
      expect(expected.chunks).toEqual(c.chunkshape); // the request reached them as asked
      expect(ours.disk[c.name]).toEqual(expected);
      expect(ours.image[c.name]).toEqual(expected);
      // And the values are the ones written.
      expect(ours.disk[c.name].data?.data).toEqual(Array.from(values(c.dtype, c.shape)));
    },
  );

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: getDatasetInfo reports what h5py reports, on their file and on ours',
    (_, c) => {
      const { data: _data, ...expected } = theirsOf(c);
      expect(asView(oursInfo[c.name])).toEqual(expected);
      const f = addon.openFile({
        name: c.pytables ? `${dir}/pytables.h5` : `${dir}/h5py.h5`,
        create: false,
        writable: false,
        driver: 'sec2',
      });
      try {
        const info = f.getDatasetInfo(`/${c.name}`);
        expect(asView(info)).toEqual(expected);
        expect(f.openDataset(`/${c.name}`).getInfo()).toEqual(info);
        expect(Array.from(f.readDataset(`/${c.name}`).data as ArrayLike<number>)).toEqual(
          Array.from(values(c.dtype, c.shape)),
        );
      } finally {
        f.close();
      }
    },
  );

  it('getDatasetInfo equals h5py on every filter fixture, lzo and blosc2 (which this build lacks) too', () => {
    const names = fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.h5'));
    expect(names).toEqual(expect.arrayContaining(['pytables-lzo.h5', 'unknown-filter-blosc2.h5']));
    const views = describeFiles(...names.map((n) => path.join(FIXTURES, n)));
    names.forEach((name, k) => {
      const f = addon.openFile({
        name: path.join(FIXTURES, name),
        create: false,
        writable: false,
        driver: 'sec2',
      });
      try {
        const datasets = Object.keys(views[k]);
        expect(datasets.length, name).toBeGreaterThan(0);
        for (const d of datasets) {
          const { data: _data, ...expected } = views[k][d];
          expect(asView(f.getDatasetInfo(`/${d}`)), `${name} ${d}`).toEqual(expected);
        }
      } finally {
        f.close();
      }
    });
  });

  it('every PyTables and h5py dataset of the spec was compared', () => {
    expect(Object.keys(theirs.pytables).sort()).toEqual(
      CASES.filter((c) => c.pytables)
        .map((c) => c.name)
        .sort(),
    );
    expect(Object.keys(theirs.h5py).sort()).toEqual(
      CASES.filter((c) => c.h5py)
        .map((c) => c.name)
        .sort(),
    );
  });
});

// ---- Without Python ----

describe('storage: creation and info', () => {
  it('reports contiguous and scalar datasets with maxshape and no filters', () => {
    const f = memoryFile('contiguous.h5');
    try {
      f.createDataset('/c', valueOf('int32', [3, 2]));
      f.createDataset('/s', { dtype: 'float64', shape: [], data: new Float64Array([1.5]) });
      expect(f.getDatasetInfo('/c')).toMatchObject({ chunkshape: null, maxshape: [3, 2], filters: [] });
      expect(f.getDatasetInfo('/s')).toMatchObject({
        shape: [],
        chunkshape: null,
        maxshape: [],
        filters: [],
      });
    } finally {
      f.close();
    }
  });

  it('writes an empty extendible dataset (no data), and one whose maxshape defaults to its shape', async () => {
    const f = memoryFile('empty.h5');
    try {
      f.createDataset('/e', { dtype: 'float64', shape: [0, 4], data: new Float64Array(0) }, [], {
        chunkshape: [64, 4],
        maxshape: [null, 4],
      });
      expect(f.getDatasetInfo('/e')).toMatchObject({
        shape: [0, 4],
        chunkshape: [64, 4],
        maxshape: [null, 4],
      });
      expect(f.readDataset('/e')).toEqual({ dtype: 'float64', shape: [0, 4], data: new Float64Array(0) });
      await f.createDatasetAsync('/fixed', valueOf('int32', [10]), [['a', valueOf('int32', [1])]], {
        chunkshape: [3],
      });
      expect(f.getDatasetInfo('/fixed')).toMatchObject({ chunkshape: [3], maxshape: [10], filters: [] });
      expect(f.readDataset('/fixed').data).toEqual(values('int32', [10]));
      expect(f.listAttributes('/fixed')).toEqual(['a']);
    } finally {
      f.close();
    }
  });

  it('keeps each filter flag as given and passes the values through (set_local completes its own)', () => {
    const f = memoryFile('flags.h5');
    try {
      f.createDataset('/x', valueOf('float64', [20]), [], {
        chunkshape: [5],
        filters: [
          { id: 3, cdValues: [], optional: true },
          { id: 1, cdValues: [9] },
          { id: 32001, cdValues: [7, 7, 7, 7, 3, 2, 4], optional: true, name: 'ignored on write' },
        ],
      });
      expect(f.getDatasetInfo('/x').filters).toEqual([
        { id: 3, cdValues: [], optional: true, name: 'fletcher32' },
        { id: 1, cdValues: [9], optional: false, name: 'deflate' },
        // blosc's set_local fills the first four: its version 2, blosc's format 2, typesize, chunk bytes.
        { id: 32001, cdValues: [2, 2, 8, 40, 3, 2, 4], optional: true, name: 'blosc' },
      ]);
      expect(f.readDataset('/x').data).toEqual(values('float64', [20]));
      // A pipeline read back can be given again as it is.
      const { filters } = f.getDatasetInfo('/x');
      f.createDataset('/y', valueOf('float64', [20]), [], { chunkshape: [5], filters });
      expect(f.getDatasetInfo('/y').filters).toEqual(filters);
    } finally {
      f.close();
    }
  });

  it('chunks and compresses fixed-length strings (blosc shuffles by the string size)', () => {
    const f = memoryFile('strings.h5');
    try {
      const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
      f.createDataset('/s', { dtype: 'string', shape: [5], data: words, itemsize: 8, charset: 'ascii' }, [], {
        chunkshape: [2],
        maxshape: [null],
        filters: [{ id: 32001, cdValues: [0, 0, 0, 0, 5, 1, 1], optional: true }],
      });
      const info = f.getDatasetInfo('/s');
      expect(info).toMatchObject({ dtype: 'string', itemsize: 8, chunkshape: [2], maxshape: [null] });
      expect(info.filters?.[0].cdValues).toEqual([2, 2, 8, 16, 5, 1, 1]);
      expect(f.readDataset('/s').data).toEqual(words);
    } finally {
      f.close();
    }
  });

  it('availableFilters: ascending ids, each one usable, with the codecs the issue asks for and not lzo', () => {
    const ids = addon.availableFilters;
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    for (const id of [1, 2, 3, 307, 32000, 32001]) expect(ids).toContain(id);
    expect(ids).not.toContain(305);
    // Values some filters need (scaleoffset: integer scaling with the minimum bits).
    const cd: Record<number, number[]> = { 1: [6], 6: [2, 0], 307: [9], 32001: [0, 0, 0, 0, 5, 1, 1] };
    const f = memoryFile('available.h5');
    try {
      for (const id of ids) {
        f.createDataset(`/f${id}`, valueOf('int32', [64]), [], {
          chunkshape: [16],
          filters: [{ id, cdValues: cd[id] ?? [] }],
        });
        expect(
          f.getDatasetInfo(`/f${id}`).filters?.map((x) => x.id),
          `filter ${id}`,
        ).toEqual([id]);
        expect(f.readDataset(`/f${id}`).data, `filter ${id}`).toEqual(values('int32', [64]));
      }
    } finally {
      f.close();
    }
  });

  it('writes on disk and into CORE files with a backing store alike', async () => {
    const p = tmp.path('backed.h5');
    const f = addon.openFile({
      name: p,
      create: true,
      writable: true,
      driver: 'core',
      coreBackingStore: true,
    });
    const storage: NativeStorage = {
      chunkshape: [4, 4],
      maxshape: [null, 8],
      filters: [shuffle, { id: 32001, cdValues: [0, 0, 0, 0, 5, 0, 1], optional: true }],
    };
    await f.createDatasetAsync('/a', valueOf('float64', [10, 8]), [], storage);
    f.close();
    const r = addon.openFile({ name: p, create: false, writable: false, driver: 'sec2' });
    try {
      expect(r.getDatasetInfo('/a')).toMatchObject({ chunkshape: [4, 4], maxshape: [null, 8] });
      expect(r.getDatasetInfo('/a').filters?.map((x) => x.id)).toEqual([2, 32001]);
      expect(r.readDataset('/a').data).toEqual(values('float64', [10, 8]));
    } finally {
      r.close();
    }
  });
});

// ---- Errors: each in both forms, nothing created ----

const GOOD = valueOf('float64', [10, 4]);

interface BadCase {
  label: string;
  value?: NativeWriteValue;
  storage: unknown;
  message: RegExp;
}

const BAD: BadCase[] = [
  { label: 'not an object', storage: 'chunked', message: /^storage must be an object/ },
  { label: 'an array', storage: [4, 4], message: /^storage must be an object/ },
  {
    label: 'no chunkshape',
    storage: {},
    message: /^storage.chunkshape must be an array of positive integers$/,
  },
  {
    label: 'a zero chunk',
    storage: { chunkshape: [0, 4] },
    message: /^storage.chunkshape must be an array of positive integers$/,
  },
  {
    label: 'a fractional chunk',
    storage: { chunkshape: [2.5, 4] },
    message: /^storage.chunkshape must be an array of positive integers$/,
  },
  {
    label: 'an unsafe chunk',
    storage: { chunkshape: [2 ** 53, 4] },
    message: /^storage.chunkshape must be an array of positive integers$/,
  },
  {
    label: 'chunkshape of the wrong rank',
    storage: { chunkshape: [4] },
    message: /^storage.chunkshape has rank 1, but the value's shape has rank 2$/,
  },
  {
    label: 'a scalar value',
    value: { dtype: 'float64', shape: [], data: new Float64Array([1]) },
    storage: { chunkshape: [] },
    message: /^storage needs a value with at least one dimension/,
  },
  {
    label: 'a chunk beyond a fixed dimension',
    storage: { chunkshape: [11, 4] },
    message: /^storage.chunkshape\[0\] \(11\) is larger than storage.maxshape\[0\] \(10\)/,
  },
  {
    label: 'a chunk above 4 GiB',
    value: { dtype: 'float64', shape: [0, 0], data: new Float64Array(0) },
    storage: { chunkshape: [65536, 65536], maxshape: [null, null] },
    message: /^storage.chunkshape makes chunks larger than HDF5's limit of 4 GiB$/,
  },
  {
    label: 'maxshape of the wrong rank',
    storage: { chunkshape: [2, 2], maxshape: [null] },
    message: /^storage.maxshape has rank 1, but the value's shape has rank 2$/,
  },
  {
    label: 'an empty maxshape',
    storage: { chunkshape: [2, 2], maxshape: [] },
    message: /^storage.maxshape has rank 0, but the value's shape has rank 2$/,
  },
  {
    label: 'maxshape below the shape',
    storage: { chunkshape: [2, 2], maxshape: [9, 4] },
    message: /^storage.maxshape\[0\] \(9\) is smaller than the shape's \(10\)$/,
  },
  {
    label: 'a negative maxshape',
    storage: { chunkshape: [2, 2], maxshape: [-1, 4] },
    message: /^storage.maxshape must be an array of non-negative integers or null/,
  },
  {
    label: 'a string maxshape',
    storage: { chunkshape: [2, 2], maxshape: 'unlimited' },
    message: /^storage.maxshape must be an array of non-negative integers or null/,
  },
  {
    label: 'filters not an array',
    storage: { chunkshape: [2, 2], filters: { id: 1 } },
    message: /^storage.filters must be an array/,
  },
  {
    label: 'a filter not an object',
    storage: { chunkshape: [2, 2], filters: [1] },
    message: /^storage.filters\[0\] must be an object/,
  },
  {
    label: 'filter id 0',
    storage: { chunkshape: [2, 2], filters: [{ id: 0, cdValues: [] }] },
    message: /^storage.filters\[0\].id must be an integer from 1 to 65535$/,
  },
  {
    label: 'filter id 65536',
    storage: { chunkshape: [2, 2], filters: [shuffle, { id: 65536, cdValues: [] }] },
    message: /^storage.filters\[1\].id must be an integer from 1 to 65535$/,
  },
  {
    label: 'cdValues missing',
    storage: { chunkshape: [2, 2], filters: [{ id: 1 }] },
    message: /^storage.filters\[0\].cdValues must be an array of unsigned 32-bit integers$/,
  },
  {
    label: 'a negative cd value',
    storage: { chunkshape: [2, 2], filters: [{ id: 1, cdValues: [-1] }] },
    message: /^storage.filters\[0\].cdValues\[0\] must be an unsigned 32-bit integer$/,
  },
  {
    label: 'a cd value of 2^32',
    storage: { chunkshape: [2, 2], filters: [{ id: 1, cdValues: [1, 2 ** 32] }] },
    message: /^storage.filters\[0\].cdValues\[1\] must be an unsigned 32-bit integer$/,
  },
  {
    label: 'optional not a boolean',
    storage: { chunkshape: [2, 2], filters: [{ id: 1, cdValues: [1], optional: 1 }] },
    message: /^storage.filters\[0\].optional must be a boolean$/,
  },
  {
    label: 'more than 32 filters',
    storage: { chunkshape: [2, 2], filters: Array.from({ length: 33 }, () => shuffle) },
    message: /^storage.filters has 33 filters; HDF5 allows 32$/,
  },
  {
    label: 'lzo (not in any build)',
    storage: { chunkshape: [2, 2], filters: [{ id: 305, cdValues: [], optional: true }] },
    message: /^filter 'lzo' \(305\) is not available in this build \(lzo is GPL-licensed/,
  },
  {
    label: 'szip, named as HDF5 knows it',
    storage: { chunkshape: [2, 2], filters: [{ id: 4, cdValues: [] }] },
    message: /^filter 'szip' \(4\) is not available in this build$/,
  },
  {
    label: 'an unknown filter',
    storage: { chunkshape: [2, 2], filters: [{ id: 40000, cdValues: [], optional: true }] },
    message: /^filter 40000 is not available in this build$/,
  },
];

describe('storage: bad arguments', () => {
  it.each(BAD.map((b) => [b.label, b] as const))(
    '%s: ERR_INVALID_ARG in both forms, no node',
    async (_, b) => {
      // Skipped where this build has szip after all (a source build against a system HDF5).
      if (b.label.startsWith('szip') && addon.availableFilters.includes(4)) return;
      const f = memoryFile('bad.h5');
      try {
        const call = (async: boolean) =>
          (async ? f.createDatasetAsync : f.createDataset).call(
            f,
            '/x',
            b.value ?? GOOD,
            [],
            b.storage as NativeStorage,
          );
        const expected = expect.objectContaining({
          code: 'ERR_INVALID_ARG',
          message: expect.stringMatching(b.message),
        });
        expect(() => call(false)).toThrow(expected);
        // The Promise form checks its arguments at the call, before anything is queued.
        expect(() => call(true)).toThrow(expected);
        expect(f.hasLink('/x')).toBe(false);
        expect(f.listChildren('/')).toEqual([]);
      } finally {
        f.close();
      }
    },
  );

  it('a filter that fails while writing leaves no node (and says which)', async () => {
    const f = memoryFile('failing.h5');
    try {
      // Mandatory blosc with a compressor code blosc does not know: the write fails.
      const storage: NativeStorage = {
        chunkshape: [5, 4],
        filters: [{ id: 32001, cdValues: [0, 0, 0, 0, 5, 1, 99] }],
      };
      expect(() => f.createDataset('/x', GOOD, [], storage)).toThrow(/blosc: unknown compressor code/);
      await expect(f.createDatasetAsync('/x', GOOD, [], storage)).rejects.toThrow(
        /blosc: unknown compressor code/,
      );
      expect(f.hasLink('/x')).toBe(false);
      // The file is still good for the same name.
      f.createDataset('/x', GOOD, [], { chunkshape: [5, 4] });
      expect(f.readDataset('/x').data).toEqual(GOOD.data);
    } finally {
      f.close();
    }
  });
});
