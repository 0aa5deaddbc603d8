// Table queries by condition (PyTables' read_where, where, get_where_list): the condition
// is compiled once (lib/condition.ts), then evaluated block by block over only the
// columns it names (plus those the result needs), read through the table's chunked reader.

import { asyncOptions, splitSignal, throwIfAborted, type AsyncOptions } from './abort';
import { processRangeRead } from './array';
import {
  compileCondition,
  type CompiledCondition,
  type ConditionColumn,
  type ConditionColumnRef,
  type CondVar,
} from './condition';
import { Col, Description } from './description';
import {
  checkInt64Mode,
  emptyTyped,
  int64Data,
  readResult,
  type DType,
  type Int64Mode,
  type ReadResult,
  type TypedArray,
} from './dtype';
import type { NativeRecords } from './native';
import { checkOptions, type OptionTable } from './options';
import { FixedStrings } from './fixed-strings';
import { Table, type TableReadOptions } from './table';
import { Column } from './table-cols';
import { scanBlocks, scanBlocksAsync, type ScanBlock } from './table-scan';
import { columnsToRows, recordsToColumns, type TableColumns, type TableRow } from './table-records';

/**
 * The values a condition names besides the table's columns (PyTables' condvars): scalars
 * (a number is a float64, a bigint an int64, a one-element TypedArray its own type), or a
 * column of the same table (`table.cols.x`) under another name.
 */
export type TableCondVars = Readonly<Record<string, CondVar | Column>>;

/**
 * Bytes of columns read per block while evaluating a condition. String columns come as
 * bytes, so a block makes no strings (only the selected rows' become strings, at the end),
 * and larger blocks cost fewer native calls and buffers: bench/'s W9 query (1M rows, three
 * columns) took a median 95 ms of CPU with 256 KiB blocks, 70 with 1 MiB, 71 with 4 MiB.
 */
const BLOCK_BYTES = 1024 * 1024;

const READ_OPTIONS: OptionTable = { int64: (v) => void checkInt64Mode(v, 'readWhere') };

declare module './table' {
  interface Table {
    /**
     * The rows that satisfy `condition` (PyTables' read_where), as `read()` gives rows: every
     * column (`{ x: Float64Array, ... }`), or with `field` that column as `Array.read` gives it.
     * The condition is PyTables' (numexpr's) syntax: column names, `condvars`, numbers,
     * `"..."`/`b"..."` strings, `< <= == != >= >`, `&`, `|`, `~`, `+ - * / % **`, numexpr's
     * functions (`sqrt`, `sin`, `abs`, `where`, `contains`, ...); parenthesise comparisons
     * joined by `&`/`|`: `'(x > 1) & (name == b"a")'`. `start`, `stop`, `step` limit the rows
     * searched as `read()`'s do.
     * @throws ConditionSyntaxError, ConditionNameError, ConditionTypeError (at their position), RangeError
     */
    readWhere(
      condition: string,
      condvars?: TableCondVars | null,
      field?: string | null,
      start?: number | null,
      stop?: number | null,
      step?: number | null,
      options?: TableReadOptions,
    ): TableColumns | ReadResult;
    /** readWhere() with each block read on the HDF5 thread; the options may add `signal`. */
    readWhereAsync(
      condition: string,
      condvars?: TableCondVars | null,
      field?: string | null,
      start?: number | null,
      stop?: number | null,
      step?: number | null,
      options?: TableReadOptions & AsyncOptions,
    ): Promise<TableColumns | ReadResult>;
    /**
     * The rows that satisfy `condition`, one row object at a time as `iterrows()` yields them
     * (PyTables' where); the same condition syntax and range as readWhere().
     */
    where(
      condition: string,
      condvars?: TableCondVars | null,
      start?: number | null,
      stop?: number | null,
      step?: number | null,
      options?: TableReadOptions,
    ): Generator<TableRow>;
    /** where() with each block read on the HDF5 thread: `for await (const row of t.whereAsync('x > 1'))`. */
    whereAsync(
      condition: string,
      condvars?: TableCondVars | null,
      start?: number | null,
      stop?: number | null,
      step?: number | null,
      options?: TableReadOptions & AsyncOptions,
    ): AsyncGenerator<TableRow>;
    /**
     * The numbers of the rows that satisfy `condition`, ascending (PyTables' get_where_list;
     * `sort` is accepted for PyTables' sake: rows always come sorted).
     */
    getWhereList(
      condition: string,
      condvars?: TableCondVars | null,
      sort?: boolean | null,
      start?: number | null,
      stop?: number | null,
      step?: number | null,
    ): number[];
    /** getWhereList() with each block read on the HDF5 thread; `options` may hold `signal`. */
    getWhereListAsync(
      condition: string,
      condvars?: TableCondVars | null,
      sort?: boolean | null,
      start?: number | null,
      stop?: number | null,
      step?: number | null,
      options?: AsyncOptions,
    ): Promise<number[]>;
  }
}

