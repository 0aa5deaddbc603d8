// What every create call shares (PyTables' create_* arguments): the title or options
// object, the parent group (made when asked), the free name, PyTables' system attributes.
// Each node class creates itself with these; File.createX only forwards.

import { stringAttribute } from './dtype';
import { NodeError, nativeCall, noSuchNode } from './errors';
import type { File } from './file';
import { Group } from './group';
import type { NativeAttributeList, NativeFile, NativeNodeKind, NativeWriteValue } from './native';
import { checkOptions, type OptionTable } from './options';
import { ancestors, checkName, joinPath, splitPath } from './paths';

/** A title given as a string or in an options object. */
export interface CreateOptions {
  /** The new node's TITLE attribute. */
  title?: string;
  /** Create missing groups on the way to `where` (PyTables' createparents). */
  createParents?: boolean;
}

const CREATE_OPTIONS: OptionTable = { title: 'string', createParents: 'boolean' };

function createOptions(titleOrOptions: unknown, what: string): Required<CreateOptions> {
  if (titleOrOptions === undefined || titleOrOptions === null) return { title: '', createParents: false };
  if (typeof titleOrOptions === 'string') return { title: titleOrOptions, createParents: false };
  if (typeof titleOrOptions !== 'object')
    throw new TypeError(`${what}: the last argument must be a title or {title, createParents}`);
  checkOptions(titleOrOptions, CREATE_OPTIONS, what);
  const { title = '', createParents = false } = titleOrOptions as CreateOptions;
  return { title, createParents };
}

/** PyTables' system attributes (fixed-length UTF-8 strings) as a native attribute list. */
export function systemAttributes(attrs: Record<string, string>): NativeAttributeList {
  return Object.entries(attrs).map(([name, value]): [string, NativeWriteValue] => [
    name,
    stringAttribute(value),
  ]);
}

// A new group copies these of its parent's attributes (the default filters of leaves below it).
const INHERITED: readonly string[] = ['FILTERS'];

/** PyTables' words for a name already taken in `parent`. */
export function nameTaken(parent: string, name: string): NodeError {
  return new NodeError(`group \`\`${parent}\`\` already has a child node named \`\`${name}\`\``);
}

/**
 * Writes a new group with PyTables' attributes, in one native call that also checks the
 * name is free and, as PyTables, copies its parent's FILTERS attribute.
 */
export function writeGroup(nat: NativeFile, path: string, title: string): void {
  const attrs = systemAttributes({ CLASS: 'GROUP', TITLE: title, VERSION: '1.0' });
  try {
    nativeCall(() => nat.createGroup(path, attrs, INHERITED));
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ERR_EXISTS') throw err;
    const [parent, name] = splitPath(path);
    throw nameTaken(parent, name);
  }
}

/** The group at `path`, creating missing ancestors when asked (PyTables' rules and messages). */
export function parentGroup(file: File, path: string, createParents: boolean): Group {
  // A group this File already knows needs no lookup (node objects follow moves and removals).
  const known = file._known(path);
  if (known instanceof Group) return known;
  const kind = file._kindOf(path);
  if (kind === null) {
    if (!createParents) throw noSuchNode(path, (p) => file._kindOf(p));
    // A path resolves only if every ancestor does, as a group: a binary search finds
    // the deepest one that exists in log(depth) lookups, and every group below it is new.
    const chain = [...ancestors(path), path];
    let lo = 0; // chain[lo - 1] resolves (the root, for lo = 0)
    let hi = chain.length - 1; // chain[hi] does not
    let deepest: NativeNodeKind = 'group';
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const k = file._kindOf(chain[mid]);
      if (k === null) hi = mid;
      else [lo, deepest] = [mid + 1, k];
    }
    if (deepest !== 'group') throw new TypeError(`new parent node \`\`${chain[lo - 1]}\`\` is not a group`);
    for (const p of chain.slice(lo)) writeGroup(file._nat(), p, '');
  } else if (kind !== 'group') {
    throw new TypeError(`new parent node \`\`${path}\`\` is not a group`);
  }
  return file._node(path) as Group;
}

/** Checks `name` is free in the existing group `parent` (NodeError otherwise, as PyTables words it). */
export function checkFree(file: File, parent: string, name: string): void {
  const nat = file._nat();
  if (nativeCall(() => nat.hasLink(joinPath(parent, name)))) throw nameTaken(parent, name);
}

/** A create call checked: where the node goes, its title, and the class's own arguments converted. */
export interface NewNode<T> {
  parent: string;
  path: string;
  title: string;
  converted: T;
}

/**
 * Checks a create call's common arguments in PyTables' order, makes missing parents when
 * asked, and (unless the binding checks it, as the async forms do) that the name is free.
 * `convert` checks and converts the class's own arguments before anything is written.
 */
export function prepareNew<T = undefined>(
  file: File,
  where: unknown,
  name: unknown,
  titleOrOptions: unknown,
  what: string,
  { nameIsFree = true, convert }: { nameIsFree?: boolean; convert?: () => T } = {},
): NewNode<T> {
  const parent = file._pathOf(where);
  checkName(name);
  const { title, createParents } = createOptions(titleOrOptions, what);
  const converted = convert?.() as T;
  file._checkWritable();
  parentGroup(file, parent, createParents);
  if (nameIsFree) checkFree(file, parent, name as string);
  return { parent, path: joinPath(parent, name as string), title, converted };
}
