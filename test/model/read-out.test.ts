// Issue 13, item 2: PyTables' `out` argument of Array.read: the caller's TypedArray is
// filled and is the result's data; a wrong type or length is an error before anything is
// read; the Promise form never lets the HDF5 thread write memory JavaScript can detach.
import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Array as H5Array, openFile } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useScratch } from './model-helpers';

const scratch = useScratch();
const memory = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

interface Picked {
  results: Array<{ value?: { data: unknown[]; shape: number[] }; error?: string }>;
}

// PyTables (with h5py's lzf registered) checks the values; the error paths need neither.
const NO_PYTABLES = lacks('pytables', 'h5py');

describe('read(start, stop, step, { out })', () => {
  let onDisk: string;
  let pytables: Picked;
  const file = (): string => onDisk;
  beforeAll(() => {
    onDisk = `${fs.mkdtempSync('/tmp/h5tables-out-')}/out.h5`;
    const f = openFile(onDisk, 'w');
    f.createArray('/', 'x', { data: Float64Array.from({ length: 24 }, (_, i) => i * 1.5), shape: [6, 4] });
    f.createArray('/', 'i', BigInt64Array.from([1n, -2n, 3n]));
    f.createArray('/', 's', ['ab', 'cd']);
    f.close();
    // PyTables reads the same rows ([1:5:2] and everything) of the file h5tables wrote.
    const cases = path.join(path.dirname(onDisk), 'cases.json');
    fs.writeFileSync(
      cases,
      JSON.stringify([
        { node: '/x', keys: [{ slice: [1, 5, 2] }] },
        { node: '/x', keys: [null] },
      ]),
    );
    if (!NO_PYTABLES) pytables = runPython<Picked>('pt_select.py', [onDisk, cases]);
  });
  afterAll(() => fs.rmSync(path.dirname(onDisk), { recursive: true, force: true }));

  for (const where of ['disk', 'memory'] as const) {
    it.skipIf(NO_PYTABLES)(`fills out and returns it as data, as PyTables reads it (${where})`, async () => {
      const f = scratch.track(
        where === 'disk'
          ? openFile(file(), 'r')
          : openFile('out.h5', 'r', { ...memory, driverCoreImage: fs.readFileSync(file()) }),
      );
      const x = f.getNode('/x') as H5Array<'float64'>;
      const out = new Float64Array(8).fill(-1);
      const r = x.read(1, 5, 2, { out });
      expect(r.data).toBe(out);
      expect(r.shape).toEqual([2, 4]);
      expect(Array.from(out)).toEqual(pytables.results[0]!.value!.data);
      expect(Array.from(out)).toEqual(Array.from(x.read(1, 5, 2).data));
      const all = new Float64Array(24);
      const ra = await x.readAsync(null, null, null, { out: all });
      expect(ra.data).toBe(all);
      expect(Array.from(all)).toEqual(pytables.results[1]!.value!.data);
      // A view into a larger buffer: only its own elements are written.
      const big = new Float64Array(10).fill(-7);
      const view = new Float64Array(big.buffer, 8, 4);
      expect(x.read(2, 3, 1, { out: view }).data).toBe(view);
      expect(Array.from(big)).toEqual([-7, 12, 13.5, 15, 16.5, -7, -7, -7, -7, -7]);
      const empty = new Float64Array(0);
      expect(x.read(3, 3, 1, { out: empty }).data).toBe(empty);
    });
  }

  it('a wrong type or length is an error naming out, and out is left as it was', async () => {
    const f = scratch.track(openFile(file(), 'r'));
    const x = f.getNode('/x') as H5Array<'float64'>;
    const wrongType = new Float32Array(24).fill(9);
    expect(() => x.read(null, null, null, { out: wrongType as never })).toThrow(
      new TypeError("read: option 'out' must be a Float64Array (dtype float64), not Float32Array"),
    );
    expect(wrongType.every((v) => v === 9)).toBe(true);
    const short = new Float64Array(23).fill(9);
    expect(() => x.read(null, null, null, { out: short })).toThrow(
      new RangeError("read: option 'out' has 23 elements, the result has 24"),
    );
    expect(short.every((v) => v === 9)).toBe(true);
    expect(() => x.read(0, 1, 1, { out: [0, 0, 0, 0] as never })).toThrow(
      /option 'out' must be a Float64Array .*not Array/,
    );
    await expect(x.readAsync(0, 2, 1, { out: new Float64Array(4) })).rejects.toThrow(
      new RangeError("readAsync: option 'out' has 4 elements, the result has 8"),
    );
    const s = f.getNode('/s') as H5Array;
    expect(() => s.read(null, null, null, { out: new Uint8Array(2) as never })).toThrow(
      /'out' cannot hold strings/,
    );
    const i = f.getNode('/i') as H5Array<'int64'>;
    expect(() => i.read(null, null, null, { out: new Float64Array(3) as never, int64: 'number' })).toThrow(
      /'out' cannot be used with int64: 'number'/,
    );
    const ints = new BigInt64Array(3);
    expect(i.read(null, null, null, { out: ints }).data).toBe(ints);
    expect(Array.from(ints)).toEqual([1n, -2n, 3n]);
    expect(() => x.read(null, null, null, { outt: 1 } as never)).toThrow(/unknown option 'outt'/);
  });

  it('readAsync: a buffer transferred or detached while the read is queued is a TypeError, never written', async () => {
    for (const image of [false, true]) {
      const f = scratch.track(
        image
          ? openFile('o.h5', 'r', { ...memory, driverCoreImage: fs.readFileSync(file()) })
          : openFile(file(), 'r'),
      );
      const x = f.getNode('/x') as H5Array<'float64'>;
      const out = new Float64Array(24);
      const pending = x.readAsync(null, null, null, { out });
      const moved = structuredClone(out.buffer, { transfer: [out.buffer] });
      expect(out.byteLength).toBe(0);
      const error: unknown = await pending.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({
        code: 'ERR_INVALID_ARG',
        message: 'out was detached, transferred or resized while the read was queued',
      });
      expect(new Float64Array(moved).every((v) => v === 0)).toBe(true);
      // The file still reads.
      expect((await x.readAsync(5)).data).toEqual(new Float64Array([30, 31.5, 33, 34.5]));
    }
  });

  it('out over a SharedArrayBuffer is filled; a resizable buffer shrunk while queued is an error', async () => {
    const f = scratch.track(openFile('o.h5', 'r', { ...memory, driverCoreImage: fs.readFileSync(file()) }));
    const x = f.getNode('/x') as H5Array<'float64'>;
    const want = Array.from(x.read(1, 3).data);
    const shared = new Float64Array(new SharedArrayBuffer(64));
    expect(x.read(1, 3, 1, { out: shared }).data).toBe(shared);
    expect(Array.from(shared)).toEqual(want);
    shared.fill(0);
    expect((await x.readAsync(1, 3, 1, { out: shared })).data).toBe(shared);
    expect(Array.from(shared)).toEqual(want);
    const Resizable = ArrayBuffer as unknown as new (
      n: number,
      o: { maxByteLength: number },
    ) => ArrayBuffer & {
      resize(n: number): void;
    };
    const buffer = new Resizable(64, { maxByteLength: 128 });
    const out = new Float64Array(buffer, 0, 8);
    const pending = x.readAsync(1, 3, 1, { out });
    buffer.resize(16);
    await expect(pending).rejects.toThrow(
      /out was detached, transferred or resized while the read was queued/,
    );
  });

  it('the native layer checks out itself: size, type', () => {
    const f = scratch.track(openFile(file(), 'r'));
    const nat = f._nat();
    expect(() => nat.readDataset('/x', undefined, new Float64Array(3))).toThrow(
      /out has 24 bytes, the read needs 192/,
    );
    expect(() => nat.readDataset('/x', undefined, new Uint8Array(192))).toThrow(
      /out is not the TypedArray of dtype float64/,
    );
  });
});
