// Issue 9, item 7: any attribute name works through set/get, assigning to an
// AttributeSet member is a clear error, and every options object refuses unknown keys
// and wrong types before anything touches the disk.
import fs from 'node:fs';

import { describe, expect, it } from 'vitest';

import { AttributeSet, type OpenFileOptions, openFile } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { python, useScratch } from './model-helpers';

const scratch = useScratch();

const NAMES = [
  'set',
  'keys',
  'node',
  'get',
  'has',
  '__proto__',
  'constructor',
  'toString',
  'then',
  'a.b',
  'a b',
  'ü',
  '😀',
  '_v_x',
  'x',
];

describe('attribute names', () => {
  it('any name works through set/get/has/delete, and they are stored as given', () => {
    const p = scratch.path('n.h5');
    const f = scratch.track(openFile(p, 'w'));
    const attrs = f.root.attrs;
    NAMES.forEach((name, i) => attrs.set(name, i));
    NAMES.forEach((name, i) => {
      expect(attrs.get(name)).toBe(i);
      expect(attrs.has(name)).toBe(true);
    });
    expect(attrs.userKeys()).toEqual([...NAMES].sort()); // code point order (no name here differs in UTF-16 order)
    // The members still work after attributes named like them were written.
    expect(typeof attrs.set).toBe('function');
    expect(attrs.node).toBe(f.root);
    expect(attrs).toBeInstanceOf(AttributeSet);
    expect(Object.getOwnPropertyNames(attrs)).toEqual([]);
    expect(attrs.delete('keys')).toBe(true);
    expect(attrs.has('keys')).toBe(false);
    f.close();
    if (!lacks('pytables')) {
      const out = python(`import tables, json
f = tables.open_file(${JSON.stringify(p)})
a = f.root._v_attrs
print(json.dumps({n: int(a[n]) for n in a._v_attrnamesuser}))`);
      const expected = Object.fromEntries(NAMES.map((n, i) => [n, i]).filter(([n]) => n !== 'keys'));
      expect(JSON.parse(out)).toEqual(expected);
    }
  });

  it('property access reaches every name that is not a member, both ways', () => {
    const f = scratch.track(openFile(scratch.path('p.h5'), 'w'));
    const attrs = f.root.attrs;
    attrs['a.b'] = 1;
    attrs['ü'] = 'u';
    attrs.then = 2; // not a member: a plain attribute (awaiting attrs is then not special)
    expect(attrs.get('a.b')).toBe(1);
    expect(attrs['ü']).toBe('u');
    expect(attrs.then).toBe(2);
    expect('a.b' in attrs).toBe(true);
    attrs.delete('a.b');
    expect(attrs.has('a.b')).toBe(false);
    expect(attrs.missing).toBeUndefined();
  });

  it('assigning to a member is a TypeError that says to use attrs.set, and changes nothing', () => {
    const f = scratch.track(openFile(scratch.path('m.h5'), 'w'));
    const attrs = f.root.attrs as unknown as Record<string, unknown>;
    const before = f.root.attrs.keys();
    for (const name of ['set', 'keys', 'node', 'get', 'constructor', '__proto__', 'toString', '_node']) {
      expect(() => {
        attrs[name] = 3;
      }).toThrow(
        new TypeError(
          `\`${name}\` is a member of AttributeSet and cannot be assigned; to write an attribute of that name use attrs.set(${JSON.stringify(name)}, value)`,
        ),
      );
    }
    // Not extensible: a property defined on it could never be an attribute.
    expect(() => Object.defineProperty(attrs, 'x', { value: 1 })).toThrow(TypeError);
    expect(Object.hasOwn(attrs, 'x')).toBe(false);
    expect(f.root.attrs.keys()).toEqual(before);
    expect(typeof f.root.attrs.set).toBe('function');
    expect(typeof f.root.attrs.keys).toBe('function');
    expect(f.root.attrs.node).toBe(f.root);
    expect(f.root.attrs).toBeInstanceOf(AttributeSet);
  });

  it("'' and NUL: never present, and refused as new names with RangeError", () => {
    const f = scratch.track(openFile(scratch.path('e.h5'), 'w'));
    const attrs = f.root.attrs;
    expect('' in attrs).toBe(false);
    expect(attrs.has('')).toBe(false);
    expect(attrs.get('')).toBeUndefined();
    expect(attrs.delete('')).toBe(false);
    expect(() => attrs.set('', 1)).toThrow(
      new RangeError('the empty string is not allowed as an attribute name'),
    );
    expect(() => attrs.set('a\0b', 1)).toThrow(RangeError);
    expect(() => attrs.set(3 as unknown as string, 1)).toThrow(TypeError);
    expect(attrs.userKeys()).toEqual([]);
  });
});

