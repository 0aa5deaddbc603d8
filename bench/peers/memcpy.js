'use strict';
// The limit: the same bytes copied once into a fresh buffer, in Node (Buffer.copy,
// TypedArray.set/slice), as any library that hands out a new image or array must at least do.
// Fresh buffers (Buffer.allocUnsafe, not pooled at these sizes) pay their page faults, as
// HDF5's buffers do. W5 adds writing those bytes to a file (fs.writeFileSync).

const fs = require('node:fs');
const path = require('node:path');
const c = require('../common');

async function run(config) {
  const n = config.n;
  const data = c.makeData(n);
  const src = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const starts = c.readStarts(config.startsFile);
  const runs = config.runs;

  const copyOut = () => {
    const out = Buffer.allocUnsafe(src.length);
    src.copy(out);
    return out;
  };
  const checkBytes = (out) => c.must(out.equals(src) ? null : 'bytes differ');

  // An "image" whose array starts at a 2048-byte offset, as HDF5's does.
  const image = Buffer.alloc(src.length + 2048);
  src.copy(image, 2048);

  // W3: an image of the size h5tables produced (run.js passes it), else the raw payload.
  const w3Bytes = config.w3Bytes || config.w3Groups * (config.w3Len * 8 + 8);
  const w3Src = Buffer.alloc(w3Bytes, 7);

  const results = await c.runWorkloads(config, {
    W1: () => c.measure({ runs, body: copyOut, check: checkBytes }),
    W2: () =>
      c.measure({
        runs,
        body: () => {
          const out = new Float64Array(Buffer.allocUnsafe(n * 8).buffer, 0, n);
          out.set(new Float64Array(image.buffer, image.byteOffset + 2048, n));
          return out;
        },
        check: (x) => c.must(c.checkRamp(x, n)),
      }),
    W3: () =>
      c.measure({
        runs,
        body: () => {
          const out = Buffer.allocUnsafe(w3Bytes);
          w3Src.copy(out);
          return out;
        },
        check: (out) => c.must(out.equals(w3Src) ? null : 'bytes differ'),
      }),
    W4: () =>
      c.measure({
        runs,
        body: () => {
          const len = config.w4Len;
          const firsts = new Float64Array(starts.length);
          const lasts = new Float64Array(starts.length);
          for (let i = 0; i < starts.length; i++) {
            const s = data.slice(starts[i], starts[i] + len);
            firsts[i] = s[0];
            lasts[i] = s[len - 1];
          }
          return { firsts, lasts };
        },
        check: ({ firsts, lasts }) => c.must(c.checkSlices(firsts, lasts, starts, config.w4Len)),
      }),
    W5: () => {
      const file = path.join(config.tmpDir, 'memcpy-w5.bin');
      return c.measure({
        runs,
        setup: () => fs.rmSync(file, { force: true }),
        body: () => {
          const out = copyOut();
          fs.writeFileSync(file, out);
          return out;
        },
        check: (out) => {
          checkBytes(out);
          c.must(fs.statSync(file).size === src.length ? null : 'file size');
        },
      });
    },
  });
  // For the machine's description (with W1): the same copy into a buffer already touched
  // (no page faults), i.e. the memory bandwidth, and so the cost of first-touch page faults.
  const notes = {};
  if (config.w3Bytes || results.W3) notes.w3Bytes = w3Bytes;
  if (results.W1 && results.W1.times) {
    const warm = Buffer.allocUnsafe(src.length);
    src.copy(warm);
    const warmMs = c.median((await c.measure({ runs, body: () => src.copy(warm) })).times);
    notes.warmCopyMs = warmMs;
    notes.copyGBps = src.length / warmMs / 1e6;
    notes.firstTouchUsPer4KiB = ((c.median(results.W1.times) - warmMs) * 1e3) / (src.length / 4096);
  }
  return {
    peer: 'memcpy',
    available: true,
    versions: { node: process.version },
    notes,
    results,
  };
}

module.exports = { run };
c.peerMain(module, 'memcpy');
