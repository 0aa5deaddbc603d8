// openFileAsync(name, 'r', { source, sourceCache }): the checks of a byte-range source and
// its cache settings, and the size probe made before the native open.

import type { NativeFile, NativeOpenOptions } from './native';
import type { ByteRangeSource } from './sources/byte-range-source';

/** The block cache of a file read through a byte-range source (openFileAsync's `sourceCache`). */
export interface SourceCacheOptions {
  /** Bytes per block: every source.read asks for whole blocks (default 64 KiB; 512 B to 64 MiB). */
  blockSize?: number;
  /** The most bytes of blocks kept; the least recently used go first beyond it (default 32 MiB). */
  maxBytes?: number;
  /** Blocks fetched after the missing ones with each miss, in the same request (default 0). */
  readAhead?: number;
}

/** A byte-range source file's counters since it was opened (`File.sourceStats`). */
export interface SourceStats {
  /** How many times source.read was called. */
  requests: number;
  /** How many bytes those reads returned. */
  bytesFetched: number;
  /** HDF5 reads served from the cache alone. */
  cacheHits: number;
  /** HDF5 reads that needed a source.read. */
  cacheMisses: number;
}

const DEFAULT_BLOCK_SIZE = 64 * 1024;
const CACHE_LIMITS: Record<keyof SourceCacheOptions, [number, number]> = {
  blockSize: [512, 64 * 1024 * 1024],
  maxBytes: [0, Number.MAX_SAFE_INTEGER],
  readAhead: [0, 65536],
};

/** openFile's `source` option: an object with a read method. */
export function checkSource(value: unknown): void {
  const read = value !== null && typeof value === 'object' ? (value as { read?: unknown }).read : undefined;
  if (typeof read !== 'function') {
    throw new TypeError(
      "openFileAsync: option 'source' must be an object with a read(offset, length) method",
    );
  }
}

/** openFile's `sourceCache` option: known keys, each an integer in its range. */
export function checkSourceCache(value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError("openFileAsync: option 'sourceCache' must be an object");
  }
  for (const [key, v] of Object.entries(value)) {
    if (!Object.hasOwn(CACHE_LIMITS, key)) {
      throw new TypeError(
        `openFileAsync: unknown sourceCache option '${key}'; accepted options: ${Object.keys(CACHE_LIMITS).join(', ')}`,
      );
    }
    if (v === undefined) continue;
    const [min, max] = CACHE_LIMITS[key as keyof SourceCacheOptions];
    if (typeof v !== 'number') throw new TypeError(`openFileAsync: sourceCache.${key} must be a number`);
    if (!Number.isSafeInteger(v) || v < min || v > max) {
      throw new RangeError(`openFileAsync: sourceCache.${key} must be an integer from ${min} to ${max}`);
    }
  }
}

/** openFileAsync's default `sourceTimeout`: 30 s, far beyond a healthy range request. */
export const DEFAULT_SOURCE_TIMEOUT = 30_000;
// setTimeout's largest delay; the binding's too.
const MAX_SOURCE_TIMEOUT = 2 ** 31 - 1;

/** openFile's `sourceTimeout` option: 0 or Infinity (none), or an integer of milliseconds. */
export function checkSourceTimeout(value: unknown): void {
  if (typeof value !== 'number') {
    throw new TypeError(`openFileAsync: option 'sourceTimeout' must be a number of milliseconds`);
  }
  if (value !== Infinity && !(Number.isInteger(value) && value >= 0 && value <= MAX_SOURCE_TIMEOUT)) {
    throw new RangeError(
      `openFileAsync: option 'sourceTimeout' must be an integer from 0 to ${MAX_SOURCE_TIMEOUT} (ms) or Infinity, not ${String(value)}`,
    );
  }
}

/** The native open of a source (already checked). */
export function sourceSpec(
  name: string,
  source: ByteRangeSource,
  cache: SourceCacheOptions | undefined,
  timeout: number | undefined,
): NativeOpenOptions {
  const spec: NativeOpenOptions = { name, create: false, writable: false, driver: 'source', source };
  const ms = timeout ?? DEFAULT_SOURCE_TIMEOUT;
  spec.sourceTimeout = ms === Infinity ? 0 : ms;
  if (cache?.blockSize !== undefined) spec.sourceBlockSize = cache.blockSize;
  if (cache?.maxBytes !== undefined) spec.sourceMaxBytes = cache.maxBytes;
  if (cache?.readAhead !== undefined) spec.sourceReadAhead = cache.readAhead;
  return spec;
}

/** source.size, when it is a size; a TypeError when it is something else. */
function knownSize(source: ByteRangeSource): number | undefined {
  const size: unknown = source.size;
  if (size === undefined) return undefined;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new TypeError(
      `openFileAsync: source.size must be a non-negative integer or undefined, not ${String(size)}`,
    );
  }
  return size;
}

