'use strict';
// Load test of examples/server.ts (npm run bench:server): the server runs on 127.0.0.1 with
// the async API, then with the sync API; autocannon drives each scenario for a bounded
// number of requests and at most SECONDS seconds, and the server's own event-loop delay
// (perf_hooks.monitorEventLoopDelay, GET /stats) is read around each one. Then, alone, one
// 200 MB read: the event loop's delay while it runs. Writes bench/server-results.md and
// bench/server-results.json.
//
// Environment: SECONDS (per scenario, default 8), DATA_MB (served array, default 200),
// CONNECTIONS (default 8), MODES (default "async,sync").

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');

const ROOT = path.join(__dirname, '..');
const SECONDS = Number(process.env.SECONDS ?? 8);
const DATA_MB = Number(process.env.DATA_MB ?? 200);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 8);
const MODES = (process.env.MODES ?? 'async,sync').split(',');
const BIG_READS = 3;

/** Deterministic slice starts (mulberry32). */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts the server; resolves with { child, base, nrows, cols } once it listens. */
function startServer(mode) {
  const args = ['--import', 'tsx', path.join(ROOT, 'examples', 'server.ts')];
  if (mode === 'sync') args.push('--sync');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_MB: String(DATA_MB), H5TABLES_SYNC: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+) .*\/data is (\d+) x (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, base: m[1], nrows: Number(m[2]), cols: Number(m[3]) });
      }
    });
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** GET (or HEAD): { status, headers, bytes, body (a Buffer, unless drain) }. */
function get(url, { drain = false, method = 'GET' } = {}) {
  return new Promise((resolve, reject) => {
    http
      .request(url, { agent: false, method }, (res) => {
        const chunks = [];
        let bytes = 0;
        res.on('data', (c) => {
          bytes += c.length;
          if (!drain) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            bytes,
            body: drain ? null : Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      })
      .on('error', reject)
      .end();
  });
}

async function stats(base, reset) {
  const r = await get(`${base}/stats${reset ? '?reset=1' : ''}`);
  return JSON.parse(r.body.toString()).eventLoopDelayMs;
}

/** Runs autocannon for at most `amount` requests and SECONDS seconds. */
function cannon(base, requestPath, amount) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        amount,
        timeout: 30,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: requestPath() }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    const timer = setTimeout(() => instance.stop(), SECONDS * 1000);
    instance.on('done', () => clearTimeout(timer));
  });
}

/** One scenario: reset the server's histogram, load it, read the histogram. */
async function scenario(server, name, requestPath, amount, background) {
  await stats(server.base, true);
  let stopBackground = false;
  let backgroundDone = 0;
  const bg = background
    ? (async () => {
        while (!stopBackground) {
          await background();
          backgroundDone++;
        }
      })()
    : null;
  const r = await cannon(server.base, requestPath, amount);
  stopBackground = true;
  await bg;
  const loop = await stats(server.base, false);
  return {
    scenario: name,
    requests: r.requests.total,
    seconds: r.duration,
    requestsPerSec: r.requests.total / r.duration,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    backgroundReads: bg ? backgroundDone : undefined,
    eventLoopMs: loop,
  };
}

