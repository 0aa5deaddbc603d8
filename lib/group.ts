// Group and RootGroup, with natural naming: `group.child` is the child node named 'child'
// (PyTables' Group). Real members win; other names are children.

import type { EArray } from './earray';
import { prepareNew, writeGroup, type CreateOptions } from './creating';
import type { DType, Int64Mode } from './dtype';
import { NoSuchNodeError, nativeCall } from './errors';
import type { File } from './file';
import { groupRepr, groupStr } from './printed';
import { Node } from './node';
import { compareNames, isHiddenName, joinPath } from './paths';
import { isProbe, naturalPrototype } from './proxy';
import {
  GROUP,
  ROOT,
  registerClassName,
  registerGroupClass,
  type NodeClasses,
  type NodeClassName,
} from './registry';

/**
 * The children reached by natural naming. A child's static type has the members of every
 * node class (it may be a group, an array or an EArray): `f.root.x.as('float64')` checks it is an
 * array of that dtype and types it so; `instanceof` or `getNode(path, undefined, 'Array')`
 * where the class matters. `I` is the file's `int64` option.
 *
 * TypeScript cannot know which names a file holds, so with `noUncheckedIndexedAccess` (as
 * `tsc --init` sets it) `f.root.x` is typed `NaturalNode | undefined`, though it never is
 * at run time (a missing child throws NoSuchNodeError): write `f.root.x?.read()`, or use
 * the node `createArray` returned, or `getNode('/x')`.
 */
export interface NaturalChildren<I extends Int64Mode = Int64Mode> {
  readonly [child: string]: NaturalNode<I>;
}

/** A node reached by natural naming (see NaturalChildren). */
export type NaturalNode<I extends Int64Mode = Int64Mode> = Group & EArray<DType, I> & NaturalChildren<I>;

/**
 * A group (PyTables' `tables.Group`): a container of nodes, reached by natural naming
 * (`group.child`), listing and walking.
 */
export class Group extends Node {
  /** @internal Groups are made by their File. */
  constructor(...args: ConstructorParameters<typeof Node>) {
    super(...args);
    // Not a Proxy itself (its prototype is): the REPL shows its repr, and completes children.
    naturalPrototype(this, {
      get: (name) => this._natural(name),
      has: (name) => this.isOpen && this._file._kindOf(joinPath(this._path, name)) !== null,
      names: () => this._childNames(),
    });
  }

  /** @internal Creates a group with PyTables' attributes (PyTables' create_group). */
  static _create(
    file: File,
    where: unknown,
    name: unknown,
    titleOrOptions?: string | CreateOptions,
  ): Group & NaturalChildren {
    // The name is checked in writeGroup's native call.
    const { path, title } = prepareNew(file, where, name, titleOrOptions, 'createGroup', {
      nameIsFree: false,
    });
    writeGroup(file._nat(), path, title);
    return file._node(path, 'group', GROUP) as Group & NaturalChildren;
  }

  /** @internal */
  _ownClassName(): string {
    return 'Group';
  }

  /** @internal */
  _printRank(): number {
    return 0;
  }

  /** @internal `group.name` for a name that is not a member (hidden children included, as in PyTables). */
  _natural(name: string): NaturalNode | undefined {
    if (!this.isOpen) {
      if (isProbe(name)) return undefined;
      throw this._closedError();
    }
    const path = joinPath(this._path, name);
    if (this._file._kindOf(path) !== null) return this._file._node(path) as NaturalNode;
    if (isProbe(name)) return undefined;
    throw new NoSuchNodeError(`group \`\`${this._path}\`\` does not have a child named \`\`${name}\`\``);
  }

  /** @internal The visible children's names, sorted (what natural naming lists). */
  _childNames(): string[] {
    const nat = this._check();
    return nativeCall(() => nat.listChildren(this._path))
      .map((c) => c.name)
      .filter((n) => !isHiddenName(n))
      .sort(compareNames);
  }

  /** The child of this name (PyTables' _f_get_child). */
  getChild(name: string): NaturalNode {
    this._check();
    const node = this._natural(name);
    if (node === undefined) {
      throw new NoSuchNodeError(`group \`\`${this._path}\`\` does not have a child named \`\`${name}\`\``);
    }
    return node;
  }

  /** Whether a child of this name exists (PyTables' `name in group`). */
  has(name: string): boolean {
    this._check();
    return this._file._kindOf(joinPath(this._path, name)) !== null;
  }

  /** The visible children, sorted by name, optionally only those of one class. */
  listNodes<K extends NodeClassName = 'Node'>(classname?: K): NodeClasses[K][] {
    return this._file.listNodes(this, classname);
  }

  /** Iterates the visible children, sorted by name. */
  iterNodes<K extends NodeClassName = 'Node'>(classname?: K): Generator<NodeClasses[K]> {
    return this._file.iterNodes(this, classname);
  }

  /** Walks the subtree below this group (PyTables' _f_walknodes: the group itself excluded). */
  *walkNodes<K extends NodeClassName = 'Node'>(classname?: K): Generator<NodeClasses[K]> {
    if (classname === 'Group') {
      yield* this._file.walkGroups(this) as Generator<NodeClasses[K]>;
      return;
    }
    yield* this._file._walkBelow(this, classname);
  }

  /** Walks this group and the groups below it (PyTables' _f_walk_groups). */
  walkGroups(): Generator<Group> {
    return this._file.walkGroups(this);
  }

  /** Iterates the visible children sorted by name, as PyTables' `iter(group)` does. */
  [Symbol.iterator](): Generator<Node> {
    return this._file.iterNodes(this);
  }

  /** @internal */
  _str(): string {
    return groupStr(this._path, this._className(), this.title);
  }

  /** @internal PyTables lists groups, then leaves, links and unknown nodes, each sorted by name. */
  _repr(): string {
    const children = this._file.listNodes(this);
    const ranked = children.map((c, i) => ({ c, i, rank: c._printRank() }));
    ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
    const items = ranked.map(({ c }) => ({ name: c.name, className: c._className() }));
    return groupRepr(this._str(), items);
  }
}

/** The root group, '/' (PyTables' RootGroup). */
export class RootGroup extends Group {
  /** @internal */
  _ownClassName(): string {
    return 'RootGroup';
  }
}

declare module './registry' {
  interface NodeClasses {
    /** Groups, the root among them. */
    Group: Group;
    /** The root group. */
    RootGroup: RootGroup;
  }
}
registerClassName('Group', Group);
registerClassName('RootGroup', RootGroup);
registerGroupClass(GROUP, (file, path) => new Group(file, path));
registerGroupClass(ROOT, (file, path) => new RootGroup(file, path));
