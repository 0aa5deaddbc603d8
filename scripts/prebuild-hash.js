#!/usr/bin/env node
'use strict';
// The hash of the sources a prebuild was built from, so a stale committed prebuild is
// caught: binding/**, CMakeLists.txt, cmake/**, scripts/build-hdf5.sh (HDF5's build
// options), scripts/sysroot.sh (the older glibc it is built against), scripts/build-codecs.sh
// and fetch-codecs-source.sh (the codecs' versions and build), patches/hdf5/** (our fixes to
// HDF5's source) and the HDF5 version. Line endings are normalised, so a Windows checkout
// hashes the same.
//
//   node scripts/prebuild-hash.js                      print the hash of the sources
//   node scripts/prebuild-hash.js --write DIR [--hdf5 VERSION]
//                                                      write DIR/SOURCES.sha256
//   node scripts/prebuild-hash.js --check [DIR...]     exit 1 unless every prebuild folder
//                                                      (default: each prebuilds/*/ holding
//                                                      a .node) matches the sources
//
// SOURCES.sha256 holds 'hdf5 <version>', 'total <hash>', then one '<hash>  <path>' line
// per file, so --check can name what changed.

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const ROOT = path.resolve(__dirname, '..');
const FILE_NAME = 'SOURCES.sha256';

function pinnedHdf5Version() {
  return fs.readFileSync(path.join(ROOT, 'scripts', 'hdf5-version'), 'utf8').trim();
}

function walk(rel) {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  const out = [];
  for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
    const child = rel + '/' + ent.name;
    if (ent.isDirectory()) out.push(...walk(child));
    else if (ent.isFile()) out.push(child);
  }
  return out;
}

function sourceFiles() {
  // build-codecs.sh pins the codecs' versions; fetch-codecs-source.sh says where they come from.
  return [
    'binding',
    'CMakeLists.txt',
    'cmake',
    'scripts/build-hdf5.sh',
    'scripts/sysroot.sh',
    'scripts/build-codecs.sh',
    'scripts/fetch-codecs-source.sh',
    'patches/hdf5',
  ]
    .flatMap(walk)
    .filter((f) => !/(^|\/)(\.DS_Store|.*~|.*\.swp)$/.test(f))
    .sort();
}

function fileHash(rel) {
  const text = fs.readFileSync(path.join(ROOT, rel)).toString('latin1').replace(/\r\n/g, '\n');
  return crypto.createHash('sha256').update(text, 'latin1').digest('hex');
}

function compute(hdf5Version) {
  const files = sourceFiles().map((f) => ({ path: f, hash: fileHash(f) }));
  const total = crypto.createHash('sha256');
  total.update('hdf5 ' + hdf5Version + '\n');
  for (const f of files) total.update(f.hash + '  ' + f.path + '\n');
  return { hdf5: hdf5Version, total: total.digest('hex'), files };
}

function format(h) {
  return ['hdf5 ' + h.hdf5, 'total ' + h.total, ...h.files.map((f) => f.hash + '  ' + f.path), ''].join('\n');
}

function parse(text) {
  const h = { hdf5: '', total: '', files: [] };
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    let m;
    if ((m = /^hdf5 (\S+)$/.exec(line))) h.hdf5 = m[1];
    else if ((m = /^total ([0-9a-f]{64})$/.exec(line))) h.total = m[1];
    else if ((m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line))) h.files.push({ hash: m[1], path: m[2] });
  }
  return h;
}

// What differs between a recorded hash and the current one, in words.
function describe(recorded, now) {
  const out = [];
  if (recorded.hdf5 !== now.hdf5) out.push(`HDF5 version ${recorded.hdf5 || '?'} -> ${now.hdf5}`);
  const before = new Map(recorded.files.map((f) => [f.path, f.hash]));
  const after = new Map(now.files.map((f) => [f.path, f.hash]));
  for (const [p, h] of after) {
    if (!before.has(p)) out.push('added ' + p);
    else if (before.get(p) !== h) out.push('changed ' + p);
  }
  for (const p of before.keys()) if (!after.has(p)) out.push('removed ' + p);
  return out;
}

function prebuildDirs() {
  const base = path.join(ROOT, 'prebuilds');
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(base, e.name))
    .filter((d) => fs.readdirSync(d).some((f) => f.endsWith('.node')));
}

function check(dirs) {
  if (dirs.length === 0) dirs = prebuildDirs();
  if (dirs.length === 0) {
    console.error(
      'prebuild-hash: no prebuild found (prebuilds/<platform>-<arch>/*.node). ' +
        'Build one with `npm run prebuildify` and commit prebuilds/.',
    );
    return 1;
  }
  let failed = 0;
  for (const dir of dirs) {
    const rel = path.relative(ROOT, path.resolve(dir)) || dir;
    const file = path.join(dir, FILE_NAME);
    if (!fs.existsSync(file)) {
      console.error(`prebuild-hash: ${rel} has no ${FILE_NAME}; rebuild it with \`npm run prebuildify\`.`);
      failed++;
      continue;
    }
    const recorded = parse(fs.readFileSync(file, 'utf8'));
    const now = compute(pinnedHdf5Version());
    if (recorded.total === now.total) {
      console.log(
        `prebuild-hash: ${rel} is up to date (HDF5 ${now.hdf5}, sources ${now.total.slice(0, 12)})`,
      );
      continue;
    }
    failed++;
    const what = describe(recorded, now);
    console.error(
      `prebuild-hash: ${rel} is stale: it was built from other sources than these.\n` +
        (what.length ? what.map((w) => '  ' + w).join('\n') + '\n' : '') +
        '  Rebuild it with `npm run prebuildify` and commit prebuilds/ ' +
        '(binding/, CMakeLists.txt, cmake/, scripts/build-hdf5.sh, scripts/build-codecs.sh, patches/hdf5/ or scripts/hdf5-version changed).',
    );
  }
  return failed ? 1 : 0;
}

function write(dir, hdf5Version) {
  const h = compute(hdf5Version || pinnedHdf5Version());
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, FILE_NAME), format(h));
  return h;
}

module.exports = {
  compute,
  format,
  parse,
  write,
  check,
  describe,
  sourceFiles,
  pinnedHdf5Version,
  FILE_NAME,
};

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (args[0] === '--check') {
    process.exit(check(args.slice(1)));
  } else if (args[0] === '--write') {
    const dir = args[1];
    if (!dir) {
      console.error('usage: prebuild-hash.js --write DIR [--hdf5 VERSION]');
      process.exit(2);
    }
    const h = write(dir, opt('--hdf5'));
    console.log(
      `prebuild-hash: wrote ${path.join(dir, FILE_NAME)} (HDF5 ${h.hdf5}, sources ${h.total.slice(0, 12)})`,
    );
  } else if (args.length === 0) {
    console.log(compute(pinnedHdf5Version()).total);
  } else {
    console.error('usage: prebuild-hash.js [--check [DIR...] | --write DIR [--hdf5 VERSION]]');
    process.exit(2);
  }
}
