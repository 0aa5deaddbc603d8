'use strict';
// Deterministic mutations of HDF5 files: the bytes of case N depend only on (seed, N) and
// the seed files, so any case can be made again from its id alone (`--case SEED:N`).

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One 32-bit seed per (run seed, case index), so cases are independent of each other. */
function caseSeed(seed, index) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

// HDF5's on-disk structures start with these 4-byte signatures: writing near one hits the
// metadata (object headers, B-trees, heaps, fractal heaps, free space) instead of raw data.
const SIGNATURES = [
  'OHDR',
  'OCHK',
  'TREE',
  'HEAP',
  'SNOD',
  'GCOL',
  'BTHD',
  'BTIN',
  'BTLF',
  'FRHP',
  'FHDB',
  'FHIB',
  'FSHD',
  'FSSE',
  'EADB',
  'EAHD',
  'EAIB',
  'EASB',
  'FADB',
  'FAHD',
];

/** Offsets of every structure signature in a file (and 0 for the superblock). */
function structureOffsets(bytes) {
  const found = [0];
  for (const sig of SIGNATURES) {
    let at = bytes.indexOf(sig);
    while (at >= 0) {
      found.push(at);
      at = bytes.indexOf(sig, at + 4);
    }
  }
  return found.sort((a, b) => a - b);
}

/** Values that break length and offset arithmetic, as unsigned 64-bit integers. */
function interestingValues(length) {
  const v = [
    0n,
    1n,
    2n,
    0x7fn,
    0x80n,
    0xffn,
    0x100n,
    0x7fffn,
    0x8000n,
    0xffffn,
    0x10000n,
    0x7fffffffn,
    0x80000000n,
    0xffffffffn,
    0x100000000n,
    0x7fffffffffffffffn,
    0x8000000000000000n,
    0xffffffffffffffffn,
    0xfffffffffffffffen,
    1n << 61n,
    5n << 30n,
  ];
  for (const d of [-1, 0, 1, 8]) if (length + d >= 0) v.push(BigInt(length + d));
  return v;
}

/**
 * A mutator over one seed: `mutate(rand, others)` returns { bytes, desc } where desc says
 * what was done (for TRIAGE lines). `others` are the other seeds' bytes, for splices.
 */
function mutate(seed, rand, others) {
  const int = (n) => Math.floor(rand() * n);
  const pick = (a) => a[int(a.length)];
  const sigs = structureOffsets(seed);
  let bytes = Buffer.from(seed);
  const desc = [];
  // Most offsets avoid the 8-byte signature: without it HDF5 stops at "not an HDF5 file".
  const offset = () => {
    const r = rand();
    if (r < 0.45 && sigs.length) return Math.min(bytes.length - 1, pick(sigs) + int(96));
    if (r < 0.6) return int(Math.min(bytes.length, 1024));
    return bytes.length > 9 ? 8 + int(bytes.length - 8) : int(bytes.length);
  };
  const ops = {
    flip() {
      const n = 1 + int(8);
      for (let k = 0; k < n; k++) bytes[offset()] ^= 1 << int(8);
      return `flip${n}`;
    },
    byte() {
      const n = 1 + int(8);
      for (let k = 0; k < n; k++) bytes[offset()] = int(256);
      return `byte${n}`;
    },
    run() {
      const at = offset();
      const len = 1 + int(64);
      const fill = pick(['rand', 0, 0xff]);
      for (let k = at; k < Math.min(bytes.length, at + len); k++)
        bytes[k] = fill === 'rand' ? int(256) : fill;
      return `run${len}@${at}=${fill}`;
    },
    integer() {
      const at = offset();
      const width = pick([1, 2, 4, 8]);
      const value = pick(interestingValues(bytes.length)) & ((1n << BigInt(8 * width)) - 1n);
      const big = rand() < 0.1;
      for (let k = 0; k < width && at + k < bytes.length; k++) {
        const shift = BigInt(8 * (big ? width - 1 - k : k));
        bytes[at + k] = Number((value >> shift) & 0xffn);
      }
      return `int${width}${big ? 'be' : ''}@${at}=0x${value.toString(16)}`;
    },
    truncate() {
      const at = rand() < 0.9 ? 8 + int(Math.max(1, bytes.length - 8)) : int(bytes.length);
      bytes = bytes.subarray(0, at);
      return `truncate@${at}`;
    },
    splice() {
      const from = others.length && rand() < 0.5 ? pick(others) : bytes;
      const start = int(from.length);
      const len = 1 + int(Math.min(512, from.length - start));
      const chunk = Buffer.from(from.subarray(start, start + len));
      const at = offset();
      if (rand() < 0.5) {
        chunk.copy(bytes, at);
        return `splice${len}@${at}`;
      }
      bytes = Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]);
      return `insert${len}@${at}`;
    },
    duplicate() {
      const start = offset();
      const len = 1 + int(256);
      const chunk = Buffer.from(bytes.subarray(start, start + len));
      const at = offset();
      bytes = Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]);
      return `dup${chunk.length}:${start}@${at}`;
    },
    remove() {
      const at = offset();
      const len = 1 + int(256);
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + len)]);
      return `del${len}@${at}`;
    },
    garbage() {
      // PyTables' fuzz favourite: the signature, then noise.
      const g = Buffer.alloc(int(4096));
      for (let k = 0; k < g.length; k++) g[k] = int(256);
      bytes = Buffer.concat([bytes.subarray(0, 8), g]);
      return `garbage${g.length}`;
    },
  };
  // Weighted: small in-place edits most often (they get deepest), structural edits less.
  const table = [
    'flip',
    'flip',
    'flip',
    'byte',
    'byte',
    'run',
    'integer',
    'integer',
    'integer',
    'truncate',
    'splice',
    'duplicate',
    'remove',
  ];
  if (rand() < 0.01) desc.push(ops.garbage());
  else {
    const n = rand() < 0.6 ? 1 : 2 + int(3);
    for (let k = 0; k < n && bytes.length > 0; k++) desc.push(ops[pick(table)]());
  }
  return { bytes: Buffer.from(bytes), desc: desc.join('+') };
}

module.exports = { prng, caseSeed, mutate, structureOffsets };
