'use strict';
// A worker_threads fixture for test/model/held-files.test.ts: opens workerData.path with
// workerData.mode and .options over the compiled package (dist/), says 'ready' and holds
// the file until told: 'append' (adds /from_worker, flushes), 'read' (sends /data) or 'close'.
const { parentPort, workerData } = require('node:worker_threads');
const h5 = require('../../dist');

function run() {
  const f = h5.openFile(workerData.path, workerData.mode, workerData.options);
  parentPort.on('message', (command) => {
    try {
      if (command === 'append') {
        f.createArray('/', 'from_worker', Float64Array.of(4, 5, 6));
        f.flush();
        parentPort.postMessage({ kind: 'appended' });
      } else if (command === 'read') {
        parentPort.postMessage({ kind: 'read', data: Array.from(f.getNode('/data').read().data) });
      } else {
        f.close();
        parentPort.postMessage({ kind: 'closed' });
        parentPort.close();
      }
    } catch (err) {
      parentPort.postMessage({ kind: 'error', message: String(err && err.stack) });
    }
  });
  parentPort.postMessage({ kind: 'ready' });
}

try {
  run();
} catch (err) {
  parentPort.postMessage({ kind: 'error', message: String(err && err.stack) });
}
