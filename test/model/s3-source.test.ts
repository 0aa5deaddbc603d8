// s3Source alone, through @aws-sdk/client-s3 against s3rver on 127.0.0.1 (a real S3 API),
// and against the Range test server answering as AWS S3 does where s3rver does not (412
// PreconditionFailed for IfMatch).
import { GetObjectCommand, S3, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { s3Source } from '../../lib';
import { startRangeServer } from '../helpers/range-server';
import { startS3Server, type S3Server } from '../helpers/s3-server';

function pattern(n: number, seed = 0): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 13 + seed + (i >> 9)) % 253;
  return b;
}

const SIZE = 700_001;
const content = pattern(SIZE);
let s3: S3Server;

beforeAll(async () => {
  s3 = await startS3Server(['h5-bucket']);
  await s3.put('h5-bucket', 'dir/data.h5', content);
});
afterAll(async () => {
  await s3.close();
});

async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** The client with every command's input recorded. */
function recording(client: S3Client): { client: S3Client; inputs: any[] } {
  const inputs: any[] = [];
  const send = client.send.bind(client) as (c: any) => Promise<any>;
  const wrapped = Object.create(client) as S3Client;
  (wrapped as any).send = (command: any) => {
    inputs.push({ ...command.input });
    return send(command);
  };
  return { client: wrapped, inputs };
}

describe('s3Source reads', () => {
  it('serves the bytes asked for through S3Client + GetObjectCommand, and learns the size', async () => {
    const { client, inputs } = recording(s3.client);
    const source = s3Source({ client, GetObjectCommand, bucket: 'h5-bucket', key: 'dir/data.h5' });
    expect(source.size).toBeUndefined();
    const a = await source.read(0, 65536);
    expect(Buffer.from(a).equals(content.subarray(0, 65536))).toBe(true);
    expect(source.size).toBe(SIZE);
    const b = await source.read(400_000, 12_345);
    expect(Buffer.from(b).equals(content.subarray(400_000, 412_345))).toBe(true);
    expect(inputs[0]).toEqual({ Bucket: 'h5-bucket', Key: 'dir/data.h5', Range: 'bytes=0-65535' });
    // Later reads are pinned to the first answer's ETag.
    expect(inputs[1]).toEqual({
      Bucket: 'h5-bucket',
      Key: 'dir/data.h5',
      Range: 'bytes=400000-412344',
      IfMatch: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });
  });

  it('serves the bytes through the SDK’s S3 class (getObject) without GetObjectCommand', async () => {
    const agg = new S3(s3.clientConfig);
    try {
      const source = s3Source({ client: agg, bucket: 'h5-bucket', key: 'dir/data.h5' });
      const got = await Promise.all([source.read(5, 100), source.read(SIZE - 50, 1000)]);
      expect(Buffer.from(got[0]).equals(content.subarray(5, 105))).toBe(true);
      // Fewer bytes only where the object ends.
      expect(Buffer.from(got[1]).equals(content.subarray(SIZE - 50))).toBe(true);
    } finally {
      agg.destroy();
    }
  });

  it('a read past the end is empty, and once the size is known asks nothing', async () => {
    const { client, inputs } = recording(s3.client);
    const source = s3Source({ client, GetObjectCommand, bucket: 'h5-bucket', key: 'dir/data.h5' });
    expect((await source.read(SIZE + 100, 10)).length).toBe(0); // S3's 416 InvalidRange
    await source.read(0, 10);
    expect(inputs.length).toBe(2);
    expect((await source.read(SIZE, 10)).length).toBe(0);
    expect((await source.read(0, 0)).length).toBe(0);
    expect(inputs.length).toBe(2);
  });

  it('passes versionId as VersionId', async () => {
    const inputs: any[] = [];
    const source = s3Source({
      client: { getObject: async (input: any) => (inputs.push(input), Promise.reject(new Error('offline'))) },
      bucket: 'h5-bucket',
      key: 'k.h5',
      versionId: 'v42',
    });
    const err = await rejection(source.read(0, 10));
    expect(inputs[0]).toEqual({ Bucket: 'h5-bucket', Key: 'k.h5', Range: 'bytes=0-9', VersionId: 'v42' });
    expect(err.code).toBe('ERR_SOURCE_REQUEST');
    expect(err.message).toBe(
      's3Source: GetObject s3://h5-bucket/k.h5 (version v42): failed (Error: offline)',
    );
    expect(err.cause.message).toBe('offline');
  });
});

