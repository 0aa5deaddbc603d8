// httpSource: a file's bytes by HTTP(S) Range requests, one GET per read.
//
// The first response pins the file's version (its strong ETag, else its Last-Modified):
// later reads send it as If-Match (or If-Unmodified-Since) and every response is checked
// against it, so a file replaced while it is open is a clear error rather than a mix of
// two files' bytes. A server that ignores Range (200 with the whole file) is an error too,
// and its body is cancelled rather than downloaded.

import { checkOptions, type OptionTable } from '../options';
import type { ByteRangeReadOptions, ByteRangeSource } from './byte-range-source';
import {
  checkContentRange,
  checkReadArgs,
  parseContentRange,
  spanFor,
  urlForMessages,
  type Span,
} from './ranges';
import { codeForStatus, sourceError } from './source-errors';

/** The options of {@link httpSource}. An unknown key is a TypeError. */
export interface HttpSourceOptions {
  /**
   * Headers sent with every request (an `Authorization`, a cookie, ...). httpSource sets
   * `Range`, `If-Match`, `If-Range`, `If-Unmodified-Since` and `Accept-Encoding` itself:
   * giving one of them is a TypeError.
   */
  headers?: Record<string, string>;
  /** The fetch to call (default: the global `fetch`), e.g. one with a proxy agent or retries. */
  fetch?: typeof fetch;
}

// httpSource sends these itself: a user's would break ranges or pinning.
const OWN_HEADERS = ['range', 'if-match', 'if-range', 'if-unmodified-since', 'accept-encoding'];

function checkHeaders(value: unknown, key: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`httpSource: option '${key}' must be an object of header names to strings`);
  }
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new TypeError(
        `httpSource: header '${name}' must be a string, not ${v === null ? 'null' : typeof v}`,
      );
    }
    if (OWN_HEADERS.includes(name.toLowerCase())) {
      throw new TypeError(
        `httpSource: header '${name}' is set by httpSource itself (it sets ${OWN_HEADERS.join(', ')})`,
      );
    }
  }
}

function checkFetch(value: unknown, key: string): void {
  if (typeof value !== 'function')
    throw new TypeError(`httpSource: option '${key}' must be a function (a fetch)`);
}

const HTTP_SOURCE_OPTIONS: OptionTable = { headers: checkHeaders, fetch: checkFetch };

/** The version a file was first read at; later responses must match it. */
interface Pin {
  etag?: string;
  lastModified?: string;
}

class HttpSource implements ByteRangeSource {
  #size: number | undefined;
  #pin: Pin | undefined;
  readonly #url: URL;
  readonly #shown: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(url: URL, headers: Record<string, string>, fetchFn: typeof fetch) {
    this.#url = url;
    this.#shown = urlForMessages(url);
    this.#headers = headers;
    this.#fetch = fetchFn;
  }

  get size(): number | undefined {
    return this.#size;
  }

  async read(offset: number, length: number, options?: ByteRangeReadOptions): Promise<Uint8Array> {
    checkReadArgs(offset, length, 'httpSource');
    const span = spanFor(offset, length, this.#size);
    if (!span) return new Uint8Array(0);
    const where = `httpSource: GET ${this.#shown}`;
    let res: Response;
    try {
      res = await this.#fetch(this.#url, { headers: this.#requestHeaders(span), signal: options?.signal });
    } catch (err) {
      throw sourceError('ERR_SOURCE_REQUEST', `${where} failed: ${describe(err)}`, { cause: err });
    }
    try {
      return await this.#take(res, span, where);
    } finally {
      // Whatever was not read is not downloaded (a body read in full is already done).
      if (res.body && !res.bodyUsed) res.body.cancel().catch(() => {});
    }
  }

  #requestHeaders(span: Span): Record<string, string> {
    const h: Record<string, string> = {
      ...this.#headers,
      range: `bytes=${span.first}-${span.last}`,
      // Ranges count the bytes as stored: a compressed transfer would shift them.
      'accept-encoding': 'identity',
    };
    if (this.#pin?.etag) h['if-match'] = this.#pin.etag;
    else if (this.#pin?.lastModified) h['if-unmodified-since'] = this.#pin.lastModified;
    return h;
  }

  async #take(res: Response, span: Span, where: string): Promise<Uint8Array> {
    const status = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    if (res.status === 416) {
      // Nothing at or after offset: the file ends there.
      this.#learnSize(parseContentRange(res.headers.get('content-range'))?.total, where);
      return new Uint8Array(0);
    }
    if (res.status === 412 && this.#pin) {
      throw sourceError('ERR_SOURCE_CHANGED', `${where}: the file changed since it was opened (${status})`, {
        status: res.status,
      });
    }
    if (res.status !== 200 && res.status !== 206) {
      throw sourceError(codeForStatus(res.status), `${where} answered ${status}`, { status: res.status });
    }
    this.#checkPin(res, where);
    let expected: number;
    if (res.status === 206) {
      const cr = checkContentRange(res.headers.get('content-range'), span, where);
      this.#learnSize(cr.total, where);
      expected = cr.last - span.first + 1;
    } else {
      // A 200 is the whole file: fine only when that is no more than was asked for.
      const whole = contentLength(res);
      if (span.first !== 0 || whole === undefined || whole > span.last + 1) {
        throw sourceError(
          'ERR_SOURCE_NO_RANGE',
          `${where}: the server ignored the Range header (${status} with the whole file${
            whole === undefined ? '' : ` of ${whole} bytes`
          }); httpSource needs a server that answers range requests with 206`,
          { status: res.status },
        );
      }
      this.#learnSize(whole, where);
      expected = whole;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw sourceError('ERR_SOURCE_REQUEST', `${where}: reading the response failed: ${describe(err)}`, {
        cause: err,
      });
    }
    if (bytes.length !== expected) {
      throw sourceError(
        'ERR_SOURCE_BAD_RESPONSE',
        `${where}: the response has ${bytes.length} bytes where ${expected} were announced (bytes ${span.first}-${span.last})`,
      );
    }
    return bytes;
  }

  #checkPin(res: Response, where: string): void {
    const etag = res.headers.get('etag') ?? undefined;
    const lastModified = res.headers.get('last-modified') ?? undefined;
    if (!this.#pin) {
      // Only a strong ETag identifies the bytes (a weak one may stay across changes).
      this.#pin = { etag: etag && !etag.startsWith('W/') ? etag : undefined, lastModified };
      return;
    }
    const changed =
      (this.#pin.etag !== undefined && etag !== undefined && etag !== this.#pin.etag) ||
      (this.#pin.lastModified !== undefined &&
        lastModified !== undefined &&
        lastModified !== this.#pin.lastModified);
    if (changed) {
      throw sourceError(
        'ERR_SOURCE_CHANGED',
        `${where}: the file changed since it was opened (ETag ${this.#pin.etag ?? 'none'} then ${etag ?? 'none'})`,
        { status: res.status },
      );
    }
  }

  #learnSize(total: number | undefined, where: string): void {
    if (total === undefined) return;
    if (this.#size !== undefined && total !== this.#size) {
      throw sourceError(
        'ERR_SOURCE_CHANGED',
        `${where}: the file changed since it was opened (its size was ${this.#size} bytes, now ${total})`,
      );
    }
    this.#size = total;
  }
}

