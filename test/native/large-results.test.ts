// Results of 4 MiB and more get transparent huge pages before their first write (an
// madvise, binding/hdf5/huge_pages.h). Advice only: every path that fills such a buffer
// must still give exactly the stored values (contiguous reads from memory, H5Dread of
// chunked and compressed data, selections, async reads, file images), and small results
// the same as before.
import { describe, expect, it } from 'vitest';

import { Filters, openFile, type Array as H5Array, type CArray } from '../../lib/index';

const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;
const N = 3 << 20; // 24 MiB of float64: several whole 2 MiB pages, and a ragged end

const values = Float64Array.from({ length: N }, (_, i) => i * 0.25 - 7);

function firstWrong(got: Float64Array, start = 0, step = 1): number {
  for (let i = 0; i < got.length; i++) if (got[i] !== values[start + i * step]) return i;
  return -1;
}

describe('large results', () => {
  it('contiguous and chunked, whole and selected, sync and async: the stored values', async () => {
    const f = openFile('large.h5', 'w', MEM);
    f.createArray('/', 'plain', values);
    f.createCArray('/', 'packed', {
      obj: values,
      filters: new Filters({ complevel: 1, complib: 'blosc:lz4' }),
    });
    for (const name of ['plain', 'packed']) {
      const x = f.getNode(`/${name}`) as H5Array | CArray;
      const whole = x.read().data as Float64Array;
      expect(whole).toHaveLength(N);
      expect(firstWrong(whole), name).toBe(-1);
      const async = (await x.readAsync()).data as Float64Array;
      expect(firstWrong(async), `${name} async`).toBe(-1);
      const part = x.read(12_345, N - 3, 2).data as Float64Array; // > 4 MiB, strided, unaligned start
      expect(part).toHaveLength(Math.ceil((N - 3 - 12_345) / 2));
      expect(firstWrong(part, 12_345, 2), `${name} selection`).toBe(-1);
      const small = x.read(N - 10, N).data as Float64Array; // below the threshold: untouched path
      expect(Array.from(small)).toEqual(Array.from(values.subarray(N - 10)));
    }
    const image = f.getFileImage();
    f.close();
    expect(image.length).toBeGreaterThan(8 * N);
    const g = openFile('again.h5', 'r', { ...MEM, driverCoreImage: image });
    expect(firstWrong((g.getNode('/plain') as H5Array).read().data as Float64Array)).toBe(-1);
    expect(firstWrong((g.getNode('/packed') as CArray).read().data as Float64Array)).toBe(-1);
    g.close();
  });
});
