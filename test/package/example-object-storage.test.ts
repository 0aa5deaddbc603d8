// examples/serve-from-object-storage.ts runs as documented against s3rver on 127.0.0.1:
// it uploads a file built in memory, lists it, serves slices (JSON) read by byte ranges,
// notices a replaced object, answers 404/400 for a missing object or a bad request.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Filters, openFile } from '../../lib/index';
import { ensureDist, root } from '../helpers/dist';
import { startS3Server, type S3Server } from '../helpers/s3-server';

let s3: S3Server;
let child: ChildProcess;
let base: string;
let output = '';

beforeAll(async () => {
  ensureDist(); // the example imports 'h5tables' by name: this package's dist/
  s3 = await startS3Server(['example-bucket']);
  child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'examples', 'serve-from-object-storage.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        S3_BUCKET: 'example-bucket',
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: '1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  base = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`the example exited (${code}):\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await s3?.close();
});

async function get(p: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(base + p, init);
  return { status: res.status, body: await res.json() };
}

describe('examples/serve-from-object-storage.ts', () => {
  it('uploads a file built in memory, then lists and slices it by byte ranges', async () => {
    const put = await get('/files/runs/up.h5?rows=50&cols=4', { method: 'PUT' });
    expect(put.status).toBe(201);
    expect(put.body.key).toBe('runs/up.h5');
    const list = await get('/files/runs/up.h5');
    expect(list.status).toBe(200);
    expect(list.body.nodes.map((n: any) => n.path)).toEqual(['/', '/data']);
    const slice = await get('/files/runs/up.h5/slice?node=/data&start=3&stop=5');
    expect(slice.body).toEqual({
      node: '/data',
      start: 3,
      stop: 5,
      shape: [2, 4],
      dtype: 'float64',
      data: [12, 13, 14, 15, 16, 17, 18, 19],
    });
  });

  it('serves a file put into the bucket by anyone else (a compressed CArray)', async () => {
    const f = openFile('other.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
    const data = Int32Array.from({ length: 300 * 20 }, (_, i) => i * 3 - 7);
    f.createCArray('/', 'c', {
      obj: { data, shape: [300, 20] },
      chunkshape: [10, 20],
      filters: new Filters({ complevel: 4, complib: 'zlib' }),
    });
    await s3.put('example-bucket', 'other.h5', f.takeFileImage());
    const slice = await get('/files/other.h5/slice?node=/c&start=295&stop=297');
    expect(slice.status).toBe(200);
    expect(slice.body.dtype).toBe('int32');
    expect(slice.body.data).toEqual(Array.from(data.subarray(295 * 20, 297 * 20)));
  });

  it('an object replaced through the service is opened anew: the next answer has the new contents', async () => {
    expect((await get('/files/runs/up.h5/slice?start=49')).body.data).toEqual([196, 197, 198, 199]);
    expect((await get('/files/runs/up.h5?rows=60&cols=2', { method: 'PUT' })).status).toBe(201);
    const after = await get('/files/runs/up.h5/slice?start=59');
    expect(after.status).toBe(200);
    expect(after.body.data).toEqual([118, 119]);
  });

  it('answers a missing object with 404 and a bad request with 400', async () => {
    expect(await get('/files/nothing-here.h5')).toEqual({
      status: 404,
      body: { error: 'no object nothing-here.h5' },
    });
    expect(await get('/files/runs/up.h5/slice?start=abc')).toEqual({
      status: 400,
      body: { error: 'start must be a non-negative integer' },
    });
    expect((await get('/files/runs/up.h5/slice?node=/nope')).status).toBe(404);
  });

  it('reports the open files’ source counters', async () => {
    const stats = await get('/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.openFiles).toBeGreaterThanOrEqual(1);
    for (const s of stats.body.perFile) {
      expect(s.requests).toBeGreaterThan(0);
      expect(s.bytesFetched).toBeGreaterThan(0);
    }
  });
});
