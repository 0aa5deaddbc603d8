// Listing and walking the tree in PyTables' order, without its hidden nodes (`_p_...`,
// `_i_...`: a table's index lives in one), which stay reachable by path.

import { nativeCall } from './errors';
import type { File } from './file';
import { Group } from './group';
import type { Node } from './node';
import { compareNames, isHiddenName, joinPath, splitPath } from './paths';

/** The visible child nodes of a group, sorted by name: one listing, whose kinds need no lookup. */
export function* children(file: File, group: Group): Generator<Node> {
  const nat = file._nat();
  const listed = nativeCall(() => nat.listChildren(group._path))
    .filter((c) => !isHiddenName(c.name))
    .sort((a, b) => compareNames(a.name, b.name));
  for (const { name, kind } of listed) yield file._node(joinPath(group._path, name), kind);
}

/** One group reached by a walk, with its visible children (sorted, without repeated groups). */
export interface WalkEntry {
  group: Group;
  children: Node[];
}

/**
 * The walk below `start`, in PyTables' order: `start`, then each group's subgroups sorted
 * by name, the last-found group descended first (PyTables' stack). Each group object is
 * visited once: a hard link to a group already seen (an ancestor, making a cycle, or a
 * sibling) is neither yielded nor descended into, so a crafted file can make a walk
 * neither endless nor exponential. Children are listed when the group is reached.
 */
export function* walk(file: File, start: Group): Generator<WalkEntry> {
  const nat = file._nat();
  const seen = new Set(nativeCall(() => nat.objectIds(start._path, ['.'])));
  const visit = (group: Group): WalkEntry & { subgroups: Group[] } => {
    const all = [...children(file, group)];
    const groups = all.filter((c): c is Group => c instanceof Group);
    const ids = groups.length === 0 ? [] : nativeCall(() => nat.objectIds(group._path, groups.map((g) => splitPath(g._path)[1])));
    const repeated = new Set<Group>();
    groups.forEach((g, i) => {
      if (seen.has(ids[i])) repeated.add(g);
      else seen.add(ids[i]);
    });
    return {
      group,
      children: repeated.size === 0 ? all : all.filter((c) => !repeated.has(c as Group)),
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