/** What a query reads: the compiled condition, the rows searched and the columns read. */
interface Query {
  compiled: CompiledCondition;
  /** Normalised rows: first, stop, step (PyTables' _process_range_read). */
  range: [number, number, number];
  /** Leaf column paths read (undefined: all). */
  names: string[] | undefined;
  chunkRows: number;
}

/** The table's columns as the condition compiler sees them (leaf paths, nested names marked). */
function conditionColumns(desc: Description): Record<string, ConditionColumn> {
  const out: Record<string, ConditionColumn> = {};
  for (const [path, col] of desc._walkCols()) out[path] = { dtype: col.dtype, shape: col.shape };
  for (const name of desc.names) {
    if (desc.columns[name] instanceof Description) out[name] = { dtype: 'compound', nested: true };
  }
  return out;
}

function condvarsOf(table: Table, condvars: unknown, what: string): Record<string, CondVar> {
  if (condvars === undefined || condvars === null) return {};
  if (typeof condvars !== 'object' || Array.isArray(condvars) || ArrayBuffer.isView(condvars)) {
    throw new TypeError(
      `${what}: condvars must be an object mapping names to values, not ${typeof condvars}`,
    );
  }
  const out: Record<string, CondVar> = {};
  for (const [name, v] of Object.entries(condvars as Record<string, unknown>)) {
    if (v instanceof Column) {
      if (v._table !== table) {
        throw new RangeError(
          `${what}: condvar '${name}' refers to a column which is not part of table \`\`${table.pathname}\`\``,
        );
      }
      out[name] = { column: v.pathname } satisfies ConditionColumnRef;
    } else out[name] = v as CondVar;
  }
  return out;
}

function leafBytes(col: Col): number {
  const cells = col.shape.reduce((a, b) => a * b, 1);
  return Math.max(1, cells * col.itemsize);
}

function prepare(
  table: Table,
  condition: unknown,
  condvars: unknown,
  extra: readonly string[] | undefined,
  start: unknown,
  stop: unknown,
  step: unknown,
  what: string,
): Query {
  const desc = table.description;
  const compiled = compileCondition(
    condition as string,
    conditionColumns(desc),
    condvarsOf(table, condvars, what),
  );
  const range = processRangeRead(table.nrows, start as number, stop as number, step as number) as [
    number,
    number,
    number,
  ];
  const names = extra === undefined ? undefined : [...new Set([...compiled.columns, ...extra])];
  const leaves = new Map(desc._leaves());
  const rowBytes =
    names === undefined ? table.rowsize : names.reduce((n, p) => n + leafBytes(leaves.get(p) as Col), 0);
  const chunkRows = Math.min(1 << 20, Math.max(1024, Math.floor(BLOCK_BYTES / Math.max(1, rowBytes))));
  return { compiled, range, names, chunkRows };
}

/** The leaf paths under `field` (itself when it is a leaf column). */
function fieldLeaves(table: Table, field: string): string[] {
  const c = table.description._find(field);
  if (c instanceof Description) return c._leaves().map(([p]) => p);
  return [field];
}

/** The condition over a block; `selected` counts the rows a fill block stands for. */
function maskOf(q: Query, chunk: ScanBlock): { mask: Uint8Array; selected: number } {
  const mask = q.compiled.evaluate(chunk.columns, chunk.count);
  let selected = 0;
  for (let i = 0; i < chunk.count; i++) selected += mask[i] as number;
  return { mask, selected: selected * chunk.repeat };
}

type Piece = TypedArray | string[] | FixedStrings;

