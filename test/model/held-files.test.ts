// Issue 9 item 6: a 'w' open never destroys a file that another worker, realm or process
// holds open. HDF5 truncates before it finds the file locked (or open under another driver),
// so the binding checks first: its process-wide registry of open disk files (by device and
// inode, shared by all workers), then a non-blocking exclusive flock for other processes.
// Holders: test/helpers/hold-worker.js (a worker) and test/python/h5py_hold.py (h5py).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { HDF5ExtError, openFile, openFileAsync, type OpenFileOptions } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { PYTHON, PYTHON_DIR } from '../helpers/python';
import { ageFile, fileState, useTmpDir, type FileState } from '../helpers/tmp';

const root = path.join(__dirname, '..', '..');
const tmp = useTmpDir('h5tables-held-');

beforeAll(() => {
  // The workers load dist/: it must be current (the suite's pretest builds it).
  expect(fs.existsSync(path.join(root, 'dist', 'index.js'))).toBe(true);
});

type Driver = NonNullable<OpenFileOptions['driver']>;
const DRIVERS: Driver[] = ['H5FD_SEC2', 'H5FD_STDIO', 'H5FD_CORE'];

function writeSample(p: string): void {
  const f = openFile(p, 'w', { title: 'Held' });
  f.createArray('/', 'data', Float64Array.of(1, 2, 3), 'Data');
  f.close();
}

function readData(p: string): number[] {
  const f = openFile(p, 'r');
  try {
    return Array.from(f.getNode('/data').read().data as Float64Array);
  } finally {
    f.close();
  }
}

function expectSame(after: FileState, before: FileState): void {
  expect(after.size).toBe(before.size);
  expect(after.bytes.equals(before.bytes)).toBe(true);
  expect(after.mtimeMs).toBe(before.mtimeMs);
}

/** What a refused open throws: an HDF5ExtError naming the file and where it is open. */
function expectRefused(err: unknown, p: string, where: RegExp): void {
  expect(err).toBeInstanceOf(HDF5ExtError);
  const message = (err as Error).message;
  expect(message).toContain(`cannot truncate '${p}' (mode 'w')`);
  expect(message).toMatch(where);
  expect(message).toContain('close it there first');
}

function attempt(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('the open was expected to fail');
}

// ---- a worker holding the file --------------------------------------------------------

interface Held {
  send(command: 'append' | 'read' | 'close'): Promise<Record<string, unknown>>;
  done: Promise<number>;
}

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

function holdInWorker(p: string, mode: string, options: OpenFileOptions = {}): Promise<Held> {
  const worker = new Worker(path.join(__dirname, '..', 'helpers', 'hold-worker.js'), {
    workerData: { path: p, mode, options },
  });
  workers.push(worker);
  const waiting: Array<(m: Record<string, unknown>) => void> = [];
  const done = new Promise<number>((resolve) => worker.on('exit', resolve));
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: Record<string, unknown>) => {
      if (m.kind === 'error') reject(new Error(String(m.message)));
      else if (m.kind === 'ready') {
        resolve({
          send(command) {
            worker.postMessage(command);
            return new Promise((r) => waiting.push(r));
          },
          done,
        });
      } else waiting.shift()?.(m);
    });
  });
}

const HOLDERS: Array<[string, string, OpenFileOptions]> = [
  ["SEC2 'r'", 'r', {}],
  ["SEC2 'a'", 'a', {}],
  ["STDIO 'r+'", 'r+', { driver: 'H5FD_STDIO' }],
  ["CORE 'r'", 'r', { driver: 'H5FD_CORE' }],
  ["CORE 'a' (backing store)", 'a', { driver: 'H5FD_CORE' }],
];

