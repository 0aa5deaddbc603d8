// Helpers for the model tests: a fresh temp dir per test, files closed after each test,
// and the real PyTables (run as /usr/bin/python3) for printed forms.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface Scratch {
  /** A path inside this test's fresh directory. */
  path(name: string): string;
  /** Closes `f` after the test even when the test fails. */
  track<T extends { close(): void }>(f: T): T;
  /** File names in the directory. */
  list(): string[];
}

export function useScratch(): Scratch {
  let dir = '';
  let open: Array<{ close(): void }> = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-model-'));
  });
  afterEach(() => {
    for (const f of open) {
      try {
        f.close();
      } catch {
        // already broken: nothing to release
      }
    }
    open = [];
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    path: (name) => path.join(dir, name),
    track: (f) => {
      open.push(f);
      return f;
    },
    list: () => fs.readdirSync(dir).sort(),
  };
}

export const PYTHON = process.env.H5TABLES_TEST_PYTHON ?? '/usr/bin/python3';

/** Runs a Python snippet (cwd: `cwd`) and returns what it printed to stdout. */
export function python(code: string, cwd?: string): string {
  const r = spawnSync(PYTHON, ['-c', code], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PYTHONWARNINGS: 'ignore' },
  });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return r.stdout;
}

/** Runs Python code that prints one JSON value, and parses it. */
export function pythonJson<T>(code: string, cwd?: string): T {
  const out = python(code, cwd).trim().split('\n');
  return JSON.parse(out[out.length - 1]) as T;
}
