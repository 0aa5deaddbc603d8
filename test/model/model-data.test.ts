// Data: every kind of createArray() input round-trips with its dtype and shape; read()
// follows PyTables' row rules; attributes of every type round-trip.
import { describe, expect, it } from 'vitest';

import { openFile, type File } from '../../lib/index';
import { processRangeRead } from '../../lib/array';
import { useScratch } from './model-helpers';

const scratch = useScratch();

function memFile(): File {
  return scratch.track(
    openFile(scratch.path('mem.h5'), 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }),
  );
}

/** Writes in one file, reads back after reopening its image (so nothing comes from caches). */
function roundTrip(build: (f: File) => void): File {
  const f = memFile();
  build(f);
  const image = f.getFileImage();
  f.close();
  return scratch.track(openFile('reopened.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image }));
}

const TYPED = [
  ['int8', Int8Array.of(-128, -1, 0, 127)],
  ['uint8', Uint8Array.of(0, 1, 200, 255)],
  ['int16', Int16Array.of(-32768, -2, 3, 32767)],
  ['uint16', Uint16Array.of(0, 7, 40000, 65535)],
  ['int32', Int32Array.of(-2147483648, -3, 5, 2147483647)],
  ['uint32', Uint32Array.of(0, 9, 3000000000, 4294967295)],
  ['int64', BigInt64Array.of(-(2n ** 63n), -4n, 2n ** 53n + 1n, 2n ** 63n - 1n)],
  ['uint64', BigUint64Array.of(0n, 11n, 2n ** 63n, 2n ** 64n - 1n)],
  ['float32', Float32Array.of(-1.5, 0, 3.25, 65504)],
  ['float64', Float64Array.of(-1.5, 0, Math.PI, 1e300, Infinity, -Infinity, NaN, 5e-324)],
] as const;

describe('createArray() inputs round-trip', () => {
  it.each(TYPED)('%s TypedArray keeps its type', (dtype, data) => {
    const f = roundTrip((w) => w.createArray('/', 'a', data));
    const a = f.root.a;
    expect(a.dtype).toBe(dtype);
    expect(a.shape).toEqual([data.length]);
    expect(a.flavor).toBe('numpy');
    const r = a.read();
    expect(r.dtype).toBe(dtype);
    expect(r.shape).toEqual([data.length]);
    expect(r.data.constructor).toBe(data.constructor);
    expect(r.data).toEqual(data);
  });

  it('nested number arrays are float64 with their shape (flavor python)', () => {
    const f = roundTrip((w) => {
      w.createArray('/', 'm', [
        [1, 2, 3],
        [4, 5, 6],
      ]);
      w.createArray('/', 'cube', [
        [[1], [2]],
        [[3], [4]],
      ]);
      w.createArray('/', 'empty', []);
      w.createArray('/', 'empty2', [[], []]);
    });
    expect(f.root.m.read()).toEqual({
      data: Float64Array.of(1, 2, 3, 4, 5, 6),
      shape: [2, 3],
      dtype: 'float64',
    });
    expect(f.root.m.flavor).toBe('python');
    expect(f.root.cube.read().shape).toEqual([2, 2, 1]);
    expect(f.root.empty.read()).toEqual({ data: new Float64Array(0), shape: [0], dtype: 'float64' });
    expect(f.root.empty2.read()).toEqual({ data: new Float64Array(0), shape: [2, 0], dtype: 'float64' });
  });

  it('{data, shape} gives n-d arrays from TypedArrays or number arrays', () => {
    const f = roundTrip((w) => {
      w.createArray('/', 'i', { data: Int16Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2] });
      w.createArray('/', 'n', { data: [1, 2, 3, 4], shape: [2, 2] });
      w.createArray('/', 's', { data: Float32Array.of(7), shape: [] });
      w.createArray('/', 'z', { data: new Uint8Array(0), shape: [0, 5] });
    });
    expect(f.root.i.read()).toEqual({ data: Int16Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2], dtype: 'int16' });
    expect(f.root.i.flavor).toBe('numpy');
    expect(f.root.n.read()).toEqual({ data: Float64Array.of(1, 2, 3, 4), shape: [2, 2], dtype: 'float64' });
    expect(f.root.s.read()).toEqual({ data: Float32Array.of(7), shape: [], dtype: 'float32' });
    expect(f.root.z.read()).toEqual({ data: new Uint8Array(0), shape: [0, 5], dtype: 'uint8' });
  });

  it('scalars: number (float64), bigint (int64), boolean', () => {
    const f = roundTrip((w) => {
      w.createArray('/', 'n', 2.5);
      w.createArray('/', 'b', -7n);
      w.createArray('/', 'u', 2n ** 64n - 1n);
      w.createArray('/', 't', true);
    });
    expect(f.root.n.read()).toEqual({ data: Float64Array.of(2.5), shape: [], dtype: 'float64' });
    expect(f.root.n.shape).toEqual([]);
    expect(f.root.n.nrows).toBe(1);
    expect(f.root.n.ndim).toBe(0);
    expect(f.root.b.read()).toEqual({ data: BigInt64Array.of(-7n), shape: [], dtype: 'int64' });
    expect(f.root.u.read()).toEqual({ data: BigUint64Array.of(2n ** 64n - 1n), shape: [], dtype: 'uint64' });
    expect(f.root.t.read()).toEqual({ data: Uint8Array.of(1), shape: [], dtype: 'bool' });
    expect(f.root.t.flavor).toBe('python');
  });

  it('booleans and strings', () => {
    const f = roundTrip((w) => {
      w.createArray('/', 'b', [true, false, true]);
      w.createArray('/', 'b2', [[true], [false]]);
      w.createArray('/', 's', ['ab', 'cde', '']);
      w.createArray('/', 'u', ['héllo', 'wörld']);
      w.createArray('/', 'one', 'abc');
      w.createArray('/', 'grid', { data: ['a', 'b', 'c', 'd'], shape: [2, 2] });
    });
    expect(f.root.b.read()).toEqual({ data: Uint8Array.of(1, 0, 1), shape: [3], dtype: 'bool' });
    expect(f.root.b2.read().shape).toEqual([2, 1]);
    expect(f.root.s.read()).toEqual({ data: ['ab', 'cde', ''], shape: [3], dtype: 'string' });
    expect(f.root.s.itemsize).toBe(3);
    expect(f.root.u.read().data).toEqual(['héllo', 'wörld']);
    expect(f.root.u.itemsize).toBe(6); // UTF-8 bytes
    expect(f.root.one.read()).toEqual({ data: ['abc'], shape: [], dtype: 'string' });
    expect(f.root.grid.read()).toEqual({ data: ['a', 'b', 'c', 'd'], shape: [2, 2], dtype: 'string' });
  });

  it('refuses ragged, mixed and unsupported inputs, and data not matching its shape', () => {
    const f = memFile();
    expect(() => f.createArray('/', 'x', [[1, 2], [3]])).toThrow(RangeError);
    expect(() => f.createArray('/', 'x', [[1, 2], [3]])).toThrow('ragged');
    expect(() => f.createArray('/', 'x', [1, [2]] as never)).toThrow(RangeError);
    expect(() => f.createArray('/', 'x', [1, 'a'] as never)).toThrow(TypeError);
    expect(() => f.createArray('/', 'x', [1, true] as never)).toThrow(TypeError);
    expect(() => f.createArray('/', 'x', { data: [1, 2, 3], shape: [2, 2] })).toThrow(
      'data has 3 elements but shape (2, 2) needs 4',
    );
    expect(() => f.createArray('/', 'x', { data: [1, 2], shape: [-2] })).toThrow(TypeError);
    expect(() => f.createArray('/', 'x', null as never)).toThrow(TypeError);
    expect(() => f.createArray('/', 'x', { a: 1 } as never)).toThrow(TypeError);
    expect(() => f.createArray('/', 'x', new DataView(new ArrayBuffer(4)) as never)).toThrow(TypeError);
    expect(() => f.createArray('/', 'x', 2n ** 64n)).toThrow(RangeError);
    expect(f.listNodes('/')).toEqual([]);
  });

  it('reads the new data after a path is removed, moved or overwritten and reused', () => {
    const f = memFile();
    f.createArray('/', 'x', [1]);
    expect(f.root.x.read().data).toEqual(Float64Array.of(1));
    f.removeNode('/x');
    f.createArray('/', 'x', Int8Array.of(2, 3));
    expect(f.root.x.read()).toEqual({ data: Int8Array.of(2, 3), shape: [2], dtype: 'int8' });
    f.renameNode('/x', 'y');
    f.createArray('/', 'x', ['s']);
    expect(f.root.x.read().data).toEqual(['s']);
    expect(f.root.y.read().data).toEqual(Int8Array.of(2, 3));
    f.copyNode('/y', '/', 'x', undefined, true);
    expect(f.root.x.read().data).toEqual(Int8Array.of(2, 3));
    f.moveNode('/y', '/', 'x', undefined, true);
    expect(f.root.x.read().data).toEqual(Int8Array.of(2, 3));
    expect(f.has('/y')).toBe(false);
  });

  it('writes a TypedArray view from its offset', () => {
    const base = Int32Array.of(9, 1, 2, 3, 9);
    const f = roundTrip((w) => w.createArray('/', 'v', base.subarray(1, 4)));
    expect(f.root.v.read().data).toEqual(Int32Array.of(1, 2, 3));
  });
});