/** Checks that the server answers with the right bytes before it is loaded. */
async function verify(server) {
  const { base, cols } = server;
  const s = await get(`${base}/slice?start=10&stop=12&format=binary`);
  const v = new Float64Array(s.body.buffer.slice(s.body.byteOffset, s.body.byteOffset + s.body.length));
  const sliceOk =
    s.headers['x-shape'] === `2,${cols}` && v.length === 2 * cols && v.every((x, i) => x === 10 * cols + i);
  const j = JSON.parse((await get(`${base}/slice?start=3&format=json`)).body.toString());
  const jsonOk = j.shape.join() === `1,${cols}` && j.data[5] === 3 * cols + 5;
  const b = await get(`${base}/build?rows=20&cols=3&title=check`);
  const h5 = require(path.join(ROOT, 'dist'));
  const f = h5.openFile('check.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: b.body });
  const buildOk = f.title === 'check' && f.root.data.read(19).data[2] === 59;
  f.close();
  const bad = await Promise.all(
    ['/slice?start=-1', '/build?rows=abc', '/slice?start=0&format=xml'].map((p) => get(base + p)),
  );
  const badOk = bad.every((r) => r.status === 400);
  if (!(sliceOk && jsonOk && buildOk && badOk))
    throw new Error(`server answers wrongly: ${JSON.stringify({ sliceOk, jsonOk, buildOk, badOk })}`);
  return true;
}

async function runMode(mode) {
  const t0 = Date.now();
  const server = await startServer(mode);
  const startupSeconds = (Date.now() - t0) / 1000;
  console.log(
    `\n== ${mode} API: ${server.base}, /data ${server.nrows} x ${server.cols} float64 (started in ${startupSeconds.toFixed(1)} s)`,
  );
  try {
    await verify(server);
    const next = rng(42);
    const slice = (rows, format) => () => {
      const start = Math.floor(next() * (server.nrows - rows));
      return `/slice?start=${start}&stop=${start + rows}&format=${format}`;
    };
    const bigPath = `/slice?start=0&stop=${server.nrows}&format=binary`;
    const results = [];
    const plan = [
      ['build 250x100 (200 KB file)', () => '/build?rows=250&cols=100&title=load', 5000],
      ['slice 100 rows binary (100 KB)', slice(100, 'binary'), 40_000],
      ['slice 10 rows json', slice(10, 'json'), 40_000],
      [
        `slice 100 rows binary + ${DATA_MB} MB reads in a loop`,
        slice(100, 'binary'),
        40_000,
        () => get(server.base + bigPath, { drain: true }),
      ],
      [
        `build 250x100 + ${DATA_MB} MB reads in a loop`,
        () => '/build?rows=250&cols=100&title=load',
        5000,
        () => get(server.base + bigPath, { drain: true }),
      ],
    ];
    for (const [name, requestPath, amount, background] of plan) {
      const r = await scenario(server, name, requestPath, amount, background);
      results.push(r);
      console.log(
        `${name}: ${r.requestsPerSec.toFixed(0)} req/s, p99 ${r.latencyMs.p99} ms, ` +
          `event loop p99 ${r.eventLoopMs.p99} ms / max ${r.eventLoopMs.max} ms` +
          (r.backgroundReads !== undefined ? `, ${r.backgroundReads} big reads` : '') +
          (r.non2xx || r.errors ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''),
      );
    }
    // One big read alone: the event loop's delay while the server reads it (HEAD: the same
    // work, no body sent), then while it reads and sends it (GET).
    const bigRead = {};
    for (const method of ['HEAD', 'GET']) {
      const runs = [];
      for (let i = 0; i < BIG_READS; i++) {
        await stats(server.base, true);
        const t = process.hrtime.bigint();
        const r = await get(server.base + bigPath, { drain: true, method });
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        const loop = await stats(server.base, false);
        const bytes = server.nrows * server.cols * 8;
        if (
          r.status !== 200 ||
          Number(r.headers['content-length']) !== bytes ||
          r.bytes !== (method === 'GET' ? bytes : 0)
        ) {
          throw new Error(`big read: ${r.status}, ${r.bytes} bytes`);
        }
        runs.push({ ms, eventLoopMs: loop });
      }
      bigRead[method] = runs;
      console.log(
        `one ${DATA_MB} MB read alone, ${method} (${BIG_READS} runs): ${runs.map((b) => b.ms.toFixed(0)).join(' / ')} ms, ` +
          `event loop p99 ${runs.map((b) => b.eventLoopMs.p99).join(' / ')} ms, max ${runs.map((b) => b.eventLoopMs.max).join(' / ')} ms`,
      );
    }
    return {
      mode,
      startupSeconds,
      nrows: server.nrows,
      cols: server.cols,
      verified: true,
      scenarios: results,
      bigRead,
    };
  } finally {
    await stopServer(server.child);
  }
}

const f1 = (x) => (x === undefined || x === null ? '' : Number(x).toFixed(1));

function markdown(report) {
  const lines = [];
  lines.push('## Server under load (examples/server.ts)', '');
  lines.push(
    `Measured ${report.date} (commit ${report.commit}) on ${report.machine.cpus} x ${report.machine.cpuModel}, Node ${report.machine.node}, ` +
      `HDF5 ${report.machine.hdf5}, load average before the run ${report.machine.loadavg.map((x) => x.toFixed(2)).join(' ')}. ` +
      `Server and autocannon (${CONNECTIONS} connections, at most ${SECONDS} s per scenario) share the machine over 127.0.0.1; ` +
      `the served array is ${DATA_MB} MB of float64 held open in memory. Event-loop delay is the server's own ` +
      '(perf_hooks.monitorEventLoopDelay, 1 ms resolution, excess over the timer interval), reset before each scenario. ' +
      '`npm run bench:server` reproduces it.',
    '',
  );
  lines.push(
    '| API | scenario | requests | req/s | latency p50 ms | latency p99 ms | event loop p99 ms | event loop max ms |',
  );
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const m of report.modes) {
    for (const s of m.scenarios) {
      const notes = [];
      if (s.backgroundReads !== undefined) notes.push(`${s.backgroundReads} big reads`);
      if (s.non2xx || s.errors) notes.push(`${s.non2xx} non-2xx, ${s.errors} errors`);
      lines.push(
        `| ${m.mode} | ${s.scenario}${notes.length ? ` (${notes.join(', ')})` : ''} | ${s.requests} | ${s.requestsPerSec.toFixed(0)} | ` +
          `${f1(s.latencyMs.p50)} | ${f1(s.latencyMs.p99)} | ${f1(s.eventLoopMs.p99)} | ${f1(s.eventLoopMs.max)} |`,
      );
    }
  }
  lines.push(
    '',
    `One ${DATA_MB} MB read (/slice of every row, format=binary) with no other traffic, ${BIG_READS} runs each: ` +
      'HEAD does the read and sends no body; GET reads and sends the bytes.',
    '',
  );
  lines.push(
    '| API | request | time ms (each run) | event loop p99 ms (each run) | event loop max ms (each run) | p99 < 10 ms |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const m of report.modes) {
    for (const [method, runs] of Object.entries(m.bigRead)) {
      const ok = runs.every((r) => r.eventLoopMs.p99 < 10);
      lines.push(
        `| ${m.mode} | ${method} | ${runs.map((r) => r.ms.toFixed(0)).join(' / ')} | ${runs.map((r) => f1(r.eventLoopMs.p99)).join(' / ')} | ` +
          `${runs.map((r) => f1(r.eventLoopMs.max)).join(' / ')} | ${ok ? 'yes' : 'no'} |`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  const h5 = require(path.join(ROOT, 'dist'));
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const report = {
    date: new Date().toISOString(),
    commit,
    machine: {
      node: process.version,
      hdf5: h5.hdf5Version(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      loadavg: os.loadavg(),
    },
    settings: { seconds: SECONDS, dataMB: DATA_MB, connections: CONNECTIONS },
    modes: [],
  };
  for (const mode of MODES) report.modes.push(await runMode(mode));
  report.totalSeconds = (Date.now() - started) / 1000;
  fs.writeFileSync(path.join(__dirname, 'server-results.json'), JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(path.join(__dirname, 'server-results.md'), markdown(report));
  console.log(
    `\nwrote bench/server-results.md and bench/server-results.json (${report.totalSeconds.toFixed(0)} s)`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
