// openFileAsync's sourceTimeout: a byte-range source read that never settles fails the
// operation that needed it with ERR_SOURCE_TIMEOUT, aborts the read's signal, releases the
// HDF5 thread for other files' work, leaves the file usable, and its late answer (bytes or
// a rejection) is ignored. Against a plain JS source whose promise never settles, a
// node:http Range server on 127.0.0.1 that stalls one response, and s3Source's client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { httpSource, openFile, openFileAsync, s3Source, type ByteRangeSource } from '../../lib/index';
import { DEFAULT_SOURCE_TIMEOUT, sourceSpec } from '../../lib/source-open';
import { deferred } from '../helpers/buffer-source';
import { startRangeServer, type RangeServer } from '../helpers/range-server';

const N = 50_000;
const DATA = Float64Array.from({ length: N }, (_, i) => i * 0.25 - 7);
// Small blocks: the data (400 KB, contiguous) is not among what the open reads.
const SMALL_BLOCKS = { blockSize: 4096 };
// Short enough for a test; a healthy in-process read takes far less.
const TIMEOUT = 300;

function makeImage(): Buffer {
  const f = openFile('timeout.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
  try {
    f.createArray('/', 'data', DATA, 'data');
    f.createArray('/', 'small', Int32Array.of(1, 2, 3));
    return f.getFileImage();
  } finally {
    f.close();
  }
}
const image = makeImage();

/** A source over the image; while `stall` is on, each read is held and never settles by itself. */
function stallingSource(withSize = true) {
  const held: {
    offset: number;
    length: number;
    signal?: AbortSignal;
    answer: ReturnType<typeof deferred<Uint8Array>>;
  }[] = [];
  const source = {
    stall: false,
    held,
    read(offset: number, length: number, options?: { signal?: AbortSignal }): Promise<Uint8Array> {
      const bytes = new Uint8Array(image.subarray(offset, offset + length));
      if (!source.stall) return Promise.resolve(bytes);
      const answer = deferred<Uint8Array>();
      held.push({ offset, length, signal: options?.signal, answer });
      return answer.promise;
    },
  };
  return withSize ? Object.assign(source, { size: image.length }) : source;
}

async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('sourceTimeout: the option', () => {
  const source: ByteRangeSource = { size: image.length, read: async (o, l) => image.subarray(o, o + l) };

  it('is checked: a number of ms from 0 to 2^31-1, or Infinity, and only with a source', async () => {
    for (const bad of ['30', null, true, {}]) {
      const err = await rejection(openFileAsync('x.h5', 'r', { source, sourceTimeout: bad as never }));
      expect(err).toBeInstanceOf(TypeError);
      expect(err.message).toMatch(/sourceTimeout/);
    }
    for (const bad of [-1, 1.5, NaN, 2 ** 31, -Infinity]) {
      const err = await rejection(openFileAsync('x.h5', 'r', { source, sourceTimeout: bad }));
      expect(err).toBeInstanceOf(RangeError);
      expect(err.message).toMatch(/sourceTimeout' must be an integer from 0 to 2147483647/);
    }
    const err = await rejection(openFileAsync('x.h5', 'r', { sourceTimeout: 100 }));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(/'sourceTimeout' needs a 'source'/);
  });

  it('defaults to 30 s; 0 and Infinity mean no limit', async () => {
    expect(DEFAULT_SOURCE_TIMEOUT).toBe(30_000);
    expect(sourceSpec('x', source, undefined, undefined).sourceTimeout).toBe(30_000);
    expect(sourceSpec('x', source, undefined, Infinity).sourceTimeout).toBe(0);
    expect(sourceSpec('x', source, undefined, 0).sourceTimeout).toBe(0);
    for (const sourceTimeout of [0, Infinity]) {
      const f = await openFileAsync('x.h5', 'r', { source, sourceTimeout, sourceCache: SMALL_BLOCKS });
      expect((await f.root.small.readAsync()).data).toEqual(Int32Array.of(1, 2, 3));
      await f.closeAsync();
    }
  });
});

describe('sourceTimeout: a read that never settles', () => {
  it('rejects the operation with ERR_SOURCE_TIMEOUT, aborts the signal, and the file reads on', async () => {
    const source = stallingSource();
    const f = await openFileAsync('stall.h5', 'r', {
      source,
      sourceTimeout: TIMEOUT,
      sourceCache: SMALL_BLOCKS,
    });
    source.stall = true;
    const err = await rejection(f.root.data.readAsync());
    expect(err.code).toBe('ERR_SOURCE_TIMEOUT');
    expect(err.message).toMatch(
      /^the byte-range source did not answer within 300 ms \(sourceTimeout\) \(byte-range source read of \d+ bytes at offset \d+\)/,
    );
    expect(source.held.length).toBeGreaterThanOrEqual(1);
    const first = source.held[0];
    expect(first.signal).toBeInstanceOf(AbortSignal);
    expect(first.signal?.aborted).toBe(true);
    expect((first.signal?.reason as { code?: string }).code).toBe('ERR_SOURCE_TIMEOUT');

    // The late answers come: right bytes for one, a rejection for the others. Both ignored.
    first.answer.resolve(new Uint8Array(image.subarray(first.offset, first.offset + first.length)));
    for (const h of source.held.slice(1)) h.answer.reject(new Error('too late'));
    source.stall = false;
    expect((await f.root.data.readAsync()).data).toEqual(DATA);
    expect(f.root.data.read(10, 20).data).toEqual(DATA.subarray(10, 20));
    await f.closeAsync();
  });

  it('releases the HDF5 thread: another file waiting behind the stalled read gets its answer', async () => {
    const source = stallingSource();
    const stalled = await openFileAsync('stall.h5', 'r', {
      source,
      sourceTimeout: TIMEOUT,
      sourceCache: SMALL_BLOCKS,
    });
    const other = await openFileAsync('other.h5', 'r', {
      driver: 'H5FD_CORE',
      driverCoreBackingStore: false,
      driverCoreImage: image,
    });
    const [mine, theirs] = [stalled.root.data, other.root.data]; // sync lookups, before the stall
    source.stall = true;
    const a = rejection(mine.readAsync());
    const b = theirs.readAsync(); // queued behind the stalled read
    expect((await b).data).toEqual(DATA);
    expect((await a).code).toBe('ERR_SOURCE_TIMEOUT');
    await other.closeAsync();
    await stalled.closeAsync();
    for (const h of source.held) h.answer.resolve(new Uint8Array(0)); // after close: ignored
  });

  it('fails the open when the first read (the size probe) never settles', async () => {
    const source = stallingSource(false);
    source.stall = true;
    const err = await rejection(openFileAsync('probe.h5', 'r', { source, sourceTimeout: TIMEOUT }));
    expect(err.code).toBe('ERR_SOURCE_TIMEOUT');
    expect(err.message).toBe(
      'the byte-range source did not answer within 300 ms (sourceTimeout) (byte-range source read of 65536 bytes at offset 0)',
    );
    expect(source.held).toHaveLength(1);
    expect(source.held[0].signal?.aborted).toBe(true);
    source.held[0].answer.resolve(new Uint8Array(image.subarray(0, 65536))); // ignored
  });
});

describe('sourceTimeout with httpSource: a Range server that stalls one response', () => {
  let server: RangeServer;
  beforeAll(async () => {
    server = await startRangeServer({ '/t.h5': image });
  });
  afterAll(async () => {
    await server.close();
  });

  it('rejects the read, cancels the stalled request, and the next read is served', async () => {
    const f = await openFileAsync('t.h5', 'r', {
      source: httpSource(server.url('/t.h5')),
      sourceTimeout: TIMEOUT,
      sourceCache: SMALL_BLOCKS,
    });
    const before = server.stats.requests;
    server.stallNext();
    const err = await rejection(f.root.data.readAsync());
    expect(err.code).toBe('ERR_SOURCE_TIMEOUT');
    const stalled = server.stats.log[before];
    expect(stalled.status).toBe(0); // never answered
    await server.settled(); // the aborted signal closed the stalled request's connection
    expect(stalled.done).toBe(true);
    expect((await f.root.data.readAsync()).data).toEqual(DATA);
    expect(server.stats.log.slice(before + 1).every((e) => e.status === 206)).toBe(true);
    await f.closeAsync();
  });
});

describe('sourceTimeout with s3Source', () => {
  it("passes the read's signal to the client as abortSignal, and aborts it at the timeout", async () => {
    const seen: (AbortSignal | undefined)[] = [];
    let stall = false;
    const client = {
      getObject(input: { Range?: string }, options?: { abortSignal?: AbortSignal }): Promise<unknown> {
        seen.push(options?.abortSignal);
        if (stall) return new Promise(() => {});
        const [first, last] = /bytes=(\d+)-(\d+)/
          .exec(input.Range ?? '')!
          .slice(1)
          .map(Number);
        const end = Math.min(last, image.length - 1);
        return Promise.resolve({
          Body: new Uint8Array(image.subarray(first, end + 1)),
          ContentRange: `bytes ${first}-${end}/${image.length}`,
          ETag: '"e1"',
        });
      },
    };
    const f = await openFileAsync('s3.h5', 'r', {
      source: s3Source({ client, bucket: 'b', key: 'k' }),
      sourceTimeout: TIMEOUT,
      sourceCache: SMALL_BLOCKS,
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s instanceof AbortSignal && !s.aborted)).toBe(true);
    stall = true;
    const at = seen.length;
    const err = await rejection(f.root.data.readAsync());
    expect(err.code).toBe('ERR_SOURCE_TIMEOUT');
    expect(seen[at]?.aborted).toBe(true);
    stall = false;
    expect((await f.root.data.readAsync()).data).toEqual(DATA);
    await f.closeAsync();
  });
});
