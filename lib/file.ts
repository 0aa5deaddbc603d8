// File and openFile (PyTables' tables.File and tables.open_file): a facade over the node
// classes, which create themselves, and the tree, attribute and image operations.
//
// The File owns the NativeFile and one node object per path, so `f.root.a === f.root.a`,
// and a node follows its renames and sees its removal and the file's close.

import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';

import { asyncOptions, splitSignal, throwIfAborted, type AsyncOptions } from './abort';
import { Array as H5Array } from './array';
import { CArray } from './carray';
import type { CArrayOptions, EArrayOptions } from './chunked';
import { systemAttributes, type CreateOptions } from './creating';
import type { ArrayDType, ArrayInput, AttributeValue, DType, Int64Mode } from './dtype';
import { EArray } from './earray';
import { VLArray, type VLArrayOptions } from './vlarray';
import { Table, type TableOptions } from './table';
import type { DescriptionInput, Description } from './description';
import {
  ClosedFileError,
  FileModeError,
  NodeError,
  NoSuchNodeError,
  nativeCall,
  nativeCallAsync,
} from './errors';
import { filtersAttribute, groupFilters } from './default-filters';
import { Filters } from './filters';
import { Group, type NaturalChildren, type NaturalNode, type RootGroup } from './group';
import * as images from './images';
import { watchFile } from './lifetime';
import { native, type NativeDatasetInfo, type NativeFile, type NativeNodeKind } from './native';
import { Node } from './node';
import { NodeObjects } from './node-objects';
import * as nodeAttrs from './nodeattrs';
import {
  checkFileAccess,
  openNative,
  openNativeAsync,
  type DriverName,
  type FileMode,
  type Opened,
  type OpenFileOptions,
} from './open';
import { ExternalLink, SoftLink, createHardLink, type LinkOptions } from './link';
import { joinPath, normalizePath } from './paths';
import { isoSeconds } from './printed';
import type { SourceStats } from './source-open';
import { fileReprText, fileText } from './printed-tree';
import { classNamed, type NodeClasses, type NodeClassName } from './registry';
import * as tree from './tree';
import * as walking from './walk';

export type { FileMode, OpenFileOptions, DriverName } from './open';
export type { CreateOptions } from './creating';
export type { CArrayOptions, EArrayOptions } from './chunked';
export type { AsyncOptions } from './abort';
export type { NodeOpOptions } from './tree';
export type { LinkOptions } from './link';
export type { NodeClasses, NodeClassName } from './registry';

/** The binding's default maxReadBytes (hdf5/read_limit.h's kDefaultMaxReadBytes). */
const DEFAULT_MAX_READ_BYTES = 2 ** 30;

/**
 * An open HDF5 file (PyTables' `tables.File`): its tree of nodes from `root`, node creation
 * and tree surgery by path, attributes, images, flushing and closing. Made by `openFile` or
 * `openFileAsync`. `I` is its `int64` option, which types its reads.
 */
export class File<I extends Int64Mode = Int64Mode> {
  /** The name the file was opened with, as given. */
  readonly filename: string;
  /** The mode the file was opened in. */
  readonly mode: FileMode;
  /** The driver, as PyTables names it. */
  readonly driver: DriverName;
  private _native: NativeFile | null;
  /** The native file of a byte-range source file, kept after close for sourceStats. */
  private readonly _sourceNative: NativeFile | undefined;
  private readonly _absPath: string;
  private readonly _inMemory: boolean;
  private readonly _release: () => void;
  private readonly _nodes = new NodeObjects(this);
  /** @internal How int64 reads by default (openFile's `int64` option). */
  readonly _int64: Int64Mode;
  /** @internal The most bytes one read may allocate (openFile's maxReadBytes, default 1 GiB). */
  readonly _maxReadBytes: number;
  /** @internal Which other files it may reach (openFile's allowExternalFiles). */
  private readonly _external: { allow: boolean; directories?: string[]; inMemory: boolean };
  /** @internal Files external links opened (ExternalLink.dereference), closed with this one. */
  private readonly _linked = new Set<File>();
  /** @internal Buffered writes (a table's `row`) to make before the file flushes or closes. */
  private readonly _writeBacks = new Set<() => void>();

