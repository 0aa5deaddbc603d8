'use strict';
// A fuzz worker: runs cases one at a time, each named by the parent on stdin as one JSON
// line { id, way, file, calls? }. Before anything runs, it reports on fd 3 (a pipe, written
// synchronously so that the parent has it even when this process dies the next instant):
//   ready                     the package and the addon are loaded
//   start <id>                a case begins
//   call <native call>        the binding is about to be called (see trace.js)
//   step <probe step>         a probe step begins (see probes.js)
//   end <json>                the case finished: { id, outcome: 'read' | 'error' | 'bad', ... }
// usage: node child.js DIST_DIR
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const { installTracer } = require('./trace');
const { Session, probe, probeCalls } = require('./probes');
const { WAYS } = require('./ways');

const REPORT_FD = 3;
function report(line) {
  fs.writeSync(REPORT_FD, `${line.replace(/\n/g, '\\n')}\n`);
}

const dist = path.resolve(process.argv[2]);
const traced = installTracer(dist, (c) => report(`call ${c}`));
const h5 = require(dist);
h5.hdf5Version(); // loads the addon now, outside any case

async function runCase({ id, way, file, calls }) {
  const w = WAYS[way];
  if (!w) throw new Error(`unknown way ${way}`);
  const s = new Session(report);
  const f = await s.runAsync(`open ${way}`, () => w.open(h5, file));
  if (f) {
    try {
      if (calls && calls.length) await probeCalls(s, f, calls, w.async);
      await probe(s, h5, f, w.writable, w.async);
    } finally {
      try {
        if (f.isOpen) f.close();
      } catch (err) {
        s.note('final close', err);
      }
    }
  }
  const outcome = s.bad.length ? 'bad' : s.errors.length ? 'error' : 'read';
  return { id, outcome, opened: Boolean(f), steps: s.steps, errors: s.errors, bad: s.bad, calls: s.calls };
}

async function main() {
  report(`ready ${JSON.stringify({ traced, hdf5: h5.hdf5Version() })}`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    report(`start ${c.id}`);
    const result = await runCase(c);
    report(`end ${JSON.stringify(result)}`);
  }
}

main().catch((err) => {
  report(`fatal ${String(err && err.stack)}`);
  process.exit(70);
});
