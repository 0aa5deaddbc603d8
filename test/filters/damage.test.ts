// Damaged compressed chunks, many ways (a fixed seed, so a failure repeats): every read
// either succeeds (blosc and lzf carry no checksum, so damage may decode to other values)
// or throws an HDF5ExtError; never a crash, a hang or another kind of error. The files
// are opened from memory (driverCoreImage), the damage confined to the chunks' bytes as
// test/fixtures/filters/chunks.json (written by make_filter_fixtures.py) locates them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { Array as H5Array, HDF5ExtError, openFile, openFileAsync } from '../../lib/index';
import { FIXTURES, f64 } from './values';

const CHUNKS = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'chunks.json'), 'utf8')) as Record<
  string,
  Array<[number, number]>
>;
const ROUNDS = 150;

function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** One damaged copy of image: bytes flipped, words overwritten, or a run zeroed. */
function damage(image: Buffer, chunks: Array<[number, number]>, rand: () => number): Buffer {
  const copy = Buffer.from(image);
  const [offset, size] = chunks[Math.floor(rand() * chunks.length)];
  const at = (limit = size) => offset + Math.floor(rand() * limit);
  switch (Math.floor(rand() * 4)) {
    case 0: // a few flipped bits
      for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) copy[at()] ^= 1 << Math.floor(rand() * 8);
      break;
    case 1: // a header word (sizes, flags) set to something large or random
      copy.writeUInt32LE(
        rand() < 0.5 ? 0xffffffff - Math.floor(rand() * 1000) : Math.floor(rand() * 4294967296),
        at(Math.min(16, size - 4)),
      );
      break;
    case 2: // the tail zeroed, as a short write would leave it
      copy.fill(0, at(), offset + size);
      break;
    default: // a run of random bytes
      for (let p = at(), end = Math.min(p + 1 + Math.floor(rand() * 64), offset + size); p < end; p++)
        copy[p] = Math.floor(rand() * 256);
  }
  return copy;
}

describe('damaged compressed chunks never crash', () => {
  for (const file of Object.keys(CHUNKS)) {
    it(`${file}: ${ROUNDS} damaged copies`, async () => {
      const image = fs.readFileSync(path.join(FIXTURES, file));
      const rand = prng(0x5eed + file.length);
      let failed = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const copy = damage(image, CHUNKS[file], rand);
        const f = openFile(`damaged-${round}.h5`, 'r', {
          driver: 'H5FD_CORE',
          driverCoreBackingStore: false,
          driverCoreImage: copy,
        });
        const node = f.getNode('/f64') as H5Array;
        try {
          const got = node.read();
          expect(got.shape).toEqual([50, 8]);
        } catch (err) {
          expect(err).toBeInstanceOf(HDF5ExtError);
          expect((err as Error).message).toMatch(/^H5Dread failed: /);
          failed++;
        }
        f.close();
      }
      // The damage is real: most copies fail to decode.
      expect(failed).toBeGreaterThan(ROUNDS / 3);
      // And the undamaged file still reads right afterwards.
      const f = await openFileAsync('intact.h5', 'r', {
        driver: 'H5FD_CORE',
        driverCoreBackingStore: false,
        driverCoreImage: image,
      });
      expect((await (f.getNode('/f64') as H5Array).readAsync()).data).toEqual(f64());
      await f.closeAsync();
    });
  }
});
