// Iterating a leaf's rows (PyTables' Array.__iter__ / iterrows): rows are read in blocks of
// PyTables' nrowsinbuf (as many rows as fit in its 1 MiB I/O buffer), never one read per row.

import {
  DTYPES,
  readResult,
  valuesPerElement,
  type Complex,
  type DType,
  type Int64Mode,
  type ReadData,
  type ReadResult,
} from './dtype';
import { sliceIndices } from './selection';

/** PyTables' IO_BUFFER_SIZE (tables/parameters.py): the bytes one block read aims at. */
const IO_BUFFER_SIZE = 1024 * 1024;

/** A variable-length string's size is unknown before reading: counted as this many bytes. */
const VLEN_GUESS = 16;

/**
 * One row of a leaf: for a 1-D leaf (or a scalar) an element (a number; a bigint for
 * int64/uint64, or a number with `{ int64: 'number' }`; a string; a boolean for bool), for an
 * N-d leaf a ReadResult of shape `shape.slice(1)` (with an array atom's shape last).
 */
export type Row<D extends DType = DType, I extends Int64Mode = Int64Mode> =
  RowElement<D, I> | ReadResult<D, I>;

/** One element as a 1-D leaf's iteration yields it. */
export type RowElement<D extends DType = DType, I extends Int64Mode = Int64Mode> = D extends 'bool'
  ? boolean
  : D extends 'complex64' | 'complex128'
    ? Complex
    : D extends 'string'
      ? string
      : D extends 'int64' | 'uint64'
        ? I extends 'number'
          ? number
          : bigint
        : number;

/** What iterating needs of a leaf: its geometry and a block read of rows first, first+step, ... */
export interface RowSource<D extends DType, I extends Int64Mode> {
  shape: readonly number[];
  atomShape: readonly number[];
  itemsize: number;
  dtype: D;
  readBlock(first: number, count: number, step: number): ReadResult<D, I>;
}

function rangePart(value: unknown, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isSafeInteger(value))
    throw new TypeError(`iterrows: ${what} must be an integer, undefined or null`);
  return value as number;
}

/**
 * PyTables' iterrows range (leaf.py _process_range, unlike read()'s): Python's
 * slice(start, stop, step).indices(nrows), so `start` alone runs to the end; a negative or
 * zero step is a RangeError. Returns [first, count, step].
 */
export function rowRange(
  nrows: number,
  start: unknown,
  stop: unknown,
  step: unknown,
): [number, number, number] {
  return sliceIndices(nrows, rangePart(start, 'start'), rangePart(stop, 'stop'), rangePart(step, 'step'));
}

/** PyTables' nrowsinbuf: rows per block, at least 1. */
export function rowsPerBlock(
  shape: readonly number[],
  atomShape: readonly number[],
  itemsize: number,
  dtype: DType,
): number {
  let rowsize = itemsize || (DTYPES[dtype].kind === 'string' ? VLEN_GUESS : 1);
  for (const d of [...shape.slice(1), ...atomShape]) rowsize *= d;
  return rowsize === 0 ? IO_BUFFER_SIZE : Math.max(1, Math.floor(IO_BUFFER_SIZE / rowsize));
}

/** The blocks of a row range: [first, count] pairs, `per` rows each (the last may be shorter). */
export function* blocks(
  first: number,
  count: number,
  step: number,
  per: number,
): Generator<[number, number]> {
  for (let done = 0; done < count; done += per) yield [first + done * step, Math.min(per, count - done)];
}

/** The rows of one block read, as iteration yields them. */
export function* rowsOf<D extends DType, I extends Int64Mode>(
  block: ReadResult<D, I>,
  ndim: number,
  count: number,
): Generator<Row<D, I>> {
  const data = block.data as unknown as ArrayLike<unknown> & { slice(a: number, b: number): ReadData<D, I> };
  const width = valuesPerElement(block.dtype);
  if (ndim <= 1 && width === 2) {
    // A complex element is a { re, im }, as numpy yields a complex scalar.
    for (let i = 0; i < count; i++)
      yield { re: data[2 * i], im: data[2 * i + 1] } as unknown as RowElement<D, I>;
    return;
  }
  if (ndim <= 1) {
    const bool = block.dtype === 'bool';
    for (let i = 0; i < count; i++) {
      const v = data[i];
      yield (bool ? v !== 0 : v) as RowElement<D, I>;
    }
    return;
  }
  const rowShape = block.shape.slice(1);
  const n = rowShape.reduce((a, b) => a * b, width);
  // Each row owns a copy: a view would keep the whole block alive and alias its neighbours.
  for (let i = 0; i < count; i++)
    yield readResult(data.slice(i * n, (i + 1) * n), [...rowShape], block.dtype);
}

/** @internal The rows first, first+step, ... (count of them), read block by block. */
export function* iterateRows<D extends DType, I extends Int64Mode>(
  src: RowSource<D, I>,
  [first, count, step]: [number, number, number],
): Generator<Row<D, I>> {
  const per = rowsPerBlock(src.shape, src.atomShape, src.itemsize, src.dtype);
  for (const [at, n] of blocks(first, count, step, per)) {
    yield* rowsOf(src.readBlock(at, n, step), src.shape.length, n);
  }
}