describe('read(start, stop, step)', () => {
  /** 5 rows x 2 columns: row i holds [10 i, 10 i + 1]. */
  function rows(): File {
    const f = memFile();
    const data = Int32Array.from({ length: 10 }, (_, i) => 10 * Math.floor(i / 2) + (i % 2));
    f.createArray('/', 'a', { data, shape: [5, 2] });
    f.createArray('/', 's', 5.5);
    f.createArray('/', 'e', new Float32Array(0));
    f.createArray('/', 'str', ['a', 'b', 'c']);
    return f;
  }
  const firstColumn = (f: File, ...args: Array<number | undefined>): number[] => {
    const r = f.root.a.read(...args);
    expect(r.shape[1]).toBe(2);
    return Array.from(r.data as Int32Array).filter((_, i) => i % 2 === 0);
  };

  it('reads everything without arguments', () => {
    const f = rows();
    expect(f.root.a.read().shape).toEqual([5, 2]);
    expect(firstColumn(f)).toEqual([0, 10, 20, 30, 40]);
  });

  it('reads one row for start alone, negative from the end', () => {
    const f = rows();
    expect(f.root.a.read(1)).toEqual({ data: Int32Array.of(10, 11), shape: [1, 2], dtype: 'int32' });
    expect(firstColumn(f, -1)).toEqual([40]);
    expect(firstColumn(f, -2)).toEqual([30]);
    expect(firstColumn(f, -9)).toEqual([]);
    expect(() => f.root.a.read(5)).toThrow(RangeError);
    expect(() => f.root.a.read(5)).toThrow('start of range (5) is greater than number of rows (5)');
  });

  it('clamps stop and takes steps', () => {
    const f = rows();
    expect(firstColumn(f, 1, 3)).toEqual([10, 20]);
    expect(firstColumn(f, 0, 100)).toEqual([0, 10, 20, 30, 40]);
    expect(firstColumn(f, undefined, 2)).toEqual([0, 10]);
    expect(firstColumn(f, undefined, undefined, 2)).toEqual([0, 20, 40]);
    expect(firstColumn(f, 1, undefined, 3)).toEqual([10, 40]);
    expect(firstColumn(f, -3, -1)).toEqual([20, 30]);
    expect(firstColumn(f, 3, 1)).toEqual([]);
    expect(f.root.a.read(3, 1).shape).toEqual([0, 2]);
    expect(f.root.str.read(1, undefined, 1)).toEqual({ data: ['b', 'c'], shape: [2], dtype: 'string' });
  });

  it('refuses negative and zero steps and non-integers', () => {
    const f = rows();
    expect(() => f.root.a.read(0, 5, -1)).toThrow('slice step cannot be negative');
    expect(() => f.root.a.read(0, 5, 0)).toThrow('slice step cannot be zero');
    expect(() => f.root.a.read(0.5)).toThrow(TypeError);
  });

  it('reads scalars whole, as PyTables does', () => {
    const f = rows();
    expect(f.root.s.read()).toEqual({ data: Float64Array.of(5.5), shape: [], dtype: 'float64' });
    expect(f.root.s.read(0).shape).toEqual([]);
    expect(() => f.root.s.read(1)).toThrow('start of range (1) is greater than number of rows (1)');
  });

  it('reads empty arrays', () => {
    const f = rows();
    expect(f.root.e.read()).toEqual({ data: new Float32Array(0), shape: [0], dtype: 'float32' });
    expect(f.root.e.read(0)).toEqual({ data: new Float32Array(0), shape: [0], dtype: 'float32' });
  });

  it("follows Python's slice.indices", () => {
    expect(processRangeRead(10)).toEqual([0, 10, 1]);
    expect(processRangeRead(10, -3)).toEqual([7, 8, 1]);
    expect(processRangeRead(10, -1)).toEqual([9, 10, 1]);
    expect(processRangeRead(10, -20, 3)).toEqual([0, 3, 1]);
    expect(processRangeRead(10, 2, -1)).toEqual([2, 9, 1]);
    expect(processRangeRead(10, 20, 30)).toEqual([10, 10, 1]);
    expect(processRangeRead(0, 0)).toEqual([0, 0, 1]);
    expect(processRangeRead(10, null, null, 4)).toEqual([0, 10, 4]);
  });
});

