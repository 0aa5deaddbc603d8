// The typed declaration of the native module (binding/), and its loader.
//
// binding/ is a thin, faithful layer over libhdf5: it knows files, links, datasets,
// attributes and datatypes, addressed by absolute HDF5 path inside one open file.
// It knows nothing of PyTables (titles, CLASS attributes, natural naming): that is lib/'s job.
// No HDF5 id ever reaches JavaScript: a NativeFile owns its file id and its open datasets
// (NativeDataset); every other id is opened and closed within one call.
//
// Every native operation is defined once in binding/js/ and exported in both forms:
// `name` (runs on the calling thread) and `nameAsync` (runs on the process's HDF5 thread,
// in call order with the environment's other async calls). The interfaces below mirror
// that: each *Operations interface is declared once, and AsyncForms<> makes its Promise
// forms. test/native/exports.test.ts checks these declarations against the addon's real
// exports, both ways.

import path from 'node:path';
import type { DType, TypedArray } from './dtype';

/**
 * Element types the binding can read and write (the public DType: lib/dtype.ts). The
 * binding also has 'complex64' | 'complex128' (HDF5 compounds {r, i} of IEEE floats,
 * h5py's and PyTables' layout; held as an interleaved re, im Float32Array/Float64Array of
 * twice the elements) and 'float16' (IEEE half; read into a Float32Array, written from a
 * Float32Array, HDF5 rounding to nearest): they join this type when lib/dtype.ts's table
 * has their rows.
 */
export type NativeDType = DType;

/** An enum's members (PyTables' EnumAtom, h5py's enums), in stored order. */
export interface NativeEnum {
  names: string[];
  values: number[];
}

/** The TypedArray the binding uses for each numeric dtype; bool uses Uint8Array. */
export type NativeTypedArray = TypedArray;

export interface NativeOpenOptions {
  /** The name HDF5 sees (for an in-memory file lib/ may pass a unique internal name). */
  name: string;
  /** true: H5Fcreate with H5F_ACC_TRUNC; false: H5Fopen. */
  create: boolean;
  /** For an open: H5F_ACC_RDWR when true, H5F_ACC_RDONLY when false. Ignored on create. */
  writable: boolean;
  /** 'source': read-only, through `source` and a block cache (binding/hdf5/range_driver.h). */
  driver: 'sec2' | 'stdio' | 'core' | 'source';
  /** CORE only: allocation increment in bytes (default 64 KiB). */
  coreIncrement?: number;
  /** CORE only: write the file to `name` on flush/close (default true). */
  coreBackingStore?: boolean;
  /** CORE only: open this image instead of a disk file. Never modified. */
  image?: Uint8Array;
  /**
   * With a read-only image open: HDF5 reads the image where it is, without a copy. The
   * file takes it: an image covering its whole ArrayBuffer is transferred to the file (the
   * caller's ArrayBuffer is detached); any other is copied once.
   */
  imageNoCopy?: boolean;
  /** The most bytes one read may allocate (default 1 GiB; Infinity: Node's maximum only). */
  maxReadBytes?: number;
  /** Follow external links, external storage and virtual sources in other files (default false). */
  allowExternalFiles?: boolean;
  /** With allowExternalFiles: only files under these directories (canonical absolute paths). */
  externalDirectories?: string[];
  /** driver 'source': the object whose read(offset, length) serves the file's bytes. */
  source?: { read(offset: number, length: number, options?: { signal?: AbortSignal }): Promise<Uint8Array> };
  /** driver 'source': the file's size, when known. */
  sourceSize?: number;
  /** driver 'source': the bytes from offset 0 lib/ read already (kept as cached blocks). */
  sourcePreload?: Uint8Array;
  /** driver 'source': the cache's block size (default 64 KiB, 512 B to 64 MiB). */
  sourceBlockSize?: number;
  /** driver 'source': the most bytes of blocks kept (default 32 MiB). */
  sourceMaxBytes?: number;
  /** driver 'source': extra blocks fetched after the missing ones of each miss (default 0). */
  sourceReadAhead?: number;
  /**
   * driver 'source': ms each source.read may take before it fails with ERR_SOURCE_TIMEOUT
   * and its `{ signal }` is aborted (default 0: no limit).
   */
  sourceTimeout?: number;
}