/** The cells of the selected rows of one column of a block (a shaped column's cells whole). */
function pick(data: Piece, mask: Uint8Array, count: number, selected: number): Piece {
  const k = count === 0 ? 1 : data.length / count;
  if (Array.isArray(data)) {
    const out: string[] = [];
    for (let i = 0; i < count; i++)
      if (mask[i]) for (let j = 0; j < k; j++) out.push(data[i * k + j] as string);
    return out;
  }
  if (data instanceof FixedStrings) {
    // A row's cells are k elements of itemsize bytes, side by side.
    const row = k * data.itemsize;
    const src = data.bytes;
    const out = new Uint8Array(selected * row);
    let o = 0;
    // Byte by byte: rows are a few bytes, and a subarray per row costs more than its copy.
    for (let i = 0; i < count; i++) {
      if (!mask[i]) continue;
      for (let j = i * row, end = j + row; j < end; j++) out[o++] = src[j] as number;
    }
    return new FixedStrings(out, data.itemsize);
  }
  const typed = data as TypedArray;
  const out = new (typed.constructor as new (n: number) => TypedArray)(selected * k);
  let o = 0;
  if (k === 1) {
    const src = typed as Float64Array;
    const dst = out as Float64Array;
    for (let i = 0; i < count; i++) if (mask[i]) dst[o++] = src[i] as number;
  } else {
    for (let i = 0; i < count; i++) {
      if (!mask[i]) continue;
      (out as Float64Array).set((typed as Float64Array).subarray(i * k, (i + 1) * k), o);
      o += k;
    }
  }
  return out;
}

function concat(pieces: Piece[], empty: () => Piece): Piece {
  if (pieces.length === 0) return empty();
  if (pieces.length === 1) return pieces[0] as Piece;
  if (Array.isArray(pieces[0])) return ([] as string[]).concat(...(pieces as string[][]));
  if (pieces[0] instanceof FixedStrings) {
    const all = pieces as FixedStrings[];
    const out = new Uint8Array(all.reduce((n, p) => n + p.bytes.length, 0));
    let o = 0;
    for (const p of all) {
      out.set(p.bytes, o);
      o += p.bytes.length;
    }
    return new FixedStrings(out, all[0].itemsize);
  }
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const first = pieces[0] as TypedArray;
  const out = new (first.constructor as new (n: number) => TypedArray)(total);
  let o = 0;
  for (const p of pieces as Float64Array[]) {
    (out as Float64Array).set(p, o);
    o += p.length;
  }
  return out;
}

/** A RangeError when `rows` rows of `rowBytes` each would pass the file's maxReadBytes. */
function checkResultSize(table: Table, rows: number, rowBytes: number, what: string): void {
  const limit = table._file._maxReadBytes;
  if (rows * rowBytes <= limit) return;
  const err = new RangeError(
    `${what}: the ${rows} rows selected so far (${rows * rowBytes} bytes) pass maxReadBytes (${limit}) of \`\`${table.pathname}\`\``,
  );
  throw Object.assign(err, { code: 'ERR_TOO_LARGE' });
}

/** An empty column of a leaf's element type. */
function emptyColumn(col: Col): Piece {
  return col.dtype === 'string' ? [] : emptyTyped(col.dtype);
}

/** A piece of one row's cells, `n` times over. */
function repeatPiece(data: Piece, n: number): Piece {
  if (Array.isArray(data)) return Array.from({ length: n }, (_, i) => data[i % data.length] as string);
  const bytes = data instanceof FixedStrings ? data.bytes : data;
  const out = new (bytes.constructor as new (n: number) => TypedArray)(bytes.length * n);
  for (let o = 0; o < out.length; o += bytes.length) (out as Float64Array).set(bytes as Float64Array, o);
  return data instanceof FixedStrings ? new FixedStrings(out as Uint8Array, data.itemsize) : out;
}

/**
 * Collects the selected rows of the columns `paths`, block by block, refusing (a
 * RangeError, before allocating them) more bytes in all than the file's maxReadBytes.
 */
class Gatherer {
  private readonly pieces = new Map<string, Piece[]>();
  private readonly rowBytes: number;
  count = 0;

  constructor(
    private readonly table: Table,
    private readonly paths: readonly string[],
    private readonly what: string,
  ) {
    for (const p of paths) this.pieces.set(p, []);
    const leaves = new Map(table.description._leaves());
    this.rowBytes = paths.reduce((n, p) => n + leafBytes(leaves.get(p) as Col), 0);
  }

  add(chunk: ScanBlock, mask: Uint8Array, selected: number): void {
    if (selected === 0) return;
    checkResultSize(this.table, this.count + selected, this.rowBytes, this.what);
    for (const p of this.paths) {
      const picked = pick(chunk.columns[p] as Piece, mask, chunk.count, chunk.repeat > 1 ? 1 : selected);
      this.pieces.get(p)!.push(chunk.repeat > 1 ? repeatPiece(picked, chunk.repeat) : picked);
    }
    this.count += selected;
  }

