// File and openFile (PyTables' tables.File and tables.open_file).
//
// The File owns the NativeFile and one node object per path, so `f.root.a === f.root.a`,
// and a node follows its renames and sees its removal and the file's close.

import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';

import { Array as H5Array } from './array';
import { AttributeSet } from './attributeset';
import { arrayValue, type ArrayInput, type AttributeValue, stringAttribute } from './dtype';
import { ClosedFileError, FileModeError, NodeError, NoSuchNodeError, nativeCall, nativeCallAsync } from './errors';
import { fileRepr, fileStr, isoSeconds } from './format';
import { Group, RootGroup, type NaturalChildren, type NaturalNode } from './group';
import { Leaf, UnImplemented } from './leaf';
import { watchFile } from './lifetime';
import {
  native, type NativeAttributeList, type NativeDatasetInfo, type NativeDType, type NativeFile, type NativeNodeKind,
  type NativeWriteValue,
} from './native';
import { Node, Unknown } from './node';
import { checkFileAccess, openNative, openNativeAsync, type FileMode, type Opened, type OpenFileOptions, type DriverName } from './open';
import { checkOptions, type OptionTable } from './options';
import { ancestors, checkName, compareNames, isWithin, joinPath, normalizePath, splitPath } from './paths';

export type { FileMode, OpenFileOptions, DriverName } from './open';

/** The node classes by the names PyTables' `classname` arguments accept. */
/** PyTables' system attributes (fixed-length UTF-8 strings) as a native attribute list. */
function systemAttributes(attrs: Record<string, string>): NativeAttributeList {
  return Object.entries(attrs).map(([name, value]): [string, NativeWriteValue] => [name, stringAttribute(value)]);
}

const ELEMENT_SIZE: Record<Exclude<NativeDType, 'string'>, number> = {
  int8: 1, uint8: 1, bool: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, int64: 8, uint64: 8, float64: 8,
};

/**
 * What the binding would report for a dataset h5tables just wrote (contiguous, little-endian
 * numbers, fixed-length strings), so a new Array needs no lookup.
 */
function writtenInfo(value: NativeWriteValue): NativeDatasetInfo {
  const isString = value.dtype === 'string';
  return {
    dtype: value.dtype,
    shape: value.shape ?? [],
    itemsize: isString ? value.itemsize ?? 1 : ELEMENT_SIZE[value.dtype as Exclude<NativeDType, 'string'>],
    byteorder: isString || value.dtype === 'bool' ? 'irrelevant' : 'little',
    chunkshape: null,
  };
}

export interface NodeClasses {
  Node: Node;
  Group: Group;
  RootGroup: RootGroup;
  Leaf: Leaf;
  Array: H5Array;
  UnImplemented: UnImplemented;
  Unknown: Unknown;
}
export type NodeClassName = keyof NodeClasses;

const CLASSES: { [K in NodeClassName]: abstract new (...args: never[]) => NodeClasses[K] } = {
  Node, Group, RootGroup, Leaf, Array: H5Array, UnImplemented, Unknown,
};

function classOf(classname: unknown): abstract new (...args: never[]) => Node {
  if (classname === undefined || classname === null || classname === '') return Node;
  if (typeof classname !== 'string' || !Object.hasOwn(CLASSES, classname)) {
    throw new TypeError(`there is no registered node class named \`\`${String(classname)}\`\``);
  }
  return CLASSES[classname as NodeClassName];
}

/** A title given as a string or in an options object. */
export interface CreateOptions {
  title?: string;
  createParents?: boolean;
}

const CREATE_OPTIONS: OptionTable = { title: 'string', createParents: 'boolean' };

function createOptions(titleOrOptions: unknown, what: string): Required<CreateOptions> {
  if (titleOrOptions === undefined || titleOrOptions === null) return { title: '', createParents: false };
  if (typeof titleOrOptions === 'string') return { title: titleOrOptions, createParents: false };
  if (typeof titleOrOptions !== 'object') throw new TypeError(`${what}: the last argument must be a title or {title, createParents}`);
  checkOptions(titleOrOptions, CREATE_OPTIONS, what);
  const { title = '', createParents = false } = titleOrOptions as CreateOptions;
  return { title, createParents };
}

/** Options of moveNode/copyNode/renameNode/removeNode given as one object. */
export interface NodeOpOptions {
  newparent?: string | Group;
  newname?: string;
  name?: string;
  overwrite?: boolean;
  recursive?: boolean;
  createParents?: boolean;
}

