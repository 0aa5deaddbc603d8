// Issue 13, the chunked workload: a whole read of a dataset compressed with blosc alone
// (PyTables' layout: shuffle inside blosc) decompresses its chunks straight into the result,
// on two threads (binding/hdf5/blosc_chunks.h). Every other layout reads through H5Dread.
// Both paths are compared on each numeric dtype, partial last chunks and 2-D rows, the
// test-only counter proves which one ran, a damaged chunk is the same error either way,
// and PyTables' own blosc arrays read as PyTables reads them.
import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { type Array as H5Array, type File, Filters, openFile, slice } from '../../lib/index';
import { native } from '../../lib/native';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useScratch } from '../model/model-helpers';

const scratch = useScratch();
const addon = native();
const inPlace = (): number => addon._bloscChunkReadsForTests();
const memory = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;
const BLOSC = new Filters({ complevel: 5, complib: 'blosc:lz4', shuffle: true });

let count = 0;
function memoryFile(): File {
  return scratch.track(openFile(`blosc-chunks-${process.pid}-${count++}.h5`, 'w', memory));
}

/** Byte-for-byte equality of two TypedArrays of one class (toEqual walks millions of elements slowly). */
function sameBytes(a: unknown, b: unknown): boolean {
  const x = a as ArrayBufferView;
  const y = b as ArrayBufferView;
  return (
    x.constructor === y.constructor &&
    Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(
      Buffer.from(y.buffer, y.byteOffset, y.byteLength),
    )
  );
}

