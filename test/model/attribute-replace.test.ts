// Issue 9 item 6: replacing an attribute keeps the old value when the new one fails. The
// binding writes the new value under a spare name first, and only then deletes the old one
// and renames the new one into place. What fails here is real: a value too large for an
// old-format (version 1) object header, which PyTables' and h5tables' files use.
import { describe, expect, it } from 'vitest';

import { HDF5ExtError, openFile, type File } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { pythonJson } from './model-helpers';
import { useTmpDir } from '../helpers/tmp';

const tmp = useTmpDir('h5tables-attr-replace-');
const TOO_LARGE = 'x'.repeat(70_000); // an object header message holds at most 64 KiB

function sample(p: string): File {
  const f = tmp.track(openFile(p, 'w', { title: 'Attrs' }));
  f.createArray('/', 'data', Float64Array.of(1, 2, 3), 'Data');
  f.createGroup('/', 'grp', 'Group');
  for (const where of ['/', '/data', '/grp']) f.setNodeAttr(where, 'note', 'old value');
  return f;
}

function attempt(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('the write was expected to fail');
}

describe('replacing an attribute', () => {
  it.each(['/', '/data', '/grp'])(
    'on %s: a value that does not fit fails and the old value stays',
    (where) => {
      const p = tmp.path('attrs.h5');
      const f = sample(p);
      const keys = [...f.getNode(where).attrs.keys()];
      for (const write of [
        () => f.setNodeAttr(where, 'note', TOO_LARGE),
        () => f.getNode(where).attrs.set('note', TOO_LARGE),
      ]) {
        const err = attempt(write);
        expect(err).toBeInstanceOf(HDF5ExtError);
        expect((err as Error).message).toContain('object header message is too large');
        expect(f.getNodeAttr(where, 'note')).toBe('old value');
        // Nothing half-made is left beside it.
        expect([...f.getNode(where).attrs.keys()]).toEqual(keys);
      }
      f.close();
      const g = tmp.track(openFile(p, 'r'));
      expect(g.getNodeAttr(where, 'note')).toBe('old value');
      expect([...g.getNode(where).attrs.keys()]).toEqual(keys);
    },
  );

  it('a value that fits replaces the old one, whatever its type and shape', () => {
    const p = tmp.path('attrs.h5');
    const f = sample(p);
    const keys = [...f.getNode('/data').attrs.keys()];
    const values: unknown[] = [
      42,
      'a longer string than before',
      'short',
      2.5,
      'y'.repeat(30_000),
      'old value again',
    ];
    for (const value of values) {
      f.setNodeAttr('/data', 'note', value as string | number);
      expect(f.getNodeAttr('/data', 'note')).toBe(value);
      expect([...f.getNode('/data').attrs.keys()]).toEqual(keys);
    }
    f.setNodeAttr('/data', 'note', Int32Array.of(1, 2, 3));
    expect(Array.from(f.getNodeAttr('/data', 'note') as Int32Array)).toEqual([1, 2, 3]);
    f.setNodeAttr('/data', 'note', 'final');
    f.close();
    const g = tmp.track(openFile(p, 'r'));
    expect(g.getNodeAttr('/data', 'note')).toBe('final');
    expect([...g.getNode('/data').attrs.keys()]).toEqual(keys);
  });

  it('a new attribute that does not fit leaves nothing behind', () => {
    const f = sample(tmp.path('attrs.h5'));
    const keys = [...f.root.attrs.keys()];
    expect(attempt(() => f.setNodeAttr('/', 'huge', TOO_LARGE))).toBeInstanceOf(HDF5ExtError);
    expect([...f.root.attrs.keys()]).toEqual(keys);
    expect(f.root.attrs.has('huge')).toBe(false);
  });

  it("an attribute whose name is the spare one's is left alone", () => {
    const f = sample(tmp.path('attrs.h5'));
    f.setNodeAttr('/', 'note.~h5tables-new', 'keep me');
    f.setNodeAttr('/', 'note', 'new value');
    expect(f.getNodeAttr('/', 'note')).toBe('new value');
    expect(f.getNodeAttr('/', 'note.~h5tables-new')).toBe('keep me');
    expect(f.root.attrs.userKeys()).toEqual(['note', 'note.~h5tables-new']);
  });

  it('in an in-memory file too', () => {
    const f = tmp.track(
      openFile(tmp.path('mem.h5'), 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }),
    );
    f.setNodeAttr('/', 'note', 'old value');
    expect(attempt(() => f.setNodeAttr('/', 'note', TOO_LARGE))).toBeInstanceOf(HDF5ExtError);
    expect(f.getNodeAttr('/', 'note')).toBe('old value');
  });

  it.skipIf(lacks('h5py'))(
    'in a file with the latest format (h5py, libver latest), a large value goes to dense storage and replaces',
    () => {
      const p = tmp.path('latest.h5');
      pythonJson(
        `import h5py, json\nwith h5py.File(${JSON.stringify(p)}, 'w', libver='latest') as f:\n` +
          `    f.attrs['note'] = b'old value'\nprint(json.dumps(True))`,
      );
      const f = tmp.track(openFile(p, 'a'));
      f.setNodeAttr('/', 'note', TOO_LARGE);
      expect(f.getNodeAttr('/', 'note')).toBe(TOO_LARGE);
      expect(f.root.attrs.userKeys()).toEqual(['note']);
      f.close();
      const read = pythonJson<number>(
        `import h5py, json\nwith h5py.File(${JSON.stringify(p)}, 'r') as f:\n    print(json.dumps(len(f.attrs['note'])))`,
      );
      expect(read).toBe(TOO_LARGE.length);
    },
  );
});
