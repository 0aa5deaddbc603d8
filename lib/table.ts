// Table: a one-dimensional dataset of records (PyTables' tables.Table), read and written
// by columns. Creating is table-create.ts, checking rows table-records.ts, the `row`
// idiom table-row.ts, modifying and removing rows table-modify.ts, shaping what reads
// return table-read.ts, the columns (`cols`) table-cols.ts.

import { inspect } from 'node:util';

import { queued, splitSignal, throwIfAborted, type AsyncOptions, asyncOptions } from './abort';
import { processRangeRead } from './array';
import { Col, Description, colFill, describeFields, type ColDefault } from './description';
import {
  checkInt64Mode,
  readResult,
  type DType,
  type Int64Mode,
  type ReadResult,
  type TypedArray,
} from './dtype';
import { Enum } from './enum';
import { nativeCall } from './errors';
import type { File } from './file';
import { rowRange } from './iteration';
import { Leaf } from './leaf';
import type { NativeDatasetInfo, NativeRecords, NativeSelection, NativeWriteValue } from './native';
import { checkOptions, type OptionTable } from './options';
import { leafStr } from './printed';
import { splitPath } from './paths';
import { pyStr, pyTuple } from './pyrepr';
import { registerClassName, registerLeafClass } from './registry';
import { prepareTable, tableChunkshape, type NewTable, type TableOptions } from './table-create';
import { Cols, Column } from './table-cols';
import {
  keptRows,
  planModifyColumn,
  planModifyColumns,
  planModifyRows,
  planRemoveRows,
  tailSelection,
} from './table-modify';
import {
  columnsToRows,
  recordsToColumns,
  toRecords,
  type TableColumns,
  type TableRow,
  type TableRowsInput,
} from './table-records';
import type { FixedStrings } from './fixed-strings';
import { blockColumns, decodeStrings, flatColumns, subsetRecords, unflatten } from './table-read';
import { TableRowWriter } from './table-row';

export type { TableOptions } from './table-create';
export type { TableColumns, TableRow, TableRowsInput, TableCell } from './table-records';

/** The options of Table's reads: how int64 columns read (default: the file's `int64`). */
export interface TableReadOptions {
  /** 'bigint' (BigInt64Array) or 'number' (Float64Array, a RangeError past 2^53). */
  int64?: Int64Mode;
}

const READ_OPTIONS: OptionTable = { int64: (v) => void checkInt64Mode(v, 'read') };

/** PyTables' buffer: rows read per block when iterating (about 1 MiB of rows). */
const BLOCK_BYTES = 1024 * 1024;

/** One block of rows of _readColumnsChunked: the rows start, start + step, ... (count of them). */
export interface TableChunk {
  /** The index of the block's first row. */
  start: number;
  /** How many rows the block holds. */
  count: number;
  /** The columns read, keyed by column path ('x', 'pos/y'). */
  columns: Record<string, TypedArray | string[]>;
}

/** @internal A block of rows for conditions: string columns as FixedStrings (their bytes). */
export interface TableBlock {
  start: number;
  count: number;
  columns: Record<string, TypedArray | string[] | FixedStrings>;
}

/**
 * A table (PyTables' `tables.Table`): rows of named, typed columns, stored as one compound
 * dataset that grows by `append`. Reads are columnar: `read()` gives one TypedArray (or
 * string[]) per column, keyed by name, nested objects for nested columns; iteration and
 * `iterrows` give row objects. Made by `createTable`; PyTables' tables and h5py compound
 * datasets open as Tables.
 */
export class Table extends Leaf {
  /** @internal */
  _description: Description | undefined;
  /** @internal The `row` writer (its pending rows are written on flush and close). */
  _row: TableRowWriter | undefined;

  /** @internal Creates a Table (PyTables' create_table). */
  static _make(
    file: File,
    where: unknown,
    name: unknown,
    description: unknown,
    titleOrOptions: unknown,
  ): Table {
    const n = prepareTable(file, where, name, description, titleOrOptions, true);
    const nat = file._nat();
    nativeCall(() => nat.createDataset(n.path, n.value, n.attributes, n.storage));
    const table = Table._opened(file, n);
    if (n.initial) {
      try {
        table._appendRecords(n.initial);
      } catch (err) {
        nativeCall(() => nat.deleteLink(n.path));
        file._forget(n.path);
        throw err;
      }
    }
    return table;
  }