/** Two halves concatenated (TypedArrays, or the rows of a 2-D read). */
function joined(a: ArrayLike<unknown> & { constructor: unknown }, b: ArrayLike<unknown>): unknown {
  const Typed = a.constructor as new (n: number) => { set(x: ArrayLike<unknown>, at?: number): void };
  const out = new Typed(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A whole read, and the same elements through H5Dread (two selections of half each). */
function bothPaths(a: H5Array): { whole: unknown; selected: unknown; took: number } {
  const before = inPlace();
  const whole = a.read().data;
  const took = inPlace() - before;
  const half = Math.floor(a.shape[0] / 2);
  const first = a.read(0, half).data as ArrayLike<unknown> & { constructor: unknown };
  const second = a.read(half, a.shape[0]).data as ArrayLike<unknown>;
  expect(inPlace() - before).toBe(took); // a selection never takes the path
  return { whole, selected: joined(first, second), took };
}

const TYPED = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

describe('whole reads of blosc chunks, decompressed in place', () => {
  it.each(Object.keys(TYPED) as Array<keyof typeof TYPED>)(
    '%s, with a partial last chunk: the same elements as H5Dread gives',
    (dtype) => {
      const f = memoryFile();
      const Typed = TYPED[dtype];
      const n = Math.ceil((3 << 20) / Typed.BYTES_PER_ELEMENT) + 12345; // > 1 MiB, ragged
      const data = new Typed(n);
      for (let i = 0; i < n; i++) data[i] = (i * 7919) % 251;
      const a = f.createCArray('/', 'x', { obj: data, filters: BLOSC, chunkshape: [65536] });
      const { whole, selected, took } = bothPaths(a);
      expect(took).toBe(1);
      expect(sameBytes(whole, data)).toBe(true);
      expect(sameBytes(selected, data)).toBe(true);
    },
  );

  it('int64 and bool, and 2-D chunks of whole rows; readAsync takes it too', async () => {
    const f = memoryFile();
    const big = BigInt64Array.from({ length: 300000 }, (_, i) => BigInt(i) * -(2n ** 40n));
    const bools = Uint8Array.from({ length: 2 << 20 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const rows = Float64Array.from({ length: 1000 * 300 }, (_, i) => i / 3);
    const i64 = f.createCArray('/', 'i64', { obj: big, filters: BLOSC, chunkshape: [40000] });
    const b = f.createCArray('/', 'b', {
      atom: 'bool',
      shape: [bools.length],
      filters: BLOSC,
      chunkshape: [300000],
    });
    b.set(slice(0, bools.length), bools);
    const m = f.createCArray('/', 'm', {
      atom: 'float64',
      shape: [1000, 300],
      filters: BLOSC,
      chunkshape: [64, 300],
    });
    m.set(slice(0, 1000), { data: rows, shape: [1000, 300] });
    for (const [a, want] of [
      [i64, big],
      [b, bools],
      [m, rows],
    ] as const) {
      const { whole, selected, took } = bothPaths(a);
      expect(took).toBe(1);
      expect(sameBytes(whole, selected)).toBe(true);
      expect(Array.from(whole as ArrayLike<unknown>).slice(0, 5)).toEqual(
        Array.from(want.slice(0, 5) as ArrayLike<unknown>),
      );
    }
    const before = inPlace();
    expect(sameBytes((await m.readAsync()).data, rows)).toBe(true);
    expect(inPlace() - before).toBe(1);
  });

  it('every other layout reads through H5Dread, with the same values', () => {
    const f = memoryFile();
    const data = Float64Array.from({ length: 400000 }, (_, i) => i % 1000);
    const cases: H5Array[] = [
      // zlib, blosc with fletcher32, chunks that are not whole rows, a small array
      f.createCArray('/', 'zlib', { obj: data, filters: new Filters({ complevel: 1, complib: 'zlib' }) }),
      f.createCArray('/', 'fl', {
        obj: data,
        filters: new Filters({ complevel: 5, complib: 'blosc:lz4', fletcher32: true }),
      }),
      f.createCArray('/', 'cols', {
        atom: 'float64',
        shape: [400, 1000],
        filters: BLOSC,
        chunkshape: [400, 100],
      }),
      f.createCArray('/', 'small', { obj: data.subarray(0, 1000), filters: BLOSC }),
    ];
    (cases[2] as H5Array).set(slice(0, 400), { data, shape: [400, 1000] });
    // Chunks never written read as fill values.
    const sparse = f.createCArray('/', 'sparse', {
      atom: 'float64',
      shape: [400000],
      filters: BLOSC,
      chunkshape: [50000],
    });
    sparse.set(slice(0, 50000), data.subarray(0, 50000));
    cases.push(sparse);
    for (const a of cases) {
      const { whole, selected, took } = bothPaths(a);
      expect(took).toBe(0);
      expect(sameBytes(whole, selected)).toBe(true);
    }
    const s = sparse.read().data as Float64Array;
    expect(sameBytes(s.subarray(0, 50000), data.subarray(0, 50000))).toBe(true);
    expect(s.subarray(50000).every((v) => v === 0)).toBe(true);
  });

  it('a damaged chunk is the error H5Dread gives, and the file still reads what it can', () => {
    const f = memoryFile();
    const data = Float64Array.from({ length: 1 << 19 }, (_, i) => Math.sin(i));
    f.createCArray('/', 'x', { obj: data, filters: BLOSC, chunkshape: [65536] });
    const image = Buffer.from(f.getFileImage());
    // Blosc headers: version 2, then at +4 the uncompressed size (one chunk, 512 KiB).
    const chunkBytes = 65536 * 8;
    const headers: number[] = [];
    for (let i = 0; i + 16 <= image.length; i++) {
      if (image[i] === 2 && image.readUInt32LE(i + 4) === chunkBytes && image[i + 3] === 8) headers.push(i);
    }
    expect(headers.length).toBe(8);
    // The first block's start (just after the 16-byte header) far past the chunk: blosc refuses it.
    const at = headers[3] as number;
    image.writeUInt32LE(0x7ffffff0, at + 16);
    const g = scratch.track(openFile('damaged.h5', 'r', { ...memory, driverCoreImage: image }));
    const a = g.root.x as H5Array;
    const whole = (): unknown => a.read();
    const selected = (): unknown => a.read(65536 * 2, a.shape[0]);
    let wholeError: Error | undefined;
    let selectedError: Error | undefined;
    try {
      whole();
    } catch (e) {
      wholeError = e as Error;
    }
    try {
      selected();
    } catch (e) {
      selectedError = e as Error;
    }
    expect(selectedError).toBeInstanceOf(Error);
    expect(wholeError?.message).toBe(selectedError?.message);
    expect(wholeError?.message).toMatch(/blosc/);
    // The chunks before the damaged one still read.
    expect(sameBytes(a.read(0, 65536 * 3).data, data.subarray(0, 65536 * 3))).toBe(true);
  });
});

describe.skipIf(lacks('pytables'))('PyTables blosc arrays read in place', () => {
  it('a PyTables CArray with blosc:lz4 and shuffle reads as PyTables reads it', () => {
    const file = scratch.path('pt-blosc.h5');
    const made = runPython<{ sha256: string; n: number; first: number[]; last: number[] }>(
      'blosc_carray.py',
      [file],
    );
    const f = scratch.track(openFile(file, 'r'));
    const a = f.root.x as H5Array;
    const before = inPlace();
    const x = a.read().data as Float64Array;
    expect(inPlace() - before).toBe(1);
    expect(x.length).toBe(made.n);
    const digest = createHash('sha256')
      .update(Buffer.from(x.buffer, x.byteOffset, x.byteLength))
      .digest('hex');
    expect(digest).toBe(made.sha256);
    expect(Array.from(x.subarray(0, 3))).toEqual(made.first);
    expect(Array.from(x.subarray(x.length - 3))).toEqual(made.last);
    // Fletcher32 before blosc (PyTables' order): through H5Dread, the same elements.
    const fl = (f.root.fl as H5Array).read().data as Float64Array;
    expect(inPlace() - before).toBe(1);
    expect(sameBytes(fl, x)).toBe(true);
  });
});
