// Soft, external and hard links, both ways against PyTables 3.7 and h5py: what PyTables
// lists, prints and follows (test/python/pt_links.py) is what h5tables does, on files
// PyTables and h5py made and on files h5tables made.

import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';

import { describe, expect, it } from 'vitest';

import {
  Array as H5Array,
  ExternalLink,
  FileModeError,
  Group,
  HDF5ExtError,
  Link,
  NodeError,
  NoSuchNodeError,
  SoftLink,
  openFile,
  type File,
  type Node,
} from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useTmpDir } from '../helpers/tmp';

/** What pt_links.py read reports. */
interface Seen {
  walk: Array<[string, string, string]>;
  deref: Record<string, string>;
  targets: Record<string, string>;
  rootRepr: string;
  tree: string;
  links: string[];
  leaves: string[];
}

const tmp = useTmpDir('h5tables-links-');

function make(): void {
  runPython('pt_links.py', ['make', tmp.dir]);
}

function pyRead(p: string): Seen {
  return runPython<Seen>('pt_links.py', ['read', p]);
}

/** The same report, from h5tables (links followed as pt_links.py follows them). */
function ourRead(f: File): Seen {
  const seen: Seen = { walk: [], deref: {}, targets: {}, rootRepr: '', tree: '', links: [], leaves: [] };
  for (const n of f.walkNodes('/')) {
    seen.walk.push([n.pathname, n.constructor.name, String(n)]);
    if (n instanceof Link) seen.targets[n.pathname] = n.target;
    if (n instanceof SoftLink && !n.isDangling()) seen.deref[n.pathname] = String(n.dereference());
    if (n instanceof ExternalLink) {
      try {
        seen.deref[n.pathname] = String(n.dereference());
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
        seen.deref[n.pathname] = `OSError: ${(err as Error).message}`;
      }
      n.umount();
    }
  }
  seen.rootRepr = util.inspect(f.root);
  seen.tree = String(f).split('Object Tree: \n')[1];
  seen.links = f.listNodes('/', 'Link').map(String);
  seen.leaves = f.listNodes('/', 'Leaf').map(String);
  return seen;
}

/**
 * PyTables lists a group's links (in its repr) in an order of its own, neither by name nor
 * by creation: compare groups and leaves exactly, the links as a set.
 */
function reprParts(repr: string): { head: string[]; links: string[] } {
  const items = repr.split(':= [')[1].slice(0, -1).split(', ');
  const isLink = (item: string): boolean => / \((SoftLink|ExternalLink)\)$/.test(item);
  return { head: items.filter((i) => !isLink(i)), links: items.filter(isLink).sort() };
}

function expectSame(ours: Seen, theirs: Seen): void {
  expect(ours.walk).toEqual(theirs.walk);
  expect(ours.targets).toEqual(theirs.targets);
  expect(ours.deref).toEqual(theirs.deref);
  expect(ours.tree).toBe(theirs.tree);
  expect(ours.links).toEqual(theirs.links);
  expect(ours.leaves).toEqual(theirs.leaves);
  expect(ours.rootRepr.split('\n')[0]).toBe(theirs.rootRepr.split('\n')[0]);
  expect(reprParts(ours.rootRepr)).toEqual(reprParts(theirs.rootRepr));
}

/** The tree pt_links.py makes with PyTables, made by h5tables. */
function writeLinks(f: File): void {
  f.createArray('/', 'c', new Float64Array([0, 1, 2, 3]), 'C');
  const g = f.createGroup('/', 'grp');
  f.createArray(g, 'inner', new Int16Array([0, 1]));
  f.createSoftLink('/', 'sl', '/c');
  f.createSoftLink('/', 'slg', g);
  f.createSoftLink('/', 'dang', '/nowhere');
  f.createSoftLink('/grp', 'rel', 'inner');
  f.createExternalLink('/', 'el', 'ext.h5:/x');
  f.createExternalLink('/', 'missing', 'nofile.h5:/x');
  f.createHardLink('/', 'hl', '/c');
  f.createSoftLink('/deep/er', 'sl2', '/c', { createParents: true });
}

const NO_PYTHON = lacks('pytables', 'h5py');

describe.skipIf(NO_PYTHON)('links PyTables and h5py made, read as PyTables reads them', () => {
  it('PyTables links: classes, targets, printed forms, the tree, listing and following', () => {
    make();
    const p = tmp.path('pt.h5');
    const f = tmp.track(openFile(p, 'r', { allowExternalFiles: true }));
    expectSame(ourRead(f), pyRead(p));
    // Hard links are the nodes they lead to; soft links print (dangling) when they are.
    expect(f.getNode('/hl')).toBeInstanceOf(H5Array);
    expect(f.getNode('/dang', undefined, 'SoftLink').isDangling()).toBe(true);
    expect(f.getNode('/sl', undefined, 'SoftLink').isDangling()).toBe(false);
    expect(f.getNode('/grp/rel', undefined, 'SoftLink').dereference()).toBe(f.getNode('/grp/inner'));
    // Paths through a soft link resolve, as in PyTables.
    expect(String(f.getNode('/slg/inner'))).toBe("/slg/inner (Array(2,)) ''");
  });

  it('h5py links (soft, dangling, external, hard)', () => {
    make();
    const p = tmp.path('h5py.h5');
    const f = tmp.track(openFile(p, 'r', { allowExternalFiles: true }));
    expectSame(ourRead(f), pyRead(p));
  });

  it('the link attrs are its target’s, as PyTables forwards them', () => {
    make();
    const f = tmp.track(openFile(tmp.path('pt.h5'), 'r'));
    const sl = f.getNode('/sl', undefined, 'SoftLink');
    expect(sl.title).toBe('C');
    expect(sl.attrs.get('CLASS')).toBe('ARRAY');
  });
});

