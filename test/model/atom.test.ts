// Atoms against PyTables 3.7: each factory's repr, kind, type, itemsize, size and shape,
// with and without `new`; Atom.fromDType; toAtom; the errors.
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

import { toAtom } from '../../lib/atom';
import {
  Atom,
  BoolAtom,
  Float32Atom,
  Float64Atom,
  Int16Atom,
  Int32Atom,
  Int64Atom,
  Int8Atom,
  StringAtom,
  UInt16Atom,
  UInt32Atom,
  UInt64Atom,
  UInt8Atom,
} from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';

interface PyAtom {
  repr?: string;
  kind?: string;
  type?: string;
  itemsize?: number;
  size?: number;
  shape?: number[];
  error?: string;
}

// Each atom made here, and the PyTables expression that makes the same.
const PAIRS: Array<[() => Atom, string]> = [
  [() => Float64Atom(), 'tb.Float64Atom()'],
  [() => new Float64Atom(), 'tb.Float64Atom()'],
  [() => Float32Atom({ dflt: 0.1 }), 'tb.Float32Atom(dflt=0.1)'],
  [() => Float32Atom({ dflt: 1.5, shape: [2, 2] }), 'tb.Float32Atom(dflt=1.5, shape=(2, 2))'],
  [() => Float64Atom({ dflt: NaN }), 'tb.Float64Atom(dflt=np.nan)'],
  [() => Float64Atom({ dflt: 1e300 }), 'tb.Float64Atom(dflt=1e300)'],
  [() => Float64Atom({ dflt: -0 }), 'tb.Float64Atom(dflt=-0.0)'],
  [() => Float64Atom({ dflt: 3 }), 'tb.Float64Atom(dflt=3)'],
  [() => Int8Atom({ dflt: -3 }), 'tb.Int8Atom(dflt=-3)'],
  [() => UInt8Atom({ shape: 3 }), 'tb.UInt8Atom(shape=3)'],
  [() => Int16Atom({ shape: [0] }), 'tb.Int16Atom(shape=(0,))'],
  [() => UInt16Atom({ dflt: 65535 }), 'tb.UInt16Atom(dflt=65535)'],
  [() => Int32Atom({ shape: [2], dflt: 1 }), 'tb.Int32Atom(shape=(2,), dflt=1)'],
  [() => UInt32Atom({ dflt: 4294967295 }), 'tb.UInt32Atom(dflt=4294967295)'],
  [() => Int64Atom({ dflt: -(2n ** 63n) }), 'tb.Int64Atom(dflt=-2**63)'],
  [() => Int64Atom({ dflt: 5 }), 'tb.Int64Atom(dflt=5)'],
  [() => UInt64Atom({ dflt: 2n ** 64n - 1n }), 'tb.UInt64Atom(dflt=2**64-1)'],
  [() => BoolAtom(), 'tb.BoolAtom()'],
  [() => BoolAtom({ dflt: true, shape: [1, 2, 3] }), 'tb.BoolAtom(dflt=True, shape=(1, 2, 3))'],
  [() => StringAtom(8), 'tb.StringAtom(8)'],
  [() => new StringAtom(8, { dflt: 'ab', shape: [2, 3] }), "tb.StringAtom(8, dflt=b'ab', shape=(2, 3))"],
  [() => StringAtom(3, { dflt: "it's".slice(0, 3) }), 'tb.StringAtom(3, dflt=b"it\'")'],
  [() => Atom.fromDType('string', { itemsize: 5 }), "tb.Atom.from_dtype(np.dtype('S5'))"],
  [() => Atom.fromDType('float64', { shape: [2] }), "tb.Atom.from_dtype(np.dtype(('f8', (2,))))"],
  [() => Atom.fromDType('uint16'), "tb.Atom.from_dtype(np.dtype('u2'))"],
  [() => toAtom('int32', 'atom'), "tb.Atom.from_type('int32')"],
];

