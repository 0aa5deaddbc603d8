// The blocks of rows a query evaluates its condition on (lib/table-where.ts). Rows that no
// stored chunk holds read as the fill value (NativeFile.storedRows), so a run of them as
// long as a block or longer is one block of its first row, standing for the whole run: a
// table whose extent claims 10^15 rows with a few chunks stored (a damaged or hostile
// file, or a sparse one) is searched in the time its stored chunks take, not forever.

import { queued } from './abort';
import { nativeCall } from './errors';
import type { Table, TableBlock } from './table';

/** A block of a scan: `repeat` > 1 for a run of fill rows, one row (count 1) standing for all. */
export interface ScanBlock extends TableBlock {
  /** How many rows (start, start + step, ...) the block's single row stands for; 1 otherwise. */
  repeat: number;
}

/** Rows k0 <= k < k1 of the selection (the rows first + k * step), read or filled. */
export interface ScanSegment {
  k0: number;
  k1: number;
  fill: boolean;
}

/**
 * The segments of the selection's `count` rows (first, first + step, ...): runs of at least
 * `minFill` rows outside `stored` ([begin, end) row pairs, ascending) are fill; the rest,
 * short gaps included, is read. `stored` null: every row is stored.
 */
export function scanSegments(
  first: number,
  count: number,
  step: number,
  stored: ArrayLike<number> | null,
  minFill: number,
): ScanSegment[] {
  if (count <= 0) return [];
  if (stored === null) return [{ k0: 0, k1: count, fill: false }];
  // The stored rows as selection indexes: row r is k = (r - first) / step.
  const index = (row: number): number => Math.min(count, Math.max(0, Math.ceil((row - first) / step)));
  const out: ScanSegment[] = [];
  let k = 0;
  const push = (k0: number, k1: number, fill: boolean): void => {
    if (k1 <= k0) return;
    const last = out[out.length - 1];
    if (last !== undefined && last.fill === fill && last.k1 === k0) last.k1 = k1;
    else out.push({ k0, k1, fill });
  };
  for (let i = 0; i + 1 < stored.length && k < count; i += 2) {
    const k0 = index(stored[i] as number);
    const k1 = index(stored[i + 1] as number);
    if (k1 <= k0) continue; // a stored range the step skips over
    push(k, k0, k0 - k >= minFill);
    push(Math.max(k, k0), k1, false);
    k = Math.max(k, k1);
  }
  push(k, count, count - k >= minFill);
  return out;
}

/** The rows searched: first, first + step, ... (count of them). */
export interface ScanRange {
  first: number;
  count: number;
  step: number;
}

/** The scan's blocks of at most chunkRows rows, fill runs as one-row blocks. */
export function* scanBlocks(
  table: Table,
  names: readonly string[] | undefined,
  range: ScanRange,
  chunkRows: number,
): Generator<ScanBlock> {
  const nat = table._check();
  const stored = nativeCall(() => nat.storedRows(table._path));
  const { first, count, step } = range;
  for (const s of scanSegments(first, count, step, stored, chunkRows)) {
    const at = first + s.k0 * step;
    if (s.fill) {
      for (const b of table._readColumnsChunked(names, at, at + 1, 1, 1)) yield { ...b, repeat: s.k1 - s.k0 };
    } else {
      const stop = first + (s.k1 - 1) * step + 1;
      for (const b of table._readColumnsChunked(names, at, stop, step, chunkRows)) yield { ...b, repeat: 1 };
    }
  }
}

/** scanBlocks() with each read on the HDF5 thread. */
export async function* scanBlocksAsync(
  table: Table,
  names: readonly string[] | undefined,
  range: ScanRange,
  chunkRows: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<ScanBlock> {
  const nat = table._check();
  const stored = await queued(signal, (q) => nat.storedRowsAsync(table._path, q));
  const { first, count, step } = range;
  for (const s of scanSegments(first, count, step, stored, chunkRows)) {
    const at = first + s.k0 * step;
    if (s.fill) {
      const run = table._readColumnsChunkedAsync(names, at, at + 1, 1, 1, signal);
      for await (const b of run) yield { ...b, repeat: s.k1 - s.k0 };
    } else {
      const stop = first + (s.k1 - 1) * step + 1;
      const run = table._readColumnsChunkedAsync(names, at, stop, step, chunkRows, signal);
      for await (const b of run) yield { ...b, repeat: 1 };
    }
  }
}
