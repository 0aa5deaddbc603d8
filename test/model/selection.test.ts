// PyTables' __getitem__ as Array.get(...keys) and __setitem__ as Array.set(keys, value):
// every case is applied by PyTables 3.7 to the same file (test/python/pt_select.py,
// pt_setitem.py) and h5tables must give the same values, shapes and errors, on disk, in
// CORE memory and from an image, across the chunks of PyTables' and h5py's compressed files.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

import { Array as H5Array, File, FileModeError, openFile, slice } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useTmpDir, makeTmpDir } from '../helpers/tmp';
import {
  ERROR_CLASS,
  encode,
  jsKey,
  jsOutcome,
  lcg,
  makeFile,
  OPENINGS,
  openAs,
  pyOutcomes,
  randomKeys,
  type Case,
  type MadeFile,
  type Outcome,
  type PyKey,
} from './selection-cases';

const tmp = useTmpDir('h5tables-select-');

/** Hand-picked keys per node, then seeded random ones. */
function getCases(made: MadeFile): Case[] {
  const picked: Record<string, PyKey[][]> = {
    '/arr3': [
      [],
      [0],
      [-1],
      [1, 2],
      [-1, -1, -1],
      [0, 0, 0],
      [null, 1],
      [null, null, 3],
      [0, { slice: [1, 2, null] }],
      [{ slice: [null, null, 2] }, { slice: [-2, null, null] }, { slice: [1, 100, 2] }],
      [{ slice: [5, 1, null] }],
      [{ slice: [-100, 100, null] }],
      [null, { slice: [3, null, null] }],
    ],
    '/vec': [
      [],
      [0],
      [6],
      [-7],
      [{ slice: [2, 5, null] }],
      [{ slice: [null, null, 3] }],
      [{ slice: [10, 20, null] }],
    ],
    '/scalar': [[]],
    '/strs': [[], [1], [1, 1], [-1, 0], [{ slice: [null, null, 2] }, 1]],
    '/flags': [[], [1], [0, 2], [null, { slice: [1, null, null] }]],
    '/i64': [[], [0], [-1], [{ slice: [1, 3, null] }]],
    '/empty': [[], [null, 1], [{ slice: [0, 5, null] }]],
    '/carr': [
      [3],
      [1, { slice: [1, null, 2] }],
      [{ slice: [1, 6, 3] }, -2, { slice: [2, 5, null] }],
      [6, 4, 5],
    ],
    '/earr': [
      [5],
      [{ slice: [2, 11, 4] }],
      [null, 3],
      [{ slice: [-5, null, null] }, { slice: [1, 3, null] }],
    ],
    '/gz': [[], [3], [{ slice: [2, 8, 3] }, { slice: [1, 7, 2] }], [-1, -1]],
    '/lzf': [[], [13], [{ slice: [5, 40, 6] }]],
    '/atom': [[], [1], [-1], [{ slice: [1, 4, 2] }]],
    '/big': [
      [150, { slice: [120, 140, 3] }],
      [{ slice: [6, 300, 50] }, { slice: [125, 131, null] }],
      [-1, -1],
    ],
  };
  const rand = lcg(11);
  const cases: Case[] = [];
  for (const [node, keysets] of Object.entries(picked)) {
    for (const keys of keysets) cases.push({ node, keys });
    if (node === '/big' || node === '/scalar') continue;
    for (const keys of randomKeys(made.nodes[node].shape, rand, 25)) cases.push({ node, keys });
  }
  return cases;
}

/** Keys PyTables refuses; the JS side must refuse them with the matching class and message. */
const ERROR_CASES: Case[] = [
  { node: '/arr3', keys: [2] },
  { node: '/arr3', keys: [0, 3] },
  { node: '/arr3', keys: [0, 0, 4] },
  { node: '/arr3', keys: [0, 0, 0, 0] },
  { node: '/vec', keys: [7] },
  { node: '/vec', keys: [{ slice: [null, null, -1] }] },
  { node: '/vec', keys: [{ slice: [4, 1, -2] }] },
  { node: '/vec', keys: [{ slice: [null, null, 0] }] },
  { node: '/scalar', keys: [0] },
  { node: '/scalar', keys: [null] },
  { node: '/empty', keys: [0] },
  { node: '/carr', keys: [7] },
  { node: '/gz', keys: [1, 8] },
  { node: '/atom', keys: [1, 1] },
];

