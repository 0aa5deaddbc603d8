// Compiled (never run) by model-types.test.ts: the public API's static types let users
// write PyTables-style code without casts, and reject what they should.
import {
  Array as H5Array,
  type AttributeValue,
  type File,
  type Group,
  type NaturalNode,
  type ReadResult,
  openFile,
} from '../../lib/index';

export function naturalNaming(f: File): ReadResult {
  const g: Group = f.root.group;
  const n: NaturalNode = f.root.group.sub.deeper;
  // @ts-expect-error -- a plain Group type has no children: use NaturalNode or getChild()
  void g.sub;
  const title: string = f.root.group.array.title;
  const shape: number[] = f.root.group.array.shape;
  void [n, title, shape];
  return f.root.group.array.read(0, 2, 1);
}

export function attributes(f: File): AttributeValue | undefined {
  f.root.attrs.x = 1.5;
  f.root.attrs.s = 'text';
  f.root.attrs.big = 3n;
  f.root.attrs.arr = Int16Array.of(1, 2);
  const keys: string[] = f.root.attrs.keys();
  void keys;
  // A plain record is a compound attribute.
  f.root.attrs.rec = { nested: true, n: 1, inner: { s: 'x' } };
  // @ts-expect-error -- attributes hold numbers, bigints, strings, booleans, arrays and records of those
  f.root.attrs.bad = { fn: () => 1 };
  return f.root.attrs.x;
}

export function precise(f: File): H5Array[] {
  const a: H5Array = f.getNode('/a', undefined, 'Array');
  const groups: Group[] = f.listNodes('/', 'Group');
  void [a, groups];
  // @ts-expect-error -- an unknown class name
  f.listNodes('/', 'NoSuchClass');
  // @ts-expect-error -- an unknown mode
  openFile('x.h5', 'q');
  // @ts-expect-error -- an unknown driver
  openFile('x.h5', 'r', { driver: 'H5FD_FAMILY' });
  return [...f.walkNodes('/', 'Array')];
}
