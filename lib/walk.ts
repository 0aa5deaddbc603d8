// Listing and walking the tree in PyTables' order, without its hidden nodes (`_p_...`,
// `_i_...`: a table's index lives in one), which stay reachable by path.

import { nativeCall } from './errors';
import type { File } from './file';
import { Group } from './group';
import { Node } from './node';
import { compareNames, isHiddenName, joinPath, splitPath } from './paths';
import { classNamed, type NodeClasses, type NodeClassName } from './registry';

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
    const ids =
      groups.length === 0
        ? []
        : nativeCall(() =>
            nat.objectIds(
              group._path,
              groups.map((g) => splitPath(g._path)[1]),
            ),
          );
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

/** The visible children of `group` of one class (PyTables' iter_nodes). */
export function* iterNodes<K extends NodeClassName>(
  file: File,
  group: Group,
  classname?: K,
): Generator<NodeClasses[K]> {
  const cls = classNamed(classname);
  for (const node of children(file, group)) if (node instanceof cls) yield node as NodeClasses[K];
}

/** `start` and every group below it, each group object once (PyTables' walk_groups). */
export function* walkGroups(file: File, start: Group): Generator<Group> {
  for (const { group } of walk(file, start)) yield group;
}

/** The children of every group the walk from `start` reaches, of one class. */
export function* walkBelow<K extends NodeClassName>(
  file: File,
  start: Group,
  classname?: K,
): Generator<NodeClasses[K]> {
  const cls = classNamed(classname);
  for (const { children: nodes } of walk(file, start)) {
    for (const node of nodes) if (node instanceof cls) yield node as NodeClasses[K];
  }
}

/** PyTables' walk_nodes: `start` (for 'Node'), then walkBelow; for 'Group', walkGroups. */
export function* walkNodes<K extends NodeClassName>(
  file: File,
  start: Group,
  classname?: K,
): Generator<NodeClasses[K]> {
  const cls = classNamed(classname);
  if (cls === Group) {
    yield* walkGroups(file, start) as Generator<NodeClasses[K]>;
    return;
  }
  if (cls === Node) yield start as NodeClasses[K]; // PyTables yields the start only for 'Node'
  yield* walkBelow(file, start, classname);
}
