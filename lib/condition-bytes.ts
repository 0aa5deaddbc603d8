// numexpr's string operations over FixedStrings (a block of a string column as NUL-padded
// bytes): bytes compare as C's signed chars, the shorter string padded with NULs, so equal
// strings are equal bytes once the padding is gone, and no string is made per row.

import { FixedStrings, utf8Bytes } from './fixed-strings';

/** Signed view of a block's bytes (numexpr compares C chars, signed on x86). */
function signed(bytes: Uint8Array): Int8Array {
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** For op, whether a comparison result of sign -1, 0, 1 (index 0, 1, 2) holds. */
function accepts(op: string): Uint8Array {
  switch (op) {
    case 'eq':
      return Uint8Array.of(0, 1, 0);
    case 'ne':
      return Uint8Array.of(1, 0, 1);
    case 'gt':
      return Uint8Array.of(0, 0, 1);
    case 'ge':
      return Uint8Array.of(0, 1, 1);
    case 'lt':
      return Uint8Array.of(1, 0, 0);
    default:
      return Uint8Array.of(1, 1, 0);
  }
}

/**
 * `a[i] op literal` for every row; op is eq, ne, gt, ge, lt or le. With `into`, only the
 * rows it selects are compared, and it keeps only those that also hold (`into &= ...`).
 */
export function compareBytesScalar(
  op: string,
  a: FixedStrings,
  literal: string,
  n: number,
  into?: Uint8Array,
): Uint8Array {
  const k = a.itemsize;
  const lit = utf8Bytes(literal);
  const m = Math.max(k, lit.length);
  const x = signed(a.bytes);
  const y = new Int8Array(m);
  y.set(signed(lit));
  // Past its k bytes a row holds NULs: its order against the rest of the literal.
  let tail = 0;
  for (let j = k; j < m; j++) {
    const c = y[j] as number;
    if (c !== 0) {
      tail = c > 0 ? -1 : 1;
      break;
    }
  }
  const ok = accepts(op);
  const out = into ?? new Uint8Array(n);
  const all = into === undefined;
  for (let i = 0; i < n; i++) {
    if (!all && out[i] === 0) continue;
    const o = i * k;
    let r = tail;
    for (let j = 0; j < k; j++) {
      const d = (x[o + j] as number) - (y[j] as number);
      if (d !== 0) {
        r = d;
        break;
      }
    }
    out[i] = ok[r > 0 ? 2 : r < 0 ? 0 : 1] as number;
  }
  return out;
}

/** `a[i] op b[i]` for every row (op eq, ne, gt or ge). */
export function compareBytesColumns(op: string, a: FixedStrings, b: FixedStrings, n: number): Uint8Array {
  const ka = a.itemsize;
  const kb = b.itemsize;
  const m = Math.max(ka, kb);
  const x = signed(a.bytes);
  const y = signed(b.bytes);
  const ok = accepts(op);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const oa = i * ka;
    const ob = i * kb;
    let r = 0;
    for (let j = 0; j < m; j++) {
      const d = (j < ka ? (x[oa + j] as number) : 0) - (j < kb ? (y[ob + j] as number) : 0);
      if (d !== 0) {
        r = d;
        break;
      }
    }
    out[i] = ok[r > 0 ? 2 : r < 0 ? 0 : 1] as number;
  }
  return out;
}

/**
 * numexpr's comparison with an empty string literal (its length is 0): the result is
 * "the other string is not empty", taken as "greater" whichever side the literal is on, so
 * `s > b""` and `s < b""` both hold for every non-empty `s` (as in PyTables).
 */
export function compareBytesEmpty(op: string, other: FixedStrings, n: number): Uint8Array {
  const k = other.itemsize;
  const bytes = other.bytes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = bytes[i * k] !== 0 ? 1 : 0;
    out[i] = (op === 'eq' ? c === 0 : op === 'ne' ? c !== 0 : op === 'gt' ? c > 0 : true) ? 1 : 0;
  }
  return out;
}

/** Length of element i once its trailing NULs are dropped. */
function trimmed(bytes: Uint8Array, o: number, k: number): number {
  let e = k;
  while (e > 0 && bytes[o + e - 1] === 0) e--;
  return e;
}

/** numexpr's contains(a, b): whether b's bytes occur in a's, row by row. */
export function containsBytes(a: FixedStrings, b: FixedStrings, n: number): Uint8Array {
  const ka = a.itemsize;
  const kb = b.itemsize;
  const x = a.bytes;
  const y = b.bytes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const oa = i * ka;
    const ob = i * kb;
    const la = trimmed(x, oa, ka);
    const lb = trimmed(y, ob, kb);
    let found = lb === 0;
    for (let s = 0; !found && s + lb <= la; s++) {
      let j = 0;
      while (j < lb && x[oa + s + j] === y[ob + j]) j++;
      found = j === lb;
    }
    out[i] = found ? 1 : 0;
  }
  return out;
}

/** A string constant as a column of n rows. */
export function broadcastBytes(value: string, n: number): FixedStrings {
  const one = utf8Bytes(value);
  const bytes = new Uint8Array(n * one.length);
  for (let i = 0; i < n; i++) bytes.set(one, i * one.length);
  return new FixedStrings(bytes, one.length);
}
