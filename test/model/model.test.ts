// The object model: the tree (create, find, list, walk, remove, rename, move, copy),
// natural naming, attributes through the File, errors, and use after close.
import { describe, expect, it } from 'vitest';

import {
  Array as H5Array,
  AttributeSet,
  ClosedFileError,
  ClosedNodeError,
  File,
  FileModeError,
  Group,
  HDF5ExtError,
  Leaf,
  Node,
  NodeError,
  NoSuchNodeError,
  RootGroup,
  openFile,
} from '../../lib/index';
import { useScratch } from './model-helpers';

const scratch = useScratch();

/** A fresh in-memory file (nothing on disk). */
function memFile(title = ''): File {
  return scratch.track(
    openFile(scratch.path('mem.h5'), 'w', { title, driver: 'H5FD_CORE', driverCoreBackingStore: false }),
  );
}

/** The DESIGN sample tree: /group ('Group title') with /group/array, and /arr2d. */
function sample(): File {
  const f = memFile('Title');
  const g = f.createGroup('/', 'group', 'Group title');
  f.createArray(g, 'array', [1, 2, 3], 'Array');
  f.createArray('/', 'arr2d', { data: new Float64Array(6), shape: [2, 3] });
  return f;
}

const paths = (nodes: Iterable<Node>): string[] => [...nodes].map((n) => n.pathname);

describe('errors', () => {
  it('exports PyTables error classes that are Errors with their class name', () => {
    for (const E of [
      HDF5ExtError,
      NodeError,
      NoSuchNodeError,
      FileModeError,
      ClosedFileError,
      ClosedNodeError,
    ]) {
      const e = new E('msg');
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(E.name);
      expect(e.message).toBe('msg');
    }
    expect(new NoSuchNodeError('x')).toBeInstanceOf(NodeError);
    expect(new HDF5ExtError('m', ['a(): b (c: d)']).hdf5Stack).toEqual(['a(): b (c: d)']);
  });
});

