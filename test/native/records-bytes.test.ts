// Issue 13, string columns as bytes: readRecords(..., stringsAsBytes) hands each string
// column over as one Uint8Array (itemsize bytes an element, NUL-padded whatever the stored
// padding), and appendRecords/writeRecords take that form back. Checked against the
// string[] form of the same records, against h5py's reading of each stored padding, and on
// every error path (nothing is written).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { makeTmpDir, removeDir } from '../helpers/tmp';
import { native, type NativeField, type NativeFile, type NativeRecords } from '../../lib/native';

const addon = native();
let counter = 0;

function memoryFile(): NativeFile {
  return addon.openFile({
    name: `records-bytes-${process.pid}-${counter++}.h5`,
    create: true,
    writable: true,
    driver: 'core',
    coreBackingStore: false,
  });
}

/** What the bytes form must hold for `strings`: each one's UTF-8, NUL-padded to itemsize. */
function padded(strings: string[], itemsize: number): Uint8Array {
  const out = new Uint8Array(strings.length * itemsize);
  strings.forEach((s, i) => out.set(Buffer.from(s, 'utf8'), i * itemsize));
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const FIELDS: NativeField[] = [
  { name: 'k', dtype: 'int32', shape: [] },
  { name: 's', dtype: 'string', shape: [], itemsize: 6 },
  { name: 'pair', dtype: 'string', shape: [2], itemsize: 3 },
];
const S = ['', 'a', 'sixsix', 'x\u00e9', 'e\u20ac'];
const PAIR = ['ab', 'abc', '', 'z', 'q', 'rr', 'c', '', 'abc', 'a'];
const rec = (shape: number[], columns: NativeRecords['columns'], fields = FIELDS): NativeRecords => ({
  dtype: 'compound',
  fields,
  shape,
  columns,
});

describe('records: string columns as bytes (native)', () => {
  let f: NativeFile;
  beforeAll(() => {
    f = memoryFile();
    f.createDataset('/t', rec([5], [Int32Array.of(0, 1, 2, 3, 4), S, PAIR]), undefined, {
      chunkshape: [4],
      maxshape: [null],
    });
  });
  afterAll(() => f.close());

  it('reads each string column as one Uint8Array of NUL-padded elements; numbers as before', async () => {
    const plain = f.readRecords('/t');
    const bytes = f.readRecords('/t', undefined, undefined, true);
    expect(plain.columns[1]).toEqual(S);
    expect(bytes.fields).toEqual(plain.fields);
    expect(bytes.columns[0]).toEqual(plain.columns[0]);
    expect(bytes.columns[1]).toEqual(padded(S, 6));
    expect(bytes.columns[2]).toEqual(padded(PAIR, 3));
    // The Promise form, a hyperslab with a step, a subset of fields, and NativeDataset's.
    const sel = { start: [1], count: [2], step: [2] };
    const some = await f.readRecordsAsync('/t', sel, ['pair'], true);
    expect(some.columns).toEqual([padded(['', 'z', 'c', ''], 3)]);
    const d = f.openDataset('/t');
    try {
      expect(d.readRecords(sel, ['s'], true).columns).toEqual([padded(['a', 'x\u00e9'], 6)]);
      expect(d.readRecords(sel, ['s'], false).columns).toEqual([['a', 'x\u00e9']]);
    } finally {
      d.close();
    }
  });

  it('appends and writes string columns given as bytes; they read back as the strings', () => {
    const g = memoryFile();
    try {
      g.createDataset('/t', rec([0], [new Int32Array(0), [], []]), undefined, {
        chunkshape: [4],
        maxshape: [null],
      });
      g.appendRecords('/t', rec([5], [Int32Array.of(0, 1, 2, 3, 4), padded(S, 6), padded(PAIR, 3)]));
      expect(g.readRecords('/t').columns).toEqual([Int32Array.of(0, 1, 2, 3, 4), S, PAIR]);
      // A wider given itemsize is fine when each string fits the stored one.
      const wide: NativeField[] = [{ name: 's', dtype: 'string', shape: [], itemsize: 9 }];
      g.writeRecords('/t', rec([2], [padded(['new', 'sixsi6'], 9)], wide), {
        start: [1],
        count: [2],
        step: [1],
      });
      expect(g.readRecords('/t', undefined, ['s']).columns).toEqual([
        ['', 'new', 'sixsi6', 'x\u00e9', 'e\u20ac'],
      ]);
    } finally {
      g.close();
    }
  });

  describe('errors change nothing', () => {
    const s6 = (itemsize?: number): NativeField[] => [
      { name: 's', dtype: 'string', shape: [], ...(itemsize === undefined ? {} : { itemsize }) },
    ];
    it.each([
      [
        'a byte count that is not n * itemsize',
        rec([2], [new Uint8Array(11)], s6(6)),
        /has 11 bytes, the records need 2 strings of 6/,
      ],
      ['no itemsize', rec([2], [new Uint8Array(12)], s6()), /needs the field's itemsize/],
      ['another TypedArray', rec([2], [new Int8Array(12)], s6(6)), /array of strings or a Uint8Array/],
      [
        'a string longer than stored',
        rec([1], [padded(['seven!!'], 8)], s6(8)),
        /string of 7 bytes, longer than its itemsize \(6\)/,
      ],
    ])('appendRecords: %s is ERR_INVALID_ARG', (_, value, message) => {
      const was = f.readRecords('/t');
      const call = (): unknown => f.appendRecords('/t', value);
      expect(call).toThrow(message);
      expect(codeOf(call)).toBe('ERR_INVALID_ARG');
      expect(f.readRecords('/t')).toEqual(was);
    });

    it('stringsAsBytes must be a boolean', () => {
      const call = (): unknown => f.readRecords('/t', undefined, undefined, 1 as unknown as boolean);
      expect(call).toThrow(/stringsAsBytes must be a boolean/);
      expect(codeOf(call)).toBe('ERR_INVALID_ARG');
    });
  });
});

describe.skipIf(lacks('h5py'))('records: each stored string padding as bytes (h5py)', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTmpDir();
  });
  afterAll(() => removeDir(dir));

  it('NUL-terminated, NUL-padded and space-padded members read as h5py reads them, bytes NUL-padded', () => {
    const name = `${dir}/pads.h5`;
    const py = runPython<Record<string, string[]>>('strpad.py', ['make', name]);
    const r = addon.openFile({ name, create: false, writable: false, driver: 'sec2' });
    try {
      const strings = r.readRecords('/pads');
      const bytes = r.readRecords('/pads', undefined, undefined, true);
      const members = ['term', 'null', 'space'];
      expect(strings.fields.map((x) => x.name)).toEqual(members);
      members.forEach((m, i) => {
        expect(strings.columns[i]).toEqual(py[m]);
        expect(bytes.columns[i]).toEqual(padded(py[m] as string[], 6));
      });
    } finally {
      r.close();
    }
  });
});
