// s3Source: a file's bytes from an S3 object (AWS S3 or any S3-compatible store), one
// ranged GetObject per read, through an S3 client the user passes in: h5tables does not
// depend on the AWS SDK.
//
// The SDK's client.send() needs a real command instance (it calls the command's
// resolveMiddleware), and a client holds no reference to its command classes. So the
// caller passes either `GetObjectCommand` with an `S3Client`, or a client that has
// `getObject(input)` itself (the SDK's aggregated `S3` class, or any adapter).
//
// The first response's ETag pins the object: later reads send it as IfMatch (S3 answers
// 412 PreconditionFailed for a replaced object), and every response's ETag and size are
// checked as well, for stores that ignore IfMatch on GET (s3rver 3.7 does).

import { checkOptions, type OptionTable } from '../options';
import type { ByteRangeReadOptions, ByteRangeSource } from './byte-range-source';
import { checkContentRange, checkReadArgs, spanFor, type Span } from './ranges';
import { codeForStatus, sourceError, type SourceErrorCode } from './source-errors';

/** The GetObject input s3Source sends (the fields of the SDK's `GetObjectCommandInput` it uses). */
export interface S3GetObjectInput {
  /** The bucket. */
  Bucket: string;
  /** The object's key. */
  Key: string;
  /** The bytes wanted: `bytes=first-last`. */
  Range: string;
  /** The object version, when the options pinned one. */
  VersionId?: string;
  /** The ETag of the first response, pinning the object for the later reads. */
  IfMatch?: string;
}

/** A GetObject command class, such as `@aws-sdk/client-s3`'s `GetObjectCommand`. */
export interface S3GetObjectCommandClass {
  /** Makes the command for one GetObject request. */
  new (input: S3GetObjectInput): unknown;
}

/** An S3 client with `send(command)`, such as `@aws-sdk/client-s3`'s `S3Client` (give `GetObjectCommand` too). */
export interface S3SendClient {
  /** Sends a command (a `GetObjectCommand`) and resolves with its output; `abortSignal` cancels it. */
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/** An S3 client with `getObject(input)`, such as `@aws-sdk/client-s3`'s aggregated `S3` class. */
export interface S3GetObjectClient {
  /** Reads (part of) an object and resolves with the GetObject output; `abortSignal` cancels it. */
  getObject(input: S3GetObjectInput, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/** The options of {@link s3Source}. An unknown key is a TypeError. */
export interface S3SourceOptions {
  /**
   * The client that sends the requests: an `S3Client` with `GetObjectCommand` given too,
   * or a client with `getObject(input)` (the SDK's `S3` class). Its configuration
   * (endpoint, region, credentials, retries) is used as it is.
   */
  client: S3SendClient | S3GetObjectClient;
  /** The bucket's name. */
  bucket: string;
  /** The object's key. */
  key: string;
  /** A version of the object in a versioned bucket (default: the current one, pinned by its ETag at the first read). */
  versionId?: string;
  /** `@aws-sdk/client-s3`'s `GetObjectCommand` class, for a client with `send()`: `client.send(new GetObjectCommand(input))`. */
  GetObjectCommand?: S3GetObjectCommandClass;
}

function nonEmptyString(what: string) {
  return (value: unknown, key: string): void => {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`${what}: option '${key}' must be a non-empty string`);
    }
  };
}

function checkFunction(value: unknown, key: string): void {
  if (typeof value !== 'function')
    throw new TypeError(`s3Source: option '${key}' must be a class (a constructor)`);
}

function checkClient(value: unknown, key: string): void {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`s3Source: option '${key}' must be an S3 client object`);
  }
}

const S3_SOURCE_OPTIONS: OptionTable = {
  client: checkClient,
  bucket: nonEmptyString('s3Source'),
  key: nonEmptyString('s3Source'),
  versionId: nonEmptyString('s3Source'),
  GetObjectCommand: checkFunction,
};

/** The parts of the SDK's GetObjectCommandOutput s3Source reads. */
interface GetObjectOutput {
  Body?: unknown;
  ContentRange?: string;
  ContentLength?: number;
  ETag?: string;
}

/** One GetObject, cancelled when signal aborts (the read's sourceTimeout). */
type Get = (input: S3GetObjectInput, signal: AbortSignal | undefined) => Promise<unknown>;

