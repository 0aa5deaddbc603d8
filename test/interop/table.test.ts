// Tables both ways with the real PyTables and h5py: PyTables reads the tables h5tables
// writes (the same description, values and attributes as a table PyTables makes of the
// same columns and rows, and it appends to them), and h5tables reads PyTables' tables
// (every column kind, nested columns, a table with an index) and an h5py compound dataset
// without a CLASS attribute, which opens as a Table.
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Table, UnImplemented, openFile, type ReadResult } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython, type PyArray, type PyAttr, type PyScalar } from '../helpers/python';
import { makeTmpDir, removeDir, useTmpDir } from '../helpers/tmp';
import { encodeScalar } from '../helpers/values';
import { descriptionOf, pyDescribe, type TableSpec } from '../model/table-spec';

const tmp = useTmpDir('h5tables-table-interop-');

interface PyTableRead {
  classname: string;
  str: string;
  repr: string;
  nrows: number;
  colpathnames: string[];
  coltypes: Record<string, string>;
  coldflts: Record<string, PyArray>;
  columns: Record<string, PyArray>;
  attrs: Record<string, PyAttr>;
  enums: Record<string, string>;
}

const ptRead = (file: string, node: string) => runPython<PyTableRead>('pt_table.py', ['read', file, node]);

/** A column as h5tables reads it, in the scripts' encoding. */
function encoded(r: ReadResult): PyScalar[] {
  const data = r.data as ArrayLike<unknown>;
  if (r.dtype === 'string') return Array.from(data as string[], (s) => ({ bytes: s }));
  const dtype = r.dtype === 'complex64' || r.dtype === 'complex128' ? 'float64' : r.dtype;
  return Array.from(data, (x) => encodeScalar(x, dtype));
}

/** The default as PyTables' coldflts holds it (an enum's is its value). */
function encodedDefault(t: Table, path: string): PyScalar[] {
  const d = t.coldflts[path];
  if (Array.isArray(d)) return d as number[];
  if (typeof d === 'string') return [{ bytes: d }];
  return [encodeScalar(d, t.coltypes[path] === 'bool' ? 'bool' : undefined)];
}

// Every column kind, nested and shaped columns, defaults; rows that set some of them.
const SPEC: TableSpec = {
  i: { col: 'Int32Col', kw: { pos: 0, dflt: -4 } },
  l: { col: 'Int64Col', kw: { dflt: -5 } },
  u: { col: 'UInt64Col' },
  f: { col: 'Float64Col', kw: { dflt: 0.25 } },
  f32: { col: 'Float32Col', kw: { shape: [2, 3] } },
  h: { col: 'Float16Col', kw: { dflt: 1.5 } },
  s: { col: 'StringCol', itemsize: 6, kw: { dflt: 'xy' } },
  b: { col: 'BoolCol', kw: { dflt: true } },
  c: { col: 'ComplexCol', itemsize: 16, kw: { dflt: [1, -2] } },
  c8: { col: 'ComplexCol', itemsize: 8 },
  e: { col: 'EnumCol', enum: ['off', 'on', 'auto'], dflt: 'on', base: 'uint8' },
  n: {
    _v_pos: 1,
    q: { col: 'Float32Col' },
    p: { col: 'Int16Col', kw: { dflt: 3 } },
    d: { z: { col: 'UInt8Col' } },
  },
  _title: 'Tables both ways',
  _rows: [{ i: 1, s: 'one', 'n/p': -1, f: 1.5 }, { i: 2, l: 99, b: false, 'n/d/z': 255 }, {}],
};

