'use strict';
// npm run soak: does memory stay flat over many cycles of the common patterns?
//
// Each pattern runs in its own child process (node --expose-gc) for --cycles cycles
// (default 50,000): a warm-up (a tenth of the cycles, at least 1,000), then the RSS after a
// forced GC is sampled every --sample cycles. Reported per pattern: RSS growth per 10,000
// cycles after warm-up (a least-squares slope through the samples, so one late GC does not
// decide it), the same for the JS heap in use (lib/'s objects), the peak RSS seen without
// forcing GC, and failures (a dropped file whose path was not released shows here). Target (issue 9): growth < 1 MiB per 10,000 cycles.
//
//   node bench/soak.js [--cycles N] [--sample N] [--patterns a,b,...] [--json]

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MiB = 1024 * 1024;
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false };
const DATA = Float64Array.from({ length: 1000 }, (_, i) => i); // 8 KB per file

/** The patterns: each a function of (h5, state, i) doing one cycle (may return a promise). */
const PATTERNS = {
  'create+image+close': (h5) => {
    const f = h5.openFile('soak.h5', 'w', MEM);
    f.createArray('/', 'x', DATA);
    const image = f.getFileImage();
    f.close();
    return image.length;
  },
  'open image+read+close': (h5, state) => {
    const f = h5.openFile('soak.h5', 'r', { ...MEM, driverCoreImage: state.image });
    const n = f.root.x.read().data.length;
    f.close();
    return n;
  },
  takeFileImage: (h5) => {
    const f = h5.openFile('soak.h5', 'w', MEM);
    f.createArray('/', 'x', DATA);
    return f.takeFileImage().length;
  },
  'async create+image+close': async (h5) => {
    const f = await h5.openFileAsync('soak.h5', 'w', MEM);
    await f.createArrayAsync('/', 'x', DATA);
    const image = await f.getFileImageAsync();
    await f.closeAsync();
    return image.length;
  },
  'async open image+read+close': async (h5, state) => {
    const f = await h5.openFileAsync('soak.h5', 'r', { ...MEM, driverCoreImage: state.image });
    const n = (await f.root.x.readAsync()).data.length;
    await f.closeAsync();
    return n;
  },
  'async takeFileImage': async (h5) => {
    const f = await h5.openFileAsync('soak.h5', 'w', MEM);
    await f.createArrayAsync('/', 'x', DATA);
    return (await f.takeFileImageAsync()).length;
  },
  'dropped in-memory file': (h5, state) => {
    // Never closed: GC must close it and free what it holds.
    const f = h5.openFile('soak.h5', 'r', { ...MEM, driverCoreImage: state.image });
    return f.root.x.read(0).data.length;
  },
  'dropped disk file': (h5, state, i) => {
    // Never closed, under one of 2,000 paths reused in turn: each reuse needs the file
    // dropped 2,000 cycles earlier closed by GC and its path released.
    const f = h5.openFile(path.join(state.dir, `d${i % 2000}.h5`), 'w');
    f.createArray('/', 'x', DATA.subarray(0, 10));
    return 1;
  },
};

function parseArgs(argv) {
  const args = { cycles: 50_000, sample: 2_500, patterns: Object.keys(PATTERNS), json: false, run: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--cycles') args.cycles = Number(next());
    else if (a === '--sample') args.sample = Number(next());
    else if (a === '--patterns') args.patterns = next().split(',');
    else if (a === '--json') args.json = true;
    else if (a === '--run') args.run = next();
    else throw new Error(`unknown argument ${a}; accepted: --cycles N, --sample N, --patterns a,b, --json`);
  }
  if (!Number.isSafeInteger(args.cycles) || args.cycles < 100) throw new Error('--cycles must be an integer >= 100');
  if (!Number.isSafeInteger(args.sample) || args.sample < 10) throw new Error('--sample must be an integer >= 10');
  for (const p of args.patterns) {
    if (!Object.hasOwn(PATTERNS, p)) throw new Error(`unknown pattern '${p}'; accepted: ${Object.keys(PATTERNS).join(', ')}`);
  }
  return args;
}

