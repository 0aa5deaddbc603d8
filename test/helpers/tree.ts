// A whole h5tables file as plain data, to compare two views of "the same" file
// (a file and its image, an image and its re-image, ...).
import { Array as H5Array, Group, type File } from '../../lib/index';
import { plain } from './values';

export interface NodeSnapshot {
  path: string;
  kind: string;
  title: string;
  attrs: Record<string, unknown>;
  dtype?: string | null;
  shape?: number[];
  data?: unknown;
}

export function snapshotTree(f: File): { title: string; nodes: NodeSnapshot[] } {
  const nodes: NodeSnapshot[] = [];
  for (const node of f.walkNodes('/')) {
    const attrs: Record<string, unknown> = {};
    for (const k of node.attrs.keys()) attrs[k] = plain(node.attrs.get(k));
    const entry: NodeSnapshot = {
      path: node.pathname,
      kind: node instanceof Group ? 'Group' : node instanceof H5Array ? 'Array' : node.constructor.name,
      title: node.title,
      attrs,
    };
    if (node instanceof H5Array) {
      const r = node.read();
      entry.dtype = r.dtype;
      entry.shape = r.shape;
      entry.data = plain(r.data);
    }
    nodes.push(entry);
  }
  return { title: f.title, nodes };
}

/** Fills an open, writable file with a small tree of every kind of value. */
export function fillSample(f: File, tag = 'sample'): void {
  f.createArray(f.root, 'floats', Float64Array.of(0.5, -1, 1e10), 'Floats');
  f.createArray(f.root, 'ints', { data: BigInt64Array.of(1n, -2n, 3n, -4n), shape: [2, 2] }, 'Ints');
  f.createArray(f.root, 'text', ['a', 'bc', tag], 'Text');
  f.createArray(f.root, 'flags', [true, false], 'Flags');
  const g = f.createGroup(f.root, 'grp', 'Group');
  f.createArray(g, 'bytes', Uint8Array.of(0, 128, 255), 'Bytes');
  f.setNodeAttr(f.root, 'tag', tag);
  f.setNodeAttr(g, 'n', 3);
}
