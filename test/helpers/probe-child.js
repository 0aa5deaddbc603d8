'use strict';
// A child process for test/robustness/header-flush.test.ts, over the compiled package (dist/):
//   node probe-child.js <file> <way>
// runs the fuzzer's probes (scripts/fuzz/probes.js) on <file> opened in <way>, then churns
// the heap (a corruption HDF5 left behind aborts in malloc/free there, or at exit), and
// prints {"steps", "errors": [{ step, code, message }]}.
const h5 = require('../../dist');
const { Session, probe } = require('../../scripts/fuzz/probes');
const { WAYS } = require('../../scripts/fuzz/ways');

async function main() {
  const [file, way] = process.argv.slice(2);
  const w = WAYS[way];
  const s = new Session(() => {});
  s.errors = [];
  s.note = (step, err) => s.errors.push({ step, code: err && err.code, message: String(err && err.message) });
  const f = await s.runAsync(`open ${way}`, () => w.open(h5, file));
  if (f) await probe(s, h5, f, w.writable, w.async);
  for (let i = 0; i < 50; i++) {
    const kept = [];
    for (let k = 0; k < 1000; k++) kept.push(Buffer.alloc((k * 37) % 4096));
  }
  process.stdout.write(`${JSON.stringify({ steps: s.steps, errors: s.errors })}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(String(err && err.stack));
    process.exit(2);
  },
);