/** Compares one case: equal values, or the same error (class mapped, message as PyTables words it). */
function expectSame(js: Outcome, py: Outcome, what: string): void {
  if ('error' in py) {
    expect(js, what).toHaveProperty('error', ERROR_CLASS[py.error]);
    if (py.error !== 'TypeError')
      expect((js as { message: string }).message.startsWith(py.message), what).toBe(true);
    return;
  }
  expect(js, what).toEqual(py);
}

describe.skipIf(lacks('pytables', 'h5py'))("get(): PyTables' __getitem__ on the same file", () => {
  let dir: string;
  let path: string;
  let made: MadeFile;
  let cases: Case[];
  let expected: Outcome[];
  // Python makes the file and applies every case: slow on a loaded machine.
  beforeAll(() => {
    dir = makeTmpDir('h5tables-select-all-');
    path = `${dir}/select.h5`;
    made = makeFile(path);
    cases = [...getCases(made), ...ERROR_CASES];
    expected = pyOutcomes(path, cases);
  }, 120_000);

  for (const how of OPENINGS) {
    it(`every key, ${how}`, () => {
      const f = tmp.track(openAs(path, how));
      let errors = 0;
      cases.forEach((c, i) => {
        if ('error' in expected[i]) errors++;
        expectSame(
          jsOutcome(f, c),
          expected[i],
          `${c.node}[${JSON.stringify((c as { keys: PyKey[] }).keys)}]`,
        );
      });
      // The error cases did fail on the Python side (none was silently accepted there).
      expect(errors).toBeGreaterThanOrEqual(ERROR_CASES.length);
      f.close();
    });
  }

  it('getAsync gives what get gives, and honours an aborted signal', async () => {
    const f = tmp.track(openFile(path));
    const a = f.getNode('/carr') as H5Array;
    expect(await a.getAsync(1, slice(1, null, 2))).toEqual(a.get(1, slice(1, null, 2)));
    expect(await a.getAsync(6, 4, 5, {})).toEqual(a.get(6, 4, 5));
    const aborted = AbortSignal.abort();
    await expect(a.getAsync(0, { signal: aborted })).rejects.toHaveProperty('name', 'AbortError');
    await expect(a.getAsync(9)).rejects.toThrow(RangeError);
    f.close();
  });

  it('keys below -n are refused (PyTables 3.7 wraps them around to another element)', () => {
    // PyTables adds n once and then slices [k, k+1): vec[-9] on 7 elements is vec[5].
    const py = pyOutcomes(path, [
      { node: '/vec', keys: [-9] },
      { node: '/vec', keys: [5] },
    ]);
    expect(py[0]).toEqual(py[1]);
    const f = tmp.track(openFile(path));
    expect(() => (f.getNode('/vec') as H5Array).get(-9)).toThrow(/^Index out of range/);
    expect(() => (f.getNode('/arr3') as H5Array).get(0, -4)).toThrow(RangeError);
    f.close();
  });

  it('int64 keeps its mode per read', () => {
    const f = tmp.track(openFile(path));
    const a = f.getNode('/i64') as H5Array;
    expect(a.get(2).data).toEqual(BigInt64Array.of(-5n));
    expect(a.get(2, { int64: 'number' }).data).toEqual(Float64Array.of(-5));
    expect(() => a.get(0, { int64: 'number' })).toThrow(RangeError);
    expect(() => a.get(0, { int64: 'nope' } as never)).toThrow(/int64/);
    expect(() => a.get(0, { signal: 1 } as never)).toThrow(/unknown option 'signal'/);
    f.close();
  });

  it('variable-length strings from h5py select too', () => {
    const f = tmp.track(openFile(path));
    const v = f.getNode('/vlen') as H5Array;
    expect(v.get(slice(1)).data).toEqual(['yz', 'w\u00e9']);
    expect(v.get(-1)).toMatchObject({ shape: [], data: ['w\u00e9'] });
    f.close();
  });

  it('variable-length strings take any length on set (no itemsize to cut to)', () => {
    const copy = tmp.path('vlen.h5');
    fs.copyFileSync(path, copy);
    const f = tmp.track(openFile(copy, 'a'));
    const v = f.getNode('/vlen') as H5Array;
    v.set(0, 'a much longer string \u00e9');
    v.set(slice(1), ['p', 'q']);
    f.close();
    const g = tmp.track(openFile(copy));
    expect((g.getNode('/vlen') as H5Array).get().data).toEqual(['a much longer string \u00e9', 'p', 'q']);
  });
});

