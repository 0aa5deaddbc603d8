// The parts of a range read both sources share: checking read()'s arguments, clamping a
// request to a known size, and checking a response's Content-Range against the request.

import { sourceError } from './source-errors';

/** @internal The byte span one read() asks for, inclusive `last` as HTTP's Range has it. */
export interface Span {
  first: number;
  last: number;
}

/** @internal Checks read(offset, length): non-negative safe integers. */
export function checkReadArgs(offset: unknown, length: unknown, what: string): void {
  for (const [name, v] of [
    ['offset', offset],
    ['length', length],
  ] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`${what}.read: ${name} must be a non-negative integer, not ${String(v)}`);
    }
  }
}

/**
 * @internal The span to request, or undefined when nothing is to be fetched (length 0,
 * or the file's known end is at or before offset).
 */
export function spanFor(offset: number, length: number, size: number | undefined): Span | undefined {
  let end = offset + length;
  if (size !== undefined) end = Math.min(end, size);
  return end > offset ? { first: offset, last: end - 1 } : undefined;
}

/** @internal A parsed `Content-Range: bytes first-last/total` (total undefined for `*`). */
export interface ContentRange {
  first?: number;
  last?: number;
  total?: number;
}

/** @internal Parses a Content-Range header; undefined when it is not one. */
export function parseContentRange(header: string | null | undefined): ContentRange | undefined {
  if (!header) return undefined;
  const m = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(header);
  if (!m) return undefined;
  const num = (s: string | undefined): number | undefined =>
    s === undefined || s === '*' ? undefined : Number(s);
  return { first: num(m[1]), last: num(m[2]), total: num(m[3]) };
}

/**
 * @internal Checks a 206's Content-Range against the span asked for: it must start at the
 * first byte and end at the last one, or earlier only where the file ends. Returns what
 * it says (the size learned from it, the bytes to expect).
 */
export function checkContentRange(
  header: string | null | undefined,
  span: Span,
  where: string,
): { total: number | undefined; last: number } {
  const cr = parseContentRange(header);
  const bad = (why: string) =>
    sourceError(
      'ERR_SOURCE_BAD_RESPONSE',
      `${where}: ${why} (asked for bytes ${span.first}-${span.last}, got Content-Range ${header ? `'${header}'` : 'none'})`,
    );
  if (!cr || cr.first === undefined || cr.last === undefined)
    throw bad('a partial response without a valid Content-Range');
  if (cr.first !== span.first || cr.last < cr.first) throw bad('a partial response for other bytes');
  const endsEarly = cr.last < span.last;
  if (cr.last > span.last || (endsEarly && (cr.total === undefined || cr.last !== cr.total - 1))) {
    throw bad('a partial response for other bytes');
  }
  if (cr.total !== undefined && cr.last >= cr.total) throw bad('a Content-Range past its own total');
  return { total: cr.total, last: cr.last };
}

/** @internal A URL as messages show it: no user name or password, the query elided (it may hold a signature). */
export function urlForMessages(url: URL): string {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  const query = shown.search ? '?…' : '';
  shown.search = '';
  shown.hash = '';
  return shown.href + query;
}
