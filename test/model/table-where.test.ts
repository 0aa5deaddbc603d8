// Table.readWhere / where / getWhereList (and their Async forms) on tables made here:
// the rows, the columns read, ranges, blocks, in-memory files, and every error path.
// Comparisons with PyTables on the same data are in test/interop/table-where.test.ts.
import { describe, expect, it } from 'vitest';

import {
  ConditionNameError,
  ConditionSyntaxError,
  ConditionTypeError,
  ClosedNodeError,
  Float64Col,
  Int32Col,
  StringCol,
  openFile,
  type Column,
  type Table,
} from '../../lib/index';
import { useTmpDir } from '../helpers/tmp';

const N = 20;

function memoryFile(name = 'where.h5') {
  return openFile(name, 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
}

function sample(f: ReturnType<typeof memoryFile>): Table {
  const t = f.createTable('/', 't', {
    i: Int32Col({ pos: 0 }),
    x: Float64Col({ pos: 1 }),
    name: StringCol(4, { pos: 2 }),
    v: Float64Col({ shape: [2], pos: 3 }),
    pos: { y: Int32Col({ pos: 0 }), z: Float64Col({ pos: 1 }) },
  });
  const i = Int32Array.from({ length: N }, (_, k) => k);
  t.append({
    i,
    x: Float64Array.from(i, (k) => k / 2),
    name: Array.from(i, (k) => `n${k % 5}`),
    v: Float64Array.from({ length: 2 * N }, (_, k) => k),
    pos: { y: Int32Array.from(i, (k) => -k), z: Float64Array.from(i, (k) => k * 10) },
  });
  return t;
}

describe('Table.getWhereList', () => {
  it('gives the matching row numbers, ascending, within start/stop/step (read() rules)', () => {
    using f = memoryFile();
    const t = sample(f);
    expect(t.getWhereList('(i > 3) & (i < 8)')).toEqual([4, 5, 6, 7]);
    expect(t.getWhereList('name == b"n1"')).toEqual([1, 6, 11, 16]);
    expect(t.getWhereList('i % 2 == 0', null, false, 5, 15, 3)).toEqual([8, 14]);
    expect(t.getWhereList('i >= 0', null, null, -3)).toEqual([17]); // start alone: one row
    expect(t.getWhereList('i >= 0', null, null, 18, 100)).toEqual([18, 19]); // stop clamped
    expect(t.getWhereList('i > 100')).toEqual([]);
    expect(t.getWhereList('x > lim', { lim: 8.5 })).toEqual([18, 19]);
    expect(t.getWhereList('-y > 17', { y: t.cols.col('pos/y') as Column })).toEqual([18, 19]);
  });

  it('reads only the columns the condition names', () => {
    using f = memoryFile();
    const t = sample(f);
    const seen: (readonly string[] | undefined)[] = [];
    const original = t._readColumnsChunked.bind(t);
    t._readColumnsChunked = (names, ...rest) => {
      seen.push(names);
      return original(names, ...rest);
    };
    t.getWhereList('(x > 2) & (name != b"n0")');
    expect(seen).toEqual([['name', 'x']]);
  });

  it('evaluates block by block: a condition over 3000 rows of wide strings reads 3 blocks', () => {
    using f = memoryFile();
    const t = f.createTable('/', 'w', { k: Int32Col({ pos: 0 }), s: StringCol(4096, { pos: 1 }) });
    const k = Int32Array.from({ length: 3000 }, (_, j) => j);
    t.append({ k, s: Array.from(k, (j) => (j % 1000 === 999 ? 'edge' : 'x')) });
    let blocks = 0;
    const original = t._readColumnsChunked.bind(t);
    t._readColumnsChunked = (...args) => {
      const gen = original(...args);
      return (function* () {
        for (const b of gen) {
          blocks++;
          yield b;
        }
      })();
    };
    expect(t.getWhereList('s == b"edge"')).toEqual([999, 1999, 2999]);
    expect(blocks).toBe(3);
  });

  it('the Promise form gives the same rows and takes a signal', async () => {
    using f = memoryFile();
    const t = sample(f);
    expect(await t.getWhereListAsync('(i > 3) & (i < 8)')).toEqual([4, 5, 6, 7]);
    expect(await t.getWhereListAsync('i % 2 == 0', {}, false, 5, 15, 3)).toEqual([8, 14]);
    const ac = new AbortController();
    ac.abort();
    await expect(
      t.getWhereListAsync('i > 1', {}, false, null, null, null, { signal: ac.signal }),
    ).rejects.toThrow(/aborted/);
    await expect(
      t.getWhereListAsync('i > 1', {}, false, null, null, null, { nope: 1 } as never),
    ).rejects.toThrow(TypeError);
  });
});

describe('Table.readWhere', () => {
  it('gives the matching rows as read() gives rows: every column, nested and shaped ones too', () => {
    using f = memoryFile();
    const t = sample(f);
    const r = t.readWhere('(i == 2) | (i == 7)') as Record<string, unknown>;
    expect(r.i).toEqual(Int32Array.of(2, 7));
    expect(r.x).toEqual(Float64Array.of(1, 3.5));
    expect(r.name).toEqual(['n2', 'n2']);
    expect(r.v).toEqual(Float64Array.of(4, 5, 14, 15));
    expect(r.pos).toEqual({ y: Int32Array.of(-2, -7), z: Float64Array.of(20, 70) });
    // Nothing matches: empty columns of each type.
    const none = t.readWhere('i > 100') as Record<string, unknown>;
    expect(none.i).toEqual(new Int32Array(0));
    expect(none.name).toEqual([]);
    expect(none.pos).toEqual({ y: new Int32Array(0), z: new Float64Array(0) });
  });

  it('with field: that column as Array.read gives it (a nested one as its columns)', () => {
    using f = memoryFile();
    const t = sample(f);
    const x = t.readWhere('i > 16', null, 'x');
    expect(x).toMatchObject({ data: Float64Array.of(8.5, 9, 9.5), shape: [3], dtype: 'float64' });
    const v = t.readWhere('i > 17', null, 'v');
    expect(v).toMatchObject({ data: Float64Array.of(36, 37, 38, 39), shape: [2, 2], dtype: 'float64' });
    expect(t.readWhere('i < 2', null, 'pos/z')).toMatchObject({ data: Float64Array.of(0, 10), shape: [2] });
    expect(t.readWhere('i < 2', null, 'pos')).toEqual({ y: Int32Array.of(0, -1), z: Float64Array.of(0, 10) });
    expect(t.readWhere('i % 5 == 0', null, 'i', 3, 17, 2)).toMatchObject({ data: Int32Array.of(5, 15) });
  });

  it('reads int64 columns as the file or the options say', () => {
    using f = memoryFile();
    const t = f.createTable('/', 'l', { a: 'int64' });
    t.append({ a: BigInt64Array.of(1n, 2n ** 60n, 3n) });
    expect(t.readWhere('a > 1', null, 'a')).toMatchObject({ data: BigInt64Array.of(2n ** 60n, 3n) });
    expect(t.readWhere('a < 5', null, 'a', null, null, null, { int64: 'number' })).toMatchObject({
      data: Float64Array.of(1, 3),
    });
    expect(() => t.readWhere('a > 1', null, 'a', null, null, null, { int64: 'number' })).toThrow(RangeError);
    expect(() => t.readWhere('a > 1', null, null, null, null, null, { nope: 1 } as never)).toThrow(/nope/);
  });

  it('the Promise form gives the same result', async () => {
    using f = memoryFile();
    const t = sample(f);
    expect(await t.readWhereAsync('(i == 2) | (i == 7)')).toEqual(t.readWhere('(i == 2) | (i == 7)'));
    expect(await t.readWhereAsync('i > 16', null, 'x')).toMatchObject({ data: Float64Array.of(8.5, 9, 9.5) });
  });
});

describe('Table.where', () => {
  it('yields the matching rows as iterrows() yields them', async () => {
    using f = memoryFile();
    const t = sample(f);
    const rows = [...t.where('(name == b"n3") & (x > 2)')];
    const all = [...t.iterrows()];
    expect(rows).toEqual([all[8], all[13], all[18]]);
    expect(rows[0]).toMatchObject({ i: 8, x: 4, name: 'n3', pos: { y: -8, z: 80 } });
    expect([...t.where('i > 1', null, 0, 10, 4)].map((r) => r.i)).toEqual([4, 8]);
    const viaAsync = [];
    for await (const r of t.whereAsync('(name == b"n3") & (x > 2)')) viaAsync.push(r);
    expect(viaAsync).toEqual(rows);
  });
});

describe('condition errors on a table', () => {
  const tmp = useTmpDir();

  it('bad conditions name the problem and its position; nothing is read', () => {
    using f = memoryFile();
    const t = sample(f);
    expect(() => t.getWhereList('i >')).toThrow(ConditionSyntaxError);
    expect(() => t.readWhere('nosuch > 1')).toThrow(ConditionNameError);
    expect(() => t.readWhere('nosuch > 1')).toThrow(/name 'nosuch' is not defined at position 0/);
    expect(() => t.getWhereList('name > 1')).toThrow(ConditionTypeError);
    expect(() => t.getWhereList('pos > 1')).toThrow(/'pos' is a nested column/);
    expect(() => t.getWhereList('v > 1')).toThrow(/'v' is a multidimensional column/);
    expect(() => t.getWhereList('i + 1')).toThrow(/does not have a boolean type/);
    expect(() => t.getWhereList('1 < 2')).toThrow(/there are no columns taking part/);
    expect(() => [...t.where('(i > 1) and (x < 2)')]).toThrow(/'&' instead of 'and'/);
  });

  it('bad arguments are TypeErrors or RangeErrors naming them', async () => {
    using f = memoryFile();
    const t = sample(f);
    using g = memoryFile('other.h5');
    const u = sample(g);
    expect(() => t.getWhereList(3 as never)).toThrow(/a condition must be a string/);
    expect(() => t.getWhereList('i > 1', 'x' as never)).toThrow(/condvars must be an object/);
    expect(() => t.getWhereList('i > n', { n: [1] as never })).toThrow(/condvar 'n' must be/);
    expect(() => t.getWhereList('i > n', { n: u.cols.col('i') as Column })).toThrow(
      /not part of table ``\/t``/,
    );
    expect(() => t.getWhereList('i > 1', null, 'yes' as never)).toThrow(/sort must be a boolean/);
    expect(() => t.readWhere('i > 1', null, 'nope')).toThrow(/no column named 'nope'/);
    expect(() => t.getWhereList('i > 1', null, null, 50)).toThrow(RangeError);
    expect(() => t.getWhereList('i > 1', null, null, 0, 5, -1)).toThrow(RangeError);
    await expect(t.readWhereAsync('i >')).rejects.toThrow(ConditionSyntaxError);
  });

  it('a closed file is a ClosedNodeError', async () => {
    const f = openFile(tmp.path('c.h5'), 'w');
    const t = sample(f as never);
    f.close();
    expect(() => t.getWhereList('i > 1')).toThrow(ClosedNodeError);
    expect(() => t.readWhere('i > 1')).toThrow(ClosedNodeError);
    expect(() => [...t.where('i > 1')]).toThrow(ClosedNodeError);
    await expect(t.getWhereListAsync('i > 1')).rejects.toThrow(ClosedNodeError);
  });

  it('works in a file image reopened read-only', () => {
    let image: Buffer;
    {
      using f = memoryFile();
      sample(f);
      image = f.getFileImage();
    }
    using r = openFile('img.h5', 'r', {
      driver: 'H5FD_CORE',
      driverCoreImage: image,
      driverCoreBackingStore: false,
    });
    const t = r.getNode('/t', undefined, 'Table') as Table;
    expect(t.getWhereList('z > 150', { z: t.cols.col('pos/z') as Column })).toEqual([16, 17, 18, 19]);
  });
});