  /** @internal Use openFile() or openFileAsync(). */
  constructor(filename: string, mode: FileMode, opened: Opened) {
    this.filename = filename;
    this.mode = mode;
    this.driver = opened.driver;
    this._native = opened.native;
    this._sourceNative = opened.spec.source ? opened.native : undefined;
    this._absPath = opened.absPath;
    this._inMemory = opened.inMemory;
    this._int64 = opened.int64;
    this._maxReadBytes = opened.spec.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
    this._external = {
      allow: opened.spec.allowExternalFiles === true,
      directories: opened.spec.externalDirectories,
      inMemory: opened.inMemory || opened.spec.image !== undefined,
    };
    // Closed by GC (and its path released) if dropped without close().
    this._release = watchFile(this, opened.native, opened.release);
    if (opened.created) {
      try {
        const nat = opened.native;
        const attrs = { CLASS: 'GROUP', TITLE: opened.title, VERSION: '1.0', PYTABLES_FORMAT_VERSION: '2.1' };
        for (const [name, value] of systemAttributes(attrs))
          nativeCall(() => nat.writeAttribute('/', name, value));
        const filters = opened.filters;
        if (filters) nativeCall(() => nat.writeAttribute('/', 'FILTERS', filtersAttribute(filters)));
      } catch (err) {
        this.close();
        throw err;
      }
    }
  }

  // ---- state ------------------------------------------------------------------------

  /**
   * For a file read through a byte-range source (openFileAsync's `source`): its source
   * reads (`requests`, `bytesFetched`) and how HDF5's reads fared in the block cache
   * (`cacheHits`, `cacheMisses`), since it was opened; still there after close.
   * Undefined for any other file.
   */
  get sourceStats(): SourceStats | undefined {
    const stats = this._sourceNative?.sourceStats();
    if (stats === undefined) return undefined;
    const { requests, bytesFetched, cacheHits, cacheMisses } = stats;
    return { requests, bytesFetched, cacheHits, cacheMisses };
  }

  /** Whether the file is open (PyTables' isopen). */
  get isOpen(): boolean {
    return this._native !== null && this._native.isOpen();
  }

  /** @internal The native file while it is open, else null: one native call (every read's check). */
  _openNative(): NativeFile | null {
    const nat = this._native;
    return nat !== null && nat.isOpen() ? nat : null;
  }

  /** @internal The native file; ClosedFileError when closed. */
  _nat(): NativeFile {
    if (!this.isOpen)
      throw new ClosedFileError(`the file object is closed (${JSON.stringify(this.filename)})`);
    return this._native as NativeFile;
  }

  /** @internal FileModeError unless the file was opened writable. */
  _checkWritable(): void {
    if (!this._nat().isWritable()) {
      throw new FileModeError(
        `the file is not writable: ${JSON.stringify(this.filename)} was opened in mode '${this.mode}'`,
      );
    }
  }

  /** The root group. */
  get root(): RootGroup & NaturalChildren<I> {
    return this._node('/') as RootGroup & NaturalChildren<I>;
  }

  /** The root group's title. */
  get title(): string {
    return this.root.title;
  }

  /** Sets the root group's title (its TITLE attribute). */
  set title(title: string) {
    this.root.title = title;
  }

  /**
   * The default filters of new leaves (PyTables' File.filters): the root group's FILTERS
   * attribute (set from openFile's `filters` when the file was created, by PyTables or by
   * h5tables), or `new Filters()` (no compression) when it has none.
   */
  get filters(): Filters {
    return groupFilters(this._nat(), '/') ?? new Filters();
  }

  /** @internal The file's absolute name (external links are relative to its directory). */
  _absolutePath(): string {
    return this._absPath;
  }

  /** @internal The allowExternalFiles policy the file was opened with. */
  _externalPolicy(): { allow: boolean; directories?: string[]; inMemory: boolean } {
    return this._external;
  }

