// The encoders (the writing work to come builds on them), through the test-only native
// hook _writeFilteredForTests: chunked datasets compressed here with every blosc codec and
// shuffle mode, bzip2 and lzf read back here with exact values, and where PyTables and
// h5py are installed they read the same values and see PyTables' and h5py's parameters.
import { describe, expect, it } from 'vitest';

import { Array as H5Array, openFile } from '../../lib/index';
import { native, type NativeModule } from '../../lib/native';
import { lacks } from '../helpers/interop';
import { runPython, type PyArray } from '../helpers/python';
import { useTmpDir } from '../helpers/tmp';

const tmp = useTmpDir('h5tables-filter-roundtrip-');

type WriteOptions = Parameters<NativeModule['_writeFilteredForTests']>[3];
type Data = Parameters<NativeModule['_writeFilteredForTests']>[2];
const hooks: NativeModule = native();

const N = 4000;
const CHUNK = 1000;
const f64 = Float64Array.from({ length: N }, (_, i) => (i % 113) * 0.5 - 7);
const i32 = Int32Array.from({ length: N }, (_, i) => ((i * 7919) % 4096) - 2048);
// Bytes that do not compress: lzf gives up on them and HDF5 stores the chunk as it is.
const noise = (() => {
  let x = 2463534242;
  return Uint8Array.from({ length: N }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  });
})();

const COMPRESSORS = ['blosclz', 'lz4', 'lz4hc', 'snappy', 'zlib', 'zstd'];
const SHUFFLES = ['noshuffle', 'shuffle', 'bitshuffle'];

interface Case {
  name: string;
  data: Data;
  options: WriteOptions;
  /** The filters h5py reports: [id, cd_values] with what set_local filled in. */
  filters: Array<[number, number[]]>;
  /** str(node.filters) in PyTables, for the filters it knows. */
  pytables?: string;
  compresses: boolean;
}

function ptFilters(complevel: number, complib: string, shuffle: boolean, bitshuffle: boolean): string {
  const py = (b: boolean) => (b ? 'True' : 'False');
  return `Filters(complevel=${complevel}, complib='${complib}', shuffle=${py(shuffle)}, bitshuffle=${py(bitshuffle)}, fletcher32=False, least_significant_digit=None)`;
}

const CASES: Case[] = [];
COMPRESSORS.forEach((compressor, code) => {
  SHUFFLES.forEach((mode, shuffle) => {
    // PyTables' 'blosc' (blosclz) writes six values, no compressor code; 'blosc:x' seven.
    const complib = compressor === 'blosclz' ? 'blosc' : `blosc:${compressor}`;
    const cd = compressor === 'blosclz' ? [5, shuffle] : [5, shuffle, code];
    CASES.push({
      name: `blosc_${compressor}_${mode}`,
      data: f64,
      options: { chunk: CHUNK, filter: 32001, cdValues: [0, 0, 0, 0, ...cd] },
      filters: [[32001, [2, 2, 8, CHUNK * 8, ...cd]]],
      pytables: ptFilters(5, complib, shuffle === 1, shuffle === 2),
      compresses: true,
    });
  });
});
CASES.push(
  {
    name: 'blosc_int32',
    data: i32,
    options: { chunk: CHUNK, filter: 32001, cdValues: [0, 0, 0, 0, 9, 1, 1] },
    filters: [[32001, [2, 2, 4, CHUNK * 4, 9, 1, 1]]],
    pytables: ptFilters(9, 'blosc:lz4', true, false),
    compresses: true,
  },
  {
    name: 'bzip2',
    data: f64,
    options: { chunk: CHUNK, filter: 307, cdValues: [9] },
    filters: [[307, [9]]],
    pytables: ptFilters(9, 'bzip2', false, false),
    compresses: true,
  },
  {
    name: 'bzip2_shuffle_int32',
    data: i32,
    options: { chunk: CHUNK, shuffle: true, filter: 307, cdValues: [2] },
    filters: [
      [2, [4]],
      [307, [2]],
    ],
    pytables: ptFilters(2, 'bzip2', true, false),
    compresses: true,
  },
  {
    name: 'lzf',
    data: f64,
    options: { chunk: CHUNK, filter: 32000, cdValues: [] },
    filters: [[32000, [4, 0x0105, CHUNK * 8]]],
    compresses: true,
  },
  {
    name: 'lzf_shuffle_int32',
    data: i32,
    options: { chunk: CHUNK, shuffle: true, filter: 32000 },
    filters: [
      [2, [4]],
      [32000, [4, 0x0105, CHUNK * 4]],
    ],
    compresses: true,
  },
  {
    name: 'lzf_incompressible',
    data: noise,
    options: { chunk: CHUNK, filter: 32000 },
    filters: [[32000, [4, 0x0105, CHUNK]]],
    compresses: false,
  },
  {
    name: 'blosc_incompressible',
    data: noise,
    options: { chunk: CHUNK, filter: 32001, cdValues: [0, 0, 0, 0, 5, 0, 0] },
    filters: [[32001, [2, 2, 1, CHUNK, 5, 0, 0]]],
    pytables: ptFilters(5, 'blosc:blosclz', false, false),
    compresses: false,
  },
);

