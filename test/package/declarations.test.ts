// The published .d.ts files: self-contained for a strict consumer that checks library
// types (no skipLibCheck, `types: []` as TypeScript 6+ defaults to), and free of the
// members marked @internal (tsconfig's stripInternal).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, root } from '../helpers/dist';
import { makeTmpDir, removeDir } from '../helpers/tmp';

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function declarationFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

describe('published declarations', () => {
  let dist: string;
  let project: string;
  beforeAll(() => {
    dist = ensureDist();
    project = makeTmpDir('h5tables-dts-');
  });
  afterAll(() => removeDir(project));

  it('carry no @internal member', () => {
    const files = declarationFiles(dist);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(fs.readFileSync(f, 'utf8'), f).not.toContain('@internal');
  });

  it('reference Node and the disposable lib themselves', () => {
    const index = fs.readFileSync(path.join(dist, 'index.d.ts'), 'utf8');
    expect(index).toContain('/// <reference types="node"');
    expect(index).toContain('/// <reference lib="esnext.disposable"');
  });

  // Runs the compiler on a consumer that sees only dist/ and @types/node: an error in our
  // declarations (a missing Buffer, an unexported type) fails here, where skipLibCheck hides it.
  it('type-check in a strict consumer without skipLibCheck', () => {
    fs.mkdirSync(path.join(project, 'node_modules', '@types'), { recursive: true });
    fs.symlinkSync(
      path.join(root, 'node_modules', '@types', 'node'),
      path.join(project, 'node_modules', '@types', 'node'),
    );
    fs.symlinkSync(dist, path.join(project, 'node_modules', 'h5tables'));
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
          target: 'ES2022',
          module: 'commonjs',
          noUncheckedIndexedAccess: true,
        },
        files: ['use.ts'],
      }),
    );
    fs.writeFileSync(
      path.join(project, 'use.ts'),
      "import { openFile } from 'h5tables';\n" +
        "const f = openFile('x.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });\n" +
        'const image: Buffer = f.getFileImage();\n' +
        'void image;\n' +
        'f.close();\n',
    );
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout);
    }
    expect(output).toBe('');
  });
});
