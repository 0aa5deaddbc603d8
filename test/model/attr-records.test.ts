// Compound attributes written (issue 12 item 6): a plain record (or an array of them) is a
// numpy structured attribute, typed from its values as numpy types Python values; a record
// read back writes back as the same type; bad values are TypeErrors naming the field and
// write nothing. PyTables and h5py read what we write, and we read theirs.
import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import {
  ClosedNodeError,
  FileModeError,
  openFile,
  type AttributeRecord,
  type AttributeValue,
  type File,
} from '../../lib/index';
import type { NativeField, NativeRecords } from '../../lib/native';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useScratch } from './model-helpers';

const scratch = useScratch();
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

function fresh(name = 'rec.h5'): File {
  return scratch.track(openFile(scratch.path(name), 'w'));
}

/** The stored fields as the binding reports them, without offsets (dtype, shape, itemsize). */
function storedFields(f: File, path: string, name: string): unknown {
  const strip = (fields: NativeField[]): unknown =>
    fields.map((x) => ({
      name: x.name,
      dtype: x.dtype,
      shape: x.shape,
      ...(x.dtype === 'string' ? { itemsize: x.itemsize } : {}),
      ...(x.fields ? { fields: strip(x.fields) } : {}),
    }));
  const rec = f._nat().readAttributeRecords(path, name);
  return { shape: rec.shape, fields: strip(rec.fields) };
}

const RECORD = {
  a: 1.5,
  b: 2n ** 40n,
  ok: true,
  s: 'héllo',
  z: { re: 1, im: -2 },
  v: Int32Array.of(1, 2, 3),
  n: { x: 7, y: 'ab' },
};

