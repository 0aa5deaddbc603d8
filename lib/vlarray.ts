// VLArray: a 1-D leaf whose rows have variable lengths (PyTables' tables.VLArray), on
// HDF5's variable-length type (H5T_VLEN). Rows are numbers of an atom (a TypedArray each),
// strings (VLStringAtom: UTF-8 bytes; VLUnicodeAtom: UCS-4 code points), or the pickles
// of PyTables' ObjectAtom, read as their raw bytes.

import { queued, splitSignal, throwIfAborted, asyncOptions, type AsyncOptions } from './abort';
import { Atom, PseudoAtom, toAtom, type PseudoAtomKind } from './atom';
import { atomValue } from './atomdata';
import { calcChunksize } from './chunkshape';
import { prepareNew, systemAttributes } from './creating';
import { defaultFilters } from './default-filters';
import { DTYPES, int64Data, type DType, type TypedArray } from './dtype';
import { NodeError, nativeCall } from './errors';
import type { File } from './file';
import { Filters, filtersToPipeline } from './filters';
import type { Group } from './group';
import { rowRange } from './iteration';
import { Leaf } from './leaf';
import type {
  NativeSelection,
  NativeStorage,
  NativeVlenRead,
  NativeVlenRows,
  NativeVlenType,
} from './native';
import { checkOptions, type OptionTable } from './options';
import { pyStr, pyTuple } from './pyrepr';
import { registerClassName, registerLeafClass } from './registry';
import { Slice, type RangeKey } from './selection';

/** A VLArray's row: a TypedArray of the atom's dtype, or a string for VLStringAtom/VLUnicodeAtom. */
export type VLRow = TypedArray | string;

/** The options of createVLArray (PyTables' create_vlarray arguments after `name`). */
export interface VLArrayOptions {
  /**
   * The type of the rows' elements: a dtype string (`'int32'`), an Atom (`Int32Atom()`,
   * or a shaped one, `Float64Atom({ shape: [2] })`, whose every element is an array of
   * that shape), `'vlstring'` / `VLStringAtom()` (each row one string, stored as UTF-8
   * bytes) or `'vlunicode'` / `VLUnicodeAtom()` (each row one string, stored as UCS-4).
   * Required. ObjectAtom is refused: h5tables does not pickle.
   */
  atom: DType | Atom | PseudoAtom | 'vlstring' | 'vlunicode';
  /** The TITLE attribute. */
  title?: string;
  /** The filters (compression) of its chunks; default: the file's (openFile's `filters`). */
  filters?: Filters;
  /** How many rows it is expected to hold, which sizes the computed chunk shape (default 1000). */
  expectedrows?: number;
  /** The chunk shape: one entry >= 1 (rows per chunk); default: computed as PyTables computes it. */
  chunkshape?: number[];
  /** Create missing groups on the way to `where` (PyTables' createparents). */
  createParents?: boolean;
}

const MB = 1024 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

function positiveInteger(what: string) {
  return (v: unknown, k: string): void => {
    if (!Number.isSafeInteger(v) || (v as number) < 1)
      throw new TypeError(`${what}: option '${k}' must be a positive integer`);
  };
}

function optionTable(what: string): OptionTable {
  return {
    atom: () => undefined, // checked by rowAtom
    title: 'string',
    filters: () => undefined, // checked below
    expectedrows: positiveInteger(what),
    chunkshape: (v, k) => {
      if (!Array.isArray(v) || v.length !== 1 || !Number.isSafeInteger(v[0]) || (v[0] as number) < 1) {
        throw new RangeError(
          `${what}: option '${k}' must be one integer >= 1 in an array (a VLArray has one dimension)`,
        );
      }
    },
    createParents: 'boolean',
  };
}

/** The createVLArray atom, checked. */
function rowAtom(atom: unknown, what: string): Atom | PseudoAtom {
  if (atom === undefined) throw new TypeError(`${what}: the 'atom' option is required`);
  if (atom === 'vlstring' || atom === 'vlunicode') return new PseudoAtom(atom);
  if (atom instanceof PseudoAtom) {
    if (atom.kind === 'object') {
      throw new TypeError(
        `${what}: ObjectAtom rows are Python pickles, which h5tables does not write (store bytes with UInt8Atom or strings with VLStringAtom)`,
      );
    }
    return atom;
  }
  const given = toAtom(atom, `${what}: option 'atom'`);
  if (given.dtype === 'string') {
    throw new TypeError(
      `${what}: a StringAtom cannot be a VLArray's atom here: use 'vlstring' (VLStringAtom())`,
    );
  }
  if (given.shape.includes(0)) {
    throw new RangeError(
      `${what}: none of the dimensions of the atom's shape can be zero (${String(given)})`,
    );
  }
  return given;
}

