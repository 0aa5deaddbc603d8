// Child process for test/model/lifetime.test.ts (run with --expose-gc): drops Files without
// close() and reports, as one JSON line, what a later open of the same path sees.
// argv: <path of lib/index.ts or dist/index.js> <scratch dir>
const path = require('node:path');
const h5 = require(process.argv[2]);
const dir = process.argv[3];

/** Collects garbage until `attempt` succeeds (FinalizationRegistry callbacks need turns of the loop). */
async function afterGc(attempt, rounds = 50) {
  let last;
  for (let i = 0; i < rounds; i++) {
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    try {
      return { ok: true, value: attempt() };
    } catch (err) {
      last = err;
    }
  }
  return { ok: false, error: last.message };
}

function drop(p, mode, options) {
  const f = h5.openFile(p, mode, options);
  if (f.mode !== 'r') f.createArray('/', 'x', [1, 2, 3], 'dropped');
}

(async () => {
  const out = {};
  // 1. A disk file dropped open: GC closes it, so its data is there and 'w' may reopen it.
  const a = path.join(dir, 'a.h5');
  drop(a, 'w');
  const reread = await afterGc(() => {
    const f = h5.openFile(a, 'r');
    try {
      return Array.from(f.root.x.read().data);
    } finally {
      f.close();
    }
  });
  out.readAfterDrop = reread;
  out.writeAfterDrop = await afterGc(() => h5.openFile(a, 'w').close());

  // 2. A File kept alive by one of its nodes stays open and registered.
  const b = path.join(dir, 'b.h5');
  let kept = (() => {
    const f = h5.openFile(b, 'w');
    return f.createArray('/', 'x', [4]);
  })();
  out.whileNodeHeld = await afterGc(() => h5.openFile(b, 'w').close(), 5);
  out.nodeStillOpen = kept.isOpen;
  kept = null;
  out.afterNodeDropped = await afterGc(() => h5.openFile(b, 'w').close());

  // 3. A CORE file with a backing store, and one opened 'r', dropped likewise.
  const c = path.join(dir, 'c.h5');
  drop(c, 'w', { driver: 'H5FD_CORE' });
  out.coreAfterDrop = await afterGc(() => {
    const f = h5.openFile(c, 'a');
    try {
      return f.root.x.title;
    } finally {
      f.close();
    }
  });
  // 'a' may open beside a held CORE file (PyTables' rule), 'r' may not: wait until GC
  // has released the dropped CORE file before dropping a read-only one.
  out.readOnlyOpened = await afterGc(() => drop(c, 'r'));
  out.readOnlyAfterDrop = await afterGc(() => h5.openFile(c, 'w').close());

  // 4. close() then GC: nothing is closed or released twice (a later open of the path stays refused).
  const d = path.join(dir, 'd.h5');
  h5.openFile(d, 'w').close();
  const live = h5.openFile(d, 'a');
  out.liveRefusesW = await afterGc(() => h5.openFile(d, 'w').close(), 5);
  live.close();
  console.log(JSON.stringify(out));
})();