describe('a file a worker holds open', () => {
  describe.each(HOLDERS)('held with %s', (_label, mode, options) => {
    it.each(DRIVERS)("'w' with %s is refused and the file is left byte-identical", async (driver) => {
      const p = tmp.path('held.h5');
      writeSample(p);
      ageFile(p);
      const held = await holdInWorker(p, mode, options);
      const before = fileState(p);

      expectRefused(
        attempt(() => openFile(p, 'w', { driver })),
        p,
        /open elsewhere in this process/,
      );
      let err: unknown;
      await openFileAsync(p, 'w', { driver }).then(
        (f) => f.close(),
        (e: unknown) => {
          err = e;
        },
      );
      expectRefused(err, p, /open elsewhere in this process/);

      expectSame(fileState(p), before);
      // The holder still has its file, and a writer keeps writing to it.
      expect((await held.send('read')).data).toEqual([1, 2, 3]);
      if (mode !== 'r') expect((await held.send('append')).kind).toBe('appended');
      expect((await held.send('close')).kind).toBe('closed');
      await held.done;
      expect(readData(p)).toEqual([1, 2, 3]);

      // Once it is closed there, 'w' truncates as it always did.
      const f = openFile(p, 'w', { driver });
      expect(f.listNodes('/')).toEqual([]);
      f.close();
    });
  });

  it("'w' with CORE without a backing store is not refused: it never touches the disk", async () => {
    const p = tmp.path('held.h5');
    writeSample(p);
    ageFile(p);
    const held = await holdInWorker(p, 'a');
    const before = fileState(p);
    const f = openFile(p, 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
    f.createArray('/', 'other', [1]);
    f.close();
    expectSame(fileState(p), before);
    await held.send('close');
  });

  it("'w' through a hard link or a symbolic link to the held file is refused too", async () => {
    const p = tmp.path('held.h5');
    writeSample(p);
    const hard = tmp.path('hard.h5');
    const soft = tmp.path('soft.h5');
    fs.linkSync(p, hard);
    fs.symlinkSync(p, soft);
    const held = await holdInWorker(p, 'r');
    const before = fileState(p);
    for (const name of [hard, soft]) {
      expectRefused(
        attempt(() => openFile(name, 'w')),
        name,
        /open elsewhere in this process/,
      );
    }
    expectSame(fileState(p), before);
    await held.send('close');
  });
});

describe('with HDF5 file locking off (HDF5_USE_FILE_LOCKING=FALSE)', () => {
  it("'w' is still refused for a file a worker holds: the registry does not depend on locks", async () => {
    const saved = process.env.HDF5_USE_FILE_LOCKING;
    process.env.HDF5_USE_FILE_LOCKING = 'FALSE';
    try {
      const p = tmp.path('held.h5');
      writeSample(p);
      ageFile(p);
      const held = await holdInWorker(p, 'a');
      const before = fileState(p);
      for (const driver of DRIVERS) {
        expectRefused(
          attempt(() => openFile(p, 'w', { driver })),
          p,
          /open elsewhere in this process/,
        );
      }
      expectSame(fileState(p), before);
      expect((await held.send('append')).kind).toBe('appended');
      await held.send('close');
      const f = openFile(p, 'r');
      expect(f.listNodes('/').map((n) => n.name)).toEqual(['data', 'from_worker']);
      f.close();
    } finally {
      if (saved === undefined) delete process.env.HDF5_USE_FILE_LOCKING;
      else process.env.HDF5_USE_FILE_LOCKING = saved;
    }
  });
});

describe('a CORE file with a backing store (saved by rename) and a worker', () => {
  it("CORE 'a' of a file a worker holds is refused: its save would hide the worker's file", async () => {
    const p = tmp.path('held.h5');
    writeSample(p);
    ageFile(p);
    const held = await holdInWorker(p, 'a');
    const before = fileState(p);
    const err = attempt(() => openFile(p, 'a', { driver: 'H5FD_CORE' }));
    expect(err).toBeInstanceOf(HDF5ExtError);
    expect((err as Error).message).toContain(
      `cannot open '${p}' for writing: the file is open elsewhere in this process`,
    );
    expectSame(fileState(p), before);
    await held.send('close');
  });

  it("while this thread holds it with CORE 'a', a worker's 'w', 'a' and 'r+' are refused, also after saves replaced the file", async () => {
    const p = tmp.path('held.h5');
    writeSample(p);
    const f = tmp.track(openFile(p, 'a', { driver: 'H5FD_CORE' }));
    f.createArray('/', 'mine', [1]);
    f.flush(); // a new inode now: the registry follows it
    const attempts: Array<[string, OpenFileOptions, string]> = [
      ['w', {}, `cannot truncate '${p}' (mode 'w'): the file is open elsewhere in this process`],
      [
        'w',
        { driver: 'H5FD_CORE' },
        `cannot truncate '${p}' (mode 'w'): the file is open elsewhere in this process`,
      ],
      [
        'a',
        { driver: 'H5FD_CORE' },
        `cannot open '${p}' for writing: the file is open elsewhere in this process`,
      ],
      // A plain writer of the old inode would lose its work at the next save.
      [
        'a',
        {},
        `cannot open '${p}' for writing: the file is open elsewhere in this process with the CORE driver`,
      ],
      ['r+', { driver: 'H5FD_STDIO' }, 'with the CORE driver, which saves it by replacing it'],
    ];
    for (const [mode, options, message] of attempts) {
      let err: unknown;
      await holdInWorker(p, mode, options).then(
        (h) => h.send('close'),
        (e: unknown) => {
          err = e;
        },
      );
      expect({ mode, options, err: String(err) }).toEqual({
        mode,
        options,
        err: expect.stringContaining(message),
      });
    }
    f.close();
    expect(readData(p)).toEqual([1, 2, 3]);
  });
});

// ---- another realm of lib/ in this thread ---------------------------------------------

describe('a file another copy of the JavaScript layer holds open', () => {
  it("'w' is refused although that layer's own registry is not this one's", () => {
    // Two independent instances of dist/ (two realms' worth of lib/ state) over one addon.
    const req = createRequire(__filename);
    const dist = path.join(root, 'dist');
    const fresh = (): typeof import('../../lib/index') => {
      for (const key of Object.keys(req.cache)) if (key.startsWith(dist + path.sep)) delete req.cache[key];
      return req(dist) as typeof import('../../lib/index');
    };
    const one = fresh();
    const two = fresh();
    expect(one.openFile).not.toBe(two.openFile);
    const p = tmp.path('held.h5');
    writeSample(p);
    ageFile(p);
    const held = tmp.track(one.openFile(p, 'a'));
    const before = fileState(p);
    const err = attempt(() => two.openFile(p, 'w'));
    expect(err).toBeInstanceOf(two.HDF5ExtError);
    expect((err as Error).message).toContain(
      `cannot truncate '${p}' (mode 'w'): the file is open elsewhere in this process`,
    );
    expectSame(fileState(p), before);
    held.close();
    two.openFile(p, 'w').close();
  });
});

// ---- another process holding the file ---------------------------------------------------

interface PyHolder {
  child: ChildProcessWithoutNullStreams;
  /** Closes stdin; resolves with what the holder still read from its file. */
  finish(): Promise<{ data: number[] }>;
}

function holdInPython(p: string, mode: 'r' | 'r+'): Promise<PyHolder> {
  const child = spawn(PYTHON, [path.join(PYTHON_DIR, 'h5py_hold.py'), p, mode], {
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready\n') && !out.includes('\n', 6)) {
        resolve({
          child,
          async finish() {
            child.stdin.end();
            const code = await exited;
            if (code !== 0) throw new Error(`h5py_hold.py failed (${code}): ${err}`);
            const lines = out.trim().split('\n');
            return JSON.parse(lines[lines.length - 1]) as { data: number[] };
          },
        });
      }
    });
    void exited.then((code) => {
      if (!out.startsWith('ready'))
        reject(new Error(`h5py_hold.py exited (${code}) before it was ready: ${err}`));
    });
  });
}

describe.skipIf(lacks('h5py'))('a file another process (h5py, file locking on) holds open', () => {
  const holders: PyHolder[] = [];
  afterEach(() => {
    for (const h of holders.splice(0)) h.child.kill('SIGKILL');
  });

  describe.each(['r', 'r+'] as const)("held with h5py mode '%s'", (mode) => {
    it.each(DRIVERS)("'w' with %s is refused and the file is left byte-identical", async (driver) => {
      const p = tmp.path('held.h5');
      writeSample(p);
      ageFile(p);
      const holder = await holdInPython(p, mode);
      holders.push(holder);
      const before = fileState(p);
      expectRefused(
        attempt(() => openFile(p, 'w', { driver })),
        p,
        /open in another process \(it holds a lock on it\)/,
      );
      expectSame(fileState(p), before);
      expect(await holder.finish()).toEqual({ data: [1, 2, 3] });
      expect(readData(p)).toEqual([1, 2, 3]);
      // Released there: 'w' works again.
      const f = openFile(p, 'w', { driver });
      expect(f.listNodes('/')).toEqual([]);
      f.close();
    });
  });
});
