// The `table.row` idiom (PyTables' Row for writing): set columns, append, and the rows
// are written in blocks, by table.flush(), and when the file flushes or closes.

import { inspect } from 'node:util';

import { Col, Description } from './description';
import type { Table } from './table';
import { toRecords } from './table-records';

/** Rows kept before they are written in one append (PyTables writes a buffer at a time). */
const BLOCK_ROWS = 4096;

type RowValues = Record<string, unknown>;

function defaults(d: Description): RowValues {
  const out: RowValues = {};
  for (const name of d.names) {
    const c = d.columns[name];
    out[name] = c instanceof Description ? defaults(c) : cellDefault(c as Col);
  }
  return out;
}

function cellDefault(c: Col): unknown {
  if (c.shape.length === 0) return c.dflt;
  const build = (d: number): unknown =>
    d === c.shape.length ? c.dflt : Array.from({ length: c.shape[d] as number }, () => build(d + 1));
  return build(0);
}

/**
 * The row writer of a table (PyTables' `table.row`): each column is a property
 * (`row.x = 1`), nested columns too (`row.pos.y = 2` or `row['pos/y'] = 2`); `append()`
 * queues the row and resets it to the columns' defaults. Queued rows are checked and
 * written in blocks, by `table.flush()`, and when the file flushes or closes; a queued
 * row that does not fit its columns makes that write throw and is dropped.
 */
export class TableRowWriter {
  /** @internal */
  readonly _table: Table;
  private _values: RowValues;
  private _pending: RowValues[] = [];
  private readonly _unregister: () => void;

  /** Each column (by its path) as a property: the row's current value. */
  [column: string]: unknown;

  /** @internal Use `table.row`. */
  constructor(table: Table) {
    this._table = table;
    const desc = table.description;
    this._values = defaults(desc);
    const file = table._file;
    const flushing = (): void => this._flush();
    this._unregister = file._onWriteBack(flushing);
    this._define(this, desc, [], true);
  }

  /** Accessors for every column (and 'a/b' paths at the top) over the current values. */
  private _define(target: object, d: Description, at: string[], top: boolean): void {
    for (const name of d.names) {
      const c = d.columns[name];
      const path = [...at, name];
      const get = (): unknown => this._get(path);
      const set = (v: unknown): void => this._set(path, v);
      // A column named like a member (append, get, ...) is reached with get/set only.
      if (top && name in this) continue;
      if (c instanceof Description) {
        const nested = {};
        this._define(nested, c, path, false);
        Object.defineProperty(target, name, { get: () => nested, enumerable: true });
      } else Object.defineProperty(target, name, { get, set, enumerable: true });
      if (top && c instanceof Description) this._definePaths(c, path);
    }
  }

  private _definePaths(d: Description, at: string[]): void {
    for (const name of d.names) {
      const c = d.columns[name];
      const path = [...at, name];
      if (c instanceof Description) this._definePaths(c, path);
      else
        Object.defineProperty(this, path.join('/'), {
          get: () => this._get(path),
          set: (v: unknown) => this._set(path, v),
        });
    }
  }

  private _get(path: string[]): unknown {
    let v: unknown = this._values;
    for (const p of path) v = (v as RowValues)[p];
    return v;
  }

  private _set(path: string[], value: unknown): void {
    let v = this._values;
    for (const p of path.slice(0, -1)) v = v[p] as RowValues;
    v[path[path.length - 1] as string] = value;
  }

  /** The current value of the column at `path` ('x', 'pos/y'; PyTables' `row['x']`). */
  get(path: string): unknown {
    return this._get(this._column(path));
  }

  /** Sets the column at `path` ('x', 'pos/y'; PyTables' `row['x'] = v`); checked when the row is written. */
  set(path: string, value: unknown): this {
    this._set(this._column(path), value);
    return this;
  }

  private _column(path: string): string[] {
    const c = typeof path === 'string' ? this._table.description._find(path) : undefined;
    if (!(c instanceof Col)) {
      throw new RangeError(
        `row of \`\`${this._table._path}\`\`: no column named '${String(path)}' (columns: ${this._table.colpathnames.join(', ')})`,
      );
    }
    return path.split('/');
  }

  /** Queues the current values as a new row and resets them to the defaults (PyTables' Row.append). */
  append(): void {
    this._table._check();
    this._table._file._checkWritable();
    this._pending.push(this._values);
    this._values = defaults(this._table.description);
    if (this._pending.length >= BLOCK_ROWS) this._flush();
  }

  /** How many appended rows wait to be written. */
  get pending(): number {
    return this._pending.length;
  }

  /** @internal Writes the queued rows (checked all together: on an error none is written, all are dropped). */
  _flush(): void {
    if (this._pending.length === 0) return;
    const rows = this._pending;
    this._pending = [];
    if (!this._table.isOpen) return;
    const rec = toRecords(this._table.description, rows, `row.append to \`\`${this._table._path}\`\``);
    if (rec) this._table._appendRecords(rec);
  }

  /** @internal Stops following the file (the table was removed). */
  _detach(): void {
    this._unregister();
  }

  /**
   * PyTables' str(row): `/t.row (Row), pointing to row #0` (PyTables' pointer is its read
   * position, which appending leaves at 0; this writer never reads).
   */
  toString(): string {
    return `${this._table._path}.row (Row), pointing to row #0`;
  }

  /** `util.inspect(row)`: the same as String(row). */
  [inspect.custom](): string {
    return this.toString();
  }
}