class S3Source implements ByteRangeSource {
  #size: number | undefined;
  #etag: string | undefined;
  readonly #get: Get;
  readonly #bucket: string;
  readonly #key: string;
  readonly #versionId: string | undefined;
  readonly #shown: string;

  constructor(get: Get, o: S3SourceOptions) {
    this.#get = get;
    this.#bucket = o.bucket;
    this.#key = o.key;
    this.#versionId = o.versionId;
    this.#shown = `s3://${o.bucket}/${o.key}${o.versionId ? ` (version ${o.versionId})` : ''}`;
  }

  get size(): number | undefined {
    return this.#size;
  }

  async read(offset: number, length: number, options?: ByteRangeReadOptions): Promise<Uint8Array> {
    checkReadArgs(offset, length, 's3Source');
    const span = spanFor(offset, length, this.#size);
    if (!span) return new Uint8Array(0);
    const where = `s3Source: GetObject ${this.#shown}`;
    const input: S3GetObjectInput = {
      Bucket: this.#bucket,
      Key: this.#key,
      Range: `bytes=${span.first}-${span.last}`,
    };
    if (this.#versionId) input.VersionId = this.#versionId;
    if (this.#etag) input.IfMatch = this.#etag;
    let out: GetObjectOutput;
    try {
      out = ((await this.#get(input, options?.signal)) ?? {}) as GetObjectOutput;
    } catch (err) {
      if (statusOf(err) === 416 || nameOf(err) === 'InvalidRange') return new Uint8Array(0); // the object ends before offset
      throw s3Error(err, where, this.#etag !== undefined);
    }
    try {
      return await this.#take(out, span, where);
    } finally {
      discard(out.Body);
    }
  }

  async #take(out: GetObjectOutput, span: Span, where: string): Promise<Uint8Array> {
    if (this.#etag !== undefined && out.ETag !== undefined && out.ETag !== this.#etag) {
      throw sourceError(
        'ERR_SOURCE_CHANGED',
        `${where}: the object changed since it was opened (ETag ${this.#etag} then ${out.ETag})`,
      );
    }
    const cr = checkContentRange(out.ContentRange, span, where);
    if (cr.total !== undefined) {
      if (this.#size !== undefined && cr.total !== this.#size) {
        throw sourceError(
          'ERR_SOURCE_CHANGED',
          `${where}: the object changed since it was opened (its size was ${this.#size} bytes, now ${cr.total})`,
        );
      }
      this.#size = cr.total;
    }
    this.#etag ??= out.ETag;
    const expected = cr.last - span.first + 1;
    let bytes: Uint8Array;
    try {
      bytes = await bodyBytes(out.Body);
    } catch (err) {
      throw sourceError('ERR_SOURCE_REQUEST', `${where}: reading the body failed: ${messageOf(err)}`, {
        cause: err,
      });
    }
    if (bytes.length !== expected) {
      throw sourceError(
        'ERR_SOURCE_BAD_RESPONSE',
        `${where}: the body has ${bytes.length} bytes where ${expected} were announced (bytes ${span.first}-${span.last})`,
      );
    }
    return bytes;
  }
}

/** The body as bytes: the SDK's stream mixin, a Uint8Array, or any async iterable of chunks (a Node stream). */
async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (body && typeof body === 'object') {
    const b = body as { transformToByteArray?: () => Promise<Uint8Array> } & Partial<
      AsyncIterable<Uint8Array>
    >;
    if (typeof b.transformToByteArray === 'function') return b.transformToByteArray();
    if (typeof b[Symbol.asyncIterator] === 'function') {
      const chunks: Uint8Array[] = [];
      for await (const c of b as AsyncIterable<Uint8Array>) chunks.push(c);
      return Buffer.concat(chunks);
    }
  }
  throw new TypeError(
    `the response's Body is not bytes nor a stream (${body === null ? 'null' : typeof body})`,
  );
}

/** Frees a body not read (its connection goes back to the client's pool, or is closed). */
function discard(body: unknown): void {
  const b = body as { destroy?: () => void; readableEnded?: boolean } | undefined;
  if (b && typeof b.destroy === 'function' && !b.readableEnded) {
    try {
      b.destroy();
    } catch {}
  }
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof s === 'number' ? s : undefined;
}

function nameOf(err: unknown): string | undefined {
  const e = err as { name?: unknown; Code?: unknown } | null;
  if (typeof e?.Code === 'string') return e.Code;
  return typeof e?.name === 'string' ? e.name : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const NAMED_CODES: Record<string, SourceErrorCode> = {
  NoSuchKey: 'ERR_SOURCE_NOT_FOUND',
  NoSuchBucket: 'ERR_SOURCE_NOT_FOUND',
  NoSuchVersion: 'ERR_SOURCE_NOT_FOUND',
  NotFound: 'ERR_SOURCE_NOT_FOUND',
  AccessDenied: 'ERR_SOURCE_DENIED',
  PreconditionFailed: 'ERR_SOURCE_CHANGED',
};

/** The client's error as a source error naming the object. */
function s3Error(err: unknown, where: string, pinned: boolean) {
  const name = nameOf(err);
  const status = statusOf(err);
  const code: SourceErrorCode =
    name !== undefined && Object.hasOwn(NAMED_CODES, name)
      ? NAMED_CODES[name]
      : status !== undefined
        ? codeForStatus(status)
        : 'ERR_SOURCE_REQUEST';
  const what =
    code === 'ERR_SOURCE_NOT_FOUND'
      ? 'no such object'
      : code === 'ERR_SOURCE_CHANGED' && pinned
        ? 'the object changed since it was opened'
        : 'failed';
  const detail = [name, messageOf(err)].filter((s) => s && s !== 'UnknownError').join(': ');
  return sourceError(code, `${where}: ${what}${detail ? ` (${detail})` : ''}`, { status, cause: err });
}

/**
 * A {@link ByteRangeSource} over an S3 object, for `openFileAsync(name, 'r', { source })`:
 * each read is one ranged `GetObject` through the client you pass (AWS S3, MinIO, R2, any
 * S3-compatible store: the client's endpoint, region, credentials and retries are used as
 * they are). h5tables does not depend on the AWS SDK, so pass with an `S3Client` its
 * `GetObjectCommand` class (the SDK's `send()` takes only real command instances), or pass
 * a client that has `getObject(input)` (the SDK's aggregated `S3` class).
 *
 * - The object's size comes from the first answer's `ContentRange`.
 * - The first answer's ETag pins the object: later reads send `IfMatch` and check each
 *   answer's ETag and size, so an object replaced while the file is open is an error with
 *   code `'ERR_SOURCE_CHANGED'` (S3's 412 PreconditionFailed, or another ETag) rather than
 *   a mix of two objects' bytes. Open the file again to read the new object.
 * - A missing key or bucket is an error with code `'ERR_SOURCE_NOT_FOUND'` naming
 *   `s3://bucket/key`; access denied is `'ERR_SOURCE_DENIED'`; anything else
 *   `'ERR_SOURCE_REQUEST'`. `cause` is the client's error, `status` its HTTP status.
 *
 * @param options the client, the object (bucket, key, optional versionId), and GetObjectCommand for an S3Client
 * @returns a source whose `size` is known after its first read
 * @example
 * ```ts
 * import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
 * const source = s3Source({ client: new S3Client({}), GetObjectCommand, bucket: 'data', key: 'run1.h5' });
 * const file = await openFileAsync('run1.h5', 'r', { source });
 * ```
 */
export function s3Source(options: S3SourceOptions): ByteRangeSource {
  checkOptions(options, S3_SOURCE_OPTIONS, 's3Source');
  for (const key of ['client', 'bucket', 'key'] as const) {
    if (options[key] === undefined) throw new TypeError(`s3Source: option '${key}' is required`);
  }
  const { client, GetObjectCommand: Command } = options;
  let get: Get;
  if (Command) {
    if (typeof (client as Partial<S3SendClient>).send !== 'function') {
      throw new TypeError(
        "s3Source: with 'GetObjectCommand', the client must have a send(command) method (an S3Client)",
      );
    }
    get = (input, signal) =>
      (client as S3SendClient).send(new Command(input), signal ? { abortSignal: signal } : undefined);
  } else if (typeof (client as Partial<S3GetObjectClient>).getObject === 'function') {
    get = (input, signal) =>
      (client as S3GetObjectClient).getObject(input, signal ? { abortSignal: signal } : undefined);
  } else {
    throw new TypeError(
      "s3Source: pass 'GetObjectCommand' (from @aws-sdk/client-s3) with an S3Client, or a client with getObject(input) such as the SDK's S3 class",
    );
  }
  return new S3Source(get, options);
}
