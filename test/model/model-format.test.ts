// Printed forms: String(x) is PyTables' str(), util.inspect(x) its repr(), compared with
// literal texts printed by PyTables 3.7 and, where it is installed, with the real thing.
import fs from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import { openFile, type File } from '../../lib/index';
import { numpyArrayRepr as r, pyBytes, pyFloat, pyStr } from '../../lib/pyrepr';
import { lacks } from '../helpers/interop';
import { pythonJson, python, useScratch } from './model-helpers';

const scratch = useScratch();
const f64 = (...values: number[]): Float64Array => Float64Array.from(values);

// numpy 1.24 / Python reprs, as printed by /usr/bin/python3 on this machine.
const ARRAYS: Array<[string, () => string]> = [
  ['array([1.e-05, 1.e+00, 1.e+05])', () => r('float64', [3], f64(1e-5, 1, 1e5))],
  ['array([1.0e+20, 1.5e+00])', () => r('float64', [2], f64(1e20, 1.5))],
  ['array([ nan,  1.5, -inf])', () => r('float64', [3], f64(NaN, 1.5, -Infinity))],
  ['array([-1.25,  3.  ])', () => r('float64', [2], f64(-1.25, 3))],
  [
    'array([1.0000000e-01, 3.3333334e-01, 1.0000000e-07], dtype=float32)',
    () => r('float32', [3], Float32Array.of(0.1, 1 / 3, 1e-7)),
  ],
  [
    'array([0.000e+00, 5.000e-01, 1.000e+00, ..., 7.485e+02, 7.490e+02,\n       7.495e+02])',
    () =>
      r(
        'float64',
        [1500],
        Float64Array.from({ length: 1500 }, (_, i) => i * 0.5),
      ),
  ],
  [
    'array([-50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38,\n       -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25,\n       -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12,\n       -11, -10,  -9,  -8,  -7,  -6,  -5,  -4,  -3,  -2,  -1,   0,   1,\n         2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,  14,\n        15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,\n        28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,\n        41,  42,  43,  44,  45,  46,  47,  48,  49], dtype=int8)',
    () =>
      r(
        'int8',
        [100],
        Int8Array.from({ length: 100 }, (_, i) => i - 50),
      ),
  ],
  ['array([4294967295,          0], dtype=uint32)', () => r('uint32', [2], Uint32Array.of(4294967295, 0))],
  ['array([1.e-300, 1.e+300])', () => r('float64', [2], f64(1e-300, 1e300))],
  ['array([1.00000e-03, 1.00000e+03, 1.23456e+02])', () => r('float64', [3], f64(0.001, 1000, 123.456))],
  [
    'array([    0. ,  1000.5,  2001. ,  3001.5,  4002. ,  5002.5,  6003. ,\n        7003.5,  8004. ,  9004.5, 10005. , 11005.5, 12006. , 13006.5,\n       14007. , 15007.5, 16008. , 17008.5, 18009. , 19009.5, 20010. ,\n       21010.5, 22011. , 23011.5, 24012. , 25012.5, 26013. , 27013.5,\n       28014. , 29014.5])',
    () =>
      r(
        'float64',
        [30],
        Float64Array.from({ length: 30 }, (_, i) => i * 1000.5),
      ),
  ],
  [
    'array([ True,  True,  True, ...,  True,  True,  True])',
    () => r('bool', [1001], new Uint8Array(1001).fill(1)),
  ],
  ['array([[1.5, 2. ],\n       [3. , 4. ]])', () => r('float64', [2, 2], f64(1.5, 2, 3, 4))],
  ['array([], shape=(2, 0), dtype=float64)', () => r('float64', [2, 0], f64())],
  [
    'array([[1, 2, 3],\n       [1, 2, 3],\n       [1, 2, 3]], dtype=int16)',
    () => r('int16', [3, 3], Int16Array.of(1, 2, 3, 1, 2, 3, 1, 2, 3)),
  ],
  [
    'array([[0.000e+00, 1.000e+00, 2.000e+00, ..., 9.970e+02, 9.980e+02,\n        9.990e+02],\n       [1.000e+03, 1.001e+03, 1.002e+03, ..., 1.997e+03, 1.998e+03,\n        1.999e+03]], dtype=float32)',
    () =>
      r(
        'float32',
        [2, 1000],
        Float32Array.from({ length: 2000 }, (_, i) => i),
      ),
  ],
  ['array([nan])', () => r('float64', [1], f64(NaN))],
  ['array([inf,  1.])', () => r('float64', [2], f64(Infinity, 1))],
  ['array([ 0., -0.])', () => r('float64', [2], f64(0, -0))],
  ['array([1.e+16, 1.e+00])', () => r('float64', [2], f64(1e16, 1))],
  ['array([1.23456789e+08, 1.50000000e+00])', () => r('float64', [2], f64(123456789, 1.5))],
];
const FLOATS: Array<[number, string]> = [
  [1e-5, '1e-05'],
  [1e16, '1e+16'],
  [1e15, '1000000000000000.0'],
  [123456789.0, '123456789.0'],
  [0.1, '0.1'],
  [1 / 3, '0.3333333333333333'],
  [2.5e-300, '2.5e-300'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [5e-324, '5e-324'],
  [100.0, '100.0'],
  [1e22, '1e+22'],
  [0.0001, '0.0001'],
  [0.00012345, '0.00012345'],
];
const FLOAT32S: Array<[number, string]> = [
  [0.1, '0.1'],
  [1 / 3, '0.33333334'],
  [1e-7, '1e-07'],
  [3.4e38, '3.4e+38'],
  [16777216.0, '16777216.0'],
  [1e16, '1e+16'],
];

describe('Python and numpy reprs', () => {
  it.each(ARRAYS)('%s', (expected, make) => {
    expect(make()).toBe(expected);
  });

  it('formats floats like Python repr()', () => {
    for (const [x, text] of FLOATS) expect(pyFloat(x)).toBe(text);
    for (const [x, text] of FLOAT32S) expect(pyFloat(Math.fround(x), true)).toBe(text);
    expect([pyFloat(0), pyFloat(-0), pyFloat(NaN), pyFloat(Infinity), pyFloat(-Infinity)]).toEqual([
      '0.0',
      '-0.0',
      'nan',
      'inf',
      '-inf',
    ]);
  });

  it('quotes str and bytes like Python repr()', () => {
    expect(pyStr('hello')).toBe("'hello'");
    expect(pyStr("it's")).toBe('"it\'s"');
    expect(pyStr('a"b\'c')).toBe("'a\"b\\'c'");
    expect(pyStr('a\nb\tc\\')).toBe("'a\\nb\\tc\\\\'");
    expect(pyStr('a\x7f\u00a0\u2028é')).toBe("'a\\x7f\\xa0\\u2028é'");
    expect(pyBytes(Uint8Array.of(0x61, 0x27, 0x62, 0, 0xff))).toBe('b"a\'b\\x00\\xff"');
  });
});

/** The DESIGN sample: CORE without backing store, 'Title', /group/array and /arr2d. */
function sample(): File {
  const f = scratch.track(
    openFile('mem.h5', 'w', { title: 'Title', driver: 'H5FD_CORE', driverCoreBackingStore: false }),
  );
  const g = f.createGroup('/', 'group', 'Group title');
  f.createArray(g, 'array', [1, 2, 3], 'Array');
  f.createArray('/', 'arr2d', { data: new Float64Array(6), shape: [2, 3] });
  return f;
}

const ARRAY_REPR = (head: string, atom: string, flavor: string, byteorder: string): string =>
  `${head}\n  atom := ${atom}\n  maindim := 0\n  flavor := '${flavor}'\n  byteorder := '${byteorder}'\n  chunkshape := None`;

describe('printed forms (texts from PyTables 3.7)', () => {
  it('str(file) of an in-memory file, exactly as DESIGN.md gives it', () => {
    expect(String(sample())).toBe(
      "mem.h5 (File) 'Title'\nLast modif.: '<in-memory file>'\nObject Tree: \n/ (RootGroup) 'Title'\n" +
        "/arr2d (Array(2, 3)) ''\n/group (Group) 'Group title'\n/group/array (Array(3,)) 'Array'\n",
    );
  });

  it('repr(file): header, groups by str(), leaves by repr()', () => {
    expect(inspect(sample())).toBe(
      "File(filename=mem.h5, title='Title', mode='w', root_uep='/', filters=Filters(complevel=0, shuffle=False, " +
        'bitshuffle=False, fletcher32=False, least_significant_digit=None))\n' +
        "/ (RootGroup) 'Title'\n" +
        ARRAY_REPR("/arr2d (Array(2, 3)) ''", 'Float64Atom(shape=(), dflt=0.0)', 'numpy', 'little') +
        '\n' +
        "/group (Group) 'Group title'\n" +
        ARRAY_REPR(
          "/group/array (Array(3,)) 'Array'",
          'Float64Atom(shape=(), dflt=0.0)',
          'python',
          'little',
        ) +
        '\n',
    );
  });

  it('str() and repr() of groups and arrays', () => {
    const f = sample();
    expect(String(f.root)).toBe("/ (RootGroup) 'Title'");
    expect(inspect(f.root)).toBe("/ (RootGroup) 'Title'\n  children := ['group' (Group), 'arr2d' (Array)]");
    expect(String(f.root.group)).toBe("/group (Group) 'Group title'");
    expect(inspect(f.root.group)).toBe("/group (Group) 'Group title'\n  children := ['array' (Array)]");
    expect(String(f.root.arr2d)).toBe("/arr2d (Array(2, 3)) ''");
    f.createArray(
      '/',
      'new_array',
      Int32Array.from({ length: 20 }, (_, i) => i),
      { title: 'New array' },
    );
    expect(String(f.root.new_array)).toBe("/new_array (Array(20,)) 'New array'");
    const empty = f.createGroup('/', 'empty', "it's");
    expect(inspect(empty)).toBe('/empty (Group) "it\'s"\n  children := []');
    expect(inspect({ nested: f.root.arr2d })).toContain("/arr2d (Array(2, 3)) ''");
  });

  it('repr() of every atom', () => {
    const f = sample();
    const cases: Array<[string, Parameters<File['createArray']>[2], string, string, string]> = [
      ['i8', Int8Array.of(1), 'Int8Atom(shape=(), dflt=0)', 'numpy', 'irrelevant'],
      ['u8', Uint8Array.of(1), 'UInt8Atom(shape=(), dflt=0)', 'numpy', 'irrelevant'],
      ['i16', Int16Array.of(1), 'Int16Atom(shape=(), dflt=0)', 'numpy', 'little'],
      ['u16', Uint16Array.of(1), 'UInt16Atom(shape=(), dflt=0)', 'numpy', 'little'],
      ['i32', Int32Array.of(1), 'Int32Atom(shape=(), dflt=0)', 'numpy', 'little'],
      ['u32', Uint32Array.of(1), 'UInt32Atom(shape=(), dflt=0)', 'numpy', 'little'],
      ['i64', BigInt64Array.of(1n), 'Int64Atom(shape=(), dflt=0)', 'numpy', 'little'],
      ['u64', BigUint64Array.of(1n), 'UInt64Atom(shape=(), dflt=0)', 'numpy', 'little'],
      ['f32', Float32Array.of(1), 'Float32Atom(shape=(), dflt=0.0)', 'numpy', 'little'],
      ['f64', Float64Array.of(1), 'Float64Atom(shape=(), dflt=0.0)', 'numpy', 'little'],
      ['b', [true], 'BoolAtom(shape=(), dflt=False)', 'python', 'irrelevant'],
      ['s', ['ab', 'cde'], "StringAtom(itemsize=3, shape=(), dflt=b'')", 'python', 'irrelevant'],
    ];
    for (const [name, obj, atom, flavor, byteorder] of cases) {
      const a = f.createArray('/', name, obj);
      const n = name === 's' ? 2 : 1;
      expect(inspect(a)).toBe(ARRAY_REPR(`/${name} (Array(${n},)) ''`, atom, flavor, byteorder));
    }
    expect(String(f.createArray('/', 'scalar', 5))).toBe("/scalar (Array()) ''");
    expect(String(f.createArray('/', 'empty', []))).toBe("/empty (Array(0,)) ''");
  });

  it('str() and repr() of attribute sets', () => {
    const f = sample();
    expect(String(f.root.attrs)).toBe('/._v_attrs (AttributeSet), 4 attributes');
    const a = f.root.attrs;
    a.arr = Int16Array.of(0, 1, 2);
    a.bo = true;
    a.i = 3n;
    a.num = 1.5;
    a.s = 'hello';
    expect(inspect(a)).toBe(
      '/._v_attrs (AttributeSet), 9 attributes:\n' +
        "   [CLASS := 'GROUP',\n" +
        "    PYTABLES_FORMAT_VERSION := '2.1',\n" +
        "    TITLE := 'Title',\n" +
        "    VERSION := '1.0',\n" +
        '    arr := array([0, 1, 2], dtype=int16),\n' +
        '    bo := True,\n' +
        '    i := 3,\n' +
        '    num := 1.5,\n' +
        "    s := 'hello']",
    );
    expect(inspect(f.root.group.attrs)).toBe(
      "/group._v_attrs (AttributeSet), 3 attributes:\n   [CLASS := 'GROUP',\n    TITLE := 'Group title',\n    VERSION := '1.0']",
    );
    expect(String(f.root.group.array.attrs)).toBe('/group/array._v_attrs (AttributeSet), 4 attributes');
  });

  it('prints a file on disk with its modification time in UTC', () => {
    const p = scratch.path('disk.h5');
    openFile(p, 'w').close();
    const when = new Date('2026-01-02T03:04:05.678Z');
    fs.utimesSync(p, when, when);
    const f = scratch.track(openFile(p, 'r'));
    expect(String(f)).toBe(
      `${p} (File) ''\nLast modif.: '2026-01-02T03:04:05+00:00'\nObject Tree: \n/ (RootGroup) ''\n`,
    );
  });

  it('prints closed files and nodes', () => {
    const f = sample();
    const g = f.root.group;
    f.close();
    expect(String(f)).toBe('<closed File>');
    expect(inspect(f)).toBe('<closed File>');
    expect(String(g)).toBe('<closed Group>');
    expect(inspect(g)).toBe('<closed Group>');
  });
});

/** What PyTables prints for a file: str/repr of the file, of every node and of its attributes. */
const DUMP = `
import json, sys, tables
f = tables.open_file(sys.argv[1] if len(sys.argv) > 1 else PATH, 'r')
out = {'file str': str(f), 'file repr': repr(f)}
for n in f.walk_nodes():
    p = n._v_pathname
    out['str ' + p] = str(n)
    out['repr ' + p] = repr(n)
    out['attrs str ' + p] = str(n._v_attrs)
    out['attrs repr ' + p] = repr(n._v_attrs)
f.close()
print(json.dumps(out))
`;

function pytablesPrints(p: string): Record<string, string> {
  return pythonJson<Record<string, string>>(`PATH = ${JSON.stringify(p)}\n${DUMP}`);
}

function ourPrints(p: string): Record<string, string> {
  const f = scratch.track(openFile(p, 'r'));
  const out: Record<string, string> = { 'file str': String(f), 'file repr': inspect(f) };
  for (const n of f) {
    out['str ' + n.pathname] = String(n);
    out['repr ' + n.pathname] = inspect(n);
    out['attrs str ' + n.pathname] = String(n.attrs);
    out['attrs repr ' + n.pathname] = inspect(n.attrs);
  }
  f.close();
  return out;
}

describe.skipIf(lacks('pytables'))('printed forms match the real PyTables', () => {
  it('for a file h5tables wrote', () => {
    const p = scratch.path('ours.h5');
    const f = openFile(p, 'w', { title: 'Ünïcode "title"' });
    const g = f.createGroup('/', 'g', "it's");
    f.createArray(
      g,
      'only',
      [
        [1, 2],
        [3, 4],
      ],
      'nested',
    );
    f.createArray('/', 'i8', Int8Array.of(1, 2));
    f.createArray('/', 'u64', BigUint64Array.of(1n));
    f.createArray('/', 'b', [true, false]);
    f.createArray('/', 's', ['ab', 'cde']);
    f.createArray('/', 'sc', 3.5);
    f.createArray('/', 'e', []);
    f.createArray('/', 'grid', { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2] }, 'grid');
    const values: Record<string, unknown> = {
      f1: 1e-5,
      f2: 1e20,
      f3: 1e16,
      f4: 123456789,
      f5: 0.1,
      f6: -0,
      f7: NaN,
      f8: Infinity,
      f10: 1 / 3,
      i: -5n,
      big: 2n ** 62n,
      u: 2n ** 63n,
      es: '',
      uni: 'héllo',
      q: "it's",
      q2: 'a"b\'c',
      nl: 'a\nb',
      ctl: 'a\u0001b',
      af: f64(0.5, 1, 2),
      af32: Float32Array.of(0.5, 1),
      ab: [true, false],
      au64: BigUint64Array.of(0n, 1n, 2n),
      ai64: BigInt64Array.of(0n, 1n, 2n),
      ai32: Int32Array.of(0, 1, 2),
      au8: Uint8Array.of(0, 1, 2),
      aempty: new Float64Array(0),
      along: Int32Array.from({ length: 2000 }, (_, i) => i),
      alongf: Float64Array.from({ length: 20 }, (_, i) => i / 3),
      aneg: Int16Array.of(-1, 2, -3),
      bo: true,
      b0: false,
      strs: ['a', 'bcd', ''],
      fnan: f64(NaN, 1.5, -Infinity),
      f32s: Float32Array.of(0.1, 1 / 3, 1e-7),
      fmany: Float64Array.from({ length: 30 }, (_, i) => i * 1000.5),
    };
    for (const [k, v] of Object.entries(values)) f.root.attrs.set(k, v as never);
    f.close();
    const theirs = pytablesPrints(p);
    const ours = ourPrints(p);
    // PyTables lists a group's children in HDF5's native link order, which for groups the
    // binding writes (UTF-8 link names: compact link storage) is not name order.
    const multi = ['repr /', 'file repr'];
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const key of Object.keys(theirs)) if (!multi.includes(key)) expect(ours[key], key).toBe(theirs[key]);
    expect(ours['file repr'].split('\n').sort()).toEqual(theirs['file repr'].split('\n').sort());
  });

  it('for a file PyTables wrote', () => {
    const p = scratch.path('theirs.h5');
    python(`
import numpy as np, tables
f = tables.open_file(${JSON.stringify(p)}, 'w', title='PyTables file')
g = f.create_group('/', 'zgroup', 'Z')
f.create_group(g, 'inner')
f.create_array(g, 'leaf', np.arange(6.).reshape(2, 3), 'leaf title')
f.create_array('/', 'ints', [1, 2, 3], 'python ints')
f.create_array('/', 'a_first', np.arange(4, dtype='uint16'))
f.create_array('/', 'scalar', 7)
f.create_array('/', 'bools', [True, False])
f.create_array('/', 'strs', [b'ab', b'cde'])
for t in ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64']:
    f.create_array('/zgroup', 'd_' + t, np.arange(3, dtype=t))
a = f.root._v_attrs
a.num = 1.5; a.i = 3; a.s = 'hello'; a.bo = True; a.arr = np.arange(3, dtype='int16'); a.f32 = np.float32(0.1)
a.u = np.uint64(2**63); a.farr = np.array([0.5, 1.0]); a.empty = ''; a.barr = np.array([True, False])
f.close()
`);
    const theirs = pytablesPrints(p);
    const ours = ourPrints(p);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const key of Object.keys(theirs)) expect(ours[key], key).toBe(theirs[key]);
  });

  it('prints datasets of unsupported types as UnImplemented', () => {
    const p = scratch.path('h5py.h5');
    python(`
import h5py, numpy as np
with h5py.File(${JSON.stringify(p)}, 'w') as f:
    f['half'] = np.arange(3, dtype=np.longdouble)
    f['pairs'] = np.zeros(2, dtype=[('a', 'i4'), ('b', 'f8')])
    g = f.create_group('plain')
    g.attrs['comp'] = np.zeros(2, dtype=np.clongdouble)
    g.attrs['twod'] = np.arange(6).reshape(2, 3)
`);
    const f = scratch.track(openFile(p, 'r'));
    expect(String(f.root.half)).toBe("/half (UnImplemented(3,)) ''");
    expect(String(f.root.pairs)).toBe("/pairs (UnImplemented(2,)) ''");
    expect(inspect(f.root.half)).toBe(
      `/half (UnImplemented(3,)) ''\n  NOTE: <The UnImplemented object represents a PyTables unimplemented\n` +
        `         dataset present in the '${p}' HDF5 file.  If you want to see this\n` +
        '         kind of HDF5 dataset implemented in PyTables, please contact the\n         developers.>\n',
    );
    expect(f.root.half.dtype).toBeNull();
    expect(String(f.root.plain)).toBe("/plain (Group) ''");
    // An attribute h5tables cannot read does not hide the others.
    const lines = inspect(f.root.plain.attrs).split('\n');
    expect(lines[0]).toBe('/plain._v_attrs (AttributeSet), 2 attributes:');
    expect(lines[1]).toMatch(/^ {3}\[comp := <unreadable: .+>,$/);
    expect(lines.slice(2)).toEqual(['    twod := array([[0, 1, 2],', '       [3, 4, 5]])]']);
    expect(() => f.root.plain.attrs.get('comp')).toThrow(Error);
    expect(String(f.root)).toBe("/ (RootGroup) ''");
    expect(String(f.root.attrs)).toBe('/._v_attrs (AttributeSet), 0 attributes');
    expect(inspect(f.root.attrs)).toBe('/._v_attrs (AttributeSet), 0 attributes');
  });
});
