// Issue 12, native records: compound datasets as columns. createDataset of NativeRecords
// (every field kind, nested, shaped, a fill record), readRecords (all fields or a subset,
// hyperslabs with a step, both forms, on NativeFile and NativeDataset), writeRecords (a
// subset of fields keeps the others), appendRecords, and every error path (nothing
// changed: read back to prove it). Interop: PyTables and h5py read what we write (values
// and the stored layout PyTables makes for the same description), and we read the tables
// and compound datasets they write (values, field order and offsets, padding, h5py's bool
// enum, a member type the binding does not read).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lacks } from '../helpers/interop';
import { h5dump, runPython } from '../helpers/python';
import { makeTmpDir, removeDir } from '../helpers/tmp';
import {
  native,
  type NativeField,
  type NativeFile,
  type NativeRecords,
  type NativeTypedArray,
} from '../../lib/native';

const addon = native();
let counter = 0;

function memoryFile(): NativeFile {
  return addon.openFile({
    name: `records-${process.pid}-${counter++}.h5`,
    create: true,
    writable: true,
    driver: 'core',
    coreBackingStore: false,
  });
}

type Column = NativeTypedArray | string[];
type Item = boolean | number | string;

const leaf = (
  name: string,
  dtype: NativeField['dtype'],
  shape: number[] = [],
  itemsize?: number,
): NativeField => (itemsize === undefined ? { name, dtype, shape } : { name, dtype, shape, itemsize });

/** Every field kind: the numbers, bool, a string, shaped fields and a nested compound. */
const FIELDS: NativeField[] = [
  leaf('b', 'bool'),
  leaf('i8', 'int8'),
  leaf('u8', 'uint8'),
  leaf('i16', 'int16'),
  leaf('u16', 'uint16'),
  leaf('i32', 'int32'),
  leaf('u32', 'uint32'),
  leaf('i64', 'int64'),
  leaf('u64', 'uint64'),
  leaf('f32', 'float32'),
  leaf('f64', 'float64'),
  leaf('s', 'string', [], 6),
  leaf('a', 'float64', [2, 3]),
  leaf('sa', 'string', [2], 3),
  { name: 'pos', dtype: 'compound', shape: [], fields: [leaf('x', 'float32'), leaf('y', 'int16')] },
];

/** n records of FIELDS, record i's values derived from i (as test/python/records.py's /pt). */
function columnsOf(n: number, from = 0): Column[] {
  const ids = Array.from({ length: n }, (_, k) => k + from);
  return [
    Uint8Array.from(ids, (i) => i % 2),
    Int8Array.from(ids, (i) => -i),
    Uint8Array.from(ids, (i) => 250 + i),
    Int16Array.from(ids, (i) => -1000 * i),
    Uint16Array.from(ids, (i) => 60000 + i),
    Int32Array.from(ids, (i) => -100000 * i),
    Uint32Array.from(ids, (i) => 4000000000 + i),
    BigInt64Array.from(ids, (i) => -(2n ** 62n) + BigInt(i)),
    BigUint64Array.from(ids, (i) => 2n ** 63n + BigInt(i)),
    Float32Array.from(ids, (i) => i / 4),
    Float64Array.from(ids, (i) => i * 1.25 - 3),
    ids.map((i) => (i === 3 ? 'sixsix' : `r${i}`)),
    Float64Array.from(
      ids.flatMap((i) => [0, 1, 2, 3, 4, 5].map((k) => k + 10 * i)),
      (v) => v,
    ),
    ids.flatMap((i) => [`x${i}`, 'abc']),
    Float32Array.from(ids, (i) => i + 0.5),
    Int16Array.from(ids, (i) => 100 - i),
  ];
}

const records = (fields: NativeField[], shape: number[], columns: Column[]): NativeRecords => ({
  dtype: 'compound',
  fields,
  shape,
  columns,
});

