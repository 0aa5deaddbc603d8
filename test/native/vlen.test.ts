// The binding's variable-length rows (binding/hdf5/vlen.h): createVlenDataset, appendVlen
// and readVlen in both forms, every numeric dtype and an array atom, selections, the
// errors (each leaves the dataset as it was, read back to prove it), and hostile files:
// a row whose stored length claims more than the file holds or maxReadBytes allows is a
// clean error, not a huge allocation. Values are the ones written here (h5py and PyTables
// reading them: test/interop/vlarray.test.ts).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

import { useTmpDir } from '../helpers/tmp';
import {
  native,
  type NativeFile,
  type NativeOpenOptions,
  type NativeStorage,
  type NativeVlenRead,
} from '../../lib/native';

const addon = native();
const tmp = useTmpDir('h5tables-vlen-');
const STORAGE: NativeStorage = { chunkshape: [4], maxshape: [null], filters: [] };

function mem(options: Partial<NativeOpenOptions> = {}): NativeFile {
  return tmp.track(
    addon.openFile({
      name: 'mem.h5',
      create: true,
      writable: true,
      driver: 'core',
      coreBackingStore: false,
      ...options,
    }),
  );
}

/** The rows of a read as plain arrays. */
function rows(read: NativeVlenRead): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i + 1 < read.offsets.length; i++)
    out.push(Array.from(read.data.subarray(read.offsets[i], read.offsets[i + 1]) as ArrayLike<unknown>));
  return out;
}