describe('get(): argument checks', () => {
  function small(): { f: File; a: H5Array } {
    const f = tmp.track(openFile(tmp.path('k.h5'), 'w'));
    const a = f.createArray('/', 'a', { data: Float64Array.from({ length: 6 }, (_, i) => i), shape: [2, 3] });
    return { f, a };
  }

  it('refuses keys of other types with a TypeError naming the key', () => {
    const { a } = small();
    for (const bad of [1.5, NaN, Infinity, '1', true, undefined, 1n, () => 0]) {
      expect(() => a.get(0, bad as never), String(bad)).toThrow(TypeError);
    }
    expect(() => a.get(0, '1' as never)).toThrow(/^key 1 must be an integer/);
    // A plain object is options only in the last place.
    expect(() => a.get({} as never, 0)).toThrow(/^key 0 must be an integer.*not an object/);
    expect(() => a.get(0, {})).not.toThrow();
    expect(() => a.get([0, 1.5] as never)).toThrow(/^key 0: slice stop must be an integer or null/);
    expect(() => a.get(slice(0, 1, 0.5))).toThrow(/slice step/);
    expect(() => a.get([0, 1, 1, 1] as never)).toThrow(/a range is \[start, stop, step\]/);
  });

  it('a closed file is a clear error', () => {
    const { f, a } = small();
    f.close();
    expect(() => a.get(0)).toThrow(/closed/);
  });

  it('slice() prints as Python does and is frozen', () => {
    expect(String(slice(1, null, 2))).toBe('slice(1, None, 2)');
    expect(Object.isFrozen(slice())).toBe(true);
  });
});

describe('read(): extra arguments are errors', () => {
  it('refuses a 4th argument that is not options, an unknown option and a 5th argument', async () => {
    const f = tmp.track(openFile(tmp.path('r.h5'), 'w'));
    const a = f.createArray('/', 'a', [1, 2, 3]);
    expect(() => a.read(0, 2, 1, 5 as never)).toThrow(/^read: options must be an object, not number/);
    expect(() => a.read(0, 2, 1, { step: 2 } as never)).toThrow(/^read: unknown option 'step'/);
    expect(() => (a.read as (...args: unknown[]) => unknown)(0, 2, 1, {}, 5)).toThrow(
      /^read\(\) takes at most 4 arguments/,
    );
    await expect((a.readAsync as (...args: unknown[]) => Promise<unknown>)(0, 2, 1, {}, 5)).rejects.toThrow(
      /^readAsync\(\) takes at most 4 arguments/,
    );
    expect(a.read(0, 2, 1, {}).data).toEqual(Float64Array.of(1, 2));
  });
});

/** A set() case as pt_setitem.py takes it: the value a JSON scalar or nested lists, or {bytes} for strings. */
interface SetCase {
  node: string;
  keys: PyKey[];
  value: unknown;
}
type SetOutcome = ({ ok: true } | { error: string; message: string }) & {
  after: { shape: number[]; data: unknown[] };
};

