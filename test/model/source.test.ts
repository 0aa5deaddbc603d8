// Files read through a byte-range source (openFileAsync's `source`): values equal a local
// open, the block cache's counters and settings, and every failure the contract names:
// a rejecting or short source, close with reads in flight, sync calls while pending.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  ClosedFileError,
  Filters,
  openFile,
  openFileAsync,
  type CArray,
  type EArray,
  type File,
} from '../../lib/index';
import { bufferSource, deferred } from '../helpers/buffer-source';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useTmpDir } from '../helpers/tmp';

const tmp = useTmpDir('h5tables-source-');
const ROWS = 400;
const COLS = 50;

/** A file with an Array, a compressed CArray, an EArray, a group and attributes. */
function makeFile(name = 'src.h5'): { file: string; bytes: Buffer } {
  const file = tmp.path(name);
  const f = openFile(file, 'w', { title: 'Source test' });
  try {
    f.createArray(
      '/',
      'arr',
      Float64Array.from({ length: 10 }, (_, i) => i * 1.5),
      'An array',
    );
    f.createCArray('/', 'carr', {
      atom: 'float64',
      shape: [ROWS, COLS],
      obj: { data: Float64Array.from({ length: ROWS * COLS }, (_, i) => Math.sin(i)), shape: [ROWS, COLS] },
      filters: new Filters({ complevel: 5, complib: 'zlib', shuffle: true }),
      chunkshape: [50, 50],
      title: 'compressed',
    });
    f.createGroup('/', 'g', 'A group');
    const e = f.createEArray('/g', 'ea', { atom: 'int32', shape: [0, 3] });
    e.append({ data: Int32Array.from({ length: 30 }, (_, i) => i - 7), shape: [10, 3] });
    f.root.setAttr('answer', 42);
    f.getNode('/g').setAttr('note', 'hello');
  } finally {
    f.close();
  }
  return { file, bytes: fs.readFileSync(file) };
}

type CodedError = Error & { code?: string; cause?: unknown };