/** A byte-range source file's statistics since it was opened. */
export interface NativeSourceStats {
  /** source.read calls. */
  requests: number;
  /** Bytes they returned. */
  bytesFetched: number;
  /** HDF5 reads served from the cache alone. */
  cacheHits: number;
  /** HDF5 reads that needed a source.read. */
  cacheMisses: number;
  /** Bytes of blocks the cache holds now. */
  cachedBytes: number;
}

/**
 * What a node is, from its link: what a hard link leads to, or a soft or external link
 * itself (not followed).
 */
export type NativeNodeKind = 'group' | 'dataset' | 'datatype' | 'other' | 'softlink' | 'externallink';

/** A link, not followed: a soft link's target path, an external link's file and object path. */
export interface NativeLinkValue {
  type: 'hard' | 'soft' | 'external' | 'other';
  /** The soft link's target, or the external link's object path. */
  target?: string;
  /** The external link's file name, as stored. */
  file?: string;
}

export interface NativeChild {
  name: string;
  kind: NativeNodeKind;
}

/** One field of a compound type (a table column), in stored order. */
export interface NativeField {
  name: string;
  /**
   * The field's element type; 'compound' for a nested compound (then `fields` is set).
   * Reported as null for a stored type the binding does not read (readRecords of that
   * field is ERR_UNSUPPORTED_TYPE; the other fields still read).
   */
  dtype: NativeDType | 'compound' | null;
  /** A nested compound's fields, in stored order. */
  fields?: NativeField[];
  /** An H5T_ARRAY field's dimensions (PyTables' Col shape); [] for plain elements. */
  shape: number[];
  /**
   * Bytes per element of dtype (strings: the fixed size; a nested compound: its size).
   * Reported; when writing, read only for strings of a new dataset (default: the longest
   * string of the column, at least 1).
   */
  itemsize?: number;
  /** Reported only: the byte offset in the stored record (in its parent, when nested). */
  offset?: number;
  /** Reported only, numbers: 'little' | 'big'. */
  byteorder?: 'little' | 'big' | 'irrelevant';
  /**
   * Enums only (dtype is the base integer type; the column holds those integers): the
   * names and values, in stored order. Given when creating, the field is an H5T_ENUM.
   */
  enum?: NativeEnum;
}

/**
 * Records: a compound dataset's contents as columns. `columns[i]` belongs to the i-th
 * leaf field of `fields` in depth-first order (nested compounds flattened), and holds that
 * field for every selected record in C order: the dtype's TypedArray (bool: Uint8Array of
 * 0/1; int64/uint64: BigInt64Array/BigUint64Array) of length nrecords * prod(field.shape),
 * or string[] for fixed strings (trailing NULs dropped). A string column may also be given
 * (and, with readRecords' stringsAsBytes, is read) as one Uint8Array of its elements, each
 * the field's itemsize bytes, NUL-padded: the field's itemsize is then required.
 *
 * Written records make (createDataset) the fields packed in the given order without
 * padding, as PyTables packs a table: little-endian numbers, bool as H5T_STD_B8LE
 * (PyTables' BoolCol), strings as fixed ASCII NUL-terminated (H5T_STR_NULLTERM, as
 * PyTables' StringCol; a string of exactly itemsize bytes is stored whole), shaped fields
 * as H5T_ARRAY, nested compounds as compounds.
 */
export interface NativeRecords {
  dtype: 'compound';
  fields: NativeField[];
  /** The dataspace shape of the records ([n] for a table; [] for one record). */
  shape: number[];
  columns: Array<NativeTypedArray | string[]>;
}

