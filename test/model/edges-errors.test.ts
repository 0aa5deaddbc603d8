// Friendly edges, errors: every error class has a Node-style `code`, and messages name the
// file, node or option involved (where PyTables says "group ``/`` does not have a child
// named ``/a/b``", h5tables names the group that lacks the child).
import { describe, expect, it } from 'vitest';

import {
  ClosedFileError,
  ClosedNodeError,
  FileModeError,
  HDF5ExtError,
  NodeError,
  NoSuchNodeError,
  openFile,
  openFileAsync,
} from '../../lib/index';
import { useScratch } from './model-helpers';

const scratch = useScratch();

function caught(fn: () => unknown): Error & { code?: unknown } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: unknown };
  }
  throw new Error('did not throw');
}

describe('error codes', () => {
  it('each class carries its code', () => {
    const f = scratch.track(openFile(scratch.path('codes.h5'), 'w'));
    const g = f.createGroup('/', 'g');
    f.createArray(g, 'a', [1]);
    const node = caught(() => f.createGroup('/', 'g'));
    expect(node).toBeInstanceOf(NodeError);
    expect(node.code).toBe('ERR_H5_NODE');
    const missing = caught(() => f.getNode('/nope'));
    expect(missing).toBeInstanceOf(NoSuchNodeError);
    expect(missing).toBeInstanceOf(NodeError);
    expect(missing.code).toBe('ERR_H5_NO_SUCH_NODE');
    const noAttr = caught(() => f.getNodeAttr('/g', 'nope'));
    expect(noAttr.code).toBe('ERR_H5_NO_SUCH_ATTRIBUTE');
    expect(noAttr.message).toBe("Attribute 'nope' does not exist in node: '/g'");
    expect(caught(() => f.delNodeAttr('/g', 'nope')).code).toBe('ERR_H5_NO_SUCH_ATTRIBUTE');
    f.close();
    const closed = caught(() => f.root);
    expect(closed).toBeInstanceOf(ClosedFileError);
    expect(closed.code).toBe('ERR_H5_CLOSED_FILE');
    const closedNode = caught(() => g.name);
    expect(closedNode).toBeInstanceOf(ClosedNodeError);
    expect(closedNode.code).toBe('ERR_H5_CLOSED_NODE');
  });

  it('FileModeError and HDF5ExtError', () => {
    const name = scratch.path('ro.h5');
    openFile(name, 'w').close();
    const f = scratch.track(openFile(name, 'r'));
    const mode = caught(() => f.createGroup('/', 'x'));
    expect(mode).toBeInstanceOf(FileModeError);
    expect(mode.code).toBe('ERR_H5_FILE_MODE');
    const ext = caught(() =>
      openFile(scratch.path('garbage.h5'), 'r', {
        driver: 'H5FD_CORE',
        driverCoreImage: Buffer.alloc(64, 7),
      }),
    );
    expect(ext).toBeInstanceOf(HDF5ExtError);
    expect(ext.code).toBe('ERR_HDF5');
    expect((ext as HDF5ExtError).hdf5Stack.length).toBeGreaterThan(0);
  });
});

