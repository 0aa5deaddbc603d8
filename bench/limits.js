'use strict';
// The memory-copy limit of each workload: the same bytes copied once into a fresh buffer in
// Node (Buffer.copy, TypedArray.set/slice), as any library that hands out a new image or
// array must at least do. Fresh buffers (Buffer.allocUnsafe: not pooled at these sizes) pay
// their first-touch page faults, as HDF5's buffers do. W5 adds writing the bytes to a file.
//
// Used by peers/memcpy.js (the memcpy column) and by peers/h5tables.js, which runs the same
// bodies interleaved with its own runs (a paired, same-process reference: on this VM the
// cost of fresh pages drifts between processes by tens of percent).

const fs = require('node:fs');
const path = require('node:path');
const c = require('./common');

/**
 * { W1..W7: { body(state), check(out) } } over the shared config and data. W6 and W7 (the
 * chunked, compressed workloads) have W1's and W2's limit: the 80 MB copied once, since the
 * best a compressing writer or a decompressing reader can do is to hand out the same bytes.
 * W8 and W9 (the table) copy the table's bytes once (20 bytes a row: int32, float64 and
 * the 8-byte string): what a writer must at least move and what a scan must at least read.
 * A query hands out only the matching fifth, so for W9 the limit is the scale, not a bound.
 */
function makeLimits(config, data, tag = 'memcpy') {
  const n = config.n;
  const src = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let image;
  let w3Src;
  let starts;
  const copyOut = () => {
    const out = Buffer.allocUnsafe(src.length);
    src.copy(out);
    return out;
  };
  const checkBytes = (out) => c.must(out.equals(src) ? null : 'bytes differ');
  const w3Bytes = config.w3Bytes || config.w3Groups * (config.w3Len * 8 + 8);
  const w5File = path.join(config.tmpDir, `${tag}-w5.bin`);
  // The table's columns as bytes (a, then b, then s), made on first use.
  let tableBytes;
  const tableCopy = {
    body: () => {
      if (!tableBytes) {
        const t = c.makeTableData(config.tableRows);
        tableBytes = Buffer.concat([
          Buffer.from(t.a.buffer),
          Buffer.from(t.b.buffer),
          Buffer.from(t.s.join(''), 'latin1'),
        ]);
      }
      const out = Buffer.allocUnsafe(tableBytes.length);
      tableBytes.copy(out);
      return out;
    },
    check: (out) => c.must(out.equals(tableBytes) ? null : 'bytes differ'),
  };
  const w2 = {
    body: () => {
      // From an "image" whose array starts at a 2048-byte offset, as HDF5's does.
      if (!image) {
        image = Buffer.alloc(src.length + 2048);
        src.copy(image, 2048);
      }
      const out = new Float64Array(Buffer.allocUnsafe(n * 8).buffer, 0, n);
      out.set(new Float64Array(image.buffer, image.byteOffset + 2048, n));
      return out;
    },
    check: (x) => c.must(c.checkRamp(x, n)),
  };
  return {
    w3Bytes,
    W1: { body: copyOut, check: checkBytes },
    W2: w2,
    W6: { body: copyOut, check: checkBytes },
    W7: w2,
    W8: tableCopy,
    W9: tableCopy,
    // W3: an image-sized buffer (h5tables' W3 image size, passed by run.js, else the payload).
    W3: {
      body: () => {
        w3Src ??= Buffer.alloc(w3Bytes, 7);
        const out = Buffer.allocUnsafe(w3Bytes);
        w3Src.copy(out);
        return out;
      },
      check: (out) => c.must(out.equals(w3Src) ? null : 'bytes differ'),
    },
    W4: {
      body: () => {
        starts ??= c.readStarts(config.startsFile);
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
    },
    W5: {
      setup: () => fs.rmSync(w5File, { force: true }),
      body: () => {
        const out = copyOut();
        fs.writeFileSync(w5File, out);
        return out;
      },
      check: (out) => {
        checkBytes(out);
        c.must(fs.statSync(w5File).size === src.length ? null : 'file size');
      },
    },
  };
}

module.exports = { makeLimits };
