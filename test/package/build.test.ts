// The build from source without HDF5 stops with one clear message saying what to install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const hasCmake = spawnSync('cmake', ['--version']).status === 0;

describe.skipIf(!hasCmake)('CMakeLists.txt', () => {
  it('without HDF5, configuring fails with a message that says what to install', () => {
    const build = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-nohdf5-'));
    try {
      // CMAKE_DISABLE_FIND_PACKAGE_HDF5 makes find_package(HDF5) find nothing, as on a
      // machine without HDF5.
      const r = spawnSync('cmake', ['-S', ROOT, '-B', build, '-DCMAKE_DISABLE_FIND_PACKAGE_HDF5=ON'], {
        encoding: 'utf8',
      });
      expect(r.status).not.toBe(0);
      const text = r.stderr.replace(/\s+/g, ' ');
      expect(text).toContain('h5tables: HDF5 (>= 1.10, C library) was not found.');
      expect(text).toContain('sudo apt-get install libhdf5-dev');
      expect(text).toContain('brew install hdf5');
    } finally {
      fs.rmSync(build, { recursive: true, force: true });
    }
  });
});
