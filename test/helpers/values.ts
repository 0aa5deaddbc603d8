// Turns what h5tables returns into plain, comparable values (and into the same
// encoding the Python scripts print: see test/python/_enc.py).
import type { PyScalar } from './python';

type AnyArrayLike = ArrayLike<unknown> | Iterable<unknown>;

/** One element in the Python scripts' JSON encoding. */
export function encodeScalar(x: unknown, dtype?: string | null): PyScalar {
  if (typeof x === 'bigint') return x.toString();
  if (dtype === 'bool') return Boolean(x);
  if (typeof x === 'number') {
    if (Number.isNaN(x)) return 'nan';
    if (x === Infinity) return 'inf';
    if (x === -Infinity) return '-inf';
    if (dtype === 'int64' || dtype === 'uint64') return String(x);
    return x;
  }
  if (typeof x === 'boolean' || typeof x === 'string') return x;
  throw new Error(`cannot encode ${String(x)}`);
}

/** A TypedArray, string[] or boolean[] as an array of encoded scalars. */
export function encodeData(data: AnyArrayLike, dtype?: string | null): PyScalar[] {
  return Array.from(data as Iterable<unknown>, (x) => encodeScalar(x, dtype));
}

/** Deep plain copy (TypedArrays to arrays, bigints to strings tagged 'n'), for toEqual across files. */
export function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return { typed: v.constructor.name, values: Array.from(v as unknown as ArrayLike<unknown>, plain) };
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** Bytes of a Buffer/Uint8Array/ArrayBuffer, copied. */
export function copyBytes(b: Uint8Array | ArrayBuffer): Buffer {
  return Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b);
}
