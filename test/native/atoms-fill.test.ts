// Array atoms (NativeWriteValue.atomShape: an H5T_ARRAY element type) and fill values
// (NativeStorage.fillValue, NativeDatasetInfo.fillValue), in both forms: written here sync
// on disk and async in a CORE file whose image goes to disk, h5py (and PyTables, for an
// array type's fill value, which h5py cannot read) must see the element type, fill value
// and data we wrote; our fillValue on h5py's files must be h5py's. Bad atom shapes and
// fill values are ERR_INVALID_ARG in both forms and leave no node behind.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

import { native, type NativeFile, type NativeStorage, type NativeWriteValue } from '../../lib/native';
import { lacks } from '../helpers/interop';
import { runPython, type PyArray, type PyScalar } from '../helpers/python';
import { makeTmpDir, removeDir, useTmpDir } from '../helpers/tmp';
import { encodeData } from '../helpers/values';

const addon = native();
const tmp = useTmpDir('h5tables-atoms-fill-');

interface PyDataset {
  base: string;
  subshape: number[];
  shape: number[];
  fill_defined: number;
  fillvalue: PyArray;
  data: PyArray;
}

const text = (v: PyScalar): PyScalar => (typeof v === 'object' && v !== null && 'bytes' in v ? v.bytes : v);

interface Case {
  name: string;
  value: NativeWriteValue;
  storage: NativeStorage;
  /** Grown to this shape after it is written (new cells read as the fill value). */
  grow: number[];
  base: string;
  /** The fill value as one element (the atom's shape), and every element after the growth. */
  fill: PyScalar[];
  data: PyScalar[];
}

const CASES: Case[] = [
  {
    name: 'int_pairs',
    value: { dtype: 'int32', shape: [2, 2], atomShape: [2], data: Int32Array.of(1, 2, 3, 4) },
    storage: {
      chunkshape: [2],
      maxshape: [null],
      fillValue: { dtype: 'int32', shape: [], data: Int32Array.of(-3) },
    },
    grow: [3],
    base: '<i4',
    fill: [-3, -3],
    data: [1, 2, 3, 4, -3, -3],
  },
  {
    name: 'float_blocks',
    value: { dtype: 'float64', shape: [1, 2, 2], atomShape: [2, 2], data: Float64Array.of(0.5, 1, 1.5, 2) },
    storage: {
      chunkshape: [4],
      maxshape: [4],
      fillValue: { dtype: 'float64', shape: [2, 2], data: Float64Array.of(9, 8, 7, 6) },
    },
    grow: [2],
    base: '<f8',
    fill: [9, 8, 7, 6],
    data: [0.5, 1, 1.5, 2, 9, 8, 7, 6],
  },
  {
    name: 'string_pairs',
    value: {
      dtype: 'string',
      shape: [1, 2],
      atomShape: [2],
      data: ['a', 'bc'],
      itemsize: 6,
      charset: 'ascii',
    },
    storage: { chunkshape: [3], maxshape: [null], fillValue: { dtype: 'string', shape: [], data: ['xy'] } },
    grow: [2],
    base: '|S6',
    fill: ['xy', 'xy'],
    data: ['a', 'bc', 'xy', 'xy'],
  },
  {
    name: 'plain_fill',
    value: { dtype: 'uint16', shape: [1, 2], data: Uint16Array.of(1, 2) },
    storage: {
      chunkshape: [1, 2],
      maxshape: [null, 2],
      fillValue: { dtype: 'uint16', shape: [], data: Uint16Array.of(7) },
    },
    grow: [2, 2],
    base: '<u2',
    fill: [7],
    data: [1, 2, 7, 7],
  },
];

