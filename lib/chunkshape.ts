// PyTables' chunk shapes (leaf.py: calc_chunksize and Leaf._calc_chunkshape, PyTables
// 3.7): the chunk size grows with the expected data size in steps of a power of ten
// (64 KiB up to 1 MiB, times 8), and the chunk keeps the trailing dimensions whole as long
// as it can, trimming the main dimension first.

const MB = 1024 * 1024;

/** PyTables' calc_chunksize: the chunk bytes for data of about `expectedMB` MiB. */
export function calcChunksize(expectedMB: number): number {
  // limit_es: at least 1 MB, at most 10 TB; then the decade it falls in.
  const mb = Math.min(Math.max(Math.floor(expectedMB), 1), 1e7);
  const zone = String(mb).length - 1; // int(log10(mb)), exact for integers
  // csformula(10**zone) = 8 KiB * 2**zone; PyTables multiplies by 8 for sequential access.
  return 8 * 1024 * 2 ** zone * 8;
}

/**
 * Leaf._calc_chunkshape: the chunk shape of a leaf of `shape` whose main dimension is
 * `maindim`, for `expectedrows` rows of `rowsize` bytes each and atoms of `itemsize` bytes.
 * `int64Product`: whether PyTables multiplies rows by rowsize in numpy int64 (see below).
 */
export function calcChunkshape(
  shape: readonly number[],
  maindim: number,
  expectedrows: number,
  rowsize: number,
  itemsize: number,
  int64Product = true,
): number[] {
  if (shape.length === 0) return [1];
  // PyTables' product is numpy int64 when either factor is (then past 2**63 it wraps, and
  // clamps to 1 MB), an exact Python int otherwise.
  const exact = BigInt(Math.floor(expectedrows)) * BigInt(rowsize);
  const bytes = int64Product ? BigInt.asIntN(64, exact) : exact;
  const chunksize = calcChunksize(Number(bytes / BigInt(MB)));
  // Safeguard against atoms larger than a chunk.
  const chunknitems = Math.max(Math.floor(chunksize / itemsize), 1);
  const chunkshape = [...shape];
  const product = (): number => chunkshape.reduce((a, b) => a * b, 1);
  chunkshape[maindim] = 1;
  if (product() <= chunknitems) {
    chunkshape[maindim] = Math.floor(chunknitems / product());
    return chunkshape;
  }
  // Trimming the main dimension is not enough: trim the others, leading first.
  for (let j = 0; j < chunkshape.length; j++) {
    chunkshape[j] = 1;
    const n = product();
    if (n <= chunknitems) {
      chunkshape[j] = Math.floor(chunknitems / n);
      return chunkshape;
    }
  }
  chunkshape[chunkshape.length - 1] = chunknitems;
  return chunkshape;
}

/** The bytes of one row: the atom's size times every dimension but the main one (PyTables' rowsize). */
function rowsize(shape: readonly number[], maindim: number, atomsize: number): number {
  return shape.reduce((size, n, i) => (i === maindim ? size : size * n), atomsize);
}

/**
 * @internal The chunk shape PyTables gives a new CArray of `shape` whose atom is
 * `atomsize` bytes (an array atom's whole size): its expected rows are shape[0] (a numpy
 * int64 in PyTables).
 */
export function carrayChunkshape(shape: readonly number[], atomsize: number): number[] {
  const expectedrows = shape.length > 0 ? shape[0] : 1;
  return calcChunkshape(shape, 0, expectedrows, rowsize(shape, 0, atomsize), atomsize);
}

/**
 * @internal The chunk shape PyTables gives a new EArray of `shape` (0 at `extdim`, the
 * extendible dimension, which is its main dimension) whose atom is `atomsize` bytes, for
 * `expectedrows` rows (PyTables' default: 1000).
 */
export function earrayChunkshape(
  shape: readonly number[],
  extdim: number,
  atomsize: number,
  expectedrows = 1000,
): number[] {
  // The rowsize is a numpy int64 once multiplied by a dimension (PyTables' shape holds
  // numpy ints); a 1-D EArray's is the atom's size, a Python int.
  const int64 = shape.length > 1;
  return calcChunkshape(shape, extdim, expectedrows, rowsize(shape, extdim, atomsize), atomsize, int64);
}
