// Table.readCoordinates (PyTables' read_coordinates): the rows at given row numbers, in
// the given order (repeats included), columnar as read() returns them. The sorted distinct
// rows are read in windows of at most one iteration block (one hyperslab each, so rows
// close together cost one read and rows far apart one small read each), then gathered
// into the order asked.

import { queued, splitSignal, throwIfAborted, type AsyncOptions } from './abort';
import { Col, colFill, type Description } from './description';
import {
  checkInt64Mode,
  int64Data,
  readResult,
  type DType,
  type Int64Mode,
  type ReadResult,
  type TypedArray,
} from './dtype';
import { nativeCall } from './errors';
import type { NativeRecords, NativeSelection, NativeTypedArray } from './native';
import { checkOptions, type OptionTable } from './options';
import { Table, type TableReadOptions } from './table';
import { decodeStrings, flatColumns } from './table-read';
import { recordsToColumns, type TableColumns } from './table-records';

/** Row numbers: integers (negative ones count from the end), or one boolean per row. */
export type TableCoords = ArrayLike<number | bigint | boolean> | readonly (number | bigint | boolean)[];

declare module './table' {
  interface Table {
    /**
     * The rows at `coords` (PyTables' read_coordinates), in that order (repeats included),
     * as `read()` gives rows: every column, or with `field` that column as `Array.read`
     * gives it. `coords` is an array or TypedArray of row numbers (a negative one counts
     * from the end, as PyTables), or an array of one boolean per row (the true ones).
     * @throws TypeError for a coordinate that is not an integer, RangeError for one out of range
     */
    readCoordinates(
      coords: TableCoords,
      field?: string | null,
      options?: TableReadOptions,
    ): TableColumns | ReadResult;
    /** readCoordinates() with the rows read on the HDF5 thread; the options may add `signal`. */
    readCoordinatesAsync(
      coords: TableCoords,
      field?: string | null,
      options?: TableReadOptions & AsyncOptions,
    ): Promise<TableColumns | ReadResult>;
  }
}

const READ_OPTIONS: OptionTable = { int64: (v) => void checkInt64Mode(v, 'readCoordinates') };

/** Bytes of rows one window reads at most (as iteration's blocks). */
const WINDOW_BYTES = 1024 * 1024;

function readMode(table: Table, options: unknown, what: string): Int64Mode {
  if (options === undefined || options === null) return table._file._int64;
  checkOptions(options, READ_OPTIONS, what);
  return (options as TableReadOptions).int64 ?? table._file._int64;
}

/** coords as row numbers in [0, nrows), checked as PyTables checks them. */
export function rowNumbers(coords: unknown, nrows: number, what: string): number[] {
  const isTyped = ArrayBuffer.isView(coords) && !(coords instanceof DataView);
  if (!Array.isArray(coords) && !isTyped) {
    throw new TypeError(
      `${what}: coords must be an array or TypedArray of row numbers, not ${typeof coords}`,
    );
  }
  const list = coords as ArrayLike<unknown>;
  if (Array.isArray(list) && list.length > 0 && list.every((v) => typeof v === 'boolean')) {
    if (list.length !== nrows) {
      throw new RangeError(
        `${what}: a boolean mask must have one value per row (${nrows}), not ${list.length}`,
      );
    }
    const rows: number[] = [];
    list.forEach((v, i) => v && rows.push(i));
    return rows;
  }
  const rows = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    let n: number;
    if (typeof v === 'number' && Number.isInteger(v)) n = v;
    else if (typeof v === 'bigint') n = Number(v);
    else if (typeof v === 'boolean') n = v ? 1 : 0;
    else {
      throw new TypeError(
        `${what}: only integer coordinates are allowed, not ${typeof v === 'number' ? String(v) : typeof v} (at ${i})`,
      );
    }
    const at = n < 0 ? n + nrows : n;
    if (!(at >= 0 && at < nrows)) {
      throw new RangeError(
        `${what}: coordinate ${String(v)} (at ${i}) is out of range for a table of ${nrows} rows`,
      );
    }
    rows[i] = at;
  }
  return rows;
}

/** Hyperslabs covering the distinct rows, each spanning at most `span` rows. */
function windows(rows: readonly number[], span: number): NativeSelection[] {
  const distinct = [...new Set(rows)].sort((a, b) => a - b);
  const out: NativeSelection[] = [];
  let i = 0;
  while (i < distinct.length) {
    const first = distinct[i] as number;
    let j = i;
    while (j + 1 < distinct.length && (distinct[j + 1] as number) - first < span) j++;
    out.push({ start: [first], count: [(distinct[j] as number) - first + 1], step: [1] });
    i = j + 1;
  }
  return out;
}

/** Where a row lies: its window and its place in that window's records. */
type Locate = (row: number) => [number, number];

