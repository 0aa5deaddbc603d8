// Typed reads (issue 10 item 3): what the types promise holds at run time (a created
// array reads the TypedArray its input had, as() checks the dtype it narrows to), and
// types-read.fixture.ts compiles in a consumer set up as `tsc --init` sets one up (strict,
// noUncheckedIndexedAccess, exactOptionalPropertyTypes, module nodenext) against the
// published declarations, so a type that drifts (or a wrong use that stops being an
// error) fails here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { Array as H5Array, openFile, type File } from '../../lib/index';
import { ensureDist, root } from '../helpers/dist';
import { makeTmpDir, removeDir } from '../helpers/tmp';
import { useScratch } from './model-helpers';

const scratch = useScratch();
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function memory(): File<'bigint'> {
  return scratch.track(openFile('typed.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }));
}

describe('typed reads at run time', () => {
  it('createArray gives a node whose reads have the TypedArray of its input', async () => {
    const f = memory();
    const cases: Array<[unknown, new (n: number) => unknown]> = [
      [f.createArray('/', 'f64', Float64Array.of(1, 2)).read().data, Float64Array],
      [f.createArray('/', 'f32', Float32Array.of(1)).read().data, Float32Array],
      [f.createArray('/', 'u8', Buffer.from('ab')).read().data, Uint8Array],
      [f.createArray('/', 'i64', BigInt64Array.of(1n)).read().data, BigInt64Array],
      [f.createArray('/', 'u64', BigUint64Array.of(1n)).read().data, BigUint64Array],
      [
        f
          .createArray('/', 'nums', [
            [1, 2],
            [3, 4],
          ])
          .read().data,
        Float64Array,
      ],
      [f.createArray('/', 'bools', [true]).read().data, Uint8Array],
      [
        (await f.createArrayAsync('/', 'i16', { data: Int16Array.of(1, 2), shape: [2] })).read().data,
        Int16Array,
      ],
    ];
    for (const [data, cls] of cases) expect(data).toBeInstanceOf(cls);
    const r = f.createArray('/', 'doubled', Float64Array.of(1.5, 2)).read();
    expect(Array.from(r.data, (x) => x * 2)).toEqual([3, 4]);
    expect(f.createArray('/', 'strings', ['ab', 'c']).read().data).toEqual(['ab', 'c']);
  });

  it('as() returns the same node when the dtype matches and throws a TypeError naming both when not', () => {
    const f = memory();
    f.createArray('/', 'x', Int32Array.of(1, 2));
    const node = f.getNode('/x');
    expect(node.as('int32')).toBe(f.root.x);
    expect(node.as('int32').read().data).toEqual(Int32Array.of(1, 2));
    expect(() => node.as('float64')).toThrow(new TypeError('node ``/x`` holds int32, not float64'));
    expect(() => f.getNode('/', 'x', 'Array').as('string')).toThrow(
      new TypeError('node ``/x`` holds int32, not string'),
    );
  });

  it('isDType() says whether the dtype matches', () => {
    const f = memory();
    const a: H5Array = f.createArray('/', 's', ['a']);
    expect(a.isDType('string')).toBe(true);
    expect(a.isDType('float64')).toBe(false);
    if (a.isDType('string')) expect(a.read().data.map((s) => s.toUpperCase())).toEqual(['A']);
  });
});

describe('types-read.fixture.ts in a tsc --init consumer', () => {
  const project = makeTmpDir('h5tables-typed-');
  afterAll(() => removeDir(project));

  const check = (source: string): string => {
    fs.writeFileSync(path.join(project, 'fixture.mts'), source);
    const r = spawnSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' });
    return r.stdout + r.stderr;
  };

  it('compiles against the published declarations, and an assertion that does not hold fails it', () => {
    const dist = ensureDist();
    const init = spawnSync(process.execPath, [tsc, '--init'], { cwd: project, encoding: 'utf8' });
    expect(init.status, init.stdout + init.stderr).toBe(0);
    const config = fs.readFileSync(path.join(project, 'tsconfig.json'), 'utf8');
    for (const setting of [
      '"strict": true',
      '"noUncheckedIndexedAccess": true',
      '"exactOptionalPropertyTypes": true',
      '"module": "nodenext"',
    ]) {
      expect(config).toContain(setting);
    }
    fs.mkdirSync(path.join(project, 'node_modules', '@types'), { recursive: true });
    fs.symlinkSync(
      path.join(root, 'node_modules', '@types', 'node'),
      path.join(project, 'node_modules', '@types', 'node'),
    );
    // The package as installed: its package.json (types and exports) and dist/.
    const pkg = path.join(project, 'node_modules', 'h5tables');
    fs.mkdirSync(pkg);
    fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
    fs.symlinkSync(dist, path.join(pkg, 'dist'));
    const fixture = fs
      .readFileSync(path.join(__dirname, 'types-read.fixture.ts'), 'utf8')
      .replace("from '../../lib/index'", "from 'h5tables'");
    expect(fixture).toContain("from 'h5tables'");
    expect(check(fixture)).toBe('');
    // The same fixture with one expectation wrong must not compile.
    const wrong = fixture.replace(
      'exact<BigInt64Array>()(big.read().data)',
      'exact<Float64Array>()(big.read().data)',
    );
    expect(wrong).not.toBe(fixture);
    expect(check(wrong)).toMatch(/fixture\.mts\(\d+,\d+\): error TS2554/);
  }, 120_000);
});