  /** @internal _make() with the writes on the HDF5 thread. */
  static async _makeAsync(
    file: File,
    where: unknown,
    name: unknown,
    description: unknown,
    titleOrOptions: unknown,
  ): Promise<Table> {
    const options =
      typeof titleOrOptions === 'object' && titleOrOptions !== null ? titleOrOptions : undefined;
    const { signal, rest } = options
      ? splitSignal(options as TableOptions & AsyncOptions, 'createTableAsync')
      : { signal: undefined, rest: titleOrOptions };
    throwIfAborted(signal);
    const n = prepareTable(file, where, name, description, rest, true);
    const nat = file._nat();
    await queued(signal, (q) => nat.createDatasetAsync(n.path, n.value, n.attributes, n.storage, q));
    const table = Table._opened(file, n);
    if (n.initial) await table._appendRecordsAsync(n.initial, undefined);
    return table;
  }

  private static _opened(file: File, n: NewTable): Table {
    const info = nativeCall(() => file._nat().getDatasetInfo(n.path));
    const table = file._node(n.path, 'dataset', 'TABLE', info) as Table;
    table._description = n.description;
    return table;
  }

  /** @internal */
  _ownClassName(): string {
    return 'Table';
  }

  /** The columns, in order, with their types, shapes, defaults and positions (PyTables' `description`). */
  get description(): Description {
    this._check();
    if (!this._description) {
      const info = this._datasetInfo();
      this._description = describeFields(info.fields ?? [], this._storedDefaults());
    }
    return this._description;
  }

  /** The defaults PyTables stored (FIELD_n_FILL, numbered breadth first), by column path. */
  private _storedDefaults(): Map<string, ColDefault> {
    const out = new Map<string, ColDefault>();
    const plain = describeFields(this._datasetInfo().fields ?? [], out);
    plain._walkCols().forEach(([path], i) => {
      try {
        const v = this.attrs.get(`FIELD_${i}_FILL`);
        if (
          typeof v === 'number' ||
          typeof v === 'bigint' ||
          typeof v === 'string' ||
          typeof v === 'boolean'
        ) {
          out.set(path, v);
        } else if (v !== null && typeof v === 'object' && 're' in v && 'im' in v) {
          out.set(path, [Number(v.re), Number(v.im)]);
        } else if (ArrayBuffer.isView(v) && (v as TypedArray).length === 1) {
          out.set(path, (v as TypedArray)[0] as number);
        }
      } catch {
        // no stored default: the type's
      }
    });
    return out;
  }

  /** The number of rows written (rows appended through `row` count once flushed). */
  get nrows(): number {
    const { shape } = this._datasetInfo();
    return shape.length > 0 ? (shape[0] as number) : 1;
  }

  /** The top-level column names, in order (PyTables' colnames). */
  get colnames(): string[] {
    return [...this.description.names];
  }

  /** Every leaf column's path ('a', 'n/r', 'n/p/q'), in PyTables' order (colpathnames). */
  get colpathnames(): string[] {
    return this.description.colpathnames;
  }

  /** Each leaf column's type by path: 'int32', 'string', 'bool', 'enum', ... (PyTables' coltypes). */
  get coltypes(): Record<string, string> {
    return Object.fromEntries(this.description._walkCols().map(([p, c]) => [p, c.type]));
  }

  /** Each leaf column's default by path (PyTables' coldflts: an enum column's is its value). */
  get coldflts(): Record<string, ColDefault> {
    return Object.fromEntries(
      this.description
        ._walkCols()
        .map(([p, c]) => [
          p,
          c.enum ? (c.enum.values[c.enum.names.indexOf(c.dflt as string)] as number) : c.dflt,
        ]),
    );
  }

  /** Bytes of one row (PyTables' rowsize). */
  get rowsize(): number {
    return this.description.size;
  }

  /** A table's shape is its rows: [nrows]. */
  get shape(): number[] {
    return [this.nrows];
  }

  /** A table's element is the record: its dtype is null (see `description` and `coltypes`). */
  get dtype(): DType | null {
    this._check();
    return null;
  }