describe('options objects', () => {
  const ACCEPTED =
    'title, driver, driverCoreBackingStore, driverCoreImage, driverCoreIncrement, driverCoreImageNoCopy, maxReadBytes, allowExternalFiles, int64, filters, source, sourceCache, sourceTimeout';

  it("openFile refuses an unknown key before touching the disk (the issue's backingStore typo)", async () => {
    const p = scratch.path('x.h5');
    const bad = { driver: 'H5FD_CORE', backingStore: false } as unknown as OpenFileOptions;
    const message = `openFile: unknown option 'backingStore'; accepted options: ${ACCEPTED}`;
    for (const mode of ['w', 'a', 'r+', 'r'] as const) {
      expect(() => openFile(p, mode, bad)).toThrow(new TypeError(message));
    }
    const { openFileAsync } = await import('../../lib/index');
    await expect(openFileAsync(p, 'w', bad)).rejects.toThrow(new TypeError(message));
    expect(fs.existsSync(p)).toBe(false);
    expect(scratch.list()).toEqual([]);
  });

  it('openFile refuses values of the wrong type, naming the option', () => {
    const p = scratch.path('x.h5');
    expect(() => openFile(p, 'w', { driverCoreBackingStore: 'no' } as unknown as OpenFileOptions)).toThrow(
      new TypeError("openFile: option 'driverCoreBackingStore' must be a boolean, not string"),
    );
    expect(() => openFile(p, 'w', { title: null } as unknown as OpenFileOptions)).toThrow(
      new TypeError("openFile: option 'title' must be a string, not null"),
    );
    expect(() => openFile(p, 'w', [] as unknown as OpenFileOptions)).toThrow(TypeError);
    expect(() => openFile(p, 'w', 'H5FD_CORE' as unknown as OpenFileOptions)).toThrow(TypeError);
    // undefined means "not given", as with any JavaScript options object.
    const f = openFile(p, 'w', { title: undefined, driver: undefined });
    f.close();
    expect(scratch.list()).toEqual(['x.h5']);
  });

  it('driverCoreImageNoCopy needs an image', () => {
    const p = scratch.path('x.h5');
    expect(() => openFile(p, 'r', { driver: 'H5FD_CORE', driverCoreImageNoCopy: true })).toThrow(
      new TypeError('driverCoreImageNoCopy needs a driverCoreImage to read in place'),
    );
    expect(scratch.list()).toEqual([]);
  });

  it('createGroup, createArray, removeNode, moveNode and copyNode refuse unknown keys and wrong types', () => {
    const f = scratch.track(openFile(scratch.path('t.h5'), 'w'));
    f.createGroup('/', 'g');
    f.createArray('/', 'a', [1, 2]);
    const opts = (o: object): never => o as never;
    expect(() => f.createGroup('/', 'h', opts({ title: 'T', createparents: true }))).toThrow(
      new TypeError("createGroup: unknown option 'createparents'; accepted options: title, createParents"),
    );
    expect(() => f.createArray('/', 'b', [1], opts({ titel: 'T' }))).toThrow(
      new TypeError("createArray: unknown option 'titel'; accepted options: title, createParents"),
    );
    expect(() => f.createGroup('/', 'h', opts({ createParents: 1 }))).toThrow(
      new TypeError("createGroup: option 'createParents' must be a boolean, not number"),
    );
    expect(() => f.removeNode('/g', opts({ recurse: true }))).toThrow(
      new TypeError("removeNode: unknown option 'recurse'; accepted options: name, recursive"),
    );
    expect(() => f.moveNode('/a', opts({ newparent: '/g', recursive: true }))).toThrow(
      new TypeError(
        "moveNode: unknown option 'recursive'; accepted options: newparent, newname, name, overwrite, createParents",
      ),
    );
    expect(() => f.copyNode('/a', opts({ newparent: 7 }))).toThrow(TypeError);
    expect(() => f.copyNode('/a', opts({ newparent: '/g', newName: 'c' }))).toThrow(
      /unknown option 'newName'/,
    );
    expect(f.listNodes('/').map((n) => n.pathname)).toEqual(['/a', '/g']);
    expect(f.listNodes('/g')).toEqual([]);
    // The accepted forms still work.
    f.copyNode('/a', { newparent: '/g', newname: 'c', recursive: false });
    f.moveNode('/g/c', { newparent: f.root, newname: 'd' });
    f.removeNode('/g', { recursive: true });
    expect(f.listNodes('/').map((n) => n.pathname)).toEqual(['/a', '/d']);
  });
});
