// CArray: a chunked array of fixed shape, compressed by its filters (PyTables' tables.CArray).

import { splitSignal, throwIfAborted, type AsyncOptions } from './abort';
import { Array as H5Array } from './array';
import { prepareChunked, writeChunked, writeChunkedAsync, type CArrayOptions } from './chunked';
import type { DType, Int64Mode } from './dtype';
import type { File } from './file';
import { registerClassName, registerLeafClass } from './registry';

export type { CArrayOptions, EArrayOptions } from './chunked';

/**
 * A chunked array of fixed shape (PyTables' `tables.CArray`): an Array whose data is
 * stored in chunks, each compressed by the leaf's filters. Made by `createCArray`; read
 * as an Array is.
 */
export class CArray<D extends DType = DType, I extends Int64Mode = Int64Mode> extends H5Array<D, I> {
  /** @internal Creates a CArray (PyTables' create_carray). */
  static _make<D extends DType, I extends Int64Mode>(
    file: File<I>,
    where: unknown,
    name: unknown,
    options: CArrayOptions<D>,
  ): CArray<D, I> {
    const n = prepareChunked('CArray', file, where, name, options, true);
    const info = writeChunked(file, n);
    return file._node(n.path, 'dataset', n.classId, info) as CArray<D, I>;
  }

  /** @internal _make() with the writes on the HDF5 thread (the data copied at the call). */
  static async _makeAsync<D extends DType, I extends Int64Mode>(
    file: File<I>,
    where: unknown,
    name: unknown,
    options: CArrayOptions<D> & AsyncOptions,
  ): Promise<CArray<D, I>> {
    const { signal, rest } = splitSignal(options, 'createCArrayAsync');
    throwIfAborted(signal);
    const n = prepareChunked('CArray', file, where, name, rest, false);
    const info = await writeChunkedAsync(file, n, name, signal);
    return file._node(n.path, 'dataset', n.classId, info) as CArray<D, I>;
  }

  /** @internal */
  _ownClassName(): string {
    return 'CArray';
  }

  /** The extendible dimension: -1, a CArray does not grow (EArray's is >= 0). */
  get extdim(): number {
    this._check();
    return -1;
  }
}

declare module './registry' {
  interface NodeClasses {
    /** Chunked arrays of fixed shape, and the EArrays that extend them. */
    CArray: CArray;
  }
}
registerClassName('CArray', CArray);
registerLeafClass('CARRAY', (file, path, info) => {
  if (info.dtype === null) return null;
  const carray = new CArray(file, path);
  carray._info = info;
  return carray;
});
