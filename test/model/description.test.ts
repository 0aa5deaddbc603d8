// Table descriptions: the Col helpers (types, shapes, defaults, positions and their
// errors), descriptions from objects of Cols, dtype names and nested objects, PyTables'
// column order (pos first, then by name), and the printed forms, compared with the
// description PyTables makes for the same columns.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import {
  BoolCol,
  Col,
  Complex128Col,
  ComplexCol,
  Description,
  EnumCol,
  Float16Col,
  Float32Col,
  Float64Col,
  Int16Col,
  Int32Col,
  Int64Col,
  Int8Col,
  StringCol,
  UInt16Col,
  UInt32Col,
  UInt64Col,
  UInt8Col,
  openFile,
} from '../../lib/index';
import { lacks } from '../helpers/interop';
import { descriptionOf, pyDescribe, type TableSpec } from './table-spec';

function tableOf(spec: TableSpec) {
  const f = openFile('describe.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
  const options = typeof spec._expectedrows === 'number' ? { expectedrows: spec._expectedrows } : {};
  const t = f.createTable('/', 't', descriptionOf(spec), options);
  return { f, t };
}

// Column sets PyTables is asked about: every type, shapes, defaults, positions, nesting.
const SPECS: Record<string, TableSpec> = {
  'every type, no positions (by name)': {
    i8: { col: 'Int8Col' },
    u8: { col: 'UInt8Col', kw: { dflt: 255 } },
    i16: { col: 'Int16Col', kw: { dflt: -3 } },
    u16: { col: 'UInt16Col' },
    i32: { col: 'Int32Col' },
    u32: { col: 'UInt32Col', kw: { dflt: 4000000000 } },
    i64: { col: 'Int64Col', kw: { dflt: -5 } },
    u64: { col: 'UInt64Col' },
    f16: { col: 'Float16Col', kw: { dflt: 0.5 } },
    f32: { col: 'Float32Col', kw: { dflt: 0.1 } },
    f64: { col: 'Float64Col', kw: { dflt: -2.5e-300 } },
    c8: { col: 'ComplexCol', itemsize: 8, kw: { dflt: [1, -2] } },
    c16: { col: 'ComplexCol', itemsize: 16 },
    b: { col: 'BoolCol', kw: { dflt: true } },
    s: { col: 'StringCol', itemsize: 12, kw: { dflt: 'it' } },
    e: { col: 'EnumCol', enum: ['off', 'on', 'auto'], dflt: 'auto', base: 'int16' },
  },
  'positions first, then names; shapes': {
    zz: { col: 'Float64Col', kw: { pos: 0, shape: [2, 3] } },
    aa: { col: 'Int32Col', kw: { pos: 2 } },
    mm: { col: 'StringCol', itemsize: 4, kw: { shape: [3] } },
    bb: { col: 'BoolCol', kw: { pos: 1, shape: [1] } },
    cc: { col: 'UInt8Col' },
  },
  'nested columns, a positioned group': {
    x: { col: 'Float32Col' },
    pos: { _v_pos: 0, b: { col: 'Int16Col', kw: { pos: 1 } }, a: { col: 'Int16Col', kw: { pos: 0 } } },
    info: {
      name: { col: 'StringCol', itemsize: 8 },
      deep: { v: { col: 'Float64Col', kw: { shape: [2] } }, k: { col: 'Int64Col' } },
    },
    _expectedrows: 1_000_000,
  },
  'one column, few expected rows': { only: { col: 'Int8Col' }, _expectedrows: 10 },
};

describe.skipIf(lacks('pytables'))('descriptions as PyTables makes them', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    it(name, () => {
      const py = pyDescribe(spec);
      const { f, t } = tableOf(spec);
      try {
        const d = t.description;
        const given = descriptionOf(spec);
        for (const [col, text] of Object.entries(py.given_reprs)) {
          expect(String(given[col]), col).toBe(text);
          expect(inspect(given[col]), col).toBe(text);
        }
        expect(String(d)).toBe(py.descr_str);
        expect(inspect(d)).toBe(py.descr_repr);
        expect(t.colnames).toEqual(py.colnames);
        expect(t.colpathnames).toEqual(py.colpathnames);
        expect(t.coltypes).toEqual(py.coltypes);
        expect(t.rowsize).toBe(py.rowsize);
        expect(t.chunkshape).toEqual(py.chunkshape);
        expect(String(t)).toBe(py.str);
        expect(inspect(t)).toBe(py.repr);
      } finally {
        f.close();
      }
    });
  }

  it('a description read back from the file equals the one given', () => {
    const spec = SPECS['nested columns, a positioned group'] as TableSpec;
    const py = pyDescribe(spec);
    const { f } = tableOf(spec);
    const image = f.getFileImage();
    f.close();
    const g = openFile('back.h5', 'r', {
      driver: 'H5FD_CORE',
      driverCoreImage: image,
      driverCoreBackingStore: false,
    });
    try {
      const back = g.getNode('/t', undefined, 'Table');
      expect(String(back.description)).toBe(py.descr_str);
      expect(inspect(back.description)).toBe(py.descr_repr);
    } finally {
      g.close();
    }
  });
});