describe('creating and finding nodes', () => {
  it('creates groups and arrays with titles given as a string or options', () => {
    const f = memFile();
    const g = f.createGroup('/', 'g', 'G title');
    const h = f.createGroup(g, 'h', { title: 'H title' });
    const a = f.createArray(h, 'a', [1, 2], 'A title');
    const b = f.createArray('/g', 'b', [3], { title: 'B title' });
    expect(g).toBeInstanceOf(Group);
    expect(a).toBeInstanceOf(H5Array);
    expect(a).toBeInstanceOf(Leaf);
    expect([g.title, h.title, a.title, b.title]).toEqual(['G title', 'H title', 'A title', 'B title']);
    expect([h.pathname, a.pathname, b.pathname]).toEqual(['/g/h', '/g/h/a', '/g/b']);
    expect([a.name, h.name, f.root.name]).toEqual(['a', 'h', '/']);
    expect(a.parent).toBe(h);
    expect(h.parent).toBe(g);
    expect(g.parent).toBe(f.root);
    expect(f.root.parent).toBeNull();
    expect(a.file).toBe(f);
    expect([f.root.depth, g.depth, a.depth]).toEqual([0, 1, 3]);
  });

  it('writes PyTables system attributes on the root, groups and arrays', () => {
    const f = memFile('T');
    const g = f.createGroup('/', 'g', 'gt');
    const a = f.createArray(g, 'a', new Int32Array(2), 'at');
    const p = f.createArray(g, 'p', [1.5], '');
    expect(Object.fromEntries(f.root.attrs.entries())).toEqual({
      CLASS: 'GROUP',
      PYTABLES_FORMAT_VERSION: '2.1',
      TITLE: 'T',
      VERSION: '1.0',
    });
    expect(Object.fromEntries(g.attrs.entries())).toEqual({ CLASS: 'GROUP', TITLE: 'gt', VERSION: '1.0' });
    expect(Object.fromEntries(a.attrs.entries())).toEqual({
      CLASS: 'ARRAY',
      FLAVOR: 'numpy',
      TITLE: 'at',
      VERSION: '2.4',
    });
    expect(p.attrs.get('FLAVOR')).toBe('python');
    expect(p.attrs.get('TITLE')).toBe('');
    expect(f.title).toBe('T');
  });

  it('creates missing parents with createParents', () => {
    const f = memFile();
    const z = f.createGroup('/x/y', 'z', { createParents: true });
    expect(z.pathname).toBe('/x/y/z');
    const a = f.createArray('/p/q', 'a', [1], { title: 't', createParents: true });
    expect(a.pathname).toBe('/p/q/a');
    expect(f.getNode('/x/y').attrs.get('CLASS')).toBe('GROUP');
    expect(f.getNode('/x').title).toBe('');
  });

  it('refuses duplicates, missing parents, leaves as parents and bad names as PyTables does', () => {
    const f = sample();
    expect(() => f.createGroup('/', 'group')).toThrow(NodeError);
    expect(() => f.createGroup('/', 'group')).toThrow('group ``/`` already has a child node named ``group``');
    expect(() => f.createArray('/group', 'array', [1])).toThrow(
      'group ``/group`` already has a child node named ``array``',
    );
    expect(() => f.createGroup('/x/y', 'z')).toThrow(NoSuchNodeError);
    expect(() => f.createGroup('/x/y', 'z')).toThrow('group ``/`` does not have a child named ``x``');
    expect(() => f.createGroup('/arr2d', 'z')).toThrow(TypeError);
    expect(() => f.createGroup('/arr2d', 'z')).toThrow('new parent node ``/arr2d`` is not a group');
    expect(() => f.createGroup('/', '')).toThrow('the empty string is not allowed as an object name');
    expect(() => f.createGroup('/', 'a/b')).toThrow(
      "the ``/`` character is not allowed in object names: 'a/b'",
    );
    expect(() => f.createGroup('/', '.')).toThrow(RangeError);
    expect(() => f.createGroup('group', 'x')).toThrow("``where`` must start with a slash ('/')");
    // nothing was created by the failed calls
    expect(paths(f)).toEqual(['/', '/arr2d', '/group', '/group/array']);
  });

  it('getNode takes a path, a node, a name, and a class name to check', () => {
    const f = sample();
    const g = f.getNode('/group');
    expect(g).toBeInstanceOf(Group);
    expect(f.getNode('/group/array')).toBe(f.getNode(g, 'array'));
    expect(f.getNode('/', 'group')).toBe(g);
    expect(f.getNode('/group/')).toBe(g); // empty path components are ignored, as HDF5 does
    expect(f.getNode('/')).toBeInstanceOf(RootGroup);
    expect(f.getNode('/group/array', undefined, 'Array').read().data).toEqual(Float64Array.of(1, 2, 3));
    expect(f.getNode('/group', undefined, 'Node')).toBe(g);
    expect(() => f.getNode('/nope')).toThrow(NoSuchNodeError);
    expect(() => f.getNode('/nope')).toThrow('group ``/`` does not have a child named ``nope``');
    expect(() => f.getNode('/group', 'nope')).toThrow(
      'group ``/group`` does not have a child named ``nope``',
    );
    expect(() => f.getNode('/group/array/x')).toThrow(NoSuchNodeError);
    expect(() => f.getNode('/group', undefined, 'Array')).toThrow(
      'could not find a ``Array`` node at ``/group``; instead, a ``Group`` node has been found there',
    );
    expect(() => f.getNode('/group', undefined, 'Foo' as 'Node')).toThrow(
      'there is no registered node class named ``Foo``',
    );
    expect(() => f.getNode(3 as unknown as string)).toThrow(TypeError);
  });

  it('returns one object per path', () => {
    const f = sample();
    expect(f.root.group).toBe(f.getNode('/group'));
    expect(f.root.group.array).toBe(f.getNode('/group/array'));
    expect(f.root).toBe(f.getNode('/'));
  });

  it('has() tells whether a path exists', () => {
    const f = sample();
    expect(f.has('/')).toBe(true);
    expect(f.has('/group/array')).toBe(true);
    expect(f.has('/group/nope')).toBe(false);
    expect(f.has('/arr2d/x')).toBe(false);
    expect(f.has('group')).toBe(false);
    expect(f.root.group.has('array')).toBe(true);
    expect(f.root.group.has('nope')).toBe(false);
  });
});

