// The addon in worker_threads: it loads there, a worker hands a file it built in memory to
// the main thread by transferring the image's ArrayBuffer (no copy), and its read results
// the same way (issue 10 item 2: on every Node line), several workers work
// at once, and a worker that leaves with files open or reads pending crashes nothing.
// The workers run test/helpers/worker-h5.js over the compiled package (dist/).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';

import { hdf5Version, openFile, openFileAsync } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { pythonJson, useScratch } from './model-helpers';

const root = path.join(__dirname, '..', '..');
const fixture = path.join(__dirname, '..', 'helpers', 'worker-h5.js');
const scratch = useScratch();

interface Message {
  kind: string;
  [key: string]: unknown;
}

/** Runs the fixture with `data`; resolves with its messages and exit code. */
function runWorker(
  data: Record<string, unknown>,
  onMessage?: (message: Message, worker: Worker) => void,
): Promise<{ messages: Message[]; code: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fixture, { workerData: data });
    const messages: Message[] = [];
    worker.on('message', (message: Message) => {
      messages.push(message);
      onMessage?.(message, worker);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      const failed = messages.find((m) => m.kind === 'error');
      if (failed) reject(new Error(`worker failed: ${String(failed.message)}`));
      else resolve({ messages, code });
    });
  });
}

/**
 * dist/ must be current for the workers: compile it when a lib/ source is newer. The addon
 * is also loaded on this thread first, as in most programs (the test at the end covers a
 * main thread that never loads it).
 */
beforeAll(() => {
  hdf5Version();
  const built = path.join(root, 'dist', 'index.js');
  const newest = Math.max(
    ...fs.readdirSync(path.join(root, 'lib')).map((f) => fs.statSync(path.join(root, 'lib', f)).mtimeMs),
  );
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newest) {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')],
      { stdio: 'pipe' },
    );
  }
}, 120_000);

/** Opens an image a worker sent and checks it holds worker `id`'s content. */
async function checkImage(image: unknown, id: number, rows: number, cols: number): Promise<void> {
  expect(image).toBeInstanceOf(ArrayBuffer);
  const f = await openFileAsync(`from-worker-${id}.h5`, 'r', {
    driver: 'H5FD_CORE',
    driverCoreImage: image as ArrayBuffer,
  });
  try {
    expect(f.title).toBe(`worker ${id}`);
    const a = f.getNode('/data', undefined, 'Array');
    expect(a.title).toBe(`data of ${id}`);
    expect(a.attrs.get('worker')).toBe(id);
    const r = await a.readAsync();
    expect(r.shape).toEqual([rows, cols]);
    const want = Float64Array.from({ length: rows * cols }, (_, i) => id * 1e6 + i);
    expect(r.data).toBeInstanceOf(Float64Array);
    expect(
      Buffer.from(
        (r.data as Float64Array).buffer,
        (r.data as Float64Array).byteOffset,
        want.byteLength,
      ).equals(Buffer.from(want.buffer)),
    ).toBe(true);
  } finally {
    f.close();
  }
}

interface Exited {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs node with args in a child process (a crash there is a signal, not this test dying). */
function runNode(args: string[]): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** run(0) … run(n - 1), two at a time (the machine's cores), results in order. */
async function inPairs<T>(n: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < n; i += 2)
    results.push(...(await Promise.all([i, i + 1].filter((k) => k < n).map(run))));
  return results;
}

/** content(id, n) of worker-h5.js: x[i] = id * 1e6 + i. */
function content(id: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => id * 1e6 + i);
}