describe('s3Source errors', () => {
  it('a missing key is a clear error naming bucket and key', async () => {
    const source = s3Source({
      client: s3.client,
      GetObjectCommand,
      bucket: 'h5-bucket',
      key: 'dir/missing.h5',
    });
    const err = await rejection(source.read(0, 100));
    expect(err.code).toBe('ERR_SOURCE_NOT_FOUND');
    expect(err.status).toBe(404);
    expect(err.message).toBe(
      's3Source: GetObject s3://h5-bucket/dir/missing.h5: no such object (NoSuchKey: The specified key does not exist.)',
    );
    expect(err.cause.name).toBe('NoSuchKey');
  });

  it('a missing bucket is a clear error too', async () => {
    const source = s3Source({ client: s3.client, GetObjectCommand, bucket: 'no-bucket', key: 'a.h5' });
    const err = await rejection(source.read(0, 100));
    expect(err.code).toBe('ERR_SOURCE_NOT_FOUND');
    expect(err.message).toContain('s3://no-bucket/a.h5: no such object (NoSuchBucket');
  });

  it('an unreachable store is an error with the client’s error as cause', async () => {
    const gone = await startS3Server(['gone-bucket']);
    const config = { ...gone.clientConfig, maxAttempts: 1 };
    await gone.close();
    const client = new S3Client(config);
    try {
      const err = await rejection(
        s3Source({ client, GetObjectCommand, bucket: 'gone-bucket', key: 'a.h5' }).read(0, 10),
      );
      expect(err.code).toBe('ERR_SOURCE_REQUEST');
      expect(err.message).toMatch(/^s3Source: GetObject s3:\/\/gone-bucket\/a\.h5: failed \(.*ECONNREFUSED/);
      expect(err.cause).toBeInstanceOf(Error);
    } finally {
      client.destroy();
    }
  });

  it('a key replaced during reads is ERR_SOURCE_CHANGED (s3rver ignores IfMatch: the ETag is checked)', async () => {
    await s3.put('h5-bucket', 'replaced.h5', content);
    const { client, inputs } = recording(s3.client);
    const source = s3Source({ client, GetObjectCommand, bucket: 'h5-bucket', key: 'replaced.h5' });
    await source.read(0, 1000);
    await s3.put('h5-bucket', 'replaced.h5', pattern(SIZE, 7));
    const err = await rejection(source.read(1000, 1000));
    expect(inputs[1].IfMatch).toMatch(/^"[0-9a-f]{32}"$/);
    expect(err.code).toBe('ERR_SOURCE_CHANGED');
    expect(err.message).toMatch(
      /^s3Source: GetObject s3:\/\/h5-bucket\/replaced\.h5: the object changed since it was opened \(ETag "[0-9a-f]{32}" then "[0-9a-f]{32}"\)$/,
    );
    // A new source reads the new object.
    const fresh = s3Source({ client: s3.client, GetObjectCommand, bucket: 'h5-bucket', key: 'replaced.h5' });
    expect(Buffer.from(await fresh.read(1000, 1000)).equals(pattern(SIZE, 7).subarray(1000, 2000))).toBe(
      true,
    );
  });

  it('a store that honours IfMatch answers 412 PreconditionFailed: ERR_SOURCE_CHANGED', async () => {
    // The Range server, answering as AWS S3 does: path-style /bucket/key, XML errors, If-Match.
    const server = await startRangeServer({ '/h5-bucket/data.h5': content });
    server.settings.errorBody = 's3';
    const client = new S3Client({ ...s3.clientConfig, endpoint: server.url(''), maxAttempts: 1 });
    try {
      const source = s3Source({ client, GetObjectCommand, bucket: 'h5-bucket', key: 'data.h5' });
      expect(Buffer.from(await source.read(10, 10)).equals(content.subarray(10, 20))).toBe(true);
      server.replace('/h5-bucket/data.h5', pattern(SIZE, 9));
      const err = await rejection(source.read(20, 10));
      expect(server.stats.log.map((r) => r.status)).toEqual([206, 412]);
      // The SDK sent the first answer's ETag (generation 1 of the server's file).
      expect(server.stats.log[1].ifMatch).toMatch(/^"[0-9a-f]{16}-1"$/);
      expect(err.code).toBe('ERR_SOURCE_CHANGED');
      expect(err.status).toBe(412);
      expect(err.message).toBe(
        's3Source: GetObject s3://h5-bucket/data.h5: the object changed since it was opened (PreconditionFailed: At least one of the pre-conditions you specified did not hold)',
      );
      // Access denied, through the same real client.
      server.settings.status = 403;
      const denied = await rejection(
        s3Source({ client, GetObjectCommand, bucket: 'h5-bucket', key: 'data.h5' }).read(0, 10),
      );
      expect(denied.code).toBe('ERR_SOURCE_DENIED');
      expect(denied.status).toBe(403);
      expect(denied.message).toContain('s3://h5-bucket/data.h5: failed (AccessDenied');
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('a ContentRange for other bytes is an error', async () => {
    const server = await startRangeServer({ '/h5-bucket/data.h5': content });
    server.settings.wrongContentRange = true;
    const client = new S3Client({ ...s3.clientConfig, endpoint: server.url(''), maxAttempts: 1 });
    try {
      const err = await rejection(
        s3Source({ client, GetObjectCommand, bucket: 'h5-bucket', key: 'data.h5' }).read(10, 10),
      );
      expect(err.code).toBe('ERR_SOURCE_BAD_RESPONSE');
      expect(err.message).toContain("asked for bytes 10-19, got Content-Range 'bytes 11-20/700001'");
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('a plain { send } client without GetObjectCommand is refused up front (the SDK needs real commands)', async () => {
    // What the SDK does with a command-shaped object: the reason s3Source asks for the class.
    await expect(
      (async () => s3.client.send({ input: { Bucket: 'h5-bucket', Key: 'dir/data.h5' } } as any))(),
    ).rejects.toThrow('command.resolveMiddleware is not a function');
    expect(() => s3Source({ client: s3.client, bucket: 'h5-bucket', key: 'dir/data.h5' })).toThrow(
      new TypeError(
        "s3Source: pass 'GetObjectCommand' (from @aws-sdk/client-s3) with an S3Client, or a client with getObject(input) such as the SDK's S3 class",
      ),
    );
  });
});

describe('s3Source arguments', () => {
  const base = { client: { getObject: async () => ({}) }, bucket: 'h5-bucket', key: 'a.h5' };

  it('checks every option', () => {
    expect(() => s3Source({ ...base, Bucket: 'x' } as any)).toThrow(
      new TypeError(
        "s3Source: unknown option 'Bucket'; accepted options: client, bucket, key, versionId, GetObjectCommand",
      ),
    );
    expect(() => s3Source(undefined as any)).toThrow(
      new TypeError('s3Source: options must be an object, not undefined'),
    );
    expect(() => s3Source({ bucket: 'b', key: 'k' } as any)).toThrow(
      new TypeError("s3Source: option 'client' is required"),
    );
    expect(() => s3Source({ client: base.client, key: 'k' } as any)).toThrow(
      new TypeError("s3Source: option 'bucket' is required"),
    );
    expect(() => s3Source({ ...base, key: '' })).toThrow(
      new TypeError("s3Source: option 'key' must be a non-empty string"),
    );
    expect(() => s3Source({ ...base, bucket: 3 } as any)).toThrow(
      /option 'bucket' must be a non-empty string/,
    );
    expect(() => s3Source({ ...base, versionId: '' })).toThrow(
      /option 'versionId' must be a non-empty string/,
    );
    expect(() => s3Source({ ...base, client: 'c' } as any)).toThrow(
      /option 'client' must be an S3 client object/,
    );
    expect(() => s3Source({ ...base, GetObjectCommand: {} } as any)).toThrow(
      /option 'GetObjectCommand' must be a class/,
    );
    expect(() => s3Source({ ...base, client: { getObject: 1 }, GetObjectCommand } as any)).toThrow(
      /with 'GetObjectCommand', the client must have a send\(command\) method/,
    );
  });

  it('checks read() arguments before any request', async () => {
    let calls = 0;
    const source = s3Source({ ...base, client: { getObject: async () => (calls++, {}) } });
    await expect(source.read(-1, 1)).rejects.toThrow(
      new RangeError('s3Source.read: offset must be a non-negative integer, not -1'),
    );
    await expect(source.read(0, 0.5)).rejects.toThrow(RangeError);
    expect(calls).toBe(0);
  });

  it('a body that is not bytes is an error', async () => {
    const source = s3Source({
      ...base,
      client: { getObject: async () => ({ ContentRange: 'bytes 0-9/100', Body: 42 }) },
    });
    const err = await rejection(source.read(0, 10));
    expect(err.code).toBe('ERR_SOURCE_REQUEST');
    expect(err.message).toContain(
      "reading the body failed: the response's Body is not bytes nor a stream (number)",
    );
  });
});
