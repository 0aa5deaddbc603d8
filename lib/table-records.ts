// A table's data between JavaScript and the binding's NativeRecords: what append and
// modifyRows take (row objects, row arrays in column order, or columns) checked and packed
// into one column per leaf field, and what reads return (columns keyed by name, nested
// objects for nested columns, or one row object per row).

import { Col, Description, colFill, type ColDType } from './description';
import { DTYPES, INTEGER_RANGES, int64Data, type DType, type Int64Mode, type TypedArray } from './dtype';
import { encodeFixedStrings } from './fixed-strings';
import type { NativeField, NativeRecords, NativeTypedArray } from './native';

/** A table's columns as read: one TypedArray or string[] per column, nested objects for nested columns. */
export interface TableColumns {
  [name: string]: TypedArray | string[] | TableColumns;
}

/** One column's value in a row: a number, bigint, boolean or string; a shaped column's cell as a TypedArray or string[]. */
export type TableCell = number | bigint | boolean | string | TypedArray | string[];

/** One row as iteration yields it: each column a property, nested columns as objects. */
export interface TableRow {
  [name: string]: TableCell | TableRow;
}

/** What append takes: row objects, row arrays in column order, or columns keyed by name. */
export type TableRowsInput =
  ReadonlyArray<Readonly<Record<string, unknown>> | readonly unknown[]> | Readonly<Record<string, unknown>>;

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function cellCount(c: Col): number {
  return c.shape.reduce((a, b) => a * b, 1);
}

/** The TypedArray class a column is stored in JavaScript (float16 in Float32Array, complex interleaved). */
function typedOf(dtype: ColDType): (new (n: number) => NativeTypedArray) | null {
  if (dtype === 'float16' || dtype === 'complex64') return Float32Array;
  if (dtype === 'complex128') return Float64Array;
  return DTYPES[dtype as DType].typed as (new (n: number) => NativeTypedArray) | null;
}

/** Values per cell element: 2 for complex (re, im), else 1. */
function width(c: Col): number {
  return c.dtype === 'complex64' || c.dtype === 'complex128' ? 2 : 1;
}

/** Writes checked values of one column into its packed output. */
interface Sink {
  out: NativeTypedArray | string[];
  /** Puts row `i`'s scalar element `k` of the cell. */
  put(index: number, value: unknown, where: () => string): void;
}

function makeSink(path: string, c: Col, n: number): Sink {
  const count = n * cellCount(c);
  const bad = (v: unknown, want: string, where: () => string): never => {
    throw new TypeError(
      `${where()}: column '${path}' must be ${want}, not ${typeName(v)}${typeof v === 'string' ? ` '${v}'` : ''}`,
    );
  };
  const range = (v: unknown, where: () => string): never => {
    throw new RangeError(
      `${where()}: ${String(v)} does not fit column '${path}' (${c.enum ? 'enum' : c.dtype})`,
    );
  };
  if (c.dtype === 'string') {
    const out = new Array<string>(count);
    const size = c.itemsize;
    return {
      out,
      put(i, v, where) {
        if (typeof v !== 'string') bad(v, 'a string', where);
        const s = v as string;
        if (s.length > size || (s.length * 3 > size && Buffer.byteLength(s, 'utf8') > size)) {
          throw new RangeError(
            `${where()}: the string '${s}' is longer than column '${path}''s ${size} bytes`,
          );
        }
        out[i] = s;
      },
    };
  }
  const Typed = typedOf(c.dtype) as new (n: number) => NativeTypedArray;
  const out = new Typed(count * width(c));
  if (c.enum) {
    const { names, values } = c.enum;
    const big = c.itemsize === 8;
    return {
      out,
      put(i, v, where) {
        let x: number;
        if (typeof v === 'string') {
          const at = names.indexOf(v);
          if (at < 0)
            throw new RangeError(
              `${where()}: '${v}' is not a name of column '${path}''s enum (${names.join(', ')})`,
            );
          x = values[at] as number;
        } else if (typeof v === 'number' && values.includes(v)) x = v;
        else return bad(v, `one of its enum's names or values`, where);
        if (big) (out as BigInt64Array)[i] = BigInt(x);
        else (out as Int32Array)[i] = x;
      },
    };
  }
  if (width(c) === 2) {
    const o = out as Float64Array;
    return {
      out,
      put(i, v, where) {
        if (typeof v === 'number') [o[2 * i], o[2 * i + 1]] = [v, 0];
        else if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
          [o[2 * i], o[2 * i + 1]] = [v[0], v[1]];
        } else bad(v, 'a number or [re, im]', where);
      },
    };
  }
  if (c.dtype === 'bool') {
    const o = out as Uint8Array;
    return {
      out,
      put(i, v, where) {
        if (typeof v !== 'boolean') bad(v, 'a boolean', where);
        o[i] = v ? 1 : 0;
      },
    };
  }
  const limits = INTEGER_RANGES[c.dtype as DType];
  if (limits && c.itemsize === 8) {
    const o = out as BigInt64Array;
    return {
      out,
      put(i, v, where) {
        let b: bigint;
        if (typeof v === 'bigint') b = v;
        else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
        else return typeof v === 'number' ? range(v, where) : bad(v, 'a bigint or an integer', where);
        if (b < limits[0] || b > limits[1]) range(v, where);
        o[i] = b;
      },
    };
  }
  const o = out as Float64Array;
  if (limits) {
    const [lo, hi] = [Number(limits[0]), Number(limits[1])];
    return {
      out,
      put(i, v, where) {
        if (typeof v !== 'number') bad(v, 'an integer', where);
        if (!Number.isInteger(v) || (v as number) < lo || (v as number) > hi) range(v, where);
        o[i] = v as number;
      },
    };
  }
  return {
    out,
    put(i, v, where) {
      if (typeof v !== 'number') bad(v, 'a number', where);
      o[i] = v as number;
    },
  };
}