/** The leaf paths of fields, depth-first ('pos/x'). */
function leafPaths(fields: NativeField[], prefix = ''): string[] {
  return fields.flatMap((f) =>
    f.fields ? leafPaths(f.fields, `${prefix}${f.name}/`) : [`${prefix}${f.name}`],
  );
}

/** Columns as plain values keyed by leaf path, as test/python/records.py prints them. */
function byPath(value: NativeRecords): Record<string, Item[]> {
  const paths = leafPaths(value.fields);
  const out: Record<string, Item[]> = {};
  const bools = new Set(
    leafPaths(value.fields).filter((_, i) => {
      const flat: NativeField[] = [];
      const walk = (fs: NativeField[]): void => fs.forEach((f) => (f.fields ? walk(f.fields) : flat.push(f)));
      walk(value.fields);
      return flat[i].dtype === 'bool';
    }),
  );
  paths.forEach((p, i) => {
    const column = value.columns[i];
    out[p] = Array.from(column as ArrayLike<number | bigint | string>, (v) =>
      typeof v === 'bigint' ? String(v) : bools.has(p) ? v === 1 : v,
    );
  });
  return out;
}

/** Stored layout (name, offset, shape, nested fields) as both sides describe it. */
interface Layout {
  name: string;
  offset: number;
  shape: number[];
  itemsize: number;
  fields?: Layout[];
}
const layoutOf = (fields: NativeField[]): Layout[] =>
  fields.map((f) => ({
    name: f.name,
    offset: f.offset ?? -1,
    shape: f.shape,
    itemsize: f.itemsize ?? -1,
    ...(f.fields ? { fields: layoutOf(f.fields) } : {}),
  }));
