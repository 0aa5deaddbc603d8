// Array: a homogeneous dataset (PyTables' tables.Array), read whole or by rows.

import { emptyTyped, type DType, type ReadResult } from './dtype';
import { nativeCall, nativeCallAsync } from './errors';
import { arrayRepr, atomRepr } from './format';
import { Leaf } from './leaf';
import type { NativeReadValue, NativeSelection } from './native';

function checkIndex(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value)) throw new TypeError(`${what} must be an integer, undefined or null`);
  return value as number;
}

/**
 * PyTables' Leaf._process_range_read: start alone reads one row; then Python's
 * slice(start, stop, step).indices(nrows), refusing negative and zero steps.
 */
export function processRangeRead(
  nrows: number, start?: number | null, stop?: number | null, step?: number | null,
): [number, number, number] {
  let first = checkIndex(start, 'start');
  let last = checkIndex(stop, 'stop');
  let stride = checkIndex(step, 'step');
  if (first !== undefined && last === undefined && stride === undefined) {
    if (nrows > 0 && first >= nrows) {
      throw new RangeError(`start of range (${first}) is greater than number of rows (${nrows})`);
    }
    stride = 1;
    last = first === -1 ? nrows : first + 1;
  }
  stride ??= 1;
  if (stride < 0) throw new RangeError('slice step cannot be negative');
  if (stride === 0) throw new RangeError('slice step cannot be zero');
  const clamp = (i: number | undefined, dflt: number): number => {
    if (i === undefined) return dflt;
    if (i < 0) return Math.max(0, i + nrows);
    return Math.min(i, nrows);
  };
  return [clamp(first, 0), clamp(last, nrows), stride];
}

export class Array extends Leaf {
  /** @internal */
  _className(): string {
    return 'Array';
  }

  /** The element type: 'float64', 'int32', ..., 'bool', 'string'. */
  get dtype(): DType {
    return super.dtype as DType;
  }

  /**
   * Reads rows along the first dimension with PyTables' rules: no argument reads all;
   * `start` alone reads that one row (negative counts from the end); `stop` is clamped;
   * a negative step is an error. A scalar array is always read whole.
   */
  read(start?: number | null, stop?: number | null, step?: number | null): ReadResult {
    const nat = this._check();
    const plan = this._plan(start, stop, step);
    if ('empty' in plan) return plan.empty;
    return this._result(nativeCall(() => nat.readDataset(this._path, plan.selection)));
  }

  /** read() with the data read on the HDF5 thread. */
  async readAsync(start?: number | null, stop?: number | null, step?: number | null): Promise<ReadResult> {
    const nat = this._check();
    const plan = this._plan(start, stop, step);
    if ('empty' in plan) return plan.empty;
    return this._result(await nativeCallAsync(() => nat.readDatasetAsync(this._path, plan.selection)));
  }

  /** What read(start, stop, step) reads: a hyperslab (undefined: everything), or nothing. */
  private _plan(start?: number | null, stop?: number | null, step?: number | null):
    { selection: NativeSelection | undefined } | { empty: ReadResult } {
    const info = this._datasetInfo();
    const dtype = info.dtype as DType;
    const [first, last, stride] = processRangeRead(this.nrows, start, stop, step);
    if (info.shape.length === 0) return { selection: undefined };
    const rest = info.shape.slice(1);
    const count = Math.max(0, Math.ceil((last - first) / stride));
    if (count === 0) {
      // HDF5 refuses empty hyperslabs: an empty read needs no I/O anyway.
      return { empty: { data: dtype === 'string' ? [] : emptyTyped(dtype), shape: [0, ...rest], dtype } };
    }
    if (first === 0 && stride === 1 && count === info.shape[0]) return { selection: undefined };
    return {
      selection: {
        start: [first, ...rest.map(() => 0)],
        count: [count, ...rest],
        step: [stride, ...rest.map(() => 1)],
      },
    };
  }

  private _result(raw: NativeReadValue): ReadResult {
    return { data: raw.data, shape: raw.shape ?? [], dtype: raw.dtype };
  }

  /** @internal */
  _repr(): string {
    const info = this._datasetInfo();
    return arrayRepr(this._str(), {
      atom: atomRepr(info.dtype as DType, info.itemsize),
      flavor: this.flavor,
      byteorder: this.byteorder,
      chunkshape: info.chunkshape,
    });
  }
}