/** The files writeAndLeave (worker-h5.js) left in dir hold all it wrote, for h5tables and h5py. */
function checkLeftFiles(dir: string): void {
  const w = openFile(path.join(dir, 'w.h5'), 'r');
  expect(w.title).toBe('left open');
  expect(w.getNodeAttr('/', 'note')).toBe('written, never closed');
  expect(w.getNode('/x', undefined, 'Array').read().data).toEqual(content(4, 50_000));
  expect(w.getNode('/g/y', undefined, 'Array').read().data).toEqual(
    Int32Array.from({ length: 1000 }, (_, i) => -i),
  );
  w.close();
  const a = openFile(path.join(dir, 'a.h5'), 'r');
  expect(a.getNode('/old', undefined, 'Array').read().data).toEqual(Float64Array.of(1, 2, 3));
  expect(a.getNodeAttr('/old', 'touched')).toBe(42);
  expect(a.getNode('/new', undefined, 'Array').read().data).toEqual(content(5, 20_000));
  a.close();
  const core = openFile(path.join(dir, 'core.h5'), 'r');
  expect(core.getNode('/z', undefined, 'Array').read().data).toEqual(content(6, 30_000));
  expect(core.getNode('/z2', undefined, 'Array').read().data).toEqual(Float32Array.of(1.5, 2.5, 3.5));
  core.close();
  if (lacks('h5py')) return;
  const seen = pythonJson<Record<string, unknown>>(
    `
import json, h5py, numpy as np
def s(v): return v.decode() if isinstance(v, bytes) else str(v)
def same(d, id, n): return d.shape == (n,) and bool((d[()] == id * 1e6 + np.arange(n)).all())
with h5py.File('w.h5', 'r') as w, h5py.File('a.h5', 'r') as a, h5py.File('core.h5', 'r') as c:
    print(json.dumps({
        'title': s(w.attrs['TITLE']), 'note': s(w.attrs['note']), 'x': same(w['x'], 4, 50000),
        'y': w['g/y'].dtype.str + ' ' + str(int(w['g/y'][()].sum())),
        'old': a['old'][()].tolist(), 'touched': float(a['old'].attrs['touched']), 'new': same(a['new'], 5, 20000),
        'z': same(c['z'], 6, 30000), 'z2': c['z2'][()].tolist(),
    }))`,
    dir,
  );
  expect(seen).toEqual({
    title: 'left open',
    note: 'written, never closed',
    x: true,
    y: `<i4 ${-499_500}`,
    old: [1, 2, 3],
    touched: 42,
    new: true,
    z: true,
    z2: [1.5, 2.5, 3.5],
  });
}