// The same rows, every column given (the defaults where SPEC's rows leave a column out).
const ROWS = [
  {
    i: 1,
    l: -5n,
    u: 0n,
    f: 1.5,
    f32: [
      [0, 0, 0],
      [0, 0, 0],
    ],
    h: 1.5,
    s: 'one',
    b: true,
    c: [1, -2],
    c8: [0, 0],
    e: 'on',
    n: { q: 0, p: -1, d: { z: 0 } },
  },
  {
    i: 2,
    l: 99n,
    u: 0n,
    f: 0.25,
    f32: [
      [0, 0, 0],
      [0, 0, 0],
    ],
    h: 1.5,
    s: 'xy',
    b: false,
    c: [1, -2],
    c8: [0, 0],
    e: 'on',
    n: { q: 0, p: 3, d: { z: 255 } },
  },
  {
    i: -4,
    l: -5n,
    u: 0n,
    f: 0.25,
    f32: [
      [0, 0, 0],
      [0, 0, 0],
    ],
    h: 1.5,
    s: 'xy',
    b: true,
    c: [1, -2],
    c8: [0, 0],
    e: 'on',
    n: { q: 0, p: 3, d: { z: 0 } },
  },
];

describe.skipIf(lacks('pytables', 'h5py'))('PyTables reads the tables h5tables writes', () => {
  let ours: PyTableRead;
  let theirs: PyTableRead;
  let dir: string;

  beforeAll(() => {
    dir = makeTmpDir('h5tables-table-interop-');
    const oursPath = path.join(dir, 'ours.h5');
    const f = openFile(oursPath, 'w');
    const t = f.createTable('/', 't', descriptionOf(SPEC), SPEC._title as string);
    t.append(ROWS);
    f.close();
    ours = ptRead(oursPath, '/t');
    const theirsPath = path.join(dir, 'theirs.h5');
    pyDescribe({ ...SPEC, _file: theirsPath });
    theirs = ptRead(theirsPath, '/t');
  });
  afterAll(() => removeDir(dir));

  it('as a Table with the same description and printed forms', () => {
    expect(ours.classname).toBe('Table');
    expect(ours.str).toBe(theirs.str);
    expect(ours.repr).toBe(theirs.repr);
    expect(ours.colpathnames).toEqual(theirs.colpathnames);
    expect(ours.coltypes).toEqual(theirs.coltypes);
    expect(ours.coldflts).toEqual(theirs.coldflts);
    expect(ours.enums).toEqual(theirs.enums);
  });

  it('with the same values', () => {
    expect(ours.nrows).toBe(3);
    expect(ours.columns).toEqual(theirs.columns);
  });

  it('with the same attributes (TITLE, CLASS, VERSION, FIELD_n_NAME, FIELD_n_FILL, NROWS)', () => {
    expect(Object.keys(ours.attrs).sort()).toEqual(Object.keys(theirs.attrs).sort());
    expect(ours.attrs).toEqual(theirs.attrs);
  });

  it('and appends to them; h5tables reads the rows PyTables added', () => {
    const p = tmp.path('appended.h5');
    const f = openFile(p, 'w');
    f.createTable('/', 't', descriptionOf(SPEC)).append(ROWS);
    f.close();
    expect(runPython<{ nrows: number }>('pt_table.py', ['append', p, '/t', '2'])).toEqual({ nrows: 5 });
    const g = tmp.track(openFile(p));
    const t = g.getNode('/t', undefined, 'Table');
    expect(t.read(null, null, null, 'i')).toEqual({
      data: Int32Array.of(1, 2, -4, 1000, 1001),
      shape: [5],
      dtype: 'int32',
    });
    const added = [...t.iterrows(3)];
    expect(added[1]).toMatchObject({ l: -5n, s: 'xy', b: true, e: 1, n: { p: 3 } });
  });
});