const SET_CASES: SetCase[] = [
  { node: '/arr3', keys: [0], value: 7 },
  { node: '/arr3', keys: [1, null, 2], value: [1, 2, 3] },
  {
    node: '/arr3',
    keys: [null, 1],
    value: [
      [10, 11, 12, 13],
      [14, 15, 16, 17],
    ],
  },
  { node: '/arr3', keys: [0], value: [100, 101, 102, 103] },
  { node: '/arr3', keys: [-1, -1, -1], value: -9 },
  {
    node: '/arr3',
    keys: [{ slice: [null, null, 2] }, { slice: [1, null, null] }, { slice: [null, null, 3] }],
    value: 5,
  },
  { node: '/arr3', keys: [0], value: [1, 2, 3] },
  { node: '/arr3', keys: [2], value: 1 },
  { node: '/arr3', keys: [0, 0, 0, 0], value: 1 },
  { node: '/arr3', keys: [{ slice: [null, null, -1] }], value: 1 },
  { node: '/arr3', keys: [0, { slice: [null, null, 0] }], value: 1 },
  { node: '/vec', keys: [{ slice: [1, 3, null] }], value: [1.25, 2.5] },
  { node: '/vec', keys: [{ slice: [10, null, null] }], value: 1 },
  { node: '/vec', keys: [{ slice: [null, null, 3] }], value: [[9, 8, 7]] },
  { node: '/vec', keys: [{ slice: [1, 3, null] }], value: [1, 2, 3] },
  { node: '/vec', keys: [7], value: 1 },
  { node: '/strs', keys: [0, 1], value: { bytes: 'xyzzy' } },
  { node: '/strs', keys: [1], value: { bytes: ['p', 'q'] } },
  { node: '/strs', keys: [null, 0], value: { bytes: 'zz' } },
  { node: '/flags', keys: [0], value: [false, true, false] },
  { node: '/flags', keys: [null, 1], value: true },
  { node: '/i64', keys: [0], value: -7 },
  { node: '/i64', keys: [{ slice: [2, null, null] }], value: [1, 2] },
  { node: '/scalar', keys: [], value: 7.25 },
  { node: '/scalar', keys: [0], value: 1 },
  { node: '/empty', keys: [{ slice: [0, 5, null] }], value: 1 },
  {
    node: '/carr',
    keys: [{ slice: [1, 6, 2] }, 2, { slice: [1, 5, null] }],
    value: [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ],
  },
  { node: '/carr', keys: [6], value: 0 },
  { node: '/carr', keys: [null, { slice: [1, 4, null] }, 5], value: [-1, -2, -3] },
  {
    node: '/earr',
    keys: [{ slice: [-4, null, null] }, { slice: [1, 3, null] }],
    value: [
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ],
  },
  {
    node: '/gz',
    keys: [{ slice: [2, 8, 3] }, { slice: [1, 7, 2] }],
    value: [
      [1, 2, 3],
      [4, 5, 6],
    ],
  },
  { node: '/gz', keys: [-1], value: 5 },
  { node: '/lzf', keys: [{ slice: [5, 40, 6] }], value: 1.5 },
  { node: '/atom', keys: [1], value: [7, 8] },
  { node: '/atom', keys: [{ slice: [2, 4, null] }], value: 9 },
  {
    node: '/atom',
    keys: [{ slice: [null, null, 2] }],
    value: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
  },
  { node: '/atom', keys: [0], value: [1, 2, 3] },
];

/** A set() value from the JSON form: nested arrays, or (every other case) {data, shape} of a TypedArray. */
function jsValue(v: unknown, dtype: string, i: number): unknown {
  if (v !== null && typeof v === 'object' && 'bytes' in v) return (v as { bytes: unknown }).bytes;
  if (!Array.isArray(v) || i % 2 === 0 || dtype === 'bool' || dtype === 'string') return v;
  const shape: number[] = [];
  for (let level: unknown = v; Array.isArray(level); level = level[0]) shape.push(level.length);
  const flat = (v as unknown[]).flat(shape.length) as number[];
  const typed: Record<string, (xs: number[]) => unknown> = {
    int64: (xs) => BigInt64Array.from(xs, BigInt),
    int32: (xs) => Int32Array.from(xs),
    int16: (xs) => Int16Array.from(xs),
    float32: (xs) => Float32Array.from(xs),
  };
  return { data: (typed[dtype] ?? Float64Array.from.bind(Float64Array))(flat), shape };
}

function jsSet(f: File, c: SetCase, i: number): SetOutcome {
  const node = f.getNode(c.node) as H5Array;
  let out: { ok: true } | { error: string; message: string };
  try {
    node.set(c.keys.map(jsKey), jsValue(c.value, node.dtype, i) as never);
    out = { ok: true };
  } catch (err) {
    out = { error: (err as Error).name, message: (err as Error).message };
  }
  return { ...out, after: encode(node.get(), node.dtype) };
}