/** The driver's error for a failed source read (the same form as the binding's). */
function sourceReadError(
  message: string,
  offset: number,
  length: number,
  cause?: unknown,
  code = 'ERR_SOURCE',
): Error {
  const err = new Error(
    `${message} (byte-range source read of ${length} bytes at offset ${offset})`,
    cause === undefined ? undefined : { cause },
  );
  return Object.assign(err, { code });
}

/**
 * source.read(offset, length, { signal }) bounded by the file's timeout (ms, 0: none), as
 * the binding bounds its reads: past it, the signal is aborted and the read rejects with
 * ERR_SOURCE_TIMEOUT; a late answer is dropped.
 */
// timedRead's own timeout errors (already in the driver's form).
const timeouts = new WeakSet<object>();

async function timedRead(
  source: ByteRangeSource,
  offset: number,
  length: number,
  ms: number,
): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    if (ms <= 0) return;
    timer = setTimeout(() => {
      const err = sourceReadError(
        `the byte-range source did not answer within ${ms} ms (sourceTimeout)`,
        offset,
        length,
        undefined,
        'ERR_SOURCE_TIMEOUT',
      );
      timeouts.add(err);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    const read = Promise.resolve().then(() => source.read(offset, length, { signal: controller.signal }));
    return await Promise.race([read, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The file's size: source.size, or else block 0 read here (kept for the cache, so it costs
 * no extra request) and source.size looked at again (httpSource and s3Source learn it from
 * their first answer). Still unknown, the driver goes without (range_driver.h says how).
 */
export async function probeSource(spec: NativeOpenOptions): Promise<void> {
  const source = spec.source as ByteRangeSource;
  const size = knownSize(source);
  if (size !== undefined) {
    spec.sourceSize = size;
    return;
  }
  const length = spec.sourceBlockSize ?? DEFAULT_BLOCK_SIZE;
  let bytes: unknown;
  try {
    bytes = await timedRead(source, 0, length, spec.sourceTimeout ?? 0);
  } catch (err) {
    if (timeouts.has(err as object)) throw err;
    throw sourceReadError(err instanceof Error ? err.message : String(err), 0, length, err);
  }
  if (!(bytes instanceof Uint8Array)) {
    throw sourceReadError("the source's read must resolve to a Uint8Array", 0, length);
  }
  if (bytes.length > length) {
    throw sourceReadError(
      `the source returned ${bytes.length} bytes, more than the ${length} asked for`,
      0,
      length,
    );
  }
  spec.sourcePreload = bytes;
  const learned = knownSize(source);
  if (learned !== undefined) {
    spec.sourceSize = learned;
    if (bytes.length < Math.min(length, learned)) {
      throw sourceReadError(
        `the source returned ${bytes.length} bytes where ${Math.min(length, learned)} were expected`,
        0,
        length,
      );
    }
  }
}

/** How many nodes openFileAsync reads the metadata of, for a source (see warmTree). */
export const WARM_NODES = 1000;

/**
 * Reads, with async calls, what the sync API reads to navigate the tree (each node's
 * link, attributes and dataset header) into the cache, for the first `limit` nodes in
 * breadth-first order: getNode, walkNodes, attributes and printed forms then work with the
 * sync API. A failing call is left for the sync call that needs it to report.
 */
export async function warmTree(nat: NativeFile, limit = WARM_NODES): Promise<void> {
  const ignore = (): undefined => undefined;
  const visit = async (path: string, kind: string): Promise<void> => {
    const names = await nat.listAttributesAsync(path).catch(ignore);
    await Promise.all((names ?? []).map((name) => nat.readAttributeAsync(path, name).catch(ignore)));
    if (kind === 'dataset') await nat.getDatasetInfoAsync(path).catch(ignore);
    if (kind === 'softlink' || kind === 'externallink') await nat.getLinkValueAsync(path).catch(ignore);
  };
  let level = ['/'];
  let seen = 1;
  await visit('/', 'group');
  while (level.length > 0 && seen < limit) {
    const next: string[] = [];
    const lists = await Promise.all(level.map((g) => nat.listChildrenAsync(g).catch(ignore)));
    const visits: Promise<void>[] = [];
    lists.forEach((children, i) => {
      for (const child of children ?? []) {
        if (seen >= limit) return;
        seen++;
        const path = level[i] === '/' ? `/${child.name}` : `${level[i]}/${child.name}`;
        visits.push(visit(path, child.kind));
        if (child.kind === 'group') next.push(path);
      }
    });
    await Promise.all(visits);
    level = next;
  }
}