/** The type of the stored sequences' elements. */
function vlenType(atom: Atom | PseudoAtom): NativeVlenType {
  if (atom instanceof PseudoAtom) return { dtype: atom.base.dtype };
  return { dtype: atom.dtype, atomShape: [...atom.shape] };
}

/** PyTables' VLArray._calc_chunkshape: sized by one base element, not the whole atom. */
function vlarrayChunkshape(expectedrows: number, elemsize: number): number[] {
  const chunksize = calcChunksize((expectedrows * elemsize) / MB);
  return [Math.max(Math.floor(chunksize / elemsize), 1)];
}

interface NewVLArray {
  parent: string;
  path: string;
  type: NativeVlenType;
  attributes: ReturnType<typeof systemAttributes>;
  storage: NativeStorage;
}

function prepareVLArray(
  file: File,
  where: unknown,
  name: unknown,
  options: unknown,
  nameIsFree: boolean,
): NewVLArray {
  const what = 'createVLArray';
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${what}: the options ({ atom, title, filters, ... }) must be an object`);
  }
  checkOptions(options, optionTable(what), what);
  const opts = options as VLArrayOptions;
  const { parent, path, title, converted } = prepareNew(
    file,
    where,
    name,
    { title: opts.title, createParents: opts.createParents },
    what,
    {
      nameIsFree,
      convert: () => {
        const atom = rowAtom(opts.atom, what);
        if (opts.filters !== undefined && !(opts.filters instanceof Filters)) {
          throw new TypeError(
            `${what}: option 'filters' must be a Filters instance (new Filters({ complevel, complib }))`,
          );
        }
        const base = atom instanceof PseudoAtom ? atom.base : atom;
        const chunkshape = opts.chunkshape ?? vlarrayChunkshape(opts.expectedrows ?? 1000, base.itemsize);
        // Shuffle's element size is the stored sequence descriptor's: HDF5 fills it in.
        const pipeline = opts.filters && filtersToPipeline(opts.filters, 0, 'VLArray');
        return { atom, chunkshape, pipeline };
      },
    },
  );
  const { atom, chunkshape } = converted;
  const filters = opts.filters ?? defaultFilters(file._node(parent) as Group);
  // HDF5 refuses a checksum over variable-length data (PyTables fails there too).
  if (filters.fletcher32)
    throw new RangeError(`${what}: fletcher32 cannot be used with a VLArray (HDF5 refuses it)`);
  const pipeline = converted.pipeline ?? filtersToPipeline(filters, 0, 'VLArray');
  const attrs: Record<string, string> = { CLASS: 'VLARRAY', TITLE: title, VERSION: '1.4' };
  if (atom instanceof PseudoAtom) attrs.PSEUDOATOM = atom.kind;
  return {
    parent,
    path,
    type: vlenType(atom),
    attributes: systemAttributes(attrs),
    storage: { chunkshape: [...chunkshape], maxshape: [null], filters: pipeline },
  };
}

/** What read/get/iterrows read: a hyperslab of the rows, or nothing. */
function rowSelection(first: number, count: number, step: number): NativeSelection | null {
  return count === 0 ? null : { start: [first], count: [count], step: [step] };
}

/** TypedArray elements per element of dtype: a complex number is two floats (re, im). */
function lanesOf(dtype: DType): number {
  return dtype === 'complex64' || dtype === 'complex128' ? 2 : 1;
}

/**
 * A 1-D leaf of rows of variable length (PyTables' `tables.VLArray`): each row is a
 * TypedArray of the atom's dtype (an array atom's rows hold its every element, flat in C
 * order; bool rows are Uint8Arrays of 0 and 1; int64 rows BigInt64Arrays, or Float64Arrays
 * when the file was opened with `{ int64: 'number' }`), or one string
 * for `VLStringAtom` and `VLUnicodeAtom`. Made by `createVLArray`; rows are added by
 * `append(row)` and read by `read`, `get`, iteration and `iterrows`.
 *
 * PyTables' `ObjectAtom` rows are Python pickles: they read as their raw bytes (a
 * Uint8Array per row) and `pickled` is true; h5tables does not unpickle them (unpickling
 * runs arbitrary code) and does not append to them. h5py's `vlen_dtype` datasets of one
 * dimension open as VLArrays too (also contiguous ones, which PyTables leaves
 * UnImplemented; those cannot grow).
 */
export class VLArray extends Leaf {
  /** @internal The PSEUDOATOM attribute, read once (null: none). */
  _pseudo: PseudoAtomKind | null | undefined;

  /** @internal Creates a VLArray (PyTables' create_vlarray). */
  static _make(file: File, where: unknown, name: unknown, options: VLArrayOptions): VLArray {
    const n = prepareVLArray(file, where, name, options, true);
    const nat = file._nat();
    nativeCall(() => nat.createVlenDataset(n.path, n.type, n.attributes, n.storage));
    const info = nativeCall(() => nat.getDatasetInfo(n.path));
    return file._node(n.path, 'dataset', 'VLARRAY', info) as VLArray;
  }

  /** @internal _make() on the HDF5 thread. */
  static async _makeAsync(
    file: File,
    where: unknown,
    name: unknown,
    options: VLArrayOptions & AsyncOptions,
  ): Promise<VLArray> {
    const { signal, rest } = splitSignal(options, 'createVLArrayAsync');
    throwIfAborted(signal);
    const n = prepareVLArray(file, where, name, rest, false);
    const nat = file._nat();
    try {
      await queued(signal, (q) => nat.createVlenDatasetAsync(n.path, n.type, n.attributes, n.storage, q));
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_EXISTS') {
        throw new NodeError(
          `group \`\`${n.parent}\`\` already has a child node named \`\`${String(name)}\`\``,
        );
      }
      throw err;
    }
    const info = await queued(undefined, (q) => nat.getDatasetInfoAsync(n.path, q));
    return file._node(n.path, 'dataset', 'VLARRAY', info) as VLArray;
  }

  /** @internal */
  _ownClassName(): string {
    return 'VLArray';
  }

  /** @internal The stored element type. */
  _vlen(): Required<NativeVlenType> {
    const vlen = this._datasetInfo().vlen as NativeVlenType;
    return { dtype: vlen.dtype, atomShape: vlen.atomShape ?? [] };
  }

  /** @internal The PSEUDOATOM kind, null for plain atoms. */
  _pseudoKind(): PseudoAtomKind | null {
    this._check();
    if (this._pseudo === undefined) {
      let attr: unknown;
      try {
        attr = this.attrs.get('PSEUDOATOM');
      } catch {
        attr = undefined;
      }
      const { dtype, atomShape } = this._vlen();
      const fits =
        atomShape.length === 0 &&
        ((attr === 'vlunicode' && dtype === 'uint32') ||
          ((attr === 'vlstring' || attr === 'object') && dtype === 'uint8'));
      this._pseudo = fits ? (attr as PseudoAtomKind) : null;
    }
    return this._pseudo;
  }

  /** The rows' type: an Atom, or a PseudoAtom (VLStringAtom(), VLUnicodeAtom(), ObjectAtom()). */
  get atom(): Atom | PseudoAtom {
    const pseudo = this._pseudoKind();
    if (pseudo) return new PseudoAtom(pseudo);
    const { dtype, atomShape } = this._vlen();
    return Atom.fromDType(dtype, { shape: atomShape });
  }

  /** Whether the rows are PyTables' ObjectAtom pickles (read as raw bytes, not unpickled). */
  get pickled(): boolean {
    return this._pseudoKind() === 'object';
  }

  /** The rows' element dtype (the stored one: 'uint8' for VLStringAtom, 'uint32' for VLUnicodeAtom). */
  get dtype(): DType {
    return this._vlen().dtype;
  }

  /** The number of rows. */
  get nrows(): number {
    return this._datasetInfo().shape[0] ?? 0;
  }

  /** The dimension that grows: 0. */
  get extdim(): number {
    this._check();
    return 0;
  }

  /** @internal The rows of one native read, each as its own copy. */
  _rows(raw: NativeVlenRead): VLRow[] {
    const pseudo = this._pseudoKind();
    const { offsets } = raw;
    const lanes = lanesOf(raw.dtype as DType);
    // The file's int64 option: int64/uint64 rows as Float64Arrays when it is 'number'.
    const data = int64Data(raw.data, this._file._int64, () => `reading \`\`${this._path}\`\``);
    const rows: VLRow[] = new Array(offsets.length - 1);
    for (let i = 0; i < rows.length; i++) {
      const part = data.subarray(offsets[i] * lanes, offsets[i + 1] * lanes);
      if (pseudo === 'vlstring') rows[i] = decoder.decode(part);
      else if (pseudo === 'vlunicode') rows[i] = fromCodePoints(part as Uint32Array);
      // A copy: a view would keep the whole read alive and alias its neighbours.
      else rows[i] = part.slice();
    }
    return rows;
  }

  /** @internal The rows of a selection (null: none). */
  _read(selection: NativeSelection | null): VLRow[] {
    if (selection === null) return [];
    const nat = this._check();
    return this._rows(nativeCall(() => nat.readVlen(this._path, selection)));
  }

  /** @internal */
  async _readAsync(selection: NativeSelection | null, signal: AbortSignal | undefined): Promise<VLRow[]> {
    throwIfAborted(signal);
    const nat = this._check();
    if (selection === null) return [];
    return this._rows(await queued(signal, (q) => nat.readVlenAsync(this._path, selection, q)));
  }

  /**
   * The rows from `start` to `stop` by `step` (PyTables' VLArray.read, whose range runs
   * as Python's slice does: `start` alone reads from there to the end, negative indexes
   * count from the end, a negative or zero step is a RangeError), as an array of rows.
   */
  read(start?: number | null, stop?: number | null, step?: number | null): VLRow[] {
    return this._read(rowSelection(...rowRange(this.nrows, start, stop, step)));
  }

  /** read() on the HDF5 thread; `signal` cancels it while it is queued. */
  async readAsync(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: AsyncOptions,
  ): Promise<VLRow[]> {
    const signal = asyncOptions(options, 'readAsync');
    return this._readAsync(rowSelection(...rowRange(this.nrows, start, stop, step)), signal);
  }

  /** The key of get(): one row, or a range of them. */
  private _key(key: unknown): { one: boolean; selection: NativeSelection | null } {
    const n = this.nrows;
    if (typeof key === 'number') {
      if (!Number.isSafeInteger(key)) throw new TypeError(`get: an index must be an integer, not ${key}`);
      const i = key < 0 ? key + n : key;
      if (i < 0 || i >= n) throw new RangeError('Index out of range');
      return { one: true, selection: { start: [i], count: [1], step: [1] } };
    }
    if (key instanceof Slice)
      return { one: false, selection: rowSelection(...rowRange(n, key.start, key.stop, key.step)) };
    if (Array.isArray(key) && key.length <= 3) {
      return { one: false, selection: rowSelection(...rowRange(n, key[0], key[1], key[2])) };
    }
    throw new TypeError('get: the key must be an integer, a slice(start, stop, step) or [start, stop, step]');
  }

  /**
   * PyTables' `vlarray[key]`: an integer gives that row (negative counts from the end; out
   * of range is a RangeError), a range (`slice(start, stop, step)` or `[start, stop, step]`)
   * an array of rows.
   */
  get(key: number): VLRow;
  get(key: Slice | RangeKey): VLRow[];
  get(key: number | Slice | RangeKey): VLRow | VLRow[] {
    const { one, selection } = this._key(key);
    const rows = this._read(selection);
    return one ? rows[0] : rows;
  }

  /** get() on the HDF5 thread. */
  async getAsync(key: number, options?: AsyncOptions): Promise<VLRow>;
  async getAsync(key: Slice | RangeKey, options?: AsyncOptions): Promise<VLRow[]>;
  async getAsync(key: number | Slice | RangeKey, options?: AsyncOptions): Promise<VLRow | VLRow[]> {
    const signal = asyncOptions(options, 'getAsync');
    const { one, selection } = this._key(key);
    const rows = await this._readAsync(selection, signal);
    return one ? rows[0] : rows;
  }

  /** Rows read per block by iteration. */
  private static readonly BLOCK = 1024;

  /** The rows from `start` to `stop` by `step` (Python's slice rules), read in blocks. */
  *iterrows(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
  ): Generator<VLRow, void, undefined> {
    const [first, count, stride] = rowRange(this.nrows, start, stop, step);
    for (let done = 0; done < count; done += VLArray.BLOCK) {
      const n = Math.min(VLArray.BLOCK, count - done);
      yield* this._read(rowSelection(first + done * stride, n, stride));
    }
  }

  /** Every row: `for (const row of vlarray)`. */
  [Symbol.iterator](): Generator<VLRow, void, undefined> {
    return this.iterrows();
  }

  /** iterrows() with each block read on the HDF5 thread: `for await (const row of v.iterrowsAsync())`. */
  async *iterrowsAsync(
    start?: number | null,
    stop?: number | null,
    step?: number | null,
    options?: AsyncOptions,
  ): AsyncGenerator<VLRow, void, undefined> {
    const signal = asyncOptions(options, 'iterrowsAsync');
    const [first, count, stride] = rowRange(this.nrows, start, stop, step);
    for (let done = 0; done < count; done += VLArray.BLOCK) {
      const n = Math.min(VLArray.BLOCK, count - done);
      yield* await this._readAsync(rowSelection(first + done * stride, n, stride), signal);
    }
  }

  /** @internal The row of an append, as the binding takes it, checked. */
  _rowValue(row: unknown, what: string): NativeVlenRows {
    this._file._checkWritable();
    const pseudo = this._pseudoKind();
    const { dtype, atomShape } = this._vlen();
    if (pseudo === 'object') {
      throw new TypeError(
        `${what}: \`\`${this._path}\`\` holds Python pickles (ObjectAtom), which h5tables does not write`,
      );
    }
    if (pseudo === 'vlstring' || pseudo === 'vlunicode') {
      if (typeof row !== 'string' && !(pseudo === 'vlstring' && row instanceof Uint8Array)) {
        throw new TypeError(
          `${what}: a row of \`\`${this._path}\`\` (${pseudo === 'vlstring' ? 'VLStringAtom' : 'VLUnicodeAtom'}) must be a string${pseudo === 'vlstring' ? ' or a Uint8Array' : ''}`,
        );
      }
      const data =
        pseudo === 'vlunicode'
          ? toCodePoints(row as string)
          : typeof row === 'string'
            ? encoder.encode(row)
            : new Uint8Array(row as Uint8Array);
      return { dtype, offsets: Float64Array.of(0, data.length), data };
    }
    const value = atomValue(row, { dtype, itemsize: DTYPES[dtype].itemsize }, what);
    const shape = value.shape ?? [];
    const atomElements = atomShape.reduce((a, b) => a * b, 1);
    // PyTables' _getnobjects: the atom's shape alone is one object; else objects along the first dimension.
    const rank = shape.length - atomShape.length;
    const endsWithAtom = rank >= 0 && atomShape.every((d, i) => shape[rank + i] === d);
    // A flat TypedArray of whole atoms, as read() gives a row of a shaped atom back.
    const flat =
      atomShape.length > 0 && shape.length === 1 && ArrayBuffer.isView(row) && shape[0]! % atomElements === 0;
    if (!(endsWithAtom && rank <= 1) && !flat) {
      throw new RangeError(
        `${what}: the row's shape ${pyTuple(shape)} does not fit the atom's shape ${pyTuple(atomShape)} ` +
          `(a row is ${atomShape.length === 0 ? 'a scalar or one dimension' : `objects of shape ${pyTuple(atomShape)}`})`,
      );
    }
    const data = value.data as TypedArray;
    const elements = data.length / lanesOf(dtype);
    if (elements % atomElements !== 0) throw new RangeError(`${what}: the row does not hold whole atoms`);
    return { dtype, atomShape, offsets: Float64Array.of(0, elements), data };
  }

  /** @internal Several rows as one native value (their elements concatenated). */
  _rowsValue(rows: readonly unknown[], what: string): NativeVlenRows {
    const parts = rows.map((row) => this._rowValue(row, what));
    const { dtype, atomShape } = this._vlen();
    const total = parts.reduce((n, p) => n + p.data.length, 0);
    const Typed = DTYPES[dtype].typed as new (n: number) => TypedArray;
    const data = new Typed(total);
    const offsets = new Float64Array(parts.length + 1);
    for (let i = 0; i < parts.length; i++) {
      const at = offsets[i] * lanesOf(dtype);
      (data as unknown as { set(a: ArrayLike<unknown>, at: number): void }).set(parts[i].data, at);
      offsets[i + 1] = offsets[i] + parts[i].data.length / lanesOf(dtype);
    }
    return { dtype, atomShape, offsets, data };
  }

  /** @internal set()'s key and value checked: the rows to write and where. */
  _setValue(
    key: unknown,
    value: unknown,
    what: string,
  ): { rows: NativeVlenRows; selection: NativeSelection } | null {
    const { one, selection } = this._key(key);
    if (one) return { rows: this._rowsValue([value], what), selection: selection as NativeSelection };
    if (!Array.isArray(value)) {
      throw new TypeError(`${what}: a range of rows takes an array of rows`);
    }
    const count = selection ? selection.count[0] : 0;
    if (value.length !== count) {
      throw new RangeError(`${what}: the range takes ${count} rows, but ${value.length} were given`);
    }
    return selection ? { rows: this._rowsValue(value, what), selection } : null;
  }

  /**
   * PyTables' `vlarray[key] = value`: an integer key replaces that row with `value` (one
   * row, as append takes it); a range (`slice(start, stop, step)` or `[start, stop, step]`)
   * replaces the rows it takes with `value`, an array of as many rows. A new row may have
   * any length (PyTables refuses rows longer than the old ones; HDF5 stores each anew). A
   * bad key or row is an error that changes nothing.
   */
  set(key: number | Slice | RangeKey, value: unknown): void {
    const nat = this._check();
    const what = `set in \`\`${this._path}\`\``;
    const todo = this._setValue(key, value, what);
    if (todo) nativeCall(() => nat.writeVlen(this._path, todo.rows, todo.selection));
  }

  /** set() on the HDF5 thread; the rows are checked and copied at the call. `signal` cancels it while it is queued. */
  async setAsync(key: number | Slice | RangeKey, value: unknown, options?: AsyncOptions): Promise<void> {
    const signal = asyncOptions(options, 'setAsync');
    throwIfAborted(signal);
    const nat = this._check();
    const todo = this._setValue(key, value, `setAsync in \`\`${this._path}\`\``);
    if (todo) await queued(signal, (q) => nat.writeVlenAsync(this._path, todo.rows, todo.selection, q));
  }

  /** @internal The binding reports the new extent. */
  _grown(shape: number[]): void {
    this._info = { ...this._datasetInfo(), shape: [...shape] };
  }

  /**
   * Adds one row at the end (PyTables' append): for a numeric atom a TypedArray of its
   * dtype, nested arrays or a scalar (one element), converted as EArray.append converts
   * them (numbers must fit the dtype exactly); for an array atom, objects of its shape
   * (`[[1, 2], [3, 4]]` for Float64Atom({ shape: [2] })); for VLStringAtom a string
   * (stored as UTF-8) or a Uint8Array; for VLUnicodeAtom a string. An empty row is
   * allowed. A bad row is an error that adds nothing.
   */
  append(row: unknown): void {
    const nat = this._check();
    const rows = this._rowValue(row, `append to \`\`${this._path}\`\``);
    this._grown(nativeCall(() => nat.appendVlen(this._path, rows)));
  }

  /** append() on the HDF5 thread; the row is checked and copied at the call. `signal` cancels it while it is queued. */
  async appendAsync(row: unknown, options?: AsyncOptions): Promise<void> {
    const signal = asyncOptions(options, 'appendAsync');
    throwIfAborted(signal);
    const nat = this._check();
    const rows = this._rowValue(row, `appendAsync to \`\`${this._path}\`\``);
    this._grown(await queued(signal, (q) => nat.appendVlenAsync(this._path, rows, q)));
  }

  /** @internal PyTables' repr(VLArray). */
  _repr(): string {
    return [
      this._str(),
      `  atom = ${String(this.atom)}`,
      `  byteorder = ${pyStr(this.byteorder)}`,
      `  nrows = ${this.nrows}`,
      `  flavor = ${pyStr(this.flavor)}`,
    ].join('\n');
  }
}

