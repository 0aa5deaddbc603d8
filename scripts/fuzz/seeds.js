'use strict';
// The fuzzer's seed files, made once into a cache folder and re-used while their
// generators (seeds.py, seeds-h5tables.js) are unchanged: h5py's and PyTables' files
// (run with /usr/bin/python3, where Debian's python3-h5py and python3-tables live) and
// h5tables' own files.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const GENERATORS = ['seeds.py', 'seeds-h5tables.js'];
const PYTHON = process.env.H5TABLES_FUZZ_PYTHON || '/usr/bin/python3';

function defaultCacheDir() {
  return path.join(ROOT, 'node_modules', '.cache', 'h5tables-fuzz');
}

/**
 * Returns [{ name, bytes }] sorted by name: the generated seeds, plus every *.h5 file of
 * `extraDirs`. `log` receives one line per thing it had to do.
 */
function loadSeeds({ dist, cacheDir = defaultCacheDir(), extraDirs = [], log = () => {} }) {
  const hash = crypto.createHash('sha256');
  for (const g of GENERATORS) hash.update(fs.readFileSync(path.join(__dirname, g)));
  const dir = path.join(cacheDir, `seeds-${hash.digest('hex').slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    log(`making seed files in ${dir}`);
    execFileSync(process.execPath, [path.join(__dirname, 'seeds-h5tables.js'), dist, dir], { stdio: 'pipe' });
    try {
      execFileSync(PYTHON, [path.join(__dirname, 'seeds.py'), dir], { stdio: 'pipe' });
    } catch (err) {
      // Without h5py and PyTables the fuzzer still runs, on fewer seeds; say so loudly.
      log(
        `WARNING: no h5py/PyTables seeds (${PYTHON} failed: ${String(err.stderr || err.message)
          .trim()
          .split('\n')
          .pop()}); ` + 'install python3-h5py and python3-tables',
      );
    }
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  return [dir, ...extraDirs].flatMap(loadSeedDir);
}

/** Every *.h5 file of a folder, by name. */
function loadSeedDir(d) {
  return fs
    .readdirSync(d)
    .filter((n) => n.endsWith('.h5'))
    .sort()
    .map((name) => ({ name, bytes: fs.readFileSync(path.join(d, name)) }));
}

module.exports = { loadSeeds, loadSeedDir, defaultCacheDir };
