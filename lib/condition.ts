// Table conditions in PyTables' (numexpr's) syntax: parsed into a tree (no user text ever
// reaches eval or Function), typed by numexpr's rules, evaluated chunk by chunk over whole
// columns into a mask.
//
//   lexer condition-lex.ts -> parser condition-parse.ts -> types condition-typing.ts
//   (Python constants: condition-const.ts) -> evaluator condition-eval.ts

import { ConditionNameError, ConditionTypeError } from './condition-errors';
import { columnVec, evaluate, type ColumnChunk, type Vec } from './condition-eval';
import { parseCondition } from './condition-parse';
import { typeCondition, type Kind, type Resolved, type Typed } from './condition-typing';
import type { TypedArray } from './dtype';

export { ConditionNameError, ConditionSyntaxError, ConditionTypeError } from './condition-errors';

/** What a table tells the compiler of one of its columns. */
export interface ConditionColumn {
  /** The column's dtype: `'int32'`, `'float64'`, `'string'`, `'bool'`, ... */
  dtype: string;
  /** The shape of one cell; a multidimensional column cannot take part in a condition. */
  shape?: readonly number[];
  /** Whether it is a nested column (which cannot take part in a condition). */
  nested?: boolean;
}

/** Stands for a column of the table under another name in `condvars` (PyTables' `condvars={'c': table.cols.x}`). */
export interface ConditionColumnRef {
  /** The column's name in the table. */
  column: string;
}

/**
 * A condvar: a scalar the condition names. numexpr types it as PyTables does: a number is a
 * float64 (`double`), a bigint an int64, a boolean a bool, a string bytes; a one-element
 * TypedArray has its own type (`Int32Array.of(5)` is an int32, `Float32Array.of(1.5)` a float32).
 */
export type CondVar = number | bigint | boolean | string | TypedArray | ConditionColumnRef;

/** A compiled condition: which columns it reads, and its evaluation over one chunk of them. */
export interface CompiledCondition {
  /** The condition's text. */
  readonly text: string;
  /** The table columns it reads, sorted by name. */
  readonly columns: readonly string[];
  /**
   * The condition over `length` rows.
   * @param chunk the rows' values of each column in `columns` (each of at least `length` elements)
   * @param length the number of rows
   * @returns 1 for each row that satisfies the condition, else 0
   */
  evaluate(chunk: Readonly<Record<string, ColumnChunk>>, length: number): Uint8Array;
}

// How PyTables hands each column dtype to numexpr (tables/table.py, _nxtype_from_nptype).
const COLUMN_KINDS: Record<string, Kind> = {
  bool: 'bool',
  int8: 'int',
  int16: 'int',
  int32: 'int',
  uint8: 'int',
  uint16: 'int',
  int64: 'long',
  uint32: 'long',
  float16: 'float',
  float32: 'float',
  float64: 'double',
  string: 'bytes',
};

const TYPED_KINDS: [new (...args: never[]) => TypedArray, Kind][] = [
  [Int8Array, 'int'],
  [Uint8Array, 'int'],
  [Int16Array, 'int'],
  [Uint16Array, 'int'],
  [Int32Array, 'int'],
  [Uint32Array, 'long'],
  [BigInt64Array, 'long'],
  [Float32Array, 'float'],
  [Float64Array, 'double'],
];

/**
 * Compiles a condition against a table's columns.
 *
 * Names are looked up first in `condvars`, then among `columns` (as PyTables does); numexpr's
 * function names (`sin`, `where`, `contains`, ...) win over both.
 * @param condition the condition, in PyTables' syntax: `'(x > 1) & (name == b"ab")'`
 * @param columns the table's columns by name
 * @param condvars values (or other columns) the condition names
 * @throws ConditionSyntaxError for invalid syntax, ConditionNameError for an unknown name,
 *   ConditionTypeError for operands numexpr cannot combine (or a non-bool condition), and
 *   RangeError when no column takes part
 */
