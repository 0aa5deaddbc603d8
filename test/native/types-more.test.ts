// Issue 12, more element types in the binding: complex64/complex128 (interleaved re, im),
// float16 (read into float32), enums (the base integers plus their members), big-endian
// numbers (converted to native order, byteorder 'big'), complex, float16 and enum
// attributes, compound attributes as records, and the same types as table fields. Read
// from files h5py and PyTables write (values as they read them), and written by us for
// them to read back (values, dtypes, PyTables' atoms, the stored float16 type h5py makes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lacks } from '../helpers/interop';
import { h5dump, runPython } from '../helpers/python';
import { makeTmpDir, removeDir } from '../helpers/tmp';
import {
  native,
  type NativeDType,
  type NativeField,
  type NativeFile,
  type NativeReadValue,
  type NativeRecords,
  type NativeWriteValue,
} from '../../lib/native';

const addon = native();

// The binding's dtypes beyond lib/dtype.ts's table (until it has their rows).
const dt = (name: string): NativeDType => name as NativeDType;

interface PyItem {
  dtype: string;
  shape: number[];
  data: Array<number | string | boolean> | Record<string, Array<number | string | boolean>>;
  enum?: Record<string, number>;
}
interface PyFile {
  datasets: Record<string, PyItem>;
  attrs: Record<string, PyItem>;
}

/** Our numbers as the script prints them (64-bit integers as strings, NaN as 'nan'). */
function plain(data: ArrayLike<number | bigint | string>): Array<number | string> {
  return Array.from(data, (v) => (typeof v === 'bigint' ? String(v) : v));
}