describe('writing a record object', () => {
  it('makes a scalar compound attribute typed as numpy types the values, and reads back equal', () => {
    const f = fresh();
    f.root.attrs.rec = RECORD;
    expect(f.root.attrs.rec).toEqual(RECORD);
    expect(storedFields(f, '/', 'rec')).toEqual({
      shape: [],
      fields: [
        { name: 'a', dtype: 'float64', shape: [] },
        { name: 'b', dtype: 'int64', shape: [] },
        { name: 'ok', dtype: 'bool', shape: [] },
        { name: 's', dtype: 'string', shape: [], itemsize: 6 },
        { name: 'z', dtype: 'complex128', shape: [] },
        { name: 'v', dtype: 'int32', shape: [3] },
        {
          name: 'n',
          dtype: 'compound',
          shape: [],
          fields: [
            { name: 'x', dtype: 'float64', shape: [] },
            { name: 'y', dtype: 'string', shape: [], itemsize: 2 },
          ],
        },
      ],
    });
    expect(inspect(f.root.attrs)).toContain(
      "rec := (1.5, 1099511627776, True, b'h\\xc3\\xa9llo', (1-2j), array([1, 2, 3]), (7.0, b'ab'))",
    );
  });

  it('an array of records is a 1-d compound attribute; strings take the longest', () => {
    const f = fresh();
    const rows = [
      { id: 1n, name: 'x', tags: ['a', 'bcd'] },
      { id: 2n, name: 'longer', tags: ['ef', 'g'] },
    ];
    f.root.attrs.set('rows', rows);
    expect(f.root.attrs.rows).toEqual(rows);
    expect(storedFields(f, '/', 'rows')).toEqual({
      shape: [2],
      fields: [
        { name: 'id', dtype: 'int64', shape: [] },
        { name: 'name', dtype: 'string', shape: [], itemsize: 6 },
        { name: 'tags', dtype: 'string', shape: [2], itemsize: 3 },
      ],
    });
  });

  it('through setNodeAttr and on a dataset, replacing an attribute of another type', () => {
    const f = fresh();
    f.createArray('/', 'arr', Float64Array.of(1, 2));
    f.setNodeAttr('/arr', 'note', 'a string first');
    f.setNodeAttr('/arr', 'note', { k: 1, w: false });
    expect(f.getNodeAttr('/arr', 'note')).toEqual({ k: 1, w: false });
    f.getNode('/arr').attrs.note = 3;
    expect(f.getNode('/arr').attrs.note).toBe(3);
  });

  it('a record read back writes back as the same stored types, and a changed value keeps them', () => {
    const f = fresh();
    const typed: NativeRecords = {
      dtype: 'compound',
      fields: [
        { name: 'i', dtype: 'int32', shape: [] },
        { name: 'f', dtype: 'float32', shape: [] },
        { name: 'u', dtype: 'uint8', shape: [2, 2] },
        { name: 's', dtype: 'string', shape: [], itemsize: 8 },
        { name: 'c', dtype: 'complex64', shape: [] },
        { name: 'in', dtype: 'compound', shape: [], fields: [{ name: 'q', dtype: 'int16', shape: [] }] },
      ],
      shape: [],
      columns: [
        Int32Array.of(-5),
        Float32Array.of(0.5),
        Uint8Array.of(1, 2, 3, 4),
        ['abc'],
        Float32Array.of(1, 2),
        Int16Array.of(9),
      ],
    };
    f._nat().writeAttributeRecords('/', 'typed', typed);
    const before = storedFields(f, '/', 'typed');
    const rec = f.root.attrs.typed as AttributeRecord;
    expect(rec).toEqual({
      i: -5,
      f: 0.5,
      u: Uint8Array.of(1, 2, 3, 4),
      s: 'abc',
      c: { re: 1, im: 2 },
      in: { q: 9 },
    });
    f.root.attrs.copy = rec;
    expect(storedFields(f, '/', 'copy')).toEqual(before);
    rec.i = 123;
    f.root.attrs.copy = rec;
    expect(f.root.attrs.copy).toEqual({ ...rec, i: 123 });
    expect(storedFields(f, '/', 'copy')).toEqual(before);
    // A value that does not fit the stored type is refused, and the attribute is kept.
    rec.i = 2 ** 40;
    expect(() => (f.root.attrs.copy = rec)).toThrow(RangeError);
    expect(() => (f.root.attrs.copy = rec)).toThrow("record 0: field 'i': 1099511627776 does not fit int32");
    expect((f.root.attrs.copy as AttributeRecord).i).toBe(123);
  });

  it('every record of an array must have the same fields and types: a TypeError naming them, nothing written', () => {
    const f = fresh();
    f.root.attrs.keep = { a: 1 };
    const bad: Array<[unknown, RegExp | string]> = [
      [[{ a: 1 }, { b: 2 }], 'record 1 has the fields b, not a: every record must have the same fields'],
      [[{ a: 1 }, { a: 'x' }], "record 1: field 'a' must be a number, not string"],
      [{ a: Symbol('s') }, /field 'a' cannot be written in a compound attribute: symbol is not/],
      [{ a: null }, /field 'a' cannot be written in a compound attribute: null is not/],
      [{ n: { m: () => 1 } }, /field 'n\/m' cannot be written/],
      [{ e: {} }, "field 'e' is an empty object: a nested record needs fields"],
      [{ t: new Float32Array(0) }, "field 't' is an empty Float32Array: a shaped field needs values"],
      [
        [{ v: Int8Array.of(1) }, { v: Int8Array.of(1, 2) }],
        "record 1: field 'v' holds 1 values (shape [1]), not 2",
      ],
      [[{ n: { x: 1 } }, { n: 5 }], "record 1: field 'n' must be a nested record, not number"],
    ];
    for (const [value, message] of bad) {
      expect(() => f.root.attrs.set('keep', value as AttributeValue)).toThrow(TypeError);
      expect(() => f.root.attrs.set('keep', value as AttributeValue)).toThrow(message);
      expect(() => f.setNodeAttr('/', 'other', value as AttributeValue)).toThrow(message);
    }
    expect(f.root.attrs.keep).toEqual({ a: 1 });
    expect(f.root.attrs.has('other')).toBe(false);
  });

  it('a complex { re, im } and an N-d { data, shape } stay what they were, not records', () => {
    const f = fresh();
    f.root.attrs.c = { re: 1, im: 2 };
    expect(f._nat().readAttribute('/', 'c').dtype).toBe('complex128');
    f.root.attrs.nd = { data: Float64Array.of(1, 2, 3, 4), shape: [2, 2] };
    // Half a complex is still a complex, refused as one.
    expect(() => f.root.attrs.set('half', { re: 1 } as never)).toThrow(/an attribute value must be/);
    expect(f.root.attrs.has('half')).toBe(false);
    expect(f._nat().readAttribute('/', 'nd').shape).toEqual([2, 2]);
  });

  it('a closed node or file and a read-only file are refused, and nothing changes', () => {
    const p = scratch.path('ro.h5');
    const f = openFile(p, 'w');
    f.root.attrs.r = { a: 1 };
    const attrs = f.root.attrs;
    f.close();
    expect(() => (attrs.r = { a: 2 })).toThrow(ClosedNodeError);
    const g = scratch.track(openFile(p, 'r'));
    expect(() => (g.root.attrs.r = { a: 2 })).toThrow(FileModeError);
    expect(() => g.setNodeAttr('/', 'r', [{ a: 2 }])).toThrow(FileModeError);
    expect(g.root.attrs.r).toEqual({ a: 1 });
  });

  it('works in a CORE file and survives its image', async () => {
    const f = openFile('mem.h5', 'w', MEM);
    f.root.attrs.rec = RECORD;
    f.createGroup('/', 'g').attrs.many = [{ x: 1 }, { x: 2 }];
    const image = f.getFileImage();
    f.close();
    const g = openFile('img.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image });
    expect(g.root.attrs.rec).toEqual(RECORD);
    expect(g.getNodeAttr('/g', 'many')).toEqual([{ x: 1 }, { x: 2 }]);
    g.close();
    // And the binding's Promise form writes the same.
    const h = openFile('mem2.h5', 'w', MEM);
    const records: NativeRecords = {
      dtype: 'compound',
      fields: [{ name: 'x', dtype: 'int16', shape: [] }],
      shape: [2],
      columns: [Int16Array.of(3, 4)],
    };
    await h._nat().writeAttributeRecordsAsync('/', 'r', records);
    expect(h.root.attrs.r).toEqual([{ x: 3 }, { x: 4 }]);
    h.close();
  });

  it('the binding refuses bad records (a string too long, a wrong column) and keeps the old attribute', () => {
    const f = fresh();
    f.root.attrs.r = { s: 'old' };
    const nat = f._nat();
    const tooLong: NativeRecords = {
      dtype: 'compound',
      fields: [{ name: 's', dtype: 'string', shape: [], itemsize: 2 }],
      shape: [],
      columns: [['abc']],
    };
    expect(() => nat.writeAttributeRecords('/', 'r', tooLong)).toThrow(
      "field 's' holds a string of 3 bytes, longer than its itemsize (2)",
    );
    const wrongColumn = {
      dtype: 'compound',
      fields: [{ name: 'x', dtype: 'int32', shape: [] }],
      shape: [],
      columns: [Float64Array.of(1)],
    } as NativeRecords;
    expect(() => nat.writeAttributeRecords('/', 'r', wrongColumn)).toThrow(TypeError);
    expect(f.root.attrs.r).toEqual({ s: 'old' });
    expect(f.root.attrs.keys()).toEqual(['CLASS', 'PYTABLES_FORMAT_VERSION', 'TITLE', 'VERSION', 'r']);
  });

  it('copying a group alone copies its compound attributes', () => {
    const f = fresh();
    const g = f.createGroup('/', 'g');
    g.attrs.rec = RECORD;
    g.attrs.rows = [
      { a: 1, s: 'x' },
      { a: 2, s: 'yz' },
    ];
    f.copyNode('/g', '/', 'g2');
    expect(f.getNodeAttr('/g2', 'rec')).toEqual(RECORD);
    expect(f.getNodeAttr('/g2', 'rows')).toEqual([
      { a: 1, s: 'x' },
      { a: 2, s: 'yz' },
    ]);
    expect(storedFields(f, '/g2', 'rows')).toEqual(storedFields(f, '/g', 'rows'));
  });
});

interface PyAttrRead {
  type: string;
  descr: unknown[];
  shape: number[];
  value: unknown;
}
type PyRead = Record<'pytables' | 'h5py', Record<string, PyAttrRead>>;

describe.skipIf(lacks('pytables', 'h5py'))('compound attributes against PyTables and h5py', () => {
  it('PyTables and h5py read what we write: the numpy dtype and the values', () => {
    const p = scratch.path('ours.h5');
    const f = openFile(p, 'w');
    f.root.attrs.rec = RECORD;
    f.root.attrs.rows = [
      { id: 1n, name: 'x' },
      { id: -2n, name: 'longer' },
    ];
    f.close();
    const got = runPython<PyRead>('attr_records.py', ['read', p, '/', 'rec', 'rows']);
    const rec = got.pytables.rec as PyAttrRead;
    expect(rec.type).toBe('void');
    expect(rec.descr).toEqual([
      ['a', '<f8'],
      ['b', '<i8'],
      ['ok', '|b1'],
      ['s', '|S6'],
      ['z', '<c16'],
      ['v', '<i4', [3]],
      [
        'n',
        [
          ['x', '<f8'],
          ['y', '|S2'],
        ],
      ],
    ]);
    const value = {
      a: 1.5,
      b: { int: '1099511627776' },
      ok: true,
      s: { bytes: 'héllo' },
      z: { re: 1, im: -2 },
      v: [1, 2, 3],
      n: { x: 7, y: { bytes: 'ab' } },
    };
    expect(rec.value).toEqual(value);
    const rows = got.pytables.rows as PyAttrRead;
    expect([rows.type, rows.shape, rows.descr]).toEqual([
      'ndarray',
      [2],
      [
        ['id', '<i8'],
        ['name', '|S6'],
      ],
    ]);
    expect(rows.value).toEqual([
      { id: { int: '1' }, name: { bytes: 'x' } },
      { id: { int: '-2' }, name: { bytes: 'longer' } },
    ]);
    // h5py reads the same values; PyTables' bool (an 8-bit bitfield) is a uint8 to it.
    const h5 = got.h5py.rec as PyAttrRead;
    expect(h5.type).toBe('void');
    expect(h5.value).toEqual({ ...value, ok: { int: '1' } });
    expect((h5.descr as unknown[])[2]).toEqual(['ok', '|u1']);
    expect(got.h5py.rows?.value).toEqual(rows.value);
  });

  it("we read PyTables' and h5py's structured attributes, and write them back as the same dtype", () => {
    const p = scratch.path('theirs.h5');
    runPython('attr_records.py', ['write', p]);
    const f = openFile(p, 'a');
    const first = {
      x: 1,
      y: 2.5,
      name: 'ab',
      ok: true,
      z: { re: 1, im: -2 },
      v: Uint16Array.of(1, 2, 3),
      inner: { a: 7n, b: 0.5 },
    };
    const second = {
      x: -4,
      y: 0.25,
      name: 'hello',
      ok: false,
      z: { re: 0, im: 3 },
      v: Uint16Array.of(4, 5, 6),
      inner: { a: -8n, b: 1.5 },
    };
    expect(f.root.attrs.pt_one).toEqual(first);
    expect(f.root.attrs.pt_many).toEqual([first, second]);
    expect(f.root.attrs.h5_one).toEqual(second);
    expect(f.root.attrs.h5_many).toEqual([first, second]);
    f.root.attrs.pt_one_back = f.root.attrs.pt_one;
    f.root.attrs.pt_many_back = f.root.attrs.pt_many;
    f.close();
    const got = runPython<PyRead>('attr_records.py', [
      'read',
      p,
      '/',
      'pt_one',
      'pt_one_back',
      'pt_many',
      'pt_many_back',
    ]);
    expect(got.pytables.pt_one_back).toEqual(got.pytables.pt_one);
    expect(got.pytables.pt_many_back).toEqual(got.pytables.pt_many);
    expect(got.h5py.pt_many_back).toEqual(got.h5py.pt_many);
  });
});