describe.skipIf(lacks('pytables'))('atoms as PyTables makes them', () => {
  let py: PyAtom[];
  beforeAll(() => {
    py = runPython<{ results: PyAtom[] }>('pt_atoms.py', [JSON.stringify(PAIRS.map(([, e]) => e))]).results;
  });

  it('repr, kind, type, itemsize, size and shape equal PyTables', () => {
    PAIRS.forEach(([make, expr], i) => {
      const a = make();
      expect(py[i].error, expr).toBeUndefined();
      expect(String(a), expr).toBe(py[i].repr);
      expect(inspect(a)).toBe(py[i].repr);
      expect(
        { kind: a.kind, type: a.type, itemsize: a.itemsize, size: a.size, shape: [...a.shape] },
        expr,
      ).toEqual({
        kind: py[i].kind,
        type: py[i].type,
        itemsize: py[i].itemsize,
        size: py[i].size,
        shape: py[i].shape,
      });
    });
  });

  it('what PyTables refuses is refused here too', () => {
    const bad = ['tb.StringAtom(0)', 'tb.Int32Atom(shape=(-1,))'];
    const res = runPython<{ results: PyAtom[] }>('pt_atoms.py', [JSON.stringify(bad)]).results;
    expect(res.map((r) => r.error)).toEqual(['ValueError', 'ValueError']);
    expect(() => StringAtom(0)).toThrow(/itemsize must be an integer >= 1, not 0/);
    expect(() => Int32Atom({ shape: [-1] })).toThrow(RangeError);
  });
});

describe('Atom values', () => {
  it('factories work with and without new; instanceof follows the factory', () => {
    const a = Float64Atom();
    expect(a).toBeInstanceOf(Atom);
    expect(a).toBeInstanceOf(Float64Atom);
    expect(new Float64Atom()).toBeInstanceOf(Float64Atom);
    expect(a).not.toBeInstanceOf(Float32Atom);
    expect(StringAtom(4)).toBeInstanceOf(StringAtom);
    expect(Atom.fromDType('int8')).toBeInstanceOf(Int8Atom);
    expect(Float64Atom.name).toBe('Float64Atom');
    expect(a.constructor.name).toBe('Float64Atom');
  });

  it('are immutable and compare by value', () => {
    const a = Int32Atom({ shape: [2], dflt: 1 });
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.shape)).toBe(true);
    expect(a.equals(new Int32Atom({ shape: [2], dflt: 1 }))).toBe(true);
    expect(a.equals(Int32Atom({ shape: [2] }))).toBe(false);
    expect(a.equals(Int32Atom({ shape: [3], dflt: 1 }))).toBe(false);
    expect(a.equals(UInt32Atom({ shape: [2], dflt: 1 }))).toBe(false);
    expect(Int64Atom().dflt).toBe(0n);
    expect(Float32Atom({ dflt: 0.1 }).dflt).toBe(Math.fround(0.1));
  });

  it('bad defaults, shapes, options and itemsizes are clear errors', () => {
    expect(() => Int8Atom({ dflt: 300 })).toThrow(/dflt 300 does not fit a int8 atom/);
    expect(() => UInt8Atom({ dflt: -1 })).toThrow(RangeError);
    expect(() => Int32Atom({ dflt: 1.5 })).toThrow(RangeError);
    expect(() => Int32Atom({ dflt: '1' as unknown as number })).toThrow(/must be a number, not string/);
    expect(() => UInt64Atom({ dflt: -1n })).toThrow(RangeError);
    expect(() => Int64Atom({ dflt: 2 ** 60 })).toThrow(RangeError);
    expect(() => BoolAtom({ dflt: 1 as unknown as boolean })).toThrow(TypeError);
    expect(() => StringAtom(2, { dflt: 'abc' })).toThrow(RangeError);
    expect(() => StringAtom('8' as unknown as number)).toThrow(/StringAtom: itemsize must be a number/);
    expect(() => Float64Atom({ shape: [1.5] })).toThrow(RangeError);
    expect(() => Float64Atom({ shape: 'x' as unknown as number })).toThrow(TypeError);
    expect(() => Float64Atom({ itemsize: 8 } as never)).toThrow(/unknown option 'itemsize'/);
    expect(() => Atom.fromDType('string')).toThrow(/needs an itemsize/);
    expect(() => Atom.fromDType('float64', { itemsize: 4 })).toThrow(/itemsize is 8, not 4/);
    expect(() => Atom.fromDType('complex256' as never)).toThrow(/unknown dtype 'complex256'/);
  });

  it('toAtom takes an Atom or a dtype name, and names the argument otherwise', () => {
    const a = StringAtom(8);
    expect(toAtom(a, 'atom')).toBe(a);
    expect(toAtom('float32', 'atom').equals(Float32Atom())).toBe(true);
    expect(() => toAtom('string', 'createCArray: atom')).toThrow(
      /createCArray: atom: the dtype 'string' needs an itemsize/,
    );
    expect(() => toAtom('f8', 'createCArray: atom')).toThrow(
      /createCArray: atom must be an Atom .* not 'f8'/,
    );
    expect(() => toAtom(undefined, 'atom')).toThrow(TypeError);
    expect(() => toAtom({ dtype: 'float64' }, 'atom')).toThrow(/not object/);
  });
});
