// `for (const row of leaf)`, iterrows(start, stop, step) and iterrowsAsync(): the rows
// PyTables 3.7 yields for the same ranges on the same file (test/python/pt_select.py), read
// in blocks of PyTables' nrowsinbuf (1 MiB of rows), never one read per row.
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { Array as H5Array, File, openFile } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { makeTmpDir, useTmpDir } from '../helpers/tmp';
import {
  ERROR_CLASS,
  OPENINGS,
  encode,
  jsOutcome,
  makeFile,
  openAs,
  pyOutcomes,
  type Case,
  type Outcome,
} from './selection-cases';

const tmp = useTmpDir('h5tables-iter-');

type Range = [number | null, number | null, number | null] | null;
const RANGES: Range[] = [
  null,
  [null, null, null],
  [2, null, null],
  [-3, null, null],
  [1, 10, 3],
  [-100, 4, null],
  [100, null, null],
  [5, 2, null],
  [null, null, 2],
];
const BAD_RANGES: Range[] = [
  [null, null, -1],
  [0, 5, 0],
];
const NODES = [
  '/arr3',
  '/vec',
  '/scalar',
  '/strs',
  '/flags',
  '/i64',
  '/empty',
  '/carr',
  '/earr',
  '/gz',
  '/lzf',
];

/** The native file under a File, to count its reads (internal, test-only). */
function nativeOf(f: File): { readDataset: unknown; readDatasetAsync: unknown } {
  return (f as unknown as { _nat(): { readDataset: unknown; readDatasetAsync: unknown } })._nat();
}

function expectSame(js: Outcome, py: Outcome, what: string): void {
  if ('error' in py) {
    expect(js, what).toHaveProperty('error', ERROR_CLASS[py.error]);
    expect((js as { message: string }).message, what).toBe(py.message);
    return;
  }
  expect(js, what).toEqual(py);
}

describe.skipIf(lacks('pytables', 'h5py'))('iteration yields the rows PyTables yields', () => {
  let path: string;
  let cases: Case[];
  let expected: Outcome[];
  // Python makes the file and applies every case: slow on a loaded machine.
  beforeAll(() => {
    path = `${makeTmpDir('h5tables-iter-all-')}/iter.h5`;
    makeFile(path);
    cases = [];
    for (const node of NODES)
      for (const iterrows of [...RANGES, ...BAD_RANGES]) cases.push({ node, iterrows });
    // Several blocks each: 300 rows of 8000 bytes (131 a block), 300000 int64 (131072 a block).
    for (const node of ['/big', '/lvec'])
      for (const iterrows of [null, [7, 299999, 5]] as Range[]) cases.push({ node, iterrows });
    expected = pyOutcomes(path, cases);
  }, 120_000);

  for (const how of OPENINGS) {
    it(`every node and range, ${how}`, () => {
      const f = tmp.track(openAs(path, how));
      cases.forEach((c, i) => {
        // The 600000 rows of the two long leaves are compared once, on disk.
        if (how !== 'on disk' && (c.node === '/big' || c.node === '/lvec')) return;
        expectSame(jsOutcome(f, c), expected[i], `${c.node} ${JSON.stringify(c)}`);
      });
      f.close();
    });
  }

  it('reads block by block: PyTables nrowsinbuf rows per read', () => {
    const f = tmp.track(openFile(path));
    const nat = nativeOf(f);
    const spy = vi.spyOn(nat as { readDataset: () => unknown }, 'readDataset');
    let n = 0;
    for (const row of f.getNode('/big') as H5Array) {
      expect(row).toMatchObject({ shape: [1000] });
      n++;
    }
    expect(n).toBe(300);
    // 1 MiB / 8000 bytes = 131 rows a block: 131 + 131 + 38.
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockClear();
    expect([...(f.getNode('/lvec') as H5Array).iterrows(0, null, 2)]).toHaveLength(150000);
    // 131072 rows a block, counted in rows taken (step 2): 131072 + 18928.
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    f.close();
  });

  it('iterrowsAsync yields the same rows, reading on the HDF5 thread', async () => {
    const f = tmp.track(openFile(path));
    const nat = nativeOf(f);
    const spy = vi.spyOn(nat as { readDatasetAsync: () => unknown }, 'readDatasetAsync');
    for (const node of ['/big', '/carr', '/vec', '/scalar', '/strs']) {
      const a = f.getNode(node) as H5Array;
      const rows: unknown[] = [];
      for await (const row of a.iterrowsAsync(1, null, 2)) rows.push(encode(row, a.dtype));
      expect(rows, node).toEqual([...a.iterrows(1, null, 2)].map((r) => encode(r, a.dtype)));
    }
    expect(spy.mock.calls.length).toBeGreaterThan(4);
    spy.mockRestore();
    const aborted = f.getNode('/big') as H5Array;
    const it = aborted.iterrowsAsync(0, null, 1, { signal: AbortSignal.abort() });
    await expect(it.next()).rejects.toHaveProperty('name', 'AbortError');
    f.close();
  });

  it('a 1-D leaf yields elements: bigints, or numbers with int64: number', () => {
    const f = tmp.track(openFile(path));
    const a = f.getNode('/i64') as H5Array;
    expect([...a]).toEqual([-(2n ** 63n), 2n ** 62n + 1n, -5n, 2n ** 53n + 3n]);
    expect([...a.iterrows(2, 3, 1, { int64: 'number' })]).toEqual([-5]);
    // The unsafe value fails the block it is in, before any row of it is yielded.
    expect(() => [...a.iterrows(0, null, null, { int64: 'number' })]).toThrow(RangeError);
    f.close();
  });

  it('closing the file ends the iteration with a clear error at the next block', () => {
    const f = openFile(path);
    const rows = (f.getNode('/big') as H5Array)[Symbol.iterator]();
    expect(rows.next().done).toBe(false);
    f.close();
    let error: unknown;
    try {
      for (let r = rows.next(); !r.done; r = rows.next());
    } catch (err) {
      error = err;
    }
    expect(String(error)).toMatch(/closed/);
  });
});