/** A group's leaves, then its unknown nodes (PyTables' _node_kinds order, as str(file) prints). */
function leavesAndOthers(children: Node[]): Node[] {
  return [...children.filter((c) => c instanceof Leaf), ...children.filter((c) => c instanceof Unknown)];
}

function isOptions(value: unknown): value is NodeOpOptions {
  return typeof value === 'object' && value !== null && !(value instanceof Node);
}

function checkWhere(value: unknown, key: string): void {
  if (typeof value !== 'string' && !(value instanceof Group)) throw new TypeError(`option '${key}' must be a path string or a Group`);
}

// The keys each tree operation's options object accepts (PyTables' keyword arguments).
const REMOVE_OPTIONS: OptionTable = { name: 'string', recursive: 'boolean' };
const MOVE_OPTIONS: OptionTable = {
  newparent: checkWhere, newname: 'string', name: 'string', overwrite: 'boolean', createParents: 'boolean',
};
const COPY_OPTIONS: OptionTable = { ...MOVE_OPTIONS, recursive: 'boolean' };

export class File {
  /** The name the file was opened with, as given. */
  readonly filename: string;
  /** The mode the file was opened in. */
  readonly mode: FileMode;
  /** The driver, as PyTables names it. */
  readonly driver: DriverName;
  private _native: NativeFile | null;
  private readonly _absPath: string;
  private readonly _inMemory: boolean;
  private readonly _release: () => void;
  private _nodes = new Map<string, Node>();

  /** @internal Use openFile() or openFileAsync(). */
  constructor(filename: string, mode: FileMode, opened: Opened) {
    this.filename = filename;
    this.mode = mode;
    this.driver = opened.driver;
    this._native = opened.native;
    this._absPath = opened.absPath;
    this._inMemory = opened.inMemory;
    // Closed by GC (and its path released) if dropped without close().
    this._release = watchFile(this, opened.native, opened.release);
    if (opened.created) {
      try {
        this._writeSystemAttrs('/', { CLASS: 'GROUP', TITLE: opened.title, VERSION: '1.0', PYTABLES_FORMAT_VERSION: '2.1' });
      } catch (err) {
        this.close();
        throw err;
      }
    }
  }

  // ---- state ------------------------------------------------------------------------

  /** Whether the file is open (PyTables' isopen). */
  get isOpen(): boolean {
    return this._native !== null && this._native.isOpen();
  }

  /** @internal The native file; ClosedFileError when closed. */
  _nat(): NativeFile {
    if (!this.isOpen) throw new ClosedFileError('the file object is closed');
    return this._native as NativeFile;
  }

  /** @internal FileModeError unless the file was opened writable. */
  _checkWritable(): void {
    if (!this._nat().isWritable()) throw new FileModeError('the file is not writable');
  }

  /** The root group. */
  get root(): RootGroup & NaturalChildren {
    return this._node('/') as RootGroup & NaturalChildren;
  }

  /** The root group's title. */
  get title(): string {
    return this.root.title;
  }

  set title(title: string) {
    this.root.title = title;
  }

  // ---- node objects -----------------------------------------------------------------

  /** @internal What is at an absolute path (null: nothing). */
  _kindOf(path: string): NativeNodeKind | null {
    const nat = this._nat();
    return nativeCall(() => nat.getKind(path));
  }

  /** @internal The node object for an existing normalised path (one per path). */
  _node(path: string, knownKind?: NativeNodeKind, knownInfo?: NativeDatasetInfo): Node {
    const nat = this._nat();
    const cached = this._nodes.get(path);
    if (cached) return cached;
    // A node just created needs no lookup of what it is.
    const kind = knownKind ?? nativeCall(() => nat.getKind(path));
    if (kind === null) throw new NoSuchNodeError(`group \`\`/\`\` does not have a child named \`\`${path}\`\``);
    let node: Node;
    if (kind === 'group') node = path === '/' ? new RootGroup(this, path) : new Group(this, path);
    else if (kind === 'dataset') {
      const info = knownInfo ?? nativeCall(() => nat.getDatasetInfo(path));
      const leaf = info.dtype === null ? new UnImplemented(this, path) : new H5Array(this, path);
      leaf._info = info;
      node = leaf;
    } else node = new Unknown(this, path);
    this._nodes.set(path, node);
    return node;
  }