/** Puts one row's cell (a scalar, or a shaped column's nested array / TypedArray) at row `r`. */
function putCell(sink: Sink, path: string, c: Col, r: number, v: unknown, where: () => string): void {
  const k = cellCount(c);
  if (c.shape.length === 0) {
    sink.put(r, v, where);
    return;
  }
  let flat: ArrayLike<unknown>;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) flat = v as unknown as ArrayLike<unknown>;
  else if (Array.isArray(v)) flat = flattenShaped(v, c.shape, path, where);
  else
    throw new TypeError(
      `${where()}: column '${path}' holds arrays of shape (${c.shape.join(', ')}), not ${typeName(v)}`,
    );
  if (flat.length !== k) {
    throw new RangeError(
      `${where()}: column '${path}' holds ${k} values per row (shape (${c.shape.join(', ')})), not ${flat.length}`,
    );
  }
  const bool = c.dtype === 'bool';
  for (let j = 0; j < k; j++) {
    const x = flat[j];
    sink.put(r * k + j, bool && typeof x === 'number' && ArrayBuffer.isView(v) ? x !== 0 : x, where);
  }
}

/** A nested array of `shape`, flattened; a wrong shape is a RangeError. */
function flattenShaped(v: unknown[], shape: readonly number[], path: string, where: () => string): unknown[] {
  const out: unknown[] = [];
  const visit = (x: unknown, d: number): void => {
    if (d === shape.length) {
      out.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw new RangeError(
        `${where()}: column '${path}' holds arrays of shape (${shape.join(', ')}); this one differs`,
      );
    }
    for (const y of x) visit(y, d + 1);
  };
  visit(v, 0);
  return out;
}

/** A leaf column of a description: its path, its Col, and how to find it in a row (names and indexes). */
interface Leaf {
  path: string;
  col: Col;
  /** [name, index among its siblings] from the top. */
  steps: Array<[string, number]>;
}

function leavesOf(desc: Description): Leaf[] {
  const out: Leaf[] = [];
  const visit = (d: Description, steps: Array<[string, number]>): void => {
    d.names.forEach((name, i) => {
      const c = d.columns[name];
      const here: Array<[string, number]> = [...steps, [name, i]];
      if (c instanceof Description) visit(c, here);
      else out.push({ path: here.map(([s]) => s).join('/'), col: c, steps: here });
    });
  };
  visit(desc, []);
  return out;
}

/** Checks a row (object or array) at one level: every column there, and nothing else. */
function checkRowLevel(row: unknown, d: Description, at: string, where: () => string): void {
  const inside = at === '' ? '' : ` in '${at}'`;
  if (Array.isArray(row)) {
    if (row.length !== d.names.length) {
      throw new RangeError(
        `${where()}: a row array needs ${d.names.length} values${inside} (${d.names.join(', ')}), not ${row.length}`,
      );
    }
  } else if (row !== null && typeof row === 'object') {
    for (const key of Object.keys(row)) {
      if (!Object.hasOwn(d.columns, key)) {
        throw new TypeError(
          `${where()}: unknown column '${at === '' ? key : `${at}/${key}`}'; the columns${inside} are ${d.names.join(', ')}`,
        );
      }
    }
    for (const name of d.names) {
      if ((row as Record<string, unknown>)[name] === undefined) {
        throw new TypeError(`${where()}: column '${at === '' ? name : `${at}/${name}`}' is missing`);
      }
    }
  } else if (at !== '') {
    throw new TypeError(
      `${where()}: '${at}' is a nested column: give an object (or an array) of its columns, not ${typeName(row)}`,
    );
  } else {
    throw new TypeError(
      `${where()}: a row must be an object or an array in column order, not ${typeName(row)}`,
    );
  }
  d.names.forEach((name, i) => {
    const c = d.columns[name];
    if (c instanceof Description) {
      const v = Array.isArray(row) ? row[i] : (row as Record<string, unknown>)[name];
      checkRowLevel(v, c, at === '' ? name : `${at}/${name}`, where);
    }
  });
}

