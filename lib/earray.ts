// EArray: a chunked array that grows along one dimension (PyTables' tables.EArray):
// append(rows) and truncate(n), with nrows and shape following them.

import { queued, splitSignal, throwIfAborted, type AsyncOptions, asyncOptions } from './abort';
import { atomValue } from './atomdata';
import { CArray } from './carray';
import { prepareChunked, writeChunked, writeChunkedAsync, type EArrayOptions } from './chunked';
import type { ArrayInput, DType, Int64Mode } from './dtype';
import { nativeCall } from './errors';
import type { File } from './file';
import { pyTuple } from './pyrepr';
import type { NativeDatasetInfo, NativeWriteValue } from './native';
import { registerClassName, registerLeafClass } from './registry';

/** The first unlimited dimension (PyTables' extdim for a dataset without EXTDIM); -1 for none. */
function firstUnlimited(info: NativeDatasetInfo): number {
  return (info.maxshape ?? []).indexOf(null);
}

/**
 * A chunked array that grows along one dimension, its `extdim` (PyTables'
 * `tables.EArray`): `append(rows)` adds rows at its end, `truncate(n)` sets their number.
 * Its rows (`nrows`, `read(start, stop, step)`, `maindim`) run along `extdim`.
 *
 * `append` takes what createArray takes: a TypedArray of the atom's dtype (one
 * dimension), `{ data, shape }`, or nested arrays, converted as createEArray's `obj` is
 * (plain numbers into an integer atom must be integers within range, strings at most the
 * atom's itemsize; a TypedArray of another dtype is a TypeError). Its shape is the
 * EArray's with any length along `extdim`; anything else is an error and adds no row.
 */
export class EArray<D extends DType = DType, I extends Int64Mode = Int64Mode> extends CArray<D, I> {
  /** @internal The EXTDIM attribute (or the first unlimited dimension), read once. */
  _extdim: number | undefined;

  /** @internal Creates an EArray (PyTables' create_earray). */
  static _makeEArray<D extends DType, I extends Int64Mode>(
    file: File<I>,
    where: unknown,
    name: unknown,
    options: EArrayOptions<D>,
  ): EArray<D, I> {
    const n = prepareChunked('EArray', file, where, name, options, true);
    const info = writeChunked(file, n);
    return file._node(n.path, 'dataset', n.classId, info) as EArray<D, I>;
  }

  /** @internal _makeEArray() with the writes on the HDF5 thread (the data copied at the call). */
  static async _makeEArrayAsync<D extends DType, I extends Int64Mode>(
    file: File<I>,
    where: unknown,
    name: unknown,
    options: EArrayOptions<D> & AsyncOptions,
  ): Promise<EArray<D, I>> {
    const { signal, rest } = splitSignal(options, 'createEArrayAsync');
    throwIfAborted(signal);
    const n = prepareChunked('EArray', file, where, name, rest, false);
    const info = await writeChunkedAsync(file, n, name, signal);
    return file._node(n.path, 'dataset', n.classId, info) as EArray<D, I>;
  }

  /** @internal */
  _ownClassName(): string {
    return 'EArray';
  }

  /**
   * The dimension the array grows along: its EXTDIM attribute, else its first unlimited
   * dimension; -1 for a dataset marked EARRAY that cannot grow (PyTables opens it too).
   */
  get extdim(): number {
    this._check();
    if (this._extdim === undefined) {
      // An unreadable EXTDIM (a damaged header) falls back to the dataspace, so shape,
      // nrows and reads still work: the attribute only names what maxshape already says.
      let attr: unknown;
      try {
        attr = this.attrs.get('EXTDIM');
      } catch {
        attr = undefined;
      }
      const rank = this._datasetInfo().shape.length;
      this._extdim =
        typeof attr === 'number' && Number.isInteger(attr) && attr >= 0 && attr < rank
          ? attr
          : firstUnlimited(this._datasetInfo());
    }
    return this._extdim;
  }

  /** The dimension rows run along: `extdim` (0 when it is -1). */
  get maindim(): number {
    return Math.max(this.extdim, 0);
  }

  /** @internal */
  _openMainDim(): number {
    return Math.max(this._extdim ?? this.extdim, 0);
  }

  /** The number of rows: the length along `maindim`. */
  get nrows(): number {
    const { shape } = this._datasetInfo();
    return shape.length > 0 ? shape[this.maindim] : 1;
  }

