// What `npm install h5tables` gives a user (issues 3 and 10): the packed tarball holds dist/,
// the prebuild with HDF5 inside, the license notices and the build-from-source command, and
// no build junk; installed into an empty project it brings no build tooling (only
// node-gyp-build beside it) and has no install script to run (none that needs unshipped
// files: prepare runs only in a clone), reads and writes files with no system libhdf5
// loaded; and where no prebuild loads, the error and `npx h5tables-build` say what to install.
//
// H5TABLES_TEST_SOURCE_INSTALL=1 also checks the source build a user gets with
// `npm install cmake-js node-addon-api && npx h5tables-build` (needs cmake, g++ and
// libhdf5-dev; minutes).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { packAndInstall } from '../helpers/pack';

const ROOT = path.resolve(__dirname, '..', '..');
const PREBUILD_DIR = path.join(ROOT, 'prebuilds', `${process.platform}-${process.arch}`);
const hasPrebuild =
  fs.existsSync(PREBUILD_DIR) && fs.readdirSync(PREBUILD_DIR).some((f) => f.endsWith('.node'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const sourceInstall = process.env.H5TABLES_TEST_SOURCE_INSTALL === '1';

interface PackedManifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  scripts?: Record<string, string>;
  bin?: Record<string, string>;
  repository?: { type: string; url: string };
  homepage?: string;
  bugs?: { url: string };
  keywords?: string[];
}

// Runs in the installed package: the tutorial's steps, a file on disk written and read
// back, then what the process has mapped.
const TUTORIAL = `
const fs = require('fs');
const { openFile, hdf5Version } = require('h5tables');
let f = openFile('new_sample', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
f.createArray(f.root, 'new_array', Float64Array.from({ length: 20 }, (_, i) => i), 'New array');
const printed = String(f.root.new_array);
const image = f.getFileImage();
f.close();
f = openFile('in-memory-sample.h5', 'r+', { driver: 'H5FD_CORE', driverCoreImage: image, driverCoreBackingStore: false });
f.setNodeAttr(f.root, 'description', 'In memory file example');
const description = f.getNodeAttr(f.root, 'description');
const values = Array.from(f.root.new_array.read().data);
f.close();
fs.writeFileSync('disk.h5', image);
f = openFile('disk.h5', 'r');
const fromDisk = Array.from(f.root.new_array.read(2, 5).data);
f.close();
const maps = fs.readFileSync('/proc/self/maps', 'utf8').split('\\n');
console.log(JSON.stringify({
  printed, values, description, fromDisk,
  hdf5: hdf5Version(),
  resolved: require.resolve('h5tables'),
  hdf5Libraries: maps.filter((l) => /libhdf5/.test(l)),
  addons: [...new Set(maps.filter((l) => /\\.node$/.test(l)).map((l) => l.split(/\\s+/).pop()))],
}));
`;

function runTutorial(app: string): {
  printed: string;
  values: number[];
  description: string;
  fromDisk: number[];
  hdf5Libraries: string[];
  resolved: string;
  addons: string[];
} {
  fs.writeFileSync(path.join(app, 'tutorial.js'), TUTORIAL);
  const out = JSON.parse(execFileSync(process.execPath, ['tutorial.js'], { cwd: app, encoding: 'utf8' }));
  fs.rmSync(path.join(app, 'tutorial.js'));
  fs.rmSync(path.join(app, 'disk.h5'));
  expect(out.printed).toBe("/new_array (Array(20,)) 'New array'");
  expect(out.values).toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect(out.description).toBe('In memory file example');
  expect(out.fromDisk).toEqual([2, 3, 4]);
  expect(out.resolved.startsWith(path.join(app, 'node_modules', 'h5tables'))).toBe(true);
  return out;
}

// Package folders in node_modules (scoped ones as @scope/name), without .bin and npm's files.
function installedPackages(app: string): string[] {
  const nm = path.join(app, 'node_modules');
  return fs
    .readdirSync(nm)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(nm, n)).map((s) => `${n}/${s}`) : [n]))
    .sort();
}