  /** The selected rows of column `path` as read() gives them (strings as string[]). */
  column(path: string, col: Col): TypedArray | string[] {
    const all = concat(this.pieces.get(path)!, () => emptyColumn(col));
    return all instanceof FixedStrings ? all.decode() : all;
  }
}

/** The gathered rows as read() gives them: all columns, or `field` alone. */
function result(
  table: Table,
  g: Gatherer,
  field: string | undefined,
  mode: Int64Mode,
): TableColumns | ReadResult {
  const desc = table.description;
  const target = field === undefined ? desc : desc._find(field);
  if (target instanceof Col) {
    const data = int64Data(
      g.column(field!, target),
      mode,
      () => `column '${field}' of \`\`${table.pathname}\`\``,
    );
    return readResult(data as never, [g.count, ...target.shape], target.dtype as DType);
  }
  const sub = target as Description;
  const rec = {
    dtype: 'compound',
    fields: sub._fields(),
    shape: [g.count],
    columns: sub._leaves().map(([p, c]) => g.column(p, c)),
  } as NativeRecords;
  return recordsToColumns(rec, mode, table.pathname);
}

function checkField(table: Table, field: unknown, what: string): string | undefined {
  if (field === undefined || field === null) return undefined;
  return table._fieldPath(field, what);
}

function readMode(table: Table, options: unknown, what: string): Int64Mode {
  if (options === undefined || options === null) return table._file._int64;
  checkOptions(options, READ_OPTIONS, what);
  return (options as TableReadOptions).int64 ?? table._file._int64;
}

function checkSort(sort: unknown, what: string): void {
  if (sort !== undefined && sort !== null && typeof sort !== 'boolean') {
    throw new TypeError(`${what}: sort must be a boolean, not ${typeof sort}`);
  }
}

/** Appends the numbers of a block's selected rows to `out` (8 bytes each against maxReadBytes). */
function rowsOf(
  table: Table,
  q: Query,
  chunk: ScanBlock,
  mask: Uint8Array,
  out: number[],
  what: string,
): void {
  const step = q.range[2];
  const n = chunk.repeat > 1 ? (mask[0] ? chunk.repeat : 0) : chunk.count;
  if (chunk.repeat > 1 && n > 0) checkResultSize(table, out.length + n, 8, what);
  if (chunk.repeat > 1) {
    for (let i = 0; i < n; i++) out.push(chunk.start + i * step);
    return;
  }
  for (let i = 0; i < n; i++) if (mask[i]) out.push(chunk.start + i * step);
}

function scanRange(q: Query): { first: number; count: number; step: number } {
  const [first, stop, step] = q.range;
  return { first, count: stop > first ? Math.ceil((stop - first) / step) : 0, step };
}

function blocks(table: Table, q: Query): Generator<ScanBlock> {
  return scanBlocks(table, q.names, scanRange(q), q.chunkRows);
}

function blocksAsync(table: Table, q: Query, signal: AbortSignal | undefined): AsyncGenerator<ScanBlock> {
  return scanBlocksAsync(table, q.names, scanRange(q), q.chunkRows, signal);
}

function allLeaves(table: Table): string[] {
  return table.description._leaves().map(([p]) => p);
}

Table.prototype.readWhere = function (
  this: Table,
  condition: string,
  condvars?: TableCondVars | null,
  field?: string | null,
  start?: number | null,
  stop?: number | null,
  step?: number | null,
  options?: TableReadOptions,
): TableColumns | ReadResult {
  this._check();
  const mode = readMode(this, options, 'readWhere');
  const f = checkField(this, field, 'readWhere');
  const out = f === undefined ? allLeaves(this) : fieldLeaves(this, f);
  const q = prepare(this, condition, condvars, out, start, stop, step, 'readWhere');
  const g = new Gatherer(this, out, 'readWhere');
  for (const chunk of blocks(this, q)) {
    const { mask, selected } = maskOf(q, chunk);
    g.add(chunk, mask, selected);
  }
  return result(this, g, f, mode);
};

