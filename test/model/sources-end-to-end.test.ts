// Files read through httpSource (the Range test server) and s3Source (s3rver through
// @aws-sdk/client-s3) read exactly as the same file opened locally: the tree, printed
// forms, attributes, Array/CArray (compressed chunks)/EArray/VLArray reads whole and in
// selections; the source's failures reach the read that needed them, and the file stays
// usable.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  Filters,
  Float64Col,
  Int32Col,
  StringCol,
  httpSource,
  openFile,
  openFileAsync,
  s3Source,
  slice,
  type ByteRangeSource,
  type File,
} from '../../lib/index';
import { startRangeServer, type RangeServer } from '../helpers/range-server';
import { startS3Server, type S3Server } from '../helpers/s3-server';

/** A file with every leaf class main has, a group with attributes, a soft link. */
function makeImage(): Buffer {
  const f = openFile('made.h5', 'w', {
    driver: 'H5FD_CORE',
    driverCoreBackingStore: false,
    title: 'Sources',
  });
  f.createArray(
    '/',
    'arr',
    { data: Float64Array.from({ length: 1000 }, (_, i) => i * 0.5), shape: [100, 10] },
    'plain',
  );
  f.createArray('/', 'scalar', 42, 'scalar');
  const g = f.createGroup('/', 'grp', 'a group');
  g.attrs.set('answer', 42);
  g.attrs.set('label', 'from h5tables');
  g.attrs.set('weights', new Float64Array([0.25, 0.5, 0.75]));
  f.createCArray(g, 'carr', {
    atom: 'int32',
    shape: [400, 40],
    chunkshape: [16, 40],
    filters: new Filters({ complevel: 5, complib: 'zlib', shuffle: true }),
    obj: { data: Int32Array.from({ length: 400 * 40 }, (_, i) => (i * 7919) % 100_003), shape: [400, 40] },
    title: 'compressed',
  });
  const e = f.createEArray(g, 'earr', { atom: 'float32', shape: [0, 3], title: 'grows', expectedrows: 50 });
  for (let k = 0; k < 3; k++)
    e.append({ data: Float32Array.from({ length: 30 }, (_, i) => k * 100 + i), shape: [10, 3] });
  const vl = f.createVLArray(g, 'vl', { atom: 'int16', title: 'ragged' });
  for (let k = 0; k < 40; k++) vl.append(Int16Array.from({ length: k % 7 }, (_, i) => k * 10 + i));
  const words = f.createVLArray('/', 'words', { atom: 'vlstring' });
  for (const w of ['alpha', 'βeta', '', 'gamma delta']) words.append(w);
  f.createSoftLink('/', 'link', '/grp/carr');
  // A compressed, chunked table: its conditions and coordinate reads go through the source too.
  const t = f.createTable(
    '/',
    'tbl',
    { a: Int32Col(), b: Float64Col(), s: StringCol(8) },
    { title: 'rows', filters: new Filters({ complevel: 3, complib: 'zlib' }), chunkshape: [256] },
  );
  const n = 5000;
  t.append({
    a: Int32Array.from({ length: n }, (_, i) => i),
    b: Float64Array.from({ length: n }, (_, i) => (i % 1000) / 1000),
    s: Array.from({ length: n }, (_, i) => `k${i % 10}`),
  });
  return f.takeFileImage();
}

let image: Buffer;
let server: RangeServer;
let s3: S3Server;

beforeAll(async () => {
  image = makeImage();
  server = await startRangeServer({ '/made.h5': image });
  s3 = await startS3Server(['src-bucket']);
  await s3.put('src-bucket', 'made.h5', image);
});
afterAll(async () => {
  await server?.close();
  await s3?.close();
});

const sources: Array<[string, () => ByteRangeSource]> = [
  ['httpSource', () => httpSource(server.url('/made.h5'))],
  ['s3Source', () => s3Source({ client: s3.client, GetObjectCommand, bucket: 'src-bucket', key: 'made.h5' })],
];

