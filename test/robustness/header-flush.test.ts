// patches/hdf5/0007: writing to a corrupt file must not make HDF5's flush write past an
// object header chunk. The reproducer (a fuzz mutant of h5tables' own seed) gets an
// attribute on every node and is flushed; before the patch, H5O_msg_flush wrote a message
// prefix past its 24-byte chunk and glibc aborted later, wherever malloc next looked. Each
// way runs alone in a child that churns the heap afterwards and must exit cleanly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { hdf5Version } from '../../lib/index';
import { ensureDist } from '../helpers/dist';
import { useTmpDir } from '../helpers/tmp';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'hostile', 'crash-core-nobs-a-88fd896aee.h5');
const CHILD = path.join(__dirname, '..', 'helpers', 'probe-child.js');
const tmp = useTmpDir('h5tables-header-flush-');

interface ProbeOutput {
  steps: number;
  errors: { step: string; code?: string; message: string }[];
}

function probeAlone(way: string): {
  status: number | null;
  signal: string | null;
  out?: ProbeOutput;
  stderr: string;
} {
  ensureDist();
  const file = tmp.path(`${way}.h5`);
  fs.copyFileSync(FIXTURE, file);
  const r = spawnSync(process.execPath, [CHILD, file, way], { encoding: 'utf8', timeout: 120_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return {
    status: r.status,
    signal: r.signal,
    out: line.startsWith('{') ? (JSON.parse(line) as ProbeOutput) : undefined,
    stderr: r.stderr.slice(-400),
  };
}

describe('a corrupt object header rewritten by a flush', () => {
  for (const way of ['core-nobs-a', 'core-a', 'img-a', 'sec2-a', 'async-sec2-a']) {
    it(`fails the flush with an Error and corrupts nothing (${way})`, () => {
      const r = probeAlone(way);
      expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({
        status: 0,
        signal: null,
        stderr: '',
      });
      const errors = r.out?.errors ?? [];
      // Every failure is an Error with a message; the writes did reach the corrupt headers.
      expect(errors.every((e) => e.message.trim() !== '')).toBe(true);
      expect(errors.some((e) => e.step.startsWith('attrs.set'))).toBe(true);
      if (hdf5Version() === '1.14.6') {
        // getFileImage flushes first.
        const flushed = errors
          .filter((e) => /^(getFileImage|flush|close)/.test(e.step))
          .map((e) => e.message);
        expect(flushed.join('\n')).toMatch(/object header message .* \(corrupt object header\)/);
      }
    });
  }
});
