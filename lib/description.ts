// Table descriptions (PyTables' tables.description): the Col helpers (`Int32Col()`,
// `StringCol(16)`, `Float64Col({ shape: [2], pos: 0 })`, `EnumCol(...)`), and Description,
// the ordered, nested set of a table's columns made from a plain object of them.
//
// A Description makes the compound type PyTables makes for the same columns: their order
// is PyTables' (columns with a `pos` by pos then name, the others by name after them), and
// it gives the binding's NativeField[] and the fill record (the columns' defaults).

import { inspect } from 'node:util';

import { DTYPES, INTEGER_RANGES, type DType } from './dtype';
import { Enum } from './enum';
import type { NativeDType, NativeField, NativeRecords, NativeTypedArray } from './native';
import { checkOptions, type OptionTable } from './options';
import { pyBytes, pyFloat, pyStr, pyTuple } from './pyrepr';

/** A column's element type: the leaf dtypes, plus complex and half floats (PyTables' ComplexCol, Float16Col). */
export type ColDType = DType | 'complex64' | 'complex128' | 'float16';

/** A column's default: a number (bigint for int64/uint64), boolean, string, [re, im] for complex, an enum's name. */
export type ColDefault = number | bigint | boolean | string | readonly [number, number];

/** The options of every Col helper (PyTables' `shape`, `dflt` and `pos`). */
export interface ColOptions {
  /** The column's own shape (each cell an array of it); a number n means [n]; default [] (a scalar). */
  shape?: number | readonly number[];
  /** The default value of new rows: 0, 0n, false, '' or [0, 0] unless given. */
  dflt?: ColDefault;
  /** The column's position among its siblings; columns without one follow, by name. */
  pos?: number;
}

/** EnumCol's options: its base integer type as well. */
export interface EnumColOptions extends Omit<ColOptions, 'dflt'> {
  /** The stored integer type (PyTables' base): 'uint8' ... 'int64'; default 'uint32'. */
  base?: DType;
}

/** An enum's names and values (PyTables' Enum), in the order given. */
export interface EnumMap {
  /** The member names, in order. */
  names: readonly string[];
  /** Each name's value, in the names' order. */
  values: readonly number[];
}

interface TypeRow {
  col: string;
  itemsize: number;
  /** numpy's type code in Description's str(): 'i4', 'f8', 'b1', 'S' (+ itemsize). */
  code: string;
  kind: 'int' | 'float' | 'bool' | 'string' | 'complex';
}

const COMPLEX_ROWS: Record<'complex64' | 'complex128' | 'float16', TypeRow> = {
  complex64: { col: 'ComplexCol', itemsize: 8, code: 'c8', kind: 'complex' },
  complex128: { col: 'ComplexCol', itemsize: 16, code: 'c16', kind: 'complex' },
  float16: { col: 'Float16Col', itemsize: 2, code: 'f2', kind: 'float' },
};

function typeRow(dtype: ColDType): TypeRow {
  if (dtype in COMPLEX_ROWS) return COMPLEX_ROWS[dtype as keyof typeof COMPLEX_ROWS];
  const row = DTYPES[dtype as DType];
  const code =
    row.kind === 'bool'
      ? 'b1'
      : row.kind === 'string'
        ? 'S'
        : `${dtype.startsWith('u') ? 'u' : row.kind === 'float' ? 'f' : 'i'}${row.itemsize}`;
  return { col: row.atom.replace(/Atom$/, 'Col'), itemsize: row.itemsize, code, kind: row.kind };
}

function isColDType(v: unknown): v is ColDType {
  return typeof v === 'string' && (Object.hasOwn(DTYPES, v) || Object.hasOwn(COMPLEX_ROWS, v));
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function colShape(shape: unknown, what: string): number[] {
  const dims = shape === undefined ? [] : typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(dims)) throw new TypeError(`${what}: shape must be a number or an array of numbers`);
  for (const n of dims) {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
      throw new RangeError(`${what}: shape must hold integers >= 1, not ${String(n)}`);
    }
  }
  return [...(dims as number[])];
}

