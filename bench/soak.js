'use strict';
// npm run soak: does memory stay flat over many cycles of the common patterns?
//
// Each pattern runs in its own child process (node --expose-gc). One cycle is one request of
// a server: the event loop turns between cycles (napi finalizers and FinalizationRegistry
// callbacks run there, so dropped files can be closed). First --warmup cycles (default
// 25,000: V8 grows its young generation from 1 to 16 MiB semispaces over the first ~20,000
// cycles, about 25 MiB of RSS that is V8's, not ours), then --cycles measured cycles (default
// 50,000) with the RSS sampled after a forced GC every --sample cycles (default 1,000: the
// async patterns' RSS moves by up to 5 MiB between samples as glibc's two arenas, the JS
// thread's and the HDF5 thread's, keep or return memory; more samples steady the slopes).
//
// Reported per pattern: RSS growth per 10,000 measured cycles (a least-squares slope through
// the samples, so one late GC does not decide it), the same over the second half alone (steady
// state, not a fall early that hides a climb late), the growth over each 10,000-cycle window
// (for the eye: one sample moves by a few MiB as glibc keeps or returns freed memory, so no
// verdict rests on a window), the same slope for V8's committed heap and for the RSS
// outside it (native memory: HDF5, the binding, malloc), the JS heap in use (lib/'s objects),
// the peak RSS seen without forcing GC, and failures (a dropped file whose path was not
// released shows here). Target (issue 9): both slopes < 1 MiB per 10,000 cycles.
//
// --malloc (glibc, needs cc): preloads bench/malloc-probe.c into each child and reports the
// bytes malloc has handed out and not had back, beside RSS. Those growing is a leak; RSS
// growing while they stay flat is glibc keeping memory that was freed (see the README's
// "Serving untrusted files" for what was measured).
//
//   node bench/soak.js [--cycles N] [--warmup N] [--sample N] [--patterns a,b,...] [--malloc] [--json]

const { execFileSync, spawnSync } = require('node:child_process');
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
    // Never closed, under one of state.paths paths reused in turn (twice the sample interval,
    // so a forced GC always lies between two uses): each reuse needs the file dropped that
    // many cycles earlier closed by GC and its path released.
    const f = h5.openFile(path.join(state.dir, `d${i % state.paths}.h5`), 'w');
    f.createArray('/', 'x', DATA.subarray(0, 10));
    return 1;
  },
};

function parseArgs(argv) {
  const args = {
    cycles: 50_000,
    warmup: 25_000,
    sample: 1_000,
    patterns: Object.keys(PATTERNS),
    json: false,
    malloc: false,
    run: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--cycles') args.cycles = Number(next());
    else if (a === '--warmup') args.warmup = Number(next());
    else if (a === '--sample') args.sample = Number(next());
    else if (a === '--patterns') args.patterns = next().split(',');
    else if (a === '--json') args.json = true;
    else if (a === '--malloc') args.malloc = true;
    else if (a === '--run') args.run = next();
    else
      throw new Error(
        `unknown argument ${a}; accepted: --cycles N, --warmup N, --sample N, --patterns a,b, --malloc, --json`,
      );
  }
  if (!Number.isSafeInteger(args.sample) || args.sample < 10)
    throw new Error('--sample must be an integer >= 10');
  if (!Number.isSafeInteger(args.cycles) || args.cycles < 2 * args.sample)
    throw new Error('--cycles must be an integer >= 2 x --sample');
  if (!Number.isSafeInteger(args.warmup) || args.warmup < 0)
    throw new Error('--warmup must be an integer >= 0');
  for (const p of args.patterns) {
    if (!Object.hasOwn(PATTERNS, p))
      throw new Error(`unknown pattern '${p}'; accepted: ${Object.keys(PATTERNS).join(', ')}`);
  }
  return args;
}

/** Least-squares slope of [x, y] points. */
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

