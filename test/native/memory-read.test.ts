// Issue 13, item 1: a read of a contiguous, native-endian numeric dataset in an in-memory
// file is copied straight from the CORE driver's memory (binding/hdf5/memory_read.h);
// every other layout and type, and every file on disk, reads through H5Dread. The two
// paths are compared on every numeric dtype, shapes 0-D to 3-D and strided selections,
// and the test-only counter proves which one ran.
import fs from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { type Array as H5Array, type File, openFile, slice } from '../../lib/index';
import { native } from '../../lib/native';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useScratch } from '../model/model-helpers';

const scratch = useScratch();
const addon = native();
const memoryReads = (): number => addon._memoryReadsForTests();
const memory = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

const DTYPES = [
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float32',
  'float64',
  'bool',
] as const;
type NumericDType = (typeof DTYPES)[number];

const SHAPES: number[][] = [[], [7], [4, 5], [3, 4, 5]];

/** n values of dtype from a small LCG, so every element differs from its neighbours. */
function values(dtype: NumericDType, n: number, seed: number): { data: unknown[]; shape?: number[] } {
  let x = seed;
  const next = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const data: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const r = next();
    if (dtype === 'bool') data.push(r % 2 === 0);
    else if (dtype === 'int64') data.push(BigInt(r) * -3n);
    else if (dtype === 'uint64') data.push(BigInt(r) * 5n);
    else if (dtype.startsWith('float')) data.push((r % 100000) / 7 - 3000);
    else if (dtype.startsWith('uint')) data.push(r % 2 ** (Number(dtype.slice(4)) - 1));
    else data.push((r % 2 ** (Number(dtype.slice(3)) - 1)) - 2 ** (Number(dtype.slice(3)) - 2));
  }
  return { data };
}

/** Every read the comparison makes of an array: whole, rows, strided rows, per-dimension keys. */
function reads(a: H5Array): unknown[] {
  const shape = a.shape;
  const out: unknown[] = [a.read()];
  if (shape.length === 0) return out;
  out.push(a.read(1), a.read(1, shape[0]! - 1), a.read(0, null, 2), a.read(-2));
  out.push(a.get(...shape.map((d) => slice(d - 1, null, -1 + 3))));
  out.push(a.get(...shape.map((d, i) => (i === shape.length - 1 ? slice(1, d, 2) : null))));
  out.push(a.get(...shape.map((d, i) => (i === 0 ? d - 1 : slice(0, d, i + 1)))));
  if (shape.length > 1) out.push(a.get(null, 1), a.get(slice(0, 2), slice(1, 3)));
  return out;
}

const plain = (results: unknown[]): unknown[] => results.map((r) => JSON.parse(JSON.stringify(r)) as unknown);

const TYPED: Record<Exclude<NumericDType, 'bool'>, new (values: ArrayLike<never>) => ArrayLike<unknown>> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
};

function build(): Buffer {
  const f = openFile('layouts.h5', 'w', memory);
  let seed = 1;
  for (const dtype of DTYPES) {
    for (const shape of SHAPES) {
      const n = shape.reduce((a, b) => a * b, 1);
      const { data } = values(dtype, n, seed++);
      const typed = dtype === 'bool' ? data : new TYPED[dtype](data as never);
      f.createArray('/', `${dtype}_${shape.length}d`, { data: typed, shape } as never);
    }
  }
  return f.takeFileImage();
}

describe('reads straight from an in-memory file', () => {
  let image: Buffer;
  beforeAll(() => {
    image = build();
  });

  function eachArray(file: File, visit: (a: H5Array, name: string) => void): void {
    for (const dtype of DTYPES)
      for (const shape of SHAPES)
        visit(file.getNode(`/${dtype}_${shape.length}d`) as H5Array, `${dtype}_${shape.length}d`);
  }

  it('gives what H5Dread gives from the same file on disk, on every dtype, shape and selection', () => {
    const onDisk = scratch.path('layouts.h5');
    fs.writeFileSync(onDisk, image);
    const disk = scratch.track(openFile(onDisk, 'r'));
    const expected = new Map<string, unknown[]>();
    const before = memoryReads();
    eachArray(disk, (a, name) => expected.set(name, plain(reads(a))));
    expect(memoryReads() - before).toBe(0); // a file on disk: H5Dread every time
    for (const noCopy of [false, true]) {
      const f = scratch.track(
        openFile('layouts.h5', 'r', {
          ...memory,
          driverCoreImage: Buffer.from(image),
          driverCoreImageNoCopy: noCopy,
        }),
      );
      let taken = 0;
      const start = memoryReads();
      eachArray(f, (a, name) => {
        const got = reads(a);
        taken += got.length;
        expect(plain(got), `${name}, noCopy ${noCopy}`).toEqual(expected.get(name));
      });
      expect(memoryReads() - start).toBe(taken);
    }
  });

  it('every dtype really is among the compared arrays', () => {
    const f = scratch.track(openFile('layouts.h5', 'r', { ...memory, driverCoreImage: Buffer.from(image) }));
    eachArray(f, (a, name) => {
      expect(name).toBe(`${a.dtype}_${a.shape.length}d`);
      expect(a.nrows).toBe(a.shape.length === 0 ? 1 : SHAPES[a.shape.length]![0]);
    });
  });

  it('sees writes made since the file was opened', () => {
    const f = scratch.track(openFile('w.h5', 'w', memory));
    const a = f.createArray('/', 'x', { data: Array.from({ length: 20 }, (_, i) => i), shape: [4, 5] });
    a.set([slice(1, 3), slice(0, 5, 2)], { data: [-1, -2, -3, -4, -5, -6], shape: [2, 3] });
    const before = memoryReads();
    const got = a.read().data as Float64Array;
    expect(memoryReads() - before).toBe(1);
    const want = Array.from({ length: 20 }, (_, i) => i);
    [6, 7, 8].forEach((v, k) => (want[5 + 2 * k] = -(k + 1)));
    [9, 10, 11].forEach((_, k) => (want[10 + 2 * k] = -(k + 4)));
    expect(Array.from(got)).toEqual(want);
    // More data after it (the driver's memory grows and moves): still the live bytes.
    const b = f.createArray('/', 'big', new Float64Array(300000).fill(2.5));
    expect(a.get(2).data).toEqual(new Float64Array([-4, 11, -5, 13, -6]));
    expect((b.read(299999).data as Float64Array)[0]).toBe(2.5);
    expect(memoryReads() - before).toBe(3);
  });
});

describe.skipIf(lacks('h5py'))('layouts and types that keep H5Dread', () => {
  let values: Record<string, number[]>;
  let image: Buffer;
  beforeAll(() => {
    const dir = fs.mkdtempSync('/tmp/h5tables-memory-');
    const onDisk = `${dir}/h5py.h5`;
    values = runPython<{ values: Record<string, number[]> }>('memory_layouts.py', [onDisk]).values;
    image = fs.readFileSync(onDisk);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['native', 1],
    ['big_endian', 0],
    ['chunked', 0],
    ['bool_enum', 0],
    ['unwritten', 0],
  ])('h5py /%s, opened as an image: as h5py reads it, %i reads from memory', (name, fromMemory) => {
    const f = scratch.track(openFile('h5py.h5', 'r', { ...memory, driverCoreImage: image }));
    const before = memoryReads();
    const got = (f.getNode(`/${name}`) as H5Array).read().data as ArrayLike<number | bigint>;
    expect(memoryReads() - before).toBe(fromMemory);
    expect(Array.from(got, Number)).toEqual(values[name]);
  });
});
