// table.cols (PyTables' Cols and Column): the columns by name, each read on its own
// (`table.cols.x.read()`, `table.cols.x[0]`), nested columns as Cols.

import { inspect } from 'node:util';

import { Col, Description } from './description';
import type { ReadResult } from './dtype';
import type { Table } from './table';
import type { TableColumns } from './table-records';
import { pyTuple } from './pyrepr';

/** numpy's name of a column's dtype, as PyTables prints it in Cols: 'int32', '|S8', ('<f8', (2,)). */
function numpyName(c: Col): string {
  const { dtype, itemsize } = c;
  const str =
    dtype === 'string'
      ? `|S${itemsize}`
      : dtype === 'bool'
        ? '|b1'
        : `${itemsize === 1 ? '|' : '<'}${dtype.startsWith('u') ? 'u' : dtype.startsWith('int') ? 'i' : dtype.startsWith('complex') ? 'c' : 'f'}${itemsize}`;
  if (c.shape.length > 0) return `('${str}', ${pyTuple([...c.shape])})`;
  return dtype === 'string' ? str : dtype;
}

/**
 * One column of a table (PyTables' `Column`): `read(start, stop, step)` reads it as
 * `table.read(start, stop, step, name)` does; `column[i]` is row i's value.
 */
export class Column {
  /** @internal */
  readonly _table: Table;
  /** The column's path in the table ('x', 'pos/y'). */
  readonly pathname: string;
  /** @internal */
  readonly _col: Col;
  /** Row i's value (`column[i]`, a negative i counts from the end). */
  readonly [index: number]: unknown;

  /** @internal Use `table.cols.x`. */
  constructor(table: Table, pathname: string, col: Col) {
    this._table = table;
    this.pathname = pathname;
    this._col = col;
    return new Proxy(this, {
      get(target, key, receiver): unknown {
        if (typeof key === 'string' && /^-?\d+$/.test(key)) return target._at(Number(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  }

  /** The column's name (the last part of its path). */
  get name(): string {
    return this.pathname.split('/').pop() as string;
  }

  /** The element type ('int32', 'string', ...). */
  get dtype(): string {
    return this._col.dtype;
  }

  /** PyTables' type ('enum' for an EnumCol). */
  get type(): string {
    return this._col.type;
  }

  /** [nrows, ...the column's own shape]. */
  get shape(): number[] {
    return [this._table.nrows, ...this._col.shape];
  }

  /** Reads rows of this column (PyTables' Column.read / slicing). */
  read(start?: number | null, stop?: number | null, step?: number | null): ReadResult {
    return this._table.read(start, stop, step, this.pathname) as ReadResult;
  }

  /** Row i's value: a number, bigint, boolean or string; a shaped column's cell as an array. */
  private _at(i: number): unknown {
    const n = this._table.nrows;
    if (i >= n || i < -n) throw new RangeError(`index ${i} out of range for a column of ${n} rows`);
    const { data } = this.read(i < 0 ? i + n : i);
    if (this._col.shape.length > 0) return data;
    const v = (data as ArrayLike<unknown>)[0];
    return this._col.dtype === 'bool' ? v !== 0 : v;
  }

  /** PyTables' str(): `/t.cols.x (Column(3,), int32, idx=None)`. */
  toString(): string {
    // PyTables prints the column's type here ('float64', 'string', 'enum'), numpy's name in Cols.
    return `${this._table._path}.cols.${this.pathname.replaceAll('/', '.')} (Column${pyTuple(this.shape)}, ${this._col.type}, idx=None)`;
  }

  /** `util.inspect(column)`: the same as String(column). */
  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A table's columns (PyTables' `Cols`): each top-level column a property (`cols.x`, a
 * Column), nested columns as Cols (`cols.pos.y`); `col(path)` reaches any by path.
 */
export class Cols {
  /** @internal */
  readonly _table: Table;
  /** @internal */
  readonly _desc: Description;
  /** Each column by name. */
  readonly [name: string]: unknown;

  /** @internal Use `table.cols`. */
  static _of(table: Table, desc: Description): Cols {
    return new Cols(table, desc);
  }

  private constructor(table: Table, desc: Description) {
    this._table = table;
    this._desc = desc;
    for (const name of desc.names) {
      const c = desc.columns[name];
      const path = desc.pathname === '' ? name : `${desc.pathname}/${name}`;
      const value = c instanceof Description ? new Cols(table, c) : new Column(table, path, c as Col);
      if (!(name in this)) Object.defineProperty(this, name, { value, enumerable: true });
    }
  }

  /** The column (or nested Cols) at a path ('x', 'pos/y'), PyTables' `_f_col`. */
  col(path: string): Column | Cols {
    const full = this._desc.pathname === '' ? path : `${this._desc.pathname}/${path}`;
    const c = this._table.description._find(full);
    if (!c) throw new RangeError(`no column named '${path}' in \`\`${this._table._path}\`\``);
    return c instanceof Description ? new Cols(this._table, c) : new Column(this._table, full, c);
  }

  /** The column names at this level. */
  get names(): string[] {
    return [...this._desc.names];
  }

  /** Reads these columns (the table's read of this nested column, or of every column). */
  read(start?: number | null, stop?: number | null, step?: number | null): TableColumns {
    const field = this._desc.pathname === '' ? null : this._desc.pathname;
    return this._table.read(start, stop, step, field) as TableColumns;
  }

  private _where(): string {
    // PyTables keeps the '/' of a nested path here (`/t.cols.pos/deep`), unlike Column's str.
    return `${this._table._path}.cols${this._desc.pathname === '' ? '' : `.${this._desc.pathname}`}`;
  }

  /** PyTables' str(): `/t.cols (Cols), 5 columns`. */
  toString(): string {
    return `${this._where()} (Cols), ${this._desc.names.length} columns`;
  }

  /** PyTables' repr(): its str, then one line per column. */
  [inspect.custom](): string {
    const n = this._table.nrows;
    const lines = this._desc.names.map((name) => {
      const c = this._desc.columns[name];
      if (c instanceof Description) return `  ${name} (Cols(), Description)`;
      const col = c as Col;
      return `  ${name} (Column${pyTuple([n, ...col.shape])}, ${numpyName(col)})`;
    });
    return `${this.toString()}\n${lines.join('\n')}\n`;
  }
}
