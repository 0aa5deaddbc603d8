// N-d selections: PyTables' Array.__getitem__ / __setitem__ keys (tables/array.py
// _interpret_indexing) as JavaScript values, turned into one hyperslab and a result shape.
//
// A key per dimension: an integer (that element; the dimension is dropped), a range
// (`slice(start, stop, step)` or a `[start, stop, step]` array, Python's slice rules), or
// null (the whole dimension); dimensions without a key are taken whole.

import type { NativeSelection } from './native';

/** A range of one dimension, as Python's `slice(start, stop, step)`; null parts take their defaults. */
export class Slice {
  /** First index (negative counts from the end); null: 0. */
  readonly start: number | null;
  /** Index after the last (negative counts from the end; clamped to the dimension); null: its end. */
  readonly stop: number | null;
  /** Distance between indexes, > 0; null: 1. */
  readonly step: number | null;

  /**
   * Made by `slice()`: the parts are checked when the slice is used, against its dimension.
   * @param start first index, or null
   * @param stop index after the last, or null
   * @param step distance between indexes, or null
   */
  constructor(start: number | null = null, stop: number | null = null, step: number | null = null) {
    this.start = start;
    this.stop = stop;
    this.step = step;
    Object.freeze(this);
  }

  /** Python's form: `slice(1, None, 2)`. */
  toString(): string {
    const part = (v: number | null): string => (v === null ? 'None' : String(v));
    return `slice(${part(this.start)}, ${part(this.stop)}, ${part(this.step)})`;
  }
}

/**
 * A range of one dimension, as Python's `slice()`: `slice(2, 8, 3)` is PyTables' `2:8:3`,
 * `slice(null, 5)` is `:5`, `slice(-3)` is `-3:` (from the third last to the end; note that
 * unlike Python's `slice(-3)`, one argument is the start). Steps must be > 0, as in PyTables.
 */
export function slice(start?: number | null, stop?: number | null, step?: number | null): Slice {
  return new Slice(start ?? null, stop ?? null, step ?? null);
}

/** A `[start, stop, step]` range; missing or null parts take their defaults. */
export type RangeKey = readonly [start?: number | null, stop?: number | null, step?: number | null];

/**
 * One dimension's key: an integer (one element; the dimension is dropped from the result;
 * negative counts from the end), a range (`slice(...)` or `[start, stop, step]`), or null
 * (the whole dimension).
 */
export type SelectionKey = number | Slice | RangeKey | null;

/** A parsed selection: the hyperslab of the dataset's own dimensions and the result's shape. */
export interface Selection {
  /** Per dimension: first index, number of elements (0: nothing selected), step. */
  start: number[];
  count: number[];
  step: number[];
  /** The selection's shape without the dimensions indexed by an integer. */
  shape: number[];
  /** Whether every dimension is taken whole (the hyperslab can be left out). */
  whole: boolean;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function badKey(dim: number, key: unknown): TypeError {
  return new TypeError(
    `key ${dim} must be an integer, a range (slice() or [start, stop, step]) or null, not ${describe(key)}`,
  );
}

/** A range's part: an integer or nothing (PyTables: "slice indices must be integers or None"). */
function rangePart(value: unknown, dim: number, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`key ${dim}: slice ${what} must be an integer or null, not ${describe(value)}`);
  }
  return value as number;
}

/**
 * Python's `slice(start, stop, step).indices(n)` after PyTables' step check (leaf.py
 * _process_range): a negative step is refused, indexes are clamped to [0, n].
 * Returns [start, count, step]; `what` prefixes messages about the parts.
 */
export function sliceIndices(
  n: number,
  start: number | null,
  stop: number | null,
  step: number | null,
): [number, number, number] {
  const stride = step ?? 1;
  if (stride < 0) throw new RangeError('slice step cannot be negative');
  if (stride === 0) throw new RangeError('slice step cannot be zero');
  const clamp = (i: number | null, dflt: number): number => {
    if (i === null) return dflt;
    if (i < 0) return Math.max(0, i + n);
    return Math.min(i, n);
  };
  const first = clamp(start, 0);
  const last = clamp(stop, n);
  return [first, Math.max(0, Math.ceil((last - first) / stride)), stride];
}