function colPos(pos: unknown, what: string): number | null {
  if (pos === undefined || pos === null) return null;
  if (typeof pos !== 'number' || !Number.isSafeInteger(pos) || pos < 0) {
    throw new TypeError(`${what}: pos must be an integer >= 0, not ${String(pos)}`);
  }
  return pos;
}

/** The default checked against the type (int64 to bigint, float32 rounded). */
function colDefault(dtype: ColDType, itemsize: number, dflt: unknown, what: string): ColDefault {
  const bad = (want: string): never => {
    throw new TypeError(`${what}: dflt must be ${want}, not ${typeName(dflt)}`);
  };
  const outOfRange = (): never => {
    throw new RangeError(`${what}: dflt ${String(dflt)} does not fit a ${dtype} column`);
  };
  const kind = typeRow(dtype).kind;
  if (kind === 'complex') {
    if (dflt === undefined) return [0, 0];
    if (typeof dflt === 'number') return [dflt, 0];
    if (Array.isArray(dflt) && dflt.length === 2 && dflt.every((x) => typeof x === 'number')) {
      return [dflt[0] as number, dflt[1] as number];
    }
    return bad('a number or [re, im]');
  }
  if (kind === 'string') {
    if (dflt === undefined) return '';
    if (typeof dflt !== 'string') return bad('a string');
    if (Buffer.byteLength(dflt, 'utf8') > itemsize) outOfRange();
    return dflt;
  }
  if (kind === 'bool') {
    if (dflt === undefined) return false;
    return typeof dflt === 'boolean' ? dflt : bad('a boolean');
  }
  const range = INTEGER_RANGES[dtype as DType];
  if (range && itemsize === 8) {
    if (dflt === undefined) return 0n;
    if (typeof dflt === 'number' && !Number.isSafeInteger(dflt)) outOfRange();
    const v =
      typeof dflt === 'bigint' || typeof dflt === 'number' ? BigInt(dflt) : bad('a bigint or an integer');
    return v < range[0] || v > range[1] ? outOfRange() : v;
  }
  if (dflt === undefined) return 0;
  if (typeof dflt !== 'number') return bad('a number');
  if (range) {
    return Number.isInteger(dflt) && dflt >= Number(range[0]) && dflt <= Number(range[1])
      ? dflt
      : outOfRange();
  }
  return dtype === 'float32' || dtype === 'float16' ? Math.fround(dflt) : dflt;
}

/** Python's repr of a complex number: 0j, (1+2j), 1.5j. */
function pyComplex(re: number, im: number): string {
  const part = (x: number): string => {
    const s = pyFloat(x);
    return s.endsWith('.0') ? s.slice(0, -2) : s;
  };
  if (re === 0 && !Object.is(re, -0)) return `${part(im)}j`;
  const sign = im < 0 || Object.is(im, -0) ? '-' : '+';
  return `(${part(re)}${sign}${part(Math.abs(im))}j)`;
}

/**
 * One column of a table (PyTables' `tables.Col`): its type, size, own shape, default and
 * position. Made by the helpers (`Int32Col()`, `StringCol(16)`, `EnumCol(...)`) and
 * immutable. `String(col)` is PyTables' repr, e.g. `Int32Col(shape=(), dflt=0, pos=None)`.
 */
export class Col {
  /** The element type ('int32', 'string', 'complex128', ...; an enum's is its base integer type). */
  declare readonly dtype: ColDType;
  /** Bytes of one element (strings: the fixed size). */
  declare readonly itemsize: number;
  /** The column's own shape ([] for a scalar column). */
  declare readonly shape: readonly number[];
  /** The default of new rows (an enum's: the name). */
  declare readonly dflt: ColDefault;
  /** The position given (or, in a Description, the one it has there); null when not given. */
  declare readonly pos: number | null;
  /** An EnumCol's names and values; undefined for other columns. */
  declare readonly enum: EnumMap | undefined;

  /** @internal Use the helpers (`Int32Col()`, ...). */
  constructor(
    dtype: ColDType,
    props: { itemsize: number; shape: number[]; dflt: ColDefault; pos: number | null; enum?: EnumMap },
  ) {
    Object.assign(this, { dtype, ...props, shape: Object.freeze(props.shape), enum: props.enum });
    Object.freeze(this);
  }

  /** PyTables' type name: the dtype, 'enum' for an EnumCol. */
  get type(): string {
    return this.enum ? 'enum' : this.dtype;
  }

