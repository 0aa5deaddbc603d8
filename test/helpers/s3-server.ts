// s3rver (an S3 API in Node, on a temporary directory) on 127.0.0.1, with an
// @aws-sdk/client-s3 client pointed at it, for the s3Source tests and the example's test.
//
//   const s3 = await startS3Server(['bucket']);
//   await s3.put('bucket', 'data.h5', bytes);
//   s3Source({ client: s3.client, GetObjectCommand, bucket: 'bucket', key: 'data.h5' })
//   await s3.close();
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface S3Server {
  /** http://127.0.0.1:port */
  readonly endpoint: string;
  /** The settings of a client for it (path-style, s3rver's fixed credentials). */
  readonly clientConfig: S3ClientConfig;
  /** A client made with clientConfig (destroyed by close()). */
  readonly client: S3Client;
  put(bucket: string, key: string, body: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Starts s3rver with these (empty) buckets; names need at least 3 characters. */
export async function startS3Server(buckets: string[]): Promise<S3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  const clientConfig: S3ClientConfig = {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver predates the SDK's default CRC checksums on uploads.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  const client = new S3Client(clientConfig);
  return {
    endpoint,
    clientConfig,
    client,
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async close() {
      client.destroy();
      const httpServer = (server as unknown as { httpServer: http.Server }).httpServer;
      httpServer.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