describe.skipIf(!hasPrebuild || process.platform !== 'linux')('the npm package', () => {
  let work: string;
  let files: string[];
  let manifest: PackedManifest;
  let app: string;
  let installLog: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-pack-'));
    ({ files, app, installLog } = packAndInstall(work));
    manifest = JSON.parse(
      fs.readFileSync(path.join(app, 'node_modules', 'h5tables', 'package.json'), 'utf8'),
    );
  }, 300_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds dist/, the prebuild, the build-from-source command, the README and the license notices, and no build junk', () => {
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files).toContain('prebuilds/LICENSE-HDF5.txt');
    expect(files.some((f) => /^prebuilds\/linux-x64\/h5tables\.glibc\.node$/.test(f))).toBe(true);
    expect(files.filter((f) => f.startsWith('scripts/'))).toEqual(['scripts/build-from-source.js']);
    expect(
      files.filter((f) => /^(build|node_modules|test|bench|lib|examples|\.github|\.ci)\//.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => /\.(map|tgz|o|a)$/.test(f))).toEqual([]);
  });

  it('names its repository, homepage, issue tracker and keywords', () => {
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/h5tables/h5tables.git' });
    expect(manifest.homepage).toBe('https://github.com/h5tables/h5tables#readme');
    expect(manifest.bugs).toEqual({ url: 'https://github.com/h5tables/h5tables/issues' });
    expect(manifest.keywords).toEqual(expect.arrayContaining(['hdf5', 'pytables']));
  });

  it('depends on node-gyp-build alone; the build tools are optional peers', () => {
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['node-gyp-build']);
    expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toEqual(['cmake-js', 'node-addon-api']);
    expect(manifest.peerDependenciesMeta).toEqual({
      'cmake-js': { optional: true },
      'node-addon-api': { optional: true },
    });
    expect(manifest.bin).toEqual({ 'h5tables-build': 'scripts/build-from-source.js' });
  });

  it('has no install script for npm to run or to warn about (prepare runs only in a clone)', () => {
    for (const s of ['preinstall', 'install', 'postinstall']) expect(manifest.scripts?.[s]).toBeUndefined();
    // npm >= 11.16 lists dependencies with unreviewed install scripts; for a tarball (not a
    // registry install) it counts prepare too, which npm does not run for tarballs.
    expect(installLog).not.toMatch(/h5tables@[\d.]+ \([^)]*\b(preinstall|install|postinstall):/);
  });

  it('installs nothing to build and compiles nothing', () => {
    expect(installedPackages(app)).toEqual(['h5tables', 'node-gyp-build']);
    expect(fs.existsSync(path.join(app, 'node_modules', 'h5tables', 'build'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules', 'h5tables', 'lib'))).toBe(false);
    expect(fs.readdirSync(app).sort()).toEqual(['node_modules', 'package-lock.json', 'package.json']);
  });

  it('runs the in-memory tutorial and reads a file on disk without a system libhdf5', () => {
    const out = runTutorial(app);
    expect(out.hdf5Libraries).toEqual([]);
    expect(out.addons).toEqual([
      path.join(app, 'node_modules', 'h5tables', 'prebuilds', 'linux-x64', 'h5tables.glibc.node'),
    ]);
  });

  it('where no prebuild loads, the error and `npx h5tables-build` say what to install', () => {
    const pkg = path.join(app, 'node_modules', 'h5tables');
    const saved = path.join(work, 'prebuilds-saved');
    fs.renameSync(path.join(pkg, 'prebuilds'), saved);
    try {
      const used = spawnSync(
        process.execPath,
        [
          '-e',
          "require('h5tables').openFile('x.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false })",
        ],
        { cwd: app, encoding: 'utf8' },
      );
      expect(used.status).not.toBe(0);
      expect(used.stderr).toContain(
        'h5tables: no native addon loads here (No native build was found for platform=linux',
      );
      expect(used.stderr).toContain('`npm install cmake-js node-addon-api` and `npx h5tables-build`');
      const build = spawnSync(path.join(app, 'node_modules', '.bin', 'h5tables-build'), [], {
        cwd: app,
        encoding: 'utf8',
      });
      expect(build.status).toBe(1);
      expect(build.stderr).toMatch(
        /^h5tables: cannot build the addon from source on linux-x64 (glibc [\d.]+|musl), Node v[\d.]+ \(asked for\): cmake-js and node-addon-api not installed\./,
      );
      expect(build.stderr).toContain('sudo apt-get install cmake g++ libhdf5-dev');
      expect(build.stderr).toContain(
        '  - the build tools beside h5tables: npm install cmake-js node-addon-api',
      );
      expect(fs.existsSync(path.join(pkg, 'build'))).toBe(false);
    } finally {
      fs.renameSync(saved, path.join(pkg, 'prebuilds'));
    }
  }, 120_000);

  it.runIf(sourceInstall)(
    'builds from source with the build tools installed beside it',
    () => {
      const pkg = path.join(app, 'node_modules', 'h5tables');
      execFileSync(
        npm,
        [
          'install',
          'cmake-js@^8',
          'node-addon-api@^8',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
        ],
        {
          cwd: app,
          stdio: 'pipe',
          timeout: 240_000,
        },
      );
      const r = spawnSync(path.join(app, 'node_modules', '.bin', 'h5tables-build'), [], {
        cwd: app,
        encoding: 'utf8',
        timeout: 900_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        'h5tables: building the addon from source with cmake-js against the system HDF5 (asked for)',
      );
      expect(r.stderr).toContain(`h5tables: built ${path.join(pkg, 'build', 'Release', 'h5tables.node')}`);
      const out = runTutorial(app);
      expect(out.addons).toEqual([path.join(pkg, 'build', 'Release', 'h5tables.node')]);
    },
    1_200_000,
  );
});
