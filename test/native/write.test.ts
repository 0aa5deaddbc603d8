// Issue 11, native writes: writeDataset (whole or a hyperslab), setExtent and appendDataset
// (a failed append adds nothing), both forms, into datasets h5py made (chunked with gzip,
// blosc and lzf; contiguous; strings, bools, array atoms), on disk, in CORE files with and
// without a backing store and in images. Every open handle sees a new extent. h5py reads
// back what was written; every error leaves the data as it was (read back to prove it).
// The expected values are computed here from what h5py says the file held before.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lacks } from '../helpers/interop';
import { runPython, type PyArray, type PyScalar } from '../helpers/python';
import { makeTmpDir, removeDir, useTmpDir } from '../helpers/tmp';
import {
  native,
  type NativeFile,
  type NativeOpenOptions,
  type NativeReadValue,
  type NativeSelection,
  type NativeWriteValue,
} from '../../lib/native';

const addon = native();

interface PyDataset {
  value: PyArray | null;
  shape: number[] | null;
  maxshape: Array<number | null> | null;
  chunks: number[] | null;
  filters: number[];
}
type PyFile = Record<string, PyDataset>;
type Item = number | string;

const py = (mode: 'make' | 'read', file: string): PyFile =>
  runPython<{ datasets: PyFile }>('h5py_nwrite.py', [mode, file]).datasets;

/** h5py's elements as h5tables reads them: bools as 0/1, bytes as strings. */
function items(value: PyArray | null): Item[] {
  if (!value) return [];
  return value.data.map((x: PyScalar): Item => {
    if (typeof x === 'boolean') return x ? 1 : 0;
    if (typeof x === 'number' || typeof x === 'string') return x;
    if (x !== null && typeof x === 'object' && 'bytes' in x) return x.bytes;
    throw new Error(`unexpected element ${JSON.stringify(x)}`);
  });
}

const plain = (read: NativeReadValue): Item[] =>
  Array.isArray(read.data) ? read.data : Array.from(read.data as ArrayLike<number>);