  /** @internal Opens the file an external link names, under the same policy; closed with this file. */
  _openLinked(filename: string, mode: FileMode): File {
    const { allow, directories } = this._external;
    const other = openFile(filename, mode, {
      allowExternalFiles: directories ? { directories } : allow,
    });
    this._linked.add(other);
    return other;
  }

  // ---- node objects -----------------------------------------------------------------

  /** @internal What is at an absolute path (null: nothing). */
  _kindOf(path: string): NativeNodeKind | null {
    const nat = this._nat();
    return nativeCall(() => nat.getKind(path));
  }

  /** @internal The node object already made for a path, if any. */
  _known(path: string): Node | undefined {
    return this._nodes.known(path);
  }

  /** @internal The node object for an existing normalised path (see NodeObjects.get). */
  _node(path: string, knownKind?: NativeNodeKind, knownClass?: string, knownInfo?: NativeDatasetInfo): Node {
    return this._nodes.get(this._nat(), path, knownKind, knownClass, knownInfo);
  }

  /** @internal The node objects below `from` now live below `to`. */
  _moved(from: string, to: string): void {
    this._nodes.moved(from, to);
  }

  /** @internal Marks the node objects at and below `path` removed. */
  _forget(path: string): void {
    this._nodes.forget(path);
  }

  /** @internal The absolute path `where` (+ `name`) stands for. */
  _pathOf(where: unknown, name?: unknown): string {
    let path: string;
    if (where instanceof Node) {
      if (where._file !== this) {
        throw new NodeError(
          `the node \`\`${where._path}\`\` belongs to another file (${JSON.stringify(where._file.filename)}), not ${JSON.stringify(this.filename)}`,
        );
      }
      where._check();
      path = where._path;
    } else if (typeof where === 'string') path = normalizePath(where);
    else
      throw new TypeError(
        `where must be a path string or a node, not ${where === null ? 'null' : typeof where}`,
      );
    if (name === undefined || name === null) return path;
    if (typeof name !== 'string') throw new TypeError('name must be a string');
    return normalizePath(joinPath(path, name));
  }

  private _group(where: string | Node): Group {
    const node = this._node(this._pathOf(where));
    if (!(node instanceof Group)) throw new TypeError(`node \`\`${node._path}\`\` is not a group`);
    return node;
  }

  // ---- creating: each class creates itself ------------------------------------------

  /** Creates a group (PyTables' create_group). */
  createGroup(
    where: string | Group,
    name: string,
    titleOrOptions?: string | CreateOptions,
  ): Group & NaturalChildren<I> {
    return Group._create(this, where, name, titleOrOptions);
  }

  /**
   * Creates a soft link at where/name to `target`, a path (absolute, or relative to
   * `where`) or a node, which need not exist (PyTables' create_soft_link).
   */
  createSoftLink(
    where: string | Group,
    name: string,
    target: string | Node,
    options?: LinkOptions,
  ): SoftLink {
    return SoftLink._create(this, where, name, target, options);
  }

  /**
   * Creates an external link at where/name to `'file.h5:/path'` (a relative file name is
   * relative to this file's directory) or to a node of another open file (PyTables'
   * create_external_link). Nothing is opened: the target is reached by dereference().
   */
  createExternalLink(
    where: string | Group,
    name: string,
    target: string | Node,
    options?: LinkOptions,
  ): ExternalLink {
    return ExternalLink._create(this, where, name, target, options);
  }

  /**
   * Creates a hard link at where/name to the group or leaf `target` (a path or a node of
   * this file) and returns it, a node of the target's class (PyTables' create_hard_link).
   */
  createHardLink(where: string | Group, name: string, target: string | Node, options?: LinkOptions): Node {
    return createHardLink(this, where, name, target, options);
  }

