'use strict';
// Shared by bench/run.js and the JavaScript peers: workload sizes, test data, timing.
//
// Every peer gets the same config object (JSON) and returns
//   { peer, available, versions, notes, results: { W1: { times: [ms...], verified, detail } } }
// Times are for the timed region only; inputs are prepared and outputs verified outside it.

const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

/** Sizes of issue 4 section 1. */
const DEFAULTS = {
  n: 10_000_000, // W1/W2/W4/W5: 10 million float64 = 80 MB
  w3Groups: 1000, // W3: groups
  w3Len: 10, // W3: elements per array
  w4Slices: 10_000, // W4: random slices
  w4Len: 1000, // W4: elements per slice
  tableRows: 1_000_000, // W8/W9: rows of the table (int32 a, float64 b, 8-byte string s)
};

const WORKLOADS = {
  W1: 'create an 80 MB float64 array in a CORE file without backing store, then take its image',
  W2: 'open that image and read the whole array',
  W3: '1000 groups, each with a 10-element float64 array and one user attribute, then the image',
  W4: '10,000 random 1000-element slices read from a 10-million-element array (file opened from an image beforehand)',
  W5: 'W1 with the backing store on, to a file on disk (create, image, close)',
  W6: "the same 80 MB float64 array as a chunked CArray with shuffle + blosc:lz4 (complevel 5, PyTables' chunkshape) in a CORE file without backing store, then its image",
  W7: "open W6's image and read the whole array (every chunk decompressed)",
  W8: 'a 1,000,000-row table (int32 a, float64 b, 8-byte string s) created in a CORE file and appended from columns, then one condition query reading the matching rows, then close',
  W9: "W8's condition query alone, on the table in a file opened from its image beforehand",
};

/**
 * W8/W9's query, in PyTables' condition syntax: three columns, a string comparison among
 * them; about a fifth of the rows match (199,996 of 1,000,000).
 */
const TABLE_QUERY = '(a > 250000) & (b < 0.5) & (s >= b"key50000")';

/**
 * W8/W9's columns: a[i] = i, b[i] = a multiplicative hash of i scaled to [0, 1) (exact in
 * float64, so Python builds the very same values), s[i] = 'key' + (i % 100000) in 5 digits
 * (8 bytes: the column's whole width).
 */
function makeTableData(n) {
  const a = new Int32Array(n);
  const b = new Float64Array(n);
  const s = new Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = i;
    b[i] = (Math.imul(i, 2654435761) >>> 0) / 4294967296;
    s[i] = `key${String(i % 100000).padStart(5, '0')}`;
  }
  return { a, b, s };
}

/**
 * What TABLE_QUERY must give on makeTableData(n), computed here by a plain loop: the count
 * of rows, the sum of their `a` (exact: below 2^53) and the first and last matching row.
 * Every peer's result is compared with it (run.js passes it in the config).
 */
function tableExpectation(n) {
  const { a, b, s } = makeTableData(n);
  let count = 0;
  let sumA = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (a[i] > 250000 && b[i] < 0.5 && s[i] >= 'key50000') {
      count++;
      sumA += a[i];
      if (first < 0) first = i;
      last = i;
    }
  }
  const row = (i) => (i < 0 ? null : { a: a[i], b: b[i], s: s[i] });
  return { query: TABLE_QUERY, count, sumA, first: row(first), last: row(last) };
}

/** Checks a query's result ({ count, sumA, first, last } as the peer saw it) against the expectation. */
function checkTableResult(got, expect) {
  if (got.count !== expect.count) return `${got.count} rows match, expected ${expect.count}`;
  if (got.sumA !== expect.sumA) return `the matching rows' a sum to ${got.sumA}, expected ${expect.sumA}`;
  for (const end of ['first', 'last']) {
    const [g, e] = [got[end], expect[end]];
    if (JSON.stringify(g) !== JSON.stringify(e)) {
      return `the ${end} matching row is ${JSON.stringify(g)}, expected ${JSON.stringify(e)}`;
    }
  }
  return null;
}

/** W6/W7's filters, as PyTables names them: Filters(complevel=5, complib='blosc:lz4', shuffle=True). */
const CHUNKED = { complevel: 5, complib: 'blosc:lz4', shuffle: true };

/** The array every workload writes: x[i] = i (exact in float64, so any misplaced element shows). */
function makeData(n) {
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = i;
  return data;
}

/** W3's input for group i: [10 i, 10 i + 1, ...]. */
function makeSmallArrays(groups, len) {
  const out = [];
  for (let i = 0; i < groups; i++) {
    const a = new Float64Array(len);
    for (let k = 0; k < len; k++) a[k] = i * len + k;
    out.push(a);
  }
  return out;
}