function cellOf(row: unknown, steps: Array<[string, number]>): unknown {
  let v = row;
  for (const [name, i] of steps)
    v = Array.isArray(v) ? (v as unknown[])[i] : (v as Record<string, unknown>)[name];
  return v;
}

/**
 * @internal The records of `rows` (an array of row objects or of row arrays, or an object
 * of columns) for `desc`, every value checked first; null when there are no rows.
 * `what` names the call in messages.
 */
export function toRecords(desc: Description, rows: unknown, what: string): NativeRecords | null {
  const leaves = leavesOf(desc);
  let n: number;
  let columns: Array<NativeTypedArray | string[]>;
  if (Array.isArray(rows)) {
    n = rows.length;
    if (n === 0) return null;
    const sinks = leaves.map((l) => makeSink(l.path, l.col, n));
    for (let r = 0; r < n; r++) {
      const where = (): string => `${what}: row ${r}`;
      const row = rows[r] as unknown;
      checkRowLevel(row, desc, '', where);
      leaves.forEach((l, j) => putCell(sinks[j] as Sink, l.path, l.col, r, cellOf(row, l.steps), where));
    }
    columns = sinks.map((s, j) => packStrings(s.out, (leaves[j] as Leaf).col));
  } else if (rows !== null && typeof rows === 'object') {
    const got = columnsForm(desc, leaves, rows, what);
    if (got === null) return null;
    [n, columns] = got;
  } else {
    throw new TypeError(
      `${what}: the rows must be an array of rows or an object of columns, not ${typeName(rows)}`,
    );
  }
  return { dtype: 'compound', fields: desc._fields(), shape: [n], columns };
}

/** The columns form ({ x: Float64Array, name: string[] }): every column, all of one length. */
function columnsForm(
  desc: Description,
  leaves: Leaf[],
  cols: object,
  what: string,
): [number, Array<NativeTypedArray | string[]>] | null {
  const where = (): string => `${what}: the columns`;
  const check = (obj: unknown, d: Description, at: string): void => {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || ArrayBuffer.isView(obj)) {
      throw new TypeError(`${where()}: '${at}' is a nested column: give an object of its columns`);
    }
    for (const key of Object.keys(obj)) {
      if (!Object.hasOwn(d.columns, key)) {
        throw new TypeError(
          `${where()}: unknown column '${at === '' ? key : `${at}/${key}`}'; the columns are ${d.names.join(', ')}`,
        );
      }
    }
    for (const name of d.names) {
      const path = at === '' ? name : `${at}/${name}`;
      const v = (obj as Record<string, unknown>)[name];
      if (v === undefined) throw new TypeError(`${where()}: column '${path}' is missing`);
      const c = d.columns[name];
      if (c instanceof Description) check(v, c, path);
    }
  };
  check(cols, desc, '');
  let n: number | undefined;
  const given = leaves.map((l) => {
    const v = cellOf(cols, l.steps);
    const k = cellCount(l.col) * width(l.col);
    let rowsHere: number;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) rowsHere = (v as TypedArray).length / k;
    else if (Array.isArray(v)) rowsHere = v.length;
    else
      throw new TypeError(
        `${where()}: column '${l.path}' must be a TypedArray or an array, not ${typeName(v)}`,
      );
    if (!Number.isInteger(rowsHere)) {
      throw new RangeError(
        `${where()}: column '${l.path}' has ${(v as TypedArray).length} values, not a multiple of ${k} per row`,
      );
    }
    if (n !== undefined && rowsHere !== n) {
      throw new RangeError(`${where()}: column '${l.path}' has ${rowsHere} rows, the columns before it ${n}`);
    }
    n = rowsHere;
    return v;
  });
  if (!n) return null;
  const count = n;
  const columns = leaves.map((l, j) => {
    const v = given[j];
    const Typed = typedOf(l.col.dtype);
    // A TypedArray of the column's own class goes to the binding as it is (no copy).
    if (Typed && v instanceof Typed && (l.col.dtype !== 'bool' || allBits(v as Uint8Array)) && !l.col.enum) {
      return v as NativeTypedArray;
    }
    // A string[] of a scalar string column goes as its bytes, each string checked on the way.
    if (l.col.dtype === 'string' && l.col.shape.length === 0 && Array.isArray(v)) {
      return encodeFixedStrings(v as unknown[], l.col.itemsize, (r) =>
        rejectString((v as unknown[])[r], l.path, l.col, () => `${where()}: row ${r}`),
      );
    }
    const sink = makeSink(l.path, l.col, count);
    const arr = v as ArrayLike<unknown>;
    if (ArrayBuffer.isView(v)) {
      if (l.col.dtype === 'bool') {
        throw new TypeError(
          `${where()}: the bool column '${l.path}' takes a Uint8Array of 0 and 1 or booleans, not ${(v as object).constructor.name}`,
        );
      }
      if (!l.col.enum || width(l.col) === 2) {
        throw new TypeError(
          `${where()}: column '${l.path}' (${l.col.dtype}) takes a ${Typed?.name ?? 'string[]'} or an array, not ${(v as object).constructor.name}`,
        );
      }
      for (let i = 0; i < arr.length; i++) sink.put(i, Number(arr[i]), () => `${where()}: row ${i}`);
    } else {
      for (let r = 0; r < count; r++) putCell(sink, l.path, l.col, r, arr[r], () => `${where()}: row ${r}`);
    }
    return packStrings(sink.out, l.col);
  });
  return [count, columns];
}