export interface NativeDatasetInfo {
  /**
   * 'compound' for a compound dataset (a table: `fields` describes it); null when the
   * element type is not one the binding supports (float16, references, ...).
   */
  dtype: NativeDType | 'compound' | null;
  /** A compound dataset's fields, in stored order (with itemsize, offset and byteorder). */
  fields?: NativeField[];
  /**
   * An enum dataset's members (dtype is then the base integer type, which reads return).
   * byteorder is the stored one ('big' for a big-endian file: reads convert to native).
   */
  enum?: NativeEnum;
  /** The dataspace's shape ([] for a scalar or NULL dataspace): PyTables' Leaf.shape. */
  shape: number[];
  /**
   * For an H5T_ARRAY element type (PyTables' array atom, e.g. Float64Atom(shape=(10,))):
   * its dimensions, which reads append to the selection's shape; [] otherwise. The binding
   * always sets it (optional so lib/ can describe a dataset it just wrote without it).
   */
  atomShape?: number[];
  /** Bytes per element (for strings: the fixed size; for variable-length strings: 0). */
  itemsize: number;
  /** 'little' | 'big' for numbers, 'irrelevant' for bool, strings and unsupported types. */
  byteorder: 'little' | 'big' | 'irrelevant';
  /** Chunk shape for chunked layouts, null otherwise. */
  chunkshape: number[] | null;
  /**
   * Each dimension's maximum extent (H5Sget_simple_extent_dims' maxdims): a number, or null
   * for H5S_UNLIMITED ([] for a scalar or NULL dataspace). Optional so lib/ can describe a
   * dataset it just wrote without it; the binding always sets it.
   */
  maxshape?: Array<number | null>;
  /** The filter pipeline in order ([] for none); the binding always sets it. */
  filters?: NativeFilter[];
  /**
   * The dataset's own fill value (H5Pset_fill_value's, PyTables' atom default), as one
   * element: shape [] or the array atom's dimensions. Present only when the dataset has a
   * user-defined one of a type the binding reads (at most 1 MiB); absent for HDF5's
   * default (zeros, empty strings).
   */
  fillValue?: NativeReadValue;
  /**
   * For an H5T_VLEN of a number, bool or array atom (PyTables' VLArray, h5py's
   * vlen_dtype): the sequences' element, read by readVlen. dtype is then null, and
   * itemsize and byteorder describe one base element.
   */
  vlen?: NativeVlenType;
}

/** An H5T_ENUM's members: names and their integer values, in stored order. */
export interface NativeEnum {
  names: string[];
  values: number[];
}

/** The element of variable-length rows: a dtype (not 'string'), or an array atom of it. */
export interface NativeVlenType {
  dtype: NativeDType;
  /** An H5T_ARRAY element's dimensions, each >= 1 ([] or absent: plain elements). */
  atomShape?: number[];
}

/**
 * Variable-length rows as they cross the binding: row i is
 * `data.subarray(offsets[i], offsets[i + 1])`, its elements flat in C order (an array
 * atom's every element).
 */
export interface NativeVlenRows extends NativeVlenType {
  /** rows + 1 entries, from 0 to data.length, never decreasing; for an array atom, multiples of its size. */
  offsets: Float64Array;
  /** The TypedArray of dtype (Uint8Array for bool). */
  data: NativeTypedArray;
}

/** What readVlen returns: the rows of the selection, and its shape. */
export interface NativeVlenRead extends NativeVlenRows {
  atomShape: number[];
  /** The selection's shape (the dataset's without one). */
  shape: number[];
}

/** One filter of a dataset's pipeline, in HDF5's own terms (H5Pset_filter, H5Pget_filter2). */
export interface NativeFilter {
  /** The HDF5 filter id: 1 deflate, 2 shuffle, 3 fletcher32, 307 bzip2, 32000 lzf, 32001 blosc, ... */
  id: number;
  /**
   * The client data values, unsigned 32-bit. Written: as given (a filter's set_local may
   * complete them, as blosc's does). Reported: as the file's pipeline stores them.
   */
  cdValues: number[];
  /** H5Z_FLAG_OPTIONAL: a chunk the filter cannot reduce is stored unfiltered. Default false. */
  optional?: boolean;
  /** Reported only: the name the file's pipeline records ('deflate', 'shuffle', 'blosc', ...). */
  name?: string;
}

/** How a new dataset is stored (createDataset's last argument); without it: contiguous. */
export interface NativeStorage {
  /** A chunked layout with this chunk shape: one entry per dimension, each >= 1. */
  chunkshape: number[];
  /**
   * Each dimension's maximum: a number (>= that dimension of the shape), or null for
   * unlimited (H5S_UNLIMITED). Default: the shape (a fixed-size chunked dataset).
   */
  maxshape?: Array<number | null>;
  /**
   * The filter pipeline, applied in this order when writing. A filter id this build does
   * not have is ERR_INVALID_ARG "filter 'blosc' (32001) is not available in this build",
   * before anything is created.
   */
  filters?: NativeFilter[];
  /**
   * H5Pset_fill_value: what elements never written read as (a CArray's cells, an
   * extent's growth). One element of the value's dtype: shape [] (repeated over an array
   * atom) or the value's atomShape; strings at most the value's itemsize (stored at it).
   * Another dtype or shape, or a longer string, is ERR_INVALID_ARG before anything is
   * created. Default: HDF5's (zeros, empty strings).
   *
   * For a compound dataset (createDataset of NativeRecords): one record, a NativeRecords
   * of shape [] giving every field (PyTables' column defaults); a field missing, unknown
   * or of another kind is ERR_INVALID_ARG before anything is created.
   */
  fillValue?: NativeWriteValue | NativeRecords;
}