  /** Bytes per row (the record size). */
  get itemsize(): number {
    return this._datasetInfo().itemsize;
  }

  /**
   * How its numbers are stored, as PyTables reports it: 'big' when every field wider than a
   * byte is big-endian, 'mixed' when some are, else 'little' (also with no such field).
   */
  get byteorder(): 'little' | 'big' | 'mixed' {
    const orders = new Set<string>();
    const visit = (fields: NonNullable<NativeDatasetInfo['fields']>): void => {
      for (const f of fields) {
        if (f.fields) visit(f.fields);
        else if (f.byteorder === 'little' || f.byteorder === 'big') orders.add(f.byteorder);
      }
    };
    visit(this._datasetInfo().fields ?? []);
    if (orders.has('big')) return orders.has('little') ? 'mixed' : 'big';
    return 'little';
  }

  /**
   * @internal The PyTables indexes of `paths` (every column when undefined) that exist:
   * `<parent>/_i_<name>/<column path>`. Rewritten or removed rows put them out of sync.
   */
  _indexesOf(paths: readonly string[] | undefined): string[] {
    const nat = this._check();
    const [parent, name] = splitPath(this._path);
    const group = `${parent === '/' ? '' : parent}/_i_${name}`;
    if (nat.getKind(group) !== 'group') return [];
    return (paths ?? this.colpathnames).map((p) => `${group}/${p}`).filter((p) => nat.getKind(p) === 'group');
  }

  /** @internal Marks indexes dirty (PyTables' Index.dirty: it stops using them until reindexed). */
  _dirty(indexes: readonly string[]): void {
    const nat = this._check();
    for (const ix of indexes) nativeCall(() => nat.writeAttribute(ix, 'DIRTY', DIRTY));
  }

  /** @internal _dirty() on the HDF5 thread. */
  async _dirtyAsync(indexes: readonly string[]): Promise<void> {
    const nat = this._check();
    for (const ix of indexes) await queued(undefined, (q) => nat.writeAttributeAsync(ix, 'DIRTY', DIRTY, q));
  }

  /** @internal Whether the dataset is chunked (else it cannot grow or shrink). */
  _isChunked(): boolean {
    return this._datasetInfo().chunkshape !== null && this._datasetInfo().chunkshape !== undefined;
  }

  /** Rows per chunk; a contiguous table (h5py's) reports the one PyTables computes for its rows. */
  get chunkshape(): number[] | null {
    const { chunkshape } = this._datasetInfo();
    return chunkshape ? [...chunkshape] : tableChunkshape(this.nrows, this.rowsize);
  }

  /** The columns by name, for `table.cols.x[i]`, `table.cols.x.read()`, nested `table.cols.pos.y` (PyTables' cols). */
  get cols(): Cols {
    this._check();
    return Cols._of(this, this.description);
  }

  /** The Enum of an enumerated column (PyTables' get_enum): its names and values. */
  getEnum(colname: string): Enum {
    const path = this._fieldPath(colname, 'getEnum');
    const c = this.description._find(path);
    if (!(c instanceof Col) || !c.enum) {
      throw new TypeError(
        `column \`\`${path}\`\` of table \`\`${this._path}\`\` is not of an enumerated type`,
      );
    }
    const { names, values } = c.enum;
    return new Enum(Object.fromEntries(names.map((n, i) => [n, values[i] as number])));
  }

  /** One column read whole (PyTables' col(name)): as `read(null, null, null, name)` gives it. */
  col(name: string, options?: TableReadOptions): ReadResult | TableColumns {
    return this.read(null, null, null, name, options);
  }

  /** @internal The path of a column read by `field`, checked. */
  _fieldPath(field: unknown, what: string): string {
    if (typeof field !== 'string')
      throw new TypeError(`${what}: the field must be a column name, not ${typeof field}`);
    if (!this.description._find(field)) {
      throw new RangeError(
        `${what}: no column named '${field}' in \`\`${this._path}\`\` (columns: ${this.colpathnames.join(', ')})`,
      );
    }
    return field;
  }

