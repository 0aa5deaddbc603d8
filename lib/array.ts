// Array: a homogeneous dataset (PyTables' tables.Array), read whole or by rows.

import { nameTaken, prepareNew, systemAttributes, type CreateOptions } from './creating';
import {
  DTYPES,
  arrayValue,
  checkInt64Mode,
  emptyTyped,
  int64Data,
  readResult,
  valuesPerElement,
  type ArrayDType,
  type ArrayInput,
  type DType,
  type Int64Mode,
  type ReadData,
  type ReadOptions,
  type ReadResult,
  type TypedArray,
} from './dtype';
import { asyncOptions, queued, splitSignal, throwIfAborted, type AsyncOptions } from './abort';
import { nativeCall } from './errors';
import type { File } from './file';
import { Leaf } from './leaf';
import type {
  NativeAttributeList,
  NativeDatasetInfo,
  NativeFile,
  NativeReadValue,
  NativeSelection,
  NativeWriteValue,
} from './native';
import { checkOptions, type OptionTable } from './options';
import { checkOut, type ArrayReadOptions } from './read-out';
import { Enum } from './enum';
import { arrayRepr, atomRepr, enumAtomRepr, fillRepr } from './printed';
import { registerClassName, registerLeafClass } from './registry';
import { assignValue } from './assign';
import { iterateRows, rowRange, rowsOf, rowsPerBlock, blocks, type Row } from './iteration';
import {
  interpretIndexing,
  nativeSelection,
  setKeys,
  splitKeys,
  type Selection,
  type SelectionKey,
} from './selection';

const CLASS_ID = 'ARRAY';

/** Rows first..first+count-1 of the first dimension, and the shape of their read. */
interface RowRange {
  first: number;
  count: number;
  shape: number[];
}

/**
 * What the binding would report for a dataset h5tables just wrote (contiguous, little-endian
 * numbers, fixed-length strings), so a new Array needs no lookup.
 */
function writtenInfo(value: NativeWriteValue): NativeDatasetInfo {
  const isString = value.dtype === 'string';
  return {
    dtype: value.dtype,
    shape: value.shape ?? [],
    itemsize: isString ? (value.itemsize ?? 1) : DTYPES[value.dtype].itemsize,
    byteorder: ['int', 'float', 'complex'].includes(DTYPES[value.dtype].kind) ? 'little' : 'irrelevant',
    chunkshape: null,
    maxshape: value.shape ?? [],
    filters: [],
  };
}

interface NewArray {
  parent: string;
  path: string;
  value: NativeWriteValue;
  attributes: NativeAttributeList;
}