/** Data going into HDF5: a dataset's or an attribute's whole contents. */
export interface NativeWriteValue {
  dtype: NativeDType;
  /**
   * [] for a scalar. For attributes, `null` shape means an HDF5 NULL dataspace (PyTables'
   * empty string). With `atomShape`, its last dimensions are the array atom's.
   */
  shape: number[] | null;
  /**
   * An H5T_ARRAY element type of these dimensions over dtype (PyTables' array atom,
   * `Int32Atom({ shape: [2] })`): the dataspace is `shape` without them, and `data` holds
   * every element of each array, in C order. Each dimension >= 1; `shape` must end with
   * them (else ERR_INVALID_ARG). Default [] (plain elements). createDataset (and
   * attributes) make that type; writeDataset and appendDataset take it only as the
   * dataset's own array atom (ERR_INVALID_ARG otherwise), which they also assume without it.
   */
  atomShape?: number[];
  /**
   * The elements in C order: the matching TypedArray for numbers (Uint8Array of 0/1 for
   * bool), or a string[] for strings. Passed to H5Dwrite/H5Awrite without a copy when it
   * is a TypedArray.
   */
  data: NativeTypedArray | string[];
  /** Strings only: the fixed size in bytes (>= 1); default: the longest UTF-8 encoding. */
  itemsize?: number;
  /** Strings only: 'ascii' (numpy bytes, PyTables' StringAtom) or 'utf8' (PyTables' attributes). */
  charset?: 'ascii' | 'utf8';
  /**
   * Integer dtypes only: make an H5T_ENUM over dtype with these members (PyTables'
   * EnumAtom); data holds the values. Names distinct and non-empty, values distinct
   * integers (else ERR_INVALID_ARG). Writing into an existing enum dataset takes the
   * base integers without it.
   */
  enum?: NativeEnum;
}

/** Attributes written with a new node, in order: [name, value] pairs. */
export type NativeAttributeList = Array<[string, NativeWriteValue]>;

/** Data coming out of HDF5. */
export interface NativeReadValue {
  dtype: NativeDType;
  /**
   * The whole shape: [] for a scalar, [2, 3] for a 2x3 attribute or dataset (a selection's
   * counts for a hyperslab), with an array atom's dimensions last; null for a NULL
   * dataspace (then data is empty).
   */
  shape: number[] | null;
  /**
   * The elements flat in C order: a new TypedArray over a fresh ArrayBuffer, or decoded
   * strings (only trailing NUL padding dropped: 'a\0b' reads back whole).
   */
  data: NativeTypedArray | string[];
  /** An enum's members (dtype is its base integer type; data holds those integers). */
  enum?: NativeEnum;
}

/** A hyperslab: one entry per dimension. count is the number of elements taken. */
export interface NativeSelection {
  start: number[];
  count: number[];
  step: number[];
}

/**
 * Each operation's Promise form: `nameAsync`, with the same arguments and, optionally, a
 * last one: `onQueued(cancel)`, called once the task is queued. `cancel()` takes the task
 * out of the HDF5 thread's queue if it has not started (it never runs; the promise
 * rejects with an Error named 'AbortError', code 'ABORT_ERR') and returns true; once it
 * has started it returns false and the promise settles with the result.
 */
export type AsyncForms<T> = {
  [K in keyof T & string as `${K}Async`]: T[K] extends (...args: infer A) => infer R
    ? (...args: [...A, ((cancel: () => boolean) => void)?]) => Promise<R>
    : never;
};