describe('listing and walking', () => {
  /** / holds b (group), a (array), c (group); /b/x, /c/y groups; /c/y/z array; /b/x/w group. */
  function tree(): File {
    const f = memFile();
    for (const p of ['/b', '/c', '/b/x', '/c/y', '/b/x/w']) {
      const i = p.lastIndexOf('/');
      f.createGroup(p.slice(0, i) || '/', p.slice(i + 1));
    }
    f.createArray('/', 'a', [1]);
    f.createArray('/c/y', 'z', [1]);
    f.createArray('/b', 'arr', [1]);
    return f;
  }

  it('lists children sorted by name, optionally by class', () => {
    const f = tree();
    expect(paths(f.listNodes('/'))).toEqual(['/a', '/b', '/c']);
    expect(paths(f.listNodes(f.root.b))).toEqual(['/b/arr', '/b/x']);
    expect(paths(f.listNodes('/', 'Group'))).toEqual(['/b', '/c']);
    expect(paths(f.listNodes('/', 'Leaf'))).toEqual(['/a']);
    expect(paths(f.listNodes('/', 'Array'))).toEqual(['/a']);
    expect(paths(f.iterNodes('/b'))).toEqual(['/b/arr', '/b/x']);
    expect(paths(f.root.b.listNodes())).toEqual(['/b/arr', '/b/x']);
    expect(paths(f.root.b)).toEqual(['/b/arr', '/b/x']); // iterating a group
    expect(() => f.listNodes('/a')).toThrow('node ``/a`` is not a group');
    expect(() => f.listNodes('/', 'Foo' as 'Node')).toThrow(TypeError);
  });

  it('walks in PyTables order', () => {
    const f = tree();
    // Checked against PyTables 3.7: its walk uses a stack, so /c's subtree comes before /b's.
    expect(paths(f.walkGroups())).toEqual(['/', '/b', '/c', '/c/y', '/b/x', '/b/x/w']);
    expect(paths(f.walkNodes())).toEqual([
      '/',
      '/a',
      '/b',
      '/c',
      '/b/arr',
      '/b/x',
      '/c/y',
      '/c/y/z',
      '/b/x/w',
    ]);
    expect(paths(f)).toEqual(paths(f.walkNodes('/')));
    expect(paths(f.walkNodes('/', 'Array'))).toEqual(['/a', '/b/arr', '/c/y/z']);
    expect(paths(f.walkNodes('/', 'Group'))).toEqual(['/', '/b', '/c', '/c/y', '/b/x', '/b/x/w']);
    expect(paths(f.walkNodes('/b'))).toEqual(['/b', '/b/arr', '/b/x', '/b/x/w']);
    expect(paths(f.walkGroups('/b'))).toEqual(['/b', '/b/x', '/b/x/w']);
    expect(paths(f.root.b.walkNodes())).toEqual(['/b/arr', '/b/x', '/b/x/w']);
    expect(paths(f.root.b.walkGroups())).toEqual(['/b', '/b/x', '/b/x/w']);
  });

  it('walks the DESIGN sample as DESIGN says', () => {
    const f = sample();
    expect(paths(f)).toEqual(['/', '/arr2d', '/group', '/group/array']);
    expect(paths(f.walkGroups())).toEqual(['/', '/group']);
  });
});