describe('worker_threads', () => {
  it('the addon loads in a worker', async () => {
    const { messages, code } = await runWorker({ task: 'version' });
    expect(code).toBe(0);
    expect(messages).toEqual([{ kind: 'version', version: hdf5Version() }]);
  });

  it.each([
    ['sync', false],
    ['async', true],
  ] as const)(
    'a worker builds a file in memory (%s API) and transfers its image without a copy',
    async (_api, useAsync) => {
      const { messages, code } = await runWorker({
        task: 'build',
        id: 7,
        rows: 300,
        cols: 40,
        useAsync,
        take: 'get',
      });
      expect(code).toBe(0);
      const [sent, after] = messages;
      expect(sent.kind).toBe('image');
      expect(sent.whole).toBe(true); // the Buffer was the whole ArrayBuffer: nothing else moved
      expect((sent.buffer as ArrayBuffer).byteLength).toBe(sent.length);
      // Transferred, not copied: the worker's buffer was detached by postMessage.
      expect(after).toEqual({
        kind: 'after',
        id: 7,
        bufferByteLength: 0,
        viewLength: 0,
        transferError: null,
      });
      await checkImage(sent.buffer, 7, 300, 40);
    },
  );

  it.each(['getAsync', 'take', 'takeAsync'] as const)(
    'an image from %s reaches the main thread intact',
    async (take) => {
      const { messages, code } = await runWorker({
        task: 'build',
        id: 9,
        rows: 100,
        cols: 10,
        useAsync: take !== 'take',
        take,
      });
      expect(code).toBe(0);
      const sent = messages.find((m) => m.kind === 'image')!;
      expect(sent.whole).toBe(true);
      await checkImage(sent.buffer, 9, 100, 10);
    },
  );

  it.each(['getAsync', 'takeCopy'] as const)('an image from %s transfers without a copy', async (take) => {
    const { messages } = await runWorker({
      task: 'build',
      id: 9,
      rows: 100,
      cols: 10,
      useAsync: take === 'getAsync',
      take,
    });
    expect(messages.find((m) => m.kind === 'after')).toEqual({
      kind: 'after',
      id: 9,
      bufferByteLength: 0,
      viewLength: 0,
      transferError: null,
    });
    await checkImage(messages.find((m) => m.kind === 'image')!.buffer, 9, 100, 10);
  });

  // Documented (README, Images): takeFileImage() hands over the CORE driver's own memory as
  // an external Buffer, which Node does not transfer: Node 20 copies it silently (the
  // worker's buffer stays whole), newer Node throws DataCloneError (the fixture then posts
  // it without a transfer list, a copy). A copy of it transfers (takeCopy, above).
  it.each(['take', 'takeAsync'] as const)(
    'an image from %s is copied, not transferred, as documented',
    async (take) => {
      const { messages } = await runWorker({
        task: 'build',
        id: 9,
        rows: 100,
        cols: 10,
        useAsync: take !== 'take',
        take,
      });
      const sent = messages.find((m) => m.kind === 'image')!;
      const refused =
        Number(process.versions.node.split('.')[0]) >= 21
          ? 'Cannot transfer object of unsupported type.'
          : null;
      expect(messages.find((m) => m.kind === 'after')).toEqual({
        kind: 'after',
        id: 9,
        bufferByteLength: sent.length,
        viewLength: sent.length,
        transferError: refused,
      });
      await checkImage(sent.buffer, 9, 100, 10);
    },
  );

  it.each([
    ['made in the worker', false],
    ['opened from an image', true],
  ] as const)(
    'read results of an array %s transfer to the main thread without a copy (read, readAsync)',
    async (_how, fresh) => {
      const n = 3_000_000; // 24 MB: above the size from which reads used to be malloc'd
      const { messages, code } = await runWorker({ task: 'read', id: 3, n, fresh });
      expect(code).toBe(0);
      const want = content(3, n);
      const expected = {
        readAsync: want,
        'readAsync slice': want.subarray(n - 10),
        read: want,
        'read slice': want.subarray(0, 10),
      };
      const reads = messages.filter((m) => m.kind === 'read');
      expect(reads.map((m) => m.how)).toEqual(Object.keys(expected));
      for (const m of reads) {
        const w = expected[m.how as keyof typeof expected];
        expect(m.whole).toBe(true);
        expect(
          Buffer.from(m.buffer as ArrayBuffer).equals(Buffer.from(w.buffer, w.byteOffset, w.byteLength)),
        ).toBe(true);
      }
      const afters = messages.filter((m) => m.kind === 'after');
      expect(afters).toEqual(
        reads.map(() => ({ kind: 'after', id: 3, bufferByteLength: 0, viewLength: 0, transferError: null })),
      );
    },
  );

  it('four workers at once, each with its own content', async () => {
    const ids = [1, 2, 3, 4];
    const runs = await Promise.all(
      ids.map((id) =>
        runWorker({ task: 'build', id, rows: 2000 + id, cols: 50, useAsync: id % 2 === 0, take: 'get' }),
      ),
    );
    for (const [k, { messages, code }] of runs.entries()) {
      expect(code).toBe(0);
      const sent = messages.find((m) => m.kind === 'image')!;
      expect(sent.id).toBe(ids[k]);
      await checkImage(sent.buffer, ids[k], 2000 + ids[k], 50);
    }
  });

  it('a worker whose script ends with files open: they are closed with it', async () => {
    const p = scratch.path('left.h5');
    const { messages, code } = await runWorker({ task: 'leaveOpen', path: p, how: 'return' });
    expect(messages).toEqual([{ kind: 'ready' }]);
    expect(code).toBe(0);
    // The worker's disk file was closed (and flushed) with it: it opens again, even for 'w'.
    const again = openFile(p, 'r');
    expect(again.getNode('/a', undefined, 'Array').read(9999).data).toEqual(
      Float64Array.from({ length: 100 }, (_, i) => 1e6 + 999_900 + i),
    );
    again.close();
    openFile(p, 'w').close();
    // And this thread's HDF5 still works.
    const f = scratch.track(
      await openFileAsync('after.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }),
    );
    const a = await f.createArrayAsync('/', 'x', [1, 2, 3]);
    expect((await a.readAsync()).data).toEqual(Float64Array.of(1, 2, 3));
  });

  // A worker going away (process.exit() in it, or terminate()) while the HDF5 thread still
  // held its queued reads crashed the process in about half of these children (SIGSEGV,
  // SIGFPE): the environment freed its NativeFile objects, then the HDF5 thread ran the
  // next queued read on one. Earlier, settling a promise in a stopping environment threw
  // out of the thread-safe function's call ("terminate called after throwing an instance
  // of 'Napi::Error'"). Each child runs nine departures, terminate and exit in turn at
  // varied moments, each leaving ten 8 MB reads and 2000 small ones queued, and ends by
  // calling process.exit() on its main thread while a worker and its own reads are busy:
  // 60 departures in all, two children at a time.
  it('workers that go away (exit, terminate) with files open and reads queued crash nothing, 60 times', async () => {
    const rounds = 9;
    const script = (child: number): string => `
      const { Worker } = require('node:worker_threads');
      const h5 = require(${JSON.stringify(path.join(root, 'dist'))});
      const fixture = ${JSON.stringify(fixture)};
      const file = (name) => ${JSON.stringify(scratch.path(`c${child}-`))} + name + '.h5';
      h5.hdf5Version(); // loaded on the main thread too
      function start(workerData, onReady) {
        const w = new Worker(fixture, { workerData });
        w.on('message', (m) => { if (m.kind === 'ready') onReady(w); else console.log(JSON.stringify(m)); });
        w.on('error', (err) => console.log('worker error', String(err)));
        return new Promise((resolve) => w.on('exit', resolve));
      }
      (async () => {
        for (let i = 0; i < ${rounds}; i++) {
          const how = i % 2 === 0 ? 'terminate' : 'exit';
          const after = (${child} * 7 + i * 3) % 20;
          const p = file(i);
          const code = await start(
            { task: 'leaveOpen', path: p, how: how === 'exit' ? 'exit' : 'wait', pending: 2000, big: 10, after },
            (w) => { if (how === 'terminate') setTimeout(() => w.terminate(), after); });
          h5.openFile(p, 'w').close(); // the worker's file was released
          console.log(how, code);
        }
        // The main thread leaves while a worker works and its own reads are queued.
        const mine = h5.openFile(file('main'), 'w');
        const a = mine.createArray('/', 'a', new Float64Array(1_000_000).fill(${child}));
        for (let i = 0; i < 4; i++) void a.readAsync();
        for (let i = 0; i < 500; i++) void a.readAsync(i, i + 10);
        void start({ task: 'leaveOpen', path: file('last'), how: 'wait', pending: 2000, big: 10 },
          () => setTimeout(() => process.exit(7), ${child} * 3));
      })();`;
    const want = Array.from({ length: rounds }, (_, i) => (i % 2 === 0 ? 'terminate 1' : 'exit 0'));
    const results = await inPairs(6, (child) => runNode(['-e', script(child)]));
    for (const [child, r] of results.entries()) {
      expect({ child, signal: r.signal, status: r.status, stderr: r.stderr }).toEqual({
        child,
        signal: null,
        status: 7,
        stderr: '',
      });
      expect(r.stdout.split('\n').filter(Boolean)).toEqual(want);
      // The main thread's file, left open by process.exit(), was closed (and flushed) on the way out.
      const f = openFile(scratch.path(`c${child}-main.h5`), 'r');
      expect(f.getNode('/a', undefined, 'Array').read(999_999).data).toEqual(Float64Array.of(child));
      f.close();
    }
  }, 300_000);

  // Files left open, written and never flushed, must be whole on disk afterwards: an
  // environment that goes away closes its files (its cleanup hook), and a main thread that
  // calls process.exit() (or dies of an uncaught exception) leaves them to HDF5's own exit
  // handler, which runs only after the HDF5 thread has finished its current job.
  it.each([
    ['main thread', 'return', 0],
    ['main thread', 'exit', 0],
    ['main thread', 'throw', 1],
    ['worker', 'return', 0],
    ['worker', 'exit', 0],
    ['worker', 'terminate', 1],
  ] as const)(
    'a %s that leaves (%s) with files open leaves files h5tables and h5py read',
    async (where, how, code) => {
      const dir = path.dirname(scratch.path('x'));
      const old = openFile(path.join(dir, 'a.h5'), 'w');
      old.createArray('/', 'old', [1, 2, 3]);
      old.close();
      const data = { task: 'writeAndLeave', dir, how: how === 'terminate' ? 'wait' : how };
      if (where === 'main thread') {
        const r = spawnSync(process.execPath, [fixture, JSON.stringify(data)], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect({ signal: r.signal, status: r.status, stdout: r.stdout }).toEqual({
          signal: null,
          status: code,
          stdout: '{"kind":"ready"}\n',
        });
        if (how === 'throw') expect(r.stderr).toContain('Error: left with files open');
        else expect(r.stderr).toBe('');
      } else {
        // In this process: the worker's cleanup must have closed them while the process lives.
        const run = await runWorker(data, (m, w) => {
          if (m.kind === 'ready' && how === 'terminate') void w.terminate();
        });
        expect(run).toEqual({ messages: [{ kind: 'ready' }], code });
      }
      checkLeftFiles(dir);
    },
  );

  // Node unloads an addon when the last environment that loaded it goes away; libhdf5 went
  // with it, and the exiting worker thread then ran thread-safe HDF5's pthread TSD
  // destructors from unmapped code (SIGSEGV). The addon is now never unloaded.
  it('a process whose main thread never loads the addon survives a worker that did', () => {
    const script = `
      const { Worker } = require('node:worker_threads');
      const w = new Worker(${JSON.stringify(fixture)}, { workerData: { task: 'version' } });
      w.on('message', (m) => console.log(m.kind));
      w.on('exit', () => setTimeout(() => console.log('alive'), 50));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['version', 'alive']);
    expect(r.status).toBe(0);
  });
});