  /** The hyperslab of rows [first, first+step*count) ; null when no row. */
  private _selection(
    start: unknown,
    stop: unknown,
    step: unknown,
    rule: 'read' | 'iter',
  ): NativeSelection | null {
    const nrows = this.nrows;
    let first: number;
    let count: number;
    let stride: number;
    if (rule === 'read') {
      const [a, b, s] = processRangeRead(nrows, start as number, stop as number, step as number);
      [first, count, stride] = [a, Math.max(0, Math.ceil((b - a) / s)), s];
    } else [first, count, stride] = rowRange(nrows, start, stop, step);
    return count === 0 ? null : { start: [first], count: [count], step: [stride] };
  }

  private _mode(options: unknown, what: string): Int64Mode {
    if (options === undefined || options === null) return this._file._int64;
    checkOptions(options, READ_OPTIONS, what);
    return (options as TableReadOptions).int64 ?? this._file._int64;
  }

  /** Records with no row: the selected fields of zero records. */
  private _none(fieldPaths: string[] | undefined): NativeRecords {
    const desc = this.description;
    const rec = { dtype: 'compound', fields: desc._fields(), shape: [0], columns: [] } as NativeRecords;
    const empty = desc._leaves().map(([, c]) => colFill(c, 0));
    rec.columns = empty;
    if (!fieldPaths) return rec;
    return subsetRecords(rec, fieldPaths);
  }

  /** The read's result: every column, or with `field` that column as Array.read gives it. */
  private _shaped(rec: NativeRecords, field: string | undefined, mode: Int64Mode): ReadResult | TableColumns {
    const cols = recordsToColumns(rec, mode, this._path);
    if (field === undefined) return cols;
    let v: TableColumns | TypedArray | string[] = cols;
    for (const part of field.split('/')) v = (v as TableColumns)[part] as TableColumns;
    const c = this.description._find(field);
    if (c instanceof Col) {
      const n = rec.shape[0] ?? 0;
      const dtype = (c.enum ? c.dtype : c.dtype) as DType;
      return readResult(v as never, [n, ...c.shape], dtype);
    }
    return v as TableColumns;
  }

  /**
   * Reads rows with PyTables' rules (as Array.read: `start` alone reads one row, a negative
   * start counts from the end, `stop` is clamped, a negative step is an error), as columns:
   * `{ x: Float64Array, name: string[], pos: { y: Float32Array } }` (bool as Uint8Array of
   * 0/1, int64 as BigInt64Array unless `{ int64: 'number' }`, a shaped column's cells one
   * after another). With `field` (a column name, 'pos/y' for a nested one), only that
   * column, as `Array.read` returns it: `{ data, shape: [n, ...its shape], dtype }` (a
   * nested column: its columns object).
   */
  read(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    field?: string | null,
    options?: TableReadOptions,
  ): TableColumns | ReadResult {
    const nat = this._check();
    const mode = this._mode(options, 'read');
    const path = field === undefined || field === null ? undefined : this._fieldPath(field, 'read');
    const sel = this._selection(start, stop, step, 'read');
    const fieldPaths = path === undefined ? undefined : [path];
    const rec =
      sel === null
        ? this._none(fieldPaths)
        : decodeStrings(nativeCall(() => nat.readRecords(this._path, sel, fieldPaths, true)));
    return this._shaped(rec, path, mode);
  }

  /** read() on the HDF5 thread; the options may add `signal` (see AsyncOptions). */
  async readAsync(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    field?: string | null,
    options?: TableReadOptions & AsyncOptions,
  ): Promise<TableColumns | ReadResult> {
    const { signal, rest } = splitSignal(options, 'readAsync');
    throwIfAborted(signal);
    const nat = this._check();
    const mode = this._mode(rest, 'readAsync');
    const path = field === undefined || field === null ? undefined : this._fieldPath(field, 'readAsync');
    const sel = this._selection(start, stop, step, 'read');
    const fieldPaths = path === undefined ? undefined : [path];
    const rec =
      sel === null
        ? this._none(fieldPaths)
        : decodeStrings(
            await queued(signal, (q) => nat.readRecordsAsync(this._path, sel, fieldPaths, true, q)),
          );
    return this._shaped(rec, path, mode);
  }

