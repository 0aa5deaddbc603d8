'use strict';
// Ratios, targets and the markdown table for bench/run.js's results.
//   node bench/report.js [bench/results.json]   re-renders bench/results.md from the JSON.

const fs = require('node:fs');
const path = require('node:path');

const PEERS = ['memcpy', 'h5tables', 'h5wasm', 'pytables', 'h5py'];
const LABEL = {
  memcpy: 'memcpy',
  h5tables: 'h5tables',
  h5wasm: 'h5wasm',
  pytables: 'PyTables',
  h5py: 'h5py',
};

/**
 * Issue 4, section 5, and issue 13, item 5: [workload ('W6+W7': the sum of their medians),
 * numerator peer, denominator peer, bound, text].
 */
const TARGETS = [
  ['W1', 'h5tables', 'memcpy', { max: 1.3 }, 'W1 <= 1.3x the memory copy'],
  ['W1', 'h5tables', 'memcpy', { max: 1.1 }, 'W1 <= 1.1x the memory copy (issue 13)'],
  ['W1', 'pytables', 'h5tables', { min: 2 }, 'W1 >= 2x faster than PyTables'],
  ['W2', 'h5tables', 'memcpy', { max: 1.3 }, 'W2 <= 1.3x the memory copy'],
  ['W2', 'h5tables', 'memcpy', { max: 1.1 }, 'W2 <= 1.1x the memory copy (issue 13)'],
  ['W3', 'pytables', 'h5tables', { min: 2 }, 'W3 >= 2x faster than PyTables'],
  ['W3', 'h5py', 'h5tables', { min: 1.3 }, 'W3 >= 1.3x faster than h5py (issue 13)'],
  ['W4', 'h5wasm', 'h5tables', { min: 2 }, 'W4 >= 2x faster than h5wasm'],
  ['W4', 'h5py', 'h5tables', { min: 1.5 }, 'W4 >= 1.5x faster than h5py (issue 13)'],
  ['W4', 'h5tables', 'memcpy', { max: 1.5 }, 'W4 <= 1.5x the memory copy (issue 13)'],
  ['W5', 'h5tables', 'memcpy', { max: 1.1 }, 'W5 <= 1.1x the memory copy (issue 13)'],
  ['W6+W7', 'pytables', 'h5tables', { min: 1.2 }, 'W6 + W7 >= 1.2x faster than PyTables (issue 13)'],
  ['W8', 'pytables', 'h5tables', { min: 2 }, 'W8 >= 2x faster than PyTables with numexpr (issue 13)'],
];

function med(out, peer, w) {
  if (w.includes('+')) {
    const parts = w.split('+').map((p) => med(out, peer, p));
    return parts.includes(null) ? null : parts.reduce((a, b) => a + b, 0);
  }
  const r = out.peers[peer]?.results?.[w];
  return r && !r.error && typeof r.median === 'number' ? r.median : null;
}

function ratio(a, b) {
  return a !== null && b !== null && b > 0 ? a / b : null;
}

/** Adds out.ratios and out.targets (same-run ratios of medians). */
function analyse(out) {
  const ws = Object.keys(out.workloads);
  out.ratios = { vsMemcpy: {}, h5tablesSpeedup: {} };
  for (const w of ws) {
    out.ratios.vsMemcpy[w] = {};
    out.ratios.h5tablesSpeedup[w] = {};
    for (const p of PEERS.filter((p) => p !== 'memcpy')) {
      out.ratios.vsMemcpy[w][p] = ratio(med(out, p, w), med(out, 'memcpy', w));
      if (p !== 'h5tables') out.ratios.h5tablesSpeedup[w][p] = ratio(med(out, p, w), med(out, 'h5tables', w));
    }
  }
  out.targets = TARGETS.filter(([w]) => w.split('+').every((p) => ws.includes(p))).map(
    ([w, num, den, bound, text]) => {
      const across = ratio(med(out, num, w), med(out, den, w));
      // Against memcpy, h5tables' own interleaved reference is the sharper measure.
      const paired =
        num === 'h5tables' && den === 'memcpy'
          ? (out.peers.h5tables?.results?.[w]?.pairedRatio ?? null)
          : null;
      const value = paired ?? across;
      const pass = value === null ? null : bound.max !== undefined ? value <= bound.max : value >= bound.min;
      return {
        workload: w,
        text,
        value,
        paired,
        across,
        bound,
        result: pass === null ? 'n/a' : pass ? 'PASS' : 'MISS',
      };
    },
  );
  return out;
}