  /** @internal This column at another position. */
  _at(pos: number): Col {
    const { itemsize, shape, dflt } = this;
    return new Col(this.dtype, { itemsize, shape: [...shape], dflt, pos, enum: this.enum });
  }

  /** @internal The default's repr (Python's). */
  _dfltRepr(): string {
    const d = this.dflt;
    if (Array.isArray(d)) return pyComplex(d[0] as number, d[1] as number);
    if (this.enum) return pyStr(d as string);
    if (typeof d === 'string') return pyBytes(Buffer.from(d, 'utf8'));
    if (typeof d === 'boolean') return d ? 'True' : 'False';
    if (typeof d === 'number' && typeRow(this.dtype).kind === 'float') {
      return pyFloat(d, this.dtype === 'float32');
    }
    return String(d);
  }

  /** @internal numpy's short type of the column in Description's str(): '()i4', '(2,)f8', '()S8'. */
  _code(): string {
    const { code } = typeRow(this.dtype);
    return `${pyTuple([...this.shape])}${code === 'S' ? `S${this.itemsize}` : code}`;
  }

  /** PyTables' repr(): `Float64Col(shape=(2,), dflt=0.0, pos=0)`. */
  toString(): string {
    const shape = pyTuple([...this.shape]);
    const pos = this.pos === null ? 'None' : String(this.pos);
    if (this.enum) {
      const items = this.enum.names.map((n, i) => `${pyStr(n)}: ${this.enum?.values[i]}`).join(', ');
      const base = DTYPES[this.dtype as DType].atom;
      return `EnumCol(enum=Enum({${items}}), dflt=${this._dfltRepr()}, base=${base}(shape=(), dflt=0), shape=${shape}, pos=${pos})`;
    }
    const row = typeRow(this.dtype);
    const size = row.kind === 'string' || row.kind === 'complex' ? `itemsize=${this.itemsize}, ` : '';
    return `${row.col}(${size}shape=${shape}, dflt=${this._dfltRepr()}, pos=${pos})`;
  }

  /** `util.inspect(col)`: the same as String(col). */
  [inspect.custom](): string {
    return this.toString();
  }
}

const COL_OPTIONS: OptionTable = { shape: () => undefined, dflt: () => undefined, pos: () => undefined };

/** @internal A column of `dtype` from a helper's options. */
export function makeCol(
  dtype: ColDType,
  options: ColOptions | undefined,
  what: string,
  itemsize?: number,
): Col {
  checkOptions(options ?? {}, COL_OPTIONS, what);
  const opts = options ?? {};
  const size = itemsize ?? typeRow(dtype).itemsize;
  return new Col(dtype, {
    itemsize: size,
    shape: colShape(opts.shape, what),
    dflt: colDefault(dtype, size, opts.dflt, what),
    pos: colPos(opts.pos, what),
  });
}

/** A helper for a column type: `Int32Col()`, `Float64Col({ shape: [2], pos: 0 })`. */
export type ColHelper = (options?: ColOptions) => Col;

function helper(dtype: ColDType, name: string): ColHelper {
  const make = (options?: ColOptions): Col => makeCol(dtype, options, name);
  Object.defineProperty(make, 'name', { value: name });
  return make;
}