  /** Rows per block of iteration and chunked reads: about 1 MiB of them. */
  private _blockRows(): number {
    return Math.max(1, Math.floor(BLOCK_BYTES / Math.max(1, this.rowsize)));
  }

  /**
   * The rows start, start + step, ... below stop, as row objects (PyTables' iterrows, with
   * Python's slice rules: `start` alone runs to the end): scalar columns as numbers,
   * bigints, booleans or strings, shaped columns as TypedArrays (string[]), nested columns
   * as objects. Read block by block.
   */
  *iterrows(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: TableReadOptions,
  ): Generator<TableRow> {
    const nat = this._check();
    const mode = this._mode(options, 'iterrows');
    const sel = this._selection(start, stop, step, 'iter');
    if (sel === null) return;
    const desc = this.description;
    const per = this._blockRows();
    const [first, count, stride] = [sel.start[0] as number, sel.count[0] as number, sel.step[0] as number];
    for (let done = 0; done < count; done += per) {
      const n = Math.min(per, count - done);
      const rec = decodeStrings(
        nativeCall(() =>
          nat.readRecords(
            this._path,
            { start: [first + done * stride], count: [n], step: [stride] },
            undefined,
            true,
          ),
        ),
      );
      yield* columnsToRows(desc, recordsToColumns(rec, mode, this._path), n);
    }
  }

  /** iterrows() with each block read on the HDF5 thread: `for await (const row of t.iterrowsAsync())`. */
  async *iterrowsAsync(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: TableReadOptions & AsyncOptions,
  ): AsyncGenerator<TableRow> {
    const { signal, rest } = splitSignal(options, 'iterrowsAsync');
    const mode = this._mode(rest, 'iterrowsAsync');
    const blocks = this._chunks(undefined, start, stop, step, this._blockRows(), signal, 'iter', 'decode');
    for await (const chunk of blocks) {
      const cols = unflatten(this.description, chunk.columns as TableChunk['columns'], mode, this._path);
      yield* columnsToRows(this.description, cols, chunk.count);
    }
  }

  /** Every row, as iterrows() yields them: `for (const row of table)`. */
  [Symbol.iterator](): Generator<TableRow> {
    return this.iterrows();
  }

  /**
   * @internal Reads columns `names` (column paths; undefined: every leaf column) of the rows
   * start, start + step, ... below stop (Python's slice rules, as iterrows), at most
   * `chunkRows` rows per block. Each block's columns are keyed by path ('x', 'pos/y'),
   * int64 as BigInt64Array, strings as FixedStrings (their bytes: a condition compares them
   * as bytes, and only the rows it selects become strings). For conditions (lib/table-where.ts).
   */
  *_readColumnsChunked(
    names: readonly string[] | undefined,
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    chunkRows: number,
  ): Generator<TableBlock> {
    const nat = this._check();
    const paths = names === undefined ? undefined : names.map((n) => this._fieldPath(n, 'read'));
    const sel = this._selection(start, stop, step, 'iter');
    if (sel === null) return;
    const [first, count, stride] = [sel.start[0] as number, sel.count[0] as number, sel.step[0] as number];
    const per = Math.max(1, Math.floor(chunkRows));
    for (let done = 0; done < count; done += per) {
      const n = Math.min(per, count - done);
      const at = first + done * stride;
      const rec = nativeCall(() =>
        nat.readRecords(this._path, { start: [at], count: [n], step: [stride] }, paths, true),
      );
      yield { start: at, count: n, columns: blockColumns(rec) };
    }
  }

  /** @internal _readColumnsChunked() with each block read on the HDF5 thread. */
  _readColumnsChunkedAsync(
    names: readonly string[] | undefined,
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    chunkRows: number,
    signal?: AbortSignal,
  ): AsyncGenerator<TableBlock> {
    return this._chunks(names, start, stop, step, chunkRows, signal, 'iter', 'bytes');
  }