describe.skipIf(lacks('h5py', 'pytables'))('array atoms and fill values, as h5py sees them', () => {
  let dir = '';
  beforeAll(() => {
    dir = makeTmpDir('h5tables-atoms-fill-py-');
    return () => removeDir(dir);
  });

  function check(path: string): void {
    const seen = runPython<{ datasets: Record<string, PyDataset> }>('h5py_atoms_fill.py', [
      'read',
      path,
    ]).datasets;
    for (const c of CASES) {
      const d = seen[`/${c.name}`];
      const atom = c.value.atomShape ?? [];
      expect(d, c.name).toMatchObject({ base: c.base, subshape: atom, shape: c.grow, fill_defined: 2 });
      expect(d.fillvalue.shape, c.name).toEqual(atom);
      expect(d.fillvalue.data.map(text), c.name).toEqual(c.fill);
      expect(d.data.shape, c.name).toEqual([...c.grow, ...atom]);
      expect(d.data.data.map(text), c.name).toEqual(c.data);
    }
  }

  it('sync, on disk: the element type, fill value and data h5py reads are ours', () => {
    const p = tmp.path('sync.h5');
    const f = tmp.track(addon.openFile({ name: p, create: true, writable: true, driver: 'sec2' }));
    for (const c of CASES) {
      f.createDataset(`/${c.name}`, c.value, [], c.storage);
      f.setExtent(`/${c.name}`, c.grow);
      const info = f.getDatasetInfo(`/${c.name}`);
      expect(info.atomShape).toEqual(c.value.atomShape ?? []);
      expect(info.fillValue?.shape).toEqual(c.value.atomShape ?? []);
      expect(encodeData(info.fillValue?.data ?? [])).toEqual(c.fill);
      expect(encodeData(f.readDataset(`/${c.name}`).data)).toEqual(c.data);
    }
    f.close();
    check(p);
  });

  it('async, in a CORE file: the same, through its image; writes and appends take atomShape', async () => {
    const f = tmp.track(
      addon.openFile({
        name: 'atoms.h5',
        create: true,
        writable: true,
        driver: 'core',
        coreBackingStore: false,
      }),
    );
    for (const c of CASES) {
      await f.createDatasetAsync(`/${c.name}`, c.value, [], c.storage);
      await f.setExtentAsync(`/${c.name}`, c.grow);
    }
    await f.createDatasetAsync(
      '/e',
      { dtype: 'int8', shape: [0, 3], atomShape: [3], data: new Int8Array(0) },
      [],
      {
        chunkshape: [4],
        maxshape: [null],
      },
    );
    expect(
      await f.appendDatasetAsync(
        '/e',
        { dtype: 'int8', shape: [2, 3], atomShape: [3], data: Int8Array.of(1, 2, 3, 4, 5, 6) },
        0,
      ),
    ).toEqual([2]);
    await f.writeDatasetAsync(
      '/e',
      { dtype: 'int8', shape: [1, 3], atomShape: [3], data: Int8Array.of(9, 9, 9) },
      { start: [1], count: [1], step: [1] },
    );
    expect((await f.readDatasetAsync('/e')).data).toEqual(Int8Array.of(1, 2, 3, 9, 9, 9));
    await f.flushAsync();
    const p = `${dir}/async.h5`;
    fs.writeFileSync(p, await f.getFileImageAsync());
    check(p);
  });

  it("our fillValue on h5py's datasets is h5py's, absent for HDF5's default", () => {
    const p = `${dir}/theirs.h5`;
    const theirs = runPython<{ datasets: Record<string, PyDataset> }>('h5py_atoms_fill.py', [
      'write',
      p,
    ]).datasets;
    const f = tmp.track(addon.openFile({ name: p, create: false, writable: false, driver: 'sec2' }));
    for (const [path, d] of Object.entries(theirs)) {
      const fill = f.getDatasetInfo(path).fillValue;
      if (d.fill_defined !== 2) {
        expect(fill, path).toBeUndefined();
        continue;
      }
      expect(fill?.shape, path).toEqual(d.fillvalue.shape);
      expect(encodeData(fill?.data ?? []), path).toEqual(d.fillvalue.data.map(text));
    }
    expect(Object.values(theirs).filter((d) => d.fill_defined === 2).length).toBe(4);
  });
});