/** An 8-bit signed integer column (PyTables' Int8Col). */
export const Int8Col = helper('int8', 'Int8Col');
/** An 8-bit unsigned integer column (PyTables' UInt8Col). */
export const UInt8Col = helper('uint8', 'UInt8Col');
/** A 16-bit signed integer column (PyTables' Int16Col). */
export const Int16Col = helper('int16', 'Int16Col');
/** A 16-bit unsigned integer column (PyTables' UInt16Col). */
export const UInt16Col = helper('uint16', 'UInt16Col');
/** A 32-bit signed integer column (PyTables' Int32Col). */
export const Int32Col = helper('int32', 'Int32Col');
/** A 32-bit unsigned integer column (PyTables' UInt32Col). */
export const UInt32Col = helper('uint32', 'UInt32Col');
/** A 64-bit signed integer column (PyTables' Int64Col); its values are bigints. */
export const Int64Col = helper('int64', 'Int64Col');
/** A 64-bit unsigned integer column (PyTables' UInt64Col); its values are bigints. */
export const UInt64Col = helper('uint64', 'UInt64Col');
/** A half-precision float column (PyTables' Float16Col), read into Float32Array. */
export const Float16Col = helper('float16', 'Float16Col');
/** A 32-bit float column (PyTables' Float32Col). */
export const Float32Col = helper('float32', 'Float32Col');
/** A 64-bit float column (PyTables' Float64Col). */
export const Float64Col = helper('float64', 'Float64Col');
/** A single-precision complex column (PyTables' ComplexCol(itemsize=8)): interleaved re, im in a Float32Array. */
export const Complex64Col = helper('complex64', 'Complex64Col');
/** A double-precision complex column (PyTables' ComplexCol(itemsize=16)): interleaved re, im in a Float64Array. */
export const Complex128Col = helper('complex128', 'Complex128Col');
/** A boolean column (PyTables' BoolCol), one byte per value. */
export const BoolCol = helper('bool', 'BoolCol');

/** A complex column of `itemsize` bytes, 8 (complex64) or 16 (complex128), as PyTables' ComplexCol(itemsize). */
export function ComplexCol(itemsize: 8 | 16, options?: ColOptions): Col {
  if (itemsize !== 8 && itemsize !== 16) {
    throw new TypeError(
      `ComplexCol: itemsize must be 8 (complex64) or 16 (complex128), not ${String(itemsize)}`,
    );
  }
  return makeCol(itemsize === 8 ? 'complex64' : 'complex128', options, 'ComplexCol');
}

/** A fixed-length string column of `itemsize` bytes (PyTables' StringCol; numpy's `S<itemsize>`). */
export function StringCol(itemsize: number, options?: ColOptions): Col {
  if (typeof itemsize !== 'number' || !Number.isSafeInteger(itemsize) || itemsize < 1) {
    throw new TypeError(`StringCol: itemsize must be an integer >= 1, not ${String(itemsize)}`);
  }
  return makeCol('string', options, 'StringCol', itemsize);
}

const ENUM_OPTIONS: OptionTable = { shape: () => undefined, pos: () => undefined, base: 'string' };

/**
 * An enumerated column (PyTables' EnumCol): `enumDef` is the names (valued 0, 1, ... in
 * order), an object of name → integer value, or an Enum; `dflt` is the default's name; `base` the
 * stored integer type (default 'uint32'). Its values read as the base integers.
 */
export function EnumCol(
  enumDef: readonly string[] | Readonly<Record<string, number>> | Enum,
  dflt: string,
  options?: EnumColOptions,
): Col {
  const what = 'EnumCol';
  checkOptions(options ?? {}, ENUM_OPTIONS, what);
  const base = options?.base ?? 'uint32';
  const range = INTEGER_RANGES[base];
  if (!range)
    throw new TypeError(`${what}: base must be an integer dtype ('uint8' ... 'int64'), not '${base}'`);
  let names: string[];
  let values: number[];
  if (enumDef instanceof Enum) {
    names = [...enumDef.names];
    values = [...enumDef.values];
  } else if (Array.isArray(enumDef)) {
    names = [...(enumDef as string[])];
    values = names.map((_, i) => i);
  } else if (enumDef !== null && typeof enumDef === 'object') {
    names = Object.keys(enumDef);
    values = Object.values(enumDef as Record<string, unknown>) as number[];
  } else {
    throw new TypeError(`${what}: the enum must be an array of names or an object of name: value`);
  }
  if (names.length === 0) throw new RangeError(`${what}: the enum needs at least one name`);
  names.forEach((n, i) => {
    const v = values[i];
    if (typeof n !== 'string') throw new TypeError(`${what}: enum names must be strings`);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < Number(range[0]) || v > Number(range[1])) {
      throw new RangeError(
        `${what}: the value of ${pyStr(n)} must be an integer that fits ${base}, not ${String(v)}`,
      );
    }
  });
  if (new Set(values).size !== values.length) throw new RangeError(`${what}: enum values must be distinct`);
  if (typeof dflt !== 'string' || !names.includes(dflt)) {
    throw new TypeError(
      `${what}: dflt must be one of the enum's names (${names.map(pyStr).join(', ')}), not ${String(dflt)}`,
    );
  }
  return new Col(base, {
    itemsize: DTYPES[base].itemsize,
    shape: colShape(options?.shape, what),
    dflt,
    pos: colPos(options?.pos, what),
    enum: Object.freeze({ names: Object.freeze(names), values: Object.freeze(values) }),
  });
}

