// httpSource alone, against a node:http Range server on 127.0.0.1: the bytes, the size it
// learns, the Range/If-Match headers it sends, and every way a server can fail it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { httpSource } from '../../lib';
import { startRangeServer, type RangeServer } from '../helpers/range-server';

/** Bytes that differ at every offset of interest (no run repeats within 251 bytes). */
function pattern(n: number, seed = 0): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + seed + (i >> 8)) % 251;
  return b;
}

const SIZE = 1_000_003;
const content = pattern(SIZE);
const BIG = 48 * 1024 * 1024;
let server: RangeServer;

beforeAll(async () => {
  server = await startRangeServer({
    '/data.h5': content,
    '/big.h5': pattern(BIG, 3),
    '/tiny.h5': pattern(100),
  });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  Object.assign(server.settings, {
    ignoreRange: false,
    wrongContentRange: false,
    status: undefined,
    delayMs: 0,
    truncate: false,
    etag: 'strong',
    honorIfMatch: true,
  });
  server.replace('/data.h5', content);
  server.resetStats();
});

async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('httpSource reads', () => {
  it('serves the bytes asked for and learns the size from the first answer', async () => {
    const source = httpSource(server.url('/data.h5'));
    expect(source.size).toBeUndefined();
    const a = await source.read(0, 65536);
    expect(Buffer.from(a).equals(content.subarray(0, 65536))).toBe(true);
    expect(source.size).toBe(SIZE);
    const b = await source.read(123_457, 5000);
    expect(Buffer.from(b).equals(content.subarray(123_457, 128_457))).toBe(true);
    expect(server.stats.log.map((r) => [r.range, r.status])).toEqual([
      ['bytes=0-65535', 206],
      ['bytes=123457-128456', 206],
    ]);
    // Ranges are of the stored bytes: no compressed transfer.
    expect(server.stats.log[0].headers['accept-encoding']).toMatch(/^identity(, identity)*$/);
  });

  it('returns fewer bytes only where the file ends, and none past it', async () => {
    const source = httpSource(server.url('/data.h5'));
    // Before the size is known the server says where the file ends.
    const tail = await source.read(SIZE - 10, 100);
    expect(Buffer.from(tail).equals(content.subarray(SIZE - 10))).toBe(true);
    expect(source.size).toBe(SIZE);
    expect(server.stats.log.at(-1)!.range).toBe(`bytes=${SIZE - 10}-${SIZE + 89}`);
    // Once known, the request is clamped to it, and a read past the end asks nothing.
    await source.read(SIZE - 3, 50);
    expect(server.stats.log.at(-1)!.range).toBe(`bytes=${SIZE - 3}-${SIZE - 1}`);
    const before = server.stats.requests;
    expect((await source.read(SIZE, 10)).length).toBe(0);
    expect((await source.read(SIZE + 5000, 10)).length).toBe(0);
    expect((await source.read(10, 0)).length).toBe(0);
    expect(server.stats.requests).toBe(before);
  });

  it('a first read past the end is empty (416) and teaches the size', async () => {
    const source = httpSource(server.url('/data.h5'));
    expect((await source.read(SIZE + 10, 10)).length).toBe(0);
    expect(server.stats.log[0].status).toBe(416);
    expect(source.size).toBe(SIZE);
  });

  it('takes a 200 for a small file whose whole is no more than what was asked for', async () => {
    server.settings.ignoreRange = true;
    const source = httpSource(server.url('/tiny.h5'));
    const all = await source.read(0, 65536);
    expect(Buffer.from(all).equals(pattern(100))).toBe(true);
    expect(source.size).toBe(100);
  });

  it('serves concurrent reads of a slow server, each its own bytes', async () => {
    server.settings.delayMs = 50;
    const source = httpSource(server.url('/data.h5'));
    const offsets = [0, 300_000, 999_000, 70_000, 5];
    const got = await Promise.all(offsets.map((o) => source.read(o, 4096)));
    got.forEach((g, i) => {
      expect(Buffer.from(g).equals(content.subarray(offsets[i], offsets[i] + 4096))).toBe(true);
    });
    expect(server.stats.requests).toBe(offsets.length);
  });

  it('sends the headers given, and goes through the fetch given', async () => {
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    const source = httpSource(new URL(server.url('/data.h5')), {
      headers: { Authorization: 'Bearer t0ken', 'X-Trace': 'abc' },
      fetch: counting,
    });
    await source.read(100, 10);
    expect(calls).toEqual([server.url('/data.h5')]);
    expect(server.stats.log[0].headers.authorization).toBe('Bearer t0ken');
    expect(server.stats.log[0].headers['x-trace']).toBe('abc');
  });
});