  /**
   * Creates an array (PyTables' create_array): `obj` is a TypedArray (keeps its type),
   * nested arrays (numbers: float64), `{data, shape}`, a scalar, booleans or strings. The
   * result is typed with the dtype `obj` gives (a Float64Array: `Array<'float64'>`).
   */
  createArray<T extends ArrayInput>(
    where: string | Group,
    name: string,
    obj: T,
    titleOrOptions?: string | CreateOptions,
  ): H5Array<ArrayDType<T>, I> {
    return H5Array._create(this, where, name, obj, titleOrOptions);
  }

  /**
   * createArray() with the data written on the HDF5 thread. The data is copied when the
   * call is made: the caller may change, transfer or drop its TypedArray at once. The
   * options may add `signal` (see AsyncOptions): aborted while the write is queued, no
   * node is created.
   */
  async createArrayAsync<T extends ArrayInput>(
    where: string | Group,
    name: string,
    obj: T,
    titleOrOptions?: string | (CreateOptions & AsyncOptions),
  ): Promise<H5Array<ArrayDType<T>, I>> {
    const { signal, rest } = splitSignal(titleOrOptions, 'createArrayAsync');
    throwIfAborted(signal);
    return H5Array._createAsync(this, where, name, obj, rest, signal);
  }

  /**
   * Creates a chunked array of fixed shape (PyTables' create_carray): `{ atom, shape }`
   * (every element the atom's default), or `obj` (its dtype and shape unless `atom` or
   * `shape` say otherwise), compressed by `filters` (default: the file's), in chunks of
   * `chunkshape` (default: computed as PyTables computes it).
   */
  createCArray<D extends DType = DType>(
    where: string | Group,
    name: string,
    options: CArrayOptions<D>,
  ): CArray<D, I> {
    return CArray._make(this, where, name, options);
  }

  /**
   * createCArray() with the writes on the HDF5 thread; `obj` is copied when the call is
   * made. The options may add `signal` (see AsyncOptions): aborted while the write is
   * queued, no node is created.
   */
  async createCArrayAsync<D extends DType = DType>(
    where: string | Group,
    name: string,
    options: CArrayOptions<D> & AsyncOptions,
  ): Promise<CArray<D, I>> {
    return CArray._makeAsync(this, where, name, options);
  }

  /**
   * Creates an array that grows along one dimension (PyTables' create_earray): `shape` has
   * one 0, the dimension `append` grows (`[0, 3]`: rows of 3); `obj` gives initial rows;
   * the chunk shape is computed from `expectedrows` (default 1000) unless given.
   */
  createEArray<D extends DType = DType>(
    where: string | Group,
    name: string,
    options: EArrayOptions<D>,
  ): EArray<D, I> {
    return EArray._makeEArray(this, where, name, options);
  }

  /**
   * createEArray() with the writes on the HDF5 thread; `obj` is copied when the call is
   * made. The options may add `signal` (see AsyncOptions): aborted while the write is
   * queued, no node is created.
   */
  async createEArrayAsync<D extends DType = DType>(
    where: string | Group,
    name: string,
    options: EArrayOptions<D> & AsyncOptions,
  ): Promise<EArray<D, I>> {
    return EArray._makeEArrayAsync(this, where, name, options);
  }

  /**
   * Creates a leaf of rows of variable length (PyTables' create_vlarray): `atom` is a
   * numeric dtype or Atom, `'vlstring'` or `'vlunicode'` (see VLArrayOptions); rows are
   * added by `append(row)`.
   */
  createVLArray(where: string | Group, name: string, options: VLArrayOptions): VLArray {
    return VLArray._make(this, where, name, options);
  }

  /** createVLArray() on the HDF5 thread; `signal` (see AsyncOptions) cancels it while it is queued. */
  async createVLArrayAsync(
    where: string | Group,
    name: string,
    options: VLArrayOptions & AsyncOptions,
  ): Promise<VLArray> {
    return VLArray._makeAsync(this, where, name, options);
  }