/** A description as given: column names to Cols, dtype names, or nested objects of the same. */
export interface DescriptionInput {
  [name: string]: Col | ColDType | `S${number}` | Description | DescriptionInput | number | undefined;
}

/**
 * The columns of a table or of a nested column (PyTables' `tables.Description`), in
 * PyTables' order. `String(d)` is PyTables' str (`Description([('x', '()f8'), ...])`),
 * `util.inspect(d)` its repr (the `{ "x": Float64Col(...), ... }` block).
 */
export class Description {
  /** The column names, in order (PyTables' `_v_names`). */
  declare readonly names: readonly string[];
  /** Each column by name: a Col, or a Description for a nested column (`_v_colobjects`). */
  declare readonly columns: Readonly<Record<string, Col | Description>>;
  /** The path of this nested column ('' for a table's own description). */
  declare readonly pathname: string;
  /** Its position among its siblings (0 for a table's own description). */
  declare readonly pos: number;
  /** How deep it is nested (0 for a table's own description). */
  declare readonly nestedlvl: number;

  /** @internal Use describe() / a table's `description`. */
  constructor(names: string[], columns: Record<string, Col | Description>, pathname: string, pos: number) {
    const nestedlvl = pathname === '' ? 0 : pathname.split('/').length;
    Object.assign(this, {
      names: Object.freeze(names),
      columns: Object.freeze(columns),
      pathname,
      pos,
      nestedlvl,
    });
    Object.freeze(this);
  }

  /** The leaf columns' paths ('a', 'n/r', 'n/p/q'), breadth first as PyTables walks them (`_v_pathnames` of Cols). */
  get colpathnames(): string[] {
    return this._walkCols().map(([path]) => path);
  }

  /** @internal The leaf columns with their paths, breadth first (PyTables' _f_walk('Col')). */
  _walkCols(): Array<[string, Col]> {
    const out: Array<[string, Col]> = [];
    const queue: Description[] = [this];
    for (let d = queue.shift(); d; d = queue.shift()) {
      for (const name of d.names) {
        const c = d.columns[name];
        if (c instanceof Description) queue.push(c);
        else out.push([d.pathname === '' ? name : `${d.pathname}/${name}`, c]);
      }
    }
    return out;
  }

  /** @internal The leaf columns with their paths, depth first (the stored order, the binding's columns). */
  _leaves(): Array<[string, Col]> {
    const out: Array<[string, Col]> = [];
    const visit = (d: Description): void => {
      for (const name of d.names) {
        const c = d.columns[name];
        if (c instanceof Description) visit(c);
        else out.push([d.pathname === '' ? name : `${d.pathname}/${name}`, c]);
      }
    };
    visit(this);
    return out;
  }

  /** @internal The column (or nested description) at a '/'-joined path; undefined if none. */
  _find(path: string): Col | Description | undefined {
    const [head, ...rest] = path.split('/') as [string, ...string[]];
    const c = Object.hasOwn(this.columns, head) ? this.columns[head] : undefined;
    if (rest.length === 0 || c === undefined) return c;
    return c instanceof Description ? c._find(rest.join('/')) : undefined;
  }

  /** Bytes of one row (PyTables' rowsize): every column packed. */
  get size(): number {
    return this._leaves().reduce((n, [, c]) => n + c.shape.reduce((a, b) => a * b, c.itemsize), 0);
  }

  /** @internal The binding's fields for this description, in order. */
  _fields(): NativeField[] {
    return this.names.map((name): NativeField => {
      const c = this.columns[name];
      if (c instanceof Description) return { name, dtype: 'compound', fields: c._fields(), shape: [] };
      const field: NativeField = { name, dtype: c.dtype as NativeDType, shape: [...c.shape] };
      if (c.dtype === 'string') field.itemsize = c.itemsize;
      if (c.enum) {
        // PyTables stores the default's member first, then the others in their order.
        const { names, values } = c.enum;
        const first = names.indexOf(c.dflt as string);
        const order = [first, ...names.map((_, i) => i).filter((i) => i !== first)];
        field.enum = {
          names: order.map((i) => names[i] as string),
          values: order.map((i) => values[i] as number),
        };
      }
      return field;
    });
  }

