#!/usr/bin/env node
'use strict';
// prebuildify's --node-gyp shim: prebuildify 6 only knows node-gyp and runs
//   <node-gyp> rebuild --target=<version> --devdir=<dir> --arch=<arch> --release|--debug
//             [--runtime=electron --dist-url=...]
// then takes the first *.node in build/Release (or build/Debug). This translates that into
// `cmake-js rebuild`, linking the static HDF5 of scripts/build-hdf5.sh
// (cmake/BundledHDF5.cmake). cmake-js's own --target names a CMake target, so nothing is
// passed through untranslated.
//
// The HDF5 prefix: $H5TABLES_HDF5_PREFIX, else `bash scripts/build-hdf5.sh` is run here.
// $H5TABLES_SYSROOT (a sysroot from scripts/sysroot.sh): build against it
// (cmake/linux-sysroot.toolchain.cmake), as HDF5 was.
// On Windows prebuildify runs the shim through cmd.exe: use scripts/prebuildify-cmake.cmd.

const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const o = { command: null, target: null, arch: null, runtime: 'node', debug: false, unknown: [] };
  for (const a of argv) {
    let m;
    if (!a.startsWith('-') && !o.command) o.command = a;
    else if ((m = /^--target=(.+)$/.exec(a))) o.target = m[1];
    else if ((m = /^--arch=(.+)$/.exec(a))) o.arch = m[1];
    else if ((m = /^--runtime=(.+)$/.exec(a))) o.runtime = m[1];
    else if (a === '--debug') o.debug = true;
    else if (a === '--release') o.debug = false;
    else if (/^--(devdir|dist-url|build_v8_with_gn)=/.test(a)) {
      /* node-gyp only */
    } else o.unknown.push(a);
  }
  return o;
}

function bundledPrefix() {
  if (process.env.H5TABLES_HDF5_PREFIX) return process.env.H5TABLES_HDF5_PREFIX;
  const bash = process.env.H5TABLES_BASH || 'bash';
  console.error('[prebuildify-cmake] H5TABLES_HDF5_PREFIX is not set: running scripts/build-hdf5.sh');
  const r = spawnSync(bash, [path.join(ROOT, 'scripts', 'build-hdf5.sh')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0) {
    console.error(
      '[prebuildify-cmake] scripts/build-hdf5.sh failed' + (r.error ? ': ' + r.error.message : ''),
    );
    process.exit(1);
  }
  return r.stdout.trim().split(/\r?\n/).pop();
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.command !== 'rebuild') {
    console.error(
      `[prebuildify-cmake] expected 'rebuild ...' from prebuildify, got: ${process.argv.slice(2).join(' ')}`,
    );
    process.exit(2);
  }
  if (o.unknown.length) console.error('[prebuildify-cmake] ignoring: ' + o.unknown.join(' '));

  const prefix = bundledPrefix();
  const args = [
    require.resolve('cmake-js/bin/cmake-js'),
    'rebuild',
    '--directory',
    ROOT,
    '--CDH5TABLES_HDF5_PREFIX=' + prefix,
  ];
  // An older-glibc sysroot (scripts/sysroot.sh, chosen by scripts/prebuildify.js): the
  // same toolchain file HDF5 was built with.
  if (process.env.H5TABLES_SYSROOT) {
    args.push(
      '--CDCMAKE_TOOLCHAIN_FILE=' + path.join(ROOT, 'cmake', 'linux-sysroot.toolchain.cmake'),
      '--CDH5TABLES_SYSROOT=' + process.env.H5TABLES_SYSROOT,
    );
  }
  if (o.arch) args.push('--arch', o.arch);
  if (o.debug) args.push('--debug');
  // Node-API builds use node-api-headers (package.json "binary.napi_versions"): the Node
  // version does not matter and no headers are downloaded. Electron would need its headers.
  if (o.runtime !== 'node') args.push('--runtime', o.runtime, '--runtime-version', o.target);
  if (process.env.H5TABLES_JOBS) args.push('--parallel', process.env.H5TABLES_JOBS);

  console.error('[prebuildify-cmake] cmake-js ' + args.slice(1).join(' '));
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.error) {
    console.error(r.error.message);
    process.exit(1);
  }
  process.exit(r.status === null ? 1 : r.status);
}

if (require.main === module) main();
module.exports = { parseArgs };