interface PyField extends Layout {
  format?: string;
  fields?: PyField[];
}
const pyLayout = (fields: PyField[]): Layout[] =>
  fields.map((f) => ({
    name: f.name,
    offset: f.offset,
    shape: f.shape,
    itemsize: f.itemsize,
    ...(f.fields ? { fields: pyLayout(f.fields) } : {}),
  }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('records: create, read, write, append (native)', () => {
  let f: NativeFile;
  beforeAll(() => {
    f = memoryFile();
    f.createDataset('/t', records(FIELDS, [5], columnsOf(5)), undefined, {
      chunkshape: [4],
      maxshape: [null],
    });
  });
  afterAll(() => f.close());

  it('reports the compound type: fields in order, packed offsets, itemsizes, byte order', () => {
    const info = f.getDatasetInfo('/t');
    expect(info.dtype).toBe('compound');
    expect(info.shape).toEqual([5]);
    const fields = info.fields!;
    expect(fields.map((x) => x.name)).toEqual(FIELDS.map((x) => x.name));
    // Packed: each offset is the previous one plus its whole size.
    let at = 0;
    for (const field of fields) {
      expect(field.offset).toBe(at);
      const elements = field.shape.reduce((a, b) => a * b, 1);
      at += field.itemsize! * elements;
    }
    expect(info.itemsize).toBe(at);
    expect(fields.find((x) => x.name === 'i32')).toMatchObject({
      dtype: 'int32',
      byteorder: 'little',
      itemsize: 4,
    });
    expect(fields.find((x) => x.name === 's')).toMatchObject({
      dtype: 'string',
      itemsize: 6,
      byteorder: 'irrelevant',
    });
    expect(fields.find((x) => x.name === 'a')).toMatchObject({
      dtype: 'float64',
      shape: [2, 3],
      itemsize: 8,
    });
    const pos = fields.find((x) => x.name === 'pos')!;
    expect(pos).toMatchObject({ dtype: 'compound', itemsize: 6 });
    expect(pos.fields!.map((x) => [x.name, x.dtype, x.offset])).toEqual([
      ['x', 'float32', 0],
      ['y', 'int16', 4],
    ]);
  });

  it('reads back every field kind, in both forms and from a NativeDataset', async () => {
    const want = byPath(records(FIELDS, [5], columnsOf(5)));
    const read = f.readRecords('/t');
    expect(read.dtype).toBe('compound');
    expect(read.shape).toEqual([5]);
    expect(byPath(read)).toEqual(want);
    expect(read.columns[7]).toBeInstanceOf(BigInt64Array);
    expect(read.columns[0]).toBeInstanceOf(Uint8Array);
    expect(byPath(await f.readRecordsAsync('/t'))).toEqual(want);
    const handle = f.openDataset('/t');
    expect(byPath(handle.readRecords())).toEqual(want);
    expect(byPath(await handle.readRecordsAsync())).toEqual(want);
    handle.close();
  });

  it('reads a subset of fields (nested by path or whole) and hyperslabs with a step', () => {
    const all = byPath(records(FIELDS, [5], columnsOf(5)));
    const some = f.readRecords('/t', { start: [1], count: [2], step: [2] }, ['pos/y', 's', 'a']);
    // Stored order, the nested one inside its parent.
    expect(leafPaths(some.fields)).toEqual(['s', 'a', 'pos/y']);
    expect(some.fields[2]).toMatchObject({ name: 'pos', dtype: 'compound' });
    expect(some.shape).toEqual([2]);
    const pick = (xs: Item[], per: number): Item[] => [1, 3].flatMap((r) => xs.slice(r * per, r * per + per));
    expect(byPath(some)).toEqual({ s: pick(all.s, 1), a: pick(all.a, 6), 'pos/y': pick(all['pos/y'], 1) });
    const whole = f.readRecords('/t', undefined, ['pos']);
    expect(byPath(whole)).toEqual({ 'pos/x': all['pos/x'], 'pos/y': all['pos/y'] });
    const none = f.readRecords('/t', { start: [2], count: [0], step: [1] });
    expect(none.shape).toEqual([0]);
    expect(none.columns.map((c) => c.length)).toEqual(leafPaths(FIELDS).map(() => 0));
  });

  it('writes a subset of fields over a selection; the others keep their values', async () => {
    const g = memoryFile();
    try {
      g.createDataset('/t', records(FIELDS, [5], columnsOf(5)));
      g.writeRecords(
        '/t',
        records(
          [
            leaf('i32', 'float64'),
            { name: 'pos', dtype: 'compound', shape: [], fields: [leaf('y', 'int16')] },
          ],
          [2],
          [new Float64Array([7.9, -8]), new Int16Array([11, 12])],
        ),
        { start: [0], count: [2], step: [3] },
      );
      const want = byPath(records(FIELDS, [5], columnsOf(5)));
      want.i32[0] = 7; // HDF5 truncates toward zero, as writeDataset does
      want.i32[3] = -8;
      want['pos/y'][0] = 11;
      want['pos/y'][3] = 12;
      expect(byPath(g.readRecords('/t'))).toEqual(want);
      await g.writeRecordsAsync('/t', records([leaf('s', 'string')], [5], [['a', 'b', 'c', 'd', 'sixsix']]));
      want.s = ['a', 'b', 'c', 'd', 'sixsix'];
      expect(byPath(g.readRecords('/t'))).toEqual(want);
    } finally {
      g.close();
    }
  });

  it('appends whole records and partial ones (the rest from the fill record)', async () => {
    const g = memoryFile();
    try {
      const fill = records(
        FIELDS,
        [],
        [
          new Uint8Array([1]),
          new Int8Array([-9]),
          new Uint8Array([9]),
          new Int16Array([9]),
          new Uint16Array([9]),
          new Int32Array([42]),
          new Uint32Array([9]),
          new BigInt64Array([9n]),
          new BigUint64Array([9n]),
          new Float32Array([9]),
          new Float64Array([1.5]),
          ['dflt'],
          new Float64Array(6).fill(2),
          ['d1', 'd2'],
          new Float32Array([0.25]),
          new Int16Array([-7]),
        ],
      );
      g.createDataset('/t', records(FIELDS, [2], columnsOf(2)), undefined, {
        chunkshape: [2],
        maxshape: [null],
        fillValue: fill,
      });
      expect(g.appendRecords('/t', records(FIELDS, [2], columnsOf(2, 2)))).toEqual([4]);
      expect(
        await g.appendRecordsAsync('/t', records([leaf('i8', 'int8')], [1], [new Int8Array([100])]), 0),
      ).toEqual([5]);
      const want = byPath(records(FIELDS, [4], columnsOf(4)));
      const dflt = byPath(fill);
      for (const p of Object.keys(want)) want[p].push(...(p === 'i8' ? [100] : dflt[p]));
      expect(byPath(g.readRecords('/t'))).toEqual(want);
      expect(g.appendRecords('/t', records(FIELDS, [0], columnsOf(0)))).toEqual([5]);
    } finally {
      g.close();
    }
  });

  describe('errors change nothing', () => {
    const before = (): Record<string, Item[]> => byPath(f.readRecords('/t'));

    it.each([
      ['an unknown field', () => f.readRecords('/t', undefined, ['nope']), /no field 'nope' in \/t/],
      ['a path through a leaf', () => f.readRecords('/t', undefined, ['s/x']), /no field 's\/x'/],
      ['an unknown nested field', () => f.readRecords('/t', undefined, ['pos/z']), /no field 'pos\/z'/],
      ['empty fieldPaths', () => f.readRecords('/t', undefined, []), /at least one field/],
      [
        'fieldPaths not strings',
        () => f.readRecords('/t', undefined, [1 as unknown as string]),
        /fieldPaths/,
      ],
      [
        'a selection beyond the extent',
        () => f.readRecords('/t', { start: [4], count: [2], step: [1] }),
        /./,
      ],
      ['a dataset that is not compound', () => f.readRecords('/plain'), /not a compound dataset/],
    ])('readRecords: %s is ERR_INVALID_ARG', (_, call, message) => {
      f.createDataset('/plain', { dtype: 'int8', shape: [1], data: new Int8Array(1) });
      try {
        expect(call).toThrow(message);
        expect(codeOf(call)).toBe('ERR_INVALID_ARG');
      } finally {
        f.deleteLink('/plain');
      }
    });

    const one = (
      name: string,
      dtype: NativeField['dtype'],
      column: Column,
      shape: number[] = [],
    ): NativeRecords => records([leaf(name, dtype, shape)], [5], [column]);
    it.each([
      ['an unknown field', one('nope', 'int8', new Int8Array(5)), /no field 'nope' in \/t/],
      ['the wrong TypedArray', one('i8', 'int8', new Int16Array(5)), /not the TypedArray of dtype int8/],
      ['a short column', one('i8', 'int8', new Int8Array(4)), /has 4 elements, the records need 5/],
      ['strings into numbers', one('i8', 'string', ['a', 'b', 'c', 'd', 'e']), /stores it as int8/],
      ['numbers into bool', one('b', 'int8', new Int8Array(5)), /stores it as bool/],
      [
        'a string too long',
        one('s', 'string', ['a', 'b', 'c', 'd', 'seven!!']),
        /longer than its itemsize \(6\)/,
      ],
      ['another shape', one('a', 'float64', new Float64Array(5 * 6), [6]), /shape \[6\]/],
      [
        'a leaf as nested',
        records(
          [{ name: 's', dtype: 'compound', shape: [], fields: [leaf('x', 'int8')] }],
          [5],
          [new Int8Array(5)],
        ),
        /is not a nested compound/,
      ],
      [
        'a field twice',
        records([leaf('i8', 'int8'), leaf('i8', 'int8')], [5], [new Int8Array(5), new Int8Array(5)]),
        /two fields named 'i8'/,
      ],
      [
        'a missing column',
        records([leaf('i8', 'int8'), leaf('u8', 'uint8')], [5], [new Int8Array(5)]),
        /2 columns/,
      ],
      ['records of another shape', records([leaf('i8', 'int8')], [4], [new Int8Array(4)]), /does not match/],
      [
        'no records',
        { dtype: 'float64', shape: [5], data: new Float64Array(5) } as unknown as NativeRecords,
        /must be records/,
      ],
      [
        'a field without a name',
        records([{ dtype: 'int8', shape: [] } as unknown as NativeField], [5], [new Int8Array(5)]),
        /name must be a string/,
      ],
      [
        'an unknown dtype',
        records([leaf('i8', 'int7' as NativeField['dtype'])], [5], [new Int8Array(5)]),
        /dtype must be a dtype name/,
      ],
    ])('writeRecords: %s is ERR_INVALID_ARG', (_, value, message) => {
      const was = before();
      const call = (): void => f.writeRecords('/t', value);
      expect(call).toThrow(message);
      expect(codeOf(call)).toBe('ERR_INVALID_ARG');
      expect(before()).toEqual(was);
    });

    it('appendRecords: bad records, axis or layout add nothing', () => {
      const was = before();
      const bad: Array<[() => unknown, RegExp]> = [
        [
          () => f.appendRecords('/t', records([leaf('s', 'string')], [1], [['much too long']])),
          /longer than its itemsize/,
        ],
        [
          () => f.appendRecords('/t', records([leaf('i8', 'int8')], [1], [new Int8Array(1)]), 1),
          /axis 1 is out of range/,
        ],
        [
          () => f.appendRecords('/t', records([leaf('i8', 'int8')], [1], [new Int8Array(1)]), -1),
          /axis must be/,
        ],
        [
          () => f.appendRecords('/t', records([leaf('i8', 'int8')], [1, 1], [new Int8Array(1)])),
          /does not fit/,
        ],
        [
          () => f.appendRecords('/t', records([leaf('zz', 'int8')], [1], [new Int8Array(1)])),
          /no field 'zz'/,
        ],
      ];
      for (const [call, message] of bad) {
        expect(call).toThrow(message);
        expect(codeOf(call)).toBe('ERR_INVALID_ARG');
      }
      expect(f.getDatasetInfo('/t').shape).toEqual([5]);
      expect(before()).toEqual(was);
      const g = memoryFile();
      try {
        g.createDataset('/fixed', records(FIELDS, [1], columnsOf(1)));
        const call = (): unknown => g.appendRecords('/fixed', records(FIELDS, [1], columnsOf(1)));
        expect(call).toThrow(/not chunked/);
        expect(g.getDatasetInfo('/fixed').shape).toEqual([1]);
      } finally {
        g.close();
      }
    });

    it('createDataset: bad records, storage or fill record create nothing', () => {
      const bad: Array<[() => unknown, RegExp]> = [
        [
          () => f.createDataset('/n', records([leaf('s', 'string', [], 2)], [1], [['abc']])),
          /longer than its itemsize \(2\)/,
        ],
        [() => f.createDataset('/n', records([], [1], [])), /fields must not be empty/],
        [
          () => f.createDataset('/n', records([leaf('a/b', 'int8')], [1], [new Int8Array(1)])),
          /without '\/'/,
        ],
        [
          () =>
            f.createDataset(
              '/n',
              records([{ name: 'c', dtype: 'compound', shape: [], fields: [] }], [1], []),
            ),
          /must not be empty/,
        ],
        [
          () =>
            f.createDataset('/n', records([leaf('x', 'int8')], [2], [new Int8Array(2)]), undefined, {
              chunkshape: [2, 2],
            }),
          /chunkshape has rank 2/,
        ],
        [
          () =>
            f.createDataset(
              '/n',
              records([leaf('x', 'int8'), leaf('y', 'int8')], [2], [new Int8Array(2), new Int8Array(2)]),
              undefined,
              {
                chunkshape: [2],
                fillValue: records([leaf('x', 'int8')], [], [new Int8Array(1)]),
              },
            ),
          /every field/,
        ],
        [
          () =>
            f.createDataset('/n', records([leaf('x', 'int8')], [2], [new Int8Array(2)]), undefined, {
              chunkshape: [2],
              fillValue: records([leaf('x', 'int8')], [1], [new Int8Array(1)]),
            }),
          /one record/,
        ],
      ];
      for (const [call, message] of bad) {
        expect(call).toThrow(message);
        expect(codeOf(call)).toBe('ERR_INVALID_ARG');
        expect(f.hasLink('/n')).toBe(false);
      }
      expect(codeOf(() => f.createDataset('/t', records(FIELDS, [1], columnsOf(1))))).toBe('ERR_EXISTS');
    });

    it('a closed file or dataset is ERR_CLOSED; a read-only file is ERR_HDF5 and unchanged', () => {
      const dir = makeTmpDir();
      try {
        const name = `${dir}/r.h5`;
        const w = addon.openFile({ name, create: true, writable: true, driver: 'sec2' });
        w.createDataset('/t', records(FIELDS, [2], columnsOf(2)), undefined, {
          chunkshape: [2],
          maxshape: [null],
        });
        const handle = w.openDataset('/t');
        w.close();
        expect(codeOf(() => w.readRecords('/t'))).toBe('ERR_CLOSED');
        expect(codeOf(() => handle.readRecords())).toBe('ERR_CLOSED');
        expect(codeOf(() => w.writeRecords('/t', records(FIELDS, [2], columnsOf(2))))).toBe('ERR_CLOSED');
        const r = addon.openFile({ name, create: false, writable: false, driver: 'sec2' });
        try {
          const was = byPath(r.readRecords('/t'));
          expect(
            codeOf(() => r.writeRecords('/t', records([leaf('i8', 'int8')], [2], [new Int8Array(2)]))),
          ).toBe('ERR_HDF5');
          expect(codeOf(() => r.appendRecords('/t', records(FIELDS, [1], columnsOf(1))))).toBe('ERR_HDF5');
          expect(r.getDatasetInfo('/t').shape).toEqual([2]);
          expect(byPath(r.readRecords('/t'))).toEqual(was);
        } finally {
          r.close();
        }
      } finally {
        removeDir(dir);
      }
    });
  });
});

interface PyRead {
  fields: PyField[];
  columns: Record<string, Item[]>;
  shape: number[];
  dflt?: Record<string, Item>;
  classname?: string;
  nrows?: number;
}
const pyRead = (file: string, node: string, tool: 'pytables' | 'h5py'): PyRead =>
  runPython<PyRead>('records.py', ['read', file, node, tool]);

describe.skipIf(lacks('pytables', 'h5py', 'h5dump'))('records: interop with PyTables and h5py', () => {
  let dir: string;
  let made: string;
  beforeAll(() => {
    dir = makeTmpDir();
    made = `${dir}/made.h5`;
    runPython('records.py', ['make', made]);
  });
  afterAll(() => removeDir(dir));

  it('PyTables and h5py read what we write, stored as PyTables stores the same description', () => {
    const name = `${dir}/ours.h5`;
    const w = addon.openFile({ name, create: true, writable: true, driver: 'sec2' });
    w.createDataset('/t', records(FIELDS, [5], columnsOf(5)), undefined, {
      chunkshape: [4],
      maxshape: [null],
    });
    w.close();
    const want = byPath(records(FIELDS, [5], columnsOf(5)));
    const theirs = pyRead(made, '/pt', 'pytables');
    for (const tool of ['pytables', 'h5py'] as const) {
      const got = pyRead(name, '/t', tool);
      // h5py reads PyTables' bool (an 8-bit bitfield) as uint8.
      expect(got.columns).toEqual(tool === 'h5py' ? { ...want, b: want.b.map(Number) } : want);
      expect(got.shape).toEqual([5]);
      // The same layout and formats as PyTables' own table of this description.
      if (tool === 'pytables') expect(got.fields).toEqual(theirs.fields);
    }
    // And HDF5's own description of the stored type is PyTables' (bool a bitfield,
    // strings NUL-terminated ASCII, arrays, the nested compound).
    const typeOf = (file: string, node: string): string => {
      const out = h5dump(['-H', '-d', node, file]).stdout;
      return out.slice(out.indexOf('DATATYPE'), out.indexOf('DATASPACE'));
    };
    expect(typeOf(name, '/t')).toContain('H5T_COMPOUND');
    expect(typeOf(name, '/t')).toBe(typeOf(made, '/pt'));
  });

  it('we read a PyTables table: fields, offsets and values', () => {
    const r = addon.openFile({ name: made, create: false, writable: false, driver: 'sec2' });
    try {
      const py = pyRead(made, '/pt', 'pytables');
      const info = r.getDatasetInfo('/pt');
      expect(layoutOf(info.fields!)).toEqual(pyLayout(py.fields));
      const read = r.readRecords('/pt');
      expect(byPath(read)).toEqual(py.columns);
      expect(byPath(r.readRecords('/pt', { start: [4], count: [1], step: [1] }, ['sa', 'pos/x']))).toEqual({
        sa: py.columns.sa.slice(8, 10),
        'pos/x': py.columns['pos/x'].slice(4, 5),
      });
    } finally {
      r.close();
    }
  });

  it('we read h5py compounds: padded offsets, its bool enum; an unreadable member is named', () => {
    const r = addon.openFile({ name: made, create: false, writable: false, driver: 'sec2' });
    try {
      for (const node of ['/h5/aligned', '/h5/bools']) {
        const py = pyRead(made, node, 'h5py');
        expect(layoutOf(r.getDatasetInfo(node).fields!)).toEqual(pyLayout(py.fields));
        expect(byPath(r.readRecords(node))).toEqual(py.columns);
      }
      const odd = pyRead(made, '/h5/odd', 'h5py');
      const fields = r.getDatasetInfo('/h5/odd').fields!;
      expect(fields.map((x) => [x.name, x.dtype])).toEqual([
        ['k', 'int32'],
        ['name', null],
      ]);
      expect(byPath(r.readRecords('/h5/odd', undefined, ['k']))).toEqual({ k: odd.columns.k });
      const call = (): unknown => r.readRecords('/h5/odd');
      expect(call).toThrow(/field 'name' of \/h5\/odd/);
      expect(codeOf(call)).toBe('ERR_UNSUPPORTED_TYPE');
    } finally {
      r.close();
    }
  });

  it('h5py reads our fill record in a partial append, and a partial write keeps the other fields', () => {
    const name = `${dir}/fill.h5`;
    const w = addon.openFile({ name, create: true, writable: true, driver: 'sec2' });
    const fields = [leaf('i32', 'int32'), leaf('s', 'string', [], 4), leaf('f', 'float64')];
    w.createDataset(
      '/t',
      records(fields, [2], [new Int32Array([1, 2]), ['a', 'b'], new Float64Array([0.5, 1])]),
      undefined,
      {
        chunkshape: [8],
        maxshape: [null],
        fillValue: records(fields, [], [new Int32Array([42]), ['dflt'], new Float64Array([1.5])]),
      },
    );
    w.appendRecords('/t', records([leaf('f', 'float64')], [1], [new Float64Array([-2])]));
    w.writeRecords('/t', records([leaf('s', 'string')], [1], [['zz']]), {
      start: [0],
      count: [1],
      step: [1],
    });
    w.close();
    const got = pyRead(name, '/t', 'h5py');
    expect(got.columns).toEqual({ i32: [1, 2, 42], s: ['zz', 'b', 'dflt'], f: [0.5, 1, -2] });
  });
});
