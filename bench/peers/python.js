'use strict';
// PyTables and h5py, run by /usr/bin/python3 (Debian's python3-tables, python3-h5py) when it
// can import them. The scripts in bench/python/ time themselves with time.perf_counter and
// print one JSON line in the shape the JavaScript peers return.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PYTHON = process.env.BENCH_PYTHON || '/usr/bin/python3';
const SCRIPTS = {
  pytables: path.join(__dirname, '..', 'python', 'pytables_bench.py'),
  h5py: path.join(__dirname, '..', 'python', 'h5py_bench.py'),
};

/** Runs one Python peer ('pytables' or 'h5py') with the shared config; resolves to its JSON. */
async function run(peer, config) {
  if (!fs.existsSync(PYTHON)) return { peer, available: false, error: `${PYTHON} not found` };
  const r = spawnSync(PYTHON, [SCRIPTS[peer], JSON.stringify(config)], {
    cwd: path.dirname(SCRIPTS[peer]),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    // numpy here only allocates and copies: no BLAS call is timed, so OPENBLAS_* are left as set.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const line = (r.stdout || '').trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { peer, available: false, error: `python exited ${r.status}: ${(r.stderr || '').slice(-2000)}` };
  }
}

module.exports = { run, PYTHON };
