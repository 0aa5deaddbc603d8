// A node:http server on 127.0.0.1 that serves files by HTTP Range requests, for the
// byte-range source tests. It counts requests and body bytes, and has switches for the
// ways real servers go wrong: ignoring Range (200 with the whole file), a wrong
// Content-Range, a failing status, slow answers, a truncated body, and a file replaced
// while it is read (a new ETag and Last-Modified).
//
//   const server = await startRangeServer({ '/data.h5': bytes });   // or a file path
//   const source = httpSource(server.url('/data.h5'));
//   ... server.stats.requests, server.stats.bytesSent, server.settings.ignoreRange = true
//   await server.close();
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one request asked for and got. */
export interface RequestLog {
  method: string;
  path: string;
  range?: string;
  ifMatch?: string;
  /** All the request's headers, as node:http gives them (names in lower case). */
  headers: http.IncomingHttpHeaders;
  status: number;
  /** Body bytes the server wrote for it. */
  bytes: number;
  /** True once the answer is over: sent in full, or the client went away. */
  done: boolean;
}

/** Switches that change how the server answers; all off by default. */
export interface RangeServerSettings {
  /** Answer 200 with the whole file, as a server without Range support does. */
  ignoreRange: boolean;
  /** Answer 206 with a Content-Range one byte off the one asked for. */
  wrongContentRange: boolean;
  /** Answer every request with this status (e.g. 500, 403) and a short text body. */
  status?: number;
  /** Wait this long before answering each request. */
  delayMs: number;
  /** Announce the whole length but send half the body, then cut the connection. */
  truncate: boolean;
  /** 'strong' (default), 'weak' (W/"...") or 'none': the ETag the server sends. */
  etag: 'strong' | 'weak' | 'none';
  /** Answer a mismatching If-Match with 412 (default true); false ignores If-Match. */
  honorIfMatch: boolean;
  /**
   * Error bodies as text (default), or as S3's XML errors (`<Error><Code>NoSuchKey</Code>...`),
   * so an S3 client pointed at this server sees what AWS S3 sends, e.g. a 412
   * PreconditionFailed for If-Match (s3rver ignores If-Match on GET).
   */
  errorBody: 'text' | 's3';
}

const S3_CODES: Record<number, string> = {
  403: 'AccessDenied',
  404: 'NoSuchKey',
  412: 'PreconditionFailed',
  500: 'InternalError',
  503: 'SlowDown',
};

export interface RangeServerStats {
  requests: number;
  bytesSent: number;
  log: RequestLog[];
}

export interface RangeServer {
  /** http://127.0.0.1:port + path. */
  url(path: string): string;
  readonly port: number;
  readonly settings: RangeServerSettings;
  readonly stats: RangeServerStats;
  /** Resolves once every request so far has been answered in full or abandoned by its client. */
  settled(): Promise<void>;
  /** Zeroes the counters and the log. */
  resetStats(): void;
  /** Replaces (or adds) a file's content: it gets a new ETag and a later Last-Modified. */
  replace(path: string, content: Buffer | string): void;
  /** Fails the next `count` requests with `status` (then answers normally again). */
  failNext(status: number, count?: number): void;
  /**
   * Never answers the next `count` requests (a stalled server): each stays open until its
   * client goes away or the server closes; the requests after them are answered.
   */
  stallNext(count?: number): void;
  close(): Promise<void>;
}

interface Served {
  bytes: Buffer;
  etag: string;
  lastModified: Date;
}

const CHUNK = 64 * 1024;

// Header names in their usual case: HDF5 1.10's ROS3 driver looks for "Content-Length"
// case-sensitively (HTTP says case does not matter; node:http sends names as given).
function load(content: Buffer | string): Buffer {
  return typeof content === 'string' ? fs.readFileSync(content) : content;
}