  /** @internal extdim, or the TypeError of a dataset that cannot grow. */
  private _growing(what: string): number {
    const extdim = this.extdim;
    if (extdim < 0) throw new TypeError(`${what}: \`\`${this._path}\`\` has no extendible dimension`);
    return extdim;
  }

  /**
   * Adds rows at the end (PyTables' append): `rows` has the EArray's shape with any length
   * along `extdim` (0 adds nothing). Wrong shapes and types are errors that add no row.
   */
  append(rows: ArrayInput): void {
    const nat = this._check();
    this._file._checkWritable();
    const extdim = this._growing('append');
    const value = this._rows(rows, extdim);
    if (value === null) return;
    this._grown(nativeCall(() => nat.appendDataset(this._path, value, extdim)));
  }

  /**
   * append() with the write on the HDF5 thread; the rows are checked and copied at the
   * call. `signal` cancels it while it is queued (then nothing is added).
   */
  async appendAsync(rows: ArrayInput, options?: AsyncOptions): Promise<void> {
    const signal = asyncOptions(options, 'appendAsync');
    throwIfAborted(signal);
    const nat = this._check();
    this._file._checkWritable();
    const extdim = this._growing('appendAsync');
    const value = this._rows(rows, extdim);
    if (value === null) return;
    this._grown(await queued(signal, (q) => nat.appendDatasetAsync(this._path, value, extdim, q)));
  }

  /**
   * Sets the number of rows to `n` (PyTables' truncate): rows past `n` are dropped; growing
   * adds rows of the atom's default (its `dflt`, the dataset's fill value).
   */
  truncate(n: number): void {
    const nat = this._check();
    const shape = this._truncated(n);
    nativeCall(() => nat.setExtent(this._path, shape));
    this._grown(shape);
  }

  /** truncate() on the HDF5 thread; `signal` cancels it while it is queued. */
  async truncateAsync(n: number, options?: AsyncOptions): Promise<void> {
    const signal = asyncOptions(options, 'truncateAsync');
    throwIfAborted(signal);
    const nat = this._check();
    const shape = this._truncated(n);
    await queued(signal, (q) => nat.setExtentAsync(this._path, shape, q));
    this._grown(shape);
  }

  /** The new shape of truncate(n), checked. */
  private _truncated(n: unknown): number[] {
    this._file._checkWritable();
    if (this.extdim < 0) throw new TypeError('non-enlargeable datasets cannot be truncated');
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      throw new TypeError(`truncate: n must be an integer, not ${typeof n === 'number' ? n : typeof n}`);
    }
    if (n < 0) throw new RangeError(`truncate: n must be >= 0, not ${n}`);
    const shape = this.shape;
    shape[this.extdim] = n;
    return shape;
  }

  /** The rows of an append as a NativeWriteValue, checked against the shape; null when empty. */
  private _rows(rows: unknown, extdim: number): NativeWriteValue | null {
    const info = this._datasetInfo();
    const what = `append to \`\`${this._path}\`\``;
    const value = atomValue(rows, { dtype: info.dtype as DType, itemsize: info.itemsize }, what);
    const atomShape = this._atomShape();
    const shape = value.shape ?? [];
    const rank = shape.length - atomShape.length;
    if (rank !== info.shape.length) {
      throw new RangeError(
        `the ranks of the appended object (${rank}) and the \`\`${this._path}\`\` EArray (${info.shape.length}) differ`,
      );
    }
    for (let i = 0; i < shape.length; i++) {
      const want = i < rank ? info.shape[i] : atomShape[i - rank];
      if (i !== extdim && shape[i] !== want) {
        throw new RangeError(
          `the shapes of the appended object ${pyTuple(shape)} and the \`\`${this._path}\`\` EArray ${pyTuple(info.shape)} ` +
            `differ in non-enlargeable dimension ${i}`,
        );
      }
    }
    return shape[extdim] === 0 ? null : value;
  }

  /** The binding reports the new extent: the cached info follows it. */
  private _grown(shape: number[]): void {
    const info = this._datasetInfo();
    this._info = { ...info, shape: [...shape] };
  }
}

declare module './registry' {
  interface NodeClasses {
    /** Chunked arrays that grow along one dimension. */
    EArray: EArray;
  }
}
registerClassName('EArray', EArray);
registerLeafClass('EARRAY', (file, path, info) => {
  if (info.dtype === null) return null;
  const earray = new EArray(file, path);
  earray._info = info;
  return earray;
});
