// Complex VLArrays with the real PyTables 3.7: a row of complex numbers reads as its
// floats interleaved (re, im), as Array reads complex data, however many numbers each row
// holds; rows appended here (pairs or a flat TypedArray, an empty row too) PyTables reads.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ComplexAtom, openFile, type VLArray } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { makeTmpDir, removeDir } from '../helpers/tmp';

type Rows = Record<string, number[][]>;

describe.skipIf(lacks('pytables'))('complex VLArrays both ways with PyTables', { timeout: 60_000 }, () => {
  let dir = '';
  let written: Rows;
  beforeAll(() => {
    dir = makeTmpDir('h5tables-vlarray-complex-');
    written = runPython<Rows>('pt_vlarray_complex.py', ['write', `${dir}/pt.h5`]);
  }, 60_000);
  afterAll(() => removeDir(dir));

  it("PyTables' rows read here with every number's re and im, row by row", () => {
    expect(written['/c16']).toEqual([[1, 2, 3, 4], [], [5, -6]]);
    const f = openFile(`${dir}/pt.h5`, 'r');
    try {
      const c16 = f.getNode('/c16', undefined, 'VLArray');
      expect(c16.dtype).toBe('complex128');
      expect(c16.read()).toEqual([Float64Array.of(1, 2, 3, 4), new Float64Array(0), Float64Array.of(5, -6)]);
      expect(c16.get(2)).toEqual(Float64Array.of(5, -6));
      const c8 = f.getNode('/c8', undefined, 'VLArray');
      expect(c8.read().map((r) => Array.from(r as Float32Array))).toEqual(written['/c8']);
      expect(c8.read()[1]).toBeInstanceOf(Float32Array);
    } finally {
      f.close();
    }
  });

  it('rows appended here, and a VLArray made here, PyTables reads', () => {
    const copy = `${dir}/appended.h5`;
    fs.copyFileSync(`${dir}/pt.h5`, copy);
    const f = openFile(copy, 'a');
    const c16 = f.getNode('/c16', undefined, 'VLArray');
    c16.append([
      { re: 7, im: 8 },
      { re: 9, im: -10 },
    ]);
    c16.append(Float64Array.of(11, 12)); // one number, flat as read() gives it
    const made: VLArray = f.createVLArray('/', 'made', { atom: ComplexAtom(16) });
    for (const row of c16.read()) made.append(row); // read() rows write back, the empty one too
    expect(() => made.append(Float64Array.of(1, 2, 3))).toThrow(/needs an even length \(re, im\), not 3/);
    expect(made.nrows).toBe(5);
    f.close();
    const read = runPython<Rows>('pt_vlarray_complex.py', ['read', copy]);
    const c16Rows = [...written['/c16'], [7, 8, 9, -10], [11, 12]];
    expect(read['/c16']).toEqual(c16Rows);
    expect(read['/made']).toEqual(c16Rows);
    expect(read['/c8']).toEqual(written['/c8']);
  });
});