function contentLength(res: Response): number | undefined {
  const v = res.headers.get('content-length');
  return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** An error's message with its cause's (fetch's 'fetch failed' says little alone). */
function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error ? err.cause : undefined;
  return cause instanceof Error ? `${msg}: ${cause.message}` : msg;
}

/**
 * A {@link ByteRangeSource} over HTTP(S) Range requests, for `openFileAsync(name, 'r', { source })`:
 * each read is one `GET` with `Range: bytes=first-last`, and needs a `206 Partial Content`
 * answer. The file's size comes from the first answer's `Content-Range`.
 *
 * - A server that ignores Range (a `200` with the whole file) is an error with code
 *   `'ERR_SOURCE_NO_RANGE'`, and the body is cancelled, not downloaded (a 200 for a file no
 *   larger than what was asked for at offset 0 is taken as it is).
 * - The first answer's strong `ETag` (else its `Last-Modified`) pins the file: later reads
 *   send it as `If-Match` (`If-Unmodified-Since`) and a file replaced meanwhile is an error
 *   with code `'ERR_SOURCE_CHANGED'` (a 412, or an answer with another ETag or size) instead
 *   of a mix of two files' bytes.
 * - A failing status is an error naming the URL and the status, with code
 *   `'ERR_SOURCE_NOT_FOUND'` (404), `'ERR_SOURCE_DENIED'` (401, 403) or
 *   `'ERR_SOURCE_REQUEST'` (others, and network failures; `cause` is fetch's error), and
 *   `status` the HTTP status. Messages show the URL without credentials or query string
 *   (a presigned URL's query is a credential).
 *
 * @param url an `http:` or `https:` URL (a presigned S3 URL works too)
 * @param options extra headers, and the fetch to use
 * @returns a source whose `size` is known after its first read
 * @example
 * ```ts
 * const file = await openFileAsync('data.h5', 'r', { source: httpSource('https://example.org/data.h5') });
 * ```
 */
export function httpSource(url: string | URL, options?: HttpSourceOptions): ByteRangeSource {
  if (typeof url !== 'string' && !(url instanceof URL)) {
    throw new TypeError(
      `httpSource: url must be a string or a URL, not ${url === null ? 'null' : typeof url}`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new TypeError(`httpSource: '${String(url)}' is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`httpSource: the URL must be http: or https:, not ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password) {
    // fetch refuses such URLs; saying so here beats a failure at the first read.
    throw new TypeError(
      'httpSource: the URL must not hold a user name or password: pass them as an Authorization header',
    );
  }
  if (options !== undefined) checkOptions(options, HTTP_SOURCE_OPTIONS, 'httpSource');
  const fetchFn = options?.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') {
    throw new TypeError('httpSource: there is no global fetch here: pass one as the fetch option');
  }
  return new HttpSource(parsed, { ...options?.headers }, fetchFn);
}
