// Tree surgery (PyTables' remove_node, rename_node, move_node, copy_node): the checks and
// messages PyTables gives, the native link operations, and the File's node objects kept
// in step (moved objects follow, removed ones become closed).

import { parentGroup } from './creating';
import { NodeError, nativeCall } from './errors';
import { isRecords } from './attr-records';
import type { NativeField, NativeRecords, NativeWriteValue } from './native';
import type { File } from './file';
import { Group } from './group';
import { Link } from './link';
import { Node } from './node';
import { checkOptions, type OptionTable } from './options';
import { checkName, isHiddenName, isWithin, joinPath, splitPath } from './paths';

/** Options of moveNode/copyNode/renameNode/removeNode given as one object. */
export interface NodeOpOptions {
  /** The group to move or copy into (a path or a Group). */
  newparent?: string | Group;
  /** The node's name there (its current name when omitted). */
  newname?: string;
  /** The child of `where` to act on, when `where` is its parent. */
  name?: string;
  /** Replace a node already at the destination. */
  overwrite?: boolean;
  /** Remove or copy a group with everything below it. */
  recursive?: boolean;
  /** Create missing groups on the way to `newparent`. */
  createParents?: boolean;
}

function isOptions(value: unknown): value is NodeOpOptions {
  return typeof value === 'object' && value !== null && !(value instanceof Node);
}

function checkWhere(value: unknown, key: string): void {
  if (typeof value !== 'string' && !(value instanceof Group))
    throw new TypeError(`option '${key}' must be a path string or a Group`);
}

// The keys each tree operation's options object accepts (PyTables' keyword arguments).
const REMOVE_OPTIONS: OptionTable = { name: 'string', recursive: 'boolean' };
const MOVE_OPTIONS: OptionTable = {
  newparent: checkWhere,
  newname: 'string',
  name: 'string',
  overwrite: 'boolean',
  createParents: 'boolean',
};
const COPY_OPTIONS: OptionTable = { ...MOVE_OPTIONS, recursive: 'boolean' };
// After `where, newparent`, the options cannot name the new parent again.
const afterParent = (table: OptionTable): OptionTable =>
  Object.fromEntries(Object.entries(table).filter(([key]) => key !== 'newparent'));
const MOVE_AFTER_PARENT = afterParent(MOVE_OPTIONS);
const COPY_AFTER_PARENT = afterParent(COPY_OPTIONS);

/** Removes a node; a group with (visible) children needs `recursive`. */
export function removeNode(
  file: File,
  where: string | Node,
  name?: string | NodeOpOptions,
  recursive = false,
): void {
  if (isOptions(name)) {
    checkOptions(name, REMOVE_OPTIONS, 'removeNode');
    return removeNode(file, where, name.name, name.recursive ?? false);
  }
  const node = file.getNode(where, name) as Node;
  file._checkWritable();
  if (node._path === '/') throw new NodeError('the root node can not be removed');
  const nat = file._nat();
  if (node instanceof Group && !recursive) {
    // PyTables counts only visible children: hidden ones go with their group.
    const children = nativeCall(() => nat.listChildren(node._path));
    if (children.some((c) => !isHiddenName(c.name))) {
      throw new NodeError(
        `group \`\`${node._path}\`\` has child nodes; please set \`recursive\` or \`force\` to true to remove it`,
      );
    }
  }
  nativeCall(() => nat.deleteLink(node._path));
  file._forget(node._path);
}

/** Renames a node within its group. */
export function renameNode(
  file: File,
  where: string | Node,
  newname: string,
  name?: string,
  overwrite = false,
): void {
  const node = file.getNode(where, name) as Node;
  if (node._path === '/') throw new NodeError('the root node can not be renamed');
  relocate(file, node, splitPath(node._path)[0], newname, overwrite, false);
}

/** Moves a node, optionally renaming it. */
export function moveNode(
  file: File,
  where: string | Node,
  newparent?: string | Group | NodeOpOptions,
  newname?: string | NodeOpOptions,
  name?: string,
  overwrite = false,
  createParents = false,
): void {
  if (isOptions(newname)) {
    checkOptions(newname, MOVE_AFTER_PARENT, 'moveNode');
    return moveNode(file, where, { ...newname, newparent: newparent as string | Group | undefined });
  }
  if (isOptions(newparent) && !(newparent instanceof Node)) {
    const o = newparent;
    checkOptions(o, MOVE_OPTIONS, 'moveNode');
    return moveNode(
      file,
      where,
      o.newparent,
      o.newname,
      o.name,
      o.overwrite ?? false,
      o.createParents ?? false,
    );
  }
  const node = file.getNode(where, name) as Node;
  if (node._path === '/') throw new NodeError('the root node can not be moved');
  const [oldParent, oldName] = splitPath(node._path);
  const parent = newparent === undefined || newparent === null ? oldParent : file._pathOf(newparent);
  relocate(file, node, parent, newname ?? oldName, overwrite, createParents);
}