  private async *_chunks(
    names: readonly string[] | undefined,
    start: unknown,
    stop: unknown,
    step: unknown,
    chunkRows: number,
    signal: AbortSignal | undefined,
    rule: 'read' | 'iter',
    strings: 'decode' | 'bytes',
  ): AsyncGenerator<TableBlock> {
    throwIfAborted(signal);
    const nat = this._check();
    const paths = names === undefined ? undefined : names.map((n) => this._fieldPath(n, 'read'));
    const sel = this._selection(start, stop, step, rule);
    if (sel === null) return;
    const [first, count, stride] = [sel.start[0] as number, sel.count[0] as number, sel.step[0] as number];
    const per = Math.max(1, Math.floor(chunkRows));
    for (let done = 0; done < count; done += per) {
      const n = Math.min(per, count - done);
      const at = first + done * stride;
      const s = { start: [at], count: [n], step: [stride] };
      const rec = await queued(signal, (q) => nat.readRecordsAsync(this._path, s, paths, true, q));
      yield { start: at, count: n, columns: strings === 'bytes' ? blockColumns(rec) : flatColumns(rec) };
    }
  }

  // ---- writing -----------------------------------------------------------------------

  /**
   * Adds rows at the end (PyTables' append): an array of row objects (`{ x: 1, name: 'a' }`,
   * nested columns as objects), an array of row arrays in column order (`[[1, 'a']]`), or
   * columns (`{ x: Float64Array.of(1, 2), name: ['a', 'b'] }`, a TypedArray of a column's
   * own type taken without a copy). Every row is checked first: a missing or unknown
   * column, a value of the wrong type, out of range or too long is an error and adds nothing.
   */
  append(rows: TableRowsInput): void {
    this._check();
    this._file._checkWritable();
    this._row?._flush();
    const rec = toRecords(this.description, rows, `append to \`\`${this._path}\`\``);
    if (rec) this._appendRecords(rec);
  }

  /** append() with the write on the HDF5 thread; the rows are checked and packed at the call. */
  async appendAsync(rows: TableRowsInput, options?: AsyncOptions): Promise<void> {
    const signal = asyncOptions(options, 'appendAsync');
    throwIfAborted(signal);
    this._check();
    this._file._checkWritable();
    this._row?._flush();
    const rec = toRecords(this.description, rows, `append to \`\`${this._path}\`\``);
    if (rec) await this._appendRecordsAsync(rec, signal);
  }

  /** @internal Appends packed records and updates the cached shape and NROWS. */
  _appendRecords(rec: NativeRecords): void {
    const nat = this._check();
    const shape = nativeCall(() => nat.appendRecords(this._path, rec, 0));
    this._resized(shape);
    nativeCall(() => nat.writeAttribute(this._path, 'NROWS', nrowsValue(shape)));
  }

  /** @internal _appendRecords() on the HDF5 thread. */
  async _appendRecordsAsync(rec: NativeRecords, signal: AbortSignal | undefined): Promise<void> {
    const nat = this._check();
    const shape = await queued(signal, (q) => nat.appendRecordsAsync(this._path, rec, 0, q));
    this._resized(shape);
    await queued(undefined, (q) => nat.writeAttributeAsync(this._path, 'NROWS', nrowsValue(shape), q));
  }

  /** @internal The binding reports a new extent: the cached info follows it. */
  _resized(shape: number[]): void {
    this._info = { ...this._datasetInfo(), shape: [...shape] };
  }

  /**
   * The row writer (PyTables' `table.row`): set columns (`row.x = 1`, nested
   * `row['pos/y'] = 2`), then `row.append()`; appended rows are written in blocks, by
   * `table.flush()`, and when the file flushes or closes. After each append the row holds
   * the columns' defaults again.
   */
  get row(): TableRowWriter {
    this._check();
    this._row ??= new TableRowWriter(this);
    return this._row;
  }

  /** Writes the rows appended through `row` (PyTables' Table.flush), then flushes the file. */
  flush(): void {
    this._check();
    this._row?._flush();
    this._file.flush();
  }

  /**
   * Rewrites the rows (start, stop, step) select with `rows`, given as append takes them
   * (PyTables' modify_rows): start (default 0) >= 0, step (default 1) >= 1, `stop` defaults
   * to just after the last row given; the range must select exactly as many rows as given,
   * inside the table. Every value is checked first. Returns the rows modified.
   */
  modifyRows(
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    rows: TableRowsInput,
  ): number {
    this._row?._flush();
    const plan = planModifyRows(this, start, stop, step, rows);
    if (!plan) return 0;
    this._dirty(this._indexesOf(undefined));
    const nat = this._check();
    nativeCall(() => nat.writeRecords(this._path, plan.rec, plan.sel));
    return plan.sel.count[0] as number;
  }

