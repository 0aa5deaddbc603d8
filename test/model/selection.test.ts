// PyTables' __getitem__ as Array.get(...keys) and __setitem__ as Array.set(keys, value):
// every case is applied by PyTables 3.7 to the same file (test/python/pt_select.py,
// pt_setitem.py) and h5tables must give the same values, shapes and errors, on disk, in
// CORE memory and from an image, across the chunks of PyTables' and h5py's compressed files.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

import { Array as H5Array, File, FileModeError, openFile, slice } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { useTmpDir, makeTmpDir } from '../helpers/tmp';
import {
  ERROR_CLASS,
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

// Keep fs imported for the write tests below.
void fs;
void FileModeError;