describe('natural naming', () => {
  it('reaches children as properties, with real members winning', () => {
    const f = sample();
    expect(f.root.group.array.read().data).toEqual(Float64Array.of(1, 2, 3));
    f.createArray('/group', 'title', [7]);
    f.createArray('/group', 'name', [8]);
    expect(f.root.group.title).toBe('Group title');
    expect(f.root.group.name).toBe('group');
    expect(f.root.group.getChild('title').read().data).toEqual(Float64Array.of(7));
  });

  it('throws NoSuchNodeError for a missing child, and `in` tells', () => {
    const f = sample();
    expect(() => f.root.nope).toThrow(NoSuchNodeError);
    expect(() => f.root.nope).toThrow('group ``/`` does not have a child named ``nope``');
    expect(() => f.root.group.getChild('nope')).toThrow(
      'group ``/group`` does not have a child named ``nope``',
    );
    expect('group' in f.root).toBe(true);
    expect('nope' in f.root).toBe(false);
    expect('listNodes' in f.root).toBe(true);
  });

  it('lets JavaScript probe groups (await, JSON, test frameworks)', async () => {
    const f = sample();
    const g = f.root.group;
    expect((g as unknown as { then?: unknown }).then).toBeUndefined();
    await expect(Promise.resolve(g)).resolves.toBe(g);
    expect(g).toEqual(g);
  });

  it('reaches names that are not identifiers with brackets', () => {
    const f = memFile();
    f.createArray('/', 'my data', [1]);
    expect(f.root['my data'].read().data).toEqual(Float64Array.of(1));
  });
});

describe('removing, renaming, moving, copying', () => {
  it('removes leaves and empty groups; a group with children needs recursive', () => {
    const f = sample();
    const arr = f.root.arr2d;
    f.removeNode('/arr2d');
    expect(f.has('/arr2d')).toBe(false);
    expect(() => arr.read()).toThrow(ClosedNodeError);
    expect(() => arr.name).toThrow('the node object is closed');
    expect(String(arr)).toBe('<closed Array>');
    expect(() => f.removeNode('/group')).toThrow(NodeError);
    expect(() => f.removeNode('/group')).toThrow(
      'group ``/group`` has child nodes; please set `recursive` or `force` to true to remove it',
    );
    const inner = f.root.group.array;
    f.removeNode('/', 'group', true);
    expect(inner.isOpen).toBe(false);
    expect(paths(f)).toEqual(['/']);
    expect(() => f.removeNode('/')).toThrow('the root node can not be removed');
    expect(() => f.removeNode('/nope')).toThrow(NoSuchNodeError);
  });

  it('removes with an options object and through the node', () => {
    const f = sample();
    f.removeNode('/group', { recursive: true });
    f.root.arr2d.remove();
    expect(paths(f)).toEqual(['/']);
  });

  it('renames, and node objects follow', () => {
    const f = sample();
    const g = f.root.group;
    const a = g.array;
    f.renameNode('/group', 'g2');
    expect(g.pathname).toBe('/g2');
    expect(a.pathname).toBe('/g2/array');
    expect(f.root.g2.array).toBe(a);
    expect(a.read().data).toEqual(Float64Array.of(1, 2, 3));
    a.rename('b');
    expect(a.pathname).toBe('/g2/b');
    expect(() => f.renameNode('/g2', 'arr2d')).toThrow(
      'destination group ``/`` already has a node named ``arr2d``; you may want to use the ``overwrite`` argument',
    );
    const old = f.root.arr2d;
    f.renameNode('/g2', 'arr2d', undefined, true);
    expect(old.isOpen).toBe(false);
    expect(f.root.arr2d).toBe(g);
    expect(() => f.renameNode('/', 'x')).toThrow('the root node can not be renamed');
    expect(() => f.renameNode('/arr2d', 'a/b')).toThrow(RangeError);
    f.renameNode('/arr2d', 'arr2d'); // onto itself: nothing happens
    expect(paths(f)).toEqual(['/', '/arr2d', '/arr2d/b']);
  });

  it('moves, creating parents when asked, never into itself', () => {
    const f = sample();
    const a = f.root.group.array;
    f.moveNode('/group/array', '/');
    expect(a.pathname).toBe('/array');
    f.moveNode(a, '/group', 'back');
    expect(a.pathname).toBe('/group/back');
    f.moveNode('/group', '/new/parent', undefined, undefined, false, true);
    expect(a.pathname).toBe('/new/parent/group/back');
    f.moveNode('/new', { newparent: '/', newname: 'renamed' });
    expect(a.pathname).toBe('/renamed/parent/group/back');
    expect(() => f.moveNode('/renamed', '/renamed/parent')).toThrow(
      'can not move or recursively copy node ``/renamed`` into itself',
    );
    expect(() => f.moveNode('/arr2d', '/nope')).toThrow(NoSuchNodeError);
    expect(() => f.moveNode('/', '/renamed')).toThrow('the root node can not be moved');
    a.move('/', 'top');
    expect(paths(f)).toEqual(['/', '/arr2d', '/renamed', '/top', '/renamed/parent', '/renamed/parent/group']);
  });

  it('copies leaves, groups alone (with attributes) and groups recursively', () => {
    const f = sample();
    f.root.group.attrs.u = 5;
    const c = f.copyNode('/arr2d', '/group', 'copy');
    expect(c.pathname).toBe('/group/copy');
    expect((c as H5Array).read().shape).toEqual([2, 3]);
    const d = f.copyNode('/arr2d', undefined, 'd');
    expect(d.pathname).toBe('/d');
    const alone = f.copyNode('/group', '/', 'alone');
    expect(paths(f.listNodes(alone as Group))).toEqual([]);
    expect(alone.title).toBe('Group title');
    expect(alone.attrs.get('u')).toBe(5);
    const deep = f.copyNode('/group', { newparent: '/', newname: 'deep', recursive: true });
    expect(paths(f.listNodes(deep as Group))).toEqual(['/deep/array', '/deep/copy']);
    expect(f.root.deep.array.title).toBe('Array');
    expect(() => f.copyNode('/arr2d', '/', 'd')).toThrow(NodeError);
    f.copyNode('/group/array', '/', 'd', undefined, true);
    expect(f.root.d.read().shape).toEqual([3]);
    expect(() => f.copyNode('/d', '/')).toThrow('source and destination nodes are the same node: ``/d``');
    expect(() => f.copyNode('/group', '/group', 'x', undefined, false, true)).toThrow(
      'can not move or recursively copy node ``/group`` into itself',
    );
    expect(() => f.copyNode('/group/array', '/', 'group', undefined, true)).toThrow(
      'can not overwrite node ``/group``: it holds ``/group/array``, the node being moved or copied',
    );
    expect(() => f.moveNode('/group/array', '/', 'group', undefined, true)).toThrow(NodeError);
    expect(f.root.group.array.title).toBe('Array');
    const e = f.copyNode('/d', '/a/b', 'e', undefined, false, false, true);
    expect(e.pathname).toBe('/a/b/e');
    expect(f.root.arr2d.copy('/a', 'f').pathname).toBe('/a/f');
  });
});

