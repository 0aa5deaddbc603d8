// Table.readCoordinates (PyTables' read_coordinates, issue 12 item 2): the rows at given
// row numbers, in order and with repeats, columnar as read() gives them; checked against
// PyTables' own read_coordinates on the same file, errors included.
import { describe, expect, it } from 'vitest';

import {
  BoolCol,
  ClosedNodeError,
  Complex128Col,
  Float64Col,
  Int32Col,
  Int64Col,
  openFile,
  StringCol,
  type File,
  type ReadResult,
  type Table,
  type TableColumns,
} from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useScratch } from './model-helpers';

const scratch = useScratch();
const NROWS = 9;

function sample(name = 'coords.h5'): { f: File; t: Table; path: string } {
  const path = scratch.path(name);
  const f = scratch.track(openFile(path, 'w'));
  return { f, t: fill(f), path };
}

/** A file with the sample table, closed (so that PyTables can open it) and opened again read-only. */
function closedSample(name: string): { t: Table; path: string } {
  const { f, path } = sample(name);
  f.close();
  const g = scratch.track(openFile(path, 'r'));
  return { t: g.getNode('/t', undefined, 'Table'), path };
}

function fill(f: File): Table {
  const t = f.createTable('/', 't', {
    x: Int32Col({ pos: 0 }),
    s: StringCol(4, { pos: 1 }),
    big: Int64Col({ pos: 2 }),
    ok: BoolCol({ pos: 3 }),
    z: Complex128Col({ pos: 4 }),
    v: Float64Col({ shape: [2], pos: 5 }),
    p: { y: Float64Col({ pos: 0 }), q: Int32Col({ pos: 1 }) },
  } as never);
  t.append(
    Array.from({ length: NROWS }, (_, i) => ({
      x: i * 3 - 4,
      s: `r${i}`,
      big: BigInt(i) * 10_000_000_000n,
      ok: i % 2 === 0,
      z: [i, -i],
      v: [i / 2, i * 2],
      p: { y: i / 4, q: 100 - i },
    })),
  );
  return t;
}

/** Columns as plain JSON values keyed by leaf path (as the Python script prints them). */
function plainColumns(cols: TableColumns, at = ''): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [name, v] of Object.entries(cols)) {
    const path = at + name;
    if (Array.isArray(v) || ArrayBuffer.isView(v))
      out[path] = Array.from(v as ArrayLike<unknown>, plainValue);
    else Object.assign(out, plainColumns(v as TableColumns, `${path}/`));
  }
  return out;
}

