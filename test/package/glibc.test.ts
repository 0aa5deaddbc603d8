// The committed Linux prebuild loads where the README says (issue 10, item 7): the symbol
// versions it needs, read from its ELF .gnu.version_r, are no newer than the glibc the
// README's Install section states, and it needs no libstdc++ or libgcc_s of its own
// (GLIBCXX_/CXXABI_/new GCC_ versions), since both are linked statically.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Needed {
  file: string;
  versions: string[];
}
interface Elf {
  neededVersions(buf: Buffer): Needed[];
  maxVersion(needed: Needed[], family: string): string | null;
  compareVersions(a: string, b: string): number;
  baselineProblems(needed: Needed[], baseline: string): string[];
}

interface SysrootCheck {
  checkLoadsInSysroot(dir: string, sysroot: string, log: (s: string) => void): void;
}

const ROOT = path.resolve(__dirname, '..', '..');
const elf = createRequire(__filename)(path.join(ROOT, 'scripts', 'prebuildify-elf.js')) as Elf;
const PREBUILD = path.join(ROOT, 'prebuilds', 'linux-x64', 'h5tables.glibc.node');

// A sysroot made by scripts/sysroot.sh (prebuildify makes one) in the cache, if any: its
// glibc, libstdc++ and zlib can run Node, through its own dynamic loader.
const CACHE =
  process.env.H5TABLES_CACHE ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'h5tables');
const sysroot = fs.existsSync(CACHE)
  ? fs
      .readdirSync(CACHE)
      .filter((d) => d.startsWith('sysroot-'))
      .map((d) => path.join(CACHE, d))
      .find((d) =>
        /^loader /m.test(
          fs.existsSync(path.join(d, '.h5tables-sysroot'))
            ? fs.readFileSync(path.join(d, '.h5tables-sysroot'), 'utf8')
            : '',
        ),
      )
  : undefined;

// "needs glibc 2.28 or newer" in the README's Install section.
function readmeBaseline(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('### Building from source'));
  const m = /glibc (\d+\.\d+) or newer/.exec(install);
  if (!m) throw new Error("the README's Install section states no 'glibc X.Y or newer'");
  return m[1];
}

function readelfVersions(file: string): Needed[] | null {
  const r = spawnSync('readelf', ['-V', '-W', file], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const section = r.stdout.slice(r.stdout.indexOf('.gnu.version_r'));
  const out: Needed[] = [];
  for (const line of section.split('\n')) {
    const f = /File: (\S+)/.exec(line);
    const n = /Name: (\S+)/.exec(line);
    if (f) out.push({ file: f[1], versions: [] });
    else if (n && out.length) out[out.length - 1].versions.push(n[1]);
  }
  return out;
}

describe('the ELF version reader (scripts/prebuildify-elf.js)', () => {
  it('compares versions by number, part by part', () => {
    expect(elf.compareVersions('2.28', '2.3.2')).toBeGreaterThan(0);
    expect(elf.compareVersions('2.2.5', '2.3')).toBeLessThan(0);
    expect(elf.compareVersions('2.34', '2.34')).toBe(0);
  });

  it('names what breaks a baseline, and nothing when it holds', () => {
    const needed: Needed[] = [
      { file: 'libc.so.6', versions: ['GLIBC_2.2.5', 'GLIBC_2.34', 'GLIBC_2.28'] },
      { file: 'libm.so.6', versions: ['GLIBC_2.29'] },
      { file: 'libstdc++.so.6', versions: ['GLIBCXX_3.4.30', 'CXXABI_1.3.9'] },
      { file: 'libgcc_s.so.1', versions: ['GCC_3.0', 'GCC_12.0.0'] },
    ];
    expect(elf.maxVersion(needed, 'GLIBC')).toBe('2.34');
    expect(elf.maxVersion(needed, 'GLIBCXX')).toBe('3.4.30');
    expect(elf.baselineProblems(needed, '2.28')).toEqual([
      'needs GLIBC_2.34 (libc.so.6), GLIBC_2.29 (libm.so.6), newer than glibc 2.28',
      'needs GLIBCXX_3.4.30: libstdc++ is not linked statically',
      'needs CXXABI_1.3.9: libstdc++ is not linked statically',
      'needs GCC_12.0.0: libgcc is not linked statically',
    ]);
    expect(
      elf.baselineProblems(
        [
          { file: 'libc.so.6', versions: ['GLIBC_2.28', 'GLIBC_2.2.5'] },
          { file: 'libgcc_s.so.1', versions: ['GCC_3.0'] },
        ],
        '2.28',
      ),
    ).toEqual([]);
  });

  it('refuses a file that is not ELF', () => {
    expect(() => elf.neededVersions(Buffer.from('#!/bin/sh\necho hi\n'.padEnd(64, ' ')))).toThrow(
      /not an ELF file/,
    );
  });

  it.skipIf(process.platform !== 'linux')('reads what readelf reads, from Node itself', () => {
    const ours = elf.neededVersions(fs.readFileSync(process.execPath));
    expect(ours.some((e) => e.file === 'libc.so.6' && e.versions.includes('GLIBC_2.2.5'))).toBe(true);
    const theirs = readelfVersions(process.execPath);
    if (theirs) expect(ours).toEqual(theirs);
  });
});

describe.skipIf(!fs.existsSync(PREBUILD))('the committed linux-x64 prebuild', () => {
  const needed = fs.existsSync(PREBUILD) ? elf.neededVersions(fs.readFileSync(PREBUILD)) : [];

  it('needs no glibc newer than the README states', () => {
    const baseline = readmeBaseline();
    const glibc = elf.maxVersion(needed, 'GLIBC');
    expect(glibc).not.toBeNull();
    expect(
      elf.compareVersions(glibc as string, baseline),
      `needs GLIBC_${glibc}, README says ${baseline}`,
    ).toBeLessThanOrEqual(0);
  });

  it('needs no GLIBCXX, CXXABI or new GCC version (libstdc++ and libgcc are inside)', () => {
    expect(elf.maxVersion(needed, 'GLIBCXX')).toBeNull();
    expect(elf.maxVersion(needed, 'CXXABI')).toBeNull();
    expect(needed.map((e) => e.file)).not.toContain('libstdc++.so.6');
    expect(elf.baselineProblems(needed, readmeBaseline())).toEqual([]);
  });

  it.skipIf(!sysroot || process.arch !== 'x64')(
    'loads in Node running on the older glibc of a sysroot (scripts/sysroot.sh)',
    () => {
      const check = createRequire(__filename)(
        path.join(ROOT, 'scripts', 'prebuildify-sysroot.js'),
      ) as SysrootCheck;
      const lines: string[] = [];
      check.checkLoadsInSysroot(path.dirname(PREBUILD), sysroot as string, (l) => lines.push(l));
      const pinned = fs.readFileSync(path.join(ROOT, 'scripts', 'hdf5-version'), 'utf8').trim();
      expect(lines).toEqual([
        expect.stringMatching(
          new RegExp(
            `h5tables\\.glibc\\.node loads in Node on glibc 2\\.\\d+ \\(the sysroot's libc, libstdc\\+\\+ and zlib\\): HDF5 ${pinned.replace(/\./g, '\\.')}$`,
          ),
        ),
      ]);
    },
  );
});