  /** modifyRows() with the write on the HDF5 thread; the rows are checked and packed at the call. */
  async modifyRowsAsync(
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    rows: TableRowsInput,
    options?: AsyncOptions,
  ): Promise<number> {
    const signal = asyncOptions(options, 'modifyRowsAsync');
    throwIfAborted(signal);
    this._row?._flush();
    const plan = planModifyRows(this, start, stop, step, rows);
    if (!plan) return 0;
    await this._dirtyAsync(this._indexesOf(undefined));
    const nat = this._check();
    await queued(signal, (q) => nat.writeRecordsAsync(this._path, plan.rec, plan.sel, q));
    return plan.sel.count[0] as number;
  }

  /**
   * Rewrites one column (`colname`, 'pos/y' for a nested one) of the rows (start, stop,
   * step) select (PyTables' modify_column, with modifyRows' rules); `column` is a TypedArray
   * of its type or an array of values. The other columns keep their values. Returns the
   * rows modified.
   */
  modifyColumn(
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    column: TypedArray | readonly unknown[],
    colname: string,
  ): number {
    this._row?._flush();
    const plan = planModifyColumn(this, start, stop, step, column, colname);
    if (!plan) return 0;
    this._dirty(this._indexesOf([colname]));
    const nat = this._check();
    nativeCall(() => nat.writeRecords(this._path, plan.rec, plan.sel));
    return plan.sel.count[0] as number;
  }

  /** modifyColumn() with the write on the HDF5 thread. */
  async modifyColumnAsync(
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    column: TypedArray | readonly unknown[],
    colname: string,
    options?: AsyncOptions,
  ): Promise<number> {
    const signal = asyncOptions(options, 'modifyColumnAsync');
    throwIfAborted(signal);
    this._row?._flush();
    const plan = planModifyColumn(this, start, stop, step, column, colname);
    if (!plan) return 0;
    await this._dirtyAsync(this._indexesOf([colname]));
    const nat = this._check();
    await queued(signal, (q) => nat.writeRecordsAsync(this._path, plan.rec, plan.sel, q));
    return plan.sel.count[0] as number;
  }

  /**
   * Rewrites some columns of the rows (start, stop, step) select (PyTables' modify_columns,
   * with modifyRows' rules): `columns[i]` (a TypedArray of its type or an array of values)
   * for the column `names[i]` ('pos/y' for a nested one). The other columns keep their
   * values. Returns the rows modified.
   */
  modifyColumns(
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    columns: ReadonlyArray<TypedArray | readonly unknown[]>,
    names: readonly string[],
  ): number {
    this._row?._flush();
    const plan = planModifyColumns(this, start, stop, step, columns, names);
    if (!plan) return 0;
    this._dirty(this._indexesOf(names));
    const nat = this._check();
    nativeCall(() => nat.writeRecords(this._path, plan.rec, plan.sel));
    return plan.sel.count[0] as number;
  }

  /** modifyColumns() with the write on the HDF5 thread. */
  async modifyColumnsAsync(
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    columns: ReadonlyArray<TypedArray | readonly unknown[]>,
    names: readonly string[],
    options?: AsyncOptions,
  ): Promise<number> {
    const signal = asyncOptions(options, 'modifyColumnsAsync');
    throwIfAborted(signal);
    this._row?._flush();
    const plan = planModifyColumns(this, start, stop, step, columns, names);
    if (!plan) return 0;
    await this._dirtyAsync(this._indexesOf(names));
    const nat = this._check();
    await queued(signal, (q) => nat.writeRecordsAsync(this._path, plan.rec, plan.sel, q));
    return plan.sel.count[0] as number;
  }

