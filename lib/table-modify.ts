// Changing a table's rows in place (PyTables' modify_rows, modify_column, remove_rows):
// the rows selected by (start, stop, step) rewritten, or removed with the rest moved up.

import { processRangeRead } from './array';
import { Col, Description } from './description';
import { nativeCall } from './errors';
import type { NativeRecords, NativeSelection } from './native';
import type { Table } from './table';
import { toRecords } from './table-records';

function checkIndex(v: unknown, what: string, name: string): number | null {
  if (v === undefined || v === null) return null;
  if (!Number.isSafeInteger(v)) throw new TypeError(`${what}: ${name} must be an integer, undefined or null`);
  return v as number;
}

/**
 * The rows (start, stop, step) name for `given` new rows (PyTables' modify_rows): start
 * default 0, stop default start + given * step; the selection must hold exactly `given`.
 */
function modifiedRows(t: Table, start: unknown, stop: unknown, step: unknown, given: number, what: string): NativeSelection {
  const nrows = t.nrows;
  let first = checkIndex(start, what, 'start') ?? 0;
  const stride = checkIndex(step, what, 'step') ?? 1;
  if (stride < 1) throw new RangeError(`${what}: step must be >= 1, not ${stride}`);
  if (first < 0) first += nrows;
  let last = checkIndex(stop, what, 'stop') ?? first + given * stride;
  if (last < 0) last += nrows;
  if (first < 0 || first >= nrows || last > nrows + stride - 1) {
    throw new RangeError(`${what}: the rows ${first} to ${last} are not all in \`\`${t._path}\`\` (${nrows} rows)`);
  }
  const count = Math.max(0, Math.ceil((Math.min(last, nrows) - first) / stride));
  if (count !== given) {
    throw new RangeError(`${what}: the range selects ${count} rows but ${given} were given`);
  }
  return { start: [first], count: [count], step: [stride] };
}

/** Rewrites rows (PyTables' modify_rows); returns how many were modified. */
export function modifyRows(t: Table, start: unknown, stop: unknown, step: unknown, rows: unknown): number {
  const nat = t._check();
  t._file._checkWritable();
  const what = `modifyRows of \`\`${t._path}\`\``;
  const rec = toRecords(t.description, rows, what);
  if (rec === null) return 0;
  const n = rec.shape[0] as number;
  const sel = modifiedRows(t, start, stop, step, n, what);
  nativeCall(() => nat.writeRecords(t._path, rec, sel));
  return n;
}

/** Rewrites one column of rows (PyTables' modify_column); returns how many rows were modified. */
export function modifyColumn(
  t: Table,
  start: unknown,
  stop: unknown,
  step: unknown,
  column: unknown,
  colname: unknown,
): number {
  const nat = t._check();
  t._file._checkWritable();
  const what = `modifyColumn of \`\`${t._path}\`\``;
  const path = t._fieldPath(colname, what);
  const found = t.description._find(path) as Col | Description;
  // The one column as a description of its own, so its values are checked as append's are.
  const parts = path.split('/');
  if (found instanceof Description) {
    throw new TypeError(`${what}: '${path}' is a nested column: modify its columns one by one`);
  }
  let wrapped: unknown = column;
  for (let i = parts.length - 1; i >= 0; i--) wrapped = { [parts[i] as string]: wrapped };
  const only = subsetDescription(t.description, parts);
  const rec = toRecords(only, wrapped, what);
  if (rec === null) return 0;
  const n = rec.shape[0] as number;
  const sel = modifiedRows(t, start, stop, step, n, what);
  nativeCall(() => nat.writeRecords(t._path, rec, sel));
  return n;
}

/** The description with only the column at `parts` (and its parents). */
function subsetDescription(d: Description, parts: string[]): Description {
  const [head, ...rest] = parts as [string, ...string[]];
  const c = d.columns[head] as Col | Description;
  const inner = rest.length === 0 ? c : subsetDescription(c as Description, rest);
  return new Description([head], { [head]: inner }, d.pathname, d.pos);
}

/**
 * Removes rows (PyTables' remove_rows, with read()'s rules: `start` alone removes that
 * one row); the rows after them move up. Returns how many were removed.
 */
export function removeRows(t: Table, start: unknown, stop: unknown, step: unknown): number {
  const nat = t._check();
  t._file._checkWritable();
  const nrows = t.nrows;
  const [first, last, stride] = processRangeRead(
    nrows,
    start as number | null | undefined,
    stop as number | null | undefined,
    step as number | null | undefined,
  );
  const count = Math.max(0, Math.ceil((last - first) / stride));
  if (count === 0) return 0;
  // The rows kept from `first` on, moved up over the removed ones.
  const tail = nativeCall(() => nat.readRecords(t._path, { start: [first], count: [nrows - first], step: [1] }));
  const keep: number[] = [];
  for (let i = 0; i < nrows - first; i++) {
    const r = first + i;
    const removed = r < last && (r - first) % stride === 0;
    if (!removed) keep.push(i);
  }
  const kept = pick(tail, keep);
  if (keep.length > 0) {
    nativeCall(() => nat.writeRecords(t._path, kept, { start: [first], count: [keep.length], step: [1] }));
  }
  const shape = [nrows - count];
  nativeCall(() => nat.setExtent(t._path, shape));
  t._resized(shape);
  nativeCall(() =>
    nat.writeAttribute(t._path, 'NROWS', { dtype: 'int64', shape: [], data: BigInt64Array.of(BigInt(shape[0] as number)) }),
  );
  return count;
}

/** The records at `rows` (indexes into rec), each column cut to them. */
function pick(rec: NativeRecords, rows: number[]): NativeRecords {
  const n = rec.shape[0] as number;
  const columns = rec.columns.map((col) => {
    const k = n === 0 ? 1 : col.length / n;
    if (Array.isArray(col)) return rows.flatMap((r) => col.slice(r * k, (r + 1) * k));
    const out = new (col.constructor as new (n: number) => typeof col)(rows.length * k);
    rows.forEach((r, i) => (out as Float64Array).set((col as Float64Array).subarray(r * k, (r + 1) * k), i * k));
    return out;
  });
  return { ...rec, shape: [rows.length], columns };
}
