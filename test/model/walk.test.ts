// Issue 9, item 2 (walking): hard-link cycles never make a walk endless, each group
// object is visited once, and deep trees cost a number of native calls linear in depth.
import fs from 'node:fs';
import util from 'node:util';

import { describe, expect, it } from 'vitest';

import { type File, Group, openFile, openFileAsync } from '../../lib/index';
import type { NativeFile } from '../../lib/native';
import { lacks } from '../helpers/interop';
import { python, useScratch } from './model-helpers';

const scratch = useScratch();

/** Counts the native calls a File makes from now on (by wrapping its NativeFile). */
function countCalls(f: File): () => number {
  const holder = f as unknown as { _native: NativeFile };
  let calls = 0;
  const nat = holder._native;
  holder._native = new Proxy(nat, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (key !== 'isOpen') calls++; // isOpen is a flag read, not HDF5 work
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return () => calls;
}

const paths = (nodes: Iterable<{ pathname: string }>): string[] => [...nodes].map((n) => n.pathname);

/** h5py makes hard links to groups (h5tables has no API for that in this version). */
function h5py(code: string, file: string): void {
  python(`import h5py\nf = h5py.File(${JSON.stringify(file)}, 'w')\n${code}\nf.close()`);
}

describe.skipIf(lacks('h5py'))('hard-link cycles', () => {
  it('a link to the root below it (PyTables walks it forever): each group once, in every way of walking', async () => {
    const p = scratch.path('cycle.h5');
    h5py(`f.create_group('a')\nf['a/up'] = f['/']\nf.create_dataset('a/x', data=[1.5, 2.5])`, p);
    for (const f of [
      openFile(p, 'r'),
      await openFileAsync('c.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: fs.readFileSync(p) }),
    ]) {
      scratch.track(f);
      expect(paths(f.walkNodes('/'))).toEqual(['/', '/a', '/a/x']);
      expect(paths(f.walkGroups('/'))).toEqual(['/', '/a']);
      expect(paths(f)).toEqual(['/', '/a', '/a/x']);
      expect(paths(f.walkNodes('/', 'Leaf'))).toEqual(['/a/x']);
      expect(paths(f.root.walkNodes())).toEqual(['/a', '/a/x']);
      expect(paths(f.root.a.walkGroups())).toEqual(['/a', '/a/up']); // from /a, the root is new once
      expect(String(f).split('\n').slice(3)).toEqual([
        "/ (RootGroup) ''",
        "/a (Group) ''",
        "/a/x (Array(2,)) ''",
        '',
      ]);
      expect(util.inspect(f)).toContain("/a (Group) ''");
      // The link itself is still there to list and follow.
      expect(f.listNodes('/a').map((n) => n.pathname)).toEqual(['/a/up', '/a/x']);
      expect(Array.from(f.getNode('/a/up/a/x').read().data as Float64Array)).toEqual([1.5, 2.5]);
    }
  });

  it('a cycle below the start and a group linked twice: the first path found wins, nothing repeats', () => {
    const p = scratch.path('dag.h5');
    h5py(
      `b = f.create_group('a/b')\nb['back'] = f['a']\nf.create_group('s/t')\nf['x'] = f['s']\nf['a/b/c'] = f['s/t']`,
      p,
    );
    const f = scratch.track(openFile(p, 'r'));
    // /x is /s and /a/b/c is /s/t: both already reached when listed; /a/b/back is /a.
    expect(paths(f.walkGroups())).toEqual(['/', '/a', '/s', '/s/t', '/a/b']);
    expect(paths(f.walkNodes())).toEqual(['/', '/a', '/s', '/a/b', '/s/t']);
    // From /a, /s/t is first reached as /a/b/c.
    expect(paths(f.walkNodes('/a'))).toEqual(['/a', '/a/b', '/a/b/c']);
    expect(paths(f.getNode('/a', undefined, 'Group').walkGroups())).toEqual(['/a', '/a/b', '/a/b/c']);
  });
});

describe.skipIf(lacks('h5py'))('deep trees', () => {
  /** A chain /g0/g1/.../g<depth-1> made by h5py (which creates by handle, in linear time). */
  function chain(depth: number): string {
    const p = scratch.path(`deep-${depth}.h5`);
    h5py(
      `g = f\nfor i in range(${depth}):\n    g = g.create_group('g%d' % i)\ng.create_dataset('leaf', data=[1.5])`,
      p,
    );
    return p;
  }

  function walkCost(depth: number): { visited: number; calls: number } {
    const f = openFile(chain(depth), 'r');
    try {
      const calls = countCalls(f);
      const visited = [...f.walkNodes('/')].length;
      return { visited, calls: calls() };
    } finally {
      f.close();
    }
  }

  it('walking 1000 nested groups finishes, visits every one, and costs a constant number of native calls per level', () => {
    const small = walkCost(250);
    const big = walkCost(1000);
    expect(small.visited).toBe(252); // root, 250 groups, the leaf
    expect(big.visited).toBe(1002);
    // Linear: the same calls per level at both depths (cubic or quadratic would be 16x or 64x).
    expect(big.calls).toBeLessThanOrEqual(4 * small.calls + 8);
    expect(big.calls).toBeLessThan(5 * 1002);
  });

  it('creating and printing a deep tree cost a constant number of native calls per level', () => {
    const cost = (depth: number): { create: number; print: number; parents: number; lines: number } => {
      const f = scratch.track(openFile(scratch.path(`made-${depth}.h5`), 'w'));
      const calls = countCalls(f);
      let g: Group = f.root;
      for (let i = 0; i < depth; i++) g = f.createGroup(g, `g${i}`);
      const create = calls();
      const lines = String(f).split('\n').length;
      const print = calls() - create;
      const deepest = g.pathname;
      f.close();
      const h = scratch.track(openFile(scratch.path(`made-${depth}.h5`), 'a'));
      const hc = countCalls(h);
      h.createGroup(`${deepest}/p/q`, 'r', { createParents: true });
      return { create, print, parents: hc(), lines };
    };
    const a = cost(100);
    const b = cost(400);
    expect(a.lines).toBe(100 + 5); // header (3), root, 100 groups, final ''
    expect(b.lines).toBe(400 + 5);
    expect(b.create).toBeLessThanOrEqual(4 * a.create + 8);
    expect(b.print).toBeLessThanOrEqual(4 * a.print + 8);
    // createParents looks the existing ancestors up by binary search (log depth), then creates.
    expect(b.parents).toBeLessThanOrEqual(a.parents + 8);
  });
});
