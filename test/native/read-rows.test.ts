// Issue 13, item 3: Array.read(start, stop) of consecutive rows makes one native call,
// readRows, which returns the data alone (the dtype and shape are known in lib/). It must
// give exactly what readDataset's hyperslab gives, on every dtype, rank, layout and int64
// mode, and fail as it does.
import { afterEach, describe, expect, it } from 'vitest';

import { DTYPES, type DType } from '../../lib/dtype';
import { type Array as H5Array, Filters, openFile, type File } from '../../lib/index';
import { native, type NativeFile } from '../../lib/native';

const memory = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;
let files: File[] = [];
afterEach(() => {
  for (const f of files) if (f.isOpen) f.close();
  files = [];
});

const NUMERIC = (Object.keys(DTYPES) as DType[]).filter((d) => d !== 'string');
const SHAPES = [[9], [5, 3], [4, 2, 3]];

/** count values of dtype, each different from its neighbours. */
function dataOf(dtype: DType, count: number): unknown {
  const row = DTYPES[dtype];
  if (dtype === 'string') return Array.from({ length: count }, (_, i) => `s${(i * 37) % 101}`);
  const perElement = row.kind === 'complex' ? 2 : 1;
  const n = count * perElement;
  const Typed = row.typed as unknown as new (n: number) => { [i: number]: number | bigint };
  const out = new Typed(n);
  for (let i = 0; i < n; i++) {
    const v = ((i * 7919) % 127) - (dtype.startsWith('u') || dtype === 'bool' ? 0 : 60);
    const value = dtype === 'bool' ? v % 2 : v;
    out[i] = dtype.endsWith('int64') ? BigInt(value) : value;
  }
  return out;
}

function build(nat: NativeFile): string[] {
  const paths: string[] = [];
  for (const dtype of [...NUMERIC, 'string' as const]) {
    for (const shape of SHAPES) {
      const path = `/${dtype}_${shape.length}d`;
      const count = shape.reduce((a, b) => a * b, 1);
      nat.createDataset(path, {
        dtype,
        shape,
        data: dataOf(dtype, count),
        ...(dtype === 'string' ? { itemsize: 4 } : {}),
      } as never);
      paths.push(path);
    }
  }
  return paths;
}

/** What readDataset's hyperslab of the same rows gives, in read()'s form. */
function bySelection(nat: NativeFile, a: H5Array, first: number, count: number): unknown {
  const shape = a.shape;
  const raw = nat.readDataset(a.pathname, {
    start: shape.map((_, i) => (i === 0 ? first : 0)),
    count: shape.map((d, i) => (i === 0 ? count : d)),
    step: shape.map(() => 1),
  });
  return { dtype: raw.dtype, shape: raw.shape, data: Array.from(raw.data as ArrayLike<unknown>) };
}

const plain = (r: { dtype: string; shape: number[]; data: ArrayLike<unknown> }) => ({
  dtype: r.dtype,
  shape: r.shape,
  data: Array.from(r.data),
});