  /**
   * Creates a table (PyTables' create_table): `description` is an object of columns
   * (`{ x: Float64Col(), name: StringCol(8), pos: { y: Float32Col() } }`, or dtype names
   * `{ x: 'float64', name: 'S8' }`), ordered as PyTables orders them (by `pos`, then by
   * name); the last argument a title or `{ title, filters, expectedrows, chunkshape,
   * createParents, obj }` (see TableOptions).
   */
  createTable(
    where: string | Group,
    name: string,
    description: DescriptionInput | Description,
    titleOrOptions?: string | TableOptions,
  ): Table {
    return Table._make(this, where, name, description, titleOrOptions);
  }

  /** createTable() with the writes on the HDF5 thread; the options may add `signal` (see AsyncOptions). */
  async createTableAsync(
    where: string | Group,
    name: string,
    description: DescriptionInput | Description,
    titleOrOptions?: string | (TableOptions & AsyncOptions),
  ): Promise<Table> {
    return Table._makeAsync(this, where, name, description, titleOrOptions);
  }

  // ---- finding ----------------------------------------------------------------------

  /** The node at `where` (+ `name`), optionally checked to be of a class (PyTables' get_node). */
  getNode(where: string | Node, name?: string): NaturalNode<I>;
  getNode<K extends NodeClassName>(
    where: string | Node,
    name: string | undefined,
    classname: K,
  ): NodeClasses[K];
  getNode(where: string | Node, name?: string, classname?: NodeClassName): Node {
    const path = this._pathOf(where, name);
    const cls = classNamed(classname);
    const node = this._node(path);
    if (!(node instanceof cls)) {
      throw new NoSuchNodeError(
        `could not find a \`\`${classname}\`\` node at \`\`${path}\`\`; instead, a \`\`${(node as Node)._className()}\`\` node has been found there`,
      );
    }
    return node;
  }

  /** Whether a node exists at this path, hidden ones included (PyTables' `path in file`). */
  has(path: string): boolean {
    if (typeof path !== 'string') throw new TypeError('path must be a string');
    let normal: string;
    try {
      normal = normalizePath(path);
    } catch {
      return false;
    }
    return this._kindOf(normal) !== null;
  }

  /** The visible children of a group, sorted by name, optionally only those of one class. */
  listNodes<K extends NodeClassName = 'Node'>(where: string | Group = '/', classname?: K): NodeClasses[K][] {
    return [...this.iterNodes(where, classname)];
  }

  /** Iterates the visible children of a group, sorted by name (PyTables' iter_nodes). */
  *iterNodes<K extends NodeClassName = 'Node'>(
    where: string | Group = '/',
    classname?: K,
  ): Generator<NodeClasses[K]> {
    yield* walking.iterNodes(this, this._group(where), classname);
  }

  /** Walks the groups from `where` down, as PyTables does (each group object once). */
  *walkGroups(where: string | Group = '/'): Generator<Group> {
    yield* walking.walkGroups(this, this._group(where));
  }

  /** Walks nodes: `where`, then the children of every group walkGroups() yields. */
  *walkNodes<K extends NodeClassName = 'Node'>(
    where: string | Group = '/',
    classname?: K,
  ): Generator<NodeClasses[K]> {
    yield* walking.walkNodes(this, this._group(where), classname);
  }

  /** @internal The children of every group the walk from `start` reaches, of one class. */
  *_walkBelow<K extends NodeClassName = 'Node'>(start: Group, classname?: K): Generator<NodeClasses[K]> {
    yield* walking.walkBelow(this, start, classname);
  }

  /** Iterates every node, as walkNodes('/') does. */
  [Symbol.iterator](): Generator<Node> {
    return this.walkNodes('/');
  }

  // ---- changing the tree (tree.ts) --------------------------------------------------

  /** Removes a node; a group with children needs `recursive` (PyTables' remove_node). */
  removeNode(where: string | Node, name?: string | tree.NodeOpOptions, recursive = false): void {
    tree.removeNode(this, where, name, recursive);
  }

  /** Renames a node within its group (PyTables' rename_node). */
  renameNode(where: string | Node, newname: string, name?: string, overwrite = false): void {
    tree.renameNode(this, where, newname, name, overwrite);
  }

