#!/usr/bin/env node
'use strict';
// Builds the addon from source with cmake-js against a system HDF5, into the package's
// build/Release/ (which node-gyp-build prefers to a prebuild). Shipped in the package as
// the `h5tables-build` command, for platforms without a prebuild:
//
//   npm install h5tables cmake-js node-addon-api    # and a compiler, CMake, HDF5 (README)
//   npx h5tables-build
//
// The package has no install script, so installing it runs nothing where a prebuild fits
// (npm >= 11.16 lists, and npm 12 skips, dependencies' unreviewed install scripts anyway).
// In a clone, `prepare` runs this with --if-needed: nothing when the addon already loads
// (the committed prebuild, or an earlier build), else a build from source.

const { spawnSync } = require('child_process');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const say = (s) => console.error('h5tables: ' + s);

// null when the addon (a local build or a prebuild) loads here, else why not.
function loadProblem() {
  try {
    require('node-gyp-build')(ROOT);
    return null;
  } catch (e) {
    return String(e && e.message ? e.message : e).split('\n')[0];
  }
}

function resolveFromPackage(id) {
  try {
    return require.resolve(id, { paths: [ROOT] });
  } catch {
    return null;
  }
}

function platformName() {
  const header = process.platform === 'linux' ? process.report.getReport().header : {};
  const libc =
    process.platform !== 'linux'
      ? ''
      : header.glibcVersionRuntime
        ? ` glibc ${header.glibcVersionRuntime}`
        : ' musl';
  return `${process.platform}-${os.arch()}${libc}, Node ${process.version}`;
}

function main(argv) {
  let why = 'asked for';
  if (argv.includes('--if-needed')) {
    const problem = loadProblem();
    if (problem === null) return 0;
    why = 'no prebuilt addon loads: ' + problem;
  }
  const cmakeJs = resolveFromPackage('cmake-js/bin/cmake-js');
  const addonApi = resolveFromPackage('node-addon-api');
  if (!cmakeJs || !addonApi) {
    say(
      [
        `cannot build the addon from source on ${platformName()} (${why}): ` +
          `${[!cmakeJs && 'cmake-js', !addonApi && 'node-addon-api'].filter(Boolean).join(' and ')} not installed.`,
        'To build it, install:',
        '  - a C++17 compiler, CMake >= 3.18 and HDF5 >= 1.10 with its development files',
        '      Debian/Ubuntu: sudo apt-get install cmake g++ libhdf5-dev',
        '      Fedora:        sudo dnf install cmake gcc-c++ hdf5-devel',
        '      macOS:         brew install cmake hdf5',
        '  - the build tools beside h5tables: npm install cmake-js node-addon-api',
        'then run: npx h5tables-build',
      ].join('\n'),
    );
    return 1;
  }
  say(`building the addon from source with cmake-js against the system HDF5 (${why})`);
  const r = spawnSync(process.execPath, [cmakeJs, 'rebuild', '--directory', ROOT], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.error) say(r.error.message);
  if (r.status !== 0) return r.status === null ? 1 : r.status;
  const problem = loadProblem();
  if (problem !== null) {
    say('built, but the addon does not load: ' + problem);
    return 1;
  }
  say('built ' + path.join(ROOT, 'build', 'Release', 'h5tables.node'));
  return 0;
}

process.exit(main(process.argv.slice(2)));