function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** In the child: runs one pattern and prints one JSON line. */
async function runOne(name, cycles, sample) {
  const h5 = require(path.join(__dirname, '..', 'dist'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-soak-'));
  const state = { dir, image: makeImage(h5) };
  const step = PATTERNS[name];
  const warmup = Math.max(1000, Math.floor(cycles / 10));
  const samples = [];
  const heap = []; // JS heap in use: growth here is a leak of JS objects (lib/'s)
  let peak = 0;
  let failures = 0;
  let firstFailure;
  const started = Date.now();
  try {
    for (let i = 0; i < cycles; i++) {
      try {
        const r = step(h5, state, i);
        if (r && typeof r.then === 'function') await r;
      } catch (err) {
        failures++;
        firstFailure ??= `cycle ${i}: ${err.message}`;
      }
      if (i % 250 === 0) peak = Math.max(peak, process.memoryUsage.rss());
      const done = i + 1;
      if (done >= warmup && (done - warmup) % sample === 0) {
        global.gc();
        await new Promise((resolve) => setImmediate(resolve)); // let FinalizationRegistry callbacks run
        global.gc();
        const m = process.memoryUsage();
        samples.push([done, m.rss]);
        heap.push([done, m.heapUsed]);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const first = samples[0][1];
  const last = samples[samples.length - 1][1];
  console.log(JSON.stringify({
    pattern: name,
    cycles,
    warmup,
    seconds: (Date.now() - started) / 1000,
    rssAfterWarmupMiB: first / MiB,
    rssEndMiB: last / MiB,
    peakMiB: peak / MiB,
    growthPer10kMiB: (slope(samples) * 10_000) / MiB,
    heapGrowthPer10kMiB: (slope(heap) * 10_000) / MiB,
    failures,
    firstFailure,
  }));
}

function makeImage(h5) {
  const f = h5.openFile('soak.h5', 'w', MEM);
  f.createArray('/', 'x', DATA);
  return f.takeFileImage();
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.run) return runOne(args.run, args.cycles, args.sample);
  const results = [];
  for (const name of args.patterns) {
    const r = spawnSync(process.execPath,
      ['--expose-gc', __filename, '--run', name, '--cycles', String(args.cycles), '--sample', String(args.sample)],
      { encoding: 'utf8', maxBuffer: 16 * MiB });
    const line = r.stdout.trim().split('\n').pop();
    if (r.status !== 0 || !line) {
      results.push({ pattern: name, error: `exit ${r.status} ${r.signal ?? ''}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` });
    } else {
      results.push(JSON.parse(line));
    }
    if (!args.json) print(results[results.length - 1]);
  }
  if (args.json) console.log(JSON.stringify(results, null, 2));
  const bad = results.filter((r) => r.error || r.failures > 0 || r.growthPer10kMiB >= 1);
  process.exitCode = bad.length > 0 ? 1 : 0;
}

function print(r) {
  if (r.error) {
    console.log(`${r.pattern.padEnd(28)} ERROR ${r.error}`);
    return;
  }
  const verdict = r.failures > 0 ? `FAIL (${r.failures} failed; ${r.firstFailure})` : r.growthPer10kMiB < 1 ? 'ok' : 'GROWS';
  console.log(
    `${r.pattern.padEnd(28)} ${String(r.cycles).padStart(6)} cycles ${r.seconds.toFixed(1).padStart(6)} s  ` +
      `rss ${r.rssAfterWarmupMiB.toFixed(1)} -> ${r.rssEndMiB.toFixed(1)} MiB (peak ${r.peakMiB.toFixed(1)})  ` +
      `growth ${r.growthPer10kMiB.toFixed(2)} MiB/10k (JS heap ${r.heapGrowthPer10kMiB?.toFixed(2)})  ${verdict}`,
  );
}

main();