describe('Col helpers', () => {
  it('carry their type, item size, shape, default and position', () => {
    const c = Float64Col({ shape: [2, 3], dflt: 1.5, pos: 4 });
    expect(c).toBeInstanceOf(Col);
    expect([c.dtype, c.type, c.itemsize, c.shape, c.dflt, c.pos, c.enum]).toEqual([
      'float64',
      'float64',
      8,
      [2, 3],
      1.5,
      4,
      undefined,
    ]);
    expect(Int32Col({ shape: 3 }).shape).toEqual([3]);
    expect(StringCol(7).itemsize).toBe(7);
    expect(StringCol(7).dflt).toBe('');
    expect(Int64Col().dflt).toBe(0n);
    expect(UInt64Col({ dflt: 2n ** 64n - 1n }).dflt).toBe(2n ** 64n - 1n);
    expect(Int64Col({ dflt: 7 }).dflt).toBe(7n);
    expect(Float32Col({ dflt: 0.1 }).dflt).toBe(Math.fround(0.1));
    expect(Complex128Col().dflt).toEqual([0, 0]);
    expect(ComplexCol(8, { dflt: 3 }).dflt).toEqual([3, 0]);
    expect(BoolCol().dflt).toBe(false);
    const sizes = [Int8Col, UInt8Col, Int16Col, UInt16Col, Int32Col, UInt32Col, Float16Col].map(
      (h) => h().itemsize,
    );
    expect(sizes).toEqual([1, 1, 2, 2, 4, 4, 2]);
    const e = EnumCol({ a: 1, b: 5 }, 'b', { base: 'uint8' });
    expect([e.dtype, e.type, e.itemsize, e.dflt, e.enum]).toEqual([
      'uint8',
      'enum',
      1,
      'b',
      { names: ['a', 'b'], values: [1, 5] },
    ]);
    expect(EnumCol(['x', 'y'], 'x').dtype).toBe('uint32');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('refuse bad options, shapes, defaults and positions with errors naming them', () => {
    expect(() => Int32Col({ size: 3 } as never)).toThrow(TypeError);
    expect(() => Int32Col({ size: 3 } as never)).toThrow(/size/);
    expect(() => Int32Col({ shape: [0] })).toThrow(RangeError);
    expect(() => Int32Col({ shape: [2.5] })).toThrow(/shape/);
    expect(() => Int32Col({ shape: 'x' as never })).toThrow(TypeError);
    expect(() => Int32Col({ pos: -1 })).toThrow(/pos/);
    expect(() => Int32Col({ dflt: 'a' })).toThrow(TypeError);
    expect(() => Int8Col({ dflt: 128 })).toThrow(RangeError);
    expect(() => UInt32Col({ dflt: -1 })).toThrow(RangeError);
    expect(() => Int32Col({ dflt: 1.5 })).toThrow(RangeError);
    expect(() => Int64Col({ dflt: 2n ** 63n })).toThrow(RangeError);
    expect(() => Int64Col({ dflt: 2 ** 60 })).toThrow(RangeError);
    expect(() => BoolCol({ dflt: 1 })).toThrow(/boolean/);
    expect(() => StringCol(2, { dflt: 'abc' })).toThrow(RangeError);
    expect(() => StringCol(0)).toThrow(/itemsize/);
    expect(() => StringCol('8' as never)).toThrow(TypeError);
    expect(() => ComplexCol(4 as never)).toThrow(/itemsize/);
    expect(() => Complex128Col({ dflt: [1] as never })).toThrow(TypeError);
    expect(() => EnumCol([], 'a')).toThrow(RangeError);
    expect(() => EnumCol(['a', 'b'], 'c')).toThrow(/dflt/);
    expect(() => EnumCol({ a: 1, b: 1 }, 'a')).toThrow(/distinct/);
    expect(() => EnumCol({ a: 300 }, 'a', { base: 'uint8' })).toThrow(RangeError);
    expect(() => EnumCol(['a'], 'a', { base: 'float64' })).toThrow(/base/);
    expect(() => EnumCol(['a'], 'a', { dflt: 'a' } as never)).toThrow(TypeError);
    expect(() => EnumCol('ab' as never, 'a')).toThrow(TypeError);
  });
});

describe('descriptions from objects', () => {
  const mem = () => openFile('d.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });

  it('take dtype names and S<n> for strings, as Cols of them', () => {
    const f = mem();
    try {
      const a = f.createTable('/', 'a', {
        x: 'float64',
        n: 'int16',
        s: 'S8',
        b: 'bool',
        c: 'complex64',
        h: 'float16',
      });
      const b = f.createTable('/', 'b', {
        x: Float64Col(),
        n: Int16Col(),
        s: StringCol(8),
        b: BoolCol(),
        c: ComplexCol(8),
        h: Float16Col(),
      });
      expect(inspect(a.description)).toBe(inspect(b.description));
      expect(a.colnames).toEqual(['b', 'c', 'h', 'n', 's', 'x']);
    } finally {
      f.close();
    }
  });

  it('a Description is taken as it is, also as a nested column', () => {
    const f = mem();
    try {
      const t = f.createTable('/', 't', { b: Int8Col(), a: { y: Int8Col(), x: Int8Col() } });
      const d = t.description;
      expect(d).toBeInstanceOf(Description);
      expect(d.names).toEqual(['a', 'b']);
      const inner = d.columns.a as Description;
      expect([inner.names, inner.pathname, inner.nestedlvl, inner.pos]).toEqual([['x', 'y'], 'a', 1, 0]);
      expect(d.colpathnames).toEqual(['b', 'a/x', 'a/y']);
      const again = f.createTable('/', 'again', d);
      expect(inspect(again.description)).toBe(inspect(d));
      const nested = f.createTable('/', 'nested', { n: inner, z: Int8Col() });
      expect(nested.colpathnames).toEqual(['z', 'n/x', 'n/y']);
      expect((nested.description.columns.n as Description).pathname).toBe('n');
    } finally {
      f.close();
    }
  });

  it('refuse what is not a description, naming the column', () => {
    const f = mem();
    try {
      expect(() => f.createTable('/', 't', 5 as never)).toThrow(TypeError);
      expect(() => f.createTable('/', 't', {})).toThrow(/at least one column/);
      expect(() => f.createTable('/', 't', { x: 'int33' as never })).toThrow(/unknown dtype 'int33'/);
      expect(() => f.createTable('/', 't', { x: 'string' as never })).toThrow(/itemsize/);
      expect(() => f.createTable('/', 't', { x: 5 })).toThrow(/column 'x'/);
      expect(() => f.createTable('/', 't', { n: { y: [1] as never } })).toThrow(/column 'n\/y'/);
      expect(() => f.createTable('/', 't', { 'a/b': Int8Col() })).toThrow(/not a valid column name/);
      expect(() => f.createTable('/', 't', { '': Int8Col() })).toThrow(RangeError);
      expect(() => f.createTable('/', 't', { n: { _v_pos: -2, y: Int8Col() } })).toThrow(/_v_pos/);
      expect(f.has('/t')).toBe(false);
    } finally {
      f.close();
    }
  });
});
