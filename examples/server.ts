// An HTTP server that builds and serves HDF5 files in memory, with h5tables' async API.
//
//   GET /build?rows=N&cols=M&title=T        a new HDF5 file (one float64 array /data, x[i] = i),
//                                            built in memory per request: application/x-hdf5
//   GET /slice?start=S&stop=E&format=F      rows [S, E) of the array the server holds open
//                                            (F = json, or binary: little-endian float64 bytes,
//                                            shape and dtype in X-Shape / X-Dtype)
//   GET /stats[?reset=1]                     event-loop delay (ms) since the last reset
// HEAD does the same work and sends no body.
//
// Run: npx tsx examples/server.ts [--sync]     (PORT, default 0: any free port; HOST,
// default 127.0.0.1; DATA_MB, default 200: the size of the served array). --sync (or
// H5TABLES_SYNC=1) uses the sync API instead, to compare: HDF5 then blocks the event loop.
import http from 'node:http';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openFile, openFileAsync, type Array as H5Array, type File, type OpenFileOptions } from 'h5tables';

const SYNC = process.argv.includes('--sync') || process.env.H5TABLES_SYNC === '1';
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = Number(process.env.PORT ?? 0);
const DATA_MB = Number(process.env.DATA_MB ?? 200);
const COLS = 128;
const MAX_BUILD_ELEMENTS = 4_000_000; // 32 MB per built file
const MAX_JSON_ROWS = 1000;
if (!(DATA_MB > 0) || !Number.isInteger(PORT)) throw new Error('DATA_MB must be > 0 and PORT an integer');
const MEM: OpenFileOptions = { driver: 'H5FD_CORE', driverCoreBackingStore: false }; // never on disk

/** x[i] = i: any misplaced element shows. */
const iota = (n: number) => {
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = i;
  return data;
};

/** A new file in memory holding /data, returned as its image (the file is closed). */
let builds = 0;
async function buildImage(rows: number, cols: number, title: string): Promise<Buffer> {
  const data = { data: iota(rows * cols), shape: [rows, cols] };
  const name = `build-${++builds}.h5`; // only a label: in-memory files never collide
  if (SYNC) {
    const f = openFile(name, 'w', { ...MEM, title });
    f.createArray('/', 'data', data, title);
    return f.takeFileImage();
  }
  const f = await openFileAsync(name, 'w', { ...MEM, title });
  await f.createArrayAsync('/', 'data', data, title);
  return f.takeFileImageAsync(); // the driver's memory becomes the Buffer: no copy
}

/** The served file: built once, then opened read-only straight from its image. */
async function openServed(): Promise<{ file: File; data: H5Array }> {
  const rows = Math.max(1, Math.floor((DATA_MB * 2 ** 20) / (COLS * 8)));
  const image = await buildImage(rows, COLS, 'Served data');
  const file = await openFileAsync('served.h5', 'r', {
    driver: 'H5FD_CORE',
    driverCoreImage: image,
    driverCoreImageNoCopy: true,
  });
  return { file, data: file.getNode('/data', undefined, 'Array') };
}

/** A client error: answered with its status, the process carries on. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
const badRequest = (message: string) => new HttpError(400, message);

/** An integer query parameter within [min, max]. */
function intParam(query: URLSearchParams, name: string, min: number, max: number, fallback?: number): number {
  const text = query.get(name);
  if (text === null && fallback !== undefined) return fallback;
  if (text === null || !/^-?\d+$/.test(text)) throw badRequest(`${name} must be an integer`);
  const value = Number(text);
  if (value < min || value > max) throw badRequest(`${name} must be between ${min} and ${max}`);
  return value;
}

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
/** Delay in ms: each sample is a 1 ms timer's interval, so the delay is the excess over 1 ms. */
const delayMs = (ns: number) => Math.round(Math.max(0, ns / 1e6 - 1) * 1000) / 1000;

async function main(): Promise<void> {
  const served = await openServed();
  const nrows = served.data.nrows;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = url.searchParams;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET and HEAD');

    if (url.pathname === '/build') {
      const rows = intParam(query, 'rows', 1, MAX_BUILD_ELEMENTS);
      const cols = intParam(query, 'cols', 1, 10_000, 1);
      if (rows * cols > MAX_BUILD_ELEMENTS)
        throw badRequest(`rows * cols must be at most ${MAX_BUILD_ELEMENTS}`);
      const title = query.get('title') ?? '';
      if (title.length > 200) throw badRequest('title must be at most 200 characters');
      const image = await buildImage(rows, cols, title);
      res.writeHead(200, { 'Content-Type': 'application/x-hdf5', 'Content-Length': image.length });
      res.end(image);
    } else if (url.pathname === '/slice') {
      const start = intParam(query, 'start', 0, nrows - 1);
      const stop = intParam(query, 'stop', start + 1, nrows, start + 1);
      const format = query.get('format') ?? 'json';
      if (format !== 'json' && format !== 'binary') throw badRequest('format must be json or binary');
      if (format === 'json' && stop - start > MAX_JSON_ROWS)
        throw badRequest(`json: at most ${MAX_JSON_ROWS} rows (use format=binary)`);
      const { data, shape, dtype } = SYNC
        ? served.data.read(start, stop)
        : await served.data.readAsync(start, stop);
      const values = data as Float64Array;
      if (format === 'json') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ shape, dtype, data: Array.from(values) }));
      } else {
        const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
        if (os.endianness() === 'BE') bytes.swap64(); // the wire format is little-endian
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': bytes.length,
          'X-Shape': shape.join(','),
          'X-Dtype': dtype,
        });
        res.end(bytes);
      }
    } else if (url.pathname === '/stats') {
      const stats = {
        mode: SYNC ? 'sync' : 'async',
        eventLoopDelayMs: {
          p50: delayMs(loop.percentile(50)),
          p99: delayMs(loop.percentile(99)),
          max: delayMs(loop.max),
          mean: delayMs(loop.mean),
          samples: loop.count,
        },
      };
      if (query.get('reset') === '1') loop.reset();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(stats));
    } else {
      throw new HttpError(404, 'not found');
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const known = err instanceof HttpError;
      if (!known) console.error(err); // an HDF5 failure: logged, answered 500, the server goes on
      if (res.headersSent) return void res.destroy();
      res.writeHead(known ? err.status : 500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: known ? err.message : 'internal error' }));
    });
  });
  server.listen(PORT, HOST, () => {
    const { port } = server.address() as { port: number };
    console.log(
      `listening on http://${HOST}:${port} (${SYNC ? 'sync' : 'async'} API; /data is ${nrows} x ${COLS} float64, ${((nrows * COLS * 8) / 2 ** 20).toFixed(0)} MB)`,
    );
  });

  const stop = () => {
    server.close();
    server.closeAllConnections();
    served.file.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
