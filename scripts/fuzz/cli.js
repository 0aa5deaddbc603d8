#!/usr/bin/env node
'use strict';
// npm run fuzz [-- options]: mutated HDF5 files through every way of opening, each case in
// a child process; crashes, hangs and runaway memory are kept as reproducers.
//
//   --seconds S        stop after S seconds (default 60 when --cases is not given)
//   --cases N          stop after N cases
//   --seed N           the run's seed (default: from the clock, printed); case N of seed S
//                      is always the same bytes and the same way: see --case
//   --case S:N         run just that case (repeatable), e.g. one from TRIAGE.txt
//   --jobs J           child processes at a time (default: the number of CPUs, at most 4)
//   --out DIR          findings/ and TRIAGE.txt go there (default ./fuzz-out)
//   --ways a,b         only these ways of opening (default all; --list-ways prints them)
//   --seeds-dir DIR    more seed files: every *.h5 there (repeatable)
//   --seeds DIR        only the *.h5 files there, none generated (to replay a test's case)
//   --stall MS --cpu MS --timeout MS --rss MB    a case is a hang past MS of CPU time in
//                      one call, MS of CPU time in all, MS of wall time without progress;
//                      'memory' past MB of RSS (defaults 2000, 10000, 30000, 2048)
//   --no-confirm       do not re-run findings alone in a fresh child
// Exits 1 when anything was found, 0 otherwise.
const path = require('node:path');

const { loadSeeds, loadSeedDir } = require('./seeds');
const { makeCase, parseCaseId } = require('./cases');
const { Pool, isFinding } = require('./pool');
const { Findings } = require('./findings');
const { WAY_NAMES } = require('./ways');

const ROOT = path.join(__dirname, '..', '..');

function parseArgs(argv) {
  const o = { seedsDirs: [], only: [], confirm: true };
  const num = (v, name) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} needs a number, not ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--seconds':
        o.seconds = num(next(), a);
        break;
      case '--cases':
        o.cases = num(next(), a);
        break;
      case '--seed':
        o.seed = num(next(), a) >>> 0;
        break;
      case '--case':
        o.only.push(next());
        break;
      case '--jobs':
        o.jobs = Math.max(1, num(next(), a));
        break;
      case '--out':
        o.out = next();
        break;
      case '--ways':
        o.ways = next().split(',');
        break;
      case '--seeds-dir':
        o.seedsDirs.push(next());
        break;
      case '--seeds':
        o.onlySeeds = next();
        break;
      case '--cpu':
        o.cpuMs = num(next(), a);
        break;
      case '--stall':
        o.stallCpuMs = num(next(), a);
        break;
      case '--timeout':
        o.timeoutMs = num(next(), a);
        break;
      case '--rss':
        o.rssMb = num(next(), a);
        break;
      case '--no-confirm':
        o.confirm = false;
        break;
      case '--list-ways':
        o.listWays = true;
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new Error(`unknown option ${a} (see --help)`);
    }
  }
  for (const w of o.ways ?? [])
    if (!WAY_NAMES.includes(w)) throw new Error(`unknown way ${w}; ways: ${WAY_NAMES.join(', ')}`);
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    const src = require('node:fs').readFileSync(__filename, 'utf8');
    process.stdout.write(
      `${src
        .split('\n')
        .filter((l) => l.startsWith('//'))
        .map((l) => l.slice(3))
        .join('\n')}\n`,
    );
    return 0;
  }
  if (o.listWays) {
    process.stdout.write(`${WAY_NAMES.join('\n')}\n`);
    return 0;
  }
  const dist = path.join(ROOT, 'dist');
  const ways = o.ways ?? WAY_NAMES;
  const seeds = o.onlySeeds
    ? loadSeedDir(o.onlySeeds)
    : loadSeeds({ dist, extraDirs: o.seedsDirs, log: (l) => console.log(l) });
  if (!seeds.length) throw new Error('no seed files');
  const out = path.resolve(o.out ?? 'fuzz-out');
  const findings = new Findings(out);
  const pool = new Pool({
    jobs: o.jobs,
    dist,
    cpuMs: o.cpuMs,
    stallCpuMs: o.stallCpuMs,
    timeoutMs: o.timeoutMs,
    rssMb: o.rssMb,
    confirm: o.confirm,
  });
  const info = await pool.info();
  const runSeed = o.seed ?? (Date.now() % 1e9) >>> 0;
  const byCase = o.only.map(parseCaseId);
  const limitCases = byCase.length ? byCase.length : (o.cases ?? Infinity);
  const seconds = byCase.length ? Infinity : (o.seconds ?? (o.cases === undefined ? 60 : Infinity));
  console.log(
    `fuzz: HDF5 ${info.hdf5}, seed ${runSeed}, ${seeds.length} seed files, ${ways.length} ways, ` +
      `${pool.jobs} jobs, ${Number.isFinite(seconds) ? `${seconds} s` : `${limitCases} cases`}; findings in ${out}`,
  );

  const t0 = Date.now();
  const deadline = t0 + seconds * 1000;
  const counts = {};
  let started = 0;
  let done = 0;
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
  });
  const nextCase = () => {
    if (interrupted || started >= limitCases || Date.now() >= deadline) return null;
    const k = started++;
    if (byCase.length) return makeCase(byCase[k].runSeed, byCase[k].index, seeds, ways);
    return makeCase(runSeed, k, seeds, ways);
  };
  let lastPrint = Date.now();
  const worker = async () => {
    for (let c = nextCase(); c; c = nextCase()) {
      const r = await pool.run(c);
      done++;
      counts[r.kind] = (counts[r.kind] ?? 0) + 1;
      if (isFinding(r)) console.log(`FOUND ${findings.add(c, r)}`);
      if (byCase.length) console.log(JSON.stringify({ ...r, bytes: undefined }));
      if (Date.now() - lastPrint > 10000) {
        lastPrint = Date.now();
        console.log(
          `  ${done} cases, ${((done * 1000) / (Date.now() - t0)).toFixed(1)}/s, ${findings.list.length} findings`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: pool.jobs }, worker));
  await pool.close();

  const secs = (Date.now() - t0) / 1000;
  const sites = [...findings.sites.entries()].sort((a, b) => b[1] - a[1]);
  const n = (k) => counts[k] ?? 0;
  console.log(`\nfuzz summary (seed ${runSeed}, HDF5 ${info.hdf5})`);
  console.log(
    `  cases run      ${done} in ${secs.toFixed(1)} s (${(done / secs).toFixed(1)} cases/s, ${pool.jobs} jobs)`,
  );
  console.log(`  outcomes       read ${n('read')}, clean error ${n('error')}`);
  console.log(`  crashes        ${n('crash')}`);
  console.log(
    `  hangs          ${n('hang')}   memory ${n('memory')}   bad errors ${n('bad')}   stray files ${n('stray')}`,
  );
  console.log(`  unique call sites ${sites.length}${sites.map(([s, k]) => `\n    ${k}x ${s}`).join('')}`);
  if (findings.list.length)
    console.log(`  reproducers in ${findings.dir}, one line each in ${findings.triage}`);
  return findings.list.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`fuzz: ${err.message}`);
    process.exitCode = 2;
  },
);
