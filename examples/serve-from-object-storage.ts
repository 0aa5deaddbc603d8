// A stateless HTTP service over HDF5 files kept in S3-compatible object storage (AWS S3,
// MinIO, R2, s3rver, ...). Each instance reads only the byte ranges its requests need,
// through h5tables' block cache, and keeps nothing that another instance would need: run
// any number of them behind a load balancer.
//
//   GET /files/<key>                                   the file's nodes, as JSON
//   GET /files/<key>/slice?node=/p&start=S&stop=E     rows [S, E) of an array node, as JSON
//   PUT /files/<key>?rows=R&cols=C                    a new file (/data, x[i] = i) built in
//                                                      memory and uploaded: writing to object
//                                                      storage is building an image and putting it
//   GET /stats                                          the open files' source counters
//
// Run: S3_BUCKET=my-bucket npx tsx examples/serve-from-object-storage.ts
// Env: S3_BUCKET (required); S3_ENDPOINT (e.g. http://127.0.0.1:4568 for s3rver or MinIO;
// default AWS); S3_REGION (default us-east-1); S3_FORCE_PATH_STYLE=1 for most non-AWS
// stores; credentials from the SDK's usual chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// ...); PORT (default 0: any free port); HOST (default 127.0.0.1). @aws-sdk/client-s3 is the
// application's dependency, not h5tables'.
import http from 'node:http';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { openFileAsync, s3Source, type Array as H5Array, type File } from 'h5tables';

const BUCKET = process.env.S3_BUCKET ?? '';
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = Number(process.env.PORT ?? 0);
if (!BUCKET) throw new Error('set S3_BUCKET (and S3_ENDPOINT for a store other than AWS S3)');
const MAX_OPEN = 16; // files kept open per instance: a cache, not state
const MAX_JSON_ROWS = 1000;
const MAX_BUILD_ELEMENTS = 4_000_000;

const s3 = new S3Client({
  ...(process.env.S3_ENDPOINT ? { endpoint: process.env.S3_ENDPOINT } : {}),
  region: process.env.S3_REGION ?? 'us-east-1',
  forcePathStyle: process.env.S3_FORCE_PATH_STYLE === '1',
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The code of a source's error, seen through the read that it failed (code ERR_SOURCE). */
function sourceCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code === 'ERR_SOURCE' ? e.cause?.code : e?.code;
  return typeof code === 'string' ? code : undefined;
}

// Open files by key, most recently used last. Opening costs a few requests (HDF5's
// metadata), so files stay open for the next request. Each open file is pinned to the
// object's ETag: what its cache holds is of that version, and an object replaced by
// another writer is noticed at the next read that goes to storage (ERR_SOURCE_CHANGED),
// then opened anew. Object storage is at its best with immutable objects (a new key for
// each version): then no instance can ever serve an old version.
const open = new Map<string, Promise<File>>();

function openObject(key: string): Promise<File> {
  let file = open.get(key);
  if (file) {
    open.delete(key);
  } else {
    const source = s3Source({ client: s3, GetObjectCommand, bucket: BUCKET, key });
    file = openFileAsync(key, 'r', {
      source,
      sourceCache: { blockSize: 64 * 1024, maxBytes: 8 * 2 ** 20 },
      int64: 'number', // JSON has no BigInt
    });
    file.catch(() => open.delete(key)); // a failed open is not kept
    if (open.size >= MAX_OPEN) {
      const [oldest, evicted] = open.entries().next().value as [string, Promise<File>];
      open.delete(oldest);
      evicted.then((f) => f.closeAsync()).catch(() => {});
    }
  }
  open.set(key, file);
  return file;
}

/** Runs `use` on the object's file; once more on a fresh open if the object was replaced. */
async function withFile<T>(key: string, use: (file: File) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await use(await openObject(key));
    } catch (err) {
      const code = sourceCode(err);
      if (code === 'ERR_SOURCE_NOT_FOUND') throw new HttpError(404, `no object ${key}`);
      if (code !== 'ERR_SOURCE_CHANGED' || attempt > 0) throw err;
      forget(key);
    }
  }
}

