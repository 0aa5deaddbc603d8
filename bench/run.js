'use strict';
// npm run bench: runs W1..W5 (issue 4), W6, W7 (issue 11: chunked, blosc:lz4) and W8, W9 (issue 12:
// a table and a condition query) on every peer, in one run, and writes
// bench/results.json (raw figures) and bench/results.md (the table).
//
//   node bench/run.js [--runs=7] [--slow-runs=5] [--workloads=W1,W4] [--peers=h5tables,memcpy]
//                     [--no-long-lived]
//
// Each JavaScript peer runs in its own `node --expose-gc` child (no peer's heap or page
// cache state leaks into another's timings); PyTables and h5py run under /usr/bin/python3.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const c = require('./common');
const python = require('./peers/python');
const report = require('./report');

const ALL_PEERS = ['h5tables', 'memcpy', 'h5wasm', 'pytables', 'h5py'];
const SLOW = new Set(['h5wasm', 'pytables', 'h5py']);

function args() {
  const out = {};
  for (const a of process.argv.slice(2)) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    out[m[1]] = m[2] ?? 'true';
  }
  return out;
}

function machine() {
  let cpuinfo = '';
  try {
    cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {}
  const field = (name) => (new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo) || [])[1] || null;
  let thp = null;
  try {
    thp = /\[(\w+)\]/.exec(fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))[1];
  } catch {}
  return {
    cpu: field('model name') || os.cpus()[0]?.model || null,
    cpuMHz: Number(field('cpu MHz')) || null,
    cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    virtualised: / hypervisor( |$)/m.test(field('flags') || ''),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    transparentHugepages: thp,
    node: process.version,
  };
}