describe('messages name what is involved', () => {
  it('FileModeError names the file and its mode', () => {
    const name = scratch.path('mode.h5');
    openFile(name, 'w').close();
    const f = scratch.track(openFile(name, 'r'));
    expect(() => f.createArray('/', 'x', [1])).toThrow(
      `the file is not writable: ${JSON.stringify(name)} was opened in mode 'r'`,
    );
    expect(() => f.root.attrs.set('x', 1)).toThrow(`${JSON.stringify(name)} was opened in mode 'r'`);
  });

  it('a missing parent names the deepest group and the child it lacks', () => {
    const f = scratch.track(openFile('m.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }));
    f.createGroup('/', 'a');
    f.createArray('/a', 'arr', [1]);
    expect(() => f.createArray('/a/b', 'x', [1])).toThrow('group ``/a`` does not have a child named ``b``');
    expect(() => f.createGroup('/x/y', 'z')).toThrow('group ``/`` does not have a child named ``x``');
    expect(() => f.getNode('/a/b/c')).toThrow('group ``/a`` does not have a child named ``b``');
    expect(() => f.getNode('/a', 'nope')).toThrow('group ``/a`` does not have a child named ``nope``');
    expect(() => f.getNode('/a/arr/c')).toThrow(
      'node ``/a/arr`` is not a group, so ``/a/arr/c`` does not exist',
    );
    expect(() => f.moveNode('/a/arr', '/q/r')).toThrow('group ``/`` does not have a child named ``q``');
  });

  it('closed files and nodes say which, and why', async () => {
    const name = scratch.path('closed.h5');
    const f = await openFileAsync(name, 'w');
    const arr = f.createArray('/', 'arr', [1, 2]);
    const gone = f.createArray('/', 'gone', [1]);
    const attrs = arr.attrs;
    gone.remove();
    expect(() => gone.name).toThrow('the node object is closed: ``/gone`` (it was removed)');
    await f.closeAsync();
    expect(() => f.root).toThrow(`the file object is closed (${JSON.stringify(name)})`);
    expect(() => arr.shape).toThrow(
      `the node object is closed: \`\`/arr\`\` (its file ${JSON.stringify(name)} is closed)`,
    );
    expect(() => attrs.get('CLASS')).toThrow('the node for attribute set is closed: ``/arr``');
    // After closeAsync(): nodes reject with ClosedNodeError, the file with ClosedFileError.
    await expect(arr.readAsync()).rejects.toBeInstanceOf(ClosedNodeError);
    await expect(f.flushAsync()).rejects.toBeInstanceOf(ClosedFileError);
    await expect(f.getFileImageAsync()).rejects.toMatchObject({ code: 'ERR_H5_CLOSED_FILE' });
  });
});

describe('AttributeSet iteration and asyncDispose', () => {
  it('iterates [name, value] entries sorted by name', () => {
    const f = scratch.track(openFile('it.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }));
    const g = f.createGroup('/', 'g', 'T');
    g.attrs.b = 2;
    g.attrs.a = 'x';
    const seen: [string, unknown][] = [];
    for (const [name, value] of g.attrs) seen.push([name, value]);
    expect(seen).toEqual([
      ['CLASS', 'GROUP'],
      ['TITLE', 'T'],
      ['VERSION', '1.0'],
      ['a', 'x'],
      ['b', 2],
    ]);
    expect([...g.attrs]).toEqual(g.attrs.entries());
    expect(new Map(g.attrs).get('b')).toBe(2);
  });

  it('await using closes the file with closeAsync', async () => {
    const name = scratch.path('dispose.h5');
    let kept: { isOpen: boolean } | undefined;
    {
      await using f = await openFileAsync(name, 'w');
      f.createArray('/', 'x', [1, 2, 3]);
      kept = f;
      expect(f.isOpen).toBe(true);
    }
    expect(kept.isOpen).toBe(false);
    const g = scratch.track(openFile(name, 'r'));
    expect(Array.from(g.root.x.read().data as Float64Array)).toEqual([1, 2, 3]);
  });
});

describe('where', () => {
  it('a node of another file names both files; a wrong type names the type', () => {
    const a = scratch.track(openFile('one.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }));
    const b = scratch.track(openFile('two.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }));
    const g = a.createGroup('/', 'g');
    const err = caught(() => b.createGroup(g, 'x'));
    expect(err).toBeInstanceOf(NodeError);
    expect(err.message).toBe('the node ``/g`` belongs to another file ("one.h5"), not "two.h5"');
    expect(() => b.getNode(42 as never)).toThrow('where must be a path string or a node, not number');
    expect(() => b.getNode(null as never)).toThrow('where must be a path string or a node, not null');
  });
});
