// Node: what every object in the tree has (PyTables' tables.Node).
//
// A node is a (file, path) pair. The file keeps one object per path, updates its path on
// rename/move and marks it removed on remove; every member checks that the node is still
// usable and throws ClosedNodeError otherwise (the file closed, or the node removed).

import { inspect } from 'node:util';

import { AttributeSet, type AttributeValues } from './attributeset';
import type { AttributeValue } from './dtype';
import { ClosedNodeError } from './errors';
import type { File } from './file';
import { unknownRepr } from './printed';
import type { Group } from './group';
import type { NativeFile } from './native';
import { splitPath } from './paths';
import { registerClassName, registerUnknownClass } from './registry';

/**
 * A node of the tree (PyTables' `tables.Node`): its name, path, parent, file, title and
 * attributes, and the operations on it. Groups and leaves extend it.
 */
export abstract class Node {
  /** @internal */
  _file: File;
  /** @internal The absolute path; the file updates it on rename/move. */
  _path: string;
  /** @internal Set when the node is removed from its file. */
  _removed = false;
  /** @internal */
  _attrs: (AttributeSet & AttributeValues) | undefined;
  /**
   * @internal The PyTables class this node stands in for when h5tables does not implement
   * it yet (a CArray read as an Array): the name str() and repr() print.
   */
  _standsFor: string | undefined;

  /** @internal Nodes are made by their File. */
  constructor(file: File, path: string) {
    this._file = file;
    this._path = path;
  }

  /** @internal The PyTables class name printed in str()/repr(). */
  _className(): string {
    return this._standsFor ?? this._ownClassName();
  }

  /**
   * @internal Where the node prints among its group's children (PyTables' _node_kinds):
   * groups 0, leaves 1, links 2, unknown nodes 3.
   */
  _printRank(): number {
    return 1;
  }

  /** @internal The name of this node's own class, as PyTables names it. */
  abstract _ownClassName(): string;

  /** @internal The native file, after checking the node is usable. */
  _check(): NativeFile {
    // One native call: it runs several times in every read.
    const nat = this._removed ? null : this._file._openNative();
    if (nat === null) throw this._closedError();
    return nat;
  }

  /** @internal The ClosedNodeError for this node, saying why (its file closed, or the node removed). */
  _closedError(what = 'the node object'): ClosedNodeError {
    const why = this._removed
      ? 'it was removed'
      : `its file ${JSON.stringify(this._file.filename)} is closed`;
    return new ClosedNodeError(`${what} is closed: \`\`${this._path}\`\` (${why})`);
  }

  /** Whether the node can still be used (its file is open and it was not removed). */
  get isOpen(): boolean {
    return !this._removed && this._file.isOpen;
  }

  /** The file this node belongs to (PyTables' _v_file). */
  get file(): File {
    this._check();
    return this._file;
  }

  /** The absolute path (PyTables' _v_pathname). */
  get pathname(): string {
    this._check();
    return this._path;
  }

  /** The name within the parent group; '/' for the root (PyTables' _v_name). */
  get name(): string {
    this._check();
    return this._path === '/' ? '/' : splitPath(this._path)[1];
  }

  /** The parent group; null for the root (PyTables' _v_parent). */
  get parent(): Group | null {
    this._check();
    if (this._path === '/') return null;
    return this._file._node(splitPath(this._path)[0]) as Group;
  }

  /** The number of groups between the root and this node (PyTables' _v_depth). */
  get depth(): number {
    this._check();
    return this._path === '/' ? 0 : this._path.split('/').length - 1;
  }

  /** The node's attributes (PyTables' _v_attrs). */
  get attrs(): AttributeSet & AttributeValues {
    this._check();
    this._attrs ??= new AttributeSet(this) as AttributeSet & AttributeValues;
    return this._attrs;
  }

  /** The TITLE attribute, '' when absent (PyTables' _v_title). */
  get title(): string {
    const title = this.attrs.get('TITLE');
    return title === undefined ? '' : String(title);
  }

  /** Sets the TITLE attribute. */
  set title(title: string) {
    if (typeof title !== 'string') throw new TypeError('a title must be a string');
    this.attrs.set('TITLE', title);
  }

  /** Removes this node (a non-empty group needs `recursive`). */
  remove(recursive = false): void {
    this._check();
    this._file.removeNode(this, undefined, recursive);
  }

  /** Renames this node within its group. */
  rename(newname: string, overwrite = false): void {
    this._check();
    this._file.renameNode(this, newname, undefined, overwrite);
  }

  /** Moves this node (PyTables' _f_move). */
  move(newparent?: string | Group, newname?: string, overwrite = false, createParents = false): void {
    this._check();
    this._file.moveNode(this, newparent, newname, undefined, overwrite, createParents);
  }

  /** Copies this node and returns the copy (PyTables' _f_copy). */
  copy(
    newparent?: string | Group,
    newname?: string,
    overwrite = false,
    recursive = false,
    createParents = false,
  ): Node {
    this._check();
    return this._file.copyNode(this, newparent, newname, undefined, overwrite, recursive, createParents);
  }

  /** The value of an attribute, or undefined. */
  getAttr(name: string): AttributeValue | undefined {
    return this.attrs.get(name);
  }

  /** Creates or replaces an attribute. */
  setAttr(name: string, value: AttributeValue): void {
    this.attrs.set(name, value);
  }

  /** Deletes an attribute. */
  delAttr(name: string): void {
    this._file.delNodeAttr(this, name);
  }

  /** @internal str() of an open node. */
  abstract _str(): string;

  /** @internal repr() of an open node. */
  _repr(): string {
    return this._str();
  }

  /** PyTables' str(): `/path (Class...) 'title'`; a closed node: `<closed Class>`. */
  toString(): string {
    return this.isOpen ? this._str() : `<closed ${this._className()}>`;
  }

  /** PyTables' repr() text, for util.inspect and console.log. */
  [inspect.custom](): string {
    return this.isOpen ? this._repr() : this.toString();
  }
}

/** A node HDF5 reports as neither group nor dataset (PyTables' Unknown). */
export class Unknown extends Node {
  /** @internal */
  _printRank(): number {
    return 3;
  }

  /** @internal */
  _ownClassName(): string {
    return 'Unknown';
  }

  /** @internal */
  _str(): string {
    return `${this._path} (Unknown)`;
  }

  /** @internal */
  _repr(): string {
    return unknownRepr(this._str());
  }
}

declare module './registry' {
  interface NodeClasses {
    /** Every node. */
    Node: Node;
    /** A node HDF5 reports as neither group nor dataset. */
    Unknown: Unknown;
  }
}
registerClassName('Node', Node);
registerClassName('Unknown', Unknown);
registerUnknownClass((file, path) => new Unknown(file, path));
