// Changing a table's rows in place (PyTables' modify_rows, modify_column, remove_rows):
// the rows selected by (start, stop, step) rewritten, or removed with the rest moved up.

import { Col, Description } from './description';
import { rowRange } from './iteration';
import type { NativeRecords, NativeSelection } from './native';
import type { Table } from './table';
import { toRecords } from './table-records';

function checkIndex(v: unknown, what: string, name: string): number | null {
  if (v === undefined || v === null) return null;
  if (!Number.isSafeInteger(v)) throw new TypeError(`${what}: ${name} must be an integer, undefined or null`);
  return v as number;
}

/**
 * The rows (start, stop, step) name for `given` new rows, as PyTables' modify_rows and
 * modify_column work them out: start (default 0) must be >= 0, step (default 1) >= 1,
 * stop defaults to the last given row + 1, and Python's slice rules then give exactly
 * `given` rows inside the table, else a RangeError and nothing is written.
 */
function modifiedRows(
  t: Table,
  start: unknown,
  stop: unknown,
  step: unknown,
  given: number,
  what: string,
): NativeSelection {
  const nrows = t.nrows;
  const first = checkIndex(start, what, 'start') ?? 0;
  const stride = checkIndex(step, what, 'step') ?? 1;
  if (first < 0) throw new RangeError(`${what}: start must be >= 0, not ${first}`);
  if (stride < 1) throw new RangeError(`${what}: step must be >= 1, not ${stride}`);
  const last = checkIndex(stop, what, 'stop') ?? first + (given - 1) * stride + 1;
  const [a, count] = rowRange(nrows, first, last, stride);
  if (first + (given - 1) * stride >= nrows) {
    throw new RangeError(
      `${what}: ${given} rows from row ${first} (step ${stride}) go past the end of the table (${nrows} rows)`,
    );
  }
  if (count !== given) {
    throw new RangeError(`${what}: the range selects ${count} rows but ${given} were given`);
  }
  return { start: [a], count: [count], step: [stride] };
}

/** A checked rewrite: the records and the rows they go to (null: nothing to write). */
export interface RowsWrite {
  rec: NativeRecords;
  sel: NativeSelection;
}

/** Checks a modifyRows call (PyTables' modify_rows) and packs its rows. */
export function planModifyRows(
  t: Table,
  start: unknown,
  stop: unknown,
  step: unknown,
  rows: unknown,
): RowsWrite | null {
  t._check();
  t._file._checkWritable();
  const what = `modifyRows of \`\`${t._path}\`\``;
  const rec = toRecords(t.description, rows, what);
  if (rec === null) return null;
  return { rec, sel: modifiedRows(t, start, stop, step, rec.shape[0] as number, what) };
}

/** Checks a modifyColumn call (PyTables' modify_column) and packs the column alone. */
export function planModifyColumn(
  t: Table,
  start: unknown,
  stop: unknown,
  step: unknown,
  column: unknown,
  colname: unknown,
): RowsWrite | null {
  t._check();
  t._file._checkWritable();
  const what = `modifyColumn of \`\`${t._path}\`\``;
  const path = t._fieldPath(colname, what);
  const found = t.description._find(path) as Col | Description;
  if (found instanceof Description) {
    throw new TypeError(`${what}: '${path}' is a nested column: modify its columns one by one`);
  }
  // The one column as a description of its own, so its values are checked as append's are;
  // the binding writes only that field, the others keep their values.
  const parts = path.split('/');
  let wrapped: unknown = column;
  for (let i = parts.length - 1; i >= 0; i--) wrapped = { [parts[i] as string]: wrapped };
  const rec = toRecords(subsetDescription(t.description, parts), wrapped, what);
  if (rec === null) return null;
  return { rec, sel: modifiedRows(t, start, stop, step, rec.shape[0] as number, what) };
}

/** The description with only the column at `parts` (and its parents). */
function subsetDescription(d: Description, parts: string[]): Description {
  const [head, ...rest] = parts as [string, ...string[]];
  const c = d.columns[head] as Col | Description;
  const inner = rest.length === 0 ? c : subsetDescription(c as Description, rest);
  return new Description([head], { [head]: inner }, d.pathname, d.pos);
}

/** A checked removal: the rows [first, last) every `stride`-th, of `count` rows, and the table's rows. */
export interface RowsRemoval {
  first: number;
  last: number;
  stride: number;
  count: number;
  nrows: number;
}

/**
 * Checks a removeRows call (PyTables' remove_rows, with Python's slice rules: `start`
 * alone removes every row from it on); null when it selects no row.
 */
export function planRemoveRows(t: Table, start: unknown, stop: unknown, step: unknown): RowsRemoval | null {
  t._check();
  t._file._checkWritable();
  const nrows = t.nrows;
  const [first, count, stride] = rowRange(nrows, start, stop, step);
  if (count === 0) return null;
  // Checked before any row moves: HDF5 shrinks only chunked datasets (h5py's are often contiguous).
  if (!t._isChunked()) {
    throw new TypeError(
      `removeRows: \`\`${t._path}\`\` is not chunked, so it cannot shrink (only a chunked table can lose rows)`,
    );
  }
  return { first, last: first + (count - 1) * stride + 1, stride, count, nrows };
}

/** The rows kept from `first` on (read as `tail`), moved up over the removed ones; null if none. */
export function keptRows(plan: RowsRemoval, tail: NativeRecords): RowsWrite | null {
  const keep: number[] = [];
  for (let i = 0; i < plan.nrows - plan.first; i++) {
    const removed = plan.first + i < plan.last && i % plan.stride === 0;
    if (!removed) keep.push(i);
  }
  if (keep.length === 0) return null;
  return { rec: pick(tail, keep), sel: { start: [plan.first], count: [keep.length], step: [1] } };
}

/** The rows from the first removed one to the end, as removal reads them. */
export function tailSelection(plan: RowsRemoval): NativeSelection {
  return { start: [plan.first], count: [plan.nrows - plan.first], step: [1] };
}

/** The records at `rows` (indexes into rec), each column cut to them. */
function pick(rec: NativeRecords, rows: number[]): NativeRecords {
  const n = rec.shape[0] as number;
  const columns = rec.columns.map((col) => {
    const k = n === 0 ? 1 : col.length / n;
    if (Array.isArray(col)) return rows.flatMap((r) => col.slice(r * k, (r + 1) * k));
    const out = new (col.constructor as new (n: number) => typeof col)(rows.length * k);
    rows.forEach((r, i) =>
      (out as Float64Array).set((col as Float64Array).subarray(r * k, (r + 1) * k), i * k),
    );
    return out;
  });
  return { ...rec, shape: [rows.length], columns };
}
