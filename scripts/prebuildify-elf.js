#!/usr/bin/env node
'use strict';
// The symbol versions a Linux shared object needs at load time, read from its ELF
// .gnu.version_r section (SHT_GNU_verneed) in plain JS, so no binutils are needed:
//
//   node scripts/prebuildify-elf.js FILE.node                print them, one library a line
//   node scripts/prebuildify-elf.js --max-glibc 2.28 FILE... exit 1 if any file needs a
//                                                           newer GLIBC_ version, any
//                                                           GLIBCXX_/CXXABI_ version or
//                                                           a GCC_ one newer than 4.2.0
//
// scripts/prebuildify.js runs the check after a Linux glibc build; test/package/glibc.test.ts
// runs it on the committed prebuild against the baseline the README states.

const fs = require('fs');

const SHT_GNU_VERNEED = 0x6ffffffe;

// [{ file: 'libc.so.6', versions: ['GLIBC_2.2.5', ...] }, ...] in the file's order.
function neededVersions(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  const u16 = (o) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const word = (o) => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));

  const shoff = word(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push({
      type: u32(o + 4),
      offset: word(o + (is64 ? 0x18 : 0x10)),
      link: u32(o + (is64 ? 0x28 : 0x18)),
      info: u32(o + (is64 ? 0x2c : 0x1c)),
    });
  }
  const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
  if (!verneed) return [];
  const strtab = sections[verneed.link];
  const str = (off) => {
    const start = strtab.offset + off;
    return buf.toString('latin1', start, buf.indexOf(0, start));
  };

  const out = [];
  let at = verneed.offset;
  for (let n = 0; n < verneed.info; n++) {
    // Elf_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
    const cnt = u16(at + 2);
    const entry = { file: str(u32(at + 4)), versions: [] };
    let aux = at + u32(at + 8);
    for (let k = 0; k < cnt; k++) {
      // Elf_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
      entry.versions.push(str(u32(aux + 8)));
      aux += u32(aux + 12);
    }
    out.push(entry);
    const next = u32(at + 12);
    if (next === 0) break;
    at += next;
  }
  return out;
}

// "2.28" < "2.3.2" < "2.34", numerically by part.
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d) return d;
  }
  return 0;
}

// The highest version of a family ('GLIBC', 'GLIBCXX', 'CXXABI', 'GCC') a file needs, or null.
function maxVersion(needed, family) {
  const re = new RegExp('^' + family + '_(\\d+(?:\\.\\d+)*)$');
  let max = null;
  for (const e of needed) {
    for (const v of e.versions) {
      const m = re.exec(v);
      if (m && (max === null || compareVersions(m[1], max) > 0)) max = m[1];
    }
  }
  return max;
}

// Why a file does not load on glibc `baseline` with no libstdc++ of its own: [] if it does.
function baselineProblems(needed, baseline) {
  const problems = [];
  const glibc = maxVersion(needed, 'GLIBC');
  if (glibc && compareVersions(glibc, baseline) > 0) {
    const which = needed.flatMap((e) =>
      e.versions
        .filter((v) => {
          const m = /^GLIBC_([\d.]+)$/.exec(v);
          return m && compareVersions(m[1], baseline) > 0;
        })
        .map((v) => `${v} (${e.file})`),
    );
    problems.push(`needs ${which.join(', ')}, newer than glibc ${baseline}`);
  }
  for (const family of ['GLIBCXX', 'CXXABI']) {
    const v = maxVersion(needed, family);
    if (v) problems.push(`needs ${family}_${v}: libstdc++ is not linked statically`);
  }
  // libgcc_s.so.1 of an old distribution has GCC_4.2.0 and older; a newer one means the
  // build's own libgcc_s (GCC_12.0.0 for g++ 12): link libgcc statically.
  const gcc = maxVersion(needed, 'GCC');
  if (gcc && compareVersions(gcc, '4.2.0') > 0)
    problems.push(`needs GCC_${gcc}: libgcc is not linked statically`);
  return problems;
}

function main(argv) {
  let baseline = null;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max-glibc') baseline = argv[++i];
    else files.push(argv[i]);
  }
  if (!files.length || (baseline !== null && !/^\d+\.\d+$/.test(baseline || ''))) {
    console.error('usage: prebuildify-elf.js [--max-glibc 2.28] FILE...');
    return 2;
  }
  let status = 0;
  for (const f of files) {
    const needed = neededVersions(fs.readFileSync(f));
    if (baseline === null) {
      for (const e of needed) console.log(`${f}: ${e.file}: ${e.versions.join(' ')}`);
      continue;
    }
    const problems = baselineProblems(needed, baseline);
    if (problems.length) {
      status = 1;
      for (const p of problems) console.error(`${f}: ${p}`);
    } else {
      console.error(
        `${f}: loads on glibc ${baseline} (needs GLIBC_${maxVersion(needed, 'GLIBC')}, no GLIBCXX/CXXABI)`,
      );
    }
  }
  return status;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
module.exports = { neededVersions, maxVersion, compareVersions, baselineProblems };
