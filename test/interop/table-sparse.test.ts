// A table whose extent runs far past its stored chunks (h5tables' /t grown by h5py to 10^12
// rows, with 100 rows stored at its start and 10 at row 5 * 10^11): the rows no chunk
// holds read as the fill value, and a query evaluates its condition once for a run of
// them (lib/table-scan.ts) instead of for 10^12 rows one block at a time, which never
// ended (a fuzz mutant whose extent claimed 10^15 rows stalled readWhere). PyTables'
// get_where_list over ranges of the same file is the reference.
import { beforeAll, describe, expect, it } from 'vitest';

import { Float64Col, Int32Col, StringCol, openFile, type File, type Table } from '../../lib/index';
import { scanSegments } from '../../lib/table-scan';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { makeTmpDir } from '../helpers/tmp';

const ROWS = 10 ** 12;
const FAR = 5 * 10 ** 11;
let file = '';
// The file is grown by h5py and checked against PyTables: without them, nothing to query.
const noPython = lacks('pytables', 'h5py');

beforeAll(() => {
  if (noPython) return;
  file = `${makeTmpDir('h5tables-sparse-')}/sparse.h5`;
  const f = openFile(file, 'w');
  const t = f.createTable(
    '/',
    't',
    { i: Int32Col(), x: Float64Col(), s: StringCol(4) },
    {
      title: 'sparse',
      chunkshape: [64],
    },
  );
  const n = 100;
  t.append({
    i: Int32Array.from({ length: n }, (_, k) => k + 1),
    x: new Float64Array(n).fill(1.5),
    s: Array.from({ length: n }, (_, k) => `r${k}`),
  });
  f.close();
  runPython('sparse_table.py', ['grow', file, String(ROWS), String(FAR)]);
});

function withTable<T>(fn: (t: Table, f: File) => T): T {
  const f = openFile(file, 'r');
  try {
    return fn(f.getNode('/t', undefined, 'Table') as Table, f);
  } finally {
    f.close();
  }
}

function pytables(cond: string, start: number, stop: number, step: number): number[] {
  return runPython<{ rows: number[] }>('sparse_table.py', [
    'where',
    file,
    cond,
    String(start),
    String(stop),
    String(step),
  ]).rows;
}

describe.skipIf(noPython)('queries over rows no chunk stores', () => {
  it('find the stored rows of the whole 10^12-row table, with their values', async () => {
    const got = withTable((t) => {
      expect(t.nrows).toBe(ROWS);
      return t.readWhere('i > 50') as Record<string, unknown>;
    });
    const want = [
      ...Array.from({ length: 50 }, (_, k) => k + 51),
      ...Array.from({ length: 10 }, (_, k) => 1000 + k),
    ];
    expect(Array.from(got.i as Int32Array)).toEqual(want);
    expect((got.s as string[]).slice(48)).toEqual(['r98', 'r99', ...Array(10).fill('far')]);
    expect(withTable((t) => t.getWhereList('i >= 1000'))).toEqual(
      Array.from({ length: 10 }, (_, k) => FAR + k),
    );
    const f = openFile(file, 'r');
    try {
      const t = f.getNode('/t', undefined, 'Table') as Table;
      expect(await t.getWhereListAsync('i >= 1000')).toEqual(Array.from({ length: 10 }, (_, k) => FAR + k));
      const rows = [];
      for await (const r of t.whereAsync('i > 98')) rows.push(r.i);
      expect(rows).toEqual([99, 100, ...Array.from({ length: 10 }, (_, k) => 1000 + k)]);
    } finally {
      f.close();
    }
  });

  // Each range holds a run of fill rows longer than a query's block (65536 rows here).
  const ranges: Array<[string, number, number, number]> = [
    ['i == 0', 0, 1_000_000, 3],
    ['i == 0', FAR - 150_000, FAR + 150_000, 1],
    ['(i == 0) | (i > 1004)', FAR - 200_001, FAR + 200_000, 7],
    ['s == b""', 90, 400_000, 2],
    ['(x > 1) & (i < 1003)', FAR - 100_000, FAR + 100, 1],
  ];
  for (const [cond, start, stop, step] of ranges) {
    it(`match PyTables: ${cond} over [${start}:${stop}:${step}], sync and async`, async () => {
      const want = pytables(cond, start, stop, step);
      const f = openFile(file, 'r');
      try {
        const t = f.getNode('/t', undefined, 'Table') as Table;
        expect(t.getWhereList(cond, null, null, start, stop, step)).toEqual(want);
        expect(await t.getWhereListAsync(cond, null, null, start, stop, step)).toEqual(want);
        const read = t.readWhere(cond, null, 'i', start, stop, step) as { data: Int32Array };
        expect(read.data.length).toBe(want.length);
        const seen: number[] = [];
        for (const row of t.where(cond, null, start, stop, step)) seen.push(row.i as number);
        expect(seen).toEqual(Array.from(read.data));
      } finally {
        f.close();
      }
    });
  }

  it('refuse a result past maxReadBytes before building it, sync and async', async () => {
    const f = openFile(file, 'r', { maxReadBytes: 16 << 20 });
    try {
      const t = f.getNode('/t', undefined, 'Table') as Table;
      for (const call of [() => t.readWhere('i == 0'), () => t.getWhereList('i == 0')]) {
        expect(call).toThrow(expect.objectContaining({ name: 'RangeError', code: 'ERR_TOO_LARGE' }) as Error);
      }
      await expect(t.readWhereAsync('i == 0')).rejects.toThrow(/pass maxReadBytes \(16777216\)/);
      await expect(t.getWhereListAsync('i == 0')).rejects.toThrow(RangeError);
      // Below the limit the same fill rows are a result.
      const some = t.readWhere('i == 0', null, 'i', 0, 1_000_000) as { data: Int32Array };
      expect(some.data.length).toBe(1_000_000 - 100);
      expect(some.data.every((v) => v === 0)).toBe(true);
    } finally {
      f.close();
    }
  });
});

describe('scanSegments', () => {
  it('reads stored rows and short gaps, fills runs of at least a block', () => {
    // Rows 0..9 stored, 10..99 not, 100..109 stored; blocks of 50.
    expect(scanSegments(0, 200, 1, [0, 10, 100, 110], 50)).toEqual([
      { k0: 0, k1: 10, fill: false },
      { k0: 10, k1: 100, fill: true },
      { k0: 100, k1: 110, fill: false },
      { k0: 110, k1: 200, fill: true },
    ]);
    // A gap shorter than a block is read with its neighbours.
    expect(scanSegments(0, 120, 1, [0, 10, 40, 110], 50)).toEqual([{ k0: 0, k1: 120, fill: false }]);
    // With a step the segments count selected rows: rows 5, 8, 11, ... (k = (row - 5) / 3).
    expect(scanSegments(5, 100, 3, [0, 30, 200, 230], 20)).toEqual([
      { k0: 0, k1: 9, fill: false },
      { k0: 9, k1: 65, fill: true },
      { k0: 65, k1: 75, fill: false },
      { k0: 75, k1: 100, fill: true },
    ]);
    // A stored range the step jumps over, and null (every row stored).
    expect(scanSegments(0, 10, 10, [1, 5], 2)).toEqual([{ k0: 0, k1: 10, fill: true }]);
    expect(scanSegments(3, 7, 2, null, 1)).toEqual([{ k0: 0, k1: 7, fill: false }]);
    expect(scanSegments(0, 0, 1, [0, 10], 1)).toEqual([]);
  });
});
