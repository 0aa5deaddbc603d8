// The README's TypeScript examples run as written (each in a fresh folder), so the
// documentation cannot drift from the code.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

describe('README examples', () => {
  it('has examples to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(blocks.map((code, i) => [i, code] as const))('example %i runs', (_i, code) => {
    // Inside the package folder, so `import ... from 'h5tables'` resolves to this package (dist/).
    const scratch = fs.mkdtempSync(path.join(root, '.readme-'));
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-readme-'));
    try {
      // .mts: an ES module, so examples may use top-level await.
      const file = path.join(scratch, 'example.mts');
      fs.writeFileSync(file, code);
      execFileSync(tsx, [file], { cwd, stdio: 'pipe' });
      if (code.includes("'new_sample.h5'")) {
        // The tutorial leaves nothing on disk but what its backing store wrote.
        expect(fs.readdirSync(cwd).sort()).toEqual(['new_sample.h5', 'sample.h5']);
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
