'use strict';
// A worker_threads fixture for test/model/workers.test.ts. Plain JavaScript over the compiled
// package (dist/), so a worker needs no TypeScript loader. workerData.task says what to do.
// Run as a plain script (`node worker-h5.js '<json>'`), it does the same on the main
// thread, taking its data from argv and printing its messages as JSON lines.
const { isMainThread, parentPort, workerData } = require('node:worker_threads');
const h5 = require('../../dist');

const input = isMainThread ? JSON.parse(process.argv[2]) : workerData;
const send = isMainThread
  ? (m) => process.stdout.write(`${JSON.stringify(m)}\n`)
  : (m) => parentPort.postMessage(m);

const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false };

/** The content worker `id` writes: x[i] = id * 1e6 + i. */
function content(id, n) {
  return Float64Array.from({ length: n }, (_, i) => id * 1e6 + i);
}

/**
 * Transfers `view`'s ArrayBuffer to the parent in `message` (as message.buffer). Where it
 * cannot be transferred (postMessage throws), it is sent as a copy. Then reports, in an
 * 'after' message, what the worker's buffer looks like (byteLength 0: detached, moved)
 * and transferError.
 */
function sendMoved(message, view) {
  const buffer = view.buffer;
  const whole = view.byteOffset === 0 && view.byteLength === buffer.byteLength;
  const sent = { ...message, buffer, whole, length: view.length };
  let transferError = null;
  try {
    parentPort.postMessage(sent, [buffer]);
  } catch (err) {
    transferError = String(err && err.message);
    parentPort.postMessage(sent);
  }
  // After a transfer the worker's views see a detached buffer (byteLength 0).
  parentPort.postMessage({
    kind: 'after',
    id: message.id,
    bufferByteLength: buffer.byteLength,
    viewLength: view.length,
    transferError,
  });
}

/**
 * Builds a file in memory, takes its image with `take` ('get', 'getAsync', 'take',
 * 'takeAsync', or 'takeCopy': takeFileImage() copied into a new Uint8Array, what the README
 * says to do instead) and transfers the image's ArrayBuffer to the parent (sendMoved).
 */
async function build({ id, rows, cols, useAsync, take = 'get' }) {
  const data = content(id, rows * cols);
  const options = { ...MEM, title: `worker ${id}` };
  const f = useAsync
    ? await h5.openFileAsync(`worker-${id}.h5`, 'w', options)
    : h5.openFile(`worker-${id}.h5`, 'w', options);
  const a = useAsync
    ? await f.createArrayAsync('/', 'data', { data, shape: [rows, cols] }, `data of ${id}`)
    : f.createArray('/', 'data', { data, shape: [rows, cols] }, `data of ${id}`);
  a.attrs.set('worker', id);
  let image;
  if (take === 'get') image = f.getFileImage();
  else if (take === 'getAsync') image = await f.getFileImageAsync();
  else if (take === 'take') image = f.takeFileImage();
  else if (take === 'takeCopy') image = new Uint8Array(f.takeFileImage());
  else image = await f.takeFileImageAsync();
  if (useAsync) await f.closeAsync();
  else f.close();
  sendMoved({ kind: 'image', id }, image);
}

/**
 * Reads an array of `n` float64 (content(id, n)) from a file in memory and transfers each
 * result's ArrayBuffer to the parent: read() and readAsync(), whole and a slice, with the
 * array made here (its size known) and opened again from an image (`fresh`: nothing
 * known before the first read).
 */
async function read({ id, n, fresh }) {
  let f = h5.openFile(`read-${id}.h5`, 'w', MEM);
  f.createArray('/', 'x', content(id, n));
  if (fresh) {
    const image = f.takeFileImage();
    f = await h5.openFileAsync(`read-${id}-again.h5`, 'r', { ...MEM, driverCoreImage: image });
  }
  const x = f.getNode('/x');
  const reads = [
    ['readAsync', await x.readAsync()],
    ['readAsync slice', await x.readAsync(n - 10, n)],
    ['read', x.read()],
    ['read slice', x.read(0, 10)],
  ];
  for (const [how, result] of reads) sendMoved({ kind: 'read', id, how }, result.data);
  await f.closeAsync();
}