describe('read(start, stop) through readRows', () => {
  it('gives what the hyperslab read gives, on every dtype and rank', () => {
    const f = openFile('rows.h5', 'w', memory);
    files.push(f);
    const nat = f._nat();
    const paths = build(nat);
    // Counts the binding's readRows calls, every other member passed through.
    const calls = { rows: 0 };
    const holder = f as unknown as { _native: NativeFile };
    holder._native = new Proxy(nat, {
      get(target, name) {
        const member = Reflect.get(target, name, target) as unknown;
        if (typeof member !== 'function') return member;
        return (...args: unknown[]) => {
          if (name === 'readRows') calls.rows++;
          return (member as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    let compared = 0;
    for (const path of paths) {
      const a = f.getNode(path) as H5Array;
      const n = a.shape[0]!;
      // [start, stop) as read() takes them, and the rows they mean; start alone is one row.
      for (const [start, stop, first, last] of [
        [1, n - 1, 1, n - 1],
        [0, 1, 0, 1],
        [n - 1, n, n - 1, n],
        [2, n + 5, 2, n],
        [-3, -1, n - 3, n - 1],
        [3, undefined, 3, 4],
      ] as const) {
        const got = a.read(start, stop);
        expect(plain(got), `${path} [${start}, ${stop})`).toEqual(bySelection(nat, a, first, last - first));
        compared++;
      }
    }
    expect(calls.rows).toBe(compared); // every one of them took the new path
    expect(paths.length).toBe((NUMERIC.length + 1) * SHAPES.length);
  });

  it("keeps the int64 mode: { int64: 'number' } and the file's option", () => {
    const f = openFile('rows64.h5', 'w', memory);
    files.push(f);
    f.createArray('/', 'x', new BigInt64Array([1n, -2n, 3n, 2n ** 53n]));
    const x = f.getNode('/x') as H5Array;
    expect(x.read(0, 3, null, { int64: 'number' }).data).toEqual(new Float64Array([1, -2, 3]));
    expect(x.read(0, 2).data).toEqual(new BigInt64Array([1n, -2n]));
    expect(() => x.read(2, 4, null, { int64: 'number' })).toThrow(RangeError);
  });

  it('reads chunked, filtered arrays (CArray, EArray) the same way', () => {
    const f = openFile('rowsc.h5', 'w', memory);
    files.push(f);
    const values = Float64Array.from({ length: 300 }, (_, i) => i * 1.5);
    const c = f.createCArray('/', 'c', {
      obj: values,
      chunkshape: [7],
      filters: new Filters({ complevel: 1 }),
    });
    expect([...c.read(10, 95).data]).toEqual([...values.slice(10, 95)]);
    const e = f.createEArray('/', 'e', { atom: 'float64', shape: [0, 3], chunkshape: [4, 3] });
    e.append({ data: values.slice(0, 30), shape: [10, 3] });
    const rows = e.read(2, 7);
    expect(rows.shape).toEqual([5, 3]);
    expect([...rows.data]).toEqual([...values.slice(6, 21)]);
    // Rows along another dimension (an EArray extended along its second) keep the hyperslab.
    const side = f.createEArray('/', 'side', { atom: 'float64', shape: [2, 0] });
    side.append({ data: values.slice(0, 8), shape: [2, 4] });
    const cols = side.read(1, 3);
    expect([cols.shape, [...cols.data]]).toEqual([
      [2, 2],
      [...values.slice(1, 3), ...values.slice(5, 7)],
    ]);
  });
});

describe('readRows itself', () => {
  it('fails as readDataset does: rows outside, a scalar, bad arguments', () => {
    const nat = native().openFile({
      name: 'rr.h5',
      create: true,
      writable: true,
      driver: 'core',
      coreBackingStore: false,
    });
    try {
      nat.createDataset('/x', { dtype: 'float64', shape: [4], data: new Float64Array([1, 2, 3, 4]) });
      nat.createDataset('/s', { dtype: 'float64', shape: [], data: new Float64Array([1]) });
      expect([...(nat.readRows('/x', 1, 2) as Float64Array)]).toEqual([2, 3]);
      expect(() => nat.readRows('/x', 3, 2)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG' }));
      expect(() => nat.readDataset('/x', { start: [3], count: [2], step: [1] })).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG' }),
      );
      expect(() => nat.readRows('/s', 0, 1)).toThrow('readRows needs a dataset of rank 1 or more');
      expect(() => nat.readRows('/x', -1, 1)).toThrow('start must be an integer >= 0');
      expect(() => nat.readRows('/x', 0, 1.5)).toThrow('count must be an integer >= 0');
      expect(() => nat.readRows('/x', '0' as unknown as number, 1)).toThrow(TypeError);
      expect(() => nat.readRows('/nope', 0, 1)).toThrow();
    } finally {
      nat.close();
    }
  });

  it('has the Promise form', async () => {
    const nat = native().openFile({
      name: 'rra.h5',
      create: true,
      writable: true,
      driver: 'core',
      coreBackingStore: false,
    });
    try {
      nat.createDataset('/x', { dtype: 'int32', shape: [3, 2], data: new Int32Array([1, 2, 3, 4, 5, 6]) });
      expect([...((await nat.readRowsAsync('/x', 1, 2)) as Int32Array)]).toEqual([3, 4, 5, 6]);
      await expect(nat.readRowsAsync('/x', 2, 2)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG' });
    } finally {
      nat.close();
    }
  });
});
