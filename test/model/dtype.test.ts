// The one dtype table (lib/dtype.ts DTYPES): every dtype the binding knows has a row, and
// each row's TypedArray, item size and atom are what h5tables writes, reads and prints.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import { DTYPES, typedArrayDType } from '../../lib/dtype';
import { openFile, type DType } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { pythonJson, useScratch } from './model-helpers';

const scratch = useScratch();
const NUMERIC = (Object.keys(DTYPES) as DType[]).filter((d) => DTYPES[d].fromTyped);

describe('the dtype table', () => {
  it('has a row for every dtype, bool and string included', () => {
    expect(Object.keys(DTYPES).sort()).toEqual([
      'bool',
      'complex128',
      'complex64',
      'float16',
      'float32',
      'float64',
      'int16',
      'int32',
      'int64',
      'int8',
      'string',
      'uint16',
      'uint32',
      'uint64',
      'uint8',
    ]);
    expect(typedArrayDType(new Uint8Array(1))).toBe('uint8');
    expect(typedArrayDType(new Uint8ClampedArray(1))).toBe('uint8');
    expect(typedArrayDType(new DataView(new ArrayBuffer(1)))).toBeNull();
    expect(typedArrayDType([1])).toBeNull();
  });

  it.each(NUMERIC)(
    '%s: a TypedArray of its class writes it, reads back as it, and prints its atom',
    (dtype) => {
      const f = scratch.track(openFile(scratch.path('d.h5'), 'w'));
      const Typed = DTYPES[dtype].typed as unknown as { from(values: unknown[]): Float64Array };
      const data = Typed.from(dtype === 'int64' || dtype === 'uint64' ? [1n, 2n] : [1, 2]);
      const a = f.createArray('/', 'x', data);
      expect(a.dtype).toBe(dtype);
      expect(a.itemsize).toBe(DTYPES[dtype].itemsize);
      expect(a.read().data).toBeInstanceOf(Typed);
      f.close();
      const g = scratch.track(openFile(scratch.path('d.h5'), 'r'));
      expect(g.root.x.dtype).toBe(dtype);
      expect(inspect(g.root.x).split('\n')[1]).toBe(
        `  atom := ${DTYPES[dtype].atom}(shape=(), dflt=${DTYPES[dtype].dflt})`,
      );
    },
  );

  it('bool and string rows: booleans and strings write them', () => {
    const f = scratch.track(openFile(scratch.path('bs.h5'), 'w'));
    expect(f.createArray('/', 'b', [true, false]).dtype).toBe('bool');
    expect(inspect(f.root.b).split('\n')[1]).toBe('  atom := BoolAtom(shape=(), dflt=False)');
    expect(f.createArray('/', 's', ['abc', 'd']).dtype).toBe('string');
    expect(inspect(f.root.s).split('\n')[1]).toBe("  atom := StringAtom(itemsize=3, shape=(), dflt=b'')");
  });
});

describe.skipIf(lacks('pytables'))('against PyTables', () => {
  it("each row's atom is PyTables' atom for that numpy dtype", () => {
    const names = Object.keys(DTYPES).map((d) => (d === 'string' ? 'S3' : d));
    const theirs = pythonJson<string[]>(`
import tables as tb, numpy as np, json
print(json.dumps([repr(tb.Atom.from_dtype(np.dtype(d))) for d in ${JSON.stringify(names)}]))
`);
    const ours = Object.entries(DTYPES).map(
      ([d, row]) =>
        `${row.atom}(${d === 'string' ? 'itemsize=3, ' : row.kind === 'complex' ? `itemsize=${row.itemsize}, ` : ''}shape=(), dflt=${row.dflt})`,
    );
    expect(ours).toEqual(theirs);
  });
});
