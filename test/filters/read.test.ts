// Files compressed by PyTables 3.7 (blosc with every codec and shuffle mode, bzip2, zlib)
// and h5py 3.7 (lzf, gzip) read here with exact values: the committed fixtures on any
// machine, and the same files made afresh by the real programs where they are installed.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

import { Array as H5Array, File, openFile, openFileAsync } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useTmpDir } from '../helpers/tmp';
import { FIXTURES, expectedFor, f64 } from './values';

const tmp = useTmpDir('h5tables-filters-');

// Every codec the generator writes, and the datasets each file must hold.
const CODEC_FILES: Record<string, string[]> = {};
for (const codec of ['blosclz', 'lz4', 'lz4hc', 'snappy', 'zlib', 'zstd']) {
  CODEC_FILES[`pytables-blosc-${codec}.h5`] = [
    'f64_bitshuffle',
    'f64_noshuffle',
    'f64_shuffle',
    'i32_shuffle',
  ];
}
CODEC_FILES['pytables-bzip2.h5'] = ['f64_noshuffle', 'f64_shuffle', 'i32_shuffle'];
CODEC_FILES['pytables-zlib.h5'] = ['f64_noshuffle', 'f64_shuffle', 'i32_shuffle'];
CODEC_FILES['h5py-lzf.h5'] = ['f64_noshuffle', 'f64_shuffle', 'i32_noshuffle', 'i32_shuffle'];
CODEC_FILES['h5py-gzip.h5'] = ['f64_noshuffle', 'f64_shuffle', 'i32_noshuffle', 'i32_shuffle'];

function leaf(f: File, name: string): H5Array {
  const node = f.getNode('/' + name);
  expect(node).toBeInstanceOf(H5Array);
  return node as H5Array;
}

function checkFile(dir: string, file: string): void {
  const f = tmp.track(openFile(`${dir}/${file}`));
  expect(f.listNodes('/').map((n) => n.name)).toEqual(CODEC_FILES[file]);
  for (const name of CODEC_FILES[file]) {
    const want = expectedFor(name);
    const got = leaf(f, name).read();
    expect(got.dtype).toBe(want.dtype);
    expect(got.shape).toEqual(want.shape);
    expect(got.data).toEqual(want.data);
  }
  f.close();
}

describe('compressed files read with exact values (committed fixtures)', () => {
  for (const file of Object.keys(CODEC_FILES)) {
    it(file, () => checkFile(FIXTURES, file));
  }

  it('async reads decode on the HDF5 thread', async () => {
    for (const file of ['pytables-blosc-zstd.h5', 'pytables-bzip2.h5', 'h5py-lzf.h5']) {
      const f = tmp.track(await openFileAsync(`${FIXTURES}/${file}`));
      const got = await leaf(f, 'f64_shuffle').readAsync();
      expect(got.data).toEqual(f64());
      await f.closeAsync();
    }
  });

  it('rows across chunk boundaries (chunks of 16 rows, the last partial)', () => {
    const all = f64();
    for (const file of ['pytables-blosc-lz4.h5', 'pytables-bzip2.h5', 'h5py-lzf.h5']) {
      const f = tmp.track(openFile(`${FIXTURES}/${file}`));
      const got = leaf(f, 'f64_noshuffle').read(10, 40, 3);
      expect(got.shape).toEqual([10, 8]);
      const want: number[] = [];
      for (let r = 10; r < 40; r += 3) want.push(...all.subarray(r * 8, r * 8 + 8));
      expect(Array.from(got.data as Float64Array)).toEqual(want);
      expect(Array.from(leaf(f, 'f64_noshuffle').read(-2).data as Float64Array)).toEqual(
        Array.from(all.subarray(48 * 8, 49 * 8)),
      );
      f.close();
    }
  });

  it('through the CORE driver from disk', async () => {
    for (const file of ['pytables-blosc-lz4hc.h5', 'h5py-lzf.h5', 'pytables-bzip2.h5']) {
      const f = tmp.track(await openFileAsync(`${FIXTURES}/${file}`, 'r', { driver: 'H5FD_CORE' }));
      expect((await leaf(f, 'f64_shuffle').readAsync(15, 17)).data).toEqual(f64().subarray(15 * 8, 17 * 8));
      await f.closeAsync();
    }
  });

  it('from a file image in memory (CORE driver)', () => {
    for (const file of ['pytables-blosc-snappy.h5', 'h5py-lzf.h5', 'pytables-bzip2.h5']) {
      const image = fs.readFileSync(`${FIXTURES}/${file}`);
      const f = tmp.track(
        openFile('image.h5', 'r', {
          driver: 'H5FD_CORE',
          driverCoreBackingStore: false,
          driverCoreImage: image,
        }),
      );
      expect(leaf(f, 'f64_shuffle').read().data).toEqual(f64());
      f.close();
    }
  });
});

describe.skipIf(lacks('pytables', 'h5py'))('compressed files made now by PyTables 3.7 and h5py 3.7', () => {
  it('every codec reads with exact values', () => {
    const dir = tmp.path('made');
    const made = runPython<{ files: string[] }>('make_filter_fixtures.py', [dir]);
    for (const file of Object.keys(CODEC_FILES)) {
      expect(made.files).toContain(file);
      checkFile(dir, file);
    }
  });
});
