// Issue 13, item 4: one native call makes a node whole. createGroup checks the name is
// free and copies the parent's inherited attributes (PyTables' FILTERS) as stored;
// createDataset checks the name too. A failing call leaves the file as it was.
import { afterEach, describe, expect, it } from 'vitest';

import { native, type NativeFile } from '../../lib/native';

const addon = native();
let opened: NativeFile[] = [];

function memory(): NativeFile {
  const file = addon.openFile({
    name: `create-batched-${opened.length}.h5`,
    create: true,
    writable: true,
    driver: 'core',
    coreBackingStore: false,
  });
  opened.push(file);
  return file;
}

afterEach(() => {
  for (const f of opened) if (f.isOpen()) f.close();
  opened = [];
});

const title = (text: string) => ({
  dtype: 'string' as const,
  shape: [] as number[],
  itemsize: text.length || 1,
  data: [text],
});

describe('createGroup in one native call', () => {
  it("copies the parent's inherited attributes with their own type and shape", () => {
    const f = memory();
    const filters = {
      dtype: 'uint64' as const,
      shape: [] as number[],
      data: new BigUint64Array([0x1020304n]),
    };
    const pair = { dtype: 'int16' as const, shape: [2], data: new Int16Array([-3, 7]) };
    f.createGroup('/p', [
      ['FILTERS', filters],
      ['PAIR', pair],
    ]);
    f.createGroup('/p/c', [['TITLE', title('child')]], ['FILTERS', 'PAIR', 'ABSENT']);
    expect(f.listAttributes('/p/c')).toEqual(['FILTERS', 'PAIR', 'TITLE']);
    const copied = f.readAttribute('/p/c', 'FILTERS');
    expect(copied.dtype).toBe('uint64');
    expect(copied.shape).toEqual([]);
    expect([...(copied.data as BigUint64Array)]).toEqual([0x1020304n]);
    const copiedPair = f.readAttribute('/p/c', 'PAIR');
    expect([copiedPair.dtype, copiedPair.shape, [...(copiedPair.data as Int16Array)]]).toEqual([
      'int16',
      [2],
      [-3, 7],
    ]);
    // Nothing named, nothing copied; an absent name is skipped.
    f.createGroup('/p/d', [], []);
    expect(f.listAttributes('/p/d')).toEqual([]);
    expect(f.hasAttribute('/p/c', 'ABSENT')).toBe(false);
  });

  it('refuses a taken name (ERR_EXISTS) and leaves the node there as it was', () => {
    const f = memory();
    f.createGroup('/g', [['TITLE', title('first')]]);
    f.createDataset('/x', { dtype: 'float64', shape: [1], data: new Float64Array([1]) });
    for (const path of ['/g', '/x']) {
      let error: (Error & { code?: unknown }) | undefined;
      try {
        f.createGroup(path, [['TITLE', title('second')]], ['FILTERS']);
      } catch (err) {
        error = err as Error & { code?: unknown };
      }
      expect(error?.code).toBe('ERR_EXISTS');
      expect(error?.message).toContain(`a node already exists at ${path}`);
    }
    expect(f.getKind('/x')).toBe('dataset');
    expect(f.listAttributes('/g')).toEqual(['TITLE']);
    expect(f.readAttribute('/g', 'TITLE').data).toEqual(['first']);
  });

  it('checks the inherited names before anything is made', () => {
    const f = memory();
    expect(() => f.createGroup('/g', [], 'FILTERS' as unknown as string[])).toThrow(
      'inherited must be an array of strings',
    );
    expect(() => f.createGroup('/g', [], ['a\0b'])).toThrow('inherited[] must not contain NUL characters');
    expect(f.getKind('/g')).toBe(null);
  });

  it('a failing attribute leaves no group behind', () => {
    const f = memory();
    expect(() =>
      f.createGroup(
        '/g',
        [
          ['TITLE', title('a')],
          ['TITLE', title('b')],
        ],
        ['FILTERS'],
      ),
    ).toThrow();
    expect(f.getKind('/g')).toBe(null);
  });

  it('has the same Promise form', async () => {
    const f = memory();
    f.createGroup('/p', [['FILTERS', { dtype: 'int64', shape: [], data: new BigInt64Array([5n]) }]]);
    await f.createGroupAsync('/p/q', [], ['FILTERS']);
    expect([...(f.readAttribute('/p/q', 'FILTERS').data as BigInt64Array)]).toEqual([5n]);
    await expect(f.createGroupAsync('/p/q', [], ['FILTERS'])).rejects.toMatchObject({ code: 'ERR_EXISTS' });
  });
});

describe('createDataset checks the name in the same call', () => {
  it('refuses a taken name (ERR_EXISTS) and keeps the node there', () => {
    const f = memory();
    f.createGroup('/g');
    expect(() =>
      f.createDataset('/g', { dtype: 'float64', shape: [1], data: new Float64Array([1]) }),
    ).toThrow(expect.objectContaining({ code: 'ERR_EXISTS' }));
    expect(f.getKind('/g')).toBe('group');
  });

  it('a failing attribute leaves no dataset behind', () => {
    const f = memory();
    f.createGroup('/g');
    // Two attributes of one name: the second cannot be created, so the node goes again.
    const one = { dtype: 'float64' as const, shape: [1], data: new Float64Array([1]) };
    expect(() =>
      f.createDataset('/g/a', one, [
        ['CLASS', title('ARRAY')],
        ['CLASS', title('ARRAY')],
      ]),
    ).toThrow();
    expect(f.getKind('/g/a')).toBe(null);
    expect(f.listChildren('/g')).toEqual([]);
  });
});