const ms = (x) =>
  x === null || x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const x2 = (x) => (x === null || x === undefined ? '–' : `${x.toFixed(2)}x`);

function cell(out, peer, w) {
  const p = out.peers[peer];
  if (!p) return 'not run';
  if (!p.available) return 'n/a';
  const r = p.results?.[w];
  if (!r) return '–';
  if (r.error) return /wrong result/.test(r.error) ? 'WRONG' : 'error';
  if (r.unavailable) return 'n/a';
  return `${ms(r.median)} (${ms(Math.min(...r.times))}–${ms(Math.max(...r.times))})`;
}

function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** W6/W7: each peer's compressed image (size, chunkshape) and why a peer could not run them. */
function chunkedSection(out, peers, ws) {
  const cw = ws.filter((w) => w === 'W6' || w === 'W7');
  if (!cw.length) return [];
  const rows = [];
  const reasons = [];
  for (const p of peers.filter((p) => p !== 'memcpy')) {
    const peer = out.peers[p];
    if (!peer?.available) continue;
    const r = cw.map((w) => peer.results?.[w]).find((r) => r?.detail?.imageBytes);
    if (r) {
      const d = r.detail;
      const raw = (out.n ?? 10_000_000) * 8;
      rows.push([
        LABEL[p],
        d.imageBytes.toLocaleString('en-US'),
        `${(raw / d.imageBytes).toFixed(1)}x`,
        d.chunkshape ? `[${d.chunkshape.join(', ')}]` : '–',
      ]);
    }
    // One line per reason (W6 and W7 usually share theirs).
    const byReason = new Map();
    for (const w of cw) {
      const u = peer.results?.[w]?.unavailable;
      if (u) byReason.set(u, [...(byReason.get(u) || []), w]);
    }
    for (const [u, w] of byReason) reasons.push(`- ${LABEL[p]}, ${w.join(' and ')}: not available: ${u}.`);
  }
  const lines = ['## W6/W7: the compressed images', ''];
  if (rows.length) {
    lines.push(table(['', 'image bytes', '80 MB / image', 'chunkshape (elements)'], rows), '');
  }
  if (reasons.length) lines.push(...reasons, '');
  const notes = ['h5tables', 'h5wasm'].map((p) => out.peers[p]?.notes?.chunked).filter(Boolean);
  for (const [p, text] of [
    ['h5tables', out.peers.h5tables?.notes?.chunked],
    ['h5wasm', out.peers.h5wasm?.notes?.chunked],
  ]) {
    if (text) lines.push(`- ${LABEL[p]} writes W6 with ${text}.`);
  }
  if (notes.length) lines.push('');
  return lines;
}

/** W8/W9: each peer's query, the rows it found (all equal to the expectation, or WRONG) and its chunkshape. */
function tableSection(out, peers, ws) {
  const tw = ws.filter((w) => w === 'W8' || w === 'W9');
  if (!tw.length) return [];
  const lines = ['## W8/W9: the table and its query', ''];
  const expect = out.tableExpect;
  if (expect) {
    lines.push(
      `Condition \`${expect.query}\` over ${(out.tableRows ?? 1_000_000).toLocaleString('en-US')} rows: ${expect.count.toLocaleString('en-US')} rows match (computed by a plain loop over the same columns in run.js; every peer's count, sum of \`a\` and first and last matching row are compared with it).`,
      '',
    );
  }
  const rows = [];
  const reasons = [];
  for (const p of peers.filter((p) => p !== 'memcpy')) {
    const peer = out.peers[p];
    if (!peer?.available) continue;
    const r = tw.map((w) => peer.results?.[w]).find((r) => r?.detail?.count !== undefined);
    if (r) {
      const d = r.detail;
      const w8 = peer.results?.W8?.detail;
      rows.push([
        LABEL[p],
        d.query ?? '–',
        d.count.toLocaleString('en-US'),
        d.chunkshape ? `[${d.chunkshape}]` : '–',
        w8?.buildMs !== undefined ? `${ms(w8.buildMs)} + ${ms(w8.queryMs)}` : '–',
      ]);
    }
    for (const w of tw) {
      const u = peer.results?.[w]?.unavailable;
      if (u) reasons.push(`- ${LABEL[p]}, ${w}: not available: ${u}.`);
    }
  }
  if (rows.length) {
    lines.push(
      table(['', 'query', 'rows found', 'chunkshape (rows)', 'W8: create + append, then query (ms)'], rows),
      '',
    );
  }
  if (reasons.length) lines.push(...reasons, '');
  for (const p of ['h5tables', 'h5wasm']) {
    const text = out.peers[p]?.notes?.table;
    if (text) lines.push(`- ${LABEL[p]}: ${text}.`);
  }
  if (out.peers.pytables?.available) {
    lines.push(
      "- PyTables: `create_table('/', 't', {a: Int32Col(), b: Float64Col(), s: StringCol(8)}, expectedrows=n)`, `append([a, b, s])` (a list of columns), `read_where(query)` (numexpr).",
    );
  }
  if (out.peers.h5py?.available) {
    lines.push(
      "- h5py (no tables, no conditions): `create_dataset('t', data=<structured array filled from the columns>, chunks=<h5tables' chunkshape>, maxshape=(None,))`, then `ds[()]` and the same condition as a numpy mask (no numexpr), `d[mask]`.",
    );
  }
  lines.push('');
  return lines;
}

