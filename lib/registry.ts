// PyTables' class registry (tables/registry.py): the CLASS attribute of a node names its
// class, and each class registers itself under its class id when its module loads.
//
// A node without a CLASS (a file from h5py or any HDF5 program), or with one no class
// claims, gets PyTables' guess from what the dataset is (its utilsextension.which_class).
// A class that cannot hold the data it is given (an Array of a type h5tables cannot
// read) gives way to UnImplemented, as PyTables does when building a node fails.

import type { File } from './file';
import type { NativeDatasetInfo, NativeNodeKind } from './native';
import type { Node } from './node';

/**
 * The node classes by the names `getNode(where, name, classname)` and the listing calls
 * accept (PyTables' class_name_dict). Each class file adds itself to this interface.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NodeClasses {}
/** The name of a node class, as `getNode` and the listing calls take it (`'Group'`, `'Array'`, ...). */
export type NodeClassName = keyof NodeClasses & string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNodeClass = abstract new (...args: any[]) => Node;

/** Makes the node for a group at `path`. */
export type GroupMaker = (file: File, path: string) => Node;
/** Makes the node for a dataset at `path`, or null when the class cannot hold its data. */
export type LeafMaker = (file: File, path: string, info: NativeDatasetInfo) => Node | null;

type Entry = { kind: 'group'; make: GroupMaker } | { kind: 'leaf'; make: LeafMaker };

const byClassId = new Map<string, Entry>();
const byName = new Map<string, AnyNodeClass>();

/** Registers a class by its PyTables name (PyTables' class_name_dict). */
export function registerClassName(name: NodeClassName, cls: AnyNodeClass): void {
  byName.set(name, cls);
}

/** Registers the group class a CLASS attribute names (PyTables' class_id_dict). */
export function registerGroupClass(classId: string, make: GroupMaker): void {
  byClassId.set(classId, { kind: 'group', make });
}

let makeUnknown: GroupMaker | undefined;

/** Registers the class of nodes HDF5 reports as neither group nor dataset (Unknown). */
export function registerUnknownClass(make: GroupMaker): void {
  makeUnknown = make;
}

const linkMakers = new Map<string, GroupMaker>();

/** Registers the class of soft ('softlink') or external ('externallink') links. */
export function registerLinkClass(kind: 'softlink' | 'externallink', make: GroupMaker): void {
  linkMakers.set(kind, make);
}

/** Registers the leaf class a CLASS attribute names (PyTables' class_id_dict). */
export function registerLeafClass(classId: string, make: LeafMaker): void {
  byClassId.set(classId, { kind: 'leaf', make });
}

/**
 * A PyTables class h5tables does not implement yet: its nodes are made by the nearest
 * class (`nearest`'s class id) and print PyTables' class name, as PyTables prints them.
 */
export function registerStandIn(classId: string, printedName: string, nearest: string): void {
  registerLeafClass(classId, (file, path, info) => {
    const node = makeLeaf(nearest, file, path, info) ?? makeLeaf(UNIMPLEMENTED, file, path, info);
    if (node) node._standsFor = printedName;
    return node;
  });
}

/** The class registered under a PyTables name; `Node` for undefined, null or ''. */
export function classNamed(classname: unknown): AnyNodeClass {
  const name = classname === undefined || classname === null || classname === '' ? 'Node' : classname;
  const cls = typeof name === 'string' ? byName.get(name) : undefined;
  if (!cls) throw new TypeError(`there is no registered node class named \`\`${String(classname)}\`\``);
  return cls;
}

// The class ids the registry falls back on (PyTables' own ids; the root's is h5tables').
export const GROUP = 'GROUP';
export const ROOT = 'ROOTGROUP';
export const UNIMPLEMENTED = 'UNIMPLEMENTED';

function makeLeaf(classId: string, file: File, path: string, info: NativeDatasetInfo): Node | null {
  const entry = byClassId.get(classId);
  return entry?.kind === 'leaf' ? entry.make(file, path, info) : null;
}

function groupMaker(classId: string | undefined): GroupMaker | undefined {
  const entry = classId === undefined ? undefined : byClassId.get(classId);
  return entry?.kind === 'group' ? entry.make : undefined;
}

/**
 * PyTables' guess for a dataset no registered CLASS describes (which_class), from what
 * the binding reports: a readable element type is an Array when contiguous, an EArray when
 * chunked with an unlimited dimension, a CArray when chunked otherwise; anything else is
 * UnImplemented. (PyTables also tells a Table by a compound type.)
 */
export function guessLeafClass(info: NativeDatasetInfo): string {
  // h5py's vlen_dtype datasets are VLArrays, also contiguous ones (PyTables' UnImplemented).
  if (info.vlen) return info.shape.length === 1 ? 'VLARRAY' : UNIMPLEMENTED;
  if (info.dtype === null) return UNIMPLEMENTED;
  if (!info.chunkshape) return 'ARRAY';
  return (info.maxshape ?? []).includes(null) ? 'EARRAY' : 'CARRAY';
}

/**
 * The node object for what is at `path`: its kind from the link, its class from its CLASS
 * attribute (`classId`, undefined when it has none) or PyTables' guess. `info` is needed
 * for a dataset.
 */
export function makeNode(
  file: File,
  path: string,
  kind: NativeNodeKind,
  classId: string | undefined,
  info: () => NativeDatasetInfo,
): Node {
  if (kind === 'group') {
    const make = path === '/' ? groupMaker(ROOT) : (groupMaker(classId) ?? groupMaker(GROUP));
    return (make as GroupMaker)(file, path);
  }
  if (kind === 'dataset') {
    const data = info();
    const own = classId !== undefined && byClassId.get(classId)?.kind === 'leaf';
    const id = own ? (classId as string) : guessLeafClass(data);
    return makeLeaf(id, file, path, data) ?? (makeLeaf(UNIMPLEMENTED, file, path, data) as Node);
  }
  const link = linkMakers.get(kind);
  return (link ?? (makeUnknown as GroupMaker))(file, path);
}