/** An enum's members as a name -> value map (h5py's dict order is not the stored one). */
function members(e: { names: string[]; values: number[] } | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  e?.names.forEach((n, i) => (out[n] = e.values[i]));
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

function memoryFile(): NativeFile {
  return addon.openFile({
    name: `types-more-${process.pid}-${Math.random()}.h5`,
    create: true,
    writable: true,
    driver: 'core',
    coreBackingStore: false,
  });
}

describe('more types: write and read back (native)', () => {
  let f: NativeFile;
  beforeAll(() => (f = memoryFile()));
  afterAll(() => f.close());

  it('complex64 and complex128 round-trip as interleaved re, im', () => {
    const c64 = new Float32Array([1, 2, -3.5, 0.25]);
    f.createDataset('/c64', { dtype: dt('complex64'), shape: [2], data: c64 });
    const c128 = new Float64Array([1e300, -1, 0, 0.5, 3, 4]);
    f.createDataset('/c128', { dtype: dt('complex128'), shape: [3, 1], data: c128 });
    const a = f.readDataset('/c64');
    expect(a.dtype).toBe('complex64');
    expect(a.shape).toEqual([2]);
    expect(a.data).toEqual(c64);
    const info = f.getDatasetInfo('/c128');
    expect(info).toMatchObject({ dtype: 'complex128', itemsize: 16, byteorder: 'little', shape: [3, 1] });
    expect(f.readDataset('/c128', { start: [1, 0], count: [2, 1], step: [1, 1] }).data).toEqual(
      c128.slice(2),
    );
    f.writeDataset(
      '/c64',
      { dtype: dt('complex64'), shape: [1], data: new Float32Array([9, -9]) },
      {
        start: [1],
        count: [1],
        step: [1],
      },
    );
    expect(f.readDataset('/c64').data).toEqual(new Float32Array([1, 2, 9, -9]));
  });

  it('float16 is written from float32 (rounded to the nearest half) and read into float32', () => {
    f.createDataset('/f16', {
      dtype: dt('float16'),
      shape: [4],
      data: new Float32Array([0.5, -2, 65504, 1 / 3]),
    });
    const r = f.readDataset('/f16');
    expect(r.dtype).toBe('float16');
    expect(r.data).toBeInstanceOf(Float32Array);
    // 1/3 is 0.333251953125 in half precision (numpy's float16(1/3)).
    expect(Array.from(r.data as Float32Array)).toEqual([0.5, -2, 65504, 0.333251953125]);
    expect(f.getDatasetInfo('/f16')).toMatchObject({ dtype: 'float16', itemsize: 2, byteorder: 'little' });
  });

  it('enums: created over an integer dtype, read as the integers with their members', () => {
    const e = { names: ['low', 'mid', 'high'], values: [1, 5, 9] };
    f.createDataset('/e', { dtype: 'uint16', shape: [3], data: new Uint16Array([9, 1, 5]), enum: e });
    const r = f.readDataset('/e');
    expect(r).toMatchObject({ dtype: 'uint16', shape: [3], enum: e });
    expect(r.data).toEqual(new Uint16Array([9, 1, 5]));
    expect(f.getDatasetInfo('/e')).toMatchObject({ dtype: 'uint16', enum: e });
    f.writeDataset(
      '/e',
      { dtype: 'uint16', shape: [1], data: new Uint16Array([5]) },
      { start: [0], count: [1], step: [1] },
    );
    expect(f.readDataset('/e').data).toEqual(new Uint16Array([5, 1, 5]));
  });

  it('attributes: complex, float16 and enum', () => {
    f.createGroup('/g', [
      ['c', { dtype: dt('complex128'), shape: [], data: new Float64Array([1.5, -2]) }],
      ['h', { dtype: dt('float16'), shape: [2], data: new Float32Array([0.125, 3]) }],
      [
        'e',
        { dtype: 'int8', shape: [], data: new Int8Array([2]), enum: { names: ['A', 'B'], values: [-1, 2] } },
      ],
    ]);
    expect(f.readAttribute('/g', 'c')).toMatchObject({
      dtype: 'complex128',
      shape: [],
      data: new Float64Array([1.5, -2]),
    });
    expect(f.readAttribute('/g', 'h').data).toEqual(new Float32Array([0.125, 3]));
    expect(f.readAttribute('/g', 'e')).toMatchObject({
      dtype: 'int8',
      enum: { names: ['A', 'B'], values: [-1, 2] },
    });
  });

  it('records with complex, float16 and enum fields', () => {
    const e = { names: ['r', 'g', 'b'], values: [0, 1, 2] };
    const fields: NativeField[] = [
      { name: 'c', dtype: dt('complex128'), shape: [] },
      { name: 'c8', dtype: dt('complex64'), shape: [2] },
      { name: 'h', dtype: dt('float16'), shape: [] },
      { name: 'e', dtype: 'uint8', shape: [], enum: e },
    ];
    const columns = [
      new Float64Array([1, -1, 2, -2]),
      new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]),
      new Float32Array([0.75, 1.5]),
      new Uint8Array([2, 0]),
    ];
    f.createDataset('/t', { dtype: 'compound', fields, shape: [2], columns } as NativeRecords);
    const info = f.getDatasetInfo('/t');
    expect(info.fields!.map((x) => [x.name, x.dtype, x.itemsize, x.offset])).toEqual([
      ['c', 'complex128', 16, 0],
      ['c8', 'complex64', 8, 16],
      ['h', 'float16', 2, 32],
      ['e', 'uint8', 1, 34],
    ]);
    expect(info.fields![3].enum).toEqual(e);
    const read = f.readRecords('/t');
    read.columns.forEach((c, i) => expect(c).toEqual(columns[i]));
    const call = (): unknown =>
      f.writeRecords('/t', {
        dtype: 'compound',
        fields: [{ name: 'e', dtype: 'int32', shape: [] }],
        shape: [2],
        columns: [new Int32Array(2)],
      });
    expect(call).toThrow(/enum over uint8/);
    expect(codeOf(call)).toBe('ERR_INVALID_ARG');
    const mixed = (): unknown =>
      f.writeRecords('/t', {
        dtype: 'compound',
        fields: [{ name: 'c', dtype: 'float64', shape: [] }],
        shape: [2],
        columns: [new Float64Array(2)],
      });
    expect(mixed).toThrow(/stores it as complex128/);
  });

  it.each([
    [
      'complex data of the wrong length',
      { dtype: dt('complex64'), shape: [2], data: new Float32Array(2) },
      /shape needs 4 \(re, im of each\)/,
    ],
    [
      'complex data of the wrong type',
      { dtype: dt('complex128'), shape: [1], data: new Float32Array(2) },
      /does not match dtype complex128/,
    ],
    [
      'float16 from float64',
      { dtype: dt('float16'), shape: [1], data: new Float64Array(1) },
      /does not match dtype float16/,
    ],
    [
      'an enum over floats',
      { dtype: 'float64', shape: [1], data: new Float64Array(1), enum: { names: ['a'], values: [1] } },
      /integer dtype/,
    ],
    [
      'an enum repeating a value',
      { dtype: 'int8', shape: [1], data: new Int8Array(1), enum: { names: ['a', 'b'], values: [1, 1] } },
      /repeats/,
    ],
    [
      'an enum without members',
      { dtype: 'int8', shape: [1], data: new Int8Array(1), enum: { names: [], values: [] } },
      /non-zero length/,
    ],
    [
      'an enum with a fractional value',
      { dtype: 'int8', shape: [1], data: new Int8Array(1), enum: { names: ['a'], values: [0.5] } },
      /integers/,
    ],
  ] as Array<[string, NativeWriteValue, RegExp]>)(
    'createDataset: %s is ERR_INVALID_ARG and creates nothing',
    (_, value, message) => {
      const call = (): unknown => f.createDataset('/bad', value);
      expect(call).toThrow(message);
      expect(codeOf(call)).toBe('ERR_INVALID_ARG');
      expect(f.hasLink('/bad')).toBe(false);
    },
  );
});

