// Which of the real programs the interop tests check against are on this machine:
// Debian's PyTables and h5py (run as /usr/bin/python3) and h5dump. On a machine with only
// Node, the tests that need them skip (test/helpers/global-setup.ts prints one line saying
// what to install); with H5TABLES_REQUIRE_INTEROP=1 (set by .ci/run) a missing program
// fails the run instead, so CI always runs them.
import { spawnSync } from 'node:child_process';

export type InteropTool = 'pytables' | 'h5py' | 'h5dump';

export const INTEROP_TOOLS: readonly InteropTool[] = ['pytables', 'h5py', 'h5dump'];

/** The Debian package that provides each tool. */
export const INTEROP_PACKAGES: Record<InteropTool, string> = {
  pytables: 'python3-tables',
  h5py: 'python3-h5py',
  h5dump: 'hdf5-tools',
};

const PYTHON = process.env.H5TABLES_TEST_PYTHON ?? '/usr/bin/python3';
const H5DUMP = process.env.H5TABLES_TEST_H5DUMP ?? 'h5dump';

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

/** Probes the machine (about a second: it imports PyTables). */
export function probeMissingTools(): InteropTool[] {
  const found: Record<InteropTool, boolean> = {
    pytables: works(PYTHON, ['-c', 'import tables']),
    h5py: works(PYTHON, ['-c', 'import h5py']),
    h5dump: works(H5DUMP, ['--version']),
  };
  return INTEROP_TOOLS.filter((t) => !found[t]);
}

/** The global setup probes once and passes the answer to every test process. */
export const MISSING_ENV = 'H5TABLES_INTEROP_MISSING';

let missing: InteropTool[] | undefined;

function missingTools(): InteropTool[] {
  if (missing === undefined) {
    const passed = process.env[MISSING_ENV];
    missing =
      passed === undefined
        ? probeMissingTools()
        : (passed.split(',').filter((t) => (INTEROP_TOOLS as string[]).includes(t)) as InteropTool[]);
  }
  return missing;
}

/**
 * True when a test needing these tools must skip: one of them is missing and the run
 * does not require them. Use as `describe.skipIf(lacks('pytables', 'h5dump'))(...)`.
 */
export function lacks(...tools: InteropTool[]): boolean {
  if (process.env.H5TABLES_REQUIRE_INTEROP === '1') return false;
  return tools.some((t) => missingTools().includes(t));
}