describe('attributes', () => {
  it('sets, gets and deletes through the File and the node', () => {
    const f = sample();
    f.setNodeAttr('/', 'description', 'In memory file example');
    expect(f.getNodeAttr('/', 'description')).toBe('In memory file example');
    f.setNodeAttr('/group', 'n', 2, 'array');
    expect(f.getNodeAttr(f.root.group.array, 'n')).toBe(2);
    expect(f.root.group.array.getAttr('n')).toBe(2);
    f.root.group.array.setAttr('m', 1n);
    expect(f.root.group.array.attrs.m).toBe(1n);
    f.delNodeAttr('/group/array', 'n');
    f.root.group.array.delAttr('m');
    expect(f.root.group.array.attrs.userKeys()).toEqual([]);
    expect(() => f.getNodeAttr('/', 'nope')).toThrow("Attribute 'nope' does not exist in node: '/'");
    expect(() => f.delNodeAttr('/', 'nope')).toThrow("Attribute ('nope') does not exist in node '/'");
  });

  it('works as an AttributeSet with natural naming', () => {
    const f = sample();
    const attrs = f.root.group.attrs;
    expect(attrs).toBeInstanceOf(AttributeSet);
    expect(attrs.node).toBe(f.root.group);
    attrs.x = 1.5;
    attrs.set('keys', 'a value named like a member');
    expect(attrs.x).toBe(1.5);
    expect(attrs.get('keys')).toBe('a value named like a member');
    expect(typeof attrs.keys).toBe('function');
    expect('x' in attrs).toBe(true);
    expect(attrs.has('x')).toBe(true);
    expect(attrs.nope).toBeUndefined();
    expect(attrs.keys()).toEqual(['CLASS', 'TITLE', 'VERSION', 'keys', 'x']);
    expect(attrs.systemKeys()).toEqual(['CLASS', 'TITLE', 'VERSION']);
    expect(attrs.userKeys()).toEqual(['keys', 'x']);
    // The set is not a Proxy (the REPL shows its repr): `delete attrs.x` cannot reach it.
    expect(delete attrs.x).toBe(true);
    expect(attrs.has('x')).toBe(true);
    expect(attrs.delete('x')).toBe(true);
    expect(attrs.has('x')).toBe(false);
    expect(attrs.delete('x')).toBe(false);
    expect(() => attrs.set('bad', { a: () => 1 } as unknown as string)).toThrow(TypeError);
    expect(() => attrs.set('bad', null as unknown as string)).toThrow(TypeError);
  });

  it('sets titles through the TITLE attribute', () => {
    const f = sample();
    f.root.group.title = 'New';
    expect(f.root.group.attrs.TITLE).toBe('New');
    f.title = 'File title';
    expect(f.root.title).toBe('File title');
    f.root.group.attrs.delete('TITLE');
    expect(f.root.group.title).toBe('');
    f.root.group.title = '';
    expect(f.root.group.attrs.TITLE).toBe('');
    expect(() => {
      f.root.group.title = 3 as unknown as string;
    }).toThrow(TypeError);
  });
});

