// JavaScript data for a leaf whose atom is already known: createCArray's and
// createEArray's `obj`, and EArray.append's rows.
//
// What converts (PyTables converts with numpy's casts, which can truncate silently; here
// nothing changes value without an error):
// - a TypedArray (alone, 1-d, or as `{ data, shape }`) must be of the atom's dtype
//   (a bool atom also takes a Uint8Array of 0 and 1): otherwise a TypeError;
// - plain JavaScript data (nested arrays, scalars, `{ data: number[], shape }`) converts to
//   the atom's dtype when every value fits exactly: numbers into integer atoms must be
//   integers within range (bigints too), numbers into float32 are rounded as Math.fround
//   does, booleans only into bool, strings only into string atoms and at most `itemsize`
//   UTF-8 bytes long; anything else is a TypeError or a RangeError naming the value.

import {
  DTYPES,
  INTEGER_RANGES,
  arrayValue,
  needsTag,
  typedArrayDType,
  utf8Length,
  type DType,
  type TypedArray,
} from './dtype';
import type { NativeWriteValue } from './native';
import { taggedAtomValue } from './tagged-data';

/** What the conversion needs to know of an atom. */
export interface AtomType {
  dtype: DType;
  /** Bytes per element (for strings: the fixed size). */
  itemsize: number;
}

/** The TypedArray `obj` holds, directly or as `{ data }`; null for plain JavaScript data. */
function typedSource(obj: unknown): TypedArray | null {
  if (typedArrayDType(obj)) return obj as TypedArray;
  if (obj !== null && typeof obj === 'object' && 'data' in obj && typedArrayDType(obj.data)) {
    return obj.data as TypedArray;
  }
  return null;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** The TypeError of a value of the wrong kind for the atom. */
function wrongKind(v: unknown, dtype: DType, what: string): TypeError {
  const kind =
    v === null
      ? 'null'
      : Array.isArray(v)
        ? 'an array'
        : typeof v === 'object'
          ? 'an object'
          : `a ${typeof v}`;
  return new TypeError(`${what}: ${show(v)} (${kind}) cannot be stored as ${dtype}`);
}

/** One plain value as an integer of `dtype`, exactly, or a RangeError/TypeError. */
function integer(v: unknown, dtype: DType, what: string): bigint {
  const [lo, hi] = INTEGER_RANGES[dtype] as readonly [bigint, bigint];
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
  else if (typeof v === 'number')
    throw new RangeError(`${what}: ${show(v)} is not an integer (the atom is ${dtype})`);
  else throw wrongKind(v, dtype, what);
  if (b < lo || b > hi) throw new RangeError(`${what}: ${show(v)} is out of range for ${dtype}`);
  return b;
}

/** Plain values (numbers, bigints, booleans, strings) as the data of `atom`. */
function castPlain(values: ArrayLike<unknown>, atom: AtomType, what: string): TypedArray | string[] {
  const { dtype } = atom;
  const n = values.length;
  const row = DTYPES[dtype];
  if (dtype === 'string') {
    const out: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== 'string') throw wrongKind(v, dtype, what);
      if (utf8Length(v) > atom.itemsize) {
        throw new RangeError(
          `${what}: the string ${show(v)} is longer than the atom's itemsize (${atom.itemsize} bytes)`,
        );
      }
      out[i] = v;
    }
    return out;
  }
  if (dtype === 'bool') {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== 'boolean') throw wrongKind(v, dtype, what);
      out[i] = v ? 1 : 0;
    }
    return out;
  }
  const Typed = row.typed as new (n: number) => TypedArray;
  const out = new Typed(n);
  if (row.kind === 'float') {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== 'number') throw wrongKind(v, dtype, what);
      (out as Float64Array)[i] = v;
    }
    return out;
  }
  const big = dtype === 'int64' || dtype === 'uint64';
  for (let i = 0; i < n; i++) {
    const b = integer(values[i], dtype, what);
    if (big) (out as BigInt64Array)[i] = b;
    else (out as Int32Array)[i] = Number(b);
  }
  return out;
}

/**
 * `obj` (a TypedArray, nested arrays, `{ data, shape }` or a scalar) as data of `atom`,
 * with its shape; see this file's header for what converts. `what` names the call.
 */
export function atomValue(obj: unknown, atom: AtomType, what: string): NativeWriteValue {
  if (needsTag(atom.dtype)) return taggedAtomValue(obj, atom.dtype, what);
  const typed = typedSource(obj);
  if (typed) {
    const dtype = typedArrayDType(typed) as DType;
    const boolBytes = atom.dtype === 'bool' && dtype === 'uint8';
    if (dtype !== atom.dtype && !boolBytes) {
      throw new TypeError(
        `${what}: the data is ${dtype} (a ${typed.constructor.name}) but the atom is ${atom.dtype}`,
      );
    }
    const { value } = arrayValue(obj);
    if (boolBytes && !(value.data as Uint8Array).every((b) => b === 0 || b === 1)) {
      throw new RangeError(`${what}: a Uint8Array for a bool atom must hold only 0 and 1`);
    }
    return { ...value, dtype: atom.dtype };
  }
  let value: NativeWriteValue;
  try {
    value = arrayValue(obj).value;
  } catch (err) {
    if (err instanceof Error)
      err.message = `${what}: ${err.message.replace(/^createArray\(\) takes/, 'it takes')}`;
    throw err;
  }
  if (value.dtype === atom.dtype && value.dtype !== 'string') return value;
  const data = castPlain(value.data, atom, what);
  const out: NativeWriteValue = { dtype: atom.dtype, shape: value.shape, data };
  if (atom.dtype === 'string') {
    // PyTables' StringAtom is numpy bytes: HDF5's ASCII strings (UTF-8 bytes stored as they are).
    out.itemsize = atom.itemsize;
    out.charset = 'ascii';
  }
  return out;
}
