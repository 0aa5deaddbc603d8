// Conditions on real tables both ways with PyTables 3.7: a table PyTables wrote, queried
// here, selects the rows PyTables' get_where_list selects (and readWhere the values its
// read_where reads); the same table written here, PyTables queries with the same results.
// The data and conditions are test/model/condition-data.ts (edge values of every kind).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConditionNameError, ConditionSyntaxError, StringCol, openFile, type Table } from '../../lib/index';
import { COLUMNS, CONDITIONS, type SpecCondition, type SpecCondvar } from '../model/condition-data';
import { lacks } from '../helpers/interop';
import { runPython, type PyArray } from '../helpers/python';
import { makeTmpDir, removeDir } from '../helpers/tmp';

type PyOutcome = { rows?: number[]; values?: PyArray; error?: string; message?: string };

// readWhere with a field, and ranges: the values PyTables' read_where gives.
type Query = SpecCondition & { field?: string; start?: number; stop?: number; step?: number };

const FIELD_QUERIES: Query[] = [
  { cond: 'i32 > 2', field: 'f64' },
  { cond: '(i64 > 0) & b', field: 'i64' },
  { cond: 's >= b"ab"', field: 's' },
  { cond: 'f32 == f32', field: 'f32' },
  { cond: 'i8 != 0', field: 'u32', start: 1, stop: 14, step: 3 },
  { cond: 'b', field: 'b', start: -5 },
];
const QUERIES: Query[] = [...CONDITIONS, ...FIELD_QUERIES];

function jsValue(v: number | string | boolean, dtype: string): number | bigint | boolean | string {
  if (dtype === 'int64') return BigInt(v as string);
  if (dtype === 'bool' || dtype.startsWith('S')) return v;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (v === '-0') return -0;
  return Number(v);
}

function condvarsOf(t: Table, q: SpecCondition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q.condvars ?? {}) as [string, SpecCondvar][]) {
    if ('column' in v) out[k] = t.cols.col(v.column);
    else if (v.dtype === 'float64') out[k] = jsValue(v.value, 'float64');
    else if (v.dtype === 'int64') out[k] = BigInt(v.value as string);
    else if (v.dtype === 'float32') out[k] = Float32Array.of(jsValue(v.value, 'float32') as number);
    else if (v.dtype === 'int32') out[k] = Int32Array.of(Number(v.value));
    else if (v.dtype === 'int8') out[k] = Int8Array.of(Number(v.value));
    else if (v.dtype === 'uint8') out[k] = Uint8Array.of(Number(v.value));
    else out[k] = v.value;
  }
  return out;
}

/** Our outcome on `t`, errors named by the Python exception they stand for. */
function ours(t: Table, q: Query): { rows?: number[]; error?: string } {
  try {
    return { rows: t.getWhereList(q.cond, condvarsOf(t, q) as never, false, q.start, q.stop, q.step) };
  } catch (e) {
    if (e instanceof ConditionSyntaxError) return { error: 'SyntaxError' };
    if (e instanceof ConditionNameError) return { error: 'NameError' };
    if (e instanceof TypeError) return { error: 'TypeError' };
    if (e instanceof RangeError) return { error: 'ValueError' };
    throw e;
  }
}

function theirs(r: PyOutcome): { rows?: number[]; error?: string } {
  if (r.rows !== undefined) return { rows: r.rows };
  const group: Record<string, string> = {
    NotImplementedError: 'TypeError',
    ZeroDivisionError: 'ValueError',
    OverflowError: 'ValueError',
  };
  return { error: group[r.error!] ?? r.error! };
}

// Where PyTables fails with an internal error, the engine gives a clearer one.
const KNOWN = new Set(['sin(s) > 0']);

describe.skipIf(lacks('pytables'))('conditions on real tables, both ways with PyTables', () => {
  let dir: string;
  let fromPt: PyOutcome[];
  let onOurs: PyOutcome[];
  const ptFile = () => path.join(dir, 'pt.h5');
  const ourFile = () => path.join(dir, 'ours.h5');

  beforeAll(() => {
    dir = makeTmpDir();
    const spec = path.join(dir, 'spec.json');
    fs.writeFileSync(spec, JSON.stringify({ columns: COLUMNS, conditions: QUERIES }));
    fromPt = runPython<PyOutcome[]>('pt_where.py', [spec, ptFile()]);
    // The same table, written here.
    const description: Record<string, unknown> = {};
    const columns: Record<string, unknown> = {};
    COLUMNS.forEach((c, pos) => {
      description[c.name] = c.dtype.startsWith('S') ? StringCol(Number(c.dtype.slice(1)), { pos }) : c.dtype;
      const values = c.values.map((v) => jsValue(v, c.dtype));
      columns[c.name] = values;
    });
    {
      using f = openFile(ourFile(), 'w');
      const t = f.createTable('/', 't', description as never);
      t.append(columns as never);
    }
    onOurs = runPython<PyOutcome[]>('pt_where.py', [spec, ourFile(), '--existing']);
  });
  afterAll(() => removeDir(dir));

  it('a table PyTables wrote: the rows (and errors) PyTables gives', () => {
    using f = openFile(ptFile(), 'r');
    const t = f.getNode('/t', undefined, 'Table') as Table;
    QUERIES.forEach((q, i) => {
      if (KNOWN.has(q.cond)) return;
      expect(ours(t, q), `${q.cond} ${JSON.stringify(fromPt[i])}`).toEqual(theirs(fromPt[i]!));
    });
  });

  it('the same table written here: PyTables gives the same rows as on its own', () => {
    using f = openFile(ourFile(), 'r');
    const t = f.getNode('/t', undefined, 'Table') as Table;
    QUERIES.forEach((q, i) => {
      expect(onOurs[i], q.cond).toEqual(fromPt[i]);
      if (KNOWN.has(q.cond)) return;
      expect(ours(t, q), q.cond).toEqual(theirs(onOurs[i]!));
    });
  });

  it("readWhere with a field reads the values PyTables' read_where reads", () => {
    using f = openFile(ptFile(), 'r');
    const t = f.getNode('/t', undefined, 'Table') as Table;
    FIELD_QUERIES.forEach((q) => {
      const i = QUERIES.indexOf(q);
      const want = fromPt[i]!.values!;
      const got = t.readWhere(q.cond, null, q.field, q.start, q.stop, q.step) as {
        data: ArrayLike<unknown>;
        shape: number[];
      };
      expect(got.shape, q.cond).toEqual(want.shape);
      const enc = Array.from(got.data as ArrayLike<unknown>, (v) => {
        if (typeof v === 'bigint') return String(v);
        if (typeof v === 'number' && Number.isNaN(v)) return 'nan';
        if (v === Infinity) return 'inf';
        if (v === -Infinity) return '-inf';
        if (typeof v === 'string') return { bytes: v };
        return v;
      });
      const wantData = want.data.map((v) => (want.dtype === '|b1' ? Number(v) : v));
      expect(enc, q.cond).toEqual(wantData);
    });
  });
});