describe('httpSource errors', () => {
  it.each([
    [404, 'ERR_SOURCE_NOT_FOUND', '/missing.h5'],
    [403, 'ERR_SOURCE_DENIED', '/data.h5'],
    [500, 'ERR_SOURCE_REQUEST', '/data.h5'],
  ])('a %i is a clear error naming the URL and the status', async (status, code, path) => {
    if (path === '/data.h5') server.settings.status = status;
    const url = server.url(path);
    const err = await rejection(httpSource(url).read(0, 10));
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.message).toContain(`GET ${url}`);
    expect(err.message).toContain(String(status));
  });

  it('a failed read leaves the source usable: the next one tries again', async () => {
    const source = httpSource(server.url('/data.h5'));
    server.failNext(503);
    expect((await rejection(source.read(0, 10))).status).toBe(503);
    expect(Buffer.from(await source.read(0, 10)).equals(content.subarray(0, 10))).toBe(true);
  });

  it('a server that ignores Range is an error, and the body is not downloaded', async () => {
    server.settings.ignoreRange = true;
    const source = httpSource(server.url('/big.h5'));
    const err = await rejection(source.read(0, 65536));
    expect(err.code).toBe('ERR_SOURCE_NO_RANGE');
    expect(err.message).toContain('ignored the Range header');
    expect(err.message).toContain(`of ${BIG} bytes`);
    // Once the server has seen the connection go, count what it wrote.
    await server.settled();
    console.log(`ignored Range: the server wrote ${server.stats.bytesSent} of ${BIG} bytes`);
    expect(server.stats.log[0].status).toBe(200);
    expect(server.stats.bytesSent).toBeLessThan(BIG / 4);
    // Also at an offset: the whole file is never the answer to a range.
    const err2 = await rejection(httpSource(server.url('/tiny.h5')).read(50, 10));
    expect(err2.code).toBe('ERR_SOURCE_NO_RANGE');
  });

  it('a Content-Range for other bytes is an error', async () => {
    server.settings.wrongContentRange = true;
    const err = await rejection(httpSource(server.url('/data.h5')).read(10, 100));
    expect(err.code).toBe('ERR_SOURCE_BAD_RESPONSE');
    expect(err.message).toContain('asked for bytes 10-109');
    expect(err.message).toContain("'bytes 11-110/1000003'");
  });

  it('a body cut short is an error', async () => {
    server.settings.truncate = true;
    const err = await rejection(httpSource(server.url('/data.h5')).read(0, 200_000));
    expect(err.code).toMatch(/^ERR_SOURCE_(REQUEST|BAD_RESPONSE)$/);
    expect(err.message).toContain(server.url('/data.h5'));
  });

  it('a refused connection is an error naming the URL, with fetch’s error as cause', async () => {
    const gone = await startRangeServer({});
    const url = gone.url('/data.h5');
    await gone.close();
    const err = await rejection(httpSource(url).read(0, 10));
    expect(err.code).toBe('ERR_SOURCE_REQUEST');
    expect(err.message).toContain(`GET ${url} failed`);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('messages leave out the query string (a presigned URL is a secret)', async () => {
    const url = server.url('/missing.h5') + '?X-Amz-Signature=s3cr3t';
    const err = await rejection(httpSource(url).read(0, 10));
    expect(err.code).toBe('ERR_SOURCE_NOT_FOUND');
    expect(err.message).toContain(`GET ${server.url('/missing.h5')}?…`);
    expect(err.message).not.toContain('s3cr3t');
  });
});

describe('httpSource and a file replaced while it is read', () => {
  it('pins the first ETag with If-Match: a replaced file is a 412 and a clear error', async () => {
    const source = httpSource(server.url('/data.h5'));
    await source.read(0, 100);
    const etag = server.stats.log[0].headers['if-match'];
    expect(etag).toBeUndefined();
    await source.read(100, 100);
    expect(server.stats.log[1].ifMatch).toMatch(/^"[0-9a-f]+-\d+"$/);
    server.replace('/data.h5', pattern(SIZE, 1));
    const err = await rejection(source.read(200, 100));
    expect(server.stats.log[2].status).toBe(412);
    expect(err.code).toBe('ERR_SOURCE_CHANGED');
    expect(err.message).toContain('the file changed since it was opened');
    // A new source reads the new file.
    const fresh = await httpSource(server.url('/data.h5')).read(200, 100);
    expect(Buffer.from(fresh).equals(pattern(SIZE, 1).subarray(200, 300))).toBe(true);
  });

  it('checks the ETag itself where a server ignores If-Match', async () => {
    server.settings.honorIfMatch = false;
    const source = httpSource(server.url('/data.h5'));
    await source.read(0, 100);
    server.replace('/data.h5', pattern(SIZE, 1));
    const err = await rejection(source.read(100, 100));
    expect(server.stats.log[1].status).toBe(206);
    expect(err.code).toBe('ERR_SOURCE_CHANGED');
    expect(err.message).toMatch(/ETag "[0-9a-f]+-\d+" then "[0-9a-f]+-\d+"/);
  });

  it('a new size is a change too', async () => {
    server.settings.honorIfMatch = false;
    server.settings.etag = 'none';
    const source = httpSource(server.url('/data.h5'));
    await source.read(0, 100);
    server.replace('/data.h5', pattern(SIZE + 1));
    const err = await rejection(source.read(100, 100));
    expect(err.code).toBe('ERR_SOURCE_CHANGED');
  });

  it.each(['weak', 'none'] as const)(
    'with a %s ETag it pins Last-Modified (If-Unmodified-Since)',
    async (etag) => {
      server.settings.etag = etag;
      const source = httpSource(server.url('/data.h5'));
      await source.read(0, 100);
      await source.read(100, 100);
      expect(server.stats.log[1].ifMatch).toBeUndefined();
      expect(server.stats.log[1].headers['if-unmodified-since']).toMatch(/GMT$/);
      server.replace('/data.h5', pattern(SIZE, 1));
      const err = await rejection(source.read(200, 100));
      expect(server.stats.log[2].status).toBe(412);
      expect(err.code).toBe('ERR_SOURCE_CHANGED');
    },
  );
});

describe('httpSource arguments', () => {
  it('checks the URL', () => {
    expect(() => httpSource(42 as any)).toThrow(
      new TypeError('httpSource: url must be a string or a URL, not number'),
    );
    expect(() => httpSource('not a url')).toThrow(
      new TypeError("httpSource: 'not a url' is not a valid URL"),
    );
    expect(() => httpSource('file:///etc/passwd')).toThrow(
      new TypeError('httpSource: the URL must be http: or https:, not file:'),
    );
    expect(() => httpSource('http://user:pw@127.0.0.1/a.h5')).toThrow(
      new TypeError(
        'httpSource: the URL must not hold a user name or password: pass them as an Authorization header',
      ),
    );
  });

  it('checks every option', () => {
    const url = server.url('/data.h5');
    expect(() => httpSource(url, { header: {} } as any)).toThrow(
      new TypeError("httpSource: unknown option 'header'; accepted options: headers, fetch"),
    );
    expect(() => httpSource(url, 'x' as any)).toThrow(TypeError);
    expect(() => httpSource(url, { headers: 'a: b' } as any)).toThrow(/option 'headers' must be an object/);
    expect(() => httpSource(url, { headers: { a: 1 } } as any)).toThrow(
      new TypeError("httpSource: header 'a' must be a string, not number"),
    );
    expect(() => httpSource(url, { headers: { Range: 'bytes=0-1' } })).toThrow(
      /header 'Range' is set by httpSource itself/,
    );
    expect(() => httpSource(url, { headers: { 'If-Match': '*' } })).toThrow(/set by httpSource itself/);
    expect(() => httpSource(url, { fetch: 'fetch' } as any)).toThrow(
      new TypeError("httpSource: option 'fetch' must be a function (a fetch)"),
    );
  });

  it('checks read() arguments before any request', async () => {
    const source = httpSource(server.url('/data.h5'));
    for (const [o, l] of [
      [-1, 10],
      [0, -1],
      [1.5, 1],
      [0, Number.NaN],
      ['0', 1],
    ]) {
      await expect(source.read(o as number, l as number)).rejects.toThrow(RangeError);
    }
    expect(server.stats.requests).toBe(0);
  });
});