  /** @internal One record of every column's default (the dataset's fill value). */
  _fillRecord(): NativeRecords {
    const columns = this._leaves().map(([, c]) => colFill(c, 1));
    return { dtype: 'compound', fields: this._fields(), shape: [], columns };
  }

  /** PyTables' str(): `Description([('x', '(2,)f8'), ('pos', [('a', '()u1')])])`. */
  toString(): string {
    return `Description(${this._nested()})`;
  }

  private _nested(): string {
    const items = this.names.map((name) => {
      const c = this.columns[name];
      return `(${pyStr(name)}, ${c instanceof Description ? c._nested() : pyStr(c._code())})`;
    });
    return `[${items.join(', ')}]`;
  }

  /** PyTables' repr(): the `{ "name": Col(...), ... }` block, nested columns indented. */
  [inspect.custom](): string {
    const indent = '  '.repeat(this.nestedlvl);
    const rep = this.names.map((k) => {
      const c = this.columns[k];
      return `${indent}"${k}": ${c instanceof Description ? c[inspect.custom]() : c.toString()}`;
    });
    return `{\n  ${rep.join(',\n  ')}}`;
  }
}

/** @internal `n` rows of a column's default, as the binding takes a column. */
export function colFill(c: Col, n: number): NativeTypedArray | string[] {
  const count = n * c.shape.reduce((a, b) => a * b, 1);
  const d = c.dflt;
  if (c.dtype === 'string') return new Array<string>(count).fill(d as string);
  if (c.enum) {
    const v = c.enum.values[c.enum.names.indexOf(d as string)];
    const Typed = DTYPES[c.dtype as DType].typed as new (n: number) => NativeTypedArray;
    const out = new Typed(count);
    return c.dtype === 'int64' || c.dtype === 'uint64'
      ? (out as BigInt64Array).fill(BigInt(v))
      : (out as Int32Array).fill(v);
  }
  if (Array.isArray(d)) {
    const out = c.dtype === 'complex64' ? new Float32Array(count * 2) : new Float64Array(count * 2);
    for (let i = 0; i < count; i++) [out[2 * i], out[2 * i + 1]] = [d[0] as number, d[1] as number];
    return out;
  }
  const Typed = (c.dtype === 'float16' ? Float32Array : DTYPES[c.dtype as DType].typed) as new (
    n: number,
  ) => NativeTypedArray;
  const out = new Typed(count);
  if (typeof d === 'bigint') (out as BigInt64Array).fill(d);
  else (out as Float64Array).fill(typeof d === 'boolean' ? Number(d) : (d as number));
  return out;
}

/** A dtype string of a description: 'int32', 'float64', 'bool', 'complex128', or 'S8' for 8-byte strings. */
function colFromString(s: string, what: string): Col {
  const m = /^S([1-9]\d*)$/.exec(s);
  if (m) return StringCol(Number(m[1]));
  if (s === 'string')
    throw new TypeError(`${what}: the dtype 'string' needs an itemsize: use StringCol(n) or 'S<n>'`);
  if (isColDType(s)) return makeCol(s, undefined, what);
  throw new TypeError(`${what}: unknown dtype '${s}' (use 'int32', 'float64', 'bool', 'S8', ... or a Col)`);
}

function checkColName(name: string, what: string): void {
  if (name === '' || name.includes('/') || name.startsWith('_v_')) {
    throw new RangeError(
      `${what}: ${pyStr(name)} is not a valid column name (empty, contains '/', or starts with '_v_')`,
    );
  }
}

/**
 * @internal A Description from what createTable takes: a Description, or an object of
 * Cols, dtype strings and nested objects (a nested object's `_v_pos` is its position).
 */
