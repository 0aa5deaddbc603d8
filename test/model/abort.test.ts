// AbortSignal on the Promise forms: an aborted signal rejects at once; aborting while the
// task waits in the HDF5 thread's queue takes it out (it never runs); a task that has
// started finishes and delivers its result. The HDF5 thread is held deterministically:
// HDF5 opening a FIFO (isHDF5FileAsync, straight from the binding) blocks in open(2)
// until the test opens the FIFO's other end, so every task queued behind it is still
// queued when it is aborted, with no timing involved.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';

import { openFile, openFileAsync, type File } from '../../lib/index';
import { native } from '../../lib/native';
import { useScratch } from './model-helpers';

const scratch = useScratch();
const files: File[] = [];
const holds: Array<{ release: () => Promise<void>; released: boolean }> = [];
afterEach(async () => {
  // A failed test must not leave the HDF5 thread held: every later test would hang.
  for (const h of holds.splice(0)) if (!h.released) await h.release().catch(() => {});
  for (const f of files.splice(0)) f.close();
});

function memFile(): File {
  const f = openFile('abort.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
  files.push(f);
  return f;
}

/** Holds the HDF5 thread until release() (a FIFO HDF5 is opening). */
function holdHdf5Thread(): { release: () => Promise<void>; released: boolean } {
  const fifo = scratch.path(`hold-${holds.length}.fifo`);
  execFileSync('mkfifo', [fifo]);
  const held = native().isHDF5FileAsync(fifo);
  const hold = {
    released: false,
    async release() {
      hold.released = true;
      // The HDF5 thread may not have reached open(2) yet: ENXIO until it has.
      for (;;) {
        try {
          fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      expect(await held).toBe(false); // an empty FIFO is no HDF5 file
    },
  };
  holds.push(hold);
  return hold;
}

function isAbortError(reason: unknown, cause?: unknown): boolean {
  return (
    reason instanceof DOMException &&
    reason.name === 'AbortError' &&
    (cause === undefined || reason.cause === cause)
  );
}

describe('AbortSignal on Promise forms', () => {
  it('an already aborted signal rejects at once with an AbortError, and nothing is done', async () => {
    const f = memFile();
    const a = f.createArray('/', 'a', [1, 2, 3]);
    const signal = AbortSignal.abort('why');
    const attempts: Promise<unknown>[] = [
      a.readAsync(undefined, undefined, undefined, { signal }),
      f.createArrayAsync('/', 'b', [1], { signal }),
      f.createArrayAsync('/', 'c', [1], { title: 'T', signal }),
      f.flushAsync({ signal }),
      f.getFileImageAsync({ signal }),
      f.takeFileImageAsync({ signal }),
      f.closeAsync({ signal }),
      openFileAsync(path.join(scratch.path('.'), 'never.h5'), 'w', { signal }),
    ];
    for (const outcome of await Promise.allSettled(attempts)) {
      expect(outcome.status).toBe('rejected');
      expect(isAbortError((outcome as PromiseRejectedResult).reason, 'why')).toBe(true);
    }
    expect(f.isOpen).toBe(true); // closeAsync and takeFileImageAsync left it open
    expect(f.has('/b') || f.has('/c')).toBe(false);
    expect(fs.existsSync(path.join(scratch.path('.'), 'never.h5'))).toBe(false);
  });

  it('refuses a signal that is not an AbortSignal', async () => {
    const f = memFile();
    const a = f.createArray('/', 'a', [1]);
    await expect(a.readAsync(0, 1, 1, { signal: {} as AbortSignal })).rejects.toThrow(
      "option 'signal' must be an AbortSignal",
    );
    await expect(f.flushAsync({ sigal: 1 } as never)).rejects.toThrow(
      "flushAsync: unknown option 'sigal'; accepted options: signal",
    );
  });

  it('aborting queued reads takes them out of the queue; the others deliver their data', async () => {
    const f = memFile();
    const a = f.createArray(
      '/',
      'a',
      Float64Array.from({ length: 200 }, (_, i) => i * 2),
    );
    const hold = holdHdf5Thread();
    const controllers = Array.from({ length: 200 }, () => new AbortController());
    const reads = controllers.map((c, i) => a.readAsync(i, i + 1, undefined, { signal: c.signal }));
    const aborted = reads.filter((_, i) => i % 2 === 1);
    controllers.forEach((c, i) => {
      if (i % 2 === 1) c.abort(`stop ${i}`);
    });
    // They reject while the HDF5 thread is still held: they were taken out of its queue.
    const early = await Promise.allSettled(aborted);
    early.forEach((r, k) => {
      expect(r.status).toBe('rejected');
      expect(isAbortError((r as PromiseRejectedResult).reason, `stop ${2 * k + 1}`)).toBe(true);
    });
    await hold.release();
    const rest = await Promise.all(reads.filter((_, i) => i % 2 === 0));
    rest.forEach((r, k) => expect(Array.from(r.data as Float64Array)).toEqual([4 * k]));
  });

  it('aborted writes never ran: their nodes do not exist, the others do', async () => {
    const f = memFile();
    expect(f.root.isOpen).toBe(true); // known now: createArrayAsync then needs no sync lookup (the lock is held)
    const hold = holdHdf5Thread();
    const controllers = Array.from({ length: 40 }, () => new AbortController());
    const writes = Promise.allSettled(
      controllers.map((c, i) => f.createArrayAsync('/', `n${i}`, [i], { signal: c.signal })),
    );
    controllers.forEach((c, i) => {
      if (i % 2 === 1) c.abort();
    });
    await hold.release();
    const results = await writes;
    results.forEach((r, i) => {
      expect(r.status).toBe(i % 2 === 1 ? 'rejected' : 'fulfilled');
      expect(f.has(`/n${i}`)).toBe(i % 2 === 0);
    });
    expect(Array.from(f.root.n4.read().data as Float64Array)).toEqual([4]);
  });

  it('a task already running is not cancelled: its result is delivered', async () => {
    const f = memFile();
    f.createArray(
      '/',
      'a',
      Float64Array.from({ length: 1000 }, (_, i) => i),
    );
    const controller = new AbortController();
    const read = f.root.a.readAsync(undefined, undefined, undefined, { signal: controller.signal });
    // Once settled, aborting does nothing (the task is gone from the queue).
    const result = await read;
    controller.abort();
    expect(result.data.length).toBe(1000);
    // An abort after the start of a flush the thread is already doing: the flush is queued
    // behind nothing, so it may have started; either it ran (resolves) or it never did.
    const c2 = new AbortController();
    const flushing = f.flushAsync({ signal: c2.signal });
    c2.abort();
    const outcome = await flushing.then(
      () => 'ran',
      (e: unknown) => (isAbortError(e) ? 'never ran' : e),
    );
    expect(['ran', 'never ran']).toContain(outcome);
  });

  it('getFileImageAsync aborted while queued rejects; the file is untouched and still usable', async () => {
    const f = memFile();
    f.createArray('/', 'a', [1, 2]);
    const hold = holdHdf5Thread();
    const controller = new AbortController();
    const image = f.getFileImageAsync({ signal: controller.signal });
    controller.abort();
    await expect(image).rejects.toMatchObject({ name: 'AbortError' });
    await hold.release();
    const again = await f.getFileImageAsync();
    const g = openFile('copy.h5', 'r', {
      driver: 'H5FD_CORE',
      driverCoreImage: again,
      driverCoreBackingStore: false,
    });
    files.push(g);
    expect(Array.from(g.root.a.read().data as Float64Array)).toEqual([1, 2]);
  });

  it('openFileAsync aborted while queued opens nothing, and the name is free again', async () => {
    const name = path.join(scratch.path('.'), 'aborted-open.h5');
    const hold = holdHdf5Thread();
    const controller = new AbortController();
    const opening = openFileAsync(name, 'w', { signal: controller.signal });
    controller.abort();
    await expect(opening).rejects.toMatchObject({ name: 'AbortError' });
    await hold.release();
    expect(fs.existsSync(name)).toBe(false);
    const f = await openFileAsync(name, 'w');
    files.push(f);
    expect(f.isOpen).toBe(true);
  });

  it('the binding: cancel() is true once for a queued task, false once it has run', async () => {
    const f = memFile();
    f.createArray('/', 'a', [1, 2, 3]);
    const nat = f._nat();
    const hold = holdHdf5Thread();
    let queuedCancel: (() => boolean) | undefined;
    const cancelled = nat
      .readDatasetAsync('/a', undefined, undefined, (c) => (queuedCancel = c))
      .then(
        () => 'ran',
        (e: Error & { code?: string }) => `${e.name} ${e.code}`,
      );
    let laterCancel: (() => boolean) | undefined;
    const kept = nat.readDatasetAsync('/a', undefined, undefined, (c) => (laterCancel = c));
    expect(queuedCancel?.()).toBe(true);
    expect(queuedCancel?.()).toBe(false); // spent
    expect(await cancelled).toBe('AbortError ABORT_ERR');
    await hold.release();
    expect(Array.from((await kept).data as Float64Array)).toEqual([1, 2, 3]);
    expect(laterCancel?.()).toBe(false); // it ran
  });

  it('a worker that exits with cancelled and queued tasks crashes nothing', async () => {
    const dist = path.join(__dirname, '..', '..', 'dist', 'index.js');
    // Sync calls wait for the HDF5 lock the held thread has: the worker makes its file first.
    const code = `
      const { parentPort } = require('node:worker_threads');
      const { openFile } = require(${JSON.stringify(dist)});
      const f = openFile('w.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
      const a = f.createArray('/', 'a', [1, 2, 3]);
      parentPort.postMessage('ready');
      parentPort.once('message', () => {
        const cs = [];
        for (let i = 0; i < 50; i++) {
          const c = new AbortController(); cs.push(c);
          a.readAsync(0, 1, 1, { signal: c.signal }).catch(() => {});
        }
        cs.forEach((c, i) => { if (i % 2) c.abort(); });
        parentPort.postMessage('queued');
        process.exit(0);
      });
    `;
    const worker = new Worker(code, { eval: true });
    const messages: unknown[] = [];
    const exited = new Promise((resolve) => worker.on('exit', resolve));
    let next: () => void = () => {};
    worker.on('message', (m) => {
      messages.push(m);
      next();
    });
    await new Promise<void>((resolve) => (next = resolve));
    const hold = holdHdf5Thread();
    worker.postMessage('go');
    await new Promise<void>((resolve) => (next = resolve));
    // The worker is exiting: its cleanup waits for the HDF5 job running now (the hold),
    // then its queued tasks are discarded, never run into its freed objects.
    await hold.release();
    expect(await exited).toBe(0);
    expect(messages).toEqual(['ready', 'queued']);
    const f = memFile();
    f.createArray('/', 'x', [7]);
    expect(Array.from((await f.root.x.readAsync()).data as Float64Array)).toEqual([7]);
  });
});
