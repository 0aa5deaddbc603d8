// The promise forms: the same results as the sync calls, with the HDF5 work on the
// binding's HDF5 thread; errors are the same classes.
import { describe, expect, it } from 'vitest';

import {
  ClosedFileError,
  HDF5ExtError,
  NodeError,
  openFile,
  openFileAsync,
  type File,
  type OpenFileOptions,
} from '../../lib/index';
import { useScratch } from './model-helpers';

const scratch = useScratch();
const CORE_MEM: OpenFileOptions = { driver: 'H5FD_CORE', driverCoreBackingStore: false };

describe('promise forms', () => {
  it('opens, writes, reads, images and closes', async () => {
    const f = scratch.track(await openFileAsync(scratch.path('a.h5'), 'w', { title: 'Async' }));
    expect(f.title).toBe('Async');
    const data = Float64Array.from({ length: 1000 }, (_, i) => i);
    const a = await f.createArrayAsync('/', 'a', { data, shape: [100, 10] }, 'A');
    expect(a.title).toBe('A');
    expect(a.attrs.get('CLASS')).toBe('ARRAY');
    const all = await a.readAsync();
    expect(all.shape).toEqual([100, 10]);
    expect(all.data).toEqual(data);
    const rows = await a.readAsync(10, 40, 10);
    expect(rows.shape).toEqual([3, 10]);
    expect(Array.from(rows.data as Float64Array).filter((_, i) => i % 10 === 0)).toEqual([100, 200, 300]);
    expect(await a.readAsync(5, 5)).toEqual({ data: new Float64Array(0), shape: [0, 10], dtype: 'float64' });
    await f.flushAsync();
    const image = await f.getFileImageAsync();
    await f.closeAsync();
    expect(f.isOpen).toBe(false);
    await f.closeAsync(); // twice is fine
    const g = scratch.track(
      await openFileAsync('img.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image }),
    );
    expect((await g.root.a.readAsync(99)).data).toEqual(data.subarray(990));
  });

  it('rejects with the same errors as the sync calls', async () => {
    await expect(openFileAsync(scratch.path('x.h5'), 'q' as 'r')).rejects.toThrow(RangeError);
    await expect(openFileAsync(scratch.path('missing.h5'), 'r')).rejects.toThrow('does not exist');
    await expect(
      openFileAsync('bad.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: Buffer.alloc(64, 1) }),
    ).rejects.toThrow(HDF5ExtError);
    const f = scratch.track(openFile(scratch.path('m.h5'), 'w', CORE_MEM));
    await f.createArrayAsync('/', 'a', [1]);
    await expect(f.createArrayAsync('/', 'a', [1])).rejects.toThrow(NodeError);
    await expect(f.root.a.readAsync(0, 1, -1)).rejects.toThrow('slice step cannot be negative');
    const closing = f.closeAsync();
    await expect(f.flushAsync()).rejects.toThrow(ClosedFileError);
    await closing;
    expect(scratch.list()).toEqual([]);
  });

  it('takes the image out of a file, closing it', async () => {
    const f = openFile('mem.h5', 'w', { ...CORE_MEM, title: 'Taken' });
    f.createArray('/', 'a', Int32Array.of(1, 2, 3));
    const g = f.root.a;
    const image = f.takeFileImage();
    expect(f.isOpen).toBe(false);
    expect(g.isOpen).toBe(false);
    const h = scratch.track(openFile('again.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image }));
    expect(h.title).toBe('Taken');
    expect(h.root.a.read().data).toEqual(Int32Array.of(1, 2, 3));

    const k = openFile(scratch.path('disk.h5'), 'w');
    k.createArray('/', 'b', [4]);
    const fromDisk = await k.takeFileImageAsync();
    expect(k.isOpen).toBe(false);
    const m = scratch.track(openFile('again2.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: fromDisk }));
    expect(m.root.b.read().data).toEqual(Float64Array.of(4));
    openFile(scratch.path('disk.h5'), 'w').close(); // the disk file was released
  });

  it('takes the image of a disk file loaded read-only into memory', async () => {
    const p = scratch.path('loaded.h5');
    const w = openFile(p, 'w');
    w.createArray('/', 'a', [1, 2]);
    w.close();
    for (const take of [
      (f: File) => Promise.resolve(f.takeFileImage()),
      (f: File) => f.takeFileImageAsync(),
    ]) {
      const f = openFile(p, 'r', CORE_MEM);
      const image = await take(f);
      expect(f.isOpen).toBe(false);
      const g = openFile('copy.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image });
      expect(g.root.a.read().data).toEqual(Float64Array.of(1, 2));
      g.close();
    }
    openFile(p, 'w').close(); // released
  });
});