function plainValue(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** The PyTables shape of a column: shaped and complex cells grouped. */
function cells(values: unknown[], per: number): unknown[] {
  if (per === 1) return values;
  const out: unknown[] = [];
  for (let i = 0; i < values.length; i += per) out.push(values.slice(i, i + per));
  return out;
}

describe('readCoordinates', () => {
  it('gives the rows asked, in order and with repeats, as read() gives those rows', async () => {
    const { t } = sample();
    const all = t.read() as TableColumns;
    const coords = [5, 0, 5, -1, 2];
    const rows = [5, 0, 5, 8, 2];
    const got = t.readCoordinates(coords) as TableColumns;
    expect(Object.keys(got)).toEqual(Object.keys(all));
    expect(got.x).toEqual(Int32Array.from(rows, (r) => (all.x as Int32Array)[r] as number));
    expect(got.s).toEqual(rows.map((r) => (all.s as string[])[r]));
    expect(got.v).toEqual(Float64Array.from(rows.flatMap((r) => [r / 2, r * 2])));
    expect(got.z).toEqual(Float64Array.from(rows.flatMap((r) => [r, -r])));
    expect(got.p).toEqual({
      y: Float64Array.from(rows, (r) => r / 4),
      q: Int32Array.from(rows, (r) => 100 - r),
    });
    expect(await t.readCoordinatesAsync(coords)).toEqual(got);
    expect(t.readCoordinates(Int32Array.of(5, 0, 5, -1, 2))).toEqual(got);
    expect(t.readCoordinates(BigInt64Array.of(5n, 0n, 5n, -1n, 2n))).toEqual(got);
  });

  it('one field as read() gives it, int64 as asked, and no rows as empty columns', async () => {
    const { t } = sample();
    expect(t.readCoordinates([3, 1], 'x')).toEqual({
      data: Int32Array.of(5, -1),
      shape: [2],
      dtype: 'int32',
    });
    expect(t.readCoordinates([4], 'v')).toEqual({
      data: Float64Array.of(2, 8),
      shape: [1, 2],
      dtype: 'float64',
    });
    expect(t.readCoordinates([4, 0], 'p')).toEqual({ y: Float64Array.of(1, 0), q: Int32Array.of(96, 100) });
    expect(t.readCoordinates([2], 'big', { int64: 'number' })).toEqual({
      data: Float64Array.of(2e10),
      shape: [1],
      dtype: 'int64',
    });
    expect(await t.readCoordinatesAsync([1, 8], 'p/q')).toEqual(t.read(1, null, 7, 'p/q'));
    expect(t.readCoordinates([], 'x')).toEqual(t.read(0, 0, 1, 'x'));
    expect(t.readCoordinates([])).toEqual(t.read(0, 0));
    const mask = Array.from({ length: NROWS }, (_, i) => i % 3 === 0);
    expect(t.readCoordinates(mask, 's')).toEqual({ data: ['r0', 'r3', 'r6'], shape: [3], dtype: 'string' });
  });

  it('rows far apart are read in several windows and gathered in the order asked', () => {
    const f = scratch.track(openFile(scratch.path('long.h5'), 'w'));
    // 4-byte rows: a window spans 262,144 rows, so these rows take three.
    const t = f.createTable('/', 'long', { id: Int32Col() } as never);
    const n = 600_000;
    t.append({ id: Int32Array.from({ length: n }, (_, i) => i * 2) });
    expect(t.readCoordinates([n - 1, 0, 300_000, 0, 262_144])).toEqual({
      id: Int32Array.of((n - 1) * 2, 0, 600_000, 0, 524_288),
    });
  });

  it('refuses bad coordinates, fields and options with errors naming them, and a closed table', async () => {
    const { f, t } = sample();
    expect(() => t.readCoordinates([NROWS])).toThrow(RangeError);
    expect(() => t.readCoordinates([0, -NROWS - 1])).toThrow(
      `readCoordinates: coordinate -${NROWS + 1} (at 1) is out of range for a table of ${NROWS} rows`,
    );
    expect(() => t.readCoordinates([1.5])).toThrow(TypeError);
    expect(() => t.readCoordinates(['a'] as never)).toThrow(
      'only integer coordinates are allowed, not string (at 0)',
    );
    expect(() => t.readCoordinates(2 as never)).toThrow(TypeError);
    expect(() => t.readCoordinates([true, false])).toThrow(
      `a boolean mask must have one value per row (${NROWS}), not 2`,
    );
    expect(() => t.readCoordinates([1], 'nope')).toThrow(/nope/);
    expect(() => t.readCoordinates([1], null, { int64: 'number', extra: 1 } as never)).toThrow(TypeError);
    await expect(t.readCoordinatesAsync([NROWS])).rejects.toThrow(RangeError);
    const aborted = AbortSignal.abort();
    await expect(t.readCoordinatesAsync([1], null, { signal: aborted })).rejects.toThrow();
    f.close();
    expect(() => t.readCoordinates([0])).toThrow(ClosedNodeError);
    await expect(t.readCoordinatesAsync([0])).rejects.toThrow(ClosedNodeError);
  });
});

interface PyCoords {
  columns?: Record<string, unknown[]>;
  field?: unknown[];
  shape?: number[];
  error?: string;
  message?: string;
}

describe.skipIf(lacks('pytables'))("readCoordinates against PyTables' read_coordinates", () => {
  const PER: Record<string, number> = { z: 2, v: 2 };

  it('the same rows and values as PyTables, for every form of coords', () => {
    const { t, path } = closedSample('pt.h5');
    const mask = Array.from({ length: NROWS }, (_, i) => i % 4 === 1);
    for (const coords of [[3, 1, 1], [-1, 0], [], mask, [8, 7, 6, 5, 4, 3, 2, 1, 0]]) {
      const theirs = runPython<PyCoords>('pt_read_coordinates.py', [path, '/t', JSON.stringify(coords)]);
      const ours = plainColumns(t.readCoordinates(coords) as TableColumns);
      const grouped = Object.fromEntries(
        Object.entries(ours).map(([k, v]) => [k, k === 'ok' ? v.map((b) => b === 1) : cells(v, PER[k] ?? 1)]),
      );
      expect(grouped).toEqual(theirs.columns);
    }
    const field = runPython<PyCoords>('pt_read_coordinates.py', [path, '/t', '[4, 2]', 'p/q']);
    const ours = t.readCoordinates([4, 2], 'p/q') as ReadResult;
    expect([Array.from(ours.data as Int32Array), ours.shape]).toEqual([field.field, field.shape]);
  });

  it('PyTables refuses the same coordinates: IndexError is our RangeError, TypeError ours', () => {
    const { t, path } = closedSample('pt-bad.h5');
    const cases: Array<[unknown, ErrorConstructor]> = [
      [[NROWS], RangeError],
      [[-NROWS - 1], RangeError],
      [[true, false], RangeError],
      [[1.5], TypeError],
      [['a'], TypeError],
    ];
    for (const [coords, ours] of cases) {
      const theirs = runPython<PyCoords>('pt_read_coordinates.py', [path, '/t', JSON.stringify(coords)]);
      expect(theirs.error).toBe(ours === RangeError ? 'IndexError' : 'TypeError');
      expect(() => t.readCoordinates(coords as never)).toThrow(ours);
    }
  });
});
