// complex64/complex128, float16, enums and big-endian data, both ways with the real
// PyTables 3.7 and h5py 3.7: what they write opens here with PyTables' repr, values and
// enum; complex, float16, enum and compound attributes read as PyTables gives them; what
// h5tables writes, PyTables and h5py read with the same atom, dtype and values; atoms,
// enums and float16 rounding print and round as PyTables and numpy do.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  Array as H5Array,
  ComplexAtom,
  Enum,
  EnumAtom,
  Float16Atom,
  Int16Atom,
  Int32Atom,
  openFile,
  type Leaf,
} from '../../lib/index';
import { roundFloat16 } from '../../lib/float16';
import { lacks } from '../helpers/interop';
import { runPython, type PyArray, type PyScalar } from '../helpers/python';
import { makeTmpDir, removeDir } from '../helpers/tmp';

interface PyAttrValue {
  repr: string;
  complex?: [number, number];
  records?: PyScalar[][];
  dtype?: string;
  shape?: number[];
  data?: PyScalar[];
  value?: PyScalar | null;
}

interface PyTypesNode {
  repr: string;
  class: string;
  atom?: string;
  data?: PyArray;
  byteorder?: string;
  enum?: string;
  attrs: Record<string, PyAttrValue>;
}

interface PyTypesRead {
  nodes: Record<string, PyTypesNode>;
  h5py: Record<string, { dtype: string; data: PyArray }>;
}

/** numpy's encoded scalars (_enc.py) as numbers: "nan"/"inf" strings back to floats. */
function num(v: PyScalar): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(v);
}

function numbers(data: ArrayLike<unknown>): number[] {
  return Array.from(data as ArrayLike<number | bigint>, (x) => Number(x));
}

const LEAF_PATHS_PT = ['/be', '/bef', '/c128', '/c64', '/cca', '/ea', '/eca', '/f16', '/hca'];