/** A string as UCS-4 code points (VLUnicodeAtom's storage). */
function toCodePoints(s: string): Uint32Array {
  const points = new Uint32Array(s.length);
  let n = 0;
  for (const ch of s) points[n++] = ch.codePointAt(0) as number;
  return points.slice(0, n);
}

/** UCS-4 code points as a string; a value beyond Unicode is a RangeError. */
function fromCodePoints(points: Uint32Array): string {
  let s = '';
  // In pieces: String.fromCodePoint takes its arguments on the stack.
  for (let i = 0; i < points.length; i += 8192) {
    const piece = points.subarray(i, i + 8192);
    for (const p of piece) {
      if (p > 0x10ffff)
        throw new RangeError(`a VLUnicodeAtom row holds ${p}, which is not a Unicode code point`);
    }
    s += String.fromCodePoint(...piece);
  }
  return s;
}

declare module './registry' {
  interface NodeClasses {
    /** Leaves of rows of variable length. */
    VLArray: VLArray;
  }
}
registerClassName('VLArray', VLArray);
registerLeafClass('VLARRAY', (file, path, info) => {
  // One dimension of H5T_VLEN numbers; anything else stays UnImplemented, as in PyTables.
  if (!info.vlen || info.shape.length !== 1) return null;
  const vlarray = new VLArray(file, path);
  vlarray._info = info;
  return vlarray;
});