/**
 * A string column's checked strings as the bytes the binding takes (one Uint8Array of
 * itemsize-byte elements: no string crosses into the binding one by one); other columns as
 * they are.
 */
function packStrings(out: NativeTypedArray | string[], c: Col): NativeTypedArray {
  if (!Array.isArray(out)) return out;
  return encodeFixedStrings(out, c.itemsize, (r) => rejectString(out[r], '', c, () => `row ${r}`));
}

/** Throws the error append gives for string `s` of column `path` (not a string, or too long). */
function rejectString(s: unknown, path: string, c: Col, where: () => string): never {
  makeSink(path, c, 1).put(0, s, where);
  throw new RangeError(`${where()}: column '${path}' cannot hold ${String(s)}`);
}

function allBits(a: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > 1) return false;
  return true;
}

/** @internal `n` rows of every column's default, as records (new rows the binding fills otherwise). */
export function defaultRecords(desc: Description, n: number): NativeRecords {
  const columns = leavesOf(desc).map((l) => colFill(l.col, n));
  return { dtype: 'compound', fields: desc._fields(), shape: [n], columns };
}

/**
 * @internal Read records as columns keyed by name (nested objects for nested fields),
 * int64 as `mode` wants it.
 */
export function recordsToColumns(rec: NativeRecords, mode: Int64Mode, path: string): TableColumns {
  let j = 0;
  const build = (fields: readonly NativeField[], at: string): TableColumns => {
    const out: TableColumns = {};
    for (const f of fields) {
      const p = at === '' ? f.name : `${at}/${f.name}`;
      if (f.dtype === 'compound') out[f.name] = build(f.fields ?? [], p);
      else {
        const data = rec.columns[j++] as TypedArray | string[];
        out[f.name] = int64Data(data, mode, () => `column '${p}' of \`\`${path}\`\``);
      }
    }
    return out;
  };
  return build(rec.fields, '');
}

/**
 * @internal One row object per record: scalar columns as JavaScript values (bool as
 * boolean), shaped columns as a TypedArray (string[]) of the cell, nested columns as objects.
 */
export function columnsToRows(desc: Description, cols: TableColumns, n: number): TableRow[] {
  const rows: TableRow[] = Array.from({ length: n }, () => ({}));
  const visit = (d: Description, c: TableColumns, target: (r: number) => TableRow): void => {
    for (const name of d.names) {
      const col = d.columns[name];
      const data = c[name];
      if (col instanceof Description) {
        for (let r = 0; r < n; r++) target(r)[name] = {};
        visit(col, data as TableColumns, (r) => target(r)[name] as TableRow);
        continue;
      }
      const k = cellCount(col) * width(col);
      const arr = data as TypedArray | string[];
      const bool = col.dtype === 'bool';
      for (let r = 0; r < n; r++) {
        let v: TableCell;
        if (col.shape.length === 0 && k === 1) v = bool ? arr[r] !== 0 : (arr[r] as TableCell);
        else v = arr.slice(r * k, (r + 1) * k) as TypedArray | string[];
        target(r)[name] = v;
      }
    }
  };
  visit(desc, cols, (r) => rows[r] as TableRow);
  return rows;
}