function write(c: Case): string {
  const file = tmp.path(`${c.name}.h5`);
  hooks._writeFilteredForTests(file, 'x', c.data, c.options);
  return file;
}

describe('the encoders, read back here', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const file = write(c);
      const f = tmp.track(openFile(file));
      const node = f.getNode('/x') as H5Array;
      expect(node.chunkshape).toEqual([CHUNK]);
      expect(node.read().data).toEqual(c.data);
      expect((await node.readAsync(CHUNK - 3, 2 * CHUNK + 3)).data).toEqual(
        c.data.subarray(CHUNK - 3, 2 * CHUNK + 3),
      );
      f.close();
    });
  }

  it('bad arguments to the hook are errors, not crashes', () => {
    expect(() =>
      hooks._writeFilteredForTests(tmp.path('a.h5'), 'x', new Float32Array(4) as unknown as Data, {
        chunk: 2,
      }),
    ).toThrow(/Float64Array, Int32Array or Uint8Array/);
    expect(() => hooks._writeFilteredForTests(tmp.path('b.h5'), 'x', f64, { chunk: 0 })).toThrow(
      /must not be empty/,
    );
    // A blosc compressor code that does not exist: the (optional) filter declines every
    // chunk, so HDF5 stores them as they are and they read back unchanged.
    const file = tmp.path('c.h5');
    hooks._writeFilteredForTests(file, 'x', f64, {
      chunk: CHUNK,
      filter: 32001,
      cdValues: [0, 0, 0, 0, 5, 1, 42],
    });
    const f = tmp.track(openFile(file));
    expect((f.getNode('/x') as H5Array).read().data).toEqual(f64);
    f.close();
  });
});

describe.skipIf(lacks('pytables', 'h5py'))('the encoders, read by PyTables 3.7 and h5py 3.7', () => {
  it('every case: values, parameters and a real compression', () => {
    const files = CASES.map(write);
    const args = files.flatMap((file) => [file, 'x']);
    const { results } = runPython<{
      results: Array<{
        data: PyArray;
        storage: number;
        raw: number;
        filters: Array<[number, number[]]>;
        pytables: string;
      }>;
    }>('read_filtered.py', args);
    CASES.forEach((c, k) => {
      const r = results[k];
      expect(r.data.shape, c.name).toEqual([N]);
      expect(r.data.data, c.name).toEqual(Array.from(c.data));
      expect(r.filters, c.name).toEqual(c.filters);
      if (c.pytables) expect(r.pytables, c.name).toBe(c.pytables);
      expect(r.raw, c.name).toBe(c.data.byteLength);
      if (c.compresses) expect(r.storage, c.name).toBeLessThan(r.raw / 2);
      else expect(r.storage, c.name).toBeGreaterThanOrEqual(r.raw);
    });
  });
});
