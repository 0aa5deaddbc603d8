// Attributes: N-d values keep their shape ({data, shape}, as they are written too), and the
// empty name is refused as PyTables refuses it (ValueError there, RangeError here).
import { describe, expect, it } from 'vitest';

import { openFile, type File } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { python, pythonJson, useScratch } from './model-helpers';

const scratch = useScratch();

function fresh(): File {
  return scratch.track(openFile(scratch.path('attrs.h5'), 'w'));
}

describe('the empty attribute name', () => {
  it("is not in attrs, reads as undefined, and File's getters say it does not exist", () => {
    const f = fresh();
    const attrs = f.root.attrs;
    expect('' in attrs).toBe(false);
    expect(attrs.has('')).toBe(false);
    expect(attrs.get('')).toBeUndefined();
    expect(attrs['']).toBeUndefined();
    expect(attrs.delete('')).toBe(false);
    expect(() => f.getNodeAttr('/', '')).toThrow("Attribute '' does not exist in node: '/'");
    expect(() => f.delNodeAttr('/', '')).toThrow("Attribute ('') does not exist in node '/'");
  });

  it('cannot be set: a RangeError from every way of setting it, and nothing is written', () => {
    const f = fresh();
    const before = f.root.attrs.keys();
    expect(() => f.root.attrs.set('', 1)).toThrow(RangeError);
    expect(() => {
      f.root.attrs[''] = 1;
    }).toThrow(RangeError);
    expect(() => f.setNodeAttr('/', '', 1)).toThrow(RangeError);
    expect(() => f.root.setAttr('', 'x')).toThrow(RangeError);
    expect(() => f.root.attrs.set('a\0b', 1)).toThrow(RangeError);
    expect(f.root.attrs.keys()).toEqual(before);
  });
});

describe('N-d attributes', () => {
  it('read back with their shape, and 1-d ones as the array itself', () => {
    const f = fresh();
    const attrs = f.root.attrs;
    attrs.set('m', { data: Int32Array.of(0, 1, 2, 3, 4, 5), shape: [2, 3] });
    attrs.set('cube', { data: new Float64Array(4), shape: [2, 1, 2] });
    attrs.set('flags', { data: [true, false, false, true], shape: [2, 2] });
    attrs.set('words', { data: ['ab', 'c', 'd', 'ef'], shape: [2, 2] });
    attrs.set('row', Int16Array.of(7, 8));
    expect(attrs.get('m')).toEqual({ data: Int32Array.of(0, 1, 2, 3, 4, 5), shape: [2, 3] });
    expect(attrs.get('cube')).toEqual({ data: new Float64Array(4), shape: [2, 1, 2] });
    expect(attrs.get('flags')).toEqual({ data: [true, false, false, true], shape: [2, 2] });
    expect(attrs.get('words')).toEqual({ data: ['ab', 'c', 'd', 'ef'], shape: [2, 2] });
    expect(attrs.get('row')).toEqual(Int16Array.of(7, 8));
    // A value read back writes back the same.
    attrs.set('m2', attrs.get('m') as { data: Int32Array; shape: number[] });
    expect(attrs.get('m2')).toEqual(attrs.get('m'));
  });

  it('a {data, shape} that does not match is refused before anything is written', () => {
    const f = fresh();
    expect(() => f.root.attrs.set('bad', { data: Int32Array.of(1, 2, 3), shape: [2, 2] })).toThrow(
      new RangeError('data has 3 elements but shape (2, 2) needs 4'),
    );
    expect(() => f.root.attrs.set('bad', { data: [[1]] as unknown as number[], shape: [1] })).toThrow(
      TypeError,
    );
    expect(f.root.attrs.has('bad')).toBe(false);
  });
});

describe.skipIf(lacks('pytables'))('N-d attributes against PyTables', () => {
  it('PyTables-written N-d attributes read back with their shape', () => {
    const p = scratch.path('pt.h5');
    python(`
import tables as tb, numpy as np
f = tb.open_file(${JSON.stringify(p)}, 'w')
a = f.root._v_attrs
a.nd = np.arange(6, dtype='i4').reshape(2, 3)
a.b3 = np.array([[True, False], [False, True]])
a.s2 = np.array([[b'ab', b'c'], [b'd', b'ef']])
a.d3 = np.arange(4.).reshape(2, 1, 2)
f.close()
`);
    const f = scratch.track(openFile(p, 'r'));
    const attrs = f.root.attrs;
    expect(attrs.get('nd')).toEqual({ data: Int32Array.of(0, 1, 2, 3, 4, 5), shape: [2, 3] });
    expect(attrs.get('b3')).toEqual({ data: [true, false, false, true], shape: [2, 2] });
    expect(attrs.get('s2')).toEqual({ data: ['ab', 'c', 'd', 'ef'], shape: [2, 2] });
    expect(attrs.get('d3')).toEqual({ data: Float64Array.of(0, 1, 2, 3), shape: [2, 1, 2] });
  });

  it('PyTables reads N-d attributes h5tables wrote with their shape and values', () => {
    const p = scratch.path('ours.h5');
    const f = openFile(p, 'w');
    f.root.attrs.set('nd', { data: Int32Array.of(0, 1, 2, 3, 4, 5), shape: [3, 2] });
    f.root.attrs.set('nums', { data: [1.5, 2.5, 3.5, 4.5], shape: [2, 2] });
    f.close();
    const theirs = pythonJson<Record<string, [number[], string, unknown]>>(`
import tables as tb, json
f = tb.open_file(${JSON.stringify(p)})
a = f.root._v_attrs
print(json.dumps({k: [list(a[k].shape), str(a[k].dtype), a[k].tolist()] for k in ['nd', 'nums']}))
`);
    expect(theirs).toEqual({
      nd: [
        [3, 2],
        'int32',
        [
          [0, 1],
          [2, 3],
          [4, 5],
        ],
      ],
      nums: [
        [2, 2],
        'float64',
        [
          [1.5, 2.5],
          [3.5, 4.5],
        ],
      ],
    });
  });
});