/** What identifies an error: its class, code, message and HDF5 stack. */
function fields(e: unknown): object {
  const error = e as Error & { code?: unknown; hdf5Stack?: unknown };
  return { name: error.constructor.name, code: error.code, message: error.message, stack: error.hdf5Stack };
}
const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** The C-order index of each element of `shape` (as its coordinates). */
function* coordinates(shape: number[]): Generator<number[]> {
  const n = product(shape);
  for (let k = 0; k < n; k++) {
    const at = new Array<number>(shape.length);
    let rest = k;
    for (let d = shape.length - 1; d >= 0; d--) {
      at[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    yield at;
  }
}
const offset = (at: number[], shape: number[]): number => at.reduce((o, i, d) => o * shape[d] + i, 0);

/** flat (of shape) with value written over the hyperslab (value in C order over its counts). */
function written<T>(flat: T[], shape: number[], sel: NativeSelection, value: T[]): T[] {
  const out = flat.slice();
  let k = 0;
  for (const at of coordinates(sel.count)) {
    out[
      offset(
        at.map((i, d) => sel.start[d] + i * sel.step[d]),
        shape,
      )
    ] = value[k++];
  }
  return out;
}

/** flat (of shape) as the dataset holds it after its extent became next: fill where new. */
function resized<T>(flat: T[], shape: number[], next: number[], fill: T): T[] {
  const out: T[] = [];
  for (const at of coordinates(next))
    out.push(at.every((i, d) => i < shape[d]) ? flat[offset(at, shape)] : fill);
  return out;
}

/** flat after appending value (of shape valueShape) along axis. */
function appended<T>(flat: T[], shape: number[], axis: number, value: T[], valueShape: number[]): T[] {
  const next = shape.map((n, d) => (d === axis ? n + valueShape[d] : n));
  const start = shape.map((n, d) => (d === axis ? n : 0));
  const grown = resized(flat, shape, next, value[0]);
  return written(grown, next, { start, count: valueShape, step: valueShape.map(() => 1) }, value);
}

const ramp = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
const f64 = (shape: number[], data: number[]): NativeWriteValue => ({
  dtype: 'float64',
  shape,
  data: Float64Array.from(data),
});
const i32 = (shape: number[], data: number[]): NativeWriteValue => ({
  dtype: 'int32',
  shape,
  data: Int32Array.from(data),
});
const strings = (shape: number[], data: string[]): NativeWriteValue => ({ dtype: 'string', shape, data });

describe.skipIf(lacks('h5py', 'pytables'))('native writes into existing datasets', () => {
  const tmp = useTmpDir('h5tables-nwrite-');
  let templateDir = '';
  let template = '';
  let before: PyFile = {};
  beforeAll(() => {
    templateDir = makeTmpDir('h5tables-nwrite-template-');
    template = path.join(templateDir, 't.h5');
    before = py('make', template);
  });
  afterAll(() => removeDir(templateDir));

  /** A fresh copy of h5py's file. */
  function copy(name = 'a.h5'): string {
    const p = tmp.path(name);
    fs.copyFileSync(template, p);
    return p;
  }
  function open(p: string, options: Partial<NativeOpenOptions> = {}): NativeFile {
    return tmp.track(addon.openFile({ name: p, create: false, writable: true, driver: 'sec2', ...options }));
  }
  const start = (name: string): Item[] => items(before[name].value);
  const shapeOf = (name: string): number[] => before[name].value?.shape ?? [];
  /** Every dataset as h5tables reads it (the NULL one: its shape null). */
  function snapshot(f: NativeFile): Record<string, NativeReadValue> {
    return Object.fromEntries(Object.keys(before).map((name) => [name, f.readDataset(`/${name}`)]));
  }

  it("h5tables reads h5py's datasets as h5py does (the starting point of every test)", () => {
    const f = open(copy(), { writable: false });
    for (const [name, d] of Object.entries(before)) {
      const read = f.readDataset(`/${name}`);
      expect(plain(read), name).toEqual(items(d.value));
      expect(read.shape, name).toEqual(d.value ? d.value.shape : null);
      const info = f.getDatasetInfo(`/${name}`);
      expect(info.chunkshape, name).toEqual(d.chunks);
    }
  });

  it('writes whole datasets and strided hyperslabs, 1-D to 3-D, in both forms; h5py reads them back', async () => {
    const p = copy();
    const f = open(p);
    const want: Record<string, Item[]> = {};

    const e1 = ramp(10, (i) => -i * 1.25);
    f.writeDataset('/e1', f64([10], e1));
    want.e1 = e1;

    const e2: NativeSelection = { start: [0, 1], count: [2, 2], step: [2, 2] };
    const e2v = [100, 200, 300, 400];
    await f.writeDatasetAsync('/e2', i32([2, 2], e2v), e2);
    want.e2 = written(start('e2'), shapeOf('e2'), e2, e2v);

    // 3-D, crossing chunks (1, 3, 2) in dimensions 0 and 2.
    const e3: NativeSelection = { start: [0, 1, 0], count: [2, 1, 2], step: [1, 1, 3] };
    const e3v = [0.5, -0.5, 1.5, -1.5];
    f.writeDataset('/e3', { dtype: 'float32', shape: [2, 1, 2], data: Float32Array.from(e3v) }, e3);
    want.e3 = written(start('e3'), shapeOf('e3'), e3, e3v);

    const grid: NativeSelection = { start: [1, 0, 1], count: [2, 2, 2], step: [1, 3, 2] };
    const gridv = ramp(8, (i) => -100 - i);
    await f.writeDatasetAsync(
      '/grid',
      { dtype: 'int16', shape: [2, 2, 2], data: Int16Array.from(gridv) },
      grid,
    );
    want.grid = written(start('grid'), shapeOf('grid'), grid, gridv);

    f.writeDataset('/scalar', f64([], [-7.25]));
    want.scalar = [-7.25];

    // An empty selection writes nothing, and is no error.
    await f.writeDatasetAsync('/e2', i32([0, 4], []), { start: [1, 0], count: [0, 4], step: [1, 1] });

    for (const [name, values] of Object.entries(want))
      expect(plain(f.readDataset(`/${name}`)), name).toEqual(values);
    f.close();
    const after = py('read', p);
    for (const [name, values] of Object.entries(want)) expect(items(after[name].value), name).toEqual(values);
    expect(items(after.contig.value)).toEqual(start('contig')); // the rest as it was
  });

  it('writes and appends through gzip + shuffle, blosc:lz4 and lzf chunks, across chunk boundaries', async () => {
    const p = copy();
    const f = open(p);
    const blosc: NativeSelection = { start: [1, 1], count: [3, 3], step: [1, 1] }; // rows 1-3 span chunks of 3
    const bloscv = ramp(9, (i) => 1000 + i / 8);
    f.writeDataset('/blosc', f64([3, 3], bloscv), blosc);
    let wantBlosc = written(start('blosc'), [4, 5], blosc, bloscv);
    const more = ramp(15, (i) => -1 - i);
    expect(await f.appendDatasetAsync('/blosc', f64([3, 5], more), 0)).toEqual([7, 5]);
    wantBlosc = appended(wantBlosc, [4, 5], 0, more, [3, 5]);

    const lzf: NativeSelection = { start: [2, 0], count: [3, 5], step: [1, 1] }; // rows 2-4 span chunks of 4
    const lzfv = ramp(15, (i) => 60000 + i);
    await f.writeDatasetAsync('/lzf', { dtype: 'uint16', shape: [3, 5], data: Uint16Array.from(lzfv) }, lzf);
    const wantLzf = written(start('lzf'), [6, 5], lzf, lzfv);

    const e1more = [9, 8, 7, 6, 5];
    expect(f.appendDataset('/e1', f64([5], e1more), 0)).toEqual([15]);
    const wantE1 = appended(start('e1'), [10], 0, e1more, [5]);

    expect(plain(f.readDataset('/blosc'))).toEqual(wantBlosc);
    expect(plain(f.readDataset('/lzf'))).toEqual(wantLzf);
    expect(plain(f.readDataset('/e1'))).toEqual(wantE1);
    f.close();
    const after = py('read', p);
    expect(items(after.blosc.value)).toEqual(wantBlosc);
    expect(after.blosc.shape).toEqual([7, 5]);
    expect(items(after.lzf.value)).toEqual(wantLzf);
    expect(items(after.e1.value)).toEqual(wantE1);
    // The pipelines are still there, and were used.
    for (const name of ['blosc', 'lzf', 'e1', 'e2'])
      expect(after[name].filters, name).toEqual(before[name].filters);
  });

  it('HDF5 converts: numbers of another dtype (clipped to the stored range), strings of another size, bools, array atoms', async () => {
    const p = copy();
    const f = open(p);
    // float64 into uint8: HDF5 clips to [0, 255], truncates toward zero and writes NaN as 0.
    const u8 = [300, -5, 2.7, Number.NaN];
    f.writeDataset('/u8', f64([4], u8));
    const wantU8 = u8.map((x) => (Number.isNaN(x) ? 0 : Math.min(255, Math.max(0, Math.trunc(x)))));
    // int32 into float64, exactly.
    await f.writeDatasetAsync('/e1', i32([2], [-3, 1 << 30]), { start: [8], count: [2], step: [1] });
    const wantE1 = written(start('e1'), [10], { start: [8], count: [2], step: [1] }, [-3, 1 << 30]);
    // Fixed strings of other sizes into |S6: HDF5 pads, or cuts at the stored size.
    const fixed = ['xy', 'much-longer', ''];
    f.writeDataset('/fixed', strings([3], fixed));
    const wantFixed = fixed.map((s) => s.slice(0, 6));
    await f.appendDatasetAsync('/fixed', { ...strings([1], ['kl']), itemsize: 2, charset: 'ascii' }, 0);
    wantFixed.push('kl');
    // Strings into h5py's variable-length strings, non-ASCII too.
    f.writeDataset('/vlen', strings([2], ['α-β', '']));
    expect(f.appendDataset('/vlen', strings([2], ['three', 'quatre']), 0)).toEqual([4]);
    const wantVlen = ['α-β', '', 'three', 'quatre'];
    // bool into h5py's bool enum.
    f.writeDataset(
      '/bools',
      { dtype: 'bool', shape: [2], data: Uint8Array.of(0, 1) },
      { start: [1], count: [2], step: [1] },
    );
    expect(f.appendDataset('/bools', { dtype: 'bool', shape: [1], data: Uint8Array.of(1) }, 0)).toEqual([4]);
    const wantBools = [...written(start('bools'), [3], { start: [1], count: [2], step: [1] }, [0, 1]), 1];
    // An array atom (2,): its dimensions come last in value.shape.
    const atomSel: NativeSelection = { start: [1], count: [2], step: [1] };
    f.writeDataset('/atom', f64([2, 2], [-1, -2, -3, -4]), atomSel);
    let wantAtom = written(
      start('atom'),
      [3, 2],
      { start: [1, 0], count: [2, 2], step: [1, 1] },
      [-1, -2, -3, -4],
    );
    expect(await f.appendDatasetAsync('/atom', f64([1, 2], [8, 9]), 0)).toEqual([4]);
    wantAtom = [...wantAtom, 8, 9];
    expect(f.getDatasetInfo('/atom')).toMatchObject({ shape: [4], atomShape: [2] });

    const want: Record<string, Item[]> = {
      u8: wantU8,
      e1: wantE1,
      fixed: wantFixed,
      vlen: wantVlen,
      bools: wantBools,
      atom: wantAtom,
    };
    for (const [name, values] of Object.entries(want))
      expect(plain(f.readDataset(`/${name}`)), name).toEqual(values);
    f.close();
    const after = py('read', p);
    for (const [name, values] of Object.entries(want)) expect(items(after[name].value), name).toEqual(values);
    expect(after.atom.value?.shape).toEqual([4, 2]);
  });

  it('setExtent grows (new elements are the fill value) and shrinks, in both forms', async () => {
    const p = copy();
    const f = open(p);
    f.setExtent('/e2', [5, 4]);
    const wantE2 = resized(start('e2'), [3, 4], [5, 4], 0);
    await f.setExtentAsync('/e3', [1, 3, 6]); // shrinks dimension 0, grows the unlimited dimension 2
    const wantE3 = resized(start('e3'), [2, 3, 4], [1, 3, 6], 0);
    await f.setExtentAsync('/e1', [10]); // unchanged: nothing to do
    f.setExtent('/contig', [6]); // unchanged: allowed even when not chunked
    expect(f.getDatasetInfo('/e2').shape).toEqual([5, 4]);
    expect(plain(f.readDataset('/e2'))).toEqual(wantE2);
    expect(plain(f.readDataset('/e3'))).toEqual(wantE3);
    f.close();
    const after = py('read', p);
    expect(after.e2.shape).toEqual([5, 4]);
    expect(items(after.e2.value)).toEqual(wantE2);
    expect(after.e3.shape).toEqual([1, 3, 6]);
    expect(items(after.e3.value)).toEqual(wantE3);
    expect(items(after.e1.value)).toEqual(start('e1'));
  });

  it('appendDataset along any axis, 1-D to 3-D, in both forms; a zero-length append adds nothing', async () => {
    const p = copy();
    const f = open(p);
    const e1v = [0.125, 0.25, 0.375];
    expect(f.appendDataset('/e1', f64([3], e1v), 0)).toEqual([13]);
    const e2v = ramp(8, (i) => 50 + i);
    expect(await f.appendDatasetAsync('/e2', i32([2, 4], e2v), 0)).toEqual([5, 4]);
    const e3v = ramp(12, (i) => i / 2);
    const e3 = { dtype: 'float32' as const, shape: [2, 3, 2], data: Float32Array.from(e3v) };
    expect(f.appendDataset('/e3', e3, 2)).toEqual([2, 3, 6]); // the unlimited last dimension
    expect(
      await f.appendDatasetAsync('/e3', { ...e3, shape: [2, 3, 0], data: new Float32Array(0) }, 2),
    ).toEqual([2, 3, 6]);
    expect(f.appendDataset('/e1', f64([0], []), 0)).toEqual([13]);
    const want = {
      e1: appended(start('e1'), [10], 0, e1v, [3]),
      e2: appended(start('e2'), [3, 4], 0, e2v, [2, 4]),
      e3: appended(start('e3'), [2, 3, 4], 2, e3v, [2, 3, 2]),
    };
    for (const [name, values] of Object.entries(want))
      expect(plain(f.readDataset(`/${name}`)), name).toEqual(values);
    f.close();
    const after = py('read', p);
    for (const [name, values] of Object.entries(want)) expect(items(after[name].value), name).toEqual(values);
    expect([after.e1.shape, after.e2.shape, after.e3.shape]).toEqual([[13], [5, 4], [2, 3, 6]]);
  });

  it('every open handle sees a new extent: NativeDatasets opened before, and the path calls', async () => {
    const f = open(copy());
    const h = f.openDataset('/e2');
    const other = f.openDataset('/e2');
    // Their sizes are known to the read hints before the change.
    expect((await h.readAsync()).shape).toEqual([3, 4]);
    expect((await f.readDatasetAsync('/e2')).shape).toEqual([3, 4]);
    const v = ramp(4, (i) => 7 * i);
    expect(f.appendDataset('/e2', i32([1, 4], v), 0)).toEqual([4, 4]);
    let want = appended(start('e2'), [3, 4], 0, v, [1, 4]);
    expect(h.getInfo().shape).toEqual([4, 4]);
    expect((await other.getInfoAsync()).shape).toEqual([4, 4]);
    expect(plain(h.read())).toEqual(want);
    expect(plain(await h.readAsync())).toEqual(want);
    expect(plain(await other.readAsync({ start: [3, 0], count: [1, 4], step: [1, 1] }))).toEqual(v);
    expect(plain(await f.readDatasetAsync('/e2'))).toEqual(want);

    // Queued together: a read queued after an append sees it, one queued before does not.
    const first = h.readAsync();
    const grow = f.appendDatasetAsync(
      '/e2',
      i32(
        [2, 4],
        ramp(8, (i) => -1 - i),
      ),
      0,
    );
    const second = h.readAsync();
    const third = f.readDatasetAsync('/e2');
    expect((await first).shape).toEqual([4, 4]);
    expect(await grow).toEqual([6, 4]);
    want = appended(
      want,
      [4, 4],
      0,
      ramp(8, (i) => -1 - i),
      [2, 4],
    );
    expect(plain(await second)).toEqual(want);
    expect(plain(await third)).toEqual(want);

    // Shrinking too, and a handle opened after.
    await f.setExtentAsync('/e2', [2, 4]);
    want = want.slice(0, 8);
    expect(h.getInfo().shape).toEqual([2, 4]);
    expect(plain(await h.readAsync())).toEqual(want);
    expect(plain(await other.readAsync())).toEqual(want);
    expect(plain(f.openDataset('/e2').read())).toEqual(want);
    expect(f.getDatasetInfo('/e2').shape).toEqual([2, 4]);
    // Reading past the new end is the usual selection error.
    expect(() => h.read({ start: [2, 0], count: [1, 4], step: [1, 1] })).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARG',
        message: expect.stringMatching(/out of the dataset's extent/),
      }),
    );
  });

  it('the Promise forms copy the value at the call: changing it afterwards changes nothing', async () => {
    const f = open(copy());
    const value = f64(
      [10],
      ramp(10, (i) => i + 0.5),
    );
    const writing = f.writeDatasetAsync('/e1', value);
    const more = f64([2], [1, 2]);
    const appending = f.appendDatasetAsync('/e1', more, 0);
    (value.data as Float64Array).fill(-1);
    (more.data as Float64Array).fill(-1);
    await writing;
    await appending;
    expect(plain(f.readDataset('/e1'))).toEqual([...ramp(10, (i) => i + 0.5), 1, 2]);
  });

  describe('in memory', () => {
    it('CORE without a backing store: the writes reach the image, not the disk file', async () => {
      const p = copy();
      const f = open(p, { driver: 'core', coreBackingStore: false });
      await f.writeDatasetAsync('/e2', i32([1, 4], [1, 1, 1, 1]), {
        start: [2, 0],
        count: [1, 4],
        step: [1, 1],
      });
      expect(await f.appendDatasetAsync('/blosc', f64([1, 5], [5, 4, 3, 2, 1]), 0)).toEqual([5, 5]);
      f.setExtent('/e1', [4]);
      const want = {
        e2: written(start('e2'), [3, 4], { start: [2, 0], count: [1, 4], step: [1, 1] }, [1, 1, 1, 1]),
        blosc: appended(start('blosc'), [4, 5], 0, [5, 4, 3, 2, 1], [1, 5]),
        e1: start('e1').slice(0, 4),
      };
      await f.flushAsync();
      const image = await f.getFileImageAsync();
      f.close();
      const again = open('from-image.h5', {
        driver: 'core',
        coreBackingStore: false,
        writable: false,
        image,
      });
      for (const [name, values] of Object.entries(want))
        expect(plain(again.readDataset(`/${name}`)), name).toEqual(values);
      again.close();
      // The disk file is as h5py left it; the image, saved, is what h5py reads.
      expect(py('read', p)).toEqual(before);
      const saved = tmp.path('saved.h5');
      fs.writeFileSync(saved, image);
      const after = py('read', saved);
      for (const [name, values] of Object.entries(want))
        expect(items(after[name].value), name).toEqual(values);
    });

    it('CORE with a backing store: h5py reads the writes once the file is closed', () => {
      const p = copy();
      const f = open(p, { driver: 'core', coreBackingStore: true });
      const v = ramp(12, (i) => i * i);
      f.appendDataset('/e3', { dtype: 'float32', shape: [1, 3, 4], data: Float32Array.from(v) }, 0);
      f.writeDataset(
        '/u8',
        { dtype: 'uint8', shape: [2], data: Uint8Array.of(9, 8) },
        { start: [0], count: [2], step: [2] },
      );
      f.close();
      const after = py('read', p);
      expect(items(after.e3.value)).toEqual(appended(start('e3'), [2, 3, 4], 0, v, [1, 3, 4]));
      expect(items(after.u8.value)).toEqual(
        written(start('u8'), [4], { start: [0], count: [2], step: [2] }, [9, 8]),
      );
    });

    it('an image opened writable: writes, appends, takeFileImage, reopened and read by h5py', async () => {
      const f = open('image.h5', { driver: 'core', coreBackingStore: false, image: fs.readFileSync(copy()) });
      expect(
        await f.appendDatasetAsync(
          '/lzf',
          { dtype: 'uint16', shape: [2, 5], data: Uint16Array.of(...ramp(10, (i) => i + 1)) },
          0,
        ),
      ).toEqual([8, 5]);
      f.writeDataset('/vlen', strings([1], ['image']), { start: [1], count: [1], step: [1] });
      const image = f.takeFileImage();
      const wantLzf = appended(
        start('lzf'),
        [6, 5],
        0,
        ramp(10, (i) => i + 1),
        [2, 5],
      );
      const again = open('image-2.h5', { driver: 'core', coreBackingStore: false, writable: false, image });
      expect(plain(again.readDataset('/lzf'))).toEqual(wantLzf);
      expect(plain(again.readDataset('/vlen'))).toEqual(['one', 'image']);
      again.close();
      const saved = tmp.path('saved.h5');
      fs.writeFileSync(saved, image);
      const after = py('read', saved);
      expect(items(after.lzf.value)).toEqual(wantLzf);
      expect(items(after.vlen.value)).toEqual(['one', 'image']);
    });
  });

  describe('errors: clear, in both forms alike, and nothing changes', () => {
    interface Case {
      label: string;
      op: 'writeDataset' | 'setExtent' | 'appendDataset';
      args: unknown[];
      code: string;
      message: RegExp;
    }
    const e2 = (shape: number[]) => i32(shape, new Array<number>(product(shape)).fill(99));
    const cases: Case[] = [
      {
        label: 'a value of the wrong rank',
        op: 'writeDataset',
        args: ['/e2', e2([12])],
        code: 'ERR_INVALID_ARG',
        message: /^value\.shape \[12\] does not match \/e2's shape \[3, 4\]$/,
      },
      {
        label: 'a value of the wrong shape',
        op: 'writeDataset',
        args: ['/e2', e2([4, 3])],
        code: 'ERR_INVALID_ARG',
        message: /^value\.shape \[4, 3\] does not match/,
      },
      {
        label: 'data of the wrong length',
        op: 'writeDataset',
        args: ['/e2', i32([3, 4], [1, 2])],
        code: 'ERR_INVALID_ARG',
        message: /^data has 2 elements, shape needs 12$/,
      },
      {
        label: 'a value that is not the selection',
        op: 'writeDataset',
        args: ['/e2', e2([2, 2]), { start: [0, 0], count: [2, 3], step: [1, 1] }],
        code: 'ERR_INVALID_ARG',
        message: /^value\.shape \[2, 2\] does not match the selection's counts \[2, 3\]$/,
      },
      {
        label: 'a selection beyond the extent',
        op: 'writeDataset',
        args: ['/e2', e2([2, 4]), { start: [2, 0], count: [2, 4], step: [1, 1] }],
        code: 'ERR_INVALID_ARG',
        message: /out of the dataset's extent in dimension 0/,
      },
      {
        label: 'a strided selection beyond the extent',
        op: 'writeDataset',
        args: [
          '/e3',
          { dtype: 'float32', shape: [1, 1, 2], data: new Float32Array(2) },
          { start: [0, 0, 1], count: [1, 1, 2], step: [1, 1, 3] },
        ],
        code: 'ERR_INVALID_ARG',
        message: /out of the dataset's extent in dimension 2/,
      },
      {
        label: 'a selection of the wrong rank',
        op: 'writeDataset',
        args: ['/e2', e2([2]), { start: [0], count: [2], step: [1] }],
        code: 'ERR_INVALID_ARG',
        message: /selection rank 1 does not match dataset rank 2/,
      },
      {
        label: 'the array atom left out',
        op: 'writeDataset',
        args: ['/atom', f64([3], [1, 2, 3])],
        code: 'ERR_INVALID_ARG',
        message:
          /value\.shape \[3\] does not match \/atom's shape \[3, 2\] \(the array atom's dimensions last\)/,
      },
      {
        label: 'a NULL dataspace',
        op: 'writeDataset',
        args: ['/null', f64([], [1])],
        code: 'ERR_INVALID_ARG',
        message: /^cannot write into \/null: its dataspace is NULL/,
      },
      {
        label: 'a NULL value',
        op: 'writeDataset',
        args: ['/e1', { dtype: 'float64', shape: null, data: new Float64Array(0) }],
        code: 'ERR_INVALID_ARG',
        message: /^value\.shape must be an array/,
      },
      {
        label: 'numbers into strings (HDF5 has no conversion)',
        op: 'writeDataset',
        args: ['/fixed', i32([3], [1, 2, 3])],
        code: 'ERR_HDF5',
        message: /^H5Dwrite failed: .*no appropriate function for conversion path/,
      },
      {
        label: 'beyond maxshape',
        op: 'setExtent',
        args: ['/e2', [3, 5]],
        code: 'ERR_INVALID_ARG',
        message: /^shape: dimension 1 would be 5, beyond \/e2's maxshape\[1\] \(4\)$/,
      },
      {
        label: 'a contiguous dataset',
        op: 'setExtent',
        args: ['/contig', [3]],
        code: 'ERR_INVALID_ARG',
        message: /^the extent of \/contig cannot change: it is not chunked/,
      },
      {
        label: 'a shape of the wrong rank',
        op: 'setExtent',
        args: ['/e2', [3]],
        code: 'ERR_INVALID_ARG',
        message: /^shape has 1 dimensions; \/e2 has 2$/,
      },
      {
        label: 'a scalar',
        op: 'setExtent',
        args: ['/scalar', [1]],
        code: 'ERR_INVALID_ARG',
        message: /^\/scalar is a scalar: its extent cannot change$/,
      },
      {
        label: 'a shape that is not integers',
        op: 'setExtent',
        args: ['/e1', [1.5]],
        code: 'ERR_INVALID_ARG',
        message: /^shape must be an array of non-negative integers$/,
      },
      {
        label: 'a shape that is not an array',
        op: 'setExtent',
        args: ['/e1', 12],
        code: 'ERR_INVALID_ARG',
        message: /^shape must be an array of non-negative integers$/,
      },
      {
        label: 'other dimensions that differ',
        op: 'appendDataset',
        args: ['/e2', e2([1, 3]), 0],
        code: 'ERR_INVALID_ARG',
        message:
          /^value\.shape \[1, 3\] does not fit \/e2 \(shape \[3, 4\]\): every dimension but axis 0 must be the dataset's$/,
      },
      {
        label: 'a value of another rank',
        op: 'appendDataset',
        args: ['/e2', e2([4]), 0],
        code: 'ERR_INVALID_ARG',
        message: /^value\.shape \[4\] does not fit \/e2/,
      },
      {
        label: 'an axis out of range',
        op: 'appendDataset',
        args: ['/e2', e2([1, 4]), 2],
        code: 'ERR_INVALID_ARG',
        message: /^axis 2 is out of range: \/e2 has 2 dimensions$/,
      },
      {
        label: 'a negative axis',
        op: 'appendDataset',
        args: ['/e2', e2([1, 4]), -1],
        code: 'ERR_INVALID_ARG',
        message: /^axis must be an integer from 0 to 31$/,
      },
      {
        label: 'an axis that is not a number',
        op: 'appendDataset',
        args: ['/e2', e2([1, 4]), '0'],
        code: 'ERR_INVALID_ARG',
        message: /^axis must be an integer from 0 to 31$/,
      },
      {
        label: 'an axis that is not an integer',
        op: 'appendDataset',
        args: ['/e2', e2([1, 4]), 0.5],
        code: 'ERR_INVALID_ARG',
        message: /^axis must be an integer from 0 to 31$/,
      },
      {
        label: 'beyond maxshape',
        op: 'appendDataset',
        args: ['/lzf', { dtype: 'uint16', shape: [3, 5], data: new Uint16Array(15) }, 0],
        code: 'ERR_INVALID_ARG',
        message: /^appending 3 along axis 0: dimension 0 would be 9, beyond \/lzf's maxshape\[0\] \(8\)$/,
      },
      {
        label: 'a fixed dimension',
        op: 'appendDataset',
        args: ['/e2', e2([3, 1]), 1],
        code: 'ERR_INVALID_ARG',
        message: /^appending 1 along axis 1: dimension 1 would be 5, beyond \/e2's maxshape\[1\] \(4\)$/,
      },
      {
        label: 'no axis',
        op: 'appendDataset',
        args: ['/e1', f64([1], [1])],
        code: 'ERR_INVALID_ARG',
        message: /^axis must be an integer from 0 to 31$/,
      },
      {
        label: 'a contiguous dataset',
        op: 'appendDataset',
        args: ['/contig', i32([1], [1]), 0],
        code: 'ERR_INVALID_ARG',
        message: /^the extent of \/contig cannot change: it is not chunked/,
      },
      {
        label: 'a scalar',
        op: 'appendDataset',
        args: ['/scalar', f64([1], [1]), 0],
        code: 'ERR_INVALID_ARG',
        message: /^\/scalar is a scalar: nothing can be appended to it$/,
      },
      // HDF5 refuses the conversion after the extent grew: the extent is set back.
      {
        label: 'numbers into variable-length strings (rolled back)',
        op: 'appendDataset',
        args: ['/vlen', i32([2], [1, 2]), 0],
        code: 'ERR_HDF5',
        message: /^H5Dwrite failed: .*no appropriate function for conversion path/,
      },
      {
        label: 'numbers into fixed strings (rolled back)',
        op: 'appendDataset',
        args: ['/fixed', f64([1], [1]), 0],
        code: 'ERR_HDF5',
        message: /^H5Dwrite failed: .*no appropriate function for conversion path/,
      },
      {
        label: 'strings into numbers (rolled back)',
        op: 'appendDataset',
        args: ['/blosc', strings([1, 5], ['1', '2', '3', '4', '5']), 0],
        code: 'ERR_HDF5',
        message: /^H5Dwrite failed: .*no appropriate function for conversion path/,
      },
    ];

    it.each(cases.map((c) => [`${c.op}: ${c.label}`, c] as const))('%s', async (_label, c) => {
      const f = open(copy());
      const handles = Object.keys(before).map((name) => f.openDataset(`/${name}`));
      const shapes = handles.map((h) => h.getInfo().shape);
      const was = snapshot(f);
      const call = (name: string) =>
        (f as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...c.args);
      let sync: unknown;
      try {
        call(c.op);
      } catch (e) {
        sync = e;
      }
      expect(sync, 'the sync form must throw').toBeInstanceOf(Error);
      expect(sync).toMatchObject({ code: c.code, message: expect.stringMatching(c.message) });
      let async: unknown;
      try {
        await call(`${c.op}Async`);
      } catch (e) {
        async = e;
      }
      expect(fields(async)).toEqual(fields(sync));
      // Nothing changed: the data, every handle's extent, the path calls' extents.
      expect(snapshot(f)).toEqual(was);
      expect(handles.map((h) => h.getInfo().shape)).toEqual(shapes);
      f.close();
    });

    it('h5py sees nothing of the failed calls, rolled-back appends included', async () => {
      const p = copy();
      const f = open(p);
      for (const c of cases) {
        const call = (f as unknown as Record<string, (...a: unknown[]) => unknown>)[c.op];
        expect(() => call.apply(f, c.args), c.label).toThrow();
        await expect(
          (async () =>
            (f as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[`${c.op}Async`](
              ...c.args,
            ))(),
          c.label,
        ).rejects.toThrow();
      }
      f.close();
      expect(py('read', p)).toEqual(before);
    });

    it('a read-only file: HDF5 refuses every write (no write intent), in both forms, and nothing changes', async () => {
      const p = copy();
      const f = open(p, { writable: false });
      const was = snapshot(f);
      const refused = expect.objectContaining({
        code: 'ERR_HDF5',
        message: expect.stringMatching(/no write intent on file/),
      });
      expect(() =>
        f.writeDataset(
          '/e1',
          f64(
            [10],
            ramp(10, () => 1),
          ),
        ),
      ).toThrow(refused);
      await expect(
        f.writeDatasetAsync(
          '/e1',
          f64(
            [10],
            ramp(10, () => 1),
          ),
        ),
      ).rejects.toEqual(refused);
      expect(() => f.setExtent('/e1', [20])).toThrow(refused);
      await expect(f.setExtentAsync('/e1', [2])).rejects.toEqual(refused);
      expect(() => f.appendDataset('/e1', f64([1], [1]), 0)).toThrow(refused);
      await expect(f.appendDatasetAsync('/e1', f64([1], [1]), 0)).rejects.toEqual(refused);
      expect(snapshot(f)).toEqual(was);
      f.close();
      expect(py('read', p)).toEqual(before);
    });

    it('a closed file: ERR_CLOSED in both forms', async () => {
      const f = open(copy());
      f.close();
      const closed = expect.objectContaining({ code: 'ERR_CLOSED', message: 'the file is closed' });
      expect(() => f.appendDataset('/e1', f64([1], [1]), 0)).toThrow(closed);
      await expect(f.setExtentAsync('/e1', [2])).rejects.toEqual(closed);
      await expect(
        f.writeDatasetAsync(
          '/e1',
          f64(
            [10],
            ramp(10, () => 1),
          ),
        ),
      ).rejects.toEqual(closed);
    });
  });
});