/** NativeFile's operations (each also as `nameAsync`, see AsyncForms). */
export interface NativeFileOperations {
  /** Closes the file's datasets, then the file (H5F_CLOSE_STRONG semantics). Calling it again does nothing. */
  close(): void;
  /** H5Fflush(H5F_SCOPE_GLOBAL). */
  flush(): void;
  /** H5Fget_file_image into one exact-size Buffer. The caller flushes first. */
  getFileImage(): Buffer;
  /**
   * Flushes, closes the file and returns its image. For a CORE file created or opened from
   * an image, the driver's memory becomes the Buffer without a copy; otherwise one copy.
   */
  takeFileImage(): Buffer;

  /** Kind of the object at path, or null when no such link resolves (every component checked). */
  getKind(path: string): NativeNodeKind | null;
  /** Children of a group (link names in name order, with their object kinds). */
  listChildren(groupPath: string): NativeChild[];
  /**
   * Creates a group and writes its attributes on it, then copies those of `inherited` its
   * parent group has (PyTables' FILTERS), as stored; on failure no group is left. A link
   * already at path is ERR_EXISTS.
   */
  createGroup(path: string, attributes?: NativeAttributeList, inherited?: readonly string[]): void;
  /** Whether path's last component is a link (its parent group must exist). */
  hasLink(path: string): boolean;
  /** H5Ldelete. */
  deleteLink(path: string): void;
  /** H5Lmove within the file. */
  moveLink(src: string, dst: string): void;
  /** H5Ocopy within the file (recursive, with attributes). */
  copyObject(src: string, dst: string): void;
  /** The link at path itself (H5Lget_info2, H5Lget_val, H5Lunpack_elink_val), not followed. */
  getLinkValue(path: string): NativeLinkValue;
  /** H5Lcreate_soft: a soft link at path to target (which need not exist). */
  createSoftLink(path: string, target: string): void;
  /** H5Lcreate_external: a link at path to the object `target` of the file `file`. */
  createExternalLink(path: string, file: string, target: string): void;
  /** H5Lcreate_hard: a second link at path to the object at targetPath. */
  createHardLink(path: string, targetPath: string): void;

  /**
   * Creates a contiguous dataset with value and its attributes; on failure no node is left.
   * A link already at path is ERR_EXISTS. The Promise form copies a TypedArray at the call
   * (JavaScript could free its memory while the write waits).
   */
  createDataset(
    path: string,
    value: NativeWriteValue | NativeRecords,
    attributes?: NativeAttributeList,
    storage?: NativeStorage,
  ): void;
  getDatasetInfo(path: string): NativeDatasetInfo;
  /** Reads the whole dataset, or the hyperslab when given. */
  /**
   * Reads the whole dataset, or the hyperslab when given. With `out` (a TypedArray of the
   * dtype, exactly the result's byteLength) the result's data is `out`, filled: the sync
   * form reads straight into it, the Promise form copies into it when the read is done (a
   * TypeError if it was detached or resized meanwhile).
   */
  readDataset(path: string, selection?: NativeSelection, out?: NativeTypedArray): NativeReadValue;
  /**
   * readDataset's data alone for rows `start` to `start + count` along the first dimension,
   * every other dimension whole (a rank >= 1 dataset; ERR_INVALID_ARG otherwise, or when
   * the rows are not all inside it). The caller knows the result's dtype and shape.
   */
  readRows(path: string, start: number, count: number): NativeTypedArray | string[];
  /**
   * The rows of the first dimension that stored chunks hold, as [begin, end) pairs,
   * ascending and merged (rows outside them read as the fill value), or null when every
   * row is stored (a layout that is not chunked) or the chunks cannot be listed.
   */
  storedRows(path: string): Float64Array | null;
  /**
   * Writes value over the whole dataset, or over the hyperslab when given: value.shape must
   * be the selection's counts (the dataset's shape without one), an array atom's dimensions
   * last. A selection that takes no element writes nothing. The Promise form copies a
   * TypedArray at the call.
   *
   * HDF5 converts value.dtype to the stored type: a number out of the stored range is
   * clipped to it (300 and -5 into uint8 are 255 and 0; a float is truncated toward zero
   * and NaN becomes 0 in an integer type; a float64 beyond float32's range becomes
   * ±Infinity); fixed strings are padded or cut to the stored size (NUL-terminated ones,
   * as createDataset makes them, keep one byte less for the NUL); strings go into
   * variable-length string datasets too (cut at a NUL); bool goes into h5py's bool enum.
   * A conversion HDF5 does not have (numbers into strings, strings into numbers) is
   * ERR_HDF5 "H5Dwrite failed: ...no appropriate function for conversion path".
   *
   * ERR_INVALID_ARG, and nothing written: value.shape of the wrong rank or shape (or null),
   * data whose length is not value.shape's, a selection of the wrong rank or beyond the
   * extent, a dataset with a NULL dataspace. A read-only file is ERR_HDF5 "...no write
   * intent on file".
   */
  writeDataset(path: string, value: NativeWriteValue, selection?: NativeSelection): void;
  /**
   * H5Dset_extent: the new shape, of the dataset's rank, each dimension within maxshape.
   * Growing adds fill values (0 unless the dataset has another); shrinking drops what lies
   * beyond. Any change needs a chunked layout. Every open handle of the file (NativeDataset,
   * and the path calls) sees the new extent. ERR_INVALID_ARG, extent unchanged: another
   * rank, beyond maxshape, a dataset that is not chunked, a scalar or NULL dataspace; a
   * read-only file is ERR_HDF5 "...no write intent on file".
   */
  setExtent(path: string, shape: number[]): void;
  /**
   * Grows dimension `axis` by value.shape[axis] and writes value into the new part (the
   * other dimensions of value.shape must equal the dataset's, an array atom's last).
   * Returns the new shape; value.shape[axis] = 0 changes nothing. Checked first, with
   * nothing changed (ERR_INVALID_ARG): axis (an integer from 0 to rank - 1), value.shape,
   * maxshape, a chunked layout. If the write then fails (a conversion HDF5 refuses, as
   * writeDataset describes), the extent is set back before the error is thrown, so a
   * failed append adds nothing. Every open handle sees the new extent. The Promise form
   * copies a TypedArray at the call.
   */
  appendDataset(path: string, value: NativeWriteValue, axis: number): number[];
  /** Opens the dataset at path as a handle owned by this file (closed with it). */
  openDataset(path: string): NativeDataset;