describe('bad atom shapes and fill values', () => {
  const i32 = (shape: number[], atomShape?: number[]): NativeWriteValue => ({
    dtype: 'int32',
    shape,
    data: new Int32Array(shape.reduce((a, b) => a * b, 1)),
    ...(atomShape ? { atomShape } : {}),
  });
  const BAD: Array<[string, NativeWriteValue, NativeStorage | undefined, RegExp]> = [
    [
      'atomShape [2] on shape [3]',
      i32([3], [2]),
      undefined,
      /^value\.shape \[3\] does not end with its atomShape \[2\]/,
    ],
    [
      'a zero in atomShape',
      { ...i32([3, 2]), atomShape: [0] },
      undefined,
      /^atomShape must be an array of positive integers/,
    ],
    [
      'atomShape not an array',
      { ...i32([3, 2]), atomShape: 2 as never },
      undefined,
      /^atomShape must be an array/,
    ],
    [
      'a fill value of another dtype',
      i32([3, 2], [2]),
      { chunkshape: [2], fillValue: { dtype: 'float64', shape: [], data: Float64Array.of(1) } },
      /^storage\.fillValue\.dtype is float64, but the value's is int32/,
    ],
    [
      'a fill value of another shape',
      i32([3, 2], [2]),
      { chunkshape: [2], fillValue: { dtype: 'int32', shape: [3], data: Int32Array.of(1, 2, 3) } },
      /^storage\.fillValue\.shape must be \[\] or the value's atomShape \[2\], not \[3\]/,
    ],
    [
      'a fill string longer than the itemsize',
      { dtype: 'string', shape: [2], data: ['a', 'b'], itemsize: 2 },
      { chunkshape: [2], fillValue: { dtype: 'string', shape: [], data: ['abc'] } },
      /^storage\.fillValue holds a string of 3 bytes, longer than the value's itemsize \(2\)/,
    ],
    [
      'a fill value that is not an object',
      i32([2]),
      { chunkshape: [2], fillValue: 5 as never },
      /^storage\.fillValue must be an object/,
    ],
  ];

  function memory(): NativeFile {
    return tmp.track(
      addon.openFile({
        name: 'bad.h5',
        create: true,
        writable: true,
        driver: 'core',
        coreBackingStore: false,
      }),
    );
  }

  it.each(BAD)('%s: ERR_INVALID_ARG in both forms, no node', async (_label, value, storage, message) => {
    const f = memory();
    // The Promise form checks its arguments at the call, before anything is queued.
    for (const call of [
      () => f.createDataset('/x', value, [], storage),
      () => f.createDatasetAsync('/x', value, [], storage),
    ]) {
      expect(call).toThrow(message);
      expect(call).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG' }));
    }
    await f.flushAsync();
    expect(f.listChildren('/')).toEqual([]);
  });

  it("writes and appends whose atomShape is not the dataset's change nothing", async () => {
    const f = memory();
    f.createDataset('/p', i32([2, 2], [2]), [], { chunkshape: [2], maxshape: [null] });
    f.createDataset('/q', i32([2, 2]), [], { chunkshape: [2, 2], maxshape: [null, 2] });
    expect(() => f.writeDataset('/p', i32([1, 2, 2], [2, 2]))).toThrow(
      /^value\.atomShape \[2, 2\] is not \/p's array atom's \[2\]/,
    );
    expect(() => f.appendDataset('/q', i32([1, 2], [2]), 0)).toThrow(
      /^value\.atomShape \[2\] is not \/q's \(its elements are not arrays\)/,
    );
    await expect(f.appendDatasetAsync('/p', i32([1, 3], [3]), 0)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG',
    });
    expect(f.getDatasetInfo('/p').shape).toEqual([2]);
    expect(f.getDatasetInfo('/q').shape).toEqual([2, 2]);
  });
});