describe.skipIf(NO_PYTHON)('links h5tables makes, as PyTables sees them', () => {
  it('the same tree PyTables makes reads the same in PyTables', () => {
    make();
    const ours = tmp.path('ours.h5');
    const f = openFile(ours, 'w');
    writeLinks(f);
    expect(String(f.getNode('/sl'))).toBe('/sl (SoftLink) -> /c');
    expect(util.inspect(f.getNode('/dang'))).toBe('/dang (SoftLink) -> /nowhere (dangling)');
    expect(String(f.getNode('/el'))).toBe('/el (ExternalLink) -> ext.h5:/x');
    expect(f.getNode('/hl')).toBeInstanceOf(H5Array);
    f.close();
    const theirs = pyRead(tmp.path('pt.h5'));
    expect(pyRead(ours)).toEqual(theirs);
    const g = tmp.track(openFile(ours, 'r', { allowExternalFiles: true }));
    expectSame(ourRead(g), theirs);
  });

  it('CORE without backing store and images: links survive the image, PyTables reads them', () => {
    make();
    const f = openFile(tmp.path('mem.h5'), 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
    writeLinks(f);
    expect(fs.existsSync(tmp.path('mem.h5'))).toBe(false);
    // An in-memory file never reaches other files: the link is listed, not followed.
    const el = f.getNode('/el', undefined, 'ExternalLink');
    expect(() => el.dereference()).toThrow(HDF5ExtError);
    expect(() => el.dereference()).toThrow(/never reaches other files/);
    const image = f.takeFileImage();
    const fromImage = tmp.path('image.h5');
    fs.writeFileSync(fromImage, image);
    const theirs = pyRead(tmp.path('pt.h5'));
    const seen = pyRead(fromImage);
    expect(seen.walk).toEqual(theirs.walk);
    expect(seen.targets).toEqual(theirs.targets);
    const i = tmp.track(openFile('img.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image }));
    expect(i.listNodes('/', 'Link').map(String)).toEqual(theirs.links);
    expect(String(i.getNode('/sl', undefined, 'SoftLink').dereference())).toBe("/c (Array(4,)) 'C'");
    expect(() => i.getNode('/el', undefined, 'ExternalLink').dereference()).toThrow(
      /never reaches other files/,
    );
  });

  it('CORE with backing store: the links are on disk after close', () => {
    make();
    const p = tmp.path('core.h5');
    const f = openFile(p, 'w', { driver: 'H5FD_CORE' });
    writeLinks(f);
    f.close();
    expect(pyRead(p)).toEqual(pyRead(tmp.path('pt.h5')));
  });
});

describe.skipIf(NO_PYTHON)('removing, renaming, moving and copying links', () => {
  it('acts on the link, never on its target; PyTables sees the result', () => {
    make();
    const p = tmp.path('ours.h5');
    const f = openFile(p, 'w');
    writeLinks(f);
    const sl = f.getNode('/sl', undefined, 'SoftLink');
    sl.rename('sl2');
    expect(String(sl)).toBe('/sl2 (SoftLink) -> /c');
    sl.move('/grp');
    expect(String(sl)).toBe('/grp/sl2 (SoftLink) -> /c');
    expect(f.getNode('/grp/sl2')).toBe(sl);
    const copy = f.copyNode('/grp/sl2', '/', 'copied');
    expect(copy).toBeInstanceOf(SoftLink);
    expect(String(copy)).toBe('/copied (SoftLink) -> /c');
    const elCopy = f.copyNode('/el', '/grp');
    expect(String(elCopy)).toBe('/grp/el (ExternalLink) -> ext.h5:/x');
    f.removeNode('/grp/sl2');
    expect(sl.isOpen).toBe(false);
    expect(String(sl)).toBe('<closed SoftLink>');
    f.getNode('/slg', undefined, 'SoftLink').remove();
    f.removeNode('/dang');
    expect(f.has('/c')).toBe(true);
    expect(f.has('/grp/inner')).toBe(true);
    f.close();
    const seen = pyRead(p);
    const walked = seen.walk.map(([p0, cls]) => `${p0} ${cls}`);
    expect(walked).toContain('/copied SoftLink');
    expect(walked).toContain('/grp/el ExternalLink');
    expect(walked).toContain('/c Array');
    expect(walked).toContain('/grp Group');
    expect(walked.filter((w) => /^\/(sl|slg|dang|grp\/sl2) /.test(w))).toEqual([]);
    expect(seen.targets['/copied']).toBe('/c');
  });
});

describe.skipIf(NO_PYTHON)('link errors', () => {
  it('bad targets, used names and bad options are clear errors that change nothing', () => {
    make();
    const p = tmp.path('ours.h5');
    const f = tmp.track(openFile(p, 'w'));
    writeLinks(f);
    const before = f.listNodes('/').map(String);
    expect(() => f.createSoftLink('/', 'x', 3 as unknown as string)).toThrow(TypeError);
    expect(() => f.createSoftLink('/', 'x', '')).toThrow(/`target`/);
    expect(() => f.createExternalLink('/', 'x', 'nocolon')).toThrow(
      "`target` must expressed as 'file:/path/to/node'",
    );
    expect(() => f.createExternalLink('/', 'x', {} as unknown as string)).toThrow(TypeError);
    expect(() => f.createSoftLink('/', 'sl', '/c')).toThrow(NodeError);
    expect(() => f.createSoftLink('/', 'sl', '/c')).toThrow(
      'group ``/`` already has a child node named ``sl``',
    );
    expect(() => f.createHardLink('/', 'c', '/grp')).toThrow(NodeError);
    expect(() => f.createHardLink('/', 'x', '/nowhere')).toThrow(NoSuchNodeError);
    expect(() => f.createHardLink('/', 'x', '/sl')).toThrow(TypeError);
    expect(() => f.createSoftLink('/', 'x', '/c', { createparents: true } as never)).toThrow(TypeError);
    expect(() => f.createSoftLink('/nope', 'x', '/c')).toThrow(NoSuchNodeError);
    expect(() => f.createSoftLink('/sl', 'x', '/c')).toThrow(TypeError); // a link is no group
    expect(f.listNodes('/').map(String)).toEqual(before);
    expect(f.has('/x')).toBe(false);
  });

  it('a read-only file refuses new links', () => {
    make();
    const f = tmp.track(openFile(tmp.path('pt.h5'), 'r'));
    expect(() => f.createSoftLink('/', 'x', '/c')).toThrow(FileModeError);
    expect(() => f.createExternalLink('/', 'x', 'ext.h5:/x')).toThrow(FileModeError);
    expect(() => f.createHardLink('/', 'x', '/c')).toThrow(FileModeError);
    expect(() => f.removeNode('/sl')).toThrow(FileModeError);
  });

  it('external links: refused unless allowed, a missing file an error only when followed', () => {
    make();
    const p = tmp.path('pt.h5');
    const f = tmp.track(openFile(p, 'r'));
    const el = f.getNode('/el', undefined, 'ExternalLink');
    expect(String(el)).toBe('/el (ExternalLink) -> ext.h5:/x'); // listed and printed, not followed
    expect(() => el.dereference()).toThrow(HDF5ExtError);
    expect(() => el.dereference()).toThrow(
      '/el is an external link (ext.h5:/x), which is refused: open the file with allowExternalFiles to follow it',
    );
    expect(el.extfile).toBe(null);
    const g = tmp.track(openFile(p, 'r', { allowExternalFiles: true }));
    const missing = g.getNode('/missing', undefined, 'ExternalLink');
    expect(missing.isDangling()).toBe(true);
    const err = (() => {
      try {
        missing.dereference();
      } catch (e) {
        return e as NodeJS.ErrnoException;
      }
      throw new Error('expected a throw');
    })();
    expect(err.code).toBe('ENOENT');
    expect(err.message).toBe(pyRead(p).deref['/missing'].replace(/^OSError: /, ''));
    // Only under allowed directories.
    const elsewhere = tmp.path('elsewhere');
    fs.mkdirSync(elsewhere);
    const h = tmp.track(openFile(p, 'r', { allowExternalFiles: { directories: [elsewhere] } }));
    expect(() => h.getNode('/el', undefined, 'ExternalLink').dereference()).toThrow(
      `${fs.realpathSync(path.join(tmp.dir, 'ext.h5'))} is not under a directory that allowExternalFiles.directories names`,
    );
    // Followed: the other file opens once, read-only, and closes with this one.
    const x = g.getNode('/el', undefined, 'ExternalLink').dereference() as H5Array;
    expect(Array.from(x.read().data as Int32Array)).toEqual([0, 1, 2]);
    const other = x.file;
    expect(other.mode).toBe('r');
    expect(g.getNode('/el', undefined, 'ExternalLink').extfile).toBe(other);
    g.close();
    expect(other.isOpen).toBe(false);
  });

  it('a dangling soft link: isDangling(), dereference() is NoSuchNodeError', () => {
    make();
    const f = tmp.track(openFile(tmp.path('pt.h5'), 'r'));
    const dang = f.getNode('/dang', undefined, 'SoftLink');
    expect(dang.isDangling()).toBe(true);
    expect(() => dang.dereference()).toThrow(NoSuchNodeError);
    const nodes: Node[] = f.listNodes('/', 'SoftLink');
    expect(nodes.every((n) => n instanceof SoftLink && !(n instanceof Group))).toBe(true);
  });
});
