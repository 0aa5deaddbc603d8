// The codecs inside the prebuild travel with their licenses, beside HDF5's, and the
// package ships them; each notice names the version scripts/build-codecs.sh pins.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

// Codec -> [Debian source package in scripts/build-codecs.sh, words its license must hold].
const CODECS: Record<string, [string, string]> = {
  'c-blosc': ['c-blosc', 'Francesc Alted'],
  lz4: ['lz4', 'Yann Collet'],
  zstd: ['libzstd', 'Meta Platforms'],
  snappy: ['snappy', 'Google Inc.'],
  bzip2: ['bzip2', 'Julian R Seward'],
  liblzf: ['liblzf', 'Marc Alexander Lehmann'],
};

function pinnedVersions(): Map<string, string> {
  const script = fs.readFileSync(path.join(ROOT, 'scripts', 'build-codecs.sh'), 'utf8');
  const block = /CODECS=\(([^)]*)\)/.exec(script);
  expect(block).not.toBeNull();
  const out = new Map<string, string>();
  for (const m of (block as RegExpExecArray)[1].matchAll(/"(\S+) (\S+)"/g))
    out.set(m[1], m[2].replace(/\+(ds|dfsg)\d*$/, ''));
  return out;
}

describe('codec licenses', () => {
  it('prebuilds/LICENSE-<codec>.txt for every codec, naming the pinned version', () => {
    const pinned = pinnedVersions();
    expect([...pinned.keys()].sort()).toEqual(
      Object.values(CODECS)
        .map(([pkg]) => pkg)
        .sort(),
    );
    for (const [codec, [pkg, holder]] of Object.entries(CODECS)) {
      const text = fs.readFileSync(path.join(ROOT, 'prebuilds', `LICENSE-${codec}.txt`), 'utf8');
      expect(text, codec).toContain(`contain ${codec} ${pinned.get(pkg)}`);
      expect(text, codec).toContain(holder);
      expect(text, codec).toMatch(/Redistribution and use in source and binary forms/);
    }
  });

  it('the package ships them', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = JSON.parse(
      execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = packed[0].files.map((f) => f.path);
    for (const codec of Object.keys(CODECS)) expect(files).toContain(`prebuilds/LICENSE-${codec}.txt`);
    expect(files).toContain('prebuilds/LICENSE-HDF5.txt');
  });
});