/** The issue 4 targets' table (none when only W6/W7 ran). */
function targetLines(out) {
  const measured = (t) => {
    if (t.bound.max === undefined) return `${x2(t.value)} faster`;
    return t.paired !== null
      ? `${x2(t.value)} memcpy, paired (${x2(t.across)} against the memcpy column)`
      : `${x2(t.value)} memcpy`;
  };
  return [
    '## Targets (issue 4, section 5; issue 13, item 5)',
    '',
    table(
      ['target', 'measured', ''],
      out.targets.map((t) => [t.text, measured(t), t.result]),
    ),
    '',
  ];
}

/** Issue 13, item 3: each workload after all the others in one process, against a fresh one. */
function longLivedLines(out, ws) {
  const lines = ['## h5tables in one long-lived process (issue 13, item 3)', ''];
  if (!out.longLived.available) {
    lines.push(`Not run: ${String(out.longLived.error).split('\n')[0]}`, '');
    return lines;
  }
  const rows = ws.map((w) => {
    const r = out.longLived.results[w];
    const fresh = med(out, 'h5tables', w);
    if (!r || r.error || r.unavailable || typeof r.median !== 'number')
      return [w, ms(fresh), r?.error ? 'error' : '–', '–', '–'];
    const slow = ratio(r.median, fresh);
    const range = `${ms(r.median)} (${ms(Math.min(...r.times))}–${ms(Math.max(...r.times))})`;
    return [w, ms(fresh), range, x2(slow), slow === null ? 'n/a' : slow <= 1.2 ? 'PASS' : 'MISS'];
  });
  lines.push(table(['', 'fresh process', 'after all others', 'ratio', '<= 1.2x'], rows));
  lines.push('');
  lines.push(
    'One h5tables process runs every workload twice, in order; the second pass is shown (each workload after all the others, as in a server), against the fresh-process median above.',
  );
  lines.push('');
  return lines;
}