export function describe(input: unknown, what: string, pathname = '', pos = 0): Description {
  if (input instanceof Description && pathname === '') return input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new TypeError(
      `${what}: the description must be an object of columns ({ x: Float64Col(), name: StringCol(8) }), not ${typeName(input)}`,
    );
  }
  const withPos: Array<[number, string, Col | Description | DescriptionInput]> = [];
  const noPos: Array<[string, Col | Description | DescriptionInput]> = [];
  for (const [name, value] of Object.entries(input)) {
    if (name === '_v_pos') continue;
    checkColName(name, what);
    const path = pathname === '' ? name : `${pathname}/${name}`;
    let item: Col | Description | DescriptionInput;
    let p: number | null;
    if (value instanceof Col) [item, p] = [value, value.pos];
    else if (value instanceof Description) [item, p] = [value, value.pos];
    else if (typeof value === 'string') [item, p] = [colFromString(value, `${what}: column '${path}'`), null];
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      [item, p] = [
        value as DescriptionInput,
        colPos((value as DescriptionInput)._v_pos, `${what}: '${path}/_v_pos'`),
      ];
    } else {
      throw new TypeError(
        `${what}: column '${path}' must be a Col (Int32Col(), StringCol(8), ...), a dtype name or a nested object, not ${typeName(value)}`,
      );
    }
    if (p === null) noPos.push([name, item]);
    else withPos.push([p, name, item]);
  }
  withPos.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  noPos.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ordered: Array<[string, Col | Description | DescriptionInput]> = [
    ...withPos.map(([, n, c]): [string, Col | Description | DescriptionInput] => [n, c]),
    ...noPos,
  ];
  if (ordered.length === 0) throw new RangeError(`${what}: a description needs at least one column`);
  const names: string[] = [];
  const columns: Record<string, Col | Description> = {};
  ordered.forEach(([name, item], i) => {
    const path = pathname === '' ? name : `${pathname}/${name}`;
    names.push(name);
    columns[name] =
      item instanceof Col
        ? item._at(i)
        : item instanceof Description
          ? rebased(item, path, i)
          : describe(item, what, path, i);
  });
  return new Description(names, columns, pathname, pos);
}

/** A nested Description given as a column: the same columns under a new path. */
function rebased(d: Description, pathname: string, pos: number): Description {
  const columns: Record<string, Col | Description> = {};
  for (const name of d.names) {
    const c = d.columns[name];
    columns[name] = c instanceof Description ? rebased(c, `${pathname}/${name}`, c.pos) : c;
  }
  return new Description([...d.names], columns, pathname, pos);
}

/**
 * @internal The Description of a stored compound type (the binding's fields, in stored
 * order, which is the column order), with the defaults PyTables stored (`dflts`, by leaf
 * path) where it did.
 */
export function describeFields(
  fields: readonly NativeField[],
  dflts: ReadonlyMap<string, ColDefault>,
  pathname = '',
  pos = 0,
): Description {
  const names: string[] = [];
  const columns: Record<string, Col | Description> = {};
  fields.forEach((f, i) => {
    const path = pathname === '' ? f.name : `${pathname}/${f.name}`;
    names.push(f.name);
    if (f.dtype === 'compound') {
      columns[f.name] = describeFields(f.fields ?? [], dflts, path, i);
      return;
    }
    const dtype = (f.dtype ?? 'uint8') as ColDType;
    const itemsize = f.itemsize ?? typeRow(dtype).itemsize;
    let dflt: ColDefault;
    if (f.enum) {
      const given = dflts.get(path);
      const at = f.enum.values.indexOf(Number(given ?? f.enum.values[0]));
      dflt = f.enum.names[at >= 0 ? at : 0];
    } else {
      const given = dflts.get(path);
      try {
        // A bool default may be stored as a number (numpy's bool attribute reads as 0/1).
        dflt = colDefault(
          dtype,
          itemsize,
          dtype === 'bool' && typeof given === 'number' ? given !== 0 : given,
          path,
        );
      } catch {
        dflt = colDefault(dtype, itemsize, undefined, path);
      }
    }
    columns[f.name] = new Col(dtype, {
      itemsize,
      shape: [...f.shape],
      dflt,
      pos: i,
      enum: f.enum ? Object.freeze({ names: [...f.enum.names], values: [...f.enum.values] }) : undefined,
    });
  });
  return new Description(names, columns, pathname, pos);
}
