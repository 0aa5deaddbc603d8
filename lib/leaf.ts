// Leaf: a dataset node (PyTables' tables.Leaf), and UnImplemented for datasets whose
// element type h5tables cannot read.

import type { DType } from './dtype';
import { nativeCall } from './errors';
import { filtersFromPipeline, type Filters } from './filters';
import { leafStr, unimplementedRepr } from './printed';
import type { Group } from './group';
import type { NativeDatasetInfo } from './native';
import { Node } from './node';
import { UNIMPLEMENTED, registerClassName, registerLeafClass } from './registry';

/**
 * What the binding reports of a dataset; `atomShape` is an H5T_ARRAY element type's
 * dimensions (PyTables' array atom), which reads append to the rows' shape.
 */
export type DatasetInfo = NativeDatasetInfo & { atomShape?: number[] };

/** A dataset node (PyTables' `tables.Leaf`): shape, dtype, rows; Array and the other leaves extend it. */
export abstract class Leaf extends Node {
  /** @internal Read once: only an EArray's shape changes, and its append/truncate update it. */
  _info: DatasetInfo | undefined;

  /** @internal */
  _datasetInfo(): DatasetInfo {
    const nat = this._check();
    this._info ??= nativeCall(() => nat.getDatasetInfo(this._path));
    return this._info;
  }

  /** @internal _datasetInfo() where the node was just checked open (no native call once known). */
  _openInfo(): DatasetInfo {
    return this._info ?? this._datasetInfo();
  }

  /** @internal maindim where the node was just checked open. */
  _openMainDim(): number {
    return 0;
  }

  /** The parent group. */
  get parent(): Group {
    return super.parent as Group;
  }

  /** The dataset's shape; [] for a scalar. */
  get shape(): number[] {
    return [...this._datasetInfo().shape];
  }

  /** Rows along the main dimension: shape[0], or 1 for a scalar. */
  get nrows(): number {
    const { shape } = this._datasetInfo();
    return shape.length > 0 ? shape[0] : 1;
  }

  /** The number of dimensions. */
  get ndim(): number {
    return this._datasetInfo().shape.length;
  }

  /** The element type; null when h5tables does not support it. */
  get dtype(): DType | null {
    const { dtype } = this._datasetInfo();
    // A compound dataset's leaf (Table) describes its records itself.
    return dtype === 'compound' ? null : dtype;
  }

  /** Bytes per element. */
  get itemsize(): number {
    return this._datasetInfo().itemsize;
  }

  /**
   * 'little', 'big', or 'irrelevant' (one-byte numbers, bool, strings), as PyTables says (a
   * one-byte enum has its order); a Table's fields may also be 'mixed'.
   */
  get byteorder(): 'little' | 'big' | 'irrelevant' | 'mixed' {
    const info = this._datasetInfo();
    return info.itemsize === 1 && !info.enum ? 'irrelevant' : info.byteorder;
  }

  /** @internal The array atom's shape; [] for plain elements. */
  _atomShape(): number[] {
    return [...(this._datasetInfo().atomShape ?? [])];
  }

  /** The chunk shape, null for contiguous datasets. */
  get chunkshape(): number[] | null {
    const { chunkshape } = this._datasetInfo();
    return chunkshape ? [...chunkshape] : null;
  }

  /**
   * The filters the data is stored with (PyTables' `leaf.filters`), from the dataset's
   * filter pipeline: what PyTables reports for the same dataset (a contiguous one: no
   * filters), except that h5py's lzf, which PyTables ignores, reads as complib 'lzf'.
   */
  get filters(): Filters {
    return filtersFromPipeline(this._datasetInfo().filters ?? []);
  }

  /** The FLAVOR attribute: 'numpy' (the default) or 'python'. */
  get flavor(): string {
    const flavor = this.attrs.get('FLAVOR');
    return typeof flavor === 'string' ? flavor : 'numpy';
  }

  /** The main dimension: always 0 for the classes h5tables supports. */
  get maindim(): number {
    this._check();
    return 0;
  }

  /** @internal */
  _str(): string {
    const info = this._datasetInfo();
    return leafStr(this._path, this._className(), info.shape, this.title, this.filters._leafPart());
  }
}

/** A dataset of a type h5tables does not support (compound, float16, ...), or of a class it does not implement yet. */
export class UnImplemented extends Leaf {
  /** @internal */
  _ownClassName(): string {
    return 'UnImplemented';
  }

  /** @internal */
  _repr(): string {
    return unimplementedRepr(this._str(), this._file.filename);
  }
}

declare module './registry' {
  interface NodeClasses {
    /** Every dataset node. */
    Leaf: Leaf;
    /** A dataset whose element type h5tables cannot read. */
    UnImplemented: UnImplemented;
  }
}
registerClassName('Leaf', Leaf);
registerClassName('UnImplemented', UnImplemented);
registerLeafClass(UNIMPLEMENTED, (file, path, info) => {
  const leaf = new UnImplemented(file, path);
  leaf._info = info;
  return leaf;
});