  /**
   * Reads the records of a compound dataset (all, or the hyperslab selected) as columns.
   * `fieldPaths` reads only those fields (`['x', 'pos/y']`: nested names joined with '/',
   * a whole nested compound by its name; HDF5 reads only those members): the result's
   * `fields` then lists only them, in stored order, nested ones inside their parents, and
   * `columns` follows it. ERR_INVALID_ARG: a dataset that is not compound, an unknown
   * field (named), a bad selection. ERR_UNSUPPORTED_TYPE: a field read whose stored type
   * the binding does not read (named). With `stringsAsBytes`, each string column is one
   * Uint8Array of its elements' bytes (the field's itemsize each, NUL-padded after the
   * string's end, whatever the stored padding) instead of a string[].
   */
  readRecords(
    path: string,
    selection?: NativeSelection,
    fieldPaths?: string[],
    stringsAsBytes?: boolean,
  ): NativeRecords;
  /**
   * Writes value's records over the whole dataset, or over the hyperslab: value.shape must
   * be the selection's counts (the dataset's shape without one). value.fields may be a
   * subset of the stored fields, by name (nested ones inside their parents): the others
   * keep their values (PyTables' modifyColumn). Each given field must exist, with the
   * stored shape and a convertible type (numbers to numbers, HDF5 converting them as
   * writeDataset does; bool to bool; strings to strings, each at most the stored size).
   * Everything is checked before anything is written (ERR_INVALID_ARG). The Promise form
   * copies the TypedArrays at the call.
   */
  writeRecords(path: string, value: NativeRecords, selection?: NativeSelection): void;
  /**
   * Grows dimension `axis` (default 0) by value.shape[axis] and writes value's records
   * there, as appendDataset does (checked first; a failed write sets the extent back).
   * value.fields may be a subset: the others read as the dataset's fill value. Returns
   * the new shape.
   */
  appendRecords(path: string, value: NativeRecords, axis?: number): number[];

