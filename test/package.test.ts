// What `npm install h5tables` gives a user (issue 3): the packed tarball holds dist/, the
// prebuild with HDF5 inside and the license notices, and no build junk; installed into an
// empty folder, it runs the in-memory tutorial with no system libhdf5 loaded.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const PREBUILD_DIR = path.join(ROOT, 'prebuilds', `${process.platform}-${process.arch}`);
const hasPrebuild = fs.existsSync(PREBUILD_DIR) && fs.readdirSync(PREBUILD_DIR).some((f) => f.endsWith('.node'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Runs in the installed package: the tutorial's steps, then what the process has mapped.
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
const result = {
  printed,
  values: Array.from(f.root.new_array.read().data),
  description: f.getNodeAttr(f.root, 'description'),
  hdf5: hdf5Version(),
  resolved: require.resolve('h5tables'),
  hdf5Libraries: fs.readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => /libhdf5/.test(l)),
  addons: [...new Set(fs.readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => /\\.node$/.test(l)).map((l) => l.split(/\\s+/).pop()))],
};
f.close();
console.log(JSON.stringify(result));
`;

describe.skipIf(!hasPrebuild || process.platform !== 'linux')('the npm package', () => {
  let work: string;
  let tarball: string;
  let files: string[];

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-pack-'));
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], {
      cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    })) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, packed[0].filename);
    files = packed[0].files.map((f) => f.path).sort();
  }, 300_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds dist/, the prebuild, the README and the license notices, and no build junk', () => {
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files).toContain('prebuilds/LICENSE-HDF5.txt');
    expect(files.some((f) => /^prebuilds\/linux-x64\/h5tables\.glibc\.node$/.test(f))).toBe(true);
    expect(files.filter((f) => /^(build|node_modules|test|bench|lib|examples|\.github|\.ci)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(map|tgz|o|a)$/.test(f))).toEqual([]);
  });

  it('installs into an empty folder and runs the in-memory tutorial without a system libhdf5', () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    // Dependencies come from npm's cache when it has them (they do after `npm ci`).
    execFileSync(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: app, stdio: 'pipe', timeout: 240_000,
    });
    // The install used the prebuild: nothing was compiled.
    expect(fs.existsSync(path.join(app, 'node_modules', 'h5tables', 'build'))).toBe(false);
    fs.writeFileSync(path.join(app, 'tutorial.js'), TUTORIAL);
    const out = JSON.parse(execFileSync(process.execPath, ['tutorial.js'], { cwd: app, encoding: 'utf8' }));
    expect(out.printed).toBe("/new_array (Array(20,)) 'New array'");
    expect(out.values).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(out.description).toBe('In memory file example');
    expect(out.resolved.startsWith(path.join(app, 'node_modules', 'h5tables'))).toBe(true);
    expect(out.hdf5Libraries).toEqual([]);
    expect(out.addons).toEqual([path.join(app, 'node_modules', 'h5tables', 'prebuilds', 'linux-x64', 'h5tables.glibc.node')]);
    expect(fs.readdirSync(app).sort()).toEqual(['node_modules', 'package-lock.json', 'package.json', 'tutorial.js']);
  }, 300_000);
});
