// A dataset whose element type is an HDF5 array (H5T_ARRAY) opens as an Array, as PyTables
// opens `/columns/pressure` of its ex-noattr.h5 test file: the dataset's shape is the
// leaf's, and the data read adds the array atom's shape (here (1,) + (10,)).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

import { Array as H5Array, openFile } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { useScratch } from '../model-helpers';

const scratch = useScratch();
// Shipped with Debian's python3-tables.
const EX_NOATTR = '/usr/lib/python3/dist-packages/tables/tests/ex-noattr.h5';
const SQUARES = Array.from({ length: 10 }, (_, i) => i * i);

describe.skipIf(lacks('pytables') || !fs.existsSync(EX_NOATTR))('H5T_ARRAY element types', () => {
  it('the file opens and its other nodes are unchanged', () => {
    const f = scratch.track(openFile(EX_NOATTR, 'r'));
    expect(String(f.root.columns.TDC)).toBe("/columns/TDC (Array(10,)) 'TDCcount column'");
    expect(f.root.columns.pressure.shape).toEqual([1]);
    expect(f.root.columns.pressure.title).toBe('Pressure column');
  });

  // Needs the binding to read H5T_ARRAY element types (branch i8-binding).
  it.fails('/columns/pressure is an Array(1,) whose rows are the atom shape (10,), as in PyTables', () => {
    const f = scratch.track(openFile(EX_NOATTR, 'r'));
    const p = f.getNode('/columns/pressure');
    expect(p).toBeInstanceOf(H5Array);
    expect(String(p)).toBe("/columns/pressure (Array(1,)) 'Pressure column'");
    expect(p.dtype).toBe('float64');
    expect(p.shape).toEqual([1]);
    const all = p.read();
    expect(all.shape).toEqual([1, 10]);
    expect(Array.from(all.data as Float64Array)).toEqual(SQUARES);
    expect(p.read(0).shape).toEqual([1, 10]);
  });
});
