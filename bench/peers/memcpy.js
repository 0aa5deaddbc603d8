'use strict';
// The limit: the same bytes copied once into a fresh buffer, in Node (see ../limits.js).

const c = require('../common');
const { makeLimits } = require('../limits');

async function run(config) {
  const data = c.makeData(config.n);
  const limits = makeLimits(config, data);
  const runs = config.runs;
  const table = {};
  for (const w of ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8', 'W9']) {
    const { setup, body, check } = limits[w];
    table[w] = () => c.measure({ runs, setup, body, check });
  }
  const results = await c.runWorkloads(config, table);

  // For the machine's description (with W1): the same copy into a buffer already touched
  // (no page faults), i.e. the memory bandwidth, and so the cost of first-touch page faults.
  const notes = {};
  if (results.W3) notes.w3Bytes = limits.w3Bytes;
  if (results.W1 && results.W1.times) {
    const src = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const warm = Buffer.allocUnsafe(src.length);
    src.copy(warm);
    const warmMs = c.median((await c.measure({ runs, body: () => src.copy(warm) })).times);
    notes.warmCopyMs = warmMs;
    notes.copyGBps = src.length / warmMs / 1e6;
    notes.firstTouchUsPer4KiB = ((c.median(results.W1.times) - warmMs) * 1e3) / (src.length / 4096);
  }
  return { peer: 'memcpy', available: true, versions: { node: process.version }, notes, results };
}

module.exports = { run };
c.peerMain(module, 'memcpy');