describe('createVlenDataset, appendVlen, readVlen', () => {
  it('writes and reads rows of every numeric dtype, empty rows included', () => {
    const f = mem();
    const cases = [
      ['int8', Int8Array.of(-1, 2)],
      ['uint8', Uint8Array.of(255)],
      ['int16', Int16Array.of(-300, 300, 1)],
      ['uint16', Uint16Array.of(65535)],
      ['int32', Int32Array.of(-(2 ** 31), 2 ** 31 - 1)],
      ['uint32', Uint32Array.of(2 ** 32 - 1)],
      ['int64', BigInt64Array.of(-(2n ** 63n), 2n ** 63n - 1n)],
      ['uint64', BigUint64Array.of(2n ** 64n - 1n)],
      ['float32', Float32Array.of(1.5, -0.25)],
      ['float64', Float64Array.of(Math.PI, -Infinity)],
      ['bool', Uint8Array.of(1, 0, 1)],
    ] as const;
    for (const [dtype, data] of cases) {
      const p = `/${dtype}`;
      f.createVlenDataset(p, { dtype }, undefined, STORAGE);
      expect(f.getDatasetInfo(p).vlen).toEqual({ dtype, atomShape: [] });
      expect(f.getDatasetInfo(p).dtype).toBeNull();
      expect(f.getDatasetInfo(p).shape).toEqual([0]);
      // Three rows: all of data, nothing, its first element.
      const flat = new (data.constructor as new (n: number) => typeof data)(data.length + 1);
      (flat as unknown as { set(a: ArrayLike<unknown>, o?: number): void }).set(data);
      (flat as unknown as { set(a: ArrayLike<unknown>, o?: number): void }).set(
        data.subarray(0, 1),
        data.length,
      );
      expect(
        f.appendVlen(p, {
          dtype,
          offsets: Float64Array.of(0, data.length, data.length, data.length + 1),
          data: flat,
        }),
      ).toEqual([3]);
      const read = f.readVlen(p);
      expect(read.dtype).toBe(dtype);
      expect(read.shape).toEqual([3]);
      expect(read.data).toBeInstanceOf(data.constructor);
      expect(rows(read)).toEqual([Array.from(data as ArrayLike<unknown>), [], [data[0]]]);
    }
  });

  it('an array atom: rows of whole atoms, offsets in elements', () => {
    const f = mem();
    f.createVlenDataset(
      '/a',
      { dtype: 'float64', atomShape: [2, 3] },
      [['TITLE', { dtype: 'string', shape: [], data: ['T'] }]],
      STORAGE,
    );
    expect(f.getDatasetInfo('/a').vlen).toEqual({ dtype: 'float64', atomShape: [2, 3] });
    expect(f.readAttribute('/a', 'TITLE').data).toEqual(['T']);
    const data = Float64Array.from({ length: 12 }, (_, i) => i);
    f.appendVlen('/a', { dtype: 'float64', atomShape: [2, 3], offsets: Float64Array.of(0, 12, 12), data });
    const read = f.readVlen('/a');
    expect(read.atomShape).toEqual([2, 3]);
    expect(Array.from(read.offsets)).toEqual([0, 12, 12]);
    // Not whole atoms: refused, nothing added.
    expect(() =>
      f.appendVlen('/a', {
        dtype: 'float64',
        atomShape: [2, 3],
        offsets: Float64Array.of(0, 5),
        data: new Float64Array(5),
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARG',
        message: expect.stringMatching(/whole atoms of 6/),
      }),
    );
    expect(f.readVlen('/a').shape).toEqual([2]);
  });

  it('reads a hyperslab of rows (start, count, step), in both forms', async () => {
    const f = mem();
    f.createVlenDataset('/v', { dtype: 'int32' }, undefined, STORAGE);
    const data = Int32Array.from({ length: 45 }, (_, i) => i);
    // Row i holds i elements (0..9).
    const offsets = Float64Array.from({ length: 11 }, (_, i) => (i * (i - 1)) / 2 + (i > 0 ? 0 : 0));
    for (let i = 0; i <= 10; i++) offsets[i] = (i * (i - 1)) / 2;
    f.appendVlen('/v', {
      dtype: 'int32',
      offsets: offsets.map((o) => o),
      data: data.subarray(0, offsets[10]),
    });
    const part = f.readVlen('/v', { start: [2], count: [3], step: [3] });
    expect(part.shape).toEqual([3]);
    expect(rows(part).map((r) => r.length)).toEqual([2, 5, 8]);
    expect(rows(part)[0]).toEqual([1, 2]);
    const later = await f.readVlenAsync('/v', { start: [9], count: [1], step: [1] });
    expect(rows(later)).toEqual([Array.from({ length: 9 }, (_, i) => 36 + i)]);
    expect(rows(f.readVlen('/v', { start: [0], count: [0], step: [1] }))).toEqual([]);
    expect(() => f.readVlen('/v', { start: [8], count: [3], step: [1] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG' }),
    );
  });

  it('the Promise forms create and append (the rows copied at the call)', async () => {
    const f = mem();
    await f.createVlenDatasetAsync('/v', { dtype: 'uint16' }, undefined, STORAGE);
    const data = Uint16Array.of(1, 2, 3);
    const pending = f.appendVlenAsync('/v', { dtype: 'uint16', offsets: Float64Array.of(0, 3), data });
    data.fill(9); // changed after the call: the append wrote what was there at the call
    expect(await pending).toEqual([1]);
    expect(rows(f.readVlen('/v'))).toEqual([[1, 2, 3]]);
  });
});

describe('writeVlen', () => {
  it('writes rows of any length over the rows a selection takes, in both forms; errors write nothing', async () => {
    const f = mem();
    f.createVlenDataset('/v', { dtype: 'int32' }, undefined, STORAGE);
    f.appendVlen('/v', {
      dtype: 'int32',
      offsets: Float64Array.of(0, 2, 3, 6),
      data: Int32Array.of(1, 2, 3, 4, 5, 6),
    });
    const data = Int32Array.of(9, 9, 9, 9);
    f.writeVlen(
      '/v',
      { dtype: 'int32', offsets: Float64Array.of(0, 0, 4), data },
      { start: [0], count: [2], step: [2] },
    );
    expect(rows(f.readVlen('/v'))).toEqual([[], [3], [9, 9, 9, 9]]);
    const later = Int32Array.of(7);
    const pending = f.writeVlenAsync(
      '/v',
      { dtype: 'int32', offsets: Float64Array.of(0, 1), data: later },
      { start: [1], count: [1], step: [1] },
    );
    later.fill(0); // copied at the call
    await pending;
    expect(rows(f.readVlen('/v'))).toEqual([[], [7], [9, 9, 9, 9]]);
    const one = { dtype: 'int32', offsets: Float64Array.of(0, 1), data: Int32Array.of(1) } as const;
    const invalid = expect.objectContaining({ code: 'ERR_INVALID_ARG' });
    expect(() => f.writeVlen('/v', one, { start: [0], count: [2], step: [1] })).toThrow(
      /takes 2 rows of \/v, but 1 rows were given/,
    );
    expect(() => f.writeVlen('/v', one, { start: [3], count: [1], step: [1] })).toThrow(invalid);
    expect(() => f.writeVlen('/v', one, undefined as never)).toThrow(/selection is required/);
    expect(() =>
      f.writeVlen(
        '/v',
        { ...one, dtype: 'int16', data: Int16Array.of(1) },
        { start: [0], count: [1], step: [1] },
      ),
    ).toThrow(invalid);
    expect(rows(f.readVlen('/v'))).toEqual([[], [7], [9, 9, 9, 9]]);
  });
});

describe('errors change nothing', () => {
  it('bad types, storage and names are ERR_INVALID_ARG or ERR_EXISTS before anything is made', () => {
    const f = mem();
    const invalid = expect.objectContaining({ code: 'ERR_INVALID_ARG' });
    expect(() => f.createVlenDataset('/s', { dtype: 'string' }, undefined, STORAGE)).toThrow(invalid);
    expect(() => f.createVlenDataset('/s', { dtype: 'nope' as 'int8' }, undefined, STORAGE)).toThrow(invalid);
    expect(() => f.createVlenDataset('/s', { dtype: 'int8', atomShape: [0] }, undefined, STORAGE)).toThrow(
      invalid,
    );
    expect(() =>
      f.createVlenDataset('/s', { dtype: 'int8' }, undefined, undefined as unknown as NativeStorage),
    ).toThrow(/storage is required/);
    expect(() => f.createVlenDataset('/s', { dtype: 'int8' }, undefined, { chunkshape: [2, 2] })).toThrow(
      invalid,
    );
    expect(() =>
      f.createVlenDataset('/s', { dtype: 'int8' }, undefined, {
        ...STORAGE,
        fillValue: { dtype: 'int8', shape: [], data: Int8Array.of(1) },
      }),
    ).toThrow(/fillValue/);
    expect(f.hasLink('/s')).toBe(false);
    f.createVlenDataset('/v', { dtype: 'int8' }, undefined, STORAGE);
    expect(() => f.createVlenDataset('/v', { dtype: 'int8' }, undefined, STORAGE)).toThrow(
      expect.objectContaining({ code: 'ERR_EXISTS' }),
    );
  });

  it('bad rows are ERR_INVALID_ARG and add nothing', () => {
    const f = mem();
    f.createVlenDataset('/v', { dtype: 'int32' }, undefined, STORAGE);
    f.appendVlen('/v', { dtype: 'int32', offsets: Float64Array.of(0, 1), data: Int32Array.of(5) });
    const invalid = expect.objectContaining({ code: 'ERR_INVALID_ARG' });
    const bad = [
      { dtype: 'int16', offsets: Float64Array.of(0, 1), data: Int16Array.of(1) }, // another dtype
      { dtype: 'int32', offsets: Float64Array.of(0, 1), data: Int16Array.of(1) }, // data not of dtype
      { dtype: 'int32', offsets: [0, 1], data: Int32Array.of(1) }, // offsets not a Float64Array
      { dtype: 'int32', offsets: Float64Array.of(0, 2), data: Int32Array.of(1) }, // beyond data
      { dtype: 'int32', offsets: Float64Array.of(0, 2, 1), data: Int32Array.of(1, 2) }, // decreasing... ends short
      { dtype: 'int32', offsets: Float64Array.of(1, 2), data: Int32Array.of(1, 2) }, // not from 0
      { dtype: 'int32', offsets: Float64Array.of(0, 0.5, 1), data: Int32Array.of(1) }, // not integers
      { dtype: 'int32', offsets: new Float64Array(0), data: Int32Array.of(1) },
      { dtype: 'int32', atomShape: [2], offsets: Float64Array.of(0, 2), data: Int32Array.of(1, 2) }, // another atom
    ];
    for (const rowsValue of bad) {
      expect(() => f.appendVlen('/v', rowsValue as never), JSON.stringify(rowsValue)).toThrow(invalid);
    }
    expect(rows(f.readVlen('/v'))).toEqual([[5]]);
    // Not a vlen dataset.
    f.createDataset('/plain', { dtype: 'int32', shape: [2], data: Int32Array.of(1, 2) });
    expect(() => f.readVlen('/plain')).toThrow(expect.objectContaining({ code: 'ERR_UNSUPPORTED_TYPE' }));
    expect(() =>
      f.appendVlen('/plain', { dtype: 'int32', offsets: Float64Array.of(0, 1), data: Int32Array.of(1) }),
    ).toThrow(invalid);
    expect(Array.from(f.readDataset('/plain').data as Int32Array)).toEqual([1, 2]);
    // readDataset refuses vlen data rather than misreading it.
    expect(() => f.readDataset('/v')).toThrow(expect.objectContaining({ code: 'ERR_UNSUPPORTED_TYPE' }));
  });

  it('a read-only file refuses the append; a closed one is ERR_CLOSED', () => {
    const p = tmp.path('ro.h5');
    const w = addon.openFile({ name: p, create: true, writable: true, driver: 'sec2' });
    w.createVlenDataset('/v', { dtype: 'int8' }, undefined, STORAGE);
    w.appendVlen('/v', { dtype: 'int8', offsets: Float64Array.of(0, 2), data: Int8Array.of(1, 2) });
    w.close();
    expect(() => w.readVlen('/v')).toThrow(expect.objectContaining({ code: 'ERR_CLOSED' }));
    const r = tmp.track(addon.openFile({ name: p, create: false, writable: false, driver: 'sec2' }));
    expect(() =>
      r.appendVlen('/v', { dtype: 'int8', offsets: Float64Array.of(0, 1), data: Int8Array.of(3) }),
    ).toThrow(expect.objectContaining({ code: 'ERR_HDF5' }));
    expect(rows(r.readVlen('/v'))).toEqual([[1, 2]]);
  });
});

describe('hostile files', () => {
  /** A file whose one row of 3 int32 (7, 8, 9) has its stored length patched to `length`. */
  function patched(length: number): string {
    const p = tmp.path(`hostile-${length}.h5`);
    const w = addon.openFile({ name: p, create: true, writable: true, driver: 'sec2' });
    w.createVlenDataset('/v', { dtype: 'int32' }, undefined, STORAGE);
    w.appendVlen('/v', { dtype: 'int32', offsets: Float64Array.of(0, 3), data: Int32Array.of(7, 8, 9) });
    w.close();
    const bytes = fs.readFileSync(p);
    // The row's descriptor: its length (u32), the global heap collection's address (u64), index 1 (u32).
    const gcol = bytes.indexOf('GCOL');
    expect(gcol).toBeGreaterThan(0);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(3, 0);
    descriptor.writeBigUInt64LE(BigInt(gcol), 4);
    descriptor.writeUInt32LE(1, 12);
    const at = bytes.indexOf(descriptor);
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf(descriptor, at + 1)).toBe(-1);
    bytes.writeUInt32LE(length, at);
    fs.writeFileSync(p, bytes);
    return p;
  }

  it('the unpatched file reads its row (the patch finds the right bytes)', () => {
    const p = patched(3);
    const r = tmp.track(addon.openFile({ name: p, create: false, writable: false, driver: 'sec2' }));
    expect(rows(r.readVlen('/v'))).toEqual([[7, 8, 9]]);
  });

  it("a length that is not the stored row's is ERR_HDF5, in both forms, and the file stays usable", async () => {
    const p = patched(1 << 20); // 4 MiB of int32 claimed by a file of a few KiB
    const r = tmp.track(addon.openFile({ name: p, create: false, writable: false, driver: 'sec2' }));
    // HDF5 1.12+ compares the length with the heap object's; on 1.10 h5tables' budget
    // (no more bytes than the file holds) refuses it.
    const damaged = /heap object size does not match|the file is damaged/;
    expect(() => r.readVlen('/v')).toThrow(
      expect.objectContaining({ code: 'ERR_HDF5', message: expect.stringMatching(damaged) }),
    );
    await expect(r.readVlenAsync('/v')).rejects.toThrow(damaged);
    expect(r.getDatasetInfo('/v').shape).toEqual([1]);
  });

  it('rows of more bytes than maxReadBytes are ERR_TOO_LARGE before the copy, in both forms', async () => {
    const p = tmp.path('big.h5');
    const w = addon.openFile({ name: p, create: true, writable: true, driver: 'sec2' });
    w.createVlenDataset('/v', { dtype: 'int32' }, undefined, STORAGE);
    w.appendVlen('/v', {
      dtype: 'int32',
      offsets: Float64Array.of(0, 300),
      data: new Int32Array(300).fill(4),
    });
    w.close();
    const small = tmp.track(
      addon.openFile({ name: p, create: false, writable: false, driver: 'sec2', maxReadBytes: 1024 }),
    );
    const tooLarge = expect.objectContaining({
      code: 'ERR_TOO_LARGE',
      message: expect.stringMatching(/maxReadBytes \(1024\)/),
    });
    expect(() => small.readVlen('/v')).toThrow(tooLarge);
    await expect(small.readVlenAsync('/v')).rejects.toEqual(tooLarge);
    const enough = tmp.track(
      addon.openFile({ name: p, create: false, writable: false, driver: 'sec2', maxReadBytes: 4096 }),
    );
    expect(rows(enough.readVlen('/v'))[0]).toHaveLength(300);
  });
});
