'use strict';
// A worker_threads fixture for test/workers.test.ts. Plain JavaScript over the compiled
// package (dist/), so a worker needs no TypeScript loader. workerData.task says what to do.
const { parentPort, workerData } = require('node:worker_threads');
const h5 = require('../../dist');

const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false };

/** The content worker `id` writes: x[i] = id * 1e6 + i. */
function content(id, n) {
  return Float64Array.from({ length: n }, (_, i) => id * 1e6 + i);
}

/**
 * Builds a file in memory, takes its image with `take` ('get', 'getAsync', 'take' or
 * 'takeAsync') and transfers the image's ArrayBuffer to the parent. Where the buffer cannot
 * be transferred (postMessage throws), it is sent as a copy and transferError says why.
 */
async function build({ id, rows, cols, useAsync, take = 'get' }) {
  const data = content(id, rows * cols);
  const options = { ...MEM, title: `worker ${id}` };
  const f = useAsync ? await h5.openFileAsync(`worker-${id}.h5`, 'w', options) : h5.openFile(`worker-${id}.h5`, 'w', options);
  const a = useAsync
    ? await f.createArrayAsync('/', 'data', { data, shape: [rows, cols] }, `data of ${id}`)
    : f.createArray('/', 'data', { data, shape: [rows, cols] }, `data of ${id}`);
  a.attrs.set('worker', id);
  let image;
  if (take === 'get') image = f.getFileImage();
  else if (take === 'getAsync') image = await f.getFileImageAsync();
  else if (take === 'take') image = f.takeFileImage();
  else image = await f.takeFileImageAsync();
  if (useAsync) await f.closeAsync();
  else f.close();
  const buffer = image.buffer;
  const whole = image.byteOffset === 0 && image.byteLength === buffer.byteLength;
  const message = { kind: 'image', id, image: buffer, whole, length: image.length };
  let transferError = null;
  try {
    parentPort.postMessage(message, [buffer]);
  } catch (err) {
    transferError = String(err && err.message);
    parentPort.postMessage(message);
  }
  // After a transfer the worker's views see a detached buffer (byteLength 0).
  parentPort.postMessage({ kind: 'after', id, bufferByteLength: buffer.byteLength, imageLength: image.length, transferError });
}

/**
 * Opens files (one on disk, one in memory), queues reads (`pending` small ones, so results
 * keep arriving while the worker goes away) and leaves without closing anything: `how` is
 * 'return' (the script ends), 'exit' (process.exit in the worker with reads queued) or
 * 'wait' (reads keep coming until the parent terminates the worker).
 */
async function leaveOpen({ path, how, pending = 10 }) {
  const disk = h5.openFile(path, 'w');
  const big = disk.createArray('/', 'a', { data: content(1, 1_000_000), shape: [10_000, 100] });
  const mem = await h5.openFileAsync('left.h5', 'w', MEM);
  const small = await mem.createArrayAsync('/', 'b', content(2, 1000));
  const reads = [mem.createArrayAsync('/', 'c', content(3, 100_000))];
  for (let i = 0; i < 10; i++) reads.push(big.readAsync());
  for (let i = 0; i < pending; i++) reads.push(small.readAsync(0, 10));
  parentPort.postMessage({ kind: 'ready' });
  if (how === 'exit') process.exit(0);
  if (how === 'return') await Promise.all(reads);
  if (how === 'wait') setInterval(() => void small.readAsync(0, 10), 0);
}

const tasks = {
  version: async () => parentPort.postMessage({ kind: 'version', version: h5.hdf5Version() }),
  build,
  leaveOpen,
};

tasks[workerData.task](workerData).catch((err) => {
  parentPort.postMessage({ kind: 'error', message: String(err && err.stack) });
});