describe.skipIf(lacks('pytables', 'h5py', 'h5dump'))('more types: interop with h5py and PyTables', () => {
  let dir: string;
  let made: string;
  let theirs: PyFile;
  let r: NativeFile;
  beforeAll(() => {
    dir = makeTmpDir();
    made = `${dir}/made.h5`;
    runPython('types_more.py', ['make', made]);
    theirs = runPython<PyFile>('types_more.py', ['read', made]);
    r = addon.openFile({ name: made, create: false, writable: false, driver: 'sec2' });
  });
  afterAll(() => {
    r.close();
    removeDir(dir);
  });

  it.each([
    ['/c64', 'complex64', 'little'],
    ['/c128', 'complex128', 'little'],
    ['/f16', 'float16', 'little'],
    ['/be_f8', 'float64', 'big'],
    ['/be_i4', 'int32', 'big'],
    ['/be_c16', 'complex128', 'big'],
    ['/enum_h5py', 'int8', 'little'],
    ['/pt_enum', 'uint16', 'little'],
    ['/pt_c128', 'complex128', 'little'],
    ['/pt_f16', 'float16', 'little'],
  ])('%s reads as h5py reads it (%s, %s)', (path, dtype, byteorder) => {
    const py = theirs.datasets[path];
    const info = r.getDatasetInfo(path);
    expect(info.dtype).toBe(dtype);
    expect(info.byteorder).toBe(byteorder);
    const read = r.readDataset(path) as NativeReadValue;
    expect(read.shape).toEqual(py.shape);
    expect(plain(read.data)).toEqual(py.data);
    if (py.enum) {
      expect(members(info.enum)).toEqual(py.enum);
      expect(members(read.enum)).toEqual(py.enum);
    } else {
      expect(info.enum).toBeUndefined();
    }
  });

  it('PyTables table columns: complex, shaped complex64, float16, enum', () => {
    const py = theirs.datasets['/pt_table'].data as Record<string, Array<number | string>>;
    const info = r.getDatasetInfo('/pt_table');
    expect(info.fields!.map((x) => [x.name, x.dtype, x.shape])).toEqual([
      ['c', 'complex128', []],
      ['c8', 'complex64', [2]],
      ['h', 'float16', []],
      ['e', 'uint8', []],
    ]);
    expect(members(info.fields![3].enum)).toEqual({ low: 1, mid: 5, high: 9 });
    const read = r.readRecords('/pt_table');
    expect(read.columns.map((c) => plain(c as ArrayLike<number>))).toEqual([py.c, py.c8, py.h, py.e]);
  });

  it('attributes: complex, float16, enum, and compound ones as records', () => {
    for (const name of ['a_c128', 'a_c64s', 'a_f16', 'a_enum', 'pt_complex']) {
      const py = theirs.attrs[`/@${name}`];
      const read = r.readAttribute('/', name);
      expect(read.shape).toEqual(py.shape);
      expect(plain(read.data)).toEqual(py.data);
      if (py.enum) expect(members(read.enum)).toEqual(py.enum);
    }
    expect(r.readAttribute('/', 'a_c64s').dtype).toBe('complex64');
    for (const name of ['a_records', 'a_record']) {
      const py = theirs.attrs[`/@${name}`];
      const read = r.readAttributeRecords('/', name);
      expect(read.shape).toEqual(py.shape);
      expect(read.fields.map((x) => x.name)).toEqual(['k', 'v', 's']);
      const cols = py.data as Record<string, Array<number | string>>;
      expect(read.columns.map((c) => plain(c as ArrayLike<number>))).toEqual([cols.k, cols.v, cols.s]);
    }
    const call = (): unknown => r.readAttribute('/', 'a_records');
    expect(call).toThrow(/readAttributeRecords/);
    expect(codeOf(call)).toBe('ERR_UNSUPPORTED_TYPE');
    const notCompound = (): unknown => r.readAttributeRecords('/', 'a_c128');
    expect(notCompound).toThrow(/not a compound/);
    expect(codeOf(notCompound)).toBe('ERR_INVALID_ARG');
  });

  it('h5py and PyTables read what we write: values, dtypes, the enum atom, the half type', () => {
    const name = `${dir}/ours.h5`;
    const w = addon.openFile({ name, create: true, writable: true, driver: 'sec2' });
    const e = { names: ['low', 'mid', 'high'], values: [1, 5, 9] };
    w.createDataset('/c64', {
      dtype: dt('complex64'),
      shape: [2],
      data: new Float32Array([1, 2, -3.5, 0.25]),
    });
    w.createDataset('/c128', { dtype: dt('complex128'), shape: [1], data: new Float64Array([1e300, -1]) });
    w.createDataset('/f16', { dtype: dt('float16'), shape: [3], data: new Float32Array([0.5, -2, 1 / 3]) });
    w.createDataset(
      '/e',
      { dtype: 'uint16', shape: [2], data: new Uint16Array([9, 1]), enum: e },
      undefined,
      {
        chunkshape: [4],
        maxshape: [null],
      },
    );
    w.appendDataset('/e', { dtype: 'uint16', shape: [1], data: new Uint16Array([5]) }, 0);
    w.writeAttribute('/', 'ac', { dtype: dt('complex128'), shape: [], data: new Float64Array([-1, 0.5]) });
    w.createDataset('/t', {
      dtype: 'compound',
      fields: [
        { name: 'c', dtype: dt('complex128'), shape: [] },
        { name: 'h', dtype: dt('float16'), shape: [] },
        { name: 'e', dtype: 'uint8', shape: [], enum: e },
      ],
      shape: [2],
      columns: [new Float64Array([1, -1, 2, -2]), new Float32Array([0.75, 1.5]), new Uint8Array([9, 5])],
    });
    w.close();
    const py = runPython<PyFile>('types_more.py', ['read', name]);
    expect(py.datasets['/c64']).toEqual({ dtype: '<c8', shape: [2], data: [1, 2, -3.5, 0.25] });
    expect(py.datasets['/c128']).toEqual({ dtype: '<c16', shape: [1], data: [1e300, -1] });
    expect(py.datasets['/f16']).toEqual({ dtype: '<f2', shape: [3], data: [0.5, -2, 0.333251953125] });
    expect(py.datasets['/e']).toEqual({
      dtype: '<u2',
      shape: [3],
      data: [9, 1, 5],
      enum: { low: 1, mid: 5, high: 9 },
    });
    expect(py.attrs['/@ac']).toEqual({ dtype: '<c16', shape: [], data: [-1, 0.5] });
    expect(py.datasets['/t'].data).toEqual({ c: [1, -1, 2, -2], h: [0.75, 1.5], e: [9, 5] });
    const atom = runPython<{ atom: string; enum: Record<string, number> }>('types_more.py', [
      'tables',
      name,
      '/e',
    ]);
    expect(atom.atom).toMatch(/^EnumAtom\(enum=Enum\(/);
    expect(atom.enum).toEqual({ low: 1, mid: 5, high: 9 });
    const table = runPython<{ coltypes: Record<string, string> }>('types_more.py', ['tables', name, '/t']);
    expect(table.coltypes).toEqual({ c: 'complex128', h: 'float16', e: 'enum' });
    // The stored half type is the one h5py and PyTables write.
    const typeOf = (file: string, node: string): string => {
      const out = h5dump(['-H', '-d', node, file]).stdout;
      return out.slice(out.indexOf('DATATYPE'), out.indexOf('DATASPACE'));
    };
    expect(typeOf(name, '/f16')).toBe(typeOf(made, '/f16'));
    expect(typeOf(name, '/c128')).toBe(typeOf(made, '/pt_c128'));
  });
});
