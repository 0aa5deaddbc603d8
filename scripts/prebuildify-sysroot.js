'use strict';
// The glibc baseline of Linux prebuilds, for scripts/prebuildify.js: which sysroot to build
// against, whether a given HDF5 prefix was built the same way, and whether the result
// loads on that baseline.
//
// H5TABLES_SYSROOT
//   unset  on Linux glibc newer than the baseline, make (or reuse) the Debian bullseye
//          sysroot of scripts/sysroot.sh and build HDF5 and the addon against it; on an old
//          enough system (the glibc 2.28 release container), musl or another OS: none
//   <dir>  that sysroot
//   off    none: build against this machine's glibc (the prebuild then needs it)

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const elf = require('./prebuildify-elf');

const ROOT = path.resolve(__dirname, '..');
// The oldest glibc the Linux prebuilds load on; the README's Install section states it and
// test/package/glibc.test.ts holds the committed prebuild to it.
const GLIBC_BASELINE = '2.28';

function hostGlibc() {
  if (process.platform !== 'linux') return null;
  return process.report.getReport().header.glibcVersionRuntime || null;
}

// The sysroot to use (a path), or null for none.
function chooseSysroot(log) {
  const v = process.env.H5TABLES_SYSROOT;
  if (v === 'off') return null;
  if (v) return path.resolve(v);
  const glibc = hostGlibc();
  if (!glibc) return null;
  if (elf.compareVersions(glibc, GLIBC_BASELINE) <= 0) {
    log(`glibc ${glibc} here: no sysroot needed for the ${GLIBC_BASELINE} baseline`);
    return null;
  }
  log(
    `glibc ${glibc} here, newer than the ${GLIBC_BASELINE} baseline: building against a sysroot (scripts/sysroot.sh; H5TABLES_SYSROOT=off to skip)`,
  );
  const r = spawnSync(process.env.H5TABLES_BASH || 'bash', [path.join(ROOT, 'scripts', 'sysroot.sh')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0)
    throw new Error('scripts/sysroot.sh failed' + (r.error ? ': ' + r.error.message : ''));
  return r.stdout.trim().split(/\r?\n/).pop();
}

// An HDF5 prefix given by H5TABLES_HDF5_PREFIX must have been built against the same
// sysroot (scripts/build-hdf5.sh records 'sysroot <hash> <suite>' or 'sysroot none').
function checkPrefix(prefix, sysroot) {
  const marker = path.join(prefix, '.h5tables-build');
  if (!fs.existsSync(marker)) return;
  const line = (/^sysroot .*$/m.exec(fs.readFileSync(marker, 'utf8')) || ['sysroot none'])[0];
  const built = line !== 'sysroot none';
  if (built !== Boolean(sysroot)) {
    throw new Error(
      `${prefix} was built ${built ? 'against a sysroot' : 'without a sysroot'}, ` +
        `but this build is ${sysroot ? 'against ' + sysroot : 'without one'}: unset H5TABLES_HDF5_PREFIX ` +
        'so scripts/build-hdf5.sh builds the matching HDF5, or set H5TABLES_SYSROOT to match',
    );
  }
}

// Checks every *.glibc.node in dir against the baseline. Throws when the build was meant
// to meet it (a sysroot, or an old enough host); only warns for H5TABLES_SYSROOT=off.
function checkBaseline(dir, sysroot, log) {
  const glibc = hostGlibc();
  const meant = Boolean(sysroot) || (glibc !== null && elf.compareVersions(glibc, GLIBC_BASELINE) <= 0);
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.glibc.node'))) {
    const needed = elf.neededVersions(fs.readFileSync(path.join(dir, f)));
    const problems = elf.baselineProblems(needed, GLIBC_BASELINE);
    const rel = path.relative(ROOT, path.join(dir, f));
    if (!problems.length) {
      log(
        `${rel}: needs GLIBC_${elf.maxVersion(needed, 'GLIBC')} at most, no libstdc++/libgcc_s versions: loads on glibc ${GLIBC_BASELINE}`,
      );
    } else if (meant) {
      throw new Error(`${rel} does not load on glibc ${GLIBC_BASELINE}: ${problems.join('; ')}`);
    } else {
      log(
        `warning: ${rel} does not load on glibc ${GLIBC_BASELINE} (built without a sysroot): ${problems.join('; ')}`,
      );
    }
  }
}

// Loads every *.glibc.node of dir in this Node run on the sysroot's own glibc, libstdc++
// and zlib (through the sysroot's dynamic loader): the prebuild must not need more than an
// older system gives it. Skipped (with a line) when this Node itself cannot run there.
function checkLoadsInSysroot(dir, sysroot, log) {
  const marker = fs.readFileSync(path.join(sysroot, '.h5tables-sysroot'), 'utf8');
  const field = (k) => (new RegExp('^' + k + ' (.+)$', 'm').exec(marker) || [])[1];
  const loader = field('loader');
  const multiarch = field('multiarch');
  if (!loader || !fs.existsSync(path.join(sysroot, loader))) {
    log('no dynamic loader in the sysroot (made before the load check existed?): load check skipped');
    return;
  }
  const libs = [`lib/${multiarch}`, `usr/lib/${multiarch}`].map((d) => path.join(sysroot, d)).join(':');
  const inSysroot = (code) =>
    spawnSync(
      path.join(sysroot, loader),
      ['--library-path', libs, process.execPath, '-e', code],
      // LD_BIND_NOW: every function the addon calls must resolve now, not at its first call.
      { encoding: 'utf8', env: { ...process.env, LD_PRELOAD: '', LD_BIND_NOW: '1' } },
    );
  const probe = inSysroot('process.stdout.write(process.report.getReport().header.glibcVersionRuntime)');
  if (probe.status !== 0) {
    log(`this Node does not run on the sysroot's glibc ${field('glibc')}: load check skipped`);
    return;
  }
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.glibc.node'))) {
    const file = path.join(dir, f);
    const r = inSysroot(
      `const b = require(${JSON.stringify(file)}); process.stdout.write(String(b.hdf5Version))`,
    );
    const rel = path.relative(ROOT, file);
    if (r.status !== 0) {
      throw new Error(
        `${rel} does not load on the sysroot's glibc ${probe.stdout}: ${(r.stderr.match(/Error: .*/) || [r.stderr.trim()])[0]}`,
      );
    }
    log(
      `${rel} loads in Node on glibc ${probe.stdout} (the sysroot's libc, libstdc++ and zlib): HDF5 ${r.stdout}`,
    );
  }
}

module.exports = { GLIBC_BASELINE, chooseSysroot, checkPrefix, checkBaseline, checkLoadsInSysroot };