describe.skipIf(lacks('pytables', 'h5py'))("set(): PyTables' __setitem__ on copies of the same file", () => {
  let dir: string;
  let original: string;
  let expected: SetOutcome[];
  beforeAll(() => {
    dir = makeTmpDir('h5tables-set-all-');
    original = `${dir}/orig.h5`;
    makeFile(original);
    const copy = `${dir}/py.h5`;
    fs.copyFileSync(original, copy);
    fs.writeFileSync(`${dir}/set.json`, JSON.stringify(SET_CASES));
    expected = runPython<{ results: SetOutcome[] }>('pt_setitem.py', [copy, `${dir}/set.json`]).results.map(
      (r) => ({ ...r, after: { shape: r.after.shape, data: r.after.data } }),
    );
  }, 120_000);

  /** PyTables' outcome of the last case on `node`: the node as every copy ends. */
  function lastFor(node: string): SetOutcome {
    let last: SetOutcome | undefined;
    SET_CASES.forEach((c, k) => {
      if (c.node === node) last = expected[k];
    });
    return last!;
  }

  function compare(f: File): void {
    let errors = 0;
    SET_CASES.forEach((c, i) => {
      const js = jsSet(f, c, i);
      const py = expected[i];
      const what = `${c.node}[${JSON.stringify(c.keys)}] = ${JSON.stringify(c.value)}`;
      if ('error' in py) {
        errors++;
        expect(js, what).toHaveProperty('error', ERROR_CLASS[py.error]);
        expect((js as { message: string }).message.startsWith(py.message), what).toBe(true);
      } else {
        expect(js, what).toHaveProperty('ok', true);
      }
      // The whole node after each case: the same values, so a failed set changed nothing.
      expect(js.after, what).toEqual(py.after);
    });
    expect(errors).toBe(9);
  }

  it('on disk, and PyTables reads what set() wrote', () => {
    const path = `${dir}/disk.h5`;
    fs.copyFileSync(original, path);
    const f = openFile(path, 'a');
    compare(f);
    f.close();
    const cases = SET_CASES.map((c) => ({ node: c.node, keys: [] }));
    const back = pyOutcomes(path, cases);
    SET_CASES.forEach((c, i) => {
      expect(back[i], c.node).toEqual({
        value: lastFor(c.node).after,
      });
    });
  });

  it('in a CORE file without backing store, and the disk file stays as it was', () => {
    const path = `${dir}/core.h5`;
    fs.copyFileSync(original, path);
    const before = fs.readFileSync(path);
    const f = openFile(path, 'a', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
    compare(f);
    f.close();
    expect(fs.readFileSync(path).equals(before)).toBe(true);
  });

  it('in a file opened from an image, whose new image holds the writes', () => {
    const f = openFile('img.h5', 'a', {
      driver: 'H5FD_CORE',
      driverCoreBackingStore: false,
      driverCoreImage: fs.readFileSync(original),
    });
    compare(f);
    const image = f.getFileImage();
    f.close();
    const g = tmp.track(openFile('again.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image }));
    const last = lastFor('/carr');
    expect(encode((g.getNode('/carr') as H5Array).get(), 'int32')).toEqual(last.after);
  });
});

describe('set(): checks before anything is written', () => {
  function small(mode: 'w' | 'r' = 'w'): { f: File; a: H5Array; b: H5Array; s: H5Array; path: string } {
    const path = tmp.path('s.h5');
    if (mode === 'r') {
      const w = openFile(path, 'w');
      w.createArray('/', 'a', { data: Int8Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] });
      w.createArray('/', 'b', [true, false]);
      w.createArray('/', 's', ['abc', 'de']);
      w.close();
    }
    const f = tmp.track(openFile(path, mode === 'r' ? 'r' : 'w'));
    if (mode === 'w') {
      f.createArray('/', 'a', { data: Int8Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] });
      f.createArray('/', 'b', [true, false]);
      f.createArray('/', 's', ['abc', 'de']);
    }
    return {
      f,
      path,
      a: f.getNode('/a') as H5Array,
      b: f.getNode('/b') as H5Array,
      s: f.getNode('/s') as H5Array,
    };
  }
  const unchanged = (a: H5Array): void => expect(a.get().data).toEqual(Int8Array.of(1, 2, 3, 4, 5, 6));

  it('a value the dtype cannot hold exactly is a RangeError (PyTables wraps and truncates)', () => {
    const { a } = small();
    expect(() => a.set(0, [1, 2, 300])).toThrow(/^set: element 2 of the value \(300\) does not fit in int8/);
    expect(() => a.set(0, 1.5)).toThrow(/does not fit in int8/);
    expect(() => a.set(0, NaN)).toThrow(RangeError);
    expect(() => a.set([1, 1], -129n)).toThrow(RangeError);
    expect(() => a.set(0, { data: Float64Array.of(1, 2, 3.5), shape: [3] })).toThrow(/element 2/);
    unchanged(a);
    a.set([1, 1], 127n);
    a.set([0], Float64Array.of(-128, 0, 9));
    expect(a.get().data).toEqual(Int8Array.of(-128, 0, 9, 4, 127, 6));
  });

  it('a value of the wrong type is a TypeError', () => {
    const { a, b, s } = small();
    expect(() => a.set(0, 'x' as never)).toThrow(
      /^set: a int8 array takes integers; element 0 of the value is string/,
    );
    expect(() => a.set(0, [1, true, 3] as never)).toThrow(TypeError);
    expect(() => a.set(0, null as never)).toThrow(/^set: value must be/);
    expect(() => a.set(0, { data: [1, 2], shape: [3] })).toThrow(/needs 3/);
    expect(() => b.set(0, 2)).toThrow(/takes booleans/);
    expect(() => s.set(0, 1 as never)).toThrow(/takes strings/);
    unchanged(a);
    b.set(null, Uint8Array.of(0, 1));
    expect([...b]).toEqual([false, true]);
    s.set(1, 'xyzw');
    expect(s.get().data).toEqual(['abc', 'xyz']);
  });

  it('wrong shapes and keys are errors naming them', () => {
    const { a } = small();
    expect(() => a.set(0, [1, 2])).toThrow(
      new RangeError('could not broadcast input array from shape (2,) into shape (3,)'),
    );
    expect(() => a.set([], [[1, 2, 3]])).not.toThrow();
    expect(() => a.set([], [[[1, 2, 3]], [[1, 2, 3]]])).toThrow(/from shape \(2,1,3\) into shape \(2,3\)/);
    expect(() => a.set('x' as never, 1)).toThrow(/^set: keys must be an array of keys/);
    expect(() => a.set([0, 5], 1)).toThrow(/^Index out of range/);
    expect(() => a.set([0, 0, 0], 1)).toThrow(new RangeError("Too many indices for object '/a'"));
    expect(a.get().data).toEqual(Int8Array.of(1, 2, 3, 1, 2, 3));
  });

  it('a read-only file is a FileModeError and nothing changes', () => {
    const { a, f } = small('r');
    expect(() => a.set(0, 1)).toThrow(FileModeError);
    // Bad keys and values are still reported as such first.
    expect(() => a.set(5, 1)).toThrow(RangeError);
    unchanged(a);
    f.close();
  });

  it('setAsync writes on the HDF5 thread, copies the value at the call and honours a signal', async () => {
    const { a, f } = small();
    const row = Int8Array.of(7, 8, 9);
    const pending = a.setAsync(1, row);
    row.fill(0);
    await pending;
    expect(a.get(1).data).toEqual(Int8Array.of(7, 8, 9));
    await expect(a.setAsync(0, 1, { signal: AbortSignal.abort() })).rejects.toHaveProperty(
      'name',
      'AbortError',
    );
    await expect(a.setAsync(0, 1000)).rejects.toThrow(RangeError);
    await expect(a.setAsync(0, 1, { nope: 1 } as never)).rejects.toThrow(/unknown option 'nope'/);
    expect(a.get(0).data).toEqual(Int8Array.of(1, 2, 3));
    // A ReadResult goes back in as a value.
    a.set(0, a.get(1));
    expect(a.get().data).toEqual(Int8Array.of(7, 8, 9, 7, 8, 9));
    f.close();
  });
});

describe('set() in memory', () => {
  it.skipIf(lacks('pytables'))('a CORE file with backing store holds the writes on disk after close', () => {
    const path = tmp.path('backed.h5');
    const f = openFile(path, 'w', { driver: 'H5FD_CORE' });
    const a = f.createArray('/', 'a', { data: new Float32Array(12), shape: [3, 4] });
    a.set([slice(1), slice(null, null, 2)], [[1, 2]]);
    a.set([0, -1], 9.5);
    f.close();
    const [py] = pyOutcomes(path, [{ node: '/a', keys: [] }]);
    expect(py).toEqual({ value: { shape: [3, 4], data: [0, 0, 0, 9.5, 1, 0, 2, 0, 1, 0, 2, 0] } });
  });

  it('takeFileImage() carries the writes into a new file', () => {
    const f = openFile('mem.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
    const a = f.createArray('/', 'a', ['ab', 'cd', 'ef']);
    a.set(slice(1), ['X', 'Y']);
    const image = f.takeFileImage();
    const g = tmp.track(openFile('mem2.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image }));
    expect((g.getNode('/a') as H5Array).get().data).toEqual(['ab', 'X', 'Y']);
  });
});