/** Checks a createArray() call and converts its data; creates missing parents when asked. */
function prepareArray(
  file: File,
  where: unknown,
  name: unknown,
  obj: unknown,
  titleOrOptions: unknown,
  nameIsFree: boolean,
): NewArray {
  const { parent, path, title, converted } = prepareNew(file, where, name, titleOrOptions, 'createArray', {
    nameIsFree,
    convert: () => arrayValue(obj),
  });
  const { value, flavor } = converted;
  // PyTables' system attributes, written with the dataset in the same native call.
  const attributes = systemAttributes({ CLASS: CLASS_ID, VERSION: '2.4', TITLE: title, FLAVOR: flavor });
  return { parent, path, value, attributes };
}

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
  nrows: number,
  start?: number | null,
  stop?: number | null,
  step?: number | null,
): [number, number, number] {
  const first = checkIndex(start, 'start');
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

/** read()'s arguments are (start, stop, step, options): a 5th is an error, not ignored. */
function tooManyArguments(what: string, count: number): void {
  if (count > 4) {
    throw new TypeError(`${what}() takes at most 4 arguments (start, stop, step, options), got ${count}`);
  }
}

const READ_OPTIONS: OptionTable = { int64: (value) => void checkInt64Mode(value, 'read') };
// read() and readAsync() also take `out` (checked against the result by checkOut).
const READ_OUT_OPTIONS: OptionTable = { ...READ_OPTIONS, out: () => undefined };

/** The int64 mode of one read: its own option, else the file's. `what` names the call in messages. */
function readMode(options: unknown, file: File, what = 'read', table = READ_OPTIONS): Int64Mode {
  if (options === undefined || options === null) return file._int64;
  checkOptions(options, table, what);
  return (options as ReadOptions).int64 ?? file._int64;
}

/** The `out` option of read(), undefined when not given. */
function outOption(options: unknown): unknown {
  return options === undefined || options === null ? undefined : (options as ArrayReadOptions).out;
}

function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/**
 * A homogeneous dataset read whole or by rows (PyTables' `tables.Array`).
 *
 * `D` is its dtype where the type checker knows it (`createArray` with a Float64Array gives
 * an `Array<'float64'>`; `as('float64')` checks and narrows one of unknown dtype), and
 * `read().data` then has that dtype's TypedArray. `I` is how int64 reads by default (the
 * file's `int64` option).
 */
export class Array<D extends DType = DType, I extends Int64Mode = Int64Mode> extends Leaf {
  /**
   * @internal Creates an array (PyTables' create_array): `obj` is a TypedArray (keeps its
   * type), nested arrays (numbers: float64), `{data, shape}`, a scalar, booleans or strings.
   */
  static _create<T extends ArrayInput, I extends Int64Mode>(
    file: File<I>,
    where: unknown,
    name: unknown,
    obj: T,
    titleOrOptions?: string | CreateOptions,
  ): Array<ArrayDType<T>, I> {
    // The name is checked in the native call (ERR_EXISTS), as the Promise form does.
    const { parent, path, value, attributes } = prepareArray(file, where, name, obj, titleOrOptions, false);
    const nat = file._nat();
    try {
      nativeCall(() => nat.createDataset(path, value, attributes));
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_EXISTS') throw nameTaken(parent, String(name));
      throw err;
    }
    return file._node(path, 'dataset', CLASS_ID, writtenInfo(value)) as Array<ArrayDType<T>, I>;
  }

  /**
   * @internal _create() with the data written on the HDF5 thread. The data is copied when
   * the call is made: the caller may change, transfer or drop its TypedArray at once.
   */
  static async _createAsync<T extends ArrayInput, I extends Int64Mode>(
    file: File<I>,
    where: unknown,
    name: unknown,
    obj: T,
    titleOrOptions?: string | CreateOptions,
    signal?: AbortSignal,
  ): Promise<Array<ArrayDType<T>, I>> {
    // The name is checked on the HDF5 thread, so this call does not wait for running work.
    const { parent, path, value, attributes } = prepareArray(file, where, name, obj, titleOrOptions, false);
    const nat = file._nat();
    try {
      await queued(signal, (q) => nat.createDatasetAsync(path, value, attributes, undefined, q));
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_EXISTS') throw nameTaken(parent, String(name));
      throw err;
    }
    return file._node(path, 'dataset', CLASS_ID, writtenInfo(value)) as Array<ArrayDType<T>, I>;
  }

  /**
   * `x instanceof Array` narrows `x` to an Array of every dtype (without this, TypeScript
   * would give the narrowed type `any` type arguments); a subclass narrows to itself. The
   * test is the ordinary prototype-chain one.
   */
  static [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /** @internal */
  _ownClassName(): string {
    return 'Array';
  }

  /** The element type: 'float64', 'int32', ..., 'bool', 'string'. */
  get dtype(): D {
    return super.dtype as D;
  }

  /**
   * This array typed as holding `dtype`, checked at run time: a TypeError when its dtype is
   * another. `f.getNode('/x').as('float64').read().data` is a Float64Array to the type
   * checker too.
   */
  as<E extends DType>(dtype: E): Array<E, I> {
    const actual = this.dtype as DType;
    if (actual !== dtype) {
      throw new TypeError(`node \`\`${this._path}\`\` holds ${actual}, not ${String(dtype)}`);
    }
    return this as unknown as Array<E, I>;
  }

  /**
   * The enumerated type of an enum array (PyTables' `get_enum()`): its data is the concrete
   * values (the base integers), this names them. A TypeError for any other array.
   */
  getEnum(): Enum {
    const members = this._datasetInfo().enum;
    if (!members) throw new TypeError(`array \`\`${this._path}\`\` is not of an enumerated type`);
    return new Enum(new Map(members.names.map((n, i) => [n, members.values[i] as number])));
  }

  /** Whether the array holds `dtype`; a type guard (on a variable typed `Array`, it narrows to `Array<dtype>`). */
  isDType<E extends DType>(dtype: E): this is Array<E, I> {
    return (this.dtype as DType) === dtype;
  }

  /**
   * Reads rows along the first dimension with PyTables' rules: no argument reads all;
   * `start` alone reads that one row (negative counts from the end); `stop` is clamped;
   * a negative step is an error. A scalar array is always read whole.
   *
   * `data` is the TypedArray of the dtype (strings: string[]); int64 and uint64 come as
   * BigInt64Array / BigUint64Array, or with `{ int64: 'number' }` (here or the file's
   * option) as a Float64Array, a RangeError when a value is beyond ±(2^53 - 1).
   * With `{ out }` (PyTables' `out`) the rows are read into that TypedArray, which is then
   * `data` (see ArrayReadOptions).
   */
  read<J extends Int64Mode = I>(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: ArrayReadOptions<J>,
  ): ReadResult<D, J> {
    // A 5th argument is a mistake to report, not a parameter to declare.
    tooManyArguments('read', arguments.length);
    const nat = this._check();
    const mode = readMode(options, this._file, 'read', READ_OUT_OPTIONS);
    const plan = this._plan<J>(start, stop, step, mode);
    const out = this._out(outOption(options), plan, mode, 'read');
    if ('empty' in plan) return out ? this._filledEmpty(plan.empty, out) : plan.empty;
    if (plan.rows && !out) return this._readRowRange<J>(nat, plan.rows, mode);
    return this._result<J>(
      nativeCall(() => nat.readDataset(this._path, plan.selection, out)),
      mode,
    );
  }

  /**
   * read() with the data read on the HDF5 thread; `signal` cancels it while it is queued
   * (see AsyncOptions). With `out`, the data is copied into it once the read is done.
   */
  async readAsync<J extends Int64Mode = I>(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: ArrayReadOptions<J> & AsyncOptions,
  ): Promise<ReadResult<D, J>> {
    tooManyArguments('readAsync', arguments.length);
    const { signal, rest } = splitSignal(options, 'readAsync');
    throwIfAborted(signal);
    const nat = this._check();
    const mode = readMode(rest, this._file, 'readAsync', READ_OUT_OPTIONS);
    const plan = this._plan<J>(start, stop, step, mode);
    const out = this._out(outOption(rest), plan, mode, 'readAsync');
    if ('empty' in plan) return out ? this._filledEmpty(plan.empty, out) : plan.empty;
    return this._result<J>(
      await queued(signal, (q) => nat.readDatasetAsync(this._path, plan.selection, out, q)),
      mode,
    );
  }

  /** The checked `out` of a read (undefined: none), before anything is read. */
  private _out<J extends Int64Mode>(
    out: unknown,
    plan: { selection: NativeSelection | undefined } | { empty: ReadResult<D, J> },
    mode: Int64Mode,
    what: string,
  ): TypedArray | undefined {
    if (out === undefined) return undefined;
    const info = this._datasetInfo();
    const count =
      'empty' in plan
        ? 0
        : product(plan.selection ? plan.selection.count : info.shape) *
          product(this._atomShape()) *
          valuesPerElement(info.dtype as DType);
    return checkOut(out, info.dtype as DType, count, mode, what);
  }

  /** An empty read's result with the caller's (empty) `out` as its data. */
  private _filledEmpty<J extends Int64Mode>(empty: ReadResult<D, J>, out: TypedArray): ReadResult<D, J> {
    return readResult(out as ReadData<D, J>, empty.shape, empty.dtype);
  }

  /** What read(start, stop, step) reads: a hyperslab (undefined: everything), or nothing. */
  private _plan<J extends Int64Mode>(
    start: number | null | undefined,
    stop: number | null | undefined,
    step: number | null | undefined,
    mode: Int64Mode,
  ): { selection: NativeSelection | undefined; rows?: RowRange } | { empty: ReadResult<D, J> } {
    // The caller checked the node is open: no more native checks in this read.
    const info = this._openInfo();
    const dtype = info.dtype as D;
    // Rows run along the main dimension (an EArray's extendible one; 0 otherwise).
    const dim = this._openMainDim();
    const nrows = info.shape.length > 0 ? info.shape[dim] : 1;
    const [first, last, stride] = processRangeRead(nrows, start, stop, step);
    if (info.shape.length === 0) return { selection: undefined };
    const along = <T>(row: T, other: (d: number) => T): T[] =>
      info.shape.map((d, i) => (i === dim ? row : other(d)));
    const count = Math.max(0, Math.ceil((last - first) / stride));
    if (count === 0) {
      // HDF5 refuses empty hyperslabs: an empty read needs no I/O anyway.
      const shape = [...along(0, (d) => d), ...this._atomShape()];
      const data = dtype === 'string' ? [] : int64Data(emptyTyped(dtype), mode, () => this._path);
      return { empty: readResult(data as ReadData<D, J>, shape, dtype) };
    }
    if (first === 0 && stride === 1 && count === info.shape[dim]) return { selection: undefined };
    return {
      // Consecutive rows of the first dimension: readRows, with no selection to pass.
      rows:
        stride === 1 && dim === 0
          ? { first, count, shape: [count, ...info.shape.slice(1), ...(info.atomShape ?? [])] }
          : undefined,
      selection: {
        start: along(first, () => 0),
        count: along(count, (d) => d),
        step: along(stride, () => 1),
      },
    };
  }

  /** read() of consecutive rows: the data from readRows, the dtype and shape known here. */
  private _readRowRange<J extends Int64Mode>(
    nat: NativeFile,
    rows: RowRange,
    mode: Int64Mode,
  ): ReadResult<D, J> {
    const raw = nativeCall(() => nat.readRows(this._path, rows.first, rows.count));
    const data = int64Data(raw, mode, () => `reading \`\`${this._path}\`\``) as ReadData<D, J>;
    return readResult(data, rows.shape, this._openInfo().dtype as D);
  }

  private _result<J extends Int64Mode>(raw: NativeReadValue, mode: Int64Mode): ReadResult<D, J> {
    const data = int64Data(raw.data, mode, () => `reading \`\`${this._path}\`\``) as ReadData<D, J>;
    return readResult(data, raw.shape ?? [], raw.dtype as D);
  }

  /**
   * PyTables' `arr[keys]` (`__getitem__`): one key per dimension, an integer (that element;
   * the dimension is dropped from the result; negative counts from the end), a range
   * (`slice(start, stop, step)` or `[start, stop, step]`, clamped as Python clamps, step > 0)
   * or null (the whole dimension); dimensions without a key are taken whole. A trailing
   * options object sets the int64 mode of this read.
   *
   * `arr.get(1, slice(null, null, 2))` is PyTables' `arr[1, ::2]`; with every dimension
   * indexed by an integer the result has shape [] and one element. An integer out of
   * range, more keys than dimensions and a negative step are RangeErrors; a key of
   * another type is a TypeError.
   */
  get(...keys: SelectionKey[]): ReadResult<D, I>;
  get<J extends Int64Mode>(...args: [...keys: SelectionKey[], options: ReadOptions<J>]): ReadResult<D, J>;
  get<J extends Int64Mode = I>(...args: unknown[]): ReadResult<D, J> {
    const nat = this._check();
    const { keys, options } = splitKeys(args);
    const mode = readMode(options, this._file, 'get');
    const sel = this._select(keys);
    const hyperslab = nativeSelection(sel);
    if (hyperslab === null) return this._emptyResult<J>(sel, mode);
    return this._selected<J>(
      nativeCall(() => nat.readDataset(this._path, hyperslab)),
      sel,
      mode,
    );
  }

  /** get() with the data read on the HDF5 thread; the trailing options may hold `signal` (see AsyncOptions). */
  getAsync(...keys: SelectionKey[]): Promise<ReadResult<D, I>>;
  getAsync<J extends Int64Mode>(
    ...args: [...keys: SelectionKey[], options: ReadOptions<J> & AsyncOptions]
  ): Promise<ReadResult<D, J>>;
  async getAsync<J extends Int64Mode = I>(...args: unknown[]): Promise<ReadResult<D, J>> {
    const { keys, options } = splitKeys(args);
    const { signal, rest } = splitSignal(options, 'getAsync');
    throwIfAborted(signal);
    const nat = this._check();
    const mode = readMode(rest, this._file, 'getAsync');
    const sel = this._select(keys);
    const hyperslab = nativeSelection(sel);
    if (hyperslab === null) return this._emptyResult<J>(sel, mode);
    return this._selected<J>(
      await queued(signal, (q) => nat.readDatasetAsync(this._path, hyperslab, undefined, q)),
      sel,
      mode,
    );
  }

  /**
   * PyTables' `arr[keys] = value` (`__setitem__`): `keys` is an array of keys as get() takes
   * them (`[0, slice(1, 3)]` is `arr[0, 1:3]`), or one key alone for the first dimension
   * (`set(2, v)`, `set(slice(0, 4), v)`, `set(null, v)`). `value` is a scalar, a
   * TypedArray, `{ data, shape }` (a ReadResult too) or nested arrays, of the selection's
   * shape or broadcastable to it as NumPy broadcasts (a scalar to every element, a row to
   * every row); strings longer than the array's itemsize are cut to it, as PyTables cuts
   * them. Every element must fit the array's dtype exactly (no silent wrap or rounding to
   * an integer). Any error (keys, shape, types, a read-only file) is thrown before
   * anything is written.
   */
  set(keys: SelectionKey | readonly SelectionKey[], value: ArrayInput): void {
    const nat = this._check();
    const write = this._prepareSet(keys, value);
    if (write === null) return;
    nativeCall(() => nat.writeDataset(this._path, write.value, write.selection));
  }

  /** set() with the data written on the HDF5 thread (the value is converted, and copied, at the call). */
  async setAsync(
    keys: SelectionKey | readonly SelectionKey[],
    value: ArrayInput,
    options?: AsyncOptions,
  ): Promise<void> {
    const signal = asyncOptions(options, 'setAsync');
    throwIfAborted(signal);
    const nat = this._check();
    const write = this._prepareSet(keys, value);
    if (write === null) return;
    await queued(signal, (q) => nat.writeDatasetAsync(this._path, write.value, write.selection, q));
  }

  /**
   * The rows `start`, `start + step`, ... before `stop`, along the first dimension, with
   * PyTables' iterrows rules (Python's slice clamping: `start` alone runs to the end; a
   * negative or zero step is a RangeError, checked at the call). Rows are read in blocks of
   * PyTables' nrowsinbuf (1 MiB's worth). A 1-D array yields its elements (numbers; bigints
   * for int64 unless `{ int64: 'number' }`; strings; booleans for bool), an N-d array each
   * row as a ReadResult of shape `shape.slice(1)`, a scalar array its one element.
   */
  iterrows<J extends Int64Mode = I>(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: ReadOptions<J>,
  ): Generator<Row<D, J>, void, undefined> {
    // A 5th argument is a mistake to report, not a parameter to declare.
    tooManyArguments('iterrows', arguments.length);
    this._check();
    const mode = readMode(options, this._file, 'iterrows');
    const range = rowRange(this._firstDimRows(), start, stop, step);
    const info = this._datasetInfo();
    return iterateRows<D, J>(
      {
        shape: info.shape,
        atomShape: this._atomShape(),
        itemsize: info.itemsize,
        dtype: info.dtype as D,
        readBlock: (first, count, stride) => this._readRows<J>(first, count, stride, mode),
      },
      range,
    );
  }

  /** Every row, as iterrows() yields them: `for (const row of arr)`. */
  [Symbol.iterator](): Generator<Row<D, I>, void, undefined> {
    return this.iterrows();
  }

  /**
   * iterrows() with each block read on the HDF5 thread: `for await (const row of
   * arr.iterrowsAsync())`. `signal` cancels a block read still queued (the loop then throws
   * the AbortError).
   */
  iterrowsAsync<J extends Int64Mode = I>(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: ReadOptions<J> & AsyncOptions,
  ): AsyncGenerator<Row<D, J>, void, undefined> {
    tooManyArguments('iterrowsAsync', arguments.length);
    const { signal, rest } = splitSignal(options, 'iterrowsAsync');
    this._check();
    const mode = readMode(rest, this._file, 'iterrowsAsync');
    const [first, count, stride] = rowRange(this._firstDimRows(), start, stop, step);
    const info = this._datasetInfo();
    const per = rowsPerBlock(info.shape, this._atomShape(), info.itemsize, info.dtype as DType);
    const ndim = info.shape.length;
    const readBlock = (at: number, n: number): Promise<ReadResult<D, J>> =>
      this._readRowsAsync<J>(at, n, stride, mode, signal);
    return (async function* () {
      for (const [at, n] of blocks(first, count, stride, per)) yield* rowsOf(await readBlock(at, n), ndim, n);
    })();
  }

  /** Parses get()/set() keys against this array's shape. */
  private _select(keys: readonly unknown[]): Selection {
    return interpretIndexing(this._datasetInfo().shape, keys, this._path);
  }

  /** What set() writes: the converted value and its hyperslab; null when nothing is selected. */
  private _prepareSet(
    keys: unknown,
    value: unknown,
  ): { value: NativeWriteValue; selection: NativeSelection | undefined } | null {
    const info = this._datasetInfo();
    const atom = this._atomShape();
    const sel = this._select(setKeys(keys));
    const converted = assignValue(value, {
      dtype: info.dtype as DType,
      itemsize: info.itemsize,
      shape: [...sel.shape, ...atom],
    });
    this._file._checkWritable();
    const hyperslab = nativeSelection(sel);
    if (hyperslab === null) return null;
    // The binding takes the hyperslab's counts (1 for an integer key), the atom's shape last.
    converted.shape = hyperslab === undefined ? [...info.shape, ...atom] : [...hyperslab.count, ...atom];
    return { value: converted, selection: hyperslab };
  }

  /**
   * Iteration goes along the first dimension, as a numpy array's does (an EArray that grows
   * along another dimension still reads and counts nrows along that one).
   */
  private _firstDimRows(): number {
    const { shape } = this._datasetInfo();
    return shape.length > 0 ? shape[0] : 1;
  }

  /** The hyperslab of `count` rows from `first` by `step` (every other dimension whole); undefined: all. */
  private _rowSelection(first: number, count: number, step: number): NativeSelection | undefined {
    const { shape } = this._datasetInfo();
    if (shape.length === 0 || (first === 0 && step === 1 && count === shape[0])) return undefined;
    const rest = shape.slice(1);
    return {
      start: [first, ...rest.map(() => 0)],
      count: [count, ...rest],
      step: [step, ...rest.map(() => 1)],
    };
  }

  private _readRows<J extends Int64Mode>(
    first: number,
    count: number,
    step: number,
    mode: Int64Mode,
  ): ReadResult<D, J> {
    const nat = this._check();
    const selection = this._rowSelection(first, count, step);
    return this._result<J>(
      nativeCall(() => nat.readDataset(this._path, selection)),
      mode,
    );
  }

  private async _readRowsAsync<J extends Int64Mode>(
    first: number,
    count: number,
    step: number,
    mode: Int64Mode,
    signal: AbortSignal | undefined,
  ): Promise<ReadResult<D, J>> {
    const nat = this._check();
    const selection = this._rowSelection(first, count, step);
    return this._result<J>(
      await queued(signal, (q) => nat.readDatasetAsync(this._path, selection, undefined, q)),
      mode,
    );
  }

  /** A selection's read with the selection's shape (integer-keyed dimensions dropped). */
  private _selected<J extends Int64Mode>(
    raw: NativeReadValue,
    sel: Selection,
    mode: Int64Mode,
  ): ReadResult<D, J> {
    const result = this._result<J>(raw, mode);
    result.shape = [...sel.shape, ...this._atomShape()];
    return result;
  }

  /** An empty selection's result, read without I/O (HDF5 refuses empty hyperslabs). */
  private _emptyResult<J extends Int64Mode>(sel: Selection, mode: Int64Mode): ReadResult<D, J> {
    const dtype = this._datasetInfo().dtype as D;
    const data = dtype === 'string' ? [] : int64Data(emptyTyped(dtype), mode, () => this._path);
    return readResult(data as ReadData<D, J>, [...sel.shape, ...this._atomShape()], dtype);
  }

  /** @internal */
  _repr(): string {
    const info = this._datasetInfo();
    // PyTables reads an enum's first member as its default (it stores the default first).
    const atom = info.enum
      ? enumAtomRepr(String(this.getEnum()), info.enum.names[0] ?? '', info.dtype as DType, this._atomShape())
      : atomRepr(
          info.dtype as DType,
          info.itemsize,
          this._atomShape(),
          fillRepr(info.fillValue, info.itemsize),
        );
    return arrayRepr(this._str(), {
      atom,
      maindim: this.maindim,
      flavor: this.flavor,
      byteorder: this.byteorder,
      chunkshape: info.chunkshape,
    });
  }
}

declare module './registry' {
  interface NodeClasses {
    /** Arrays, and the chunked CArray and EArray that extend them. */
    Array: Array;
  }
}
registerClassName('Array', Array);
// An Array holds the element types the binding reads; others give way to UnImplemented.
registerLeafClass(CLASS_ID, (file, path, info) => {
  // A compound dataset is a Table's (records), never an Array's.
  if (info.dtype === null || (info.dtype as string) === 'compound') return null;
  // eslint-disable-next-line @typescript-eslint/no-array-constructor -- h5tables' Array, not the global one
  const array = new Array(file, path);
  array._info = info;
  return array;
});