describe('read-only files', () => {
  it('refuses every write with FileModeError', () => {
    const p = scratch.path('ro.h5');
    const w = openFile(p, 'w');
    w.createGroup('/', 'g');
    w.createArray('/', 'a', [1]);
    w.close();
    const f = scratch.track(openFile(p, 'r'));
    const errors = [
      () => f.createGroup('/', 'x'),
      () => f.createArray('/', 'x', [1]),
      () => f.setNodeAttr('/', 'x', 1),
      () => {
        f.root.attrs.x = 1;
      },
      () => f.root.attrs.delete('CLASS'),
      () => f.removeNode('/a'),
      () => f.renameNode('/a', 'b'),
      () => f.moveNode('/a', '/g'),
      () => f.copyNode('/a', '/g'),
      () => {
        f.root.a.title = 'x';
      },
    ];
    for (const write of errors) {
      expect(write).toThrow(FileModeError);
      expect(write).toThrow('the file is not writable');
    }
    expect(paths(f)).toEqual(['/', '/a', '/g']);
    expect(f.root.a.title).toBe('');
    expect(f.mode).toBe('r');
  });
});

describe('closing', () => {
  it('is idempotent and closes every node', () => {
    const f = sample();
    const g = f.root.group;
    const a = g.array;
    const attrs = a.attrs;
    expect(f.isOpen).toBe(true);
    f.close();
    f.close();
    expect(f.isOpen).toBe(false);
    expect(() => f.root).toThrow(ClosedFileError);
    expect(() => f.root).toThrow('the file object is closed');
    expect(() => f.getNode('/')).toThrow(ClosedFileError);
    expect(() => f.createGroup('/', 'x')).toThrow(ClosedFileError);
    expect(() => f.flush()).toThrow(ClosedFileError);
    expect(() => f.getFileImage()).toThrow(ClosedFileError);
    expect(() => [...f]).toThrow(ClosedFileError);
    expect(() => a.read()).toThrow(ClosedNodeError);
    expect(() => a.shape).toThrow('the node object is closed');
    expect(() => g.array).toThrow(ClosedNodeError);
    expect(() => g.pathname).toThrow(ClosedNodeError);
    expect(() => attrs.get('CLASS')).toThrow('the node for attribute set is closed');
    expect(() => attrs.x).toThrow(ClosedNodeError);
    expect(a.isOpen).toBe(false);
    expect(String(f)).toBe('<closed File>');
    expect(String(g)).toBe('<closed Group>');
    expect(String(a)).toBe('<closed Array>');
  });

  it('closes through Symbol.dispose', () => {
    const f = sample();
    const g = f.root.group;
    f[Symbol.dispose]();
    expect(f.isOpen).toBe(false);
    expect(g.isOpen).toBe(false);
  });
});
