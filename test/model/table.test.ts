// Table: createTable (every option and its errors), append (row objects, row arrays in
// column order, columns; every row checked before any is written), the `row` idiom (with
// flush and close), read / iterrows / iteration / col / cols, modifyRows, modifyColumn,
// removeRows, the properties, read-only and closed files, CORE files with and without a
// backing store and images, the Promise forms, and the printed forms PyTables prints for
// the same table.
import fs from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import {
  BoolCol,
  ClosedNodeError,
  Cols,
  Column,
  Complex128Col,
  EnumCol,
  FileModeError,
  Filters,
  Float16Col,
  Float32Col,
  Float64Col,
  Int16Col,
  Int32Col,
  Int64Col,
  NodeError,
  StringCol,
  Table,
  TableRowWriter,
  UInt8Col,
  openFile,
  type File,
  type TableColumns,
} from '../../lib/index';
import { lacks } from '../helpers/interop';
import { useTmpDir } from '../helpers/tmp';
import { descriptionOf, pyDescribe, type TableSpec } from './table-spec';

const tmp = useTmpDir('h5tables-table-');
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

function mem(name = 'mem.h5'): File {
  return tmp.track(openFile(tmp.path(name), 'w', MEM));
}

/** x (float64, pos 0), name (S8), i (int32, dflt 5), b (bool), pos { a: uint8, y: float32 } */
const DESC = () => ({
  name: StringCol(8),
  x: Float64Col({ pos: 0 }),
  i: Int32Col({ dflt: 5 }),
  b: BoolCol(),
  pos: { y: Float32Col(), a: UInt8Col() },
});

const ROWS = [
  { x: 1.5, name: 'one', i: 1, b: true, pos: { y: 0.5, a: 10 } },
  { x: -2, name: 'two', i: 2, b: false, pos: { y: 1.5, a: 20 } },
  { x: 3.25, name: 'three', i: 3, b: true, pos: { y: 2.5, a: 30 } },
];

function filled(f: File, name = 't'): Table {
  const t = f.createTable('/', name, DESC(), 'A table');
  t.append(ROWS);
  return t;
}

const all = (t: Table) => t.read() as TableColumns;

