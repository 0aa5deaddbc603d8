// The filters are registered once per process: workers (their own environments, the
// same libhdf5) read compressed files too, at the same time as the main thread.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

import { Array as H5Array, openFile } from '../../lib/index';
import { ensureDist } from '../helpers/dist';
import { FIXTURES, f64 } from './values';

// Each worker reads /f64_shuffle of every file and posts the sums and the lzo error.
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const h5 = require(workerData.dist);
const out = {};
for (const file of workerData.files) {
  const f = h5.openFile(workerData.dir + '/' + file);
  const data = f.getNode('/f64_shuffle').read().data;
  out[file] = Array.from(data).reduce((a, b) => a + b, 0);
  f.close();
}
const lzo = h5.openFile(workerData.dir + '/pytables-lzo.h5');
try { lzo.getNode('/f64_shuffle').read(); } catch (e) { out.lzo = e.message; }
lzo.close();
parentPort.postMessage(out);
`;

const FILES = ['pytables-blosc-lz4.h5', 'pytables-blosc-zstd.h5', 'pytables-bzip2.h5', 'h5py-lzf.h5'];

describe('compressed reads in worker threads', () => {
  it('four workers and the main thread at once', async () => {
    const dist = ensureDist();
    const sum = Array.from(f64()).reduce((a, b) => a + b, 0);
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<Record<string, number | string>>((resolve, reject) => {
          const w = new Worker(SCRIPT, { eval: true, workerData: { dist, dir: FIXTURES, files: FILES } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    );
    for (const file of FILES) {
      const f = openFile(path.join(FIXTURES, file));
      expect((f.getNode('/f64_shuffle') as H5Array).read().data).toEqual(f64());
      f.close();
    }
    for (const out of await Promise.all(runs)) {
      for (const file of FILES) expect(out[file]).toBe(sum);
      expect(out.lzo).toMatch(/^filter 'lzo' \(305\) is not available in this build/);
    }
  });
});