/** Locate over windows sorted by start, by binary search. */
function locator(sels: readonly NativeSelection[]): Locate {
  const starts = sels.map((s) => s.start[0] as number);
  return (row) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= row) lo = mid;
      else hi = mid - 1;
    }
    return [lo, row - (starts[lo] as number)];
  };
}

/** Leaf `path`'s values at rows, gathered from the windows' columns (flat, by path). */
function gatherColumn(
  rows: readonly number[],
  where: Locate,
  parts: ReadonlyArray<Record<string, TypedArray | string[]>>,
  path: string,
  col: Col,
): NativeTypedArray | string[] {
  if (parts.length === 0) return colFill(col, 0);
  const complex = col.dtype === 'complex64' || col.dtype === 'complex128';
  const per = col.shape.reduce((a, b) => a * b, 1) * (complex ? 2 : 1);
  const sample = parts[0]?.[path] as TypedArray | string[];
  if (Array.isArray(sample)) {
    const out = new Array<string>(rows.length * per);
    rows.forEach((r, i) => {
      const [w, k] = where(r);
      const from = parts[w]?.[path] as string[];
      for (let e = 0; e < per; e++) out[i * per + e] = from[k * per + e] as string;
    });
    return out;
  }
  const Typed = sample.constructor as new (n: number) => Float64Array;
  const out = new Typed(rows.length * per);
  rows.forEach((r, i) => {
    const [w, k] = where(r);
    const from = parts[w]?.[path] as Float64Array;
    out.set(from.subarray(k * per, (k + 1) * per), i * per);
  });
  return out as NativeTypedArray;
}

/** What a readCoordinates reads: the rows, their windows, the leaves wanted. */
interface Plan {
  rows: number[];
  sels: NativeSelection[];
  field: string | undefined;
  /** The field's paths for the binding (undefined: every field). */
  fieldPaths: string[] | undefined;
  mode: Int64Mode;
}

function plan(table: Table, coords: unknown, field: unknown, options: unknown, what: string): Plan {
  table._check();
  const mode = readMode(table, options, what);
  const path = field === undefined || field === null ? undefined : table._fieldPath(field, what);
  const rows = rowNumbers(coords, table.nrows, what);
  const span = Math.max(1, Math.floor(WINDOW_BYTES / Math.max(1, table.rowsize)));
  return {
    rows,
    sels: windows(rows, span),
    field: path,
    fieldPaths: path === undefined ? undefined : [path],
    mode,
  };
}

/** The windows' records gathered into the rows' order, as read() gives rows. */
function shaped(table: Table, p: Plan, records: NativeRecords[]): TableColumns | ReadResult {
  const where = locator(p.sels);
  const parts = records.map(flatColumns);
  const desc = table.description;
  const target = p.field === undefined ? desc : desc._find(p.field);
  if (target instanceof Col) {
    const path = p.field as string;
    const data = int64Data(
      gatherColumn(p.rows, where, parts, path, target) as TypedArray | string[],
      p.mode,
      () => `column '${path}' of \`\`${table.pathname}\`\``,
    );
    return readResult(data as never, [p.rows.length, ...target.shape], target.dtype as DType);
  }
  const sub = target as Description;
  const rec: NativeRecords = {
    dtype: 'compound',
    fields: sub._fields(),
    shape: [p.rows.length],
    columns: sub._leaves().map(([path, col]) => gatherColumn(p.rows, where, parts, path, col)),
  };
  return recordsToColumns(rec, p.mode, table.pathname);
}

Table.prototype.readCoordinates = function (
  this: Table,
  coords: TableCoords,
  field?: string | null,
  options?: TableReadOptions,
): TableColumns | ReadResult {
  const p = plan(this, coords, field, options, 'readCoordinates');
  const nat = this._check();
  const parts = p.sels.map((sel) =>
    decodeStrings(nativeCall(() => nat.readRecords(this.pathname, sel, p.fieldPaths, true))),
  );
  return shaped(this, p, parts);
};

Table.prototype.readCoordinatesAsync = async function (
  this: Table,
  coords: TableCoords,
  field?: string | null,
  options?: TableReadOptions & AsyncOptions,
): Promise<TableColumns | ReadResult> {
  const { signal, rest } = splitSignal(options, 'readCoordinatesAsync');
  throwIfAborted(signal);
  const p = plan(this, coords, field, rest, 'readCoordinatesAsync');
  const nat = this._check();
  const parts: NativeRecords[] = [];
  for (const sel of p.sels)
    parts.push(
      decodeStrings(
        await queued(signal, (q) => nat.readRecordsAsync(this.pathname, sel, p.fieldPaths, true, q)),
      ),
    );
  return shaped(this, p, parts);
};