/**
 * Opens files (one on disk, one in memory), queues reads (`big` whole reads of a
 * `rows` x 100 float64 array, `pending` small ones, so results keep arriving while the worker goes away) and
 * leaves without closing anything: `how` is 'return' (the script ends), 'exit'
 * (process.exit(0) `after` ms, reads still queued) or 'wait' (reads keep coming until the
 * parent terminates the worker or, on the main thread, the process exits `after` ms later).
 */
async function leaveOpen({ path, how, pending = 10, big: bigReads = 10, rows = 10_000, after = 0 }) {
  const disk = h5.openFile(path, 'w');
  const big = disk.createArray('/', 'a', { data: content(1, rows * 100), shape: [rows, 100] });
  const mem = await h5.openFileAsync('left.h5', 'w', MEM);
  const small = await mem.createArrayAsync('/', 'b', content(2, 1000));
  const reads = [mem.createArrayAsync('/', 'c', content(3, 100_000))];
  for (let i = 0; i < bigReads; i++) reads.push(big.readAsync(), mem.getNode('/b').readAsync());
  for (let i = 0; i < pending; i++) reads.push(small.readAsync(0, 10));
  send({ kind: 'ready' });
  if (how === 'exit') {
    if (after > 0) setTimeout(() => process.exit(0), after);
    else process.exit(0);
  }
  if (how === 'return') await Promise.all(reads);
  if (how === 'wait') setInterval(() => void small.readAsync(0, 10), 0);
  if (how === 'wait' && isMainThread) setTimeout(() => process.exit(7), after);
}

/**
 * Writes into files it never closes or flushes, then leaves as `how` says: 'return' (the
 * script ends), 'exit' (process.exit(0)), 'throw' (an uncaught exception) or 'wait' (until
 * the parent terminates the worker). Files, in `dir`: w.h5 (SEC2, mode 'w'), a.h5 (made by
 * the test, opened 'a' to add /new and an attribute), core.h5 (CORE with backing store).
 * Half the data is written through the Promise API.
 */
async function writeAndLeave({ dir, how }) {
  const w = h5.openFile(`${dir}/w.h5`, 'w', { title: 'left open' });
  w.createArray('/', 'x', content(4, 50_000), 'x title');
  w.createGroup('/', 'g');
  await w.createArrayAsync(
    '/g',
    'y',
    Int32Array.from({ length: 1000 }, (_, i) => -i),
  );
  w.setNodeAttr('/', 'note', 'written, never closed');
  const a = await h5.openFileAsync(`${dir}/a.h5`, 'a');
  await a.createArrayAsync('/', 'new', content(5, 20_000));
  a.setNodeAttr('/old', 'touched', 42);
  const core = h5.openFile(`${dir}/core.h5`, 'w', { driver: 'H5FD_CORE' });
  core.createArray('/', 'z', content(6, 30_000));
  await core.createArrayAsync('/', 'z2', Float32Array.of(1.5, 2.5, 3.5));
  // The files stay referenced (no GC closes them first) and the reads keep HDF5 busy.
  globalThis.kept = [w, a, core, w.getNode('/x').readAsync(), core.getNode('/z').readAsync()];
  send({ kind: 'ready' });
  if (how === 'exit') process.exit(0);
  if (how === 'throw') {
    setTimeout(() => {
      throw new Error('left with files open');
    }, 0);
  }
  if (how === 'wait') setInterval(() => {}, 1000);
}

const tasks = {
  version: async () => send({ kind: 'version', version: h5.hdf5Version() }),
  build,
  read,
  leaveOpen,
  writeAndLeave,
};

tasks[input.task](input).catch((err) => {
  send({ kind: 'error', message: String(err && err.stack) });
});
