#!/usr/bin/env node
'use strict';
// `npm run prebuildify`: builds the prebuilt addon for this platform with HDF5 inside.
//   0. Linux glibc: an older-glibc sysroot (scripts/sysroot.sh) unless this machine's glibc
//      is already the baseline's (scripts/prebuildify-sysroot.js; H5TABLES_SYSROOT=off or
//      =<dir> to choose), used by steps 1 and 2;
//   1. scripts/build-hdf5.sh: static, PIC HDF5 in a cache outside the tree (skipped when
//      $H5TABLES_HDF5_PREFIX is set);
//   2. prebuildify --napi --strip --tag-libc --node-gyp <shim>: cmake-js rebuild against
//      that HDF5 (scripts/prebuildify-cmake.js), written to prebuilds/<platform>-<arch>/
//      as h5tables.glibc.node / h5tables.musl.node on Linux, h5tables.node elsewhere;
//   3. Linux glibc: the result's ELF symbol versions checked against glibc 2.28, and with a
//      sysroot, the result loaded by this Node running on the sysroot's glibc;
//   4. prebuilds/<platform>-<arch>/SOURCES.sha256 (scripts/prebuild-hash.js) and HDF5's
//      license notice, prebuilds/LICENSE-HDF5.txt.
// Extra arguments go to prebuildify (e.g. `npm run prebuildify -- --arch arm64`).
// On Windows, bash is Git Bash (set H5TABLES_BASH to its path if `bash` is another one).

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const hash = require('./prebuild-hash');
const glibc = require('./prebuildify-sysroot');

const ROOT = path.resolve(__dirname, '..');
const log = (s) => console.error('[prebuildify] ' + s);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return r;
}

function hdf5Prefix() {
  if (process.env.H5TABLES_HDF5_PREFIX) return process.env.H5TABLES_HDF5_PREFIX;
  const r = run(process.env.H5TABLES_BASH || 'bash', [path.join('scripts', 'build-hdf5.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  return r.stdout.trim().split(/\r?\n/).pop();
}

function hdf5Version(prefix) {
  const h = fs.readFileSync(path.join(prefix, 'include', 'H5public.h'), 'utf8');
  const v = (k) => (new RegExp('#define H5_VERS_' + k + '\\s+(\\d+)').exec(h) || [])[1];
  return `${v('MAJOR')}.${v('MINOR')}.${v('RELEASE')}`;
}

function main() {
  const extra = process.argv.slice(2);
  const t0 = Date.now();
  const sysroot = glibc.chooseSysroot(log);
  if (sysroot) process.env.H5TABLES_SYSROOT = sysroot;
  else delete process.env.H5TABLES_SYSROOT;
  const prefix = hdf5Prefix();
  glibc.checkPrefix(prefix, sysroot);
  const version = hdf5Version(prefix);
  log(`HDF5 ${version} from ${prefix} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  const shim =
    process.platform === 'win32'
      ? `"${path.join(ROOT, 'scripts', 'prebuildify-cmake.cmd')}"`
      : path.join(ROOT, 'scripts', 'prebuildify-cmake.js');
  const env = { ...process.env, H5TABLES_HDF5_PREFIX: prefix };
  // --tag-libc only on Linux: prebuildify would tag darwin and win32 builds 'glibc' too.
  const tags = process.platform === 'linux' ? ['--tag-libc'] : [];
  run(
    process.execPath,
    [require.resolve('prebuildify/bin.js'), '--napi', '--strip', ...tags, '--node-gyp', shim, ...extra],
    { env },
  );

  const ai = extra.findIndex((a) => a === '--arch' || a.startsWith('--arch='));
  const arch =
    ai < 0
      ? process.env.PREBUILD_ARCH || os.arch()
      : extra[ai].includes('=')
        ? extra[ai].split('=')[1]
        : extra[ai + 1];
  const platform = process.env.PREBUILD_PLATFORM || os.platform();
  const dir = path.join(ROOT, 'prebuilds', `${platform}-${arch}`);
  if (platform === 'linux') glibc.checkBaseline(dir, sysroot, log);
  if (platform === 'linux' && sysroot) glibc.checkLoadsInSysroot(dir, sysroot, log);
  const h = hash.write(dir, version);
  log(
    `wrote ${path.relative(ROOT, dir)}/${hash.FILE_NAME} (HDF5 ${version}, sources ${h.total.slice(0, 12)})`,
  );

  const lic = ['HDF5-COPYING', 'HDF5-COPYING_LBNL_HDF5']
    .map((f) => path.join(prefix, 'licenses', f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, 'utf8').trim());
  if (lic.length) {
    fs.writeFileSync(
      path.join(ROOT, 'prebuilds', 'LICENSE-HDF5.txt'),
      `The prebuilt binaries in this folder contain HDF5 ${version}, distributed under this license:\n\n` +
        lic.join('\n\n' + '-'.repeat(78) + '\n\n') +
        '\n',
    );
  }
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.node'))
      log(
        `${path.relative(ROOT, dir)}/${f}: ${(fs.statSync(path.join(dir, f)).size / 1048576).toFixed(2)} MiB`,
      );
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

try {
  main();
} catch (e) {
  console.error('[prebuildify] ' + e.message);
  process.exit(1);
}