function relocate(
  file: File,
  node: Node,
  parent: string,
  newname: string,
  overwrite: boolean,
  createParents: boolean,
): void {
  checkName(newname);
  file._checkWritable();
  const from = node._path;
  const to = joinPath(parent, newname);
  if (to === from) return; // PyTables: a move onto itself does nothing
  if (node instanceof Group && isWithin(parent, from)) {
    throw new NodeError(`can not move or recursively copy node \`\`${from}\`\` into itself`);
  }
  parentGroup(file, parent, createParents);
  prepareDestination(file, parent, newname, overwrite, from);
  const nat = file._nat();
  nativeCall(() => nat.moveLink(from, to));
  file._moved(from, to);
}

/** Frees parent/name for a new node: NodeError, or removes the old one when overwriting. */
function prepareDestination(
  file: File,
  parent: string,
  name: string,
  overwrite: boolean,
  source: string,
): void {
  const dest = joinPath(parent, name);
  if (file._kindOf(dest) === null) return;
  if (!overwrite) {
    throw new NodeError(
      `destination group \`\`${parent}\`\` already has a node named \`\`${name}\`\`; you may want to use the \`\`overwrite\`\` argument`,
    );
  }
  // Overwriting an ancestor of the source would delete the source first.
  if (isWithin(source, dest)) {
    throw new NodeError(
      `can not overwrite node \`\`${dest}\`\`: it holds \`\`${source}\`\`, the node being moved or copied`,
    );
  }
  const nat = file._nat();
  nativeCall(() => nat.deleteLink(dest));
  file._forget(dest);
}

/** Copies a node and returns the copy. */
export function copyNode(
  file: File,
  where: string | Node,
  newparent?: string | Group | NodeOpOptions,
  newname?: string | NodeOpOptions,
  name?: string,
  overwrite = false,
  recursive = false,
  createParents = false,
): Node {
  if (isOptions(newname)) {
    checkOptions(newname, COPY_AFTER_PARENT, 'copyNode');
    return copyNode(file, where, { ...newname, newparent: newparent as string | Group | undefined });
  }
  if (isOptions(newparent) && !(newparent instanceof Node)) {
    const o = newparent;
    checkOptions(o, COPY_OPTIONS, 'copyNode');
    return copyNode(
      file,
      where,
      o.newparent,
      o.newname,
      o.name,
      o.overwrite ?? false,
      o.recursive ?? false,
      o.createParents ?? false,
    );
  }
  const node = file.getNode(where, name) as Node;
  const hasParent = newparent !== undefined && newparent !== null && newparent !== '';
  if (node._path === '/' && hasParent && (newname === undefined || newname === null || newname === '')) {
    // PyTables copies the root's children into a group of another file only (an OSError there).
    throw new Error('You cannot copy a root group over the same file');
  }
  const [oldParent, oldName] = splitPath(node._path);
  const parent = hasParent ? file._pathOf(newparent) : oldParent;
  const target = newname ?? oldName;
  checkName(target);
  file._checkWritable();
  const from = node._path;
  const to = joinPath(parent, target);
  if (to === from) throw new NodeError(`source and destination nodes are the same node: \`\`${from}\`\``);
  if (node instanceof Group && recursive && isWithin(parent, from)) {
    throw new NodeError(`can not move or recursively copy node \`\`${from}\`\` into itself`);
  }
  parentGroup(file, parent, createParents);
  prepareDestination(file, parent, target, overwrite, from);
  const nat = file._nat();
  if (node instanceof Link) {
    // A link is copied as a link, as PyTables copies it (its target is not followed).
    node._copyTo(to);
  } else if (node instanceof Group && !recursive) {
    // A group alone: a new group carrying the same attributes, all read before the group
    // is made so that one the binding cannot write leaves nothing behind.
    const attrs = node.attrs;
    const values: Array<[string, NativeWriteValue | NativeRecords]> = [];
    for (const key of attrs.keys()) {
      const raw = attrs._raw(key);
      if (raw === undefined) continue;
      if (isRecords(raw) && !writableFields(raw.fields)) {
        throw new TypeError(
          `copying the group ${from} alone: its compound attribute '${key}' has a member type h5tables cannot write (copy it with recursive: true)`,
        );
      }
      values.push([key, raw]);
    }
    nativeCall(() => nat.createGroup(to));
    for (const [key, raw] of values) {
      if (isRecords(raw)) nativeCall(() => nat.writeAttributeRecords(to, key, raw as NativeRecords));
      else nativeCall(() => nat.writeAttribute(to, key, raw));
    }
  } else {
    nativeCall(() => nat.copyObject(from, to));
  }
  return file._node(to);
}

/** Whether every leaf of the fields has a type the binding writes. */
function writableFields(fields: readonly NativeField[]): boolean {
  return fields.every((f) => (f.dtype === 'compound' ? writableFields(f.fields ?? []) : f.dtype !== null));
}
