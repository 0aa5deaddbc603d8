// Datasets whose fill rules leave unwritten elements unfilled (H5D_FILL_TIME_NEVER): HDF5
// leaves a read's buffer as it was where they have no storage, so a reader that does not
// zero it first hands out whatever that memory held before (another read's data: on a
// server, another request's). Such reads give zeros there, as h5py's do, in every read
// path: whole, sliced, records, sync and async, from a file and from memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openFile, openFileAsync, type File } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { makeTmpDir, removeDir } from '../helpers/tmp';

type Counts = Record<'/chunked' | '/contig' | '/records' | '/written', number>;

function nonZero(a: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) n++;
  return n;
}

const WAYS = { sec2: {}, core: { driver: 'H5FD_CORE' } } as const;

describe.skipIf(lacks('h5py'))(
  'reads of unfilled storage give zeros, never stale memory',
  { timeout: 60_000 },
  () => {
    let dir = '';
    let file = '';
    let h5py: Counts;
    beforeAll(() => {
      dir = makeTmpDir('h5tables-fill-never-');
      file = `${dir}/fill-never.h5`;
      h5py = runPython<Counts>('h5py_fill_never.py', [file]);
    }, 60_000);
    afterAll(() => removeDir(dir));

    for (const [way, options] of Object.entries(WAYS)) {
      it(`whole, sliced and as records, sync and async (${way})`, async () => {
        expect(h5py).toEqual({ '/chunked': 512, '/contig': 0, '/records': 2, '/written': 4096 });
        const sync = openFile(file, 'r', options);
        const async = await openFileAsync(file, 'r', options);
        try {
          // Each read follows a read of as many non-zero bytes, whose freed memory it may get.
          const dirty = (f: File) => f.getNode('/written', undefined, 'Array').read();
          const got = {
            chunked: [] as number[],
            sliced: [] as number[],
            contig: [] as number[],
            records: [] as number[],
          };
          for (let i = 0; i < 10; i++) {
            for (const f of [sync, async]) {
              const chunked = f.getNode('/chunked', undefined, 'Array');
              const contig = f.getNode('/contig', undefined, 'Array');
              const records = f.getNode('/records', undefined, 'Table');
              const isAsync = f === async;
              dirty(f);
              got.chunked.push(
                nonZero((isAsync ? await chunked.readAsync() : chunked.read()).data as Float64Array),
              );
              dirty(f);
              const sliced = isAsync ? await chunked.readAsync(0, 4000, 2) : chunked.read(0, 4000, 2);
              got.sliced.push(nonZero(sliced.data as Float64Array));
              dirty(f);
              got.contig.push(
                nonZero((isAsync ? await contig.readAsync() : contig.read()).data as Float64Array),
              );
              dirty(f);
              const r = (isAsync ? await records.readAsync() : records.read()) as Record<
                string,
                ArrayLike<number>
              >;
              got.records.push(nonZero(r.a) + nonZero(r.b));
            }
          }
          const each = (n: number) => new Array<number>(20).fill(n);
          expect(got).toEqual({ chunked: each(512), sliced: each(256), contig: each(0), records: each(2) });
          // What was written reads as written.
          expect(
            Array.from(sync.getNode('/chunked', undefined, 'Array').read(510, 514).data as Float64Array),
          ).toEqual([7, 7, 0, 0]);
          expect(sync.getNode('/records', undefined, 'Table').read(0, 2)).toMatchObject({
            a: Int32Array.of(5, 0),
            b: Float64Array.of(2.5, 0),
          });
        } finally {
          sync.close();
          async.close();
        }
      });
    }
  },
);