describe.skipIf(lacks('pytables', 'h5py'))('more element types with PyTables and h5py', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTmpDir('h5tables-types-more-');
    runPython('types_more_files.py', ['make', dir]);
  });
  afterAll(() => removeDir(dir));

  it('opens what PyTables writes with its repr, values and enums', () => {
    const py = runPython<PyTypesRead>('types_more_files.py', ['read', `${dir}/pt.h5`]);
    expect(Object.keys(py.nodes).sort()).toEqual(LEAF_PATHS_PT);
    const f = openFile(`${dir}/pt.h5`);
    try {
      for (const [path, node] of Object.entries(py.nodes)) {
        const leaf = f.getNode(path) as H5Array;
        expect(leaf.constructor.name, path).toBe(node.class);
        expect(inspect(leaf), path).toBe(node.repr);
        const got = leaf.read();
        const want = node.data as PyArray;
        expect(got.shape, path).toEqual(want.shape);
        expect(numbers(got.data), path).toEqual(want.data.map(num));
        if (node.enum) expect(String(leaf.getEnum()), path).toBe(node.enum);
        else expect(() => leaf.getEnum(), path).toThrow(/is not of an enumerated type/);
      }
      expect(f.getNode('/c128').dtype).toBe('complex128');
      expect(f.getNode('/c64').dtype).toBe('complex64');
      expect(f.getNode('/f16').dtype).toBe('float16');
      expect(f.getNode('/ea').dtype).toBe('uint8');
      expect(f.getNode('/c128').read().data).toBeInstanceOf(Float64Array);
      expect(f.getNode('/c64').read().data).toBeInstanceOf(Float32Array);
      expect(f.getNode('/f16').read().data).toBeInstanceOf(Float32Array);
      expect((f.getNode('/be') as Leaf).byteorder).toBe('big');
    } finally {
      f.close();
    }
  });

  it('reads complex and float16 attributes as PyTables gives them, printed the same', () => {
    const py = runPython<PyTypesRead>('types_more_files.py', ['read', `${dir}/pt.h5`]);
    const attrs = py.nodes['/c128']?.attrs as Record<string, PyAttrValue>;
    const f = openFile(`${dir}/pt.h5`);
    try {
      const a = f.getNode('/c128').attrs;
      expect(a.get('cx')).toEqual({ re: attrs.cx?.complex?.[0], im: attrs.cx?.complex?.[1] });
      expect(a.get('cx64')).toEqual({ re: attrs.cx64?.complex?.[0], im: attrs.cx64?.complex?.[1] });
      const cxa = a.get('cxa') as { data: Float32Array; shape: number[]; dtype: string };
      expect(cxa.dtype).toBe('complex64');
      expect(cxa.shape).toEqual(attrs.cxa?.shape);
      expect(numbers(cxa.data)).toEqual(attrs.cxa?.data?.map(num));
      expect(a.get('h')).toBe(attrs.h?.value);
      const ha = a.get('ha') as { data: Float32Array; dtype: string };
      expect(ha.dtype).toBe('float16');
      expect(numbers(ha.data)).toEqual(attrs.ha?.data?.map(num));
      const printed = inspect(a);
      for (const [name, v] of Object.entries(attrs)) expect(printed).toContain(`${name} := ${v.repr}`);
    } finally {
      f.close();
    }
  });

  it('opens what h5py writes: enums, complex, float16, big-endian; enum and compound attributes', () => {
    const py = runPython<PyTypesRead>('types_more_files.py', ['read', `${dir}/h5.h5`]);
    const f = openFile(`${dir}/h5.h5`);
    try {
      for (const path of ['/enum', '/c', '/h', '/be', '/bec', '/plain']) {
        const node = py.nodes[path] as PyTypesNode;
        const leaf = f.getNode(path) as H5Array;
        expect(inspect(leaf), path).toBe(node.repr);
        expect(numbers(leaf.read().data), path).toEqual(node.data?.data.map(num));
        expect(leaf.read().shape, path).toEqual(node.data?.shape);
      }
      expect(String((f.getNode('/enum') as H5Array).getEnum())).toBe(py.nodes['/enum']?.enum);
      const attrs = py.nodes['/plain']?.attrs as Record<string, PyAttrValue>;
      const a = f.getNode('/plain').attrs;
      expect(a.get('cx')).toEqual({ re: 1, im: 2 });
      const cxa = a.get('cxa') as { data: Float32Array; shape: number[]; dtype: string };
      expect([cxa.dtype, cxa.shape, numbers(cxa.data)]).toEqual([
        'complex64',
        attrs.cxa?.shape,
        attrs.cxa?.data?.map(num),
      ]);
      // PyTables reads an enum attribute as None; h5tables as its base integer.
      expect(attrs.ea?.value).toBeNull();
      expect(a.get('ea')).toBe(1);
      // One record is a plain object, several an array of them, fields in stored order.
      const toRow = (r: Record<string, unknown>): unknown[] => Object.values(r);
      const want = (rows: PyScalar[][] | undefined): unknown[][] =>
        (rows ?? []).map((r) => r.map((v) => (typeof v === 'object' && v && 'bytes' in v ? v.bytes : v)));
      const rec = a.get('rec') as unknown as Record<string, unknown>;
      expect(Object.keys(rec)).toEqual(['a', 'b', 's']);
      expect([toRow(rec)]).toEqual(want(attrs.rec?.records));
      const recs = a.get('recs') as unknown as Array<Record<string, unknown>>;
      expect(recs.map(toRow)).toEqual(want(attrs.recs?.records));
      const printed = inspect(a);
      for (const name of ['cx', 'cxa', 'h', 'rec', 'recs'])
        expect(printed).toContain(`${name} := ${attrs[name]?.repr}`);
    } finally {
      f.close();
    }
  });

  it('writes complex, float16 and enum leaves and attributes that PyTables and h5py read the same', () => {
    const path = `${dir}/ours.h5`;
    const colors = new Enum(['red', 'green', 'blue']);
    const f = openFile(path, 'w');
    const c128 = Float64Array.of(1, 2, 3, -4, 0, 0.5, -1.25, 0);
    const f16in = Float32Array.of(0.1, 65504, 70000, 1e-7, -2.5);
    try {
      f.createArray('/', 'c128', { data: c128, shape: [2, 2], dtype: 'complex128' }, 'C128');
      f.createArray('/', 'c64', { data: Float32Array.of(1.5, -2, NaN, 1), shape: [2], dtype: 'complex64' });
      f.createArray('/', 'f16', { data: f16in, shape: [5], dtype: 'float16' }, 'F16');
      const cca = f.createCArray('/', 'cca', {
        atom: ComplexAtom(16, { shape: [2], dflt: { re: 1, im: 2 } }),
        shape: [3],
      });
      cca.set(0, [
        { re: 5, im: 6 },
        { re: 7, im: -8 },
      ]);
      f.createCArray('/', 'hca', { atom: Float16Atom({ dflt: 0.1 }), shape: [4] });
      const ea = f.createEArray('/', 'ea', { atom: new EnumAtom(colors, 'green', 'uint8'), shape: [0] });
      ea.append(Uint8Array.of(0, 1, 2, 1));
      f.createCArray('/', 'eca', {
        atom: new EnumAtom({ lo: -1, hi: 7 }, 'lo', Int16Atom()),
        shape: [2, 2],
      });
      const a = f.getNode('/c128').attrs;
      a.set('cx', { re: 1, im: 2 });
      a.set('cxa', { data: Float32Array.of(1, 2, 3, -4), shape: [2], dtype: 'complex64' });
      a.set('ha', { data: Float32Array.of(1.5, 0.1), shape: [2], dtype: 'float16' });
    } finally {
      f.close();
    }
    const ours = runPython<PyTypesRead>('types_more_files.py', ['read', path]);
    const theirs = runPython<PyTypesRead>('types_more_files.py', ['read', `${dir}/pt.h5`]);
    for (const p of ['/c128', '/c64', '/f16', '/cca', '/hca', '/ea', '/eca']) {
      const mine = ours.nodes[p] as PyTypesNode;
      const pt = theirs.nodes[p] as PyTypesNode;
      expect(mine.atom, p).toBe(pt.atom);
      expect(mine.data, p).toEqual(pt.data);
      expect(mine.enum, p).toBe(pt.enum);
      expect(ours.h5py[p]?.dtype, p).toBe(theirs.h5py[p]?.dtype);
    }
    // float16 values are numpy's rounding of the float32 given.
    expect(ours.nodes['/f16']?.data?.data.map(num)).toEqual(Array.from(f16in, roundFloat16));
    const attrs = ours.nodes['/c128']?.attrs as Record<string, PyAttrValue>;
    expect(attrs.cx?.repr).toBe('(1+2j)');
    expect(attrs.cx?.dtype).toBe('<c16');
    expect(attrs.cxa?.repr).toBe(theirs.nodes['/c128']?.attrs.cxa?.repr);
    expect(attrs.ha?.repr).toBe(theirs.nodes['/c128']?.attrs.ha?.repr);
    // And h5tables prints its own file as PyTables prints it.
    const g = openFile(path);
    try {
      for (const p of ['/c128', '/c64', '/f16', '/cca', '/hca', '/ea', '/eca'])
        expect(inspect(g.getNode(p)), p).toBe(ours.nodes[p]?.repr);
    } finally {
      g.close();
    }
  });

  it('prints atoms and enums, and rounds float16, as PyTables and numpy do', () => {
    const cases: Array<[string, () => unknown]> = [
      ['tb.ComplexAtom(8)', () => ComplexAtom(8)],
      ['tb.ComplexAtom(16, shape=2, dflt=1+2j)', () => ComplexAtom(16, { shape: 2, dflt: { re: 1, im: 2 } })],
      ['tb.ComplexAtom(8, dflt=1.5-2j)', () => ComplexAtom(8, { dflt: { re: 1.5, im: -2 } })],
      [
        'tb.ComplexAtom(16, dflt=complex(1e20, float("nan")))',
        () => ComplexAtom(16, { dflt: { re: 1e20, im: NaN } }),
      ],
      ['tb.ComplexAtom(16, dflt=complex(0, -0.0))', () => ComplexAtom(16, { dflt: { re: 0, im: -0 } })],
      ['tb.ComplexAtom(8, dflt=0.1+0.2j)', () => ComplexAtom(8, { dflt: { re: 0.1, im: 0.2 } })],
      ['tb.Float16Atom(dflt=0.1)', () => Float16Atom({ dflt: 0.1 })],
      ['tb.Float16Atom(shape=(2,), dflt=1/3)', () => Float16Atom({ shape: [2], dflt: 1 / 3 })],
      ["tb.Enum(['red', 'green', 'blue'])", () => new Enum(['red', 'green', 'blue'])],
      ["tb.Enum({'a': 5, 'b': -1})", () => new Enum({ a: 5, b: -1 })],
      [
        "tb.EnumAtom(['x', 'y'], 'y', base=tb.Int32Atom(), shape=(2,))",
        () => new EnumAtom(['x', 'y'], 'y', Int32Atom(), { shape: [2] }),
      ],
      ["tb.EnumAtom({'a': 5, 'b': -1}, 'a', base='int8')", () => new EnumAtom({ a: 5, b: -1 }, 'a', 'int8')],
    ];
    const values = [0.1, 70000, 65519.99, 3e-8, 1 / 3, -2.5e-5, 1234.567, 6.1e-5, 2049, 2051];
    const exprs = [...cases.map(([e]) => e), ...values.map((v) => `float(np.float16(${v}))`)];
    const { results } = runPython<{ results: Array<{ repr?: string; value?: PyScalar }> }>(
      'types_more_eval.py',
      [JSON.stringify(exprs)],
    );
    cases.forEach(([expr, make], i) => {
      expect(String(make()), expr).toBe(results[i]?.repr);
    });
    values.forEach((v, i) =>
      expect(roundFloat16(v), String(v)).toBe(num(results[cases.length + i]?.value as PyScalar)),
    );
  });
});
