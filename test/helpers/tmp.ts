// A fresh temporary directory per test, and files closed even when a test fails.
//
//   const tmp = useTmpDir();               // at describe/file level
//   it('...', () => {
//     const p = tmp.path('a.h5');          // <fresh dir>/a.h5
//     const f = tmp.track(openFile(p, 'w'));  // closed in afterEach if still open
//   });
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface TmpDir {
  /** The current test's directory (created in beforeEach). */
  readonly dir: string;
  /** A path inside the current test's directory. */
  path(...parts: string[]): string;
  /** Remembers something to close after the test (errors while closing are ignored). */
  track<T extends { close(): unknown }>(closable: T): T;
  /** File names in the directory, sorted. */
  list(): string[];
}

export function makeTmpDir(prefix = 'h5tables-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function useTmpDir(prefix?: string): TmpDir {
  let current: string | undefined;
  let open: Array<{ close(): unknown }> = [];
  beforeEach(() => {
    current = makeTmpDir(prefix);
  });
  afterEach(() => {
    for (const c of open.reverse()) {
      try {
        c.close();
      } catch {
        // already closed or broken: nothing more to do
      }
    }
    open = [];
    if (current) removeDir(current);
    current = undefined;
  });
  const tmp: TmpDir = {
    get dir() {
      if (!current) throw new Error('useTmpDir(): no test is running');
      return current;
    },
    path: (...parts) => path.join(tmp.dir, ...parts),
    track(closable) {
      open.push(closable);
      return closable;
    },
    list: () => fs.readdirSync(tmp.dir).sort(),
  };
  return tmp;
}

/** Bytes and modification time of a file, to prove it was left alone. */
export interface FileState {
  bytes: Buffer;
  mtimeMs: number;
  size: number;
}

export function fileState(p: string): FileState {
  const st = fs.statSync(p);
  return { bytes: fs.readFileSync(p), mtimeMs: st.mtimeMs, size: st.size };
}

/** Sets a file's mtime into the past, so an unwanted rewrite cannot hide in the same tick. */
export function ageFile(p: string, secondsAgo = 3600): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(p, t, t);
}