  /**
   * Creates a 1-D dataset of variable-length rows of `type` with no rows yet, chunked as
   * `storage` says (required; its shape is [0]: chunkshape one entry, maxshape e.g.
   * [null]; no fillValue), and its attributes; on failure no node is left. A link
   * already at path is ERR_EXISTS; a bad type or storage ERR_INVALID_ARG, before anything
   * is created.
   */
  createVlenDataset(
    path: string,
    type: NativeVlenType,
    attributes: NativeAttributeList | undefined,
    storage: NativeStorage,
  ): void;
  /**
   * Reads the rows of an H5T_VLEN dataset (the whole dataset, or the hyperslab), copied
   * once into one flat TypedArray. What HDF5 allocates for the rows counts against
   * maxReadBytes (ERR_TOO_LARGE) and cannot exceed the file's size (ERR_HDF5 "the file is
   * damaged"), and is freed whatever happens. Another type is ERR_UNSUPPORTED_TYPE.
   */
  readVlen(path: string, selection?: NativeSelection): NativeVlenRead;
  /**
   * Appends rows to a 1-D chunked H5T_VLEN dataset of the same dtype and atomShape
   * (HDF5 reads the caller's elements in place; the Promise form copies them at the
   * call). Returns the new shape. ERR_INVALID_ARG, nothing changed: another type, bad
   * offsets, a dataset that is not 1-D or not chunked, beyond its maxshape; if the write
   * fails, the extent is set back.
   */
  appendVlen(path: string, rows: NativeVlenRows): number[];
  /**
   * Writes rows over the rows of a 1-D H5T_VLEN dataset that the selection takes (as many
   * rows as it takes; any lengths, HDF5 stores each anew). The Promise form copies the
   * elements at the call. ERR_INVALID_ARG, nothing written: another type, bad offsets, a
   * selection beyond the dataset or of another number of rows.
   */
  writeVlen(path: string, rows: NativeVlenRows, selection: NativeSelection): void;

  /** Attribute names of the object at path, in name order. */
  listAttributes(path: string): string[];
  hasAttribute(path: string, name: string): boolean;
  /**
   * A compound attribute (not a complex number) is ERR_UNSUPPORTED_TYPE here, its message
   * naming readAttributeRecords, which reads it. An enum attribute's value has `enum`.
   */
  readAttribute(path: string, name: string): NativeReadValue;
  /**
   * A compound attribute (PyTables' and h5py's record attributes) as NativeRecords (shape
   * [] for one record). Any other attribute is ERR_INVALID_ARG.
   */
  readAttributeRecords(path: string, name: string): NativeRecords;
  /** Creates or replaces the attribute. */
  writeAttribute(path: string, name: string, value: NativeWriteValue): void;
  /**
   * Creates or replaces a compound attribute holding the records (shape [] for one
   * record), its type built as createDataset builds a table's. A bad record is
   * ERR_INVALID_ARG and leaves any old attribute as it was.
   */
  writeAttributeRecords(path: string, name: string, value: NativeRecords): void;
  deleteAttribute(path: string, name: string): void;

  /** The identity of each object `names` lead to from the group at path ('.': the group). */
  objectIds(groupPath: string, names: string[]): string[];
}

export interface NativeFile extends NativeFileOperations, AsyncForms<NativeFileOperations> {
  /** Answers without the HDF5 lock (also while the HDF5 thread is busy). */
  isOpen(): boolean;
  /** Whether the file was opened writable. */
  isWritable(): boolean;
  /** A byte-range source file's statistics (also after close); undefined for any other file. */
  sourceStats(): NativeSourceStats | undefined;
}

/** NativeDataset's operations (each also as `nameAsync`). */
export interface NativeDatasetOperations {
  /** Closes the handle (its dataset ids). Calling it again does nothing. */
  close(): void;
  getInfo(): NativeDatasetInfo;
  /** Reads the whole dataset, or the hyperslab when given; `out` as for NativeFile.readDataset. */
  read(selection?: NativeSelection, out?: NativeTypedArray): NativeReadValue;
  /** NativeFile.readRecords of this dataset. */
  readRecords(selection?: NativeSelection, fieldPaths?: string[], stringsAsBytes?: boolean): NativeRecords;
}

/**
 * One open dataset of a NativeFile (openDataset): its ids stay open until it or its file
 * is closed, whatever happens to the links; any call after that is ERR_CLOSED. It keeps
 * its NativeFile alive; a forgotten one is collected safely.
 */
export interface NativeDataset extends NativeDatasetOperations, AsyncForms<NativeDatasetOperations> {
  /** False once it or its file is closed. */
  isOpen(): boolean;
  /** The path it was opened by. */
  path(): string;
}