/** The error a promise rejects with (a test failure when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<CodedError> {
  try {
    await promise;
  } catch (e) {
    return e as CodedError;
  }
  throw new Error('expected a rejection, the promise resolved');
}

async function withTimeout<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: a hang`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until cond() holds, polling the event loop (the source's reads run on it). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!cond()) throw new Error('the condition never held');
}

function nodeList(f: File): string[] {
  return [...f.walkNodes('/')].map((n) => String(n));
}

describe('openFileAsync with a source: values as from a local open', () => {
  it('reads Array, compressed CArray and EArray data, attributes and the tree exactly as a local open', async () => {
    const { file, bytes } = makeFile();
    const local = tmp.track(openFile(file, 'r'));
    const source = bufferSource(bytes);
    const f = tmp.track(await openFileAsync('label.h5', 'r', { source }));
    expect(f.filename).toBe('label.h5');
    expect(f.isOpen).toBe(true);
    expect(nodeList(f)).toEqual(nodeList(local));
    expect(f.root.getAttr('answer')).toEqual(local.root.getAttr('answer'));
    expect(f.getNode('/g').getAttr('note')).toBe('hello');
    for (const where of ['/arr', '/carr', '/g/ea']) {
      const got = await (f.getNode(where) as CArray).readAsync();
      expect(got).toEqual((local.getNode(where) as CArray).read());
    }
    const slice = await (f.getNode('/carr') as CArray).getAsync(123);
    expect(slice).toEqual((local.getNode('/carr') as CArray).get(123));
    expect(String(f).split('\n').slice(2)).toEqual(String(local).split('\n').slice(2));
    // Every byte HDF5 asked for came from the source, which answered every read.
    const stats = f.sourceStats!;
    expect(stats.requests).toBe(source.reads.length);
    expect(stats.bytesFetched).toBe(
      source.reads.reduce((n, r) => n + Math.min(r.length, bytes.length - r.offset), 0),
    );
    expect(stats.cacheHits + stats.cacheMisses).toBeGreaterThan(stats.requests);
    await f.closeAsync();
    expect(f.sourceStats).toEqual(stats); // still there after close
  });

  it('a source that does not know its size: the probe reads block 0, and the file reads the same', async () => {
    const { file, bytes } = makeFile();
    const local = tmp.track(openFile(file, 'r'));
    const source = bufferSource(bytes, { knowsSize: false });
    const f = tmp.track(await openFileAsync('nosize.h5', 'r', { source }));
    expect(source.reads[0]).toEqual({ offset: 0, length: 65536 });
    expect(await (f.getNode('/carr') as CArray).readAsync()).toEqual(
      (local.getNode('/carr') as CArray).read(),
    );
    expect(f.sourceStats!.requests).toBe(source.reads.length);
  });

  it('a file on disk has no sourceStats', () => {
    const { file } = makeFile();
    const local = tmp.track(openFile(file, 'r'));
    expect(local.sourceStats).toBeUndefined();
  });

  it('two source files read concurrently keep their values apart', async () => {
    const a = makeFile('a.h5');
    const b = makeFile('b.h5');
    // b differs: another title and data.
    const fb = openFile(b.file, 'a');
    (fb.getNode('/carr') as CArray).set(0, new Float64Array(COLS).fill(-1));
    fb.close();
    const bBytes = fs.readFileSync(b.file);
    const [fa, fb2] = await Promise.all([
      openFileAsync('a', 'r', { source: bufferSource(a.bytes) }),
      openFileAsync('b', 'r', { source: bufferSource(bBytes) }),
    ]);
    tmp.track(fa);
    tmp.track(fb2);
    const [ra, rb] = await Promise.all([
      (fa.getNode('/carr') as CArray).readAsync(),
      (fb2.getNode('/carr') as CArray).readAsync(),
    ]);
    const la = tmp.track(openFile(a.file, 'r'));
    const lb = tmp.track(openFile(b.file, 'r'));
    expect(ra).toEqual((la.getNode('/carr') as CArray).read());
    expect(rb).toEqual((lb.getNode('/carr') as CArray).read());
    expect(ra).not.toEqual(rb);
  });
});

describe('the block cache', () => {
  it('a second read of the same data is served from the cache (no new request)', async () => {
    const { bytes } = makeFile();
    const f = tmp.track(await openFileAsync('c.h5', 'r', { source: bufferSource(bytes) }));
    const carr = f.getNode('/carr') as CArray;
    const first = await carr.readAsync();
    const after = f.sourceStats!;
    expect(await carr.readAsync()).toEqual(first);
    expect(f.sourceStats!.requests).toBe(after.requests);
  });

  it('a budget smaller than the data evicts: a reread asks the source again, unlike with the default', async () => {
    const { bytes } = makeFile();
    // /arr is contiguous (HDF5 keeps no cache of its own for it); /carr's chunks evict it.
    const run = async (sourceCache: { blockSize: number; maxBytes?: number }): Promise<number> => {
      const f = await openFileAsync('c.h5', 'r', { source: bufferSource(bytes), sourceCache });
      try {
        const arr = f.getNode('/arr') as CArray;
        const first = await arr.readAsync();
        await (f.getNode('/carr') as CArray).readAsync();
        const before = f.sourceStats!.requests;
        expect(await arr.readAsync()).toEqual(first);
        return f.sourceStats!.requests - before;
      } finally {
        await f.closeAsync();
      }
    };
    expect(await run({ blockSize: 1024, maxBytes: 8192 })).toBeGreaterThan(0);
    expect(await run({ blockSize: 1024 })).toBe(0);
  });

  it('smaller blocks fetch fewer bytes in more requests; readAhead makes fewer requests', async () => {
    const { bytes } = makeFile();
    const run = async (sourceCache: { blockSize?: number; readAhead?: number }) => {
      const f = await openFileAsync('c.h5', 'r', { source: bufferSource(bytes), sourceCache });
      try {
        await (f.getNode('/carr') as CArray).readAsync();
        return f.sourceStats!;
      } finally {
        await f.closeAsync();
      }
    };
    const big = await run({});
    const small = await run({ blockSize: 1024 });
    const ahead = await run({ blockSize: 1024, readAhead: 8 });
    expect(big.requests).toBeLessThan(small.requests);
    expect(small.bytesFetched).toBeLessThan(big.bytesFetched);
    expect(small.requests).toBeGreaterThan(ahead.requests);
    expect(ahead.requests).toBeGreaterThan(0);
  });
});

describe('a source that fails', () => {
  it('a rejection rejects the read with ERR_SOURCE, the message and cause; then the file works', async () => {
    const { file, bytes } = makeFile();
    let fail = false;
    const boom = new Error('boom');
    const source = bufferSource(bytes, {
      intercept: () => (fail ? Promise.reject(boom) : undefined),
    });
    const f = tmp.track(await openFileAsync('fail.h5', 'r', { source, sourceCache: { blockSize: 1024 } }));
    const carr = f.getNode('/carr') as CArray;
    fail = true;
    const err = await rejection(carr.readAsync());
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('ERR_SOURCE');
    const last = source.reads[source.reads.length - 1];
    expect(err.message).toBe(
      `boom (byte-range source read of ${last.length} bytes at offset ${last.offset})`,
    );
    expect(err.cause).toBe(boom);
    fail = false;
    const local = tmp.track(openFile(file, 'r'));
    expect(await carr.readAsync()).toEqual((local.getNode('/carr') as CArray).read());
  });

  it('a read that throws instead of rejecting is the same ERR_SOURCE', async () => {
    const { bytes } = makeFile();
    let fail = false;
    const source = {
      size: bytes.length,
      read(offset: number, length: number): Promise<Uint8Array> {
        if (fail) throw new TypeError('sync throw');
        return Promise.resolve(bytes.subarray(offset, offset + length));
      },
    };
    const f = tmp.track(await openFileAsync('t.h5', 'r', { source, sourceCache: { blockSize: 1024 } }));
    fail = true;
    const err = await rejection((f.getNode('/carr') as CArray).readAsync());
    expect(err.code).toBe('ERR_SOURCE');
    expect(err.message).toMatch(/^sync throw \(byte-range source read of \d+ bytes at offset \d+\)$/);
    expect((err as Error).cause).toBeInstanceOf(TypeError);
  });

  it('a short read is ERR_SOURCE, never garbage', async () => {
    const { bytes } = makeFile();
    let short = false;
    const source = bufferSource(bytes, {
      intercept: (offset, length) => (short ? bytes.slice(offset, offset + length - 1) : undefined),
    });
    const f = tmp.track(await openFileAsync('short.h5', 'r', { source, sourceCache: { blockSize: 1024 } }));
    short = true;
    const err = await rejection((f.getNode('/carr') as CArray).readAsync());
    expect(err.code).toBe('ERR_SOURCE');
    expect(err.message).toMatch(
      /^the source returned (\d+) bytes where \d+ were expected \(byte-range source read/,
    );
  });

  it('an answer that is not a Uint8Array, or too long, is ERR_SOURCE', async () => {
    const { bytes } = makeFile();
    let answer: unknown;
    const source = bufferSource(bytes, { intercept: () => answer as Uint8Array | undefined });
    const f = tmp.track(await openFileAsync('bad.h5', 'r', { source, sourceCache: { blockSize: 1024 } }));
    const carr = f.getNode('/carr') as CArray;
    answer = 'text';
    await expect(carr.getAsync(1)).rejects.toMatchObject({
      code: 'ERR_SOURCE',
      message: expect.stringMatching(/^the source's read must resolve to a Uint8Array \(byte-range/),
    });
    answer = new Uint8Array(1024 * 1024);
    await expect(carr.getAsync(1)).rejects.toMatchObject({
      code: 'ERR_SOURCE',
      message: expect.stringMatching(/^the source returned 1048576 bytes, more than the \d+ asked for/),
    });
  });

  it('a failing probe (size unknown) rejects openFileAsync with ERR_SOURCE', async () => {
    const cause = new Error('no route');
    const source = { read: () => Promise.reject(cause) };
    await expect(openFileAsync('p.h5', 'r', { source })).rejects.toMatchObject({
      code: 'ERR_SOURCE',
      message: 'no route (byte-range source read of 65536 bytes at offset 0)',
      cause,
    });
  });

  it('garbage through a source is the clear error a local open gives', async () => {
    const garbage = Buffer.from('this is not an HDF5 file at all, just some text'.repeat(100));
    const local = await rejection(
      openFileAsync('g.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: garbage }),
    );
    const viaSource = await rejection(openFileAsync('g.h5', 'r', { source: bufferSource(garbage) }));
    expect(viaSource).toBeInstanceOf(Error);
    expect(viaSource.code).toBe(local.code);
    expect(viaSource.constructor).toBe(local.constructor);
  });

  it('hostile files through a source fail (or open) as their local open does, crashing nothing', async () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'hostile');
    const names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.h5'))
      .slice(0, 12);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const bytes = fs.readFileSync(path.join(dir, name));
      const outcome = async (open: () => Promise<File>): Promise<string> => {
        try {
          const f = await open();
          const out = `open ${f.isOpen}`;
          await f.closeAsync();
          return out;
        } catch (e) {
          return `${(e as Error).constructor.name}:${(e as { code?: string }).code}`;
        }
      };
      const local = await outcome(() =>
        openFileAsync(name, 'r', { driver: 'H5FD_CORE', driverCoreImage: bytes }),
      );
      const remote = await outcome(() => openFileAsync(name, 'r', { source: bufferSource(bytes) }));
      expect(`${name} ${remote}`).toBe(`${name} ${local}`);
    }
  });
});

describe('no hang, no deadlock', () => {
  it('close() while a source read never resolves: the pending read rejects, close resolves', async () => {
    const { bytes } = makeFile();
    let hang = false;
    let called = 0;
    const source = bufferSource(bytes, {
      intercept: () => {
        if (!hang) return undefined;
        called++;
        return new Promise<Uint8Array>(() => undefined);
      },
    });
    const f = await openFileAsync('hang.h5', 'r', { source, sourceCache: { blockSize: 1024 } });
    const carr = f.getNode('/carr') as CArray;
    hang = true;
    const pending = rejection(carr.readAsync());
    await until(() => called > 0);
    await withTimeout(f.closeAsync());
    const err = await withTimeout(pending);
    expect(err).toBeInstanceOf(ClosedFileError);
    expect(f.isOpen).toBe(false);
  });

  it('sync calls while a source read is pending fail fast with ERR_SOURCE_BUSY; once cached they are served', async () => {
    const { file, bytes } = makeFile();
    const hold = deferred<void>();
    let holding = false;
    let called = 0;
    const source = bufferSource(bytes, {
      intercept: (offset, length) => {
        if (!holding) return undefined;
        called++;
        return hold.promise.then(() => bytes.slice(offset, offset + length));
      },
    });
    const f = tmp.track(await openFileAsync('busy.h5', 'r', { source, sourceCache: { blockSize: 1024 } }));
    const other = tmp.track(openFile(file, 'r')); // a local file, same thread
    const carr = f.getNode('/carr') as CArray;
    holding = true;
    const pending = carr.readAsync();
    await until(() => called > 0);
    for (const call of [
      () => carr.read(),
      () => (other.getNode('/arr') as CArray).read(),
      () => f.getNode('/arr'),
    ]) {
      let thrown: (Error & { code?: string }) | undefined;
      try {
        call();
      } catch (e) {
        thrown = e as Error & { code?: string };
      }
      expect(thrown?.code).toBe('ERR_SOURCE_BUSY');
      expect(thrown?.message).toMatch(/async form/);
    }
    holding = false;
    hold.resolve();
    const value = await withTimeout(pending);
    // Now every byte of /carr is cached: the sync read is served, from the cache alone.
    const before = f.sourceStats!.requests;
    expect(carr.read()).toEqual(value);
    expect(f.sourceStats!.requests).toBe(before);
    expect((other.getNode('/arr') as CArray).read()).toEqual((f.getNode('/arr') as CArray).read());
  });

  it('a sync call that needs bytes not cached fails with ERR_SOURCE_BUSY and changes nothing', async () => {
    const { file, bytes } = makeFile();
    const f = tmp.track(
      await openFileAsync('cold.h5', 'r', { source: bufferSource(bytes), sourceCache: { blockSize: 1024 } }),
    );
    const carr = f.getNode('/carr') as CArray;
    expect(() => carr.read()).toThrow(expect.objectContaining({ code: 'ERR_SOURCE_BUSY' }));
    const local = tmp.track(openFile(file, 'r'));
    expect(await carr.readAsync()).toEqual((local.getNode('/carr') as CArray).read());
  });
});

describe('options', () => {
  it('openFile (sync) with a source is a TypeError pointing to openFileAsync', () => {
    const { bytes } = makeFile();
    expect(() => openFile('x.h5', 'r', { source: bufferSource(bytes) })).toThrow(TypeError);
    expect(() => openFile('x.h5', 'r', { source: bufferSource(bytes) })).toThrow(/openFileAsync/);
  });

  it('modes other than r, bad sources, unknown and misplaced options are clear errors', async () => {
    const { bytes } = makeFile();
    const source = bufferSource(bytes);
    await expect(openFileAsync('x.h5', 'a', { source })).rejects.toThrow(
      new RangeError("a byte-range source is read-only: mode must be 'r', not 'a'"),
    );
    await expect(openFileAsync('x.h5', 'r', { source: {} as never })).rejects.toThrow(TypeError);
    await expect(
      openFileAsync('x.h5', 'r', { source, sourceCache: { blocksize: 1 } as never }),
    ).rejects.toThrow(
      /unknown sourceCache option 'blocksize'; accepted options: blockSize, maxBytes, readAhead/,
    );
    await expect(openFileAsync('x.h5', 'r', { source, sourceCache: { blockSize: 100 } })).rejects.toThrow(
      RangeError,
    );
    await expect(openFileAsync('x.h5', 'r', { sourceCache: {} })).rejects.toThrow(/needs a 'source'/);
    await expect(openFileAsync('x.h5', 'r', { source, driver: 'H5FD_CORE' })).rejects.toThrow(
      /option 'driver' does not apply/,
    );
    await expect(openFileAsync('x.h5', 'r', { source: { size: -1, read: source.read } })).rejects.toThrow(
      /source.size must be a non-negative integer/,
    );
    // Nothing was read for any of them.
    expect(source.reads).toEqual([]);
  });
});

describe.skipIf(lacks('pytables'))('a PyTables file through a source', () => {
  it('reads as a local open of it does', async () => {
    const file = tmp.path('pt.h5');
    runPython('pt_source_file.py', [file]);
    const bytes = fs.readFileSync(file);
    const local = tmp.track(openFile(file, 'r'));
    const f = tmp.track(
      await openFileAsync('pt.h5', 'r', { source: bufferSource(bytes, { knowsSize: false }) }),
    );
    expect(nodeList(f)).toEqual(nodeList(local));
    for (const where of ['/arr', '/carr', '/g/ea']) {
      expect(await (f.getNode(where) as EArray).readAsync()).toEqual((local.getNode(where) as EArray).read());
    }
  });
});

describe('workers', () => {
  it('terminating a worker whose source read is pending crashes nothing; this thread keeps working', async () => {
    const { Worker } = await import('node:worker_threads');
    const { ensureDist } = await import('../helpers/dist');
    ensureDist();
    const { file, bytes } = makeFile();
    const worker = new Worker(path.join(__dirname, '..', 'helpers', 'source-worker.js'), {
      workerData: { bytes },
    });
    await withTimeout(new Promise<void>((resolve) => worker.once('message', () => resolve())), 20000);
    await withTimeout(worker.terminate(), 10000);
    const f = tmp.track(await openFileAsync('after.h5', 'r', { source: bufferSource(bytes) }));
    const local = tmp.track(openFile(file, 'r'));
    expect(await withTimeout((f.getNode('/carr') as CArray).readAsync())).toEqual(
      (local.getNode('/carr') as CArray).read(),
    );
  }, 40000);
});