/** Closes and drops the object's open file, if any. */
function forget(key: string): void {
  const stale = open.get(key);
  open.delete(key);
  stale?.then((f) => f.closeAsync()).catch(() => {});
}

function intParam(query: URLSearchParams, name: string, min: number, max: number, fallback?: number): number {
  const text = query.get(name);
  if (text === null && fallback !== undefined) return fallback;
  if (text === null || !/^\d+$/.test(text))
    throw new HttpError(400, `${name} must be a non-negative integer`);
  const value = Number(text);
  if (value < min || value > max) throw new HttpError(400, `${name} must be between ${min} and ${max}`);
  return value;
}

/** A new file with /data (x[i] = i) built in memory, uploaded as one object. */
async function upload(key: string, rows: number, cols: number): Promise<number> {
  const f = await openFileAsync(key, 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
  const data = Float64Array.from({ length: rows * cols }, (_, i) => i);
  await f.createArrayAsync('/', 'data', { data, shape: [rows, cols] }, 'uploaded');
  const image = await f.takeFileImageAsync(); // closes the file; the driver's memory, no copy
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: image }));
  forget(key); // this instance's open copy is of the old object
  return image.length;
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/stats' && req.method === 'GET') {
    const files = await Promise.allSettled(open.values());
    const stats = files.flatMap((r) =>
      r.status === 'fulfilled' && r.value.sourceStats ? [r.value.sourceStats] : [],
    );
    return json(200, { openFiles: stats.length, perFile: stats });
  }
  const m = /^\/files\/(.+?)(\/slice)?$/.exec(url.pathname);
  if (!m) throw new HttpError(404, 'not found');
  const key = decodeURIComponent(m[1]);
  if (req.method === 'PUT' && !m[2]) {
    const rows = intParam(url.searchParams, 'rows', 1, MAX_BUILD_ELEMENTS);
    const cols = intParam(url.searchParams, 'cols', 1, 10_000, 1);
    if (rows * cols > MAX_BUILD_ELEMENTS)
      throw new HttpError(400, `rows * cols must be at most ${MAX_BUILD_ELEMENTS}`);
    const bytes = await upload(key, rows, cols);
    return json(201, { key, bytes });
  }
  if (req.method !== 'GET') throw new HttpError(405, 'GET, or PUT to upload');
  if (!m[2]) {
    const nodes = await withFile(key, async (file) =>
      [...file.walkNodes('/')].map((n) => ({ path: n.pathname, class: n.constructor.name, title: n.title })),
    );
    return json(200, { key, nodes });
  }
  const nodePath = url.searchParams.get('node') ?? '/data';
  const result = await withFile(key, async (file) => {
    let leaf: H5Array; // Array, CArray and EArray
    try {
      leaf = file.getNode(nodePath, undefined, 'Array');
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_H5_NO_SUCH_NODE')
        throw new HttpError(404, `no array ${nodePath}`);
      throw err;
    }
    const nrows = leaf.nrows;
    const start = intParam(url.searchParams, 'start', 0, Math.max(0, nrows - 1));
    const stop = intParam(url.searchParams, 'stop', start + 1, nrows, start + 1);
    if (stop - start > MAX_JSON_ROWS) throw new HttpError(400, `at most ${MAX_JSON_ROWS} rows`);
    const { data, shape, dtype } = await leaf.readAsync(start, stop);
    return { node: nodePath, start, stop, shape, dtype, data: Array.from(data as ArrayLike<number>) };
  });
  json(200, result);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    const known = err instanceof HttpError;
    if (!known) console.error(err); // a storage or HDF5 failure: logged, answered 502/500, the server goes on
    if (res.headersSent) return void res.destroy();
    const status = known ? err.status : sourceCode(err)?.startsWith('ERR_SOURCE') ? 502 : 500;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: known ? err.message : 'storage or file error' }));
  });
});
server.listen(PORT, HOST, () => {
  const { port } = server.address() as { port: number };
  console.log(`listening on http://${HOST}:${port} (bucket ${BUCKET})`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  for (const f of open.values()) f.then((file) => file.closeAsync()).catch(() => {});
  s3.destroy();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