function render(out) {
  if (!out.targets) analyse(out);
  const ws = Object.keys(out.workloads);
  const peers = PEERS.filter((p) => out.peers[p]);
  const v = (p) => out.peers[p]?.versions || {};
  const m = out.machine;
  const mc = out.peers.memcpy?.notes || {};
  const h5 = out.peers.h5tables || {};
  const lines = [];
  lines.push('# h5tables benchmark');
  lines.push('');
  lines.push(
    `\`npm run bench\` (${out.command}), ${out.date}. Medians of ${out.runs} runs (${out.slowRuns} for h5wasm, PyTables and h5py), each peer after one untimed warm-up run; ratios are of medians from this same run. Every peer's output is checked (see the end).`,
  );
  lines.push('');
  lines.push('## Machine');
  lines.push('');
  const rows = [
    [
      'CPU',
      `${m.cpu}${m.cpuMHz ? ` at ${Math.round(m.cpuMHz)} MHz` : ''}, ${m.cores} cores${m.virtualised ? ', virtual machine' : ''}`,
    ],
    ['Memory', `${m.memoryGiB} GiB; transparent hugepages: ${m.transparentHugepages}`],
  ];
  if (m.loadavg1) {
    const busy = m.loadavg1.max > 1;
    rows.push([
      'Load',
      `1-minute load average ${m.loadavg1.min.toFixed(1)}–${m.loadavg1.max.toFixed(1)} during the run${busy ? ' (**other processes competed for the cores: times are inflated and noisier**)' : ''}`,
    ]);
  }
  if (mc.copyGBps) {
    rows.push([
      'Memory copy',
      `${mc.copyGBps.toFixed(1)} GB/s into a buffer already touched; first touch of a fresh 4 KiB page costs ${mc.firstTouchUsPer4KiB?.toFixed(1)} µs here`,
    ]);
  }
  rows.push(['OS', m.os], ['Node', m.node]);
  if (h5.available)
    rows.push([
      'h5tables',
      `${v('h5tables').h5tables} on HDF5 ${v('h5tables').hdf5}; image: ${h5.notes?.image}; image open: ${h5.notes?.open}`,
    ]);
  const peerRow = (p, text) =>
    rows.push([
      LABEL[p],
      out.peers[p]?.available
        ? text
        : `not available (${String(out.peers[p]?.error || 'not run').split('\n')[0]})`,
    ]);
  if (out.peers.h5wasm)
    peerRow(
      'h5wasm',
      `${v('h5wasm').h5wasm} (HDF5 ${v('h5wasm').hdf5}, WebAssembly), in its in-memory filesystem (MEMFS)`,
    );
  if (out.peers.pytables)
    peerRow(
      'pytables',
      `${v('pytables').pytables} (HDF5 ${v('pytables').hdf5}, numpy ${v('pytables').numpy}, Python ${v('pytables').python})`,
    );
  if (out.peers.h5py) peerRow('h5py', `${v('h5py').h5py} (HDF5 ${v('h5py').hdf5}, numpy ${v('h5py').numpy})`);
  lines.push(table(['', ''], rows));
  lines.push('');
  lines.push('## Workloads');
  lines.push('');
  for (const w of ws) lines.push(`- **${w}**: ${out.workloads[w]}.`);
  lines.push('');
  lines.push(
    'memcpy is the limit: the same bytes copied once into a fresh buffer in Node (`Buffer.allocUnsafe` + `Buffer.copy` for W1, W3 (an image-sized buffer) and W5 (plus `fs.writeFileSync`), `TypedArray.set` for W2, `TypedArray.slice` per slice for W4). h5wasm has no CORE driver: its W5 writes its MEMFS image to the file.',
  );
  if (ws.includes('W6') || ws.includes('W7')) {
    lines.push('');
    lines.push(
      "W6 and W7 have W1's and W2's limit (the 80 MB copied once): a compressing writer must at least read the 80 MB and a decompressing reader hand out 80 MB of fresh memory. A compressed image is small, so a writer can come in under this limit (fewer fresh pages than the copy's); the limit is not a bound there, only the scale.",
    );
  }
  if (ws.includes('W8') || ws.includes('W9')) {
    lines.push('');
    lines.push(
      "W8 and W9's limit is the table's 20 MB (20 bytes a row) copied once into a fresh buffer: what a writer must at least move and a scan at least read. A query hands out only the matching fifth of the rows, so for W9 it is the scale, not a bound.",
    );
  }
  lines.push('');
  lines.push('## Median time, ms (min–max)');
  lines.push('');
  lines.push(
    table(
      ['', ...peers.map((p) => LABEL[p])],
      ws.map((w) => [w, ...peers.map((p) => cell(out, p, w))]),
    ),
  );
  lines.push('');
  const chunked = chunkedSection(out, peers, ws);
  if (chunked.length) lines.push(...chunked);
  const tables = tableSection(out, peers, ws);
  if (tables.length) lines.push(...tables);
  lines.push('## Each peer against the memory copy (time / memcpy time; 1.00x is the limit)');
  lines.push('');
  const others = peers.filter((p) => p !== 'memcpy');
  const pairedCol = out.peers.h5tables?.available
    ? [['h5tables, paired', (w) => x2(out.peers.h5tables.results?.[w]?.pairedRatio ?? null)]]
    : [];
  lines.push(
    table(
      ['', ...others.map((p) => LABEL[p]), ...pairedCol.map(([h]) => h)],
      ws.map((w) => [
        w,
        ...others.map((p) => x2(out.ratios.vsMemcpy[w][p])),
        ...pairedCol.map(([, f]) => f(w)),
      ]),
    ),
  );
  lines.push('');
  if (pairedCol.length) {
    lines.push(
      '*h5tables, paired*: the h5tables process also runs the memcpy bodies, interleaved with its own runs (before one run, after the next); the median of the per-run ratios. The cost of fresh pages drifts between processes on this VM, so this is the sharper comparison; the targets below use it.',
    );
    lines.push('');
  }
  lines.push(
    "## h5tables' speed-up over each peer (peer time / h5tables time; above 1.00x h5tables is faster)",
  );
  lines.push('');
  const rivals = peers.filter((p) => p !== 'memcpy' && p !== 'h5tables');
  lines.push(
    table(
      ['', ...rivals.map((p) => `vs ${LABEL[p]}`)],
      ws.map((w) => [w, ...rivals.map((p) => x2(out.ratios.h5tablesSpeedup[w][p]))]),
    ),
  );
  lines.push('');
  if (out.targets.length) lines.push(...targetLines(out));
  if (out.longLived) lines.push(...longLivedLines(out, ws));
  lines.push('## Correctness');
  lines.push('');
  for (const p of peers) {
    const peer = out.peers[p];
    if (!peer.available) continue;
    const bad = Object.entries(peer.results || {}).filter(([, r]) => r.error);
    const ok = Object.entries(peer.results || {})
      .filter(([, r]) => !r.error && r.verified)
      .map(([w]) => w);
    let line = `- ${LABEL[p]}: ${ok.length ? `${ok.join(', ')} checked` : 'nothing checked'}`;
    if (bad.length)
      line += `; ${bad.map(([w, r]) => `**${w} failed**: ${r.error.split('\n')[0]}`).join('; ')}`;
    const na = Object.entries(peer.results || {}).filter(([, r]) => r.unavailable);
    if (na.length) line += `; ${na.map(([w]) => w).join(', ')} not available`;
    if (peer.notes?.crossCheck) line += `; ${peer.notes.crossCheck}`;
    if (peer.notes?.tableCrossCheck) line += `; ${peer.notes.tableCrossCheck}`;
    lines.push(line + '.');
  }
  lines.push('');
  lines.push(
    "W1, W2, W5: the image (or the array read) is reopened and all 10 million elements compared with 0, 1, 2, …; W5 also reads the file back from disk. W3: 1000 groups present, four groups' arrays and attributes compared, and (h5tables, PyTables) the CLASS system attributes present. W4: the first and last element of every slice compared with its start. Every run is checked for W2 and W4; the warm-up and last run for W1, W3 and W5 (their checks allocate another image worth of fresh memory, which would change the next run's page-fault cost).",
  );
  if (ws.includes('W6') || ws.includes('W7')) {
    lines.push('');
    lines.push(
      "W6: the image is reopened (warm-up and last run) and must hold a CArray (h5tables, PyTables) with blosc:lz4, complevel 5 and shuffle (h5wasm: blosc's parameters in the dataset's filter pipeline say so; h5py: blosc in the pipeline), whose 10 million elements are 0, 1, 2, …. W7: every run's array compared in full. Outside the timed runs, PyTables reads h5tables' W6 image and h5tables reads PyTables' (the same checks).",
    );
  }
  if (ws.includes('W8') || ws.includes('W9')) {
    lines.push('');
    lines.push(
      "W8, W9: every run's query result is compared with the expectation computed by run.js (the number of rows, the sum of their `a`, the first and last row's values), and W8's table holds 1,000,000 rows. Outside the timed runs, PyTables queries h5tables' W8 table and h5tables queries PyTables' (the same checks).",
    );
  }
  lines.push('');
  return lines.join('\n');
}

module.exports = { analyse, render, TARGETS };

if (require.main === module) {
  const file = process.argv[2] || path.join(__dirname, 'results.json');
  const out = JSON.parse(fs.readFileSync(file, 'utf8'));
  const md = render(analyse(out));
  fs.writeFileSync(path.join(path.dirname(file), 'results.md'), md);
  process.stdout.write(md);
}