/** Growth of y over each run of 10,000 cycles (last sample minus first), in order. */
function windows(points) {
  const out = [];
  for (let i = 0; i < points.length; i++) {
    const j = points.findIndex((p) => p[0] >= points[i][0] + 10_000);
    if (j < 0) break;
    if (out.length === 0 || points[i][0] >= out[out.length - 1].from + 10_000) {
      out.push({ from: points[i][0], growth: points[j][1] - points[i][1] });
    }
  }
  return out;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Forced GC until dropped files are gone: a File's FinalizationRegistry callback runs on a
 * later turn and closes its native file with closeAsync (a hop to the HDF5 thread), and a
 * native object's own finalizer runs on a turn after the GC that found it. One GC and one
 * turn left up to 110 dropped files (60 MiB) open at sampling time. With the malloc probe,
 * rounds go on while the bytes in use still fall (at most 20); without it, 5 rounds.
 * Returns the bytes in use (--malloc) or undefined.
 */
async function settle() {
  let used = mallocInUse();
  for (let round = 0; round < 20; round++) {
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = mallocInUse();
    if (now === undefined ? round >= 4 : now >= used) return now;
    used = now;
  }
  return used;
}

/** In a child started with --malloc: the bytes malloc has handed out and not had back. */
function mallocInUse() {
  const base = process.env.H5TABLES_MALLOC_PROBE;
  if (!base) return undefined;
  if (!fs.statSync(`${base}.req`, { throwIfNoEntry: false })?.isFIFO())
    throw new Error('the malloc probe is not loaded');
  fs.writeFileSync(`${base}.req`, 'm');
  return JSON.parse(fs.readFileSync(`${base}.resp`, 'utf8')).inUse;
}

/** In the child: runs one pattern and prints one JSON line. */
async function runOne(name, { cycles, warmup, sample }) {
  const h5 = require(path.join(__dirname, '..', 'dist'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-soak-'));
  const state = { dir, image: makeImage(h5), paths: 2 * sample };
  const step = PATTERNS[name];
  const rss = [];
  const committed = []; // V8's heap, committed: grows while V8 sizes its generations
  const outside = []; // RSS outside V8's heap: native memory (HDF5, the binding, malloc)
  const heap = []; // JS heap in use: growth here is a leak of JS objects (lib/'s)
  const inUse = []; // malloc's bytes in use (--malloc): growth here is a native leak
  let peak = 0;
  let failures = 0;
  let firstFailure;
  const started = Date.now();
  try {
    for (let i = 0; i < warmup + cycles; i++) {
      try {
        await step(h5, state, i);
      } catch (err) {
        failures++;
        firstFailure ??= `cycle ${i}: ${err.message}`;
      }
      await turn();
      if (i % 250 === 0) peak = Math.max(peak, process.memoryUsage.rss());
      const done = i + 1 - warmup;
      if (done >= 0 && done % sample === 0) {
        const used = await settle();
        const m = process.memoryUsage();
        rss.push([done, m.rss]);
        committed.push([done, m.heapTotal]);
        outside.push([done, m.rss - m.heapTotal]);
        heap.push([done, m.heapUsed]);
        if (used !== undefined) inUse.push([done, used]);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const per10k = (points) => (slope(points) * 10_000) / MiB;
  const win = windows(rss).map((w) => w.growth / MiB);
  console.log(
    JSON.stringify({
      pattern: name,
      cycles,
      warmup,
      seconds: (Date.now() - started) / 1000,
      rssAfterWarmupMiB: rss[0][1] / MiB,
      rssEndMiB: rss[rss.length - 1][1] / MiB,
      peakMiB: peak / MiB,
      growthPer10kMiB: per10k(rss),
      windowsMiB: win,
      lateGrowthPer10kMiB: per10k(rss.filter(([x]) => x >= cycles / 2)),
      v8CommittedGrowthPer10kMiB: per10k(committed),
      outsideV8GrowthPer10kMiB: per10k(outside),
      heapGrowthPer10kMiB: per10k(heap),
      mallocInUseMiB: inUse.length ? inUse[inUse.length - 1][1] / MiB : undefined,
      mallocInUseGrowthPer10kMiB: inUse.length ? per10k(inUse) : undefined,
      failures,
      firstFailure,
    }),
  );
}

function makeImage(h5) {
  const f = h5.openFile('soak.h5', 'w', MEM);
  f.createArray('/', 'x', DATA);
  return f.takeFileImage();
}

const flat = (r) => !r.error && r.failures === 0 && r.growthPer10kMiB < 1 && r.lateGrowthPer10kMiB < 1;

/** Builds bench/malloc-probe.c into dir; returns the shared object's path. */
function buildProbe(dir) {
  const so = path.join(dir, 'malloc-probe.so');
  execFileSync(
    process.env.CC || 'cc',
    ['-O2', '-shared', '-fPIC', path.join(__dirname, 'malloc-probe.c'), '-o', so, '-lpthread'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return so;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.run) return runOne(args.run, args);
  const probeDir = args.malloc ? fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-malloc-probe-')) : null;
  const probe = probeDir && buildProbe(probeDir);
  const results = [];
  for (const [n, name] of args.patterns.entries()) {
    const env = probe
      ? {
          ...process.env,
          LD_PRELOAD: [probe, process.env.LD_PRELOAD].filter(Boolean).join(' '),
          H5TABLES_MALLOC_PROBE: path.join(probeDir, `p${n}`),
        }
      : process.env;
    const r = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        __filename,
        '--run',
        name,
        '--cycles',
        String(args.cycles),
        '--warmup',
        String(args.warmup),
        '--sample',
        String(args.sample),
      ],
      { encoding: 'utf8', maxBuffer: 16 * MiB, env },
    );
    const line = r.stdout.trim().split('\n').pop();
    if (r.status !== 0 || !line) {
      results.push({
        pattern: name,
        error: `exit ${r.status} ${r.signal ?? ''}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`,
      });
    } else {
      results.push(JSON.parse(line));
    }
    if (!args.json) print(results[results.length - 1]);
  }
  if (probeDir) fs.rmSync(probeDir, { recursive: true, force: true });
  if (args.json) console.log(JSON.stringify(results, null, 2));
  process.exitCode = results.every(flat) ? 0 : 1;
}

function print(r) {
  const f = (x) => x.toFixed(2);
  if (r.error) {
    console.log(`${r.pattern.padEnd(28)} ERROR ${r.error}`);
    return;
  }
  // 0.25 MiB/10k is 26 bytes a cycle; a dropped file closed just after a sample moves one
  // sample by 0.55 MiB, which is about 0.1 MiB/10k of slope.
  const leaks = r.mallocInUseGrowthPer10kMiB !== undefined && r.mallocInUseGrowthPer10kMiB >= 0.25;
  const verdict =
    r.failures > 0
      ? `FAIL (${r.failures} failed; ${r.firstFailure})`
      : flat(r)
        ? 'ok'
        : r.mallocInUseGrowthPer10kMiB === undefined
          ? 'GROWS'
          : leaks
            ? 'GROWS (malloc in use grows: a leak)'
            : 'GROWS (malloc in use flat: freed memory kept by the allocator)';
  const malloc =
    r.mallocInUseGrowthPer10kMiB === undefined
      ? ''
      : `, malloc in use ${r.mallocInUseMiB.toFixed(1)} MiB, ${f(r.mallocInUseGrowthPer10kMiB)}/10k`;
  console.log(
    `${r.pattern.padEnd(28)} ${r.warmup}+${r.cycles} cycles ${r.seconds.toFixed(1).padStart(6)} s  ` +
      `rss ${r.rssAfterWarmupMiB.toFixed(1)} -> ${r.rssEndMiB.toFixed(1)} MiB (peak ${r.peakMiB.toFixed(1)})  ` +
      `growth ${f(r.growthPer10kMiB)} MiB/10k, second half ${f(r.lateGrowthPer10kMiB)} (windows ${r.windowsMiB.map(f).join(' ')}; ` +
      `V8 heap ${f(r.v8CommittedGrowthPer10kMiB)}, outside it ${f(r.outsideV8GrowthPer10kMiB)}, JS objects ${f(r.heapGrowthPer10kMiB)}${malloc})  ${verdict}`,
  );
}

main();