describe('createTable', () => {
  it('makes an empty table of the description, with a title string or options', () => {
    const f = mem();
    const t = f.createTable('/', 't', DESC(), 'A table');
    expect(t).toBeInstanceOf(Table);
    expect([t.nrows, t.shape, t.title, t.name, t.pathname, t.dtype]).toEqual([
      0,
      [0],
      'A table',
      't',
      '/t',
      null,
    ]);
    expect(t.colnames).toEqual(['x', 'b', 'i', 'name', 'pos']);
    expect(t.colpathnames).toEqual(['x', 'b', 'i', 'name', 'pos/a', 'pos/y']);
    expect(t.coltypes).toEqual({
      x: 'float64',
      b: 'bool',
      i: 'int32',
      name: 'string',
      'pos/a': 'uint8',
      'pos/y': 'float32',
    });
    expect(t.coldflts).toEqual({ x: 0, b: false, i: 5, name: '', 'pos/a': 0, 'pos/y': 0 });
    expect([t.rowsize, t.itemsize]).toEqual([26, 26]);
    expect(f.getNode('/t')).toBe(t);
    expect(all(t)).toEqual({
      x: new Float64Array(0),
      b: new Uint8Array(0),
      i: new Int32Array(0),
      name: [],
      pos: { a: new Uint8Array(0), y: new Float32Array(0) },
    });
    const u = f.createTable('/g/h', 'u', { v: 'int16' }, { title: 'U', createParents: true });
    expect([u.pathname, u.title, f.root.g.h.u]).toEqual(['/g/h/u', 'U', u]);
    const g = f.createTable(f.root.g, 'w', { v: 'int16' });
    expect([g.pathname, g.title]).toEqual(['/g/w', '']);
  });

  it('takes filters, expectedrows, chunkshape and initial rows (obj)', () => {
    const f = tmp.track(
      openFile(tmp.path('filters.h5'), 'w', { ...MEM, filters: new Filters({ complevel: 2 }) }),
    );
    const byFile = f.createTable('/', 'byfile', DESC());
    expect(String(byFile.filters)).toBe(String(new Filters({ complevel: 2 })));
    const own = f.createTable('/', 'own', DESC(), {
      filters: new Filters({ complevel: 1, complib: 'blosc:lz4', shuffle: false }),
    });
    expect([own.filters.complevel, own.filters.complib, own.filters.shuffle]).toEqual([
      1,
      'blosc:lz4',
      false,
    ]);
    const few = f.createTable('/', 'few', DESC(), { expectedrows: 100 });
    const many = f.createTable('/', 'many', DESC(), { expectedrows: 10_000_000 });
    expect(few.chunkshape?.[0]).toBeLessThan(many.chunkshape?.[0] as number);
    const fixed = f.createTable('/', 'fixed', DESC(), { chunkshape: [7] });
    expect(fixed.chunkshape).toEqual([7]);
    const init = f.createTable('/', 'init', DESC(), { obj: ROWS });
    expect(init.nrows).toBe(3);
    expect(init.read(null, null, null, 'name')).toEqual({
      data: ['one', 'two', 'three'],
      shape: [3],
      dtype: 'string',
    });
  });

  it('refuses bad arguments and creates nothing', () => {
    const f = mem();
    f.createTable('/', 'taken', { v: 'int8' });
    const bad: Array<[unknown, RegExp | typeof Error]> = [
      [{ titel: 'x' }, /titel.*title/s],
      [{ title: 5 }, TypeError],
      [{ filters: { complevel: 1 } }, /Filters/],
      [{ expectedrows: 0 }, /expectedrows/],
      [{ expectedrows: 1.5 }, /expectedrows/],
      [{ chunkshape: [0] }, /chunkshape/],
      [{ chunkshape: [2, 2] }, /chunkshape/],
      [{ createParents: 'yes' }, TypeError],
      [{ obj: [{ x: 1 }] }, /missing/],
      [{ obj: 7 }, TypeError],
    ];
    for (const [options, err] of bad) {
      expect(() => f.createTable('/', 't', DESC(), options as never)).toThrow(err as RegExp);
    }
    expect(() => f.createTable('/', 'taken', DESC())).toThrow(NodeError);
    expect(() => f.createTable('/nope', 't', DESC())).toThrow(NodeError);
    expect(() => f.createTable('/', 5 as never, DESC())).toThrow(TypeError);
    expect(() => f.createTable('/', 't', 'int32' as never)).toThrow(TypeError);
    expect(f.has('/t')).toBe(false);
    expect(f.has('/nope')).toBe(false);
    expect(f.listNodes('/').map((n) => n.name)).toEqual(['taken']);
  });
});