describe('iteration of files h5tables writes', () => {
  function file(): File {
    const f = tmp.track(openFile(tmp.path('w.h5'), 'w'));
    f.createArray('/', 'bools', [true, false, true]);
    f.createArray('/', 'words', ['a', 'bc', 'd\u00e9f']);
    f.createArray('/', 'grid', { data: Int16Array.from({ length: 12 }, (_, i) => i - 6), shape: [4, 3] });
    f.createArray('/', 'one', 7);
    return f;
  }

  it('yields booleans, strings, rows and a scalar', () => {
    const f = file();
    expect([...(f.getNode('/bools') as H5Array)]).toEqual([true, false, true]);
    expect([...(f.getNode('/words') as H5Array).iterrows(1)]).toEqual(['bc', 'd\u00e9f']);
    const rows = [...(f.getNode('/grid') as H5Array).iterrows(null, null, 2)];
    expect(rows.map((r) => encode(r, 'int16'))).toEqual([
      { shape: [3], data: [-6, -5, -4] },
      { shape: [3], data: [0, 1, 2] },
    ]);
    expect([...(f.getNode('/one') as H5Array)]).toEqual([7]);
  });

  it.skipIf(lacks('pytables'))('PyTables yields the same rows from the same file', () => {
    const f = file();
    const path = f.filename;
    f.close();
    const cases: Case[] = ['/bools', '/words', '/grid', '/one'].map((node) => ({
      node,
      iterrows: [1, null, null],
    }));
    const py = pyOutcomes(path, cases);
    const g = tmp.track(openFile(path));
    // Strings PyTables reads as bytes: the non-ASCII one is UTF-8 bytes, encoded here as such.
    cases.forEach((c, i) => {
      if (c.node === '/words')
        expect(jsOutcome(g, c)).toEqual({
          rows: [
            { shape: [], data: [{ bytes: 'bc' }] },
            { shape: [], data: [{ bytes: 'd\u00e9f' }] },
          ],
        });
      else expect(jsOutcome(g, c), c.node).toEqual(py[i]);
    });
    expect(py[1]).toEqual({
      rows: [
        { shape: [], data: [{ bytes: 'bc' }] },
        { shape: [], data: [{ bytes: 'd\u00e9f' }] },
      ],
    });
  });

  it('checks its arguments at the call, before any row', () => {
    const f = file();
    const a = f.getNode('/grid') as H5Array;
    expect(() => a.iterrows(0, 4, -1)).toThrow(new RangeError('slice step cannot be negative'));
    expect(() => a.iterrows(0, 4, 0)).toThrow(new RangeError('slice step cannot be zero'));
    expect(() => a.iterrows(1.5)).toThrow(/^iterrows: start must be an integer/);
    expect(() => a.iterrows(0, 1, 1, { nope: 1 } as never)).toThrow(/^iterrows: unknown option 'nope'/);
    expect(() => (a.iterrows as (...args: unknown[]) => unknown)(0, 1, 1, {}, 2)).toThrow(
      /at most 4 arguments/,
    );
    expect(() => a.iterrowsAsync(0, 4, -1)).toThrow(RangeError);
  });
});