Table.prototype.readWhereAsync = async function (
  this: Table,
  condition: string,
  condvars?: TableCondVars | null,
  field?: string | null,
  start?: number | null,
  stop?: number | null,
  step?: number | null,
  options?: TableReadOptions & AsyncOptions,
): Promise<TableColumns | ReadResult> {
  const { signal, rest } = splitSignal(options, 'readWhereAsync');
  throwIfAborted(signal);
  this._check();
  const mode = readMode(this, rest, 'readWhereAsync');
  const f = checkField(this, field, 'readWhereAsync');
  const out = f === undefined ? allLeaves(this) : fieldLeaves(this, f);
  const q = prepare(this, condition, condvars, out, start, stop, step, 'readWhereAsync');
  const g = new Gatherer(this, out, 'readWhereAsync');
  for await (const chunk of blocksAsync(this, q, signal)) {
    const { mask, selected } = maskOf(q, chunk);
    g.add(chunk, mask, selected);
  }
  return result(this, g, f, mode);
};

/** The selected rows of one block as row objects (of a fill block, its row as often as it stands for). */
function* blockRows(
  table: Table,
  chunk: ScanBlock,
  mask: Uint8Array,
  selected: number,
  mode: Int64Mode,
): Generator<TableRow> {
  if (selected === 0) return;
  const paths = allLeaves(table);
  const rows = chunk.repeat > 1 ? 1 : selected;
  const g = new Gatherer(table, paths, 'where');
  g.add({ ...chunk, repeat: 1 }, mask, rows);
  const desc = table.description;
  const cols = result(table, g, undefined, mode) as TableColumns;
  if (chunk.repeat === 1) {
    yield* columnsToRows(desc, cols, selected);
    return;
  }
  // A fresh row object each time: callers may keep or change the rows they are given.
  for (let i = 0; i < chunk.repeat; i++) yield* columnsToRows(desc, cols, 1);
}

Table.prototype.where = function* (
  this: Table,
  condition: string,
  condvars?: TableCondVars | null,
  start?: number | null,
  stop?: number | null,
  step?: number | null,
  options?: TableReadOptions,
): Generator<TableRow> {
  this._check();
  const mode = readMode(this, options, 'where');
  const q = prepare(this, condition, condvars, undefined, start, stop, step, 'where');
  for (const chunk of blocks(this, q)) {
    const { mask, selected } = maskOf(q, chunk);
    yield* blockRows(this, chunk, mask, selected, mode);
  }
};

Table.prototype.whereAsync = async function* (
  this: Table,
  condition: string,
  condvars?: TableCondVars | null,
  start?: number | null,
  stop?: number | null,
  step?: number | null,
  options?: TableReadOptions & AsyncOptions,
): AsyncGenerator<TableRow> {
  const { signal, rest } = splitSignal(options, 'whereAsync');
  throwIfAborted(signal);
  this._check();
  const mode = readMode(this, rest, 'whereAsync');
  const q = prepare(this, condition, condvars, undefined, start, stop, step, 'whereAsync');
  for await (const chunk of blocksAsync(this, q, signal)) {
    const { mask, selected } = maskOf(q, chunk);
    yield* blockRows(this, chunk, mask, selected, mode);
  }
};

Table.prototype.getWhereList = function (
  this: Table,
  condition: string,
  condvars?: TableCondVars | null,
  sort?: boolean | null,
  start?: number | null,
  stop?: number | null,
  step?: number | null,
): number[] {
  this._check();
  checkSort(sort, 'getWhereList');
  const q = prepare(this, condition, condvars, [], start, stop, step, 'getWhereList');
  const rows: number[] = [];
  for (const chunk of blocks(this, q)) rowsOf(this, q, chunk, maskOf(q, chunk).mask, rows, 'getWhereList');
  return rows;
};

Table.prototype.getWhereListAsync = async function (
  this: Table,
  condition: string,
  condvars?: TableCondVars | null,
  sort?: boolean | null,
  start?: number | null,
  stop?: number | null,
  step?: number | null,
  options?: AsyncOptions,
): Promise<number[]> {
  const signal = asyncOptions(options, 'getWhereListAsync');
  throwIfAborted(signal);
  this._check();
  checkSort(sort, 'getWhereListAsync');
  const q = prepare(this, condition, condvars, [], start, stop, step, 'getWhereListAsync');
  const rows: number[] = [];
  for await (const chunk of blocksAsync(this, q, signal))
    rowsOf(this, q, chunk, maskOf(q, chunk).mask, rows, 'getWhereListAsync');
  return rows;
};
