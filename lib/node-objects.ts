// The node objects of one File: one per path, of the class the registry picks, moved with
// their links and marked removed with them, so `f.root.a === f.root.a` and a node object
// never points at another node after a rename.

import { nativeCall, noSuchNode } from './errors';
import type { File } from './file';
import type { NativeDatasetInfo, NativeFile, NativeNodeKind } from './native';
import type { Node } from './node';
import { isWithin } from './paths';
import { makeNode } from './registry';

/** The CLASS attribute PyTables keys node classes by; undefined when absent or unreadable. */
function classAttribute(nat: NativeFile, path: string): string | undefined {
  try {
    if (!nat.hasAttribute(path, 'CLASS')) return undefined;
    const raw = nat.readAttribute(path, 'CLASS');
    return raw.dtype === 'string' && raw.shape !== null && raw.data.length === 1
      ? String(raw.data[0])
      : undefined;
  } catch (err) {
    // Not readable yet (a byte-range source's bytes not cached): no guess from that.
    if ((err as { code?: unknown }).code === 'ERR_SOURCE_BUSY') throw err;
    // A CLASS of a type h5tables cannot read names no class: PyTables' guess decides.
    return undefined;
  }
}

export class NodeObjects {
  private readonly _file: File;
  private readonly _byPath = new Map<string, Node>();

  constructor(file: File) {
    this._file = file;
  }

  /** The node object already made for a path, if any. */
  known(path: string): Node | undefined {
    return this._byPath.get(path);
  }

  /**
   * The node object for an existing normalised path, of the class its CLASS attribute
   * names. A node just created passes what it is, needing no lookup.
   */
  get(
    nat: NativeFile,
    path: string,
    knownKind?: NativeNodeKind,
    knownClass?: string,
    knownInfo?: NativeDatasetInfo,
  ): Node {
    const cached = this._byPath.get(path);
    if (cached) return cached;
    const kind = knownKind ?? nativeCall(() => nat.getKind(path));
    if (kind === null) throw noSuchNode(path, (p) => nativeCall(() => nat.getKind(p)));
    const needsClass = knownClass === undefined && path !== '/' && (kind === 'group' || kind === 'dataset');
    const classId = needsClass ? classAttribute(nat, path) : knownClass;
    const info = (): NativeDatasetInfo => knownInfo ?? nativeCall(() => nat.getDatasetInfo(path));
    const node = makeNode(this._file, path, kind, classId, info);
    this._byPath.set(path, node);
    return node;
  }

  /** The node objects below `from` now live below `to`. */
  moved(from: string, to: string): void {
    const moved = [...this._byPath].filter(([p]) => isWithin(p, from));
    for (const [p] of moved) this._byPath.delete(p);
    for (const [p, n] of moved) {
      n._path = to + p.slice(from.length);
      this._byPath.set(n._path, n);
    }
  }

  /** Marks the node objects at and below `path` removed. */
  forget(path: string): void {
    for (const [p, n] of [...this._byPath]) {
      if (isWithin(p, path)) {
        n._removed = true;
        this._byPath.delete(p);
      }
    }
  }

  /** The file closed: every node object is closed with it (they see the closed file). */
  clear(): void {
    this._byPath.clear();
  }
}
