// The committed linux-x64 prebuild (issue 3): self-contained, HDF5 inside, nothing of a
// system HDF5 loaded. Skipped where there is no such prebuild (yet) or another platform.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'prebuilds', 'linux-x64');
const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';
const isMusl = onLinuxX64 && fs.existsSync('/etc/alpine-release');
const libc = isMusl ? 'musl' : 'glibc';

// prebuildify --tag-libc names it h5tables.glibc.node (or .musl.node).
const prebuild =
  onLinuxX64 && fs.existsSync(DIR)
    ? fs
        .readdirSync(DIR)
        .filter((f) => f.endsWith(`.${libc}.node`))
        .map((f) => path.join(DIR, f))[0]
    : undefined;

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

// What the prebuild may need: the C and C++ runtimes and zlib. libpthread, libdl and librt
// are separate parts of glibc before 2.34 (a build in the glibc 2.28 container lists them).
const ALLOWED =
  /^(linux-vdso|linux-gate|ld-linux[\w.-]*|ld-musl[\w.-]*|libc|libc\.musl-[\w]+|libm|libstdc\+\+|libgcc_s|libz|libpthread|libdl|librt)\.so/;

describe.skipIf(!prebuild)('linux-x64 prebuild', () => {
  const file = prebuild as string;

  it.skipIf(!hasTool('ldd'))('links nothing but the C/C++ runtime and zlib (ldd)', () => {
    const out = execFileSync('ldd', [file], { encoding: 'utf8' });
    const libs = out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => path.basename(l.split(/\s+/)[0]));
    expect(out).not.toMatch(/not found/);
    expect(libs.filter((l) => !ALLOWED.test(l))).toEqual([]);
    expect(libs.some((l) => l.startsWith('libz.so'))).toBe(true);
  });

  it.skipIf(!hasTool('nm'))('exports no HDF5 symbols, only the Node-API entry points', () => {
    const out = execFileSync('nm', ['-D', '--defined-only', file], { encoding: 'utf8' });
    const names = out
      .split('\n')
      .map((l) => l.trim().split(/\s+/).pop() ?? '')
      .filter(Boolean);
    expect(names).toContain('napi_register_module_v1');
    expect(names.filter((n) => /^(H5|h5|inflate|deflate)/.test(n))).toEqual([]);
  });

  it('loads with PREBUILDS_ONLY=1 in a child process, with no libhdf5 shared library mapped', () => {
    const script = `
      const fs = require('fs');
      const build = require('node-gyp-build');
      const where = build.resolve(${JSON.stringify(ROOT)});
      const binding = build(${JSON.stringify(ROOT)});
      const maps = fs.readFileSync('/proc/self/maps', 'utf8').split('\\n')
        .map((l) => l.trim().split(/\\s+/).slice(5).join(' ')).filter(Boolean);
      process.stdout.write(JSON.stringify({
        where,
        keys: Object.keys(binding),
        version: binding.hdf5Version,
        threadSafe: binding.hdf5ThreadSafe,
        hdf5Maps: [...new Set(maps.filter((m) => /hdf5/i.test(m)))],
      }));`;
    const r = spawnSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PREBUILDS_ONLY: '1', LD_PRELOAD: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as {
      where: string;
      keys: string[];
      version?: string;
      threadSafe?: boolean;
      hdf5Maps: string[];
    };
    expect(got.where).toBe(file);
    expect(got.keys.length).toBeGreaterThan(0);
    // Only the addon itself may mention hdf5 in its path (it does not); no libhdf5*.so.
    expect(got.hdf5Maps.filter((m) => /libhdf5/.test(m))).toEqual([]);
    if (got.version !== undefined) {
      const pinned = fs.readFileSync(path.join(ROOT, 'scripts', 'hdf5-version'), 'utf8').trim();
      expect(got.version).toBe(pinned);
    }
    if (got.threadSafe !== undefined) expect(got.threadSafe).toBe(true);
  });

  it('records the sources it was built from (SOURCES.sha256)', () => {
    const text = fs.readFileSync(path.join(DIR, 'SOURCES.sha256'), 'utf8');
    expect(text).toMatch(/^hdf5 \d+\.\d+\.\d+\ntotal [0-9a-f]{64}\n/);
    expect(text).toMatch(/ {2}CMakeLists\.txt\n/);
  });
});
