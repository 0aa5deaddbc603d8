// str(file) and repr(file): every visible node in PyTables' order, each group followed by
// its leaves, then its links, then its unknown nodes (PyTables' _node_kinds order).

import type { File } from './file';
import type { Node } from './node';
import { fileRepr, fileStr } from './printed';
import { walk } from './walk';

function leavesAndOthers(children: Node[]): Node[] {
  return [1, 2, 3].flatMap((rank) => children.filter((c) => c._printRank() === rank));
}

/** The str() or repr() lines of the tree: groups' str(), leaves' str() or repr(). */
function treeLines(file: File, leafText: (leaf: Node) => string): string[] {
  const lines: string[] = [];
  for (const { group, children } of walk(file, file.root)) {
    lines.push(group.toString());
    for (const leaf of leavesAndOthers(children)) lines.push(leafText(leaf));
  }
  return lines;
}

/** PyTables' str(file): the header and every node's str(). */
export function fileText(file: File, modified: string): string {
  return fileStr(
    file.filename,
    file.title,
    modified,
    treeLines(file, (leaf) => leaf.toString()),
  );
}

/** PyTables' repr(file): the header, groups' str() and leaves' repr(). */
export function fileReprText(file: File): string {
  return fileRepr(
    file.filename,
    file.title,
    file.mode,
    String(file.filters),
    treeLines(file, (leaf) => leaf._repr()),
  );
}