/** A range key's three parts, or undefined when `key` is not a range. */
function asRange(key: unknown, dim: number): [number | null, number | null, number | null] | undefined {
  if (key instanceof Slice) {
    return [
      rangePart(key.start, dim, 'start'),
      rangePart(key.stop, dim, 'stop'),
      rangePart(key.step, dim, 'step'),
    ];
  }
  if (!Array.isArray(key)) return undefined;
  if (key.length > 3) {
    throw new TypeError(`key ${dim}: a range is [start, stop, step], not an array of ${key.length} elements`);
  }
  const parts = key as unknown[];
  return [
    rangePart(parts[0], dim, 'start'),
    rangePart(parts[1], dim, 'stop'),
    rangePart(parts[2], dim, 'step'),
  ];
}

/**
 * PyTables' `_interpret_indexing`: the hyperslab and result shape of `keys` on a dataset of
 * `shape` (`path` names it in messages). An integer out of range is a RangeError
 * ("Index out of range"); more keys than dimensions too ("Too many indices").
 */
export function interpretIndexing(
  shape: readonly number[],
  keys: readonly unknown[],
  path: string,
): Selection {
  if (keys.length > shape.length) throw new RangeError(`Too many indices for object '${path}'`);
  const start: number[] = [];
  const count: number[] = [];
  const step: number[] = [];
  const result: number[] = [];
  let whole = true;
  shape.forEach((n, dim) => {
    const key = dim < keys.length ? keys[dim] : null;
    if (typeof key === 'number') {
      if (!Number.isSafeInteger(key)) throw badKey(dim, key);
      // PyTables checks only the upper bound; below -n it would wrap around: refused here.
      if (key >= n || key < -n) {
        throw new RangeError(`Index out of range: key ${dim} is ${key}, dimension ${dim} has ${n} elements`);
      }
      start.push(key < 0 ? key + n : key);
      count.push(1);
      step.push(1);
      whole = false;
      return;
    }
    const range = key === null ? [null, null, null] : asRange(key, dim);
    if (range === undefined) throw badKey(dim, key);
    const [first, taken, stride] = sliceIndices(
      n,
      ...(range as [number | null, number | null, number | null]),
    );
    start.push(first);
    count.push(taken);
    step.push(stride);
    result.push(taken);
    if (first !== 0 || taken !== n || (stride !== 1 && n > 1)) whole = false;
  });
  return { start, count, step, shape: result, whole };
}

/** The hyperslab for the binding (undefined: the whole dataset); null when nothing is selected. */
export function nativeSelection(sel: Selection): NativeSelection | undefined | null {
  if (sel.count.includes(0)) return null;
  if (sel.whole) return undefined;
  return { start: sel.start, count: sel.count, step: sel.step };
}

/**
 * Splits a get()/getAsync() argument list into keys and a trailing options object (a plain
 * object that is neither a range nor a Slice).
 */
export function splitKeys(args: readonly unknown[]): { keys: unknown[]; options: unknown } {
  const last = args[args.length - 1];
  if (
    args.length > 0 &&
    typeof last === 'object' &&
    last !== null &&
    !Array.isArray(last) &&
    !(last instanceof Slice)
  ) {
    return { keys: args.slice(0, -1), options: last };
  }
  return { keys: [...args], options: undefined };
}

/** set()'s keys: an array of keys, or one key alone (a number, a Slice or null) for the first dimension. */
export function setKeys(keys: unknown): unknown[] {
  if (Array.isArray(keys)) return keys as unknown[];
  if (typeof keys === 'number' || keys === null || keys instanceof Slice) return [keys];
  throw new TypeError(
    `set: keys must be an array of keys (one per dimension) or one key (an integer, slice() or null), not ${describe(keys)}`,
  );
}