/** Starts a server over `files` (path -> bytes or a file's path to read once). */
export async function startRangeServer(files: Record<string, Buffer | string>): Promise<RangeServer> {
  const served = new Map<string, Served>();
  let generation = 0;
  const put = (p: string, content: Buffer | string) => {
    const bytes = load(content);
    generation += 1;
    const hash = createHash('sha1').update(bytes).digest('hex').slice(0, 16);
    // HTTP dates have whole seconds: each generation a second later than the last.
    const lastModified = new Date(Date.UTC(2026, 0, 1) + generation * 1000);
    served.set(p, { bytes, etag: `"${hash}-${generation}"`, lastModified });
  };
  for (const [p, c] of Object.entries(files)) put(p, c);

  const settings: RangeServerSettings = {
    ignoreRange: false,
    wrongContentRange: false,
    delayMs: 0,
    truncate: false,
    etag: 'strong',
    honorIfMatch: true,
    errorBody: 'text',
  };
  const stats: RangeServerStats = { requests: 0, bytesSent: 0, log: [] };
  const failures: number[] = [];
  let stalls = 0;

  const server = http.createServer((req, res) => {
    void answer(req, res);
  });

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    stats.requests += 1;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const entry: RequestLog = {
      method: req.method ?? 'GET',
      path,
      range: req.headers.range,
      ifMatch: req.headers['if-match'],
      headers: req.headers,
      status: 0,
      bytes: 0,
      done: false,
    };
    res.on('close', () => {
      entry.done = true;
    });
    stats.log.push(entry);
    if (stalls > 0) {
      stalls -= 1;
      return; // no answer, ever: the client has to give up
    }
    if (settings.delayMs > 0) await new Promise((r) => setTimeout(r, settings.delayMs));
    const finish = (status: number, headers: Record<string, string>, body?: Buffer) => {
      entry.status = status;
      res.writeHead(status, headers);
      if (body === undefined || req.method === 'HEAD') {
        res.end();
        return;
      }
      void send(res, body, entry);
    };
    const fail = (status: number, text: string) => {
      if (settings.errorBody === 's3') {
        const code = S3_CODES[status] ?? 'InternalError';
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${text}</Message></Error>`;
        finish(status, { 'Content-Type': 'application/xml' }, Buffer.from(xml));
      } else {
        finish(status, { 'Content-Type': 'text/plain' }, Buffer.from(`${text}\n`));
      }
    };
    const forced = failures.length > 0 ? failures.shift() : settings.status;
    if (forced !== undefined) {
      fail(forced, `status ${forced} as the test asked`);
      return;
    }
    const file = served.get(path);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      fail(file ? 405 : 404, file ? 'method not allowed' : 'not here');
      return;
    }
    const size = file.bytes.length;
    const headers: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      'Last-Modified': file.lastModified.toUTCString(),
      'Content-Type': 'application/x-hdf5',
    };
    if (settings.etag !== 'none') headers.ETag = settings.etag === 'weak' ? `W/${file.etag}` : file.etag;
    const ifMatch = req.headers['if-match'];
    if (settings.honorIfMatch && ifMatch !== undefined && ifMatch !== '*' && ifMatch !== file.etag) {
      fail(412, 'At least one of the pre-conditions you specified did not hold');
      return;
    }
    const ius = req.headers['if-unmodified-since'];
    if (ius !== undefined && file.lastModified.getTime() > new Date(ius).getTime()) {
      fail(412, 'At least one of the pre-conditions you specified did not hold');
      return;
    }
    const ifRange = req.headers['if-range'];
    const rangeApplies = !settings.ignoreRange && (ifRange === undefined || ifRange === file.etag);
    const range = rangeApplies ? parseRange(req.headers.range, size) : undefined;
    if (range === 'unsatisfiable') {
      finish(416, { ...headers, 'Content-Range': `bytes */${size}` });
      return;
    }
    if (!range) {
      finish(200, { ...headers, 'Content-Length': String(size) }, file.bytes);
      return;
    }
    const [first, last] = range;
    const shown = settings.wrongContentRange ? [first + 1, last + 1] : [first, last];
    finish(
      206,
      {
        ...headers,
        'Content-Range': `bytes ${shown[0]}-${shown[1]}/${size}`,
        'Content-Length': String(last - first + 1),
      },
      file.bytes.subarray(first, last + 1),
    );
  }

  /** Writes the body in chunks, waiting for the socket; stops when the client goes away. */
  async function send(res: http.ServerResponse, body: Buffer, entry: RequestLog): Promise<void> {
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    const end = settings.truncate ? Math.floor(body.length / 2) : body.length;
    for (let at = 0; at < end && !gone; at += CHUNK) {
      const chunk = body.subarray(at, Math.min(at + CHUNK, end));
      const more = res.write(chunk);
      entry.bytes += chunk.length;
      stats.bytesSent += chunk.length;
      if (!more && !gone) {
        await new Promise<void>((r) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            r();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (settings.truncate) res.destroy();
    else if (!gone) res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    port,
    settings,
    stats,
    async settled() {
      while (stats.log.some((e) => !e.done)) await new Promise((r) => setTimeout(r, 10));
    },
    resetStats() {
      stats.requests = 0;
      stats.bytesSent = 0;
      stats.log = [];
    },
    replace: put,
    failNext(status, count = 1) {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    stallNext(count = 1) {
      stalls += count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One `bytes=` range as [first, last], 'unsatisfiable', or undefined (no range, or one this server ignores). */
function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'unsatisfiable' | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return [Math.max(0, size - n), size - 1];
  }
  const first = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (first >= size) return 'unsatisfiable';
  if (last < first) return undefined;
  return [first, last];
}
