// The README's TypeScript blocks type-check as they are written (issue 10 item 3), for a
// user who installs the packed tarball into a project made by `tsc --init` (strict,
// noUncheckedIndexedAccess, exactOptionalPropertyTypes, module nodenext, no skipLibCheck
// concessions beyond what --init writes) with @types/node beside it. Each block is an ES
// module of its own (`.mts`, so top-level await is allowed), as test/package/readme.test.ts
// runs them. A control block with a type error must fail the same check, so the check
// cannot pass by not looking.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { packAndInstall } from '../helpers/pack';

const ROOT = path.resolve(__dirname, '..', '..');
const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('README TypeScript blocks in a `tsc --init` project', () => {
  let work: string;
  let app: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-readme-types-'));
    ({ app } = packAndInstall(work));
    const init = spawnSync(process.execPath, [tsc, '--init'], { cwd: app, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`tsc --init failed:\n${init.stdout}${init.stderr}`);
    // @types/node as `npm install -D @types/node` would put it (no network here: the repo's copy).
    fs.mkdirSync(path.join(app, 'node_modules', '@types'), { recursive: true });
    fs.symlinkSync(
      path.join(ROOT, 'node_modules', '@types', 'node'),
      path.join(app, 'node_modules', '@types', 'node'),
    );
  }, 300_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Type-checks these sources as the project's only files; returns the compiler's output. */
  function typeCheck(sources: string[]): string {
    for (const f of fs.readdirSync(app)) if (f.endsWith('.mts')) fs.rmSync(path.join(app, f));
    sources.forEach((code, i) => fs.writeFileSync(path.join(app, `block${i}.mts`), code));
    const r = spawnSync(process.execPath, [tsc, '-p', app, '--noEmit'], { cwd: app, encoding: 'utf8' });
    return (r.stdout + r.stderr).trim();
  }

  it('the project is what `tsc --init` writes, with h5tables installed from the tarball', () => {
    const config = fs.readFileSync(path.join(app, 'tsconfig.json'), 'utf8');
    for (const setting of ['"strict": true', '"noUncheckedIndexedAccess": true', '"module": "nodenext"']) {
      expect(config).toContain(setting);
    }
    expect(fs.existsSync(path.join(app, 'node_modules', 'h5tables', 'dist', 'index.d.ts'))).toBe(true);
    expect(fs.lstatSync(path.join(app, 'node_modules', 'h5tables')).isSymbolicLink()).toBe(false);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it('every ```ts block type-checks', () => {
    expect(typeCheck(blocks)).toBe('');
  }, 120_000);

  it('a block with a type error fails the check (the check looks at the blocks)', () => {
    const control =
      "import { openFile } from 'h5tables';\n" +
      "const f = openFile('x.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });\n" +
      "const names: string[] = f.createArray('/', 'x', new Float64Array(2)).read().data;\n";
    const out = typeCheck([...blocks, control]);
    const own = out.split('\n').filter((l) => l.startsWith(`block${blocks.length}.mts`));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(
      /^block\d+\.mts\(3,7\): error TS\d+: Type 'Float64Array(<ArrayBufferLike>)?' is missing/,
    );
  }, 120_000);
});