/** The module's own operations (each also as `nameAsync`). */
export interface NativeModuleOperations {
  /**
   * Opens or creates a file. Throws a NativeError on failure. The Promise form keeps the
   * image, if any, alive meanwhile.
   */
  openFile(options: NativeOpenOptions): NativeFile;
  /** Whether H5Fis_accessible says the file at name is HDF5 (false on any error, or a name with NUL). */
  isHDF5File(name: string): boolean;
}

export interface NativeModule extends NativeModuleOperations, AsyncForms<NativeModuleOperations> {
  /** HDF5 version the addon runs on, e.g. "1.10.8". */
  hdf5Version: string;
  /** Whether that HDF5 is built thread-safe. */
  hdf5ThreadSafe: boolean;
  /** The ids of the filters this build can write and read (H5Zfilter_avail), ascending. */
  availableFilters: number[];
  /**
   * @internal Test-only (test/filters/roundtrip.test.ts): writes a 1-D chunked dataset in a
   * new file through a filter (an id and its cd_values), optionally after HDF5's shuffle.
   */
  _writeFilteredForTests(
    filename: string,
    name: string,
    data: Float64Array | Int32Array | Uint8Array,
    options: { chunk: number; shuffle?: boolean; filter?: number; cdValues?: number[] },
  ): void;
  /**
   * @internal Test-only (test/native/deep-trees.test.ts): the path components all files
   * have handed to HDF5 so far (each operation resolves its path from an open parent group).
   */
  _pathComponentsForTests(): number;
  /**
   * @internal Test-only (test/native/memory-read.test.ts): the reads so far that were
   * copied straight from an in-memory file's memory instead of going through H5Dread.
   */
  _memoryReadsForTests(): number;
  /**
   * @internal Test-only (test/native/blosc-chunks.test.ts): the whole reads so far whose
   * blosc chunks were decompressed straight into the result instead of through H5Dread.
   */
  _bloscChunkReadsForTests(): number;
}

/**
 * Errors thrown by the binding are plain Errors with a `code`:
 * - 'ERR_HDF5': a libhdf5 call failed; `hdf5Stack` holds the error stack, innermost last,
 *   as lines "function(): description (major: minor)", and the message ends with it.
 * - 'ERR_INVALID_ARG': an argument of the wrong type or shape reached the binding.
 * - 'ERR_CLOSED': the NativeFile (or the NativeDataset, or its file) was already closed.
 * - 'ERR_UNSUPPORTED_TYPE': the stored datatype is not one the binding reads (compound, float16...).
 * - 'ERR_EXISTS': createDataset (either form) found a link at its path already.
 * - 'ERR_TOO_LARGE' (a RangeError): a read would allocate more than maxReadBytes or Node's
 *   largest Buffer, or its size overflows; checked before anything is allocated.
 * - 'ERR_INTERNAL': a C++ exception inside the binding (a bug), caught at the boundary.
 * - 'ABORT_ERR' (name 'AbortError'): a Promise form's task was cancelled (its onQueued's
 *   cancel()) before it started; lib/abort.ts turns it into a DOMException AbortError.
 */
export interface NativeError extends Error {
  code:
    | 'ERR_HDF5'
    | 'ERR_INVALID_ARG'
    | 'ERR_CLOSED'
    | 'ERR_UNSUPPORTED_TYPE'
    | 'ERR_EXISTS'
    | 'ERR_TOO_LARGE'
    | 'ERR_INTERNAL'
    | 'ABORT_ERR';
  hdf5Stack?: string[];
}

let loaded: NativeModule | undefined;

/**
 * Loads the addon once: build/Release first, then prebuilds/ (node-gyp-build's order), or
 * the .node file named by H5TABLES_ADDON (the sanitizer build of `npm run test:asan`).
 */
export function native(): NativeModule {
  if (!loaded) {
    const override = process.env.H5TABLES_ADDON;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = require('node-gyp-build') as (dir: string) => NativeModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (override) loaded = require(path.resolve(override)) as NativeModule;
    else {
      try {
        loaded = load(path.join(__dirname, '..'));
      } catch (e) {
        // No prebuild for this platform (or one that does not load): say how to build one.
        const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
        throw new Error(
          `h5tables: no native addon loads here (${why}). Build one from source: ` +
            'install a C++17 compiler, CMake and HDF5 with its development files, then run ' +
            '`npm install cmake-js node-addon-api` and `npx h5tables-build` (README, Install).',
          { cause: e },
        );
      }
    }
  }
  return loaded;
}