describe('attributes round-trip', () => {
  it('numbers, bigints, strings, booleans, TypedArrays and flat arrays', () => {
    const typed = Object.fromEntries(TYPED.map(([dtype, data]) => [`t_${dtype}`, data]));
    const values = {
      num: 1.5,
      int: 3,
      neg: -0,
      nan: NaN,
      big: -(2n ** 63n),
      ubig: 2n ** 64n - 1n,
      s: 'hello',
      uni: 'héllo ✓ 𝄞',
      empty: '',
      yes: true,
      no: false,
      strs: ['a', 'bcd', ''],
      bools: [true, false],
      nums: [1, 2.5],
      ...typed,
    };
    const f = roundTrip((w) => {
      for (const [k, v] of Object.entries(values)) w.root.attrs[k] = v;
    });
    const attrs = f.root.attrs;
    for (const [k, v] of Object.entries(values)) {
      if (k === 'nums') expect(attrs[k]).toEqual(Float64Array.of(1, 2.5));
      else expect(attrs[k]).toEqual(v);
    }
    expect(Object.is(attrs.neg, -0)).toBe(true);
    expect(typeof attrs.int).toBe('number');
    expect(attrs.userKeys()).toEqual(Object.keys(values).sort());
  });

  it('replaces an attribute with a value of another type', () => {
    const f = memFile();
    f.root.attrs.x = 'text';
    f.root.attrs.x = 5;
    expect(f.root.attrs.x).toBe(5);
    f.root.attrs.x = Int8Array.of(1, 2);
    expect(f.root.attrs.x).toEqual(Int8Array.of(1, 2));
  });
});
