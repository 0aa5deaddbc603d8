// patches/hdf5/0009: a float (or bitfield) type whose precision runs past its size is a
// decoding error, as HDF5 already made it for integers. The reproducer (a fuzz mutant of
// h5tables' own table seed) stores the nested column pos/x as an 8-byte float of 32832
// bits; before the patch the table opened and Table.modifyRows segfaulted in H5Dwrite
// (H5T__conv_f_f setting padding bits with a negative length). Writable ways run in a
// child, so a crash fails the test instead of killing the runner.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { hdf5Version, openFile } from '../../lib/index';
import { ensureDist } from '../helpers/dist';
import { useTmpDir } from '../helpers/tmp';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'hostile', 'crash-sec2-a-d02f5edb07.h5');
const CHILD = path.join(__dirname, '..', 'helpers', 'probe-child.js');
const tmp = useTmpDir('h5tables-float-precision-');
const patched = hdf5Version() === '1.14.6';

describe('a float column whose precision runs past its size', () => {
  for (const way of ['sec2-a', 'async-sec2-a', 'core-a', 'img-a']) {
    it(`gives Errors, never a crash, and leaves a file that opens (${way})`, () => {
      ensureDist();
      const file = tmp.path(`${way}.h5`);
      fs.copyFileSync(FIXTURE, file);
      const r = spawnSync(process.execPath, [CHILD, file, way], { encoding: 'utf8', timeout: 120_000 });
      expect({ status: r.status, signal: r.signal, stderr: r.stderr.slice(-400) }).toEqual({
        status: 0,
        signal: null,
        stderr: '',
      });
      const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
        errors: { step: string; message: string }[];
      };
      expect(out.errors.every((e) => e.message.trim() !== '')).toBe(true);
      // The probes' writes (an attribute on every node) left a file that still opens.
      if (way.startsWith('img')) return;
      const f = openFile(file, 'r');
      expect(String(f.getNode('/table'))).toMatch(patched ? /^\/table \(Unknown\)$/ : /^\/table \(Table/);
      f.close();
    });
  }

  it.runIf(patched)('is an Unknown node whose dataset HDF5 refuses to open, naming the precision', () => {
    const file = tmp.path('r.h5');
    fs.copyFileSync(FIXTURE, file);
    const f = openFile(file, 'r');
    try {
      expect(String(f.getNode('/table'))).toBe('/table (Unknown)');
      const nat = f._openNative()!;
      expect(() => nat.readRecords('/table')).toThrow(/floating-point offset\+precision out of bounds/);
    } finally {
      f.close();
    }
  });
});