export function compileCondition(
  condition: string,
  columns: Readonly<Record<string, ConditionColumn>>,
  condvars: Readonly<Record<string, CondVar>> = {},
): CompiledCondition {
  if (typeof condition !== 'string') {
    throw new TypeError(
      `a condition must be a string, not ${condition === null ? 'null' : typeof condition}`,
    );
  }
  if (condvars === null || typeof condvars !== 'object' || Array.isArray(condvars)) {
    throw new TypeError('condvars must be an object mapping names to values');
  }
  const tree = parseCondition(condition);
  const used = new Map<string, Kind>();

  const columnKind = (name: string, shown: string, pos: number): Kind => {
    const col = Object.hasOwn(columns, name) ? columns[name] : undefined;
    if (col === undefined) throw new ConditionNameError(shown, condition, pos);
    if (col.nested) {
      throw new ConditionTypeError(
        `'${shown}' is a nested column, not allowed in conditions`,
        condition,
        pos,
      );
    }
    if (col.shape !== undefined && col.shape.length > 0) {
      throw new ConditionTypeError(
        `'${shown}' is a multidimensional column, not supported in conditions`,
        condition,
        pos,
      );
    }
    if (col.dtype === 'uint64') {
      throw new ConditionTypeError(
        `'${shown}' is a 64-bit unsigned integer column, not supported in conditions (as in PyTables): ` +
          'read it and select in JavaScript',
        condition,
        pos,
      );
    }
    const kind = COLUMN_KINDS[col.dtype];
    if (kind === undefined) {
      throw new ConditionTypeError(
        `'${shown}' has dtype '${col.dtype}', not supported in conditions`,
        condition,
        pos,
      );
    }
    used.set(name, kind);
    return kind;
  };

  const resolve = (name: string, pos: number): Resolved => {
    if (Object.hasOwn(condvars, name)) {
      const v = condvars[name];
      if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && 'column' in v) {
        const col = (v as ConditionColumnRef).column;
        if (typeof col !== 'string') {
          throw new TypeError(`condvar '${name}': a column reference's 'column' must be a column name`);
        }
        return { t: 'column', kind: columnKind(col, name, pos), name: col };
      }
      return condvarConstant(name, v);
    }
    return { t: 'column', kind: columnKind(name, name, pos), name };
  };

  const typed = typeCondition(tree, condition, resolve);
  if (used.size === 0) {
    throw new RangeError(`there are no columns taking part in condition ${JSON.stringify(condition)}`);
  }
  const names = [...used.keys()].sort();
  return {
    text: condition,
    columns: names,
    evaluate: (chunk, length) => evaluateChunk(typed, used, chunk, length),
  };
}

function condvarConstant(name: string, v: CondVar): Resolved {
  switch (typeof v) {
    case 'number':
      return { t: 'const', value: v, kind: 'double' };
    case 'bigint':
      if (v < -(2n ** 63n) || v >= 2n ** 63n)
        throw new RangeError(`condvar '${name}' (${v}) does not fit in int64`);
      return { t: 'const', value: v, kind: 'long' };
    case 'boolean':
      return { t: 'const', value: v, kind: 'bool' };
    case 'string':
      return { t: 'const', value: v, kind: 'bytes' };
  }
  if (ArrayBuffer.isView(v)) {
    const entry = TYPED_KINDS.find(([cls]) => v instanceof cls);
    if (entry !== undefined && (v as TypedArray).length === 1) {
      const x = (v as TypedArray)[0];
      return {
        t: 'const',
        value: typeof x === 'bigint' ? x : entry[1] === 'long' ? BigInt(x) : x,
        kind: entry[1],
      };
    }
    if (v instanceof BigUint64Array) {
      throw new TypeError(`condvar '${name}' is a uint64, not allowed in conditions`);
    }
    throw new TypeError(`condvar '${name}' must be a scalar: a TypedArray condvar must have one element`);
  }
  throw new TypeError(
    `condvar '${name}' must be a number, bigint, boolean, string, one-element TypedArray or { column }, not ${
      v === null ? 'null' : typeof v
    }`,
  );
}

function evaluateChunk(
  typed: Typed,
  used: ReadonlyMap<string, Kind>,
  chunk: Readonly<Record<string, ColumnChunk>>,
  length: number,
): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0)
    throw new RangeError(`a chunk length must be a count, not ${length}`);
  const vecs = new Map<string, Vec>();
  for (const [name, kind] of used) {
    const data = Object.hasOwn(chunk, name) ? chunk[name] : undefined;
    if (data === undefined || data.length < length) {
      throw new RangeError(`the chunk lacks ${length} values of column '${name}'`);
    }
    vecs.set(name, columnVec(kind, data));
  }
  const mask = evaluate(typed, length, vecs) as Uint8Array;
  // A bare bool column is its own mask: hand out a copy, never the caller's data.
  return typed.t === 'column' ? mask.slice(0, length) : mask;
}