describe('append', () => {
  it('takes row objects, row arrays in column order and columns', () => {
    const f = mem();
    const t = filled(f);
    t.append([[4, false, 4, 'four', [40, 4.5]]]);
    t.append({
      x: Float64Array.of(5, 6),
      b: [true, false],
      i: Int32Array.of(5, 6),
      name: ['five', 'six'],
      pos: { a: Uint8Array.of(50, 60), y: [5.5, 6.5] },
    });
    t.append([]);
    t.append({ x: [], b: [], i: [], name: [], pos: { a: [], y: [] } });
    expect(t.nrows).toBe(6);
    expect(all(t)).toEqual({
      x: Float64Array.of(1.5, -2, 3.25, 4, 5, 6),
      b: Uint8Array.of(1, 0, 1, 0, 1, 0),
      i: Int32Array.of(1, 2, 3, 4, 5, 6),
      name: ['one', 'two', 'three', 'four', 'five', 'six'],
      pos: { a: Uint8Array.of(10, 20, 30, 40, 50, 60), y: Float32Array.of(0.5, 1.5, 2.5, 4.5, 5.5, 6.5) },
    });
  });

  it('writes every column type: int64 bigints, complex, float16, enums, shaped cells', () => {
    const f = mem();
    const t = f.createTable('/', 'k', {
      l: Int64Col({ pos: 0 }),
      c: Complex128Col({ pos: 1 }),
      h: Float16Col({ pos: 2 }),
      e: EnumCol(['red', 'green'], 'green', { base: 'uint8', pos: 3 }),
      m: Int16Col({ shape: [2, 2], pos: 4 }),
      s: StringCol(2, { shape: [2], pos: 5 }),
    });
    t.append([
      {
        l: 2n ** 62n,
        c: [1, -1],
        h: 0.1,
        e: 'red',
        m: [
          [1, 2],
          [3, 4],
        ],
        s: ['ab', 'c'],
      },
      { l: -3, c: 2, h: 65504, e: 1, m: Int16Array.of(5, 6, 7, 8), s: ['', 'zz'] },
    ]);
    const r = all(t);
    expect(r.l).toEqual(BigInt64Array.of(2n ** 62n, -3n));
    expect(r.c).toEqual(Float64Array.of(1, -1, 2, 0));
    expect(r.h).toEqual(Float32Array.of(0.0999755859375, 65504)); // float16's nearest to 0.1
    expect(r.e).toEqual(Uint8Array.of(0, 1));
    expect(r.m).toEqual(Int16Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    expect(r.s).toEqual(['ab', 'c', '', 'zz']);
    expect(t.read(null, null, null, 'm')).toEqual({
      data: Int16Array.of(1, 2, 3, 4, 5, 6, 7, 8),
      shape: [2, 2, 2],
      dtype: 'int16',
    });
    expect(t.read(1, 2, null, 'l', { int64: 'number' })).toEqual({
      data: Float64Array.of(-3),
      shape: [1],
      dtype: 'int64',
    });
    expect(() => t.read(0, 1, null, 'l', { int64: 'number' })).toThrow(/not a safe integer/);
    expect(t.read(null, null, null, 'c')).toEqual({
      data: Float64Array.of(1, -1, 2, 0),
      shape: [2],
      dtype: 'complex128',
    });
    const e = t.getEnum('e');
    expect([e.names, e.values, e.get('green')]).toEqual([['red', 'green'], [0, 1], 1]);
    expect(() => t.getEnum('l')).toThrow(
      new TypeError('column ``l`` of table ``/k`` is not of an enumerated type'),
    );
    expect(() => t.getEnum('nope')).toThrow(/no column named 'nope'/);
    const again = f.createTable('/', 'again', { e: EnumCol(e, 'green', { base: 'uint8' }) });
    expect(String(again.getEnum('e'))).toBe(String(e));
  });

  it('checks every row before writing any: an error adds nothing', () => {
    const f = mem();
    const t = filled(f);
    const before = all(t);
    const row = (over: Record<string, unknown>) => ({ ...ROWS[0], ...over });
    const bad: Array<[unknown, RegExp]> = [
      [[ROWS[1], { x: 1 }], /row 1: column 'b' is missing/],
      [[row({ extra: 1 })], /unknown column 'extra'/],
      [[row({ x: 'a' })], /column 'x' must be a number/],
      [[row({ i: 2 ** 31 })], /does not fit column 'i'/],
      [[row({ i: 1.5 })], /does not fit column 'i'/],
      [[row({ b: 1 })], /column 'b' must be a boolean/],
      [[row({ name: 'ninechars' })], /longer than column 'name'/],
      [[row({ pos: { y: 1 } })], /column 'pos\/a' is missing/],
      [[row({ pos: 3 })], /'pos' is a nested column/],
      [[[1, true, 1, 'a']], /a row array needs 5 values/],
      [[null], /a row must be an object/],
      [{ x: [1], b: [true], i: [1, 2], name: ['a'], pos: { a: [1], y: [1] } }, /column 'i' has 2 rows/],
      [
        { x: [1, 2], b: [true, true], i: [1, 2], name: ['a', 'ninechars'], pos: { a: [1, 2], y: [1, 2] } },
        /row 1: the string 'ninechars' is longer/,
      ],
      [
        { x: [1], b: [true], i: [1], name: [7], pos: { a: [1], y: [1] } },
        /row 0: column 'name' must be a string/,
      ],
      [{ x: [1], b: [true], i: [1], name: ['a'] }, /column 'pos' is missing/],
      [
        { x: Float32Array.of(1), b: [true], i: [1], name: ['a'], pos: { a: [1], y: [1] } },
        /takes a Float64Array/,
      ],
      [5, /an array of rows or an object of columns/],
    ];
    for (const [rows, err] of bad) expect(() => t.append(rows as never)).toThrow(err);
    expect(t.nrows).toBe(3);
    expect(all(t)).toEqual(before);
  });

  it('shaped and enum cells are checked too', () => {
    const f = mem();
    const t = f.createTable('/', 't', { m: Int16Col({ shape: [2] }), e: EnumCol(['a', 'b'], 'a') });
    expect(() => t.append([{ m: [1], e: 'a' }])).toThrow(/shape/);
    expect(() => t.append([{ m: 1, e: 'a' }])).toThrow(/holds arrays of shape/);
    expect(() => t.append([{ m: Int16Array.of(1, 2, 3), e: 'a' }])).toThrow(/2 values per row/);
    expect(() => t.append([{ m: [1, 2], e: 'c' }])).toThrow(/'c' is not a name/);
    expect(() => t.append([{ m: [1, 2], e: 7 }])).toThrow(/enum/);
    expect(t.nrows).toBe(0);
  });
});

describe('the row idiom', () => {
  it('appends rows set column by column, written by flush', () => {
    const f = mem();
    const t = f.createTable('/', 't', DESC());
    const row = t.row;
    expect(row).toBeInstanceOf(TableRowWriter);
    expect(t.row).toBe(row);
    expect([row.x, row.i, row.name, row.b, row['pos/a']]).toEqual([0, 5, '', false, 0]);
    for (let k = 0; k < 3; k++) {
      row.x = k / 2;
      row.name = `r${k}`;
      row['pos/y'] = k;
      (row.pos as { a: number }).a = 7 * k;
      row.append();
      expect(row.x).toBe(0); // back to the defaults
    }
    expect([row.pending, t.nrows]).toEqual([3, 0]);
    t.flush();
    expect([row.pending, t.nrows]).toEqual([0, 3]);
    expect(all(t)).toEqual({
      x: Float64Array.of(0, 0.5, 1),
      b: Uint8Array.of(0, 0, 0),
      i: Int32Array.of(5, 5, 5),
      name: ['r0', 'r1', 'r2'],
      pos: { a: Uint8Array.of(0, 7, 14), y: Float32Array.of(0, 1, 2) },
    });
  });

  it('pending rows are written before append and reads-that-modify, and when the file closes', () => {
    const p = tmp.path('rows.h5');
    const f = openFile(p, 'w');
    const t = f.createTable('/', 't', { v: Int32Col() });
    t.row.v = 1;
    t.row.append();
    t.append([{ v: 2 }]); // the pending row goes first
    t.row.v = 3;
    t.row.append();
    f.close();
    const g = tmp.track(openFile(p));
    expect(g.getNode('/t', undefined, 'Table').read(null, null, null, 'v')).toEqual({
      data: Int32Array.of(1, 2, 3),
      shape: [3],
      dtype: 'int32',
    });
  });

  it('an image taken with rows pending holds them', () => {
    const f = mem();
    const t = f.createTable('/', 't', { v: Int32Col() });
    t.row.v = 9;
    t.row.append();
    const image = f.getFileImage();
    const g = tmp.track(openFile('img.h5', 'r', { ...MEM, driverCoreImage: image }));
    expect(g.getNode('/t', undefined, 'Table').nrows).toBe(1);
  });

  it('a pending row that does not fit makes the flush throw and is dropped', () => {
    const f = mem();
    const t = f.createTable('/', 't', { v: Int32Col() });
    t.row.v = 'bad';
    t.row.append();
    expect(() => t.flush()).toThrow(/column 'v' must be an integer/);
    expect([t.nrows, t.row.pending]).toEqual([0, 0]);
    t.flush();
  });
});

describe('reading', () => {
  it('read(start, stop, step, field) with PyTables read rules', () => {
    const f = mem();
    const t = f.createTable('/', 't', { v: Int32Col(), s: StringCol(3) });
    t.append({
      v: Int32Array.from({ length: 10 }, (_, i) => i * 10),
      s: Array.from({ length: 10 }, (_, i) => `s${i}`),
    });
    const v = (r: unknown) => Array.from((r as TableColumns).v as Int32Array);
    expect(v(t.read(2))).toEqual([20]); // start alone: that row
    expect(v(t.read(-1))).toEqual([90]);
    expect(v(t.read(2, 5))).toEqual([20, 30, 40]);
    expect(v(t.read(1, null, 3))).toEqual([10, 40, 70]);
    expect(v(t.read(8, 100))).toEqual([80, 90]);
    expect(v(t.read(5, 2))).toEqual([]);
    expect(t.read(0, 3, 2, 's')).toEqual({ data: ['s0', 's2'], shape: [2], dtype: 'string' });
    expect(() => t.read(0, 5, -1)).toThrow(/step/);
    expect(() => t.read(20)).toThrow(RangeError);
    expect(() => t.read(null, null, null, 'nope')).toThrow(/no column named 'nope'.*columns: s, v/);
    expect(() => t.read(null, null, null, 5 as never)).toThrow(TypeError);
    expect(() => t.read(null, null, null, null, { int64: 'text' } as never)).toThrow(/int64/);
    expect(() => t.read(null, null, null, null, { int46: 'number' } as never)).toThrow(/int46/);
  });

  it('nested columns read as objects, or alone by path', () => {
    const f = mem();
    const t = filled(f);
    expect(t.read(1, 3, null, 'pos')).toEqual({ a: Uint8Array.of(20, 30), y: Float32Array.of(1.5, 2.5) });
    expect(t.read(1, 3, null, 'pos/y')).toEqual({
      data: Float32Array.of(1.5, 2.5),
      shape: [2],
      dtype: 'float32',
    });
    expect(t.col('i')).toEqual({ data: Int32Array.of(1, 2, 3), shape: [3], dtype: 'int32' });
    expect(t.col('b')).toEqual({ data: Uint8Array.of(1, 0, 1), shape: [3], dtype: 'bool' });
  });

  it('iterrows and iteration yield row objects, with slice rules', () => {
    const f = mem();
    const t = filled(f);
    expect([...t]).toEqual(ROWS);
    expect([...t.iterrows(1)]).toEqual(ROWS.slice(1)); // start alone: to the end
    expect([...t.iterrows(0, 3, 2)].map((r) => r.name)).toEqual(['one', 'three']);
    expect([...t.iterrows(-2, null)].map((r) => r.i)).toEqual([2, 3]);
    expect(() => [...t.iterrows(0, 3, 0)]).toThrow(RangeError);
    const s = f.createTable('/', 's', { m: Int16Col({ shape: [2] }), l: Int64Col() });
    s.append([{ m: [1, 2], l: 5n }]);
    expect([...s]).toEqual([{ m: Int16Array.of(1, 2), l: 5n }]);
    expect([...s.iterrows(null, null, null, { int64: 'number' })]).toEqual([
      { m: Int16Array.of(1, 2), l: 5 },
    ]);
  });

  it('cols and Column: by name, nested, indexed, read', () => {
    const f = mem();
    const t = filled(f);
    const cols = t.cols;
    expect(cols).toBeInstanceOf(Cols);
    expect(cols.names).toEqual(['x', 'b', 'i', 'name', 'pos']);
    const i = cols.i as Column;
    expect(i).toBeInstanceOf(Column);
    expect([i.name, i.pathname, i.dtype, i.type, i.shape]).toEqual(['i', 'i', 'int32', 'int32', [3]]);
    expect([i[0], i[2], i[-1], (cols.b as Column)[0], (cols.name as Column)[1]]).toEqual([
      1,
      3,
      3,
      true,
      'two',
    ]);
    expect(() => i[3]).toThrow(RangeError);
    expect(i.read(1)).toEqual({ data: Int32Array.of(2), shape: [1], dtype: 'int32' });
    const pos = cols.pos as Cols;
    expect(pos).toBeInstanceOf(Cols);
    expect((pos.y as Column).pathname).toBe('pos/y');
    expect((pos.y as Column)[1]).toBe(1.5);
    expect(pos.read()).toEqual({ a: Uint8Array.of(10, 20, 30), y: Float32Array.of(0.5, 1.5, 2.5) });
    expect((cols.col('pos/a') as Column)[2]).toBe(30);
    expect(() => cols.col('nope')).toThrow(/no column named 'nope'/);
  });
});

describe('modifying and removing rows', () => {
  it('modifyRows rewrites whole rows with PyTables range rules', () => {
    const f = mem();
    const t = filled(f);
    expect(t.modifyRows(1, null, null, [[9, false, 90, 'nine', [99, 9.5]]])).toBe(1);
    expect(t.modifyRows(0, 3, 2, [ROWS[2], ROWS[0]])).toBe(2);
    expect(all(t).i).toEqual(Int32Array.of(3, 90, 1));
    expect(all(t).name).toEqual(['three', 'nine', 'one']);
    const before = all(t);
    expect(() => t.modifyRows(2, null, null, [ROWS[0], ROWS[1]])).toThrow(/past the end/);
    expect(() => t.modifyRows(0, 3, null, [ROWS[0]])).toThrow(/selects 3 rows but 1 were given/);
    expect(() => t.modifyRows(-1, null, null, [ROWS[0]])).toThrow(/start must be >= 0/);
    expect(() => t.modifyRows(0, null, 0, [ROWS[0]])).toThrow(/step must be >= 1/);
    expect(() => t.modifyRows(0, null, null, [{ ...ROWS[0], i: 'x' }])).toThrow(/column 'i'/);
    expect(all(t)).toEqual(before);
    expect(t.modifyRows(0, null, null, [])).toBe(0);
  });

  it('modifyColumn rewrites one column, the others kept', () => {
    const f = mem();
    const t = filled(f);
    expect(t.modifyColumn(0, null, null, Int32Array.of(7, 8), 'i')).toBe(2);
    expect(t.modifyColumn(1, null, null, [100], 'pos/a')).toBe(1);
    expect(t.modifyColumn(null, null, 2, ['A', 'C'], 'name')).toBe(2);
    const r = all(t);
    expect(r.i).toEqual(Int32Array.of(7, 8, 3));
    expect(r.pos).toEqual({ a: Uint8Array.of(10, 100, 30), y: Float32Array.of(0.5, 1.5, 2.5) });
    expect(r.name).toEqual(['A', 'two', 'C']);
    expect(r.x).toEqual(Float64Array.of(1.5, -2, 3.25));
    expect(() => t.modifyColumn(0, null, null, [1], 'nope')).toThrow(/no column named 'nope'/);
    expect(() => t.modifyColumn(0, null, null, [1], 'pos')).toThrow(/nested column/);
    expect(() => t.modifyColumn(0, null, null, [300], 'pos/a')).toThrow(/does not fit/);
    expect(() => t.modifyColumn(2, null, null, [1, 2], 'i')).toThrow(/past the end/);
    expect(all(t)).toEqual(r);
  });

  it('removeRows with slice rules, removeRow', () => {
    const f = mem();
    const t = f.createTable('/', 't', { v: Int32Col() });
    t.append({ v: Int32Array.from({ length: 10 }, (_, i) => i) });
    const v = () => Array.from((all(t).v as Int32Array).values());
    expect(t.removeRows(2, 4)).toBe(2);
    expect(v()).toEqual([0, 1, 4, 5, 6, 7, 8, 9]);
    expect(t.removeRows(0, null, 3)).toBe(3);
    expect(v()).toEqual([1, 4, 6, 7, 9]);
    expect(t.removeRow(-1)).toBe(1);
    expect(t.removeRows(3)).toBe(1); // start alone: every row from it on
    expect(v()).toEqual([1, 4, 6]);
    expect(t.removeRows(5, 9)).toBe(0);
    expect(() => t.removeRow(3)).toThrow(RangeError);
    expect(() => t.removeRows(0, 2, -1)).toThrow(RangeError);
    expect(t.nrows).toBe(3);
    expect(t.attrs.get('NROWS')).toBe(3n);
    expect(t.removeRows()).toBe(3);
    expect([t.nrows, t.shape]).toEqual([0, [0]]);
  });
});

describe('files', () => {
  it('a closed table or file refuses every call', () => {
    const f = mem();
    const t = filled(f);
    const row = t.row;
    f.close();
    expect(t.isOpen).toBe(false);
    for (const call of [
      () => t.read(),
      () => t.nrows,
      () => t.append(ROWS),
      () => t.description,
      () => t.cols,
      () => [...t],
      () => t.modifyRows(0, null, null, ROWS),
      () => t.removeRows(0),
      () => row.append(),
    ]) {
      expect(call).toThrow(ClosedNodeError);
    }
  });

  it('a read-only file reads and refuses writes, changing nothing', () => {
    const p = tmp.path('ro.h5');
    const f = openFile(p, 'w');
    filled(f);
    f.close();
    const g = tmp.track(openFile(p, 'r'));
    const t = g.getNode('/t', undefined, 'Table');
    expect(all(t).i).toEqual(Int32Array.of(1, 2, 3));
    expect(() => t.append(ROWS)).toThrow(FileModeError);
    expect(() => t.modifyColumn(0, null, null, [1], 'i')).toThrow(FileModeError);
    expect(() => t.removeRows(0)).toThrow(FileModeError);
    expect(() => t.row.append()).toThrow(FileModeError);
    expect(() => g.createTable('/', 'u', DESC())).toThrow(FileModeError);
    expect(t.nrows).toBe(3);
  });

  it('CORE with a backing store writes the table to disk at close; without one, nothing', () => {
    const withStore = tmp.path('store.h5');
    const f = openFile(withStore, 'w', { driver: 'H5FD_CORE' });
    filled(f);
    f.close();
    const g = tmp.track(openFile(withStore));
    expect(all(g.getNode('/t', undefined, 'Table')).name).toEqual(['one', 'two', 'three']);
    const noStore = tmp.path('nostore.h5');
    const h = openFile(noStore, 'w', MEM);
    filled(h);
    h.close();
    expect(fs.existsSync(noStore)).toBe(false);
  });

  it('an image of a file with a table opens with the same table, writable in mode a', () => {
    const f = mem();
    filled(f);
    const image = f.getFileImage();
    const g = tmp.track(openFile('image.h5', 'a', { ...MEM, driverCoreImage: image }));
    const t = g.getNode('/t', undefined, 'Table');
    expect([...t]).toEqual(ROWS);
    expect(inspect(t)).toBe(inspect(f.getNode('/t')));
    t.append([ROWS[0]]);
    expect(t.nrows).toBe(4);
  });
});

describe('Promise forms', () => {
  it('createTableAsync, appendAsync, readAsync, iterrowsAsync, modify and remove', async () => {
    const f = mem();
    const t = await f.createTableAsync('/', 't', DESC(), { title: 'T', obj: ROWS.slice(0, 1) });
    await t.appendAsync(ROWS.slice(1));
    expect(await t.readAsync(null, null, null, 'i')).toEqual({
      data: Int32Array.of(1, 2, 3),
      shape: [3],
      dtype: 'int32',
    });
    const rows = [];
    for await (const r of t.iterrowsAsync()) rows.push(r);
    expect(rows).toEqual(ROWS);
    expect(await t.modifyRowsAsync(0, null, null, [ROWS[2]])).toBe(1);
    expect(await t.modifyColumnAsync(1, null, null, [-1], 'x')).toBe(1);
    expect(await t.removeRowsAsync(2)).toBe(1);
    expect(all(t)).toEqual({
      x: Float64Array.of(3.25, -1),
      b: Uint8Array.of(1, 0),
      i: Int32Array.of(3, 2),
      name: ['three', 'two'],
      pos: { a: Uint8Array.of(30, 20), y: Float32Array.of(2.5, 1.5) },
    });
    await expect(t.appendAsync([{ x: 1 }])).rejects.toThrow(/missing/);
    await expect(t.readAsync(null, null, null, 'nope')).rejects.toThrow(/nope/);
    expect(t.nrows).toBe(2);
  });

  it('an aborted signal rejects before anything is written', async () => {
    const f = mem();
    const ac = new AbortController();
    ac.abort();
    const signal = ac.signal;
    await expect(f.createTableAsync('/', 't', DESC(), { signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(f.has('/t')).toBe(false);
    const t = filled(f);
    await expect(t.appendAsync(ROWS, { signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(t.readAsync(null, null, null, null, { signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(t.removeRowsAsync(0, null, null, { signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(t.modifyRowsAsync(0, null, null, ROWS, { signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(t.nrows).toBe(3);
  });
});

describe.skipIf(lacks('pytables'))('printed forms as PyTables prints them', () => {
  const SPEC: TableSpec = {
    x: { col: 'Float64Col', kw: { shape: [2], pos: 0 } },
    name: { col: 'StringCol', itemsize: 8, kw: { dflt: 'ab' } },
    e: { col: 'EnumCol', enum: ['r', 'g'], dflt: 'g', base: 'uint8' },
    c: { col: 'ComplexCol', itemsize: 8, kw: { dflt: [1, 2] } },
    h: { col: 'Float16Col' },
    l: { col: 'Int64Col' },
    b: { col: 'BoolCol' },
    pos: { _v_pos: 1, y: { col: 'Float32Col' }, a: { col: 'UInt8Col' }, deep: { k: { col: 'Int8Col' } } },
    _title: 'printed',
    _rows: [{ x: [1, 2], name: 'q', 'pos/a': 3 }, { l: 7 }],
  };

  it('str and repr of the table, its cols, columns and row', () => {
    const py = pyDescribe(SPEC);
    const f = mem();
    const t = f.createTable('/', 't', descriptionOf(SPEC), 'printed');
    t.append([
      { x: [1, 2], name: 'q', e: 'g', c: [1, 2], h: 0, l: 0n, b: false, pos: { y: 0, a: 3, deep: { k: 0 } } },
      {
        x: [0, 0],
        name: 'ab',
        e: 'g',
        c: [1, 2],
        h: 0,
        l: 7n,
        b: false,
        pos: { y: 0, a: 0, deep: { k: 0 } },
      },
    ]);
    expect(String(t)).toBe(py.str);
    expect(inspect(t)).toBe(py.repr);
    expect(String(t.cols)).toBe(py.cols_str);
    expect(inspect(t.cols)).toBe(py.cols_repr);
    for (const [path, text] of Object.entries(py.col_str)) {
      expect(String(t.cols.col(path))).toBe(text);
      expect(inspect(t.cols.col(path))).toBe(text);
    }
    for (const [path, text] of Object.entries(py.nested_repr)) expect(inspect(t.cols.col(path))).toBe(text);
    expect(String(t.row)).toBe(py.row_str);
  });
});