  /** The absolute path `where` (+ `name`) stands for. */
  private _pathOf(where: unknown, name?: unknown): string {
    let path: string;
    if (where instanceof Node) {
      if (where._file !== this) throw new NodeError('the node belongs to another file');
      where._check();
      path = where._path;
    } else if (typeof where === 'string') path = normalizePath(where);
    else throw new TypeError('where must be a path string or a node');
    if (name === undefined || name === null) return path;
    if (typeof name !== 'string') throw new TypeError('name must be a string');
    return normalizePath(joinPath(path, name));
  }

  /** The group at `path`, creating missing ancestors when asked (PyTables' rules and messages). */
  private _parentGroup(path: string, createParents: boolean): Group {
    // A group this File already knows needs no lookup (node objects follow moves and removals).
    const known = this._nodes.get(path);
    if (known instanceof Group) return known;
    const kind = this._kindOf(path);
    if (kind === null) {
      if (!createParents) throw new NoSuchNodeError(`group \`\`/\`\` does not have a child named \`\`${path}\`\``);
      // A path resolves only if every ancestor does, as a group: a binary search finds
      // the deepest one that exists in log(depth) lookups, and every group below it is new.
      const chain = [...ancestors(path), path];
      let lo = 0; // chain[lo - 1] resolves (the root, for lo = 0)
      let hi = chain.length - 1; // chain[hi] does not
      let deepest: NativeNodeKind = 'group';
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const k = this._kindOf(chain[mid]);
        if (k === null) hi = mid;
        else [lo, deepest] = [mid + 1, k];
      }
      if (deepest !== 'group') throw new TypeError(`new parent node \`\`${chain[lo - 1]}\`\` is not a group`);
      for (const p of chain.slice(lo)) this._makeGroup(p, '');
    } else if (kind !== 'group') {
      throw new TypeError(`new parent node \`\`${path}\`\` is not a group`);
    }
    return this._node(path) as Group;
  }

  private _writeSystemAttrs(path: string, attrs: Record<string, string>): void {
    const nat = this._nat();
    for (const [name, value] of systemAttributes(attrs)) {
      nativeCall(() => nat.writeAttribute(path, name, value));
    }
  }

  private _makeGroup(path: string, title: string): void {
    const nat = this._nat();
    // The group and its PyTables attributes in one native call.
    nativeCall(() => nat.createGroup(path, systemAttributes({ CLASS: 'GROUP', TITLE: title, VERSION: '1.0' })));
  }

  /** Checks `path` is free in its parent (NodeError otherwise, as PyTables words it). */
  private _checkFree(parent: string, name: string): void {
    // The parent is an existing group here: one link lookup answers.
    const nat = this._nat();
    if (nativeCall(() => nat.hasLink(joinPath(parent, name)))) {
      throw new NodeError(`group \`\`${parent}\`\` already has a child node named \`\`${name}\`\``);
    }
  }

  // ---- creating ---------------------------------------------------------------------

  /** Creates a group (PyTables' create_group). */
  createGroup(where: string | Group, name: string, titleOrOptions?: string | CreateOptions): Group & NaturalChildren {
    const parent = this._pathOf(where);
    checkName(name);
    const { title, createParents } = createOptions(titleOrOptions, 'createGroup');
    this._checkWritable();
    this._parentGroup(parent, createParents);
    this._checkFree(parent, name);
    const path = joinPath(parent, name);
    this._makeGroup(path, title);
    return this._node(path, 'group') as Group & NaturalChildren;
  }

  /**
   * Creates an array (PyTables' create_array): `obj` is a TypedArray (keeps its type),
   * nested arrays (numbers: float64), `{data, shape}`, a scalar, booleans or strings.
   */
  createArray(where: string | Group, name: string, obj: ArrayInput, titleOrOptions?: string | CreateOptions): H5Array {
    const { path, value, attributes } = this._prepareArray(where, name, obj, titleOrOptions);
    const nat = this._nat();
    nativeCall(() => nat.createDataset(path, value, attributes));
    return this._node(path, 'dataset', writtenInfo(value)) as H5Array;
  }

  /** Checks a createArray() call and converts its data; creates missing parents when asked. */
  private _prepareArray(where: unknown, name: unknown, obj: unknown, titleOrOptions: unknown, checkFree = true) {
    const parent = this._pathOf(where);
    checkName(name);
    const { title, createParents } = createOptions(titleOrOptions, 'createArray');
    const { value, flavor } = arrayValue(obj);
    this._checkWritable();
    this._parentGroup(parent, createParents);
    if (checkFree) this._checkFree(parent, name as string);
    // PyTables' system attributes, written with the dataset in the same native call.
    const attributes = systemAttributes({ CLASS: 'ARRAY', VERSION: '2.4', TITLE: title, FLAVOR: flavor });
    return { parent, path: joinPath(parent, name as string), value, attributes };
  }

  // ---- finding ----------------------------------------------------------------------

  /** The node at `where` (+ `name`), optionally checked to be of a class (PyTables' get_node). */
  getNode(where: string | Node, name?: string): NaturalNode;
  getNode<K extends NodeClassName>(where: string | Node, name: string | undefined, classname: K): NodeClasses[K];
  getNode(where: string | Node, name?: string, classname?: NodeClassName): Node {
    const path = this._pathOf(where, name);
    const cls = classOf(classname);
    const node = this._node(path);
    if (!(node instanceof cls)) {
      const found = (node as Node)._className();
      throw new NoSuchNodeError(
        `could not find a \`\`${classname}\`\` node at \`\`${path}\`\`; instead, a \`\`${found}\`\` node has been found there`,
      );
    }
    return node;
  }

  /** Whether a node exists at this path (PyTables' `path in file`). */
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

  private _group(where: string | Node): Group {
    const node = this._node(this._pathOf(where));
    if (!(node instanceof Group)) throw new TypeError(`node \`\`${node._path}\`\` is not a group`);
    return node;
  }

  /** The children of a group, sorted by name, optionally only those of one class. */
  listNodes<K extends NodeClassName = 'Node'>(where: string | Group = '/', classname?: K): NodeClasses[K][] {
    return [...this.iterNodes(where, classname)];
  }

  /** Iterates the children of a group, sorted by name (PyTables' iter_nodes). */
  *iterNodes<K extends NodeClassName = 'Node'>(where: string | Group = '/', classname?: K): Generator<NodeClasses[K]> {
    const group = this._group(where);
    const cls = classOf(classname);
    for (const node of this._children(group)) {
      if (node instanceof cls) yield node as NodeClasses[K];
    }
  }

  /** The child nodes of a group, sorted by name: one listing, whose kinds need no lookup. */
  private *_children(group: Group): Generator<Node> {
    const nat = this._nat();
    const children = nativeCall(() => nat.listChildren(group._path)).sort((a, b) => compareNames(a.name, b.name));
    for (const { name, kind } of children) yield this._node(joinPath(group._path, name), kind);
  }

  /**
   * @internal The walk below `start`, in PyTables' order: `start`, then each group's
   * subgroups sorted by name, the last-found group descended first (PyTables' stack).
   * Each group object is visited once: a hard link to a group already seen (an ancestor,
   * making a cycle, or a sibling) is neither yielded nor descended into, so a crafted file
   * can make a walk neither endless nor exponential. Each entry has the group's children
   * (sorted, without those repeated groups), listed when the group is reached.
   */
  *_walk(start: Group): Generator<{ group: Group; children: Node[] }> {
    const nat = this._nat();
    const seen = new Set(nativeCall(() => nat.objectIds(start._path, ['.'])));
    const visit = (group: Group): { group: Group; children: Node[]; subgroups: Group[] } => {
      const children = [...this._children(group)];
      const groups = children.filter((c): c is Group => c instanceof Group);
      const ids = groups.length === 0 ? [] : nativeCall(() => nat.objectIds(group._path, groups.map((g) => splitPath(g._path)[1])));
      const repeated = new Set<Group>();
      groups.forEach((g, i) => {
        if (seen.has(ids[i])) repeated.add(g);
        else seen.add(ids[i]);
      });
      return {
        group,
        children: repeated.size === 0 ? children : children.filter((c) => !repeated.has(c as Group)),
        subgroups: groups.filter((g) => !repeated.has(g)),
      };
    };
    const first = visit(start);
    yield first;
    const stack = [first];
    while (stack.length > 0) {
      const entry = stack.pop() as (typeof stack)[number];
      for (const group of entry.subgroups) {
        const next = visit(group);
        stack.push(next);
        yield next;
      }
    }
  }

  /** Walks the groups from `where` down, as PyTables does (each group object once). */
  *walkGroups(where: string | Group = '/'): Generator<Group> {
    for (const { group } of this._walk(this._group(where))) yield group;
  }

  /** Walks nodes: `where`, then the children of every group walkGroups() yields. */
  *walkNodes<K extends NodeClassName = 'Node'>(where: string | Group = '/', classname?: K): Generator<NodeClasses[K]> {
    const cls = classOf(classname);
    if (cls === Group) {
      yield* this.walkGroups(where) as Generator<NodeClasses[K]>;
      return;
    }
    if (cls === Node) yield this.getNode(where) as NodeClasses[K];
    yield* this._walkBelow(this._group(where), classname);
  }

  /** @internal The children of every group the walk from `start` reaches, of one class. */
  *_walkBelow<K extends NodeClassName = 'Node'>(start: Group, classname?: K): Generator<NodeClasses[K]> {
    const cls = classOf(classname);
    for (const { children } of this._walk(start)) {
      for (const node of children) if (node instanceof cls) yield node as NodeClasses[K];
    }
  }

  /** Iterates every node, as walkNodes('/') does. */
  [Symbol.iterator](): Generator<Node> {
    return this.walkNodes('/');
  }

  // ---- changing the tree ------------------------------------------------------------

  /** Removes a node; a group with children needs `recursive` (PyTables' remove_node). */
  removeNode(where: string | Node, name?: string | NodeOpOptions, recursive = false): void {
    if (isOptions(name)) {
      checkOptions(name, REMOVE_OPTIONS, 'removeNode');
      return this.removeNode(where, name.name, name.recursive ?? false);
    }
    const node = this.getNode(where, name) as Node;
    this._checkWritable();
    if (node._path === '/') throw new NodeError('the root node can not be removed');
    if (node instanceof Group && !recursive) {
      const nat = this._nat();
      if (nativeCall(() => nat.listChildren(node._path)).length > 0) {
        throw new NodeError(
          `group \`\`${node._path}\`\` has child nodes; please set \`recursive\` or \`force\` to true to remove it`,
        );
      }
    }
    const nat = this._nat();
    nativeCall(() => nat.deleteLink(node._path));
    this._forget(node._path);
  }

  /** Renames a node within its group (PyTables' rename_node). */
  renameNode(where: string | Node, newname: string, name?: string, overwrite = false): void {
    const node = this.getNode(where, name) as Node;
    if (node._path === '/') throw new NodeError('the root node can not be renamed');
    this._relocate(node, splitPath(node._path)[0], newname, overwrite, false);
  }

  /** Moves a node, optionally renaming it (PyTables' move_node). */
  moveNode(where: string | Node, newparent?: string | Group | NodeOpOptions, newname?: string, name?: string,
    overwrite = false, createParents = false): void {
    if (isOptions(newparent) && !(newparent instanceof Node)) {
      const o = newparent;
      checkOptions(o, MOVE_OPTIONS, 'moveNode');
      return this.moveNode(where, o.newparent, o.newname, o.name, o.overwrite ?? false, o.createParents ?? false);
    }
    const node = this.getNode(where, name) as Node;
    if (node._path === '/') throw new NodeError('the root node can not be moved');
    const [oldParent, oldName] = splitPath(node._path);
    const parent = newparent === undefined || newparent === null ? oldParent : this._pathOf(newparent);
    this._relocate(node, parent, newname ?? oldName, overwrite, createParents);
  }

  private _relocate(node: Node, parent: string, newname: string, overwrite: boolean, createParents: boolean): void {
    checkName(newname);
    this._checkWritable();
    const from = node._path;
    const to = joinPath(parent, newname);
    if (to === from) return; // PyTables: a move onto itself does nothing
    if (node instanceof Group && isWithin(parent, from)) {
      throw new NodeError(`can not move or recursively copy node \`\`${from}\`\` into itself`);
    }
    this._parentGroup(parent, createParents);
    this._prepareDestination(parent, newname, overwrite, from);
    const nat = this._nat();
    nativeCall(() => nat.moveLink(from, to));
    // Node objects below `from` now live below `to`.
    const moved = [...this._nodes].filter(([p]) => isWithin(p, from));
    for (const [p] of moved) this._nodes.delete(p);
    for (const [p, n] of moved) {
      n._path = to + p.slice(from.length);
      this._nodes.set(n._path, n);
    }
  }

  /** Frees parent/name for a new node: NodeError, or removes the old one when overwriting. */
  private _prepareDestination(parent: string, name: string, overwrite: boolean, source: string): void {
    const dest = joinPath(parent, name);
    if (this._kindOf(dest) === null) return;
    if (!overwrite) {
      throw new NodeError(
        `destination group \`\`${parent}\`\` already has a node named \`\`${name}\`\`; you may want to use the \`\`overwrite\`\` argument`,
      );
    }
    // Overwriting an ancestor of the source would delete the source first.
    if (isWithin(source, dest)) {
      throw new NodeError(`can not overwrite node \`\`${dest}\`\`: it holds \`\`${source}\`\`, the node being moved or copied`);
    }
    const nat = this._nat();
    nativeCall(() => nat.deleteLink(dest));
    this._forget(dest);
  }

  /** Marks the node objects at and below `path` removed. */
  private _forget(path: string): void {
    for (const [p, n] of [...this._nodes]) {
      if (isWithin(p, path)) {
        n._removed = true;
        this._nodes.delete(p);
      }
    }
  }

  /** Copies a node and returns the copy (PyTables' copy_node). */
  copyNode(where: string | Node, newparent?: string | Group | NodeOpOptions, newname?: string, name?: string,
    overwrite = false, recursive = false, createParents = false): Node {
    if (isOptions(newparent) && !(newparent instanceof Node)) {
      const o = newparent;
      checkOptions(o, COPY_OPTIONS, 'copyNode');
      return this.copyNode(where, o.newparent, o.newname, o.name, o.overwrite ?? false, o.recursive ?? false,
        o.createParents ?? false);
    }
    const node = this.getNode(where, name) as Node;
    const [oldParent, oldName] = splitPath(node._path);
    const parent = newparent === undefined || newparent === null ? oldParent : this._pathOf(newparent);
    const target = newname ?? oldName;
    checkName(target);
    this._checkWritable();
    const from = node._path;
    const to = joinPath(parent, target);
    if (to === from) throw new NodeError(`source and destination nodes are the same node: \`\`${from}\`\``);
    if (node instanceof Group && recursive && isWithin(parent, from)) {
      throw new NodeError(`can not move or recursively copy node \`\`${from}\`\` into itself`);
    }
    this._parentGroup(parent, createParents);
    this._prepareDestination(parent, target, overwrite, from);
    const nat = this._nat();
    if (node instanceof Group && !recursive) {
      // A group alone: a new group carrying the same attributes.
      nativeCall(() => nat.createGroup(to));
      const attrs = node.attrs;
      for (const key of attrs.keys()) {
        const raw = attrs._raw(key);
        if (raw) nativeCall(() => nat.writeAttribute(to, key, raw));
      }
    } else {
      nativeCall(() => nat.copyObject(from, to));
    }
    return this._node(to);
  }

  // ---- attributes -------------------------------------------------------------------

  private _attrs(where: string | Node, name?: string): AttributeSet {
    return (this.getNode(where, name) as Node).attrs;
  }

  /** Sets an attribute of a node (PyTables' set_node_attr). */
  setNodeAttr(where: string | Node, attrname: string, attrvalue: AttributeValue, name?: string): void {
    this._attrs(where, name).set(attrname, attrvalue);
  }

  /** An attribute of a node; an Error when it does not exist (PyTables' get_node_attr). */
  getNodeAttr(where: string | Node, attrname: string, name?: string): AttributeValue {
    const attrs = this._attrs(where, name);
    const value = attrs.get(attrname);
    if (value === undefined) {
      throw new Error(`Attribute '${attrname}' does not exist in node: '${attrs._node._path}'`);
    }
    return value;
  }

  /** Deletes an attribute of a node; an Error when it does not exist (PyTables' del_node_attr). */
  delNodeAttr(where: string | Node, attrname: string, name?: string): void {
    const attrs = this._attrs(where, name);
    if (!attrs.delete(attrname)) {
      throw new Error(`Attribute ('${attrname}') does not exist in node '${attrs._node._path}'`);
    }
  }

  // ---- the file as a whole ----------------------------------------------------------

  /** Flushes everything to the file (for CORE with a backing store: to the disk). */
  flush(): void {
    const nat = this._nat();
    nativeCall(() => nat.flush());
  }

  /** The whole file as an HDF5 image (flushed first: an unflushed image does not reopen). */
  getFileImage(): Buffer {
    const nat = this._nat();
    nativeCall(() => nat.flush());
    return nativeCall(() => nat.getFileImage());
  }

  /** Closes the file; its nodes become closed. Closing twice does nothing. */
  close(): void {
    const nat = this._detach();
    if (!nat) return;
    try {
      nativeCall(() => nat.close());
    } finally {
      this._release();
    }
  }

  /** Marks the file closed at once (later calls see it closed); returns the native file. */
  private _detach(): NativeFile | null {
    const nat = this._native;
    this._native = null;
    this._nodes.clear();
    return nat;
  }

  /**
   * Flushes, closes the file and returns its image: for a CORE file created in memory or
   * opened from an image, the driver's memory becomes the Buffer without a copy.
   */
  takeFileImage(): Buffer {
    const nat = this._nat();
    this._detach();
    try {
      // Closes the native file in every case; an image read in place is copied once.
      return nativeCall(() => nat.takeFileImage());
    } finally {
      this._release();
    }
  }

  // ---- promise forms: the same work on the process's HDF5 thread --------------------

  /** flush() on the HDF5 thread. */
  async flushAsync(): Promise<void> {
    const nat = this._nat();
    await nativeCallAsync(() => nat.flushAsync());
  }

  /** getFileImage() on the HDF5 thread. */
  async getFileImageAsync(): Promise<Buffer> {
    const nat = this._nat();
    await nativeCallAsync(() => nat.flushAsync());
    return nativeCallAsync(() => nat.getFileImageAsync());
  }

  /** takeFileImage() on the HDF5 thread; the file is closed at once. */
  async takeFileImageAsync(): Promise<Buffer> {
    const nat = this._nat();
    this._detach();
    try {
      return await nativeCallAsync(() => nat.takeFileImageAsync());
    } finally {
      this._release();
    }
  }

  /** close() on the HDF5 thread, after the file's pending operations; closed at once. */
  async closeAsync(): Promise<void> {
    const nat = this._detach();
    if (!nat) return;
    try {
      await nativeCallAsync(() => nat.closeAsync());
    } finally {
      this._release();
    }
  }

  /**
   * createArray() with the data written on the HDF5 thread. The data is copied when the
   * call is made: the caller may change, transfer or drop its TypedArray at once.
   */
  async createArrayAsync(where: string | Group, name: string, obj: ArrayInput,
    titleOrOptions?: string | CreateOptions): Promise<H5Array> {
    // The name is checked on the HDF5 thread, so this call does not wait for running work.
    const { parent, path, value, attributes } = this._prepareArray(where, name, obj, titleOrOptions, false);
    const nat = this._nat();
    try {
      await nativeCallAsync(() => nat.createDatasetAsync(path, value, attributes));
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_EXISTS') {
        throw new NodeError(`group \`\`${parent}\`\` already has a child node named \`\`${name}\`\``);
      }
      throw err;
    }
    return this._node(path, 'dataset', writtenInfo(value)) as H5Array;
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** PyTables' str(file): the header and every node's str(), groups with their leaves. */
  toString(): string {
    if (!this.isOpen) return '<closed File>';
    const lines: string[] = [];
    for (const { group, children } of this._walk(this.root)) {
      lines.push(group.toString());
      for (const leaf of leavesAndOthers(children)) lines.push(leaf.toString());
    }
    return fileStr(this.filename, this.title, this._modified(), lines);
  }

  /** PyTables' repr(file): the header, groups' str() and leaves' repr(). */
  [inspect.custom](): string {
    if (!this.isOpen) return '<closed File>';
    const lines: string[] = [];
    for (const { group, children } of this._walk(this.root)) {
      lines.push(group.toString());
      for (const leaf of leavesAndOthers(children)) lines.push(leaf._repr());
    }
    return fileRepr(this.filename, this.title, this.mode, lines);
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
export function openFile(filename: string, mode: FileMode = 'r', options: OpenFileOptions = {}): File {
  return new File(filename, mode, openNative(filename, mode, options));
}

/** openFile() with the open (reading a file or an image) on the HDF5 thread. */
export async function openFileAsync(filename: string, mode: FileMode = 'r', options: OpenFileOptions = {}): Promise<File> {
  return new File(filename, mode, await openNativeAsync(filename, mode, options));
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