function local(): File {
  return openFile('made.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image });
}

describe.each(sources)('%s end to end', (_name, makeSource) => {
  it('a Table reads, queries and reads coordinates as the local file does', async () => {
    const want = local();
    const f = await openFileAsync('made.h5', 'r', { source: makeSource() });
    try {
      const t = f.getNode('/tbl', undefined, 'Table');
      const wt = want.getNode('/tbl', undefined, 'Table');
      expect(String(t)).toBe(String(wt));
      expect(t.nrows).toBe(5000);
      expect(await t.readAsync()).toEqual(wt.read());
      expect(await t.readAsync(1234, 4321, 7)).toEqual(wt.read(1234, 4321, 7));
      const cond = '(a > 2500) & (b < 0.25) & (s != b"k3")';
      const rows = await t.getWhereListAsync(cond);
      expect(rows).toEqual(wt.getWhereList(cond));
      expect(rows.length).toBeGreaterThan(0);
      expect(await t.readWhereAsync(cond)).toEqual(wt.readWhere(cond));
      expect(await t.readCoordinatesAsync([4999, 0, 2048, 2048])).toEqual(
        wt.readCoordinates([4999, 0, 2048, 2048]),
      );
      expect(await t.readAsync(0, 3, 1, 'a')).toEqual(wt.read(0, 3, 1, 'a'));
    } finally {
      await f.closeAsync();
      want.close();
    }
  });

  it('the tree, printed forms and attributes are those of the local file', async () => {
    const want = local();
    const f = await openFileAsync('made.h5', 'r', { source: makeSource() });
    try {
      expect([...f.walkNodes('/')].map((n) => n.pathname)).toEqual(
        [...want.walkNodes('/')].map((n) => n.pathname),
      );
      expect(String(f)).toBe(String(want));
      const g = f.getNode('/grp');
      const wg = want.getNode('/grp');
      expect(g.attrs.get('answer')).toEqual(wg.attrs.get('answer'));
      expect(g.attrs.get('label')).toBe('from h5tables');
      expect(g.attrs.get('weights')).toEqual(wg.attrs.get('weights'));
      expect(f.getNode('/grp/carr').title).toBe('compressed');
    } finally {
      await f.closeAsync();
      want.close();
    }
  });

  it('reads every leaf whole and in selections as the local file does', async () => {
    const want = local();
    const f = await openFileAsync('made.h5', 'r', { source: makeSource() });
    try {
      for (const p of ['/arr', '/scalar', '/grp/carr', '/grp/earr']) {
        const a = f.getNode(p, undefined, 'Array');
        const w = want.getNode(p, undefined, 'Array');
        expect(await a.readAsync(), p).toEqual(w.read());
      }
      const carr = f.getNode('/grp/carr', undefined, 'CArray');
      const wcarr = want.getNode('/grp/carr', undefined, 'CArray');
      // Across chunk boundaries, strided, and a single element.
      expect(await carr.readAsync(15, 49, 3)).toEqual(wcarr.read(15, 49, 3));
      expect(await carr.getAsync(slice(7, 390, 41), slice(3, 38, 5))).toEqual(
        wcarr.get(slice(7, 390, 41), slice(3, 38, 5)),
      );
      expect(await carr.getAsync(399, 39)).toEqual(wcarr.get(399, 39));
      const earr = f.getNode('/grp/earr', undefined, 'EArray');
      expect(earr.nrows).toBe(30);
      expect(await earr.readAsync(9, 21)).toEqual(want.getNode('/grp/earr', undefined, 'EArray').read(9, 21));
      for (const p of ['/grp/vl', '/words']) {
        const v = f.getNode(p, undefined, 'VLArray');
        const w = want.getNode(p, undefined, 'VLArray');
        expect(await v.readAsync(), p).toEqual(w.read());
        expect(await v.readAsync(1, 30, 4), p).toEqual(w.read(1, 30, 4));
      }
      const stats = f.sourceStats!;
      expect(stats.requests).toBeGreaterThan(0);
      expect(stats.bytesFetched).toBeLessThanOrEqual(image.length);
    } finally {
      await f.closeAsync();
      want.close();
    }
  });
});

describe('a source failing under a read', () => {
  it('a 500 rejects the read with ERR_SOURCE and the server’s status; the next read works', async () => {
    const f = await openFileAsync('made.h5', 'r', {
      source: httpSource(server.url('/made.h5')),
      sourceCache: { blockSize: 4096 },
    });
    try {
      const carr = f.getNode('/grp/carr', undefined, 'CArray');
      server.failNext(500);
      const err: any = await carr.readAsync(300, 301).catch((e: unknown) => e);
      expect(err.code).toBe('ERR_SOURCE');
      expect(err.message).toContain(`GET ${server.url('/made.h5')} answered 500`);
      expect(err.message).toMatch(/\(byte-range source read of \d+ bytes at offset \d+\)$/);
      expect(err.cause.status).toBe(500);
      const again = await carr.readAsync(300, 301);
      expect(again).toEqual(local().getNode('/grp/carr', undefined, 'CArray').read(300, 301));
    } finally {
      await f.closeAsync();
    }
  });

  it('a file replaced while open: ERR_SOURCE with cause ERR_SOURCE_CHANGED, never mixed bytes', async () => {
    const other = makeImage().fill(0, 4096); // same metadata start, other chunks
    const replaced = await startRangeServer({ '/made.h5': image });
    const f = await openFileAsync('made.h5', 'r', {
      source: httpSource(replaced.url('/made.h5')),
      sourceCache: { blockSize: 4096 },
    });
    try {
      replaced.replace('/made.h5', other);
      const err: any = await f
        .getNode('/grp/carr', undefined, 'CArray')
        .readAsync(390, 400)
        .catch((e: unknown) => e);
      expect(err.code).toBe('ERR_SOURCE');
      expect(err.cause.code).toBe('ERR_SOURCE_CHANGED');
    } finally {
      await f.closeAsync();
      await replaced.close();
    }
  });
});
