// Issue 8, item 3: a NativeDataset per open dataset, owned by its NativeFile. Its ids stay
// open whatever happens to the links; closing the file closes it; using it after that is
// a JS exception; a forgotten one is collected safely, also in a worker that ends with it
// open; the path-addressed NativeFile calls still see a path's new object after links change.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

import { native, type NativeFile } from '../../lib/native';

const ROOT = path.join(__dirname, '..', '..');
const addon = native();
const f64 = (values: number[]) => ({
  dtype: 'float64' as const,
  shape: [values.length],
  data: new Float64Array(values),
});

function memoryFile(name: string): NativeFile {
  return addon.openFile({ name, create: true, writable: true, driver: 'core', coreBackingStore: false });
}

describe('NativeDataset', () => {
  it('describes and reads its dataset, sync and async, whole and by hyperslab', async () => {
    const f = memoryFile('nd-read.h5');
    f.createDataset('/x', { dtype: 'int32', shape: [2, 3], data: new Int32Array([1, 2, 3, 4, 5, 6]) });
    const d = f.openDataset('/x');
    expect(d.path()).toBe('/x');
    expect(d.isOpen()).toBe(true);
    expect(d.getInfo()).toEqual({
      dtype: 'int32',
      shape: [2, 3],
      atomShape: [],
      itemsize: 4,
      byteorder: 'little',
      chunkshape: null,
      maxshape: [2, 3],
      filters: [],
    });
    expect(await d.getInfoAsync()).toEqual(d.getInfo());
    expect(d.read()).toEqual({ dtype: 'int32', shape: [2, 3], data: new Int32Array([1, 2, 3, 4, 5, 6]) });
    const slab = { start: [1, 0], count: [1, 2], step: [1, 2] };
    expect(await d.readAsync(slab)).toEqual({ dtype: 'int32', shape: [1, 2], data: new Int32Array([4, 6]) });
    f.close();
  });

  it('keeps its object when the link is moved or deleted; path calls follow the links', () => {
    const f = memoryFile('nd-links.h5');
    f.createDataset('/x', f64([1, 2]));
    const d = f.openDataset('/x');
    expect(f.readDataset('/x').data).toEqual(new Float64Array([1, 2]));
    f.moveLink('/x', '/y');
    f.createDataset('/x', f64([7, 8, 9]));
    expect(d.read().data).toEqual(new Float64Array([1, 2])); // the object it opened
    expect(f.readDataset('/x').data).toEqual(new Float64Array([7, 8, 9])); // the path's new object
    f.deleteLink('/y');
    expect(d.read().data).toEqual(new Float64Array([1, 2]));
    f.close();
  });

  it('a missing or non-dataset path is an HDF5 error, and opens nothing', () => {
    const f = memoryFile('nd-missing.h5');
    f.createGroup('/g');
    expect(() => f.openDataset('/nope')).toThrow(
      expect.objectContaining({ code: 'ERR_HDF5', message: expect.stringMatching(/^H5Dopen2 failed/) }),
    );
    expect(() => f.openDataset('/g')).toThrow(expect.objectContaining({ code: 'ERR_HDF5' }));
    f.close();
  });

  it('closing the file closes its datasets: ERR_CLOSED after, in both forms; closing them again is fine', async () => {
    const f = memoryFile('nd-close.h5');
    f.createDataset('/x', f64([1]));
    const handles = [f.openDataset('/x'), f.openDataset('/x')];
    const pending = handles[0].readAsync();
    await f.closeAsync();
    expect((await pending).data).toEqual(new Float64Array([1])); // queued before the close
    for (const d of handles) {
      expect(d.isOpen()).toBe(false);
      expect(() => d.read()).toThrow(
        expect.objectContaining({ code: 'ERR_CLOSED', message: 'the file is closed' }),
      );
      await expect(d.readAsync()).rejects.toMatchObject({
        code: 'ERR_CLOSED',
        message: 'the file is closed',
      });
      d.close();
    }
  });

  it('takeFileImage closes the datasets too; the image reopens with the data', () => {
    const f = memoryFile('nd-take.h5');
    f.createDataset('/x', f64([4, 5]));
    const d = f.openDataset('/x');
    const image = f.takeFileImage();
    expect(d.isOpen()).toBe(false);
    expect(() => d.getInfo()).toThrow(expect.objectContaining({ code: 'ERR_CLOSED' }));
    const again = addon.openFile({
      name: 'nd-take-2.h5',
      create: false,
      writable: false,
      driver: 'core',
      coreBackingStore: false,
      image,
    });
    expect(again.openDataset('/x').read().data).toEqual(new Float64Array([4, 5]));
    again.close();
  });

  it('one constructed from JavaScript is closed', () => {
    const f = memoryFile('nd-ctor.h5');
    f.createDataset('/x', f64([1]));
    const Ctor = (f.openDataset('/x') as object).constructor as new () => {
      read(): unknown;
      isOpen(): boolean;
    };
    const stray = new Ctor();
    expect(stray.isOpen()).toBe(false);
    expect(() => stray.read()).toThrow(expect.objectContaining({ code: 'ERR_CLOSED' }));
    f.close();
  });

  // The addon lib/native.ts loads (H5TABLES_ADDON, else node-gyp-build's choice).
  const override = process.env.H5TABLES_ADDON;
  const loader = override
    ? `const addon = require(${JSON.stringify(path.resolve(override))});`
    : `const addon = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'node-gyp-build'))})(${JSON.stringify(ROOT)});`;

  it('forgotten handles are collected safely, before and after their file closes', () => {
    const script = `${loader}
      const f = addon.openFile({ name: 'gc.h5', create: true, writable: true, driver: 'core', coreBackingStore: false });
      f.createDataset('/x', { dtype: 'float64', shape: [1000], data: new Float64Array(1000) });
      (async () => {
        for (let round = 0; round < 20; round++) {
          for (let i = 0; i < 200; i++) f.openDataset('/x').read();
          global.gc();
          await new Promise((r) => setTimeout(r, 1));
        }
        const kept = Array.from({ length: 50 }, () => f.openDataset('/x'));
        f.close();
        kept.length = 0;
        global.gc();
        await new Promise((r) => setTimeout(r, 10));
        console.log('ok');
      })();`;
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
    expect(r.status).toBe(0);
  });

  it('a worker that ends with datasets open (and reads pending) leaves the process well', async () => {
    for (let i = 0; i < 10; i++) {
      const worker = new Worker(
        `${loader}
        const { parentPort } = require('node:worker_threads');
        const f = addon.openFile({ name: 'w.h5', create: true, writable: true, driver: 'core', coreBackingStore: false });
        f.createDataset('/x', { dtype: 'float64', shape: [100000], data: new Float64Array(100000) });
        const handles = Array.from({ length: 20 }, () => f.openDataset('/x'));
        for (const d of handles) d.readAsync();
        parentPort.postMessage('ready');`,
        { eval: true },
      );
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      await worker.terminate();
    }
    // The main thread's HDF5 still works.
    const f = memoryFile('after-workers.h5');
    f.createDataset('/x', f64([3]));
    expect(f.openDataset('/x').read().data).toEqual(new Float64Array([3]));
    f.close();
  });
});