/** Deterministic W4 slice starts (mulberry32), written once by run.js and read by every peer. */
function makeStarts(count, n, len, seed = 20251125) {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const starts = new Int32Array(count);
  for (let i = 0; i < count; i++) starts[i] = Math.floor(rand() * (n - len + 1));
  return starts;
}

function readStarts(file) {
  const b = fs.readFileSync(file);
  return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

/** Full check that a read-back array is 0, 1, 2, ... n-1. Returns an error string or null. */
function checkRamp(x, n) {
  if (!x || x.length !== n) return `length ${x && x.length} != ${n}`;
  for (let i = 0; i < n; i++) {
    if (x[i] !== i) return `element ${i} is ${x[i]}`;
  }
  return null;
}

/** W4 check: per slice, the first and last element seen inside the timed loop. */
function checkSlices(firsts, lasts, starts, len) {
  for (let i = 0; i < starts.length; i++) {
    if (firsts[i] !== starts[i] || lasts[i] !== starts[i] + len - 1) {
      return `slice ${i} at ${starts[i]}: got [${firsts[i]} .. ${lasts[i]}]`;
    }
  }
  return null;
}

/** Throws when a check found a problem (a string), so a fast-but-wrong path cannot pass. */
function must(problem, what) {
  if (problem) throw new Error(`wrong result${what ? ` (${what})` : ''}: ${problem}`);
}

const gc = typeof global.gc === 'function' ? global.gc : () => {};

/**
 * Runs one workload: `runs + 1` times (the first is a warm-up, not kept). Wall times are
 * what counts; CPU times (user + system, this process) are kept to spot competing load. Each
 * run calls setup() (untimed), then body(state) (timed), then check(output) (untimed, throws
 * on a wrong result: every run's output is checked unless checkEvery is false, then the
 * warm-up's and the last run's).
 *
 * reference: { setup?, body, check? } run and timed alongside every run, before it on odd
 * runs and after it on even ones (refTimes): a paired, same-process measure of the limit.
 */
async function measure({
  runs,
  setup = () => undefined,
  body,
  check,
  checkEvery = true,
  teardown,
  reference,
}) {
  const times = [];
  const cpuTimes = [];
  const refTimes = [];
  let detail;
  const timeReference = async (r) => {
    if (reference.setup) await reference.setup();
    gc();
    const t0 = performance.now();
    const out = await reference.body();
    const t1 = performance.now();
    if (reference.check && (r === 0 || r === runs)) await reference.check(out);
    return t1 - t0;
  };
  for (let r = 0; r <= runs; r++) {
    let ref;
    if (reference && r % 2 === 1) ref = await timeReference(r);
    const state = await setup();
    gc();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let out = await body(state);
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    if (r > 0) {
      times.push(t1 - t0);
      cpuTimes.push((c1.user + c1.system) / 1e3);
    }
    if (check && (checkEvery || r === 0 || r === runs)) {
      const d = await check(out, state);
      if (d !== undefined) detail = d;
    }
    if (teardown) await teardown(out, state);
    out = undefined; // let the reference (and the next run) start without this output alive
    if (reference && r % 2 === 0) ref = await timeReference(r);
    if (reference && r > 0) refTimes.push(ref);
  }
  return reference
    ? { times, cpuTimes, refTimes, verified: Boolean(check), detail }
    : { times, cpuTimes, verified: Boolean(check), detail };
}

function median(xs) {
  if (!xs || xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** W8's phases ({ build: [ms...], query: [ms...] }, the warm-up first) as medians of the timed runs. */
function phaseMedians(phases) {
  return { buildMs: median(phases.build.slice(1)), queryMs: median(phases.query.slice(1)) };
}

/** Runs a peer module as a child process entry point: config JSON in argv[2], result JSON on stdout. */
function peerMain(mod, name) {
  if (require.main !== mod) return;
  const config = JSON.parse(process.argv[2] || '{}');
  mod.exports
    .run(config)
    .then((result) => {
      process.stdout.write(JSON.stringify(result) + '\n');
    })
    .catch((err) => {
      process.stdout.write(
        JSON.stringify({ peer: name, available: false, error: String((err && err.stack) || err) }) + '\n',
      );
      process.exitCode = 1;
    });
}

/** Runs each requested workload, catching a failure (wrong data or error) per workload. */
async function runWorkloads(config, table) {
  const results = {};
  for (const w of config.workloads) {
    if (!table[w]) continue;
    try {
      results[w] = await table[w]();
    } catch (err) {
      results[w] = { error: String((err && err.stack) || err) };
    }
  }
  return results;
}

module.exports = {
  DEFAULTS,
  WORKLOADS,
  CHUNKED,
  TABLE_QUERY,
  makeData,
  makeTableData,
  tableExpectation,
  checkTableResult,
  makeSmallArrays,
  makeStarts,
  readStarts,
  checkRamp,
  checkSlices,
  must,
  measure,
  median,
  phaseMedians,
  peerMain,
  runWorkloads,
  performance,
};
