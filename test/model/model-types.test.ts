// The public types, checked by the TypeScript compiler: strict mode, the package's own
// settings, over lib/ and the model tests (which use natural naming throughout).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

it('lib/ and the model tests type-check under strict settings', () => {
  const files = fs
    .readdirSync(path.join(ROOT, 'test', 'model'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join('test', 'model', f));
  // Declarations for untyped dev dependencies the helpers import (s3rver).
  const declarations = fs
    .readdirSync(path.join(ROOT, 'test', 'helpers'))
    .filter((f) => f.endsWith('.d.ts'))
    .map((f) => path.join('test', 'helpers', f));
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [
    tsc,
    '--noEmit',
    '--strict',
    '--target',
    'ES2022',
    '--module',
    'commonjs',
    '--lib',
    'ES2022,ESNext.Disposable',
    '--types',
    'node',
    '--esModuleInterop',
    '--skipLibCheck',
    'lib/index.ts',
    ...declarations,
    ...files,
  ];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 300_000); // tsc over lib/ and the tests (with the AWS SDK's types) takes a minute or more on a loaded machine
