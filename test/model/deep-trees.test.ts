// Issue 9, item 2 ("deep trees cost linear time"): every native operation resolves its
// path from a group the file keeps open (binding/hdf5/group_cache.h), so the path
// components handed to HDF5 grow linearly with the depth of a tree walked or built, and
// the cache never answers with a group a path no longer names (renames, moves, removals,
// copies, soft and hard links), nor keeps a file from closing or imaging.
import { describe, expect, it } from 'vitest';

import { type File, Group, openFile } from '../../lib/index';
import { native, type NativeFile } from '../../lib/native';
import { lacks } from '../helpers/interop';
import { python, useScratch } from './model-helpers';

const scratch = useScratch();
const addon = native();
const components = (): number => addon._pathComponentsForTests();

let counter = 0;
function memory(): File {
  return openFile(`deep-${counter++}.h5`, 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
}

/** Builds /g/g/.../g (depth groups) by path strings, walks it, reopens its image and walks again. */
function chainCost(depth: number): { create: number; walk: number; reopened: number; visited: number } {
  const f = memory();
  let where = '/';
  let c = components();
  for (let i = 0; i < depth; i++) {
    f.createGroup(where, 'g');
    where = where === '/' ? '/g' : `${where}/g`;
  }
  const create = components() - c;
  c = components();
  let visited = [...f.walkNodes('/')].length;
  const walk = components() - c;
  const image = f.getFileImage();
  f.close();
  const g = openFile('deep-reopened.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image });
  try {
    c = components();
    visited += [...g.walkNodes('/')].length;
    return { create, walk, reopened: components() - c, visited };
  } finally {
    g.close();
  }
}

describe('path components handed to HDF5', () => {
  it('grow linearly with depth: creating, walking and walking a reopened chain of 1000 and 2000 groups', () => {
    const a = chainCost(1000);
    const b = chainCost(2000);
    expect(a.visited).toBe(2 * 1001);
    expect(b.visited).toBe(2 * 2001);
    for (const [cost, depth] of [
      [a, 1000],
      [b, 2000],
    ] as const) {
      // Each operation hands HDF5 its last name (plus the parent when it was not cached):
      // resolving full paths from the root gave depth^2/2 (500,000 and 2,000,000) per pass.
      expect(cost.create).toBeLessThanOrEqual(3 * depth);
      expect(cost.walk).toBeLessThanOrEqual(4 * depth);
      expect(cost.reopened).toBeLessThanOrEqual(4 * depth);
    }
    expect(b.create).toBeLessThanOrEqual(2 * a.create + 16);
    expect(b.reopened).toBeLessThanOrEqual(2 * a.reopened + 16);
  });

  it('a deep leaf is written, read and described with a few components, whatever the depth', () => {
    const f = memory();
    try {
      let g: Group = f.root;
      for (let i = 0; i < 1500; i++) g = f.createGroup(g, `g${i}`);
      const c = components();
      const arr = f.createArray(g, 'leaf', new Float64Array([1.5, 2.5]), 'Leaf');
      arr.attrs.set('unit', 'm');
      expect(Array.from(arr.read().data as Float64Array)).toEqual([1.5, 2.5]);
      expect(arr.attrs.get('unit')).toBe('m');
      expect(f.getNode(`${g.pathname}/leaf`)).toBe(arr);
      expect(components() - c).toBeLessThan(100);
    } finally {
      f.close();
    }
  });

  it('createParents under a deep existing group stays linear', () => {
    const f = memory();
    try {
      let g: Group = f.root;
      for (let i = 0; i < 1200; i++) g = f.createGroup(g, `g${i}`);
      const c = components();
      const made = f.createGroup(`${g.pathname}/p/q`, 'r', { createParents: true });
      expect(made.pathname).toBe(`${g.pathname}/p/q/r`);
      expect(components() - c).toBeLessThan(1200 * 2);
    } finally {
      f.close();
    }
  });
});

/** A NativeFile in memory with /a/b/c (groups), each with an attribute naming it. */
function nativeTree(): NativeFile {
  const nat = addon.openFile({
    name: `nat-${counter++}.h5`,
    create: true,
    writable: true,
    driver: 'core',
    coreBackingStore: false,
  });
  for (const p of ['/a', '/a/b', '/a/b/c']) {
    nat.createGroup(p);
    nat.writeAttribute(p, 'who', { dtype: 'float64', shape: [1], data: new Float64Array([p.length]) });
  }
  return nat;
}
const who = (nat: NativeFile, p: string): number =>
  Number((nat.readAttribute(p, 'who').data as Float64Array)[0]);
const names = (nat: NativeFile, p: string): string[] => nat.listChildren(p).map((c) => c.name);

describe('the cache follows link changes', () => {
  it('a group renamed away: a new group at the old path is the one found, the old one is at its new path', () => {
    const nat = nativeTree();
    try {
      expect(names(nat, '/a/b')).toEqual(['c']); // /a/b and /a/b/c are cached now
      expect(who(nat, '/a/b/c')).toBe(6);
      nat.moveLink('/a/b', '/a/x');
      expect(nat.getKind('/a/b')).toBeNull();
      expect(() => nat.hasLink('/a/b/c')).toThrow(/^H5Lexists failed: .*component not found/); // as without a cache
      expect(() => nat.listChildren('/a/b')).toThrow(/H5Gopen2 failed/);
      nat.createGroup('/a/b');
      expect(names(nat, '/a/b')).toEqual([]);
      nat.createGroup('/a/b/new');
      expect(names(nat, '/a/b')).toEqual(['new']);
      expect(names(nat, '/a/x')).toEqual(['c']);
      expect(who(nat, '/a/x/c')).toBe(6);
      expect(nat.hasAttribute('/a/b', 'who')).toBe(false);
    } finally {
      nat.close();
    }
  });

  it('a group moved into another group, and a removed group replaced by a new one', () => {
    const nat = nativeTree();
    try {
      nat.createGroup('/z');
      expect(names(nat, '/a/b/c')).toEqual([]);
      nat.moveLink('/a/b', '/z/b');
      expect(names(nat, '/z/b')).toEqual(['c']);
      expect(names(nat, '/a')).toEqual([]);
      nat.deleteLink('/z/b');
      expect(nat.getKind('/z/b/c')).toBeNull();
      nat.createGroup('/z/b');
      nat.createGroup('/z/b/c');
      expect(nat.hasAttribute('/z/b/c', 'who')).toBe(false);
      expect(names(nat, '/z/b')).toEqual(['c']);
    } finally {
      nat.close();
    }
  });

  it('copies: the copy is its own group, overwriting a cached destination finds the new one', () => {
    const f = memory();
    try {
      f.createGroup('/', 'src');
      f.createGroup('/src', 'in');
      f.createGroup('/', 'dst');
      f.createGroup('/dst', 'old');
      expect(f.listNodes('/dst').map((n) => n.name)).toEqual(['old']);
      f.copyNode('/src', '/', 'dst', undefined, true, true);
      expect(f.listNodes('/dst').map((n) => n.name)).toEqual(['in']);
      f.createGroup('/dst/in', 'only-in-copy');
      expect(f.listNodes('/src/in')).toEqual([]);
      expect(f.listNodes('/dst/in').map((n) => n.name)).toEqual(['only-in-copy']);
    } finally {
      f.close();
    }
  });
});

describe.skipIf(lacks('h5py'))('soft and hard links', () => {
  function h5py(code: string): string {
    const p = scratch.path('links.h5');
    python(`import h5py\nf = h5py.File(${JSON.stringify(p)}, 'w')\n${code}\nf.close()`);
    return p;
  }

  it('paths through soft links resolve as HDF5 resolves them, and follow changes to the target', () => {
    const p = h5py(
      "f.create_group('t/u/v')\nf['s'] = h5py.SoftLink('/t')\nf['t/rel'] = h5py.SoftLink('u')\n" +
        "f['dangling'] = h5py.SoftLink('/nowhere')",
    );
    const f = scratch.track(openFile(p, 'a'));
    expect(f.listNodes('/s/u').map((n) => n.name)).toEqual(['v']);
    // The link itself is a SoftLink node, no group (as in PyTables); paths through it resolve.
    expect(() => f.listNodes('/t/rel')).toThrow(TypeError);
    expect(
      f.listNodes(f.getNode('/t/rel', undefined, 'SoftLink').dereference() as Group).map((n) => n.name),
    ).toEqual(['v']);
    expect(f.has('/s/u/v')).toBe(true);
    expect(f.has('/dangling/x')).toBe(false);
    f.createGroup('/s/u', 'w'); // created in /t/u, through the link
    expect(f.listNodes('/t/u').map((n) => n.name)).toEqual(['v', 'w']);
    f.removeNode('/t/u', undefined, true);
    expect(f.has('/s/u')).toBe(false);
    expect(f.has('/s/u/v')).toBe(false);
    expect(f.has('/t/rel/v')).toBe(false);
    f.createGroup('/t', 'u');
    expect(f.listNodes('/s/u')).toEqual([]);
  });

  it('a group reached by two hard links: a change through one path is seen through the other', () => {
    const p = h5py("f.create_group('a/g/x')\nf['b'] = f['a/g']");
    const f = scratch.track(openFile(p, 'a'));
    expect(f.listNodes('/b').map((n) => n.name)).toEqual(['x']);
    expect(f.listNodes('/a/g').map((n) => n.name)).toEqual(['x']);
    expect(f.listNodes('/b/x')).toEqual([]);
    f.removeNode('/a/g/x');
    expect(f.has('/b/x')).toBe(false);
    f.createGroup('/a/g', 'x');
    f.createGroup('/a/g/x', 'y');
    expect(f.listNodes('/b/x').map((n) => n.name)).toEqual(['y']);
  });
});

describe("cached groups and the file's lifetime", () => {
  function deepOnDisk(name: string, depth: number): { f: File; deepest: string } {
    const f = openFile(scratch.path(name), 'w');
    let g: Group = f.root;
    for (let i = 0; i < depth; i++) g = f.createGroup(g, `g${i}`);
    expect([...f.walkNodes('/')].length).toBe(depth + 1);
    return { f, deepest: g.pathname };
  }

  it("closing a disk file with cached groups releases it: it opens again, even in 'w'", () => {
    const { f, deepest } = deepOnDisk('closed.h5', 50);
    f.close();
    const again = scratch.track(openFile(scratch.path('closed.h5'), 'r'));
    expect(again.has(deepest)).toBe(true);
    again.close();
    scratch.track(openFile(scratch.path('closed.h5'), 'w')).close();
  });

  it('takeFileImage with cached groups gives an image that opens and walks', () => {
    const f = memory();
    let g: Group = f.root;
    for (let i = 0; i < 300; i++) g = f.createGroup(g, `g${i}`);
    f.createArray(g, 'leaf', new Float64Array([4]));
    const deepest = g.pathname;
    expect([...f.walkNodes('/')].length).toBe(302);
    const image = f.takeFileImage();
    expect(f.isOpen).toBe(false);
    const h = openFile('taken.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image });
    try {
      expect([...h.walkNodes('/')].length).toBe(302);
      expect(Array.from(h.getNode(`${deepest}/leaf`).read().data as Float64Array)).toEqual([4]);
    } finally {
      h.close();
    }
  });
});
