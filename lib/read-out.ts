// PyTables' `out` argument of Array.read (tables/array.py): the caller's TypedArray is
// filled instead of a new one being allocated.

import { DTYPES, type DType, type Int64Mode, type ReadOptions, type TypedArray } from './dtype';

/** read()'s options: the int64 mode, and `out`. */
export interface ArrayReadOptions<I extends Int64Mode = Int64Mode> extends ReadOptions<I> {
  /**
   * A TypedArray to read into instead of a new one (PyTables' `out`): the dtype's own
   * TypedArray (`read().data`'s type: BigInt64Array for int64, Uint8Array for bool) with
   * exactly the result's element count; the result's `data` is then this same array.
   * A wrong type is a TypeError, a wrong length a RangeError, both before anything is
   * read. Not for strings, nor for int64/uint64 read with `int64: 'number'`. The Promise
   * form copies into it once the read is done (nothing writes into it meanwhile), and
   * rejects with a TypeError if it was detached or resized while the read was queued.
   */
  out?: TypedArray;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/** Checks `out` for a read of `count` elements of dtype in int64 mode `mode`; `what` names the call. */
export function checkOut(
  out: unknown,
  dtype: DType,
  count: number,
  mode: Int64Mode,
  what: string,
): TypedArray {
  const typed = DTYPES[dtype].typed;
  if (!typed) throw new TypeError(`${what}: option 'out' cannot hold strings (dtype ${dtype})`);
  if (mode === 'number' && (dtype === 'int64' || dtype === 'uint64')) {
    throw new TypeError(
      `${what}: option 'out' cannot be used with int64: 'number' (dtype ${dtype} reads as a ${typed.name})`,
    );
  }
  if (!(out instanceof typed)) {
    throw new TypeError(
      `${what}: option 'out' must be a ${typed.name} (dtype ${dtype}), not ${typeName(out)}`,
    );
  }
  if (out.length !== count) {
    throw new RangeError(`${what}: option 'out' has ${out.length} elements, the result has ${count}`);
  }
  return out;
}
