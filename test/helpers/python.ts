// Runs the real programs interop is tested against: Debian's PyTables and h5py (as
// /usr/bin/python3, which has python3-tables and python3-h5py) and h5dump (hdf5-tools).
//
// Scripts live in test/python/, take paths and arguments, and print one JSON line.
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';

export const PYTHON = process.env.H5TABLES_TEST_PYTHON ?? '/usr/bin/python3';
export const H5DUMP = process.env.H5TABLES_TEST_H5DUMP ?? 'h5dump';
export const PYTHON_DIR = path.resolve(__dirname, '..', 'python');

/** Runs test/python/<script> with args; returns its last stdout line parsed as JSON. */
export function runPython<T = unknown>(script: string, args: readonly string[] = [], cwd?: string): T {
  const r = spawnSync(PYTHON, [path.join(PYTHON_DIR, script), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(
      `${script} ${args.join(' ')} failed (status ${r.status}, signal ${r.signal}):\n${r.stderr}${r.stdout}`,
    );
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/**
 * runPython without blocking the event loop: for scripts that talk to a server running in
 * this process (the sync form would deadlock them). Killed after `timeoutMs`.
 */
export function runPythonAsync<T = unknown>(
  script: string,
  args: readonly string[] = [],
  timeoutMs = 120_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [path.join(PYTHON_DIR, script), ...args],
      {
        encoding: 'utf8',
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
        maxBuffer: 64 * 1024 * 1024,
        timeout: timeoutMs,
      },
      (err, stdout, stderr) => {
        if (err)
          return reject(new Error(`${script} ${args.join(' ')} failed: ${err.message}\n${stderr}${stdout}`));
        const lines = stdout.trim().split('\n');
        resolve(JSON.parse(lines[lines.length - 1]) as T);
      },
    );
  });
}

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs h5dump with args (never throws on a non-zero exit: the caller asserts on it). */
export function h5dump(args: readonly string[]): RunResult {
  const r = spawnSync(H5DUMP, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// ---- The JSON shapes the scripts print (see test/python/_enc.py) ----

/** An encoded scalar: 64-bit integers as decimal strings, non-finite floats as "nan"/"inf"/"-inf", bytes tagged. */
export type PyScalar = number | string | boolean | { bytes: string } | { repr: string } | PyScalar[];

export interface PyArray {
  dtype: string;
  shape: number[];
  data: PyScalar[];
}

export interface PyAttr {
  pytype: string;
  dtype?: string;
  shape?: number[];
  data?: PyScalar[];
  value?: PyScalar;
}

export interface PyNode {
  path: string;
  class: string;
  classid: string | null;
  title: string;
  sysattrs: Record<string, PyAttr>;
  attrs: Record<string, PyAttr>;
  atom?: string;
  dtype?: string;
  shape?: number[];
  nrows?: number;
  value?: PyArray;
}

export interface PyDump {
  title: string;
  nodes: PyNode[];
}

/** Strings out of encoded bytes/str values (bytes decoded as UTF-8 by the script). */
export function pyText(v: PyScalar): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && 'bytes' in v) return v.bytes;
  throw new Error(`not a string: ${JSON.stringify(v)}`);
}