function runChild(peer, config) {
  const file = path.join(__dirname, 'peers', `${peer}.js`);
  const r = spawnSync(process.execPath, ['--expose-gc', file, JSON.stringify(config)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return {
      peer,
      available: false,
      error: `exited ${r.status} ${r.signal || ''}: ${r.stdout.slice(-2000)}`,
    };
  }
}

async function main() {
  const a = args();
  const runs = Number(a.runs || process.env.BENCH_RUNS || 7);
  const slowRuns = Number(a['slow-runs'] || process.env.BENCH_SLOW_RUNS || Math.min(runs, 5));
  const workloads = (a.workloads || 'W1,W2,W3,W4,W5,W6,W7,W8,W9').split(',');
  const peers = (a.peers || ALL_PEERS.join(',')).split(',');
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-bench-'));
  const startsFile = path.join(tmpDir, 'starts.bin');
  const starts = c.makeStarts(c.DEFAULTS.w4Slices, c.DEFAULTS.n, c.DEFAULTS.w4Len);
  fs.writeFileSync(startsFile, Buffer.from(starts.buffer));
  const base = { ...c.DEFAULTS, workloads, startsFile, tmpDir };
  // W8/W9's answer, computed here by a plain loop over the same columns: every peer must give it.
  if (workloads.includes('W8') || workloads.includes('W9'))
    base.tableExpect = c.tableExpectation(base.tableRows);

  const out = {
    date: new Date().toISOString(),
    n: c.DEFAULTS.n,
    ...(base.tableExpect ? { tableRows: base.tableRows, tableExpect: base.tableExpect } : {}),
    command: `node bench/run.js ${process.argv.slice(2).join(' ')}`.trim(),
    runs,
    slowRuns,
    workloads: Object.fromEntries(workloads.map((w) => [w, c.WORKLOADS[w]])),
    machine: machine(),
    peers: {},
  };
  // Workloads outer, peers inner: load that drifts during the run hits every peer of a
  // workload alike. Each (peer, workload) runs in a fresh process: one workload's heap and
  // allocator state (glibc's free lists, trimmed pages) must not slow the next one.
  const order = ALL_PEERS.filter((p) => peers.includes(p));
  const loads = [];
  try {
    for (const w of workloads) {
      for (const peer of order) {
        const config = { ...base, workloads: [w], runs: SLOW.has(peer) ? slowRuns : runs };
        if (peer === 'h5py' || peer === 'h5wasm') {
          const h5r = out.peers.h5tables?.results;
          config.w6Chunkshape = (h5r?.W6 ?? h5r?.W7)?.detail?.chunkshape;
          config.tableChunkshape = h5r?.W8?.detail?.chunkshape;
        }
        if (peer === 'memcpy') config.w3Bytes = out.peers.h5tables?.results?.W3?.detail?.imageBytes;
        if (peer === 'h5wasm' && w === 'W1') config.crossCheck = path.join(tmpDir, 'h5tables-w1.h5');
        // W6's images, each read by the other library (written by the W6 children, untimed).
        if (peer === 'pytables' && w === 'W6') config.crossCheck = path.join(tmpDir, 'h5tables-w6.h5');
        if (peer === 'h5tables' && w === 'W7') config.crossCheck = path.join(tmpDir, 'pytables-w6.h5');
        // W8's tables, each queried by the other library (untimed).
        if (peer === 'pytables' && w === 'W8') config.crossCheck = path.join(tmpDir, 'h5tables-w8.h5');
        if (peer === 'h5tables' && w === 'W9') config.tableCrossCheck = path.join(tmpDir, 'pytables-w8.h5');
        process.stderr.write(`bench: ${w} ${peer} (${config.runs} runs + 1 warm-up)... `);
        const load0 = os.loadavg()[0];
        const t0 = Date.now();
        const result =
          peer === 'pytables' || peer === 'h5py' ? await python.run(peer, config) : runChild(peer, config);
        const load1 = os.loadavg()[0];
        loads.push(load0, load1);
        const prev = out.peers[peer];
        const merged = (out.peers[peer] =
          prev && prev.available ? prev : { ...result, results: {}, notes: {} });
        if (!result.available) {
          if (!prev) merged.error = result.error;
        } else {
          if (!merged.available)
            Object.assign(merged, { available: true, versions: result.versions, error: undefined });
          Object.assign(merged.notes, result.notes);
        }
        for (const [rw, r] of Object.entries(result.results || {})) {
          if (r.times) {
            r.median = c.median(r.times);
            r.min = Math.min(...r.times);
            r.cpuMedian = c.median(r.cpuTimes);
          }
          if (r.refTimes && r.refTimes.length === r.times.length) {
            r.refMedian = c.median(r.refTimes);
            r.pairedRatio = c.median(r.times.map((t, i) => t / r.refTimes[i]));
          }
          r.loadavg = [load0, load1];
          merged.results[rw] = r;
        }
        const r = result.results?.[w];
        const status = !result.available
          ? `not available: ${String(result.error).split('\n')[0]}`
          : r?.error
            ? `FAILED: ${r.error.split('\n')[0]}`
            : r?.unavailable
              ? `not available: ${r.unavailable}`
              : `median ${r?.median?.toFixed(1)} ms`;
        process.stderr.write(
          `${status} (${((Date.now() - t0) / 1000).toFixed(1)} s, load ${load0.toFixed(1)})\n`,
        );
      }
    }
    // Issue 13, item 3: a server runs everything in one process. Every workload again,
    // after all the others, in one h5tables process (each workload twice: the second
    // pass is the one reported), against its fresh-process time above.
    if (order.includes('h5tables') && workloads.length > 1 && !a['no-long-lived']) {
      process.stderr.write(`bench: h5tables, all workloads twice in one process (${runs} runs each)... `);
      const t0 = Date.now();
      const load0 = os.loadavg()[0];
      const result = runChild('h5tables', { ...base, workloads: [...workloads, ...workloads], runs });
      loads.push(load0, os.loadavg()[0]);
      out.longLived = { available: result.available, error: result.error, results: {} };
      for (const [w, r] of Object.entries(result.results || {})) {
        if (r.times) Object.assign(r, { median: c.median(r.times), min: Math.min(...r.times) });
        out.longLived.results[w] = r;
      }
      process.stderr.write(`done (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  out.machine.loadavg1 = { min: Math.min(...loads), max: Math.max(...loads) };

  report.analyse(out);
  const md = report.render(out);
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(out, null, 2) + '\n');
  fs.writeFileSync(path.join(__dirname, 'results.md'), md);
  process.stdout.write(md);
  const failed = [...Object.values(out.peers), { peer: 'h5tables (long-lived)', ...out.longLived }].flatMap(
    (p) =>
      Object.entries(p.results || {})
        .filter(([, r]) => r.error)
        .map(([w, r]) => `${p.peer} ${w}: ${r.error.split('\n')[0]}`),
  );
  if (failed.length) {
    process.stderr.write(
      `bench: ${failed.length} workload(s) failed or gave wrong results:\n  ${failed.join('\n  ')}\n`,
    );
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