describe.skipIf(lacks('pytables', 'h5py'))("h5tables reads PyTables' and h5py's tables", () => {
  let dir: string;
  let p: string;

  beforeAll(() => {
    dir = makeTmpDir('h5tables-table-interop-');
    p = path.join(dir, 'theirs.h5');
    runPython('pt_table.py', ['make', p]);
  });
  afterAll(() => removeDir(dir));

  for (const node of ['/kinds', '/indexed', '/h5/plain']) {
    it(`${node}: the description, values and defaults PyTables reads`, () => {
      const py = ptRead(p, node);
      const f = tmp.track(openFile(p));
      const t = f.getNode(node);
      expect(t).toBeInstanceOf(Table);
      if (!(t instanceof Table)) return;
      expect(String(t)).toBe(py.str);
      // PyTables adds its index lines (autoindex, colindexes) to an indexed table's repr.
      expect(inspect(t)).toBe(node === '/indexed' ? py.repr.split('\n  autoindex')[0] : py.repr);
      expect(t.nrows).toBe(py.nrows);
      expect(t.colpathnames).toEqual(py.colpathnames);
      expect(t.coltypes).toEqual(py.coltypes);
      for (const path of t.colpathnames) {
        const r = t.read(null, null, null, path) as ReadResult;
        expect(encoded(r), path).toEqual(py.columns[path]?.data);
        expect(r.shape, path).toEqual(py.columns[path]?.shape);
        expect(encodedDefault(t, path), path).toEqual(py.coldflts[path]?.data);
      }
      for (const [path, text] of Object.entries(py.enums)) expect(String(t.getEnum(path))).toBe(text);
    });
  }

  it('an indexed table: its index group stays hidden, and it reads and appends', () => {
    const q = tmp.path('indexed-copy.h5');
    runPython('pt_table.py', ['make', q]);
    const f = tmp.track(openFile(q, 'a'));
    expect(f.listNodes('/').map((n) => n.name)).toEqual(['h5', 'indexed', 'kinds']);
    const t = f.getNode('/indexed', undefined, 'Table');
    expect(t.read(98, null, null, 'k')).toEqual({ data: Int32Array.of(98 % 17), shape: [1], dtype: 'int32' });
    t.append([{ k: 5, v: 0.5 }]);
    expect(t.nrows).toBe(101);
  });

  it('a compound with a member h5tables does not read is UnImplemented', () => {
    const f = tmp.track(openFile(p));
    // PyTables too leaves the vlen string member UnImplemented; it reads long doubles, h5tables does not.
    const py = runPython<{ classes: string[] }>('pt_table.py', [
      'classes',
      p,
      '/h5/vlenfield',
      '/h5/longdouble',
    ]);
    expect(py.classes).toEqual(['UnImplemented', 'Table']);
    for (const node of ['/h5/vlenfield', '/h5/longdouble']) {
      expect(f.getNode(node)).toBeInstanceOf(UnImplemented);
      expect(f.getNode(node).shape).toEqual([2]);
    }
  });

  it('an h5py table is contiguous: it cannot grow or shrink (a clear error, nothing changed), rows can be modified', () => {
    const q = path.join(dir, 'h5py-copy.h5');
    fs.copyFileSync(p, q);
    const f = tmp.track(openFile(q, 'a'));
    const t = f.getNode('/h5/plain', undefined, 'Table');
    const before = t.read();
    expect(() => t.append([{ x: 1, n: 1, name: 'a' }])).toThrow(/not chunked/);
    expect(() => t.removeRows(0, 1)).toThrow(/not chunked/);
    expect(t.read()).toEqual(before);
    expect(t.modifyRows(1, null, null, [{ x: 9, n: 9, name: 'nine' }])).toBe(1);
    expect([...t.iterrows(1, 2)]).toEqual([{ x: 9, n: 9, name: 'nine' }]);
  });

  it('an h5py compound dataset without CLASS opens as a Table', () => {
    const f = tmp.track(openFile(p));
    const t = f.getNode('/h5/plain', undefined, 'Table');
    expect(t.attrs.keys()).toEqual([]);
    expect([...t]).toEqual([
      { x: 0.5, n: 1, name: 'one' },
      { x: -1.5, n: -2, name: 'two' },
      { x: 3, n: 3, name: 'thre' },
    ]);
  });
});