  /**
   * Removes rows (PyTables' remove_rows, with Python's slice rules: `start` alone removes
   * every row from it on, `removeRows(5, 10)` rows 5 to 9); the rows after them move up.
   * Returns how many were removed.
   */
  removeRows(start?: number | null, stop?: number | null, step?: number | null): number {
    this._row?._flush();
    const plan = planRemoveRows(this, start, stop, step);
    if (!plan) return 0;
    this._dirty(this._indexesOf(undefined));
    const nat = this._check();
    const tail = nativeCall(() => nat.readRecords(this._path, tailSelection(plan)));
    const kept = keptRows(plan, tail);
    if (kept) nativeCall(() => nat.writeRecords(this._path, kept.rec, kept.sel));
    const shape = [plan.nrows - plan.count];
    nativeCall(() => nat.setExtent(this._path, shape));
    this._resized(shape);
    nativeCall(() => nat.writeAttribute(this._path, 'NROWS', nrowsValue(shape)));
    return plan.count;
  }

  /** removeRows() on the HDF5 thread (`signal` cancels it only before its first step starts). */
  async removeRowsAsync(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: AsyncOptions,
  ): Promise<number> {
    const signal = asyncOptions(options, 'removeRowsAsync');
    throwIfAborted(signal);
    this._row?._flush();
    const plan = planRemoveRows(this, start, stop, step);
    if (!plan) return 0;
    await this._dirtyAsync(this._indexesOf(undefined));
    const nat = this._check();
    const tail = await queued(signal, (q) =>
      nat.readRecordsAsync(this._path, tailSelection(plan), undefined, undefined, q),
    );
    const kept = keptRows(plan, tail);
    if (kept) await queued(undefined, (q) => nat.writeRecordsAsync(this._path, kept.rec, kept.sel, q));
    const shape = [plan.nrows - plan.count];
    await queued(undefined, (q) => nat.setExtentAsync(this._path, shape, q));
    this._resized(shape);
    await queued(undefined, (q) => nat.writeAttributeAsync(this._path, 'NROWS', nrowsValue(shape), q));
    return plan.count;
  }

  /** Removes row `n` (PyTables' remove_row; a negative n counts from the end). */
  removeRow(n: number): number {
    if (!Number.isSafeInteger(n)) throw new TypeError(`removeRow: n must be an integer, not ${String(n)}`);
    const nrows = this.nrows;
    const at = n < 0 ? n + nrows : n;
    if (at < 0 || at >= nrows)
      throw new RangeError(`removeRow: row ${n} is not in \`\`${this._path}\`\` (${nrows} rows)`);
    return this.removeRows(at, at + 1);
  }

  // ---- printed forms -----------------------------------------------------------------

  /** @internal */
  _str(): string {
    return leafStr(this._path, this._className(), [this.nrows], this.title, this.filters._leafPart());
  }

  /** @internal */
  _repr(): string {
    const chunk = this.chunkshape;
    return [
      this._str(),
      `  description := ${this.description[inspect.custom]()}`,
      `  byteorder := ${pyStr(this.byteorder)}`,
      `  chunkshape := ${chunk ? pyTuple(chunk) : 'None'}`,
    ].join('\n');
  }
}

/** PyTables' DIRTY attribute of an index out of sync (it stores an int32 0 when clean). */
const DIRTY = { dtype: 'int32', shape: [], data: Int32Array.of(1) } as const satisfies NativeWriteValue;

function nrowsValue(shape: number[]): { dtype: 'int64'; shape: number[]; data: BigInt64Array } {
  return { dtype: 'int64', shape: [], data: BigInt64Array.of(BigInt(shape[0] ?? 0)) };
}

export { Cols, Column };

declare module './registry' {
  interface NodeClasses {
    /** Tables: compound datasets of named columns. */
    Table: Table;
  }
}
registerClassName('Table', Table);

/** Whether every field, nested ones too, is of a type the binding reads. */
function readableFields(fields: NativeDatasetInfo['fields']): boolean {
  return (fields ?? []).every((f) => (f.dtype === 'compound' ? readableFields(f.fields) : f.dtype !== null));
}

// A compound of one dimension whose every field h5tables reads; anything else (a vlen
// string member, a long double) gives way to UnImplemented.
registerLeafClass('TABLE', (file, path, info) => {
  if (info.dtype !== 'compound' || info.shape.length !== 1 || !readableFields(info.fields)) return null;
  const table = new Table(file, path);
  table._info = info;
  return table;
});
