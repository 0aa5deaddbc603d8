'use strict';
// Read and image throughput of the Buffers that must transfer between threads (issue 10
// item 2), and whether each one does. Not part of `npm run bench`: run it before and after
// a change to the read or image paths, in the same conditions, and compare.
//
//   npm run build:ts && node --expose-gc bench/transfer.js [--runs=9] [--json]
//
// Each case: one warm-up, then `runs` timed runs with a GC before each; the median is
// printed in MB/s. "moves" says whether structuredClone(x, { transfer }) moved the result's
// ArrayBuffer (detached it) rather than failing or copying.
const { performance } = require('node:perf_hooks');
const h5 = require('../dist');

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const RUNS = Number(args.runs ?? 9);
const gc = typeof global.gc === 'function' ? global.gc : () => {};
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Whether transferring buf moves it (detaches it), as postMessage does. */
function moves(buf) {
  try {
    structuredClone(buf, { transfer: [buf] });
  } catch {
    return false;
  }
  return buf.byteLength === 0;
}

async function timed(body, setup = () => undefined) {
  await body(await setup()); // warm-up
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const input = await setup();
    gc();
    const t0 = performance.now();
    last = await body(input);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last };
}

async function main() {
  const rows = [];
  const report = (name, bytes, { ms, last }) => {
    const buffer = last.buffer;
    rows.push({
      name,
      MB: +(bytes / 1e6).toFixed(3),
      ms: +ms.toFixed(3),
      MBps: Math.round(bytes / 1e6 / (ms / 1e3)),
      moves: moves(buffer),
    });
  };
  const f = h5.openFile('bench-transfer.h5', 'w', MEM);
  for (const n of [8192, 1 << 19, 10_000_000]) {
    const x = f.createArray(
      '/',
      `x${n}`,
      Float64Array.from({ length: n }, (_, i) => i),
    );
    const bytes = n * 8;
    report(`read() ${n} float64`, bytes, await timed(() => x.read().data));
    report(`readAsync() ${n} float64`, bytes, await timed(async () => (await x.readAsync()).data));
  }
  // Per-call cost: 2000 slices of 1000 elements, issued together (readAsync) or in a loop.
  const x = f.root.x10000000;
  const starts = Array.from({ length: 2000 }, (_, i) => (i * 4999) % (10_000_000 - 1000));
  const sliceBytes = 2000 * 1000 * 8;
  report(
    'read() 2000 slices x 1000',
    sliceBytes,
    await timed(() => {
      let s;
      for (const a of starts) s = x.read(a, a + 1000).data;
      return s;
    }),
  );
  report(
    'readAsync() 2000 slices x 1000 (all queued)',
    sliceBytes,
    await timed(async () => {
      const all = await Promise.all(starts.map((a) => x.readAsync(a, a + 1000)));
      return all[all.length - 1].data;
    }),
  );
  f.flush();
  const image = f.getFileImage();
  report('getFileImage() 80 MB file', image.length, await timed(() => f.getFileImage()));
  report('getFileImageAsync() 80 MB file', image.length, await timed(() => f.getFileImageAsync()));
  // Sizes not foretold: a fresh native handle on the image (no info, no earlier read), and
  // an image whose file grew since the last one.
  const addon = require('../dist/native').native();
  let k = 0;
  const fresh = () =>
    addon.openFile({
      name: `cold-${k++}.h5`,
      create: false,
      writable: false,
      driver: 'core',
      coreBackingStore: false,
      image,
    });
  report(
    'readDatasetAsync() 80 MB, size not foretold',
    80e6,
    await timed(async (nf) => {
      const r = (await nf.readDatasetAsync('/x10000000')).data;
      nf.close();
      return r;
    }, fresh),
  );
  let grown = 0;
  const grow = () => f.createArray('/', `g${grown++}`, new Float64Array(512));
  report('getFileImage() 80 MB, after a change', image.length, await timed(() => f.getFileImage(), grow));
  // lib flushes first, and the flush tells the size of the image to come.
  report(
    'getFileImageAsync() 80 MB, after a change',
    image.length,
    await timed(() => f.getFileImageAsync(), grow),
  );
  const nat = f._nat();
  // Changed after the last flush: the size differs from the one foretold (a copy).
  const growAfterFlush = () => (nat.flush(), grow());
  report(
    'native getFileImageAsync(), size not foretold',
    image.length,
    await timed(() => nat.getFileImageAsync(), growAfterFlush),
  );
  f.close();
  if ('json' in args) console.log(JSON.stringify({ node: process.version, runs: RUNS, rows }));
  else console.table(rows);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