  /** Moves a node, optionally renaming it (PyTables' move_node); options may follow `newparent`. */
  moveNode(
    where: string | Node,
    newparent?: string | Group | tree.NodeOpOptions,
    newname?: string | tree.NodeOpOptions,
    name?: string,
    overwrite = false,
    createParents = false,
  ): void {
    tree.moveNode(this, where, newparent, newname, name, overwrite, createParents);
  }

  /** Copies a node and returns the copy (PyTables' copy_node); options may follow `newparent`. */
  copyNode(
    where: string | Node,
    newparent?: string | Group | tree.NodeOpOptions,
    newname?: string | tree.NodeOpOptions,
    name?: string,
    overwrite = false,
    recursive = false,
    createParents = false,
  ): Node {
    return tree.copyNode(this, where, newparent, newname, name, overwrite, recursive, createParents);
  }

  // ---- attributes (nodeattrs.ts) ----------------------------------------------------

  /** Sets an attribute of a node (PyTables' set_node_attr). */
  setNodeAttr(where: string | Node, attrname: string, attrvalue: AttributeValue, name?: string): void {
    nodeAttrs.setNodeAttr(this, where, attrname, attrvalue, name);
  }

  /** An attribute of a node; an Error when it does not exist (PyTables' get_node_attr). */
  getNodeAttr(where: string | Node, attrname: string, name?: string): AttributeValue {
    return nodeAttrs.getNodeAttr(this, where, attrname, name);
  }

  /** Deletes an attribute of a node; an Error when it does not exist (PyTables' del_node_attr). */
  delNodeAttr(where: string | Node, attrname: string, name?: string): void {
    nodeAttrs.delNodeAttr(this, where, attrname, name);
  }

  // ---- the file's bytes (images.ts) -------------------------------------------------

  /** @internal Registers a buffered write made before every flush and close; returns its removal. */
  _onWriteBack(fn: () => void): () => void {
    this._writeBacks.add(fn);
    return () => this._writeBacks.delete(fn);
  }

  /** @internal Makes the buffered writes (table rows appended through `row`). */
  _writeBack(): void {
    if (this._native === null) return;
    for (const fn of this._writeBacks) fn();
  }

  /** Flushes everything to the file (for CORE with a backing store: to the disk). */
  flush(): void {
    this._writeBack();
    images.flush(this);
  }

  /** flush() on the HDF5 thread; `signal` cancels it while it is queued. */
  async flushAsync(options?: AsyncOptions): Promise<void> {
    this._writeBack();
    return images.flushAsync(this, asyncOptions(options, 'flushAsync'));
  }

  /** The whole file as an HDF5 image (flushed first: an unflushed image does not reopen). */
  getFileImage(): Buffer {
    this._writeBack();
    return images.getFileImage(this);
  }

  /** getFileImage() on the HDF5 thread; `signal` cancels it while it is queued. */
  async getFileImageAsync(options?: AsyncOptions): Promise<Buffer> {
    this._writeBack();
    return images.getFileImageAsync(this, asyncOptions(options, 'getFileImageAsync'));
  }

  /**
   * Flushes, closes the file and returns its image: for a CORE file created in memory or
   * opened from an image, the driver's memory becomes the Buffer without a copy.
   */
  takeFileImage(): Buffer {
    this._writeBack();
    return images.takeFileImage(this);
  }

  /**
   * takeFileImage() on the HDF5 thread; the file is closed at once. An already aborted
   * `signal` rejects and leaves the file open; once called, it is not cancelled.
   */
  async takeFileImageAsync(options?: AsyncOptions): Promise<Buffer> {
    this._writeBack();
    return images.takeFileImageAsync(this, asyncOptions(options, 'takeFileImageAsync'));
  }

  // ---- closing ----------------------------------------------------------------------

  /** Closes the file; its nodes become closed. Closing twice does nothing. */
  close(): void {
    // Rows a table's `row` still holds are written first; a failure there still closes.
    const failed = this._closingWriteBack();
    const nat = this._detach();
    if (!nat) return;
    try {
      nativeCall(() => nat.close());
    } finally {
      this._released();
    }
    if (failed) throw failed.error;
  }

