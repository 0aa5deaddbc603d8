'use strict';
// A worker for test/model/source.test.ts: opens workerData.bytes through a source whose
// reads past the first block never resolve, starts a read, and says 'pending' once the
// source was asked (the test then terminates it).
const { parentPort, workerData } = require('node:worker_threads');
const h5 = require('../../dist');

const bytes = Buffer.from(workerData.bytes);
let hang = false;
const source = {
  size: bytes.length,
  read(offset, length) {
    if (!hang) return Promise.resolve(bytes.subarray(offset, offset + length));
    parentPort.postMessage('pending');
    return new Promise(() => undefined);
  },
};
h5.openFileAsync('w.h5', 'r', { source, sourceCache: { blockSize: 1024 } }).then((f) => {
  hang = true;
  f.getNode('/carr')
    .readAsync()
    .catch(() => undefined);
});
