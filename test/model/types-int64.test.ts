// int64 without pain (issue 10 item 4): exact by default (BigInt64Array, bigint
// attributes); `int64: 'number'` on openFile, a read or attrs.get gives Float64Array and
// numbers, and refuses (RangeError, ERR_OUT_OF_RANGE) a value a number cannot hold exactly,
// as node:sqlite does, rather than round it as h5wasm's json_value and better-sqlite3's
// default do. Read results serialise to JSON: bigints as numbers when safe, else strings.
import { describe, expect, it } from 'vitest';

import { openFile, type File, type OpenFileOptions } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { python, pythonJson, useScratch } from './model-helpers';

const scratch = useScratch();
const SAFE = 2n ** 53n - 1n;

function memory(options: OpenFileOptions = {}): File {
  return scratch.track(
    openFile('int64.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false, ...options }),
  );
}

/** A file with int64/uint64 data and attributes, reopened from its image with `options`. */
function reopened(options: OpenFileOptions): File {
  const f = memory();
  f.createArray('/', 'small', BigInt64Array.of(1n, -2n, SAFE, -SAFE));
  f.createArray('/', 'big', BigInt64Array.of(1n, SAFE + 1n));
  f.createArray('/', 'ubig', BigUint64Array.of(2n ** 64n - 1n));
  f.createArray('/', 'usmall', { data: BigUint64Array.of(1n, 2n, 3n, 4n), shape: [2, 2] });
  f.createArray('/', 'f', Float64Array.of(0.5));
  f.root.attrs.count = 5n;
  f.root.attrs.huge = -(2n ** 63n);
  f.root.attrs.vec = BigInt64Array.of(7n, 8n);
  f.root.attrs.grid = { data: BigInt64Array.of(1n, 2n, 3n, 4n), shape: [2, 2] };
  const image = f.getFileImage();
  f.close();
  return scratch.track(
    openFile('again.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image, ...options }),
  );
}

describe("int64: 'bigint' (the default) is exact", () => {
  it('reads int64 and uint64 data as BigInt64Array / BigUint64Array and attributes as bigints', () => {
    for (const f of [reopened({}), reopened({ int64: 'bigint' })]) {
      expect(f.root.big.read().data).toEqual(BigInt64Array.of(1n, SAFE + 1n));
      expect(f.root.ubig.read().data).toEqual(BigUint64Array.of(2n ** 64n - 1n));
      expect(f.root.attrs.count).toBe(5n);
      expect(f.root.attrs.huge).toBe(-(2n ** 63n));
      expect(f.root.attrs.vec).toEqual(BigInt64Array.of(7n, 8n));
    }
  });
});

describe("int64: 'number'", () => {
  it('on openFile: data as Float64Array (shape and dtype kept), attributes as numbers', () => {
    const f = reopened({ int64: 'number' });
    expect(f.root.small.read()).toEqual({
      data: Float64Array.of(1, -2, Number(SAFE), -Number(SAFE)),
      shape: [4],
      dtype: 'int64',
    });
    expect(f.root.usmall.read(1)).toEqual({ data: Float64Array.of(3, 4), shape: [1, 2], dtype: 'uint64' });
    expect(f.root.small.read(0, 0)).toEqual({ data: new Float64Array(0), shape: [0], dtype: 'int64' });
    expect(f.root.f.read().data).toEqual(Float64Array.of(0.5)); // other dtypes as they are
    const count = f.root.attrs.count;
    expect(count).toBe(5);
    expect(typeof count === 'number' && count + 1).toBe(6);
    expect(f.root.attrs.vec).toEqual(Float64Array.of(7, 8));
    expect(f.root.attrs.grid).toEqual({ data: Float64Array.of(1, 2, 3, 4), shape: [2, 2] });
    expect(f.getNodeAttr('/', 'count')).toBe(5);
  });

  it('on one read or one attrs.get, overriding the file either way', async () => {
    const exact = reopened({});
    expect(exact.root.small.read(0, 2, 1, { int64: 'number' }).data).toEqual(Float64Array.of(1, -2));
    expect((await exact.root.small.readAsync(-1, null, null, { int64: 'number' })).data).toEqual(
      Float64Array.of(-Number(SAFE)),
    );
    expect(exact.root.attrs.get('count', { int64: 'number' })).toBe(5);
    expect(exact.root.attrs.count).toBe(5n);
    const numbers = reopened({ int64: 'number' });
    expect(numbers.root.big.read(undefined, undefined, undefined, { int64: 'bigint' }).data).toEqual(
      BigInt64Array.of(1n, SAFE + 1n),
    );
    expect(numbers.root.attrs.get('huge', { int64: 'bigint' })).toBe(-(2n ** 63n));
    expect(numbers.root.attrs.get('count', {})).toBe(5); // no int64 key: the file's
    expect(numbers.root.small.read(0, 1, 1, {}).data).toEqual(Float64Array.of(1));
  });

  it('throws a RangeError (ERR_OUT_OF_RANGE) naming the node for a value beyond ±(2^53 - 1), rather than rounding it', async () => {
    const f = reopened({ int64: 'number' });
    const message =
      "reading ``/big``: the int64 value 9007199254740992 is not a safe integer (beyond ±(2^53 - 1)) and cannot be read as a number without losing precision; read it with { int64: 'bigint' }";
    const outOfRange = (text: string): RangeError =>
      Object.assign(new RangeError(text), { code: 'ERR_OUT_OF_RANGE' });
    expect(() => f.root.big.read()).toThrow(outOfRange(message));
    await expect(f.root.big.readAsync()).rejects.toThrow(outOfRange(message));
    expect(f.root.big.read(0).data).toEqual(Float64Array.of(1)); // the safe part reads
    expect(() => f.root.ubig.read()).toThrow(/the int64 value 18446744073709551615 is not a safe integer/);
    expect(() => f.root.attrs.huge).toThrow(
      outOfRange(
        "attribute ``huge`` of ``/``: the int64 value -9223372036854775808 is not a safe integer (beyond ±(2^53 - 1)) and cannot be read as a number without losing precision; read it with { int64: 'bigint' }",
      ),
    );
  });

  it('converts every safe value exactly and refuses every unsafe one, at the edges and at random', () => {
    const safe = [
      0n,
      1n,
      -1n,
      SAFE,
      -SAFE,
      2n ** 32n,
      -(2n ** 32n),
      -(2n ** 32n) + 1n,
      2n ** 32n - 1n,
      -(2n ** 52n) - 3n,
    ];
    let seed = 12345n;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      safe.push(BigInt.asIntN(64, seed) >> BigInt(11 + (i % 40))); // magnitudes from 2^53 down
    }
    const unsafe = [
      SAFE + 1n,
      -SAFE - 1n,
      -(2n ** 53n) - 1n,
      2n ** 63n - 1n,
      -(2n ** 63n),
      2n ** 53n + 2n ** 32n,
    ];
    const f = memory();
    const node = f.createArray('/', 'safe', BigInt64Array.from(safe.filter((v) => v <= SAFE && v >= -SAFE)));
    const kept = node.read(null, null, null, { int64: 'bigint' }).data;
    expect(kept.length).toBeGreaterThan(1900);
    expect(Array.from(node.read(null, null, null, { int64: 'number' }).data)).toEqual(
      Array.from(kept, Number),
    );
    for (const v of unsafe) {
      f.createArray('/', `u${unsafe.indexOf(v)}`, BigInt64Array.of(0n, v));
      expect(() =>
        f.getNode(`/u${unsafe.indexOf(v)}`).read(undefined, undefined, undefined, { int64: 'number' }),
      ).toThrow(`the int64 value ${v} is not a safe integer`);
    }
    f.createArray('/', 'unsigned', BigUint64Array.of(0n, SAFE, 2n ** 32n + 7n, 2n ** 53n));
    expect(f.root.unsigned.read(0, 3, 1, { int64: 'number' }).data).toEqual(
      Float64Array.of(0, Number(SAFE), 2 ** 32 + 7),
    );
    expect(() => f.root.unsigned.read(3, 4, 1, { int64: 'number' })).toThrow(
      'the int64 value 9007199254740992 is not',
    );
  });

  it('refuses a mode that is not one and an unknown read option, before reading', () => {
    expect(() => memory({ int64: 'numbers' as 'number' })).toThrow(
      new TypeError("openFile: option 'int64' must be 'bigint' or 'number', not 'numbers'"),
    );
    const f = reopened({});
    expect(() => f.root.small.read(0, 1, 1, { int64: true as unknown as 'number' })).toThrow(
      new TypeError("read: option 'int64' must be 'bigint' or 'number', not boolean"),
    );
    expect(() => f.root.small.read(0, 1, 1, { safeIntegers: true } as object)).toThrow(
      new TypeError("read: unknown option 'safeIntegers'; accepted options: int64, out"),
    );
    expect(() => f.root.attrs.get('count', { int64: 'big' as 'bigint' })).toThrow(
      new TypeError("attrs.get: option 'int64' must be 'bigint' or 'number', not 'big'"),
    );
  });
});

describe('JSON', () => {
  it('JSON.stringify(read()) writes plain arrays: bigints as numbers when safe, else decimal strings', () => {
    const f = reopened({});
    expect(JSON.stringify(f.root.small.read())).toBe(
      `{"data":[1,-2,${SAFE},-${SAFE}],"shape":[4],"dtype":"int64"}`,
    );
    expect(JSON.parse(JSON.stringify(f.root.big.read()))).toEqual({
      data: [1, '9007199254740992'],
      shape: [2],
      dtype: 'int64',
    });
    expect(f.root.ubig.read().toJSON()).toEqual({
      data: ['18446744073709551615'],
      shape: [1],
      dtype: 'uint64',
    });
    expect(JSON.parse(JSON.stringify(reopened({ int64: 'number' }).root.usmall.read()))).toEqual({
      data: [1, 2, 3, 4],
      shape: [2, 2],
      dtype: 'uint64',
    });
  });

  it('every dtype: numbers, NaN and infinities as null (as JSON has them), strings, bools as 0/1', async () => {
    const f = memory();
    f.createArray('/', 'x', Float32Array.of(1.5, NaN, -Infinity));
    f.createArray('/', 's', ['ab', 'ü']);
    f.createArray('/', 'b', [true, false]);
    f.createArray('/', 'i', { data: Int8Array.of(-1, 2, 3, 4), shape: [2, 2] });
    expect(JSON.stringify(f.root.x.read())).toBe('{"data":[1.5,null,null],"shape":[3],"dtype":"float32"}');
    expect(JSON.stringify(f.root.s.read())).toBe('{"data":["ab","ü"],"shape":[2],"dtype":"string"}');
    expect(JSON.stringify(f.root.b.read())).toBe('{"data":[1,0],"shape":[2],"dtype":"bool"}');
    expect(JSON.stringify(await f.root.i.readAsync(1))).toBe('{"data":[3,4],"shape":[1,2],"dtype":"int8"}');
    expect(JSON.stringify(f.root.i.read(0, 0))).toBe('{"data":[],"shape":[0,2],"dtype":"int8"}');
    // toJSON lives on the prototype: the result's own keys are its three fields.
    expect(Object.keys(f.root.x.read())).toEqual(['data', 'shape', 'dtype']);
  });
});

describe.skipIf(lacks('pytables'))('against PyTables', () => {
  it('a Python int attribute (int64) reads as 5n, or as 5 with the opt-in, so count + 1 works', () => {
    const p = scratch.path('pt.h5');
    python(`
import tables as tb, numpy as np
f = tb.open_file(${JSON.stringify(p)}, 'w')
f.root._v_attrs.count = 5
f.root._v_attrs.big = 2**62
f.create_array('/', 'ids', np.array([1, 2, 2**53 - 1], dtype='int64'))
f.close()
`);
    expect(
      pythonJson<string>(`
import tables as tb
f = tb.open_file(${JSON.stringify(p)})
print('"' + type(f.root._v_attrs.count).__name__ + '"')
f.close()
`),
    ).toBe('int64');
    const exact = scratch.track(openFile(p, 'r'));
    expect(exact.root.attrs.count).toBe(5n);
    exact.close();
    const f = scratch.track(openFile(p, 'r', { int64: 'number' }));
    const count = f.root.attrs.count;
    expect(typeof count === 'number' ? count + 1 : count).toBe(6);
    expect(f.root.ids.read().data).toEqual(Float64Array.of(1, 2, 2 ** 53 - 1));
    expect(() => f.root.attrs.big).toThrow(RangeError);
    expect(f.root.attrs.get('big', { int64: 'bigint' })).toBe(2n ** 62n);
  });
});