  /** The buffered writes before a close: the error they threw, if any. */
  private _closingWriteBack(): { error: unknown } | undefined {
    try {
      this._writeBack();
      return undefined;
    } catch (error) {
      return { error };
    }
  }

  /**
   * close() on the HDF5 thread, after the file's pending operations; closed at once (its
   * nodes then throw ClosedNodeError, the file ClosedFileError). An already aborted
   * `signal` rejects and leaves the file open; once called, the close is not cancelled.
   */
  async closeAsync(options?: AsyncOptions): Promise<void> {
    throwIfAborted(asyncOptions(options, 'closeAsync'));
    const failed = this._closingWriteBack();
    const nat = this._detach();
    if (!nat) return;
    try {
      await nativeCallAsync(() => nat.closeAsync());
    } finally {
      this._released();
    }
    if (failed) throw failed.error;
  }

  /** @internal Marks the file closed at once (later calls see it closed); returns the native file. */
  _detach(): NativeFile | null {
    const nat = this._native;
    if (nat) {
      // PyTables unmounts them too; one failing to close does not keep this one open.
      for (const other of this._linked) {
        try {
          other.close();
        } catch {
          // closed as far as it can be
        }
      }
    }
    this._linked.clear();
    this._writeBacks.clear();
    this._native = null;
    this._nodes.clear();
    return nat;
  }

  /** @internal The native file is closed: its path is released and GC no longer watches it. */
  _released(): void {
    this._release();
  }

  /** Closes the file at the end of a `using` block, as `close()` does. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Closes the file at the end of an `await using` block, as `closeAsync()` does. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.closeAsync();
  }

  // ---- printing (printed-tree.ts) ---------------------------------------------------

  /** PyTables' str(file): the header and every node's str(), groups with their leaves. */
  toString(): string {
    return this.isOpen ? fileText(this, this._modified()) : '<closed File>';
  }

  /** PyTables' repr(file): the header, groups' str() and leaves' repr(). */
  [inspect.custom](): string {
    return this.isOpen ? fileReprText(this) : '<closed File>';
  }

  /** "Last modif." as PyTables prints it: the disk file's mtime, or '<in-memory file>'. */
  private _modified(): string {
    if (this._inMemory) return '<in-memory file>';
    try {
      return isoSeconds(fs.statSync(this._absPath).mtime);
    } catch {
      return '<in-memory file>';
    }
  }
}

/**
 * Opens or creates an HDF5 file (PyTables' open_file). Modes: 'r' read-only, 'r+'
 * read-write (must exist), 'a' read-write (created if missing), 'w' create/truncate.
 */
export function openFile<I extends Int64Mode = 'bigint'>(
  filename: string,
  mode: FileMode = 'r',
  options: OpenFileOptions<I> = {},
): File<I> {
  return new File(filename, mode, openNative(filename, mode, options));
}

/**
 * openFile() with the open (reading a file or an image) on the HDF5 thread. The options
 * may add `signal` (see AsyncOptions): aborted while the open is queued, nothing is opened.
 */
export async function openFileAsync<I extends Int64Mode = 'bigint'>(
  filename: string,
  mode: FileMode = 'r',
  options: OpenFileOptions<I> & AsyncOptions = {},
): Promise<File<I>> {
  const { signal, rest } = splitSignal(options, 'openFileAsync');
  throwIfAborted(signal);
  return new File(filename, mode, await openNativeAsync(filename, mode, rest, signal));
}

/** Whether the file at `filename` is an HDF5 file (PyTables' is_hdf5_file). */
export function isHDF5File(filename: string): boolean {
  if (typeof filename !== 'string') throw new TypeError('filename must be a string');
  checkFileAccess(path.resolve(filename), 'r');
  return native().isHDF5File(filename);
}

/** The version of the HDF5 library h5tables runs on, e.g. '1.10.8'. */
export function hdf5Version(): string {
  return native().hdf5Version;
}
