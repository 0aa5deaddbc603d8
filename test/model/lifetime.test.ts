// Issue 9, item 8 (lib side): a File dropped without close() is closed by GC and its path
// released from the registry of open files, so openFile(path, 'w') works again. Run in a
// child process with --expose-gc (test/helpers/gc-drop.js) over lib/ through tsx.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { useScratch } from './model-helpers';

const scratch = useScratch();
const root = path.resolve(__dirname, '..', '..');

interface Attempt {
  ok: boolean;
  value?: unknown;
  error?: string;
}

describe('a File dropped without close()', () => {
  it('is closed by GC and releases its path; one kept alive by a node is not', () => {
    const dir = path.dirname(scratch.path('x'));
    const r = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--require',
        'tsx/cjs',
        path.join(root, 'test', 'helpers', 'gc-drop.js'),
        path.join(root, 'lib', 'index.ts'),
        dir,
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, Attempt | boolean>;
    expect(out.readAfterDrop).toEqual({ ok: true, value: [1, 2, 3] });
    expect(out.writeAfterDrop).toEqual({ ok: true });
    const refused = (p: string): Attempt => ({
      ok: false,
      error: `The file '${path.join(dir, p)}' is already opened.  Please close it before reopening in write mode.`,
    });
    expect(out.whileNodeHeld).toEqual(refused('b.h5'));
    expect(out.nodeStillOpen).toBe(true);
    expect(out.afterNodeDropped).toEqual({ ok: true });
    expect(out.coreAfterDrop).toEqual({ ok: true, value: 'dropped' });
    expect(out.readOnlyOpened).toEqual({ ok: true });
    expect(out.readOnlyAfterDrop).toEqual({ ok: true });
    expect(out.liveRefusesW).toEqual(refused('d.h5'));
  });
});
