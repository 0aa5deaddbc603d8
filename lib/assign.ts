// What set() writes: the user's value converted to the array's dtype and broadcast to the
// selection's shape with NumPy's rules, every element checked before anything is written.
//
// PyTables converts with NumPy 1.x casts, which wrap (300 into int8 is 44) and truncate
// (1.7 into an int is 1) silently; here a value the array cannot hold exactly is a
// RangeError, as NumPy 2 refuses out-of-bounds Python integers.

import {
  DTYPES,
  INTEGER_RANGES,
  flatten,
  needsTag,
  typedArrayDType,
  valuesPerElement,
  utf8Length,
  type DType,
  type Leaf,
  type TypedArray,
} from './dtype';
import type { NativeTypedArray, NativeWriteValue } from './native';
import { taggedAtomValue } from './tagged-data';

/** The array a value is written into: its dtype, string itemsize (0: variable length) and the selection's shape. */
export interface AssignTarget {
  dtype: DType;
  itemsize: number;
  shape: readonly number[];
}

/** A value as flat elements in C order with their shape; `typed` when they came as a TypedArray of that dtype. */
interface Source {
  elements: ArrayLike<unknown>;
  shape: number[];
  typed: DType | null;
}

/** A shape as NumPy's broadcast errors print it: (3,), (2,3), (). */
export function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(',')})`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function checkShape(shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new TypeError('set: value.shape must be an array of non-negative integers');
  }
  return shape as number[];
}

/** The value's elements and shape: a TypedArray, {data, shape} (a ReadResult too), nested arrays or a scalar. */
function source(value: unknown): Source {
  const typed = typedArrayDType(value);
  if (typed) return { elements: value as TypedArray, shape: [(value as TypedArray).length], typed };
  if (Array.isArray(value)) {
    const { flat, shape } = flatten(value as Leaf[]);
    return { elements: flat, shape, typed: null };
  }
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'string':
      return { elements: [value], shape: [], typed: null };
  }
  if (value !== null && typeof value === 'object' && 'data' in value && 'shape' in value) {
    const { data } = value as { data: unknown };
    const shape = checkShape((value as { shape: unknown }).shape);
    const size = shape.reduce((a, b) => a * b, 1);
    const dtype = typedArrayDType(data);
    if (!dtype && !(Array.isArray(data) && !data.some(Array.isArray))) {
      throw new TypeError(
        'set: value.data must be a TypedArray or a flat array of numbers, bigints, booleans or strings',
      );
    }
    const elements = data as ArrayLike<unknown>;
    if (elements.length !== size) {
      throw new RangeError(
        `set: value.data has ${elements.length} elements but value.shape ${pyShape(shape)} needs ${size}`,
      );
    }
    // A bool read gives a Uint8Array of 0/1: with dtype 'bool' it is bool data, not uint8.
    const tagged = (value as { dtype?: unknown }).dtype === 'bool' && dtype === 'uint8' ? 'bool' : dtype;
    return { elements, shape, typed: tagged };
  }
  throw new TypeError(
    `set: value must be a TypedArray, {data, shape}, nested arrays, a number, a bigint, a boolean or a string, not ${typeName(value)}`,
  );
}

/**
 * NumPy's assignment broadcasting: the value's shape, right-aligned to the target's after
 * leading 1s are dropped, must have each size 1 or equal. Returns the value's strides over
 * the target's dimensions (0 where it repeats).
 */
function broadcastStrides(from: readonly number[], to: readonly number[]): number[] {
  let dims = [...from];
  while (dims.length > to.length && dims[0] === 1) dims = dims.slice(1);
  const fail = (): RangeError =>
    new RangeError(`could not broadcast input array from shape ${pyShape(from)} into shape ${pyShape(to)}`);
  if (dims.length > to.length) throw fail();
  const offset = to.length - dims.length;
  const strides = new Array<number>(to.length).fill(0);
  let stride = 1;
  for (let i = to.length - 1; i >= offset; i--) {
    const d = dims[i - offset];
    if (d !== to[i] && d !== 1) throw fail();
    strides[i] = d === 1 ? 0 : stride;
    stride *= d;
  }
  return strides;
}

/** One element as the array's dtype stores it; `index` (in the value, C order) names it in errors. */
type Convert = (v: unknown, index: number) => number | bigint | string;

function wrongType(dtype: DType, takes: string, v: unknown, index: number): TypeError {
  return new TypeError(
    `set: a ${dtype} array takes ${takes}; element ${index} of the value is ${typeName(v)}`,
  );
}

function outOfRange(dtype: DType, v: unknown, index: number): RangeError {
  return new RangeError(`set: element ${index} of the value (${String(v)}) does not fit in ${dtype}`);
}

/** Keeps the longest prefix of whole characters that fits in `itemsize` UTF-8 bytes (NumPy truncates bytes). */
function truncate(s: string, itemsize: number): string {
  if (itemsize === 0 || utf8Length(s) <= itemsize) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > itemsize) break;
    out += ch;
    bytes += n;
  }
  return out;
}

function converter(target: AssignTarget): Convert {
  const { dtype } = target;
  const kind = DTYPES[dtype].kind;
  if (kind === 'string') {
    return (v, i) => {
      if (typeof v !== 'string') throw wrongType(dtype, 'strings', v, i);
      return truncate(v, target.itemsize);
    };
  }
  if (kind === 'bool') {
    return (v, i) => {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === 0 || v === 1) return v;
      throw wrongType(dtype, 'booleans (or 0 and 1)', v, i);
    };
  }
  if (kind === 'float') {
    return (v, i) => {
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') {
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
          throw outOfRange(dtype, v, i);
        return Number(v);
      }
      throw wrongType(dtype, 'numbers', v, i);
    };
  }
  const [lo, hi] = INTEGER_RANGES[dtype] as readonly [bigint, bigint];
  const wide = dtype === 'int64' || dtype === 'uint64';
  // Safe integers compare exactly with the bounds as numbers.
  const [loN, hiN] = [Number(lo), Number(hi)];
  return (v, i) => {
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || v < loN || v > hiN) throw outOfRange(dtype, v, i);
      return wide ? BigInt(v) : v;
    }
    if (typeof v === 'bigint') {
      if (v < lo || v > hi) throw outOfRange(dtype, v, i);
      return wide ? v : Number(v);
    }
    throw wrongType(dtype, wide ? 'bigints or safe-integer numbers' : 'integers', v, i);
  };
}

/** Empty storage of the target's dtype for `n` elements. */
function allocate(dtype: DType, n: number): NativeTypedArray | string[] {
  const typed = DTYPES[dtype].typed;
  return typed ? (new typed(n) as NativeTypedArray) : new Array<string>(n);
}

/** Uint8ClampedArray has no place in the native contract: the same bytes as Uint8Array. */
function nativeTyped(value: ArrayLike<unknown>): NativeTypedArray {
  return value instanceof Uint8ClampedArray
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : (value as NativeTypedArray);
}

/**
 * `value` as the NativeWriteValue set() hands to writeDataset: the target's dtype and shape
 * (broadcast as NumPy does), every element checked. Throws before anything is written.
 */
export function assignValue(value: unknown, target: AssignTarget): NativeWriteValue {
  if (needsTag(target.dtype)) return assignTagged(value, target);
  const src = source(value);
  const shape = [...target.shape];
  const strides = broadcastStrides(src.shape, shape);
  const size = shape.reduce((a, b) => a * b, 1);
  const base = { dtype: target.dtype, shape } as const;
  const strings = target.dtype === 'string' ? { itemsize: target.itemsize || undefined } : {};
  const sameShape = src.elements.length === size && strides.every((s, i) => s !== 0 || shape[i] === 1);
  // The fast path: a TypedArray of the array's own dtype and the selection's shape goes as it is.
  if (src.typed === target.dtype && sameShape) {
    return { ...base, data: nativeTyped(src.elements) };
  }
  // Each value element converted once, then repeated where it broadcasts.
  const convert = src.typed === target.dtype ? (v: unknown) => v as number | bigint : converter(target);
  const converted = allocate(target.dtype, src.elements.length) as unknown as Array<unknown>;
  for (let i = 0; i < src.elements.length; i++) converted[i] = convert(src.elements[i], i);
  if (sameShape) return { ...base, ...strings, data: converted as unknown as NativeTypedArray | string[] };
  const out = allocate(target.dtype, size) as unknown as Array<unknown>;
  const index = new Array<number>(shape.length).fill(0);
  let from = 0;
  for (let k = 0; k < size; k++) {
    out[k] = converted[from];
    // Odometer over the target's dimensions, moving `from` by the value's strides.
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] += 1;
      from += strides[d];
      if (index[d] < shape[d]) break;
      from -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return { ...base, ...strings, data: out as unknown as NativeTypedArray | string[] };
}

/**
 * set() into a complex or float16 array: the value as taggedAtomValue takes it (a
 * Float32Array/Float64Array, interleaved for complex; `{ data, shape }`; nested arrays of
 * numbers or `{ re, im }`; one element), broadcast with NumPy's rules.
 */
function assignTagged(value: unknown, target: AssignTarget): NativeWriteValue {
  const given = taggedAtomValue(value, target.dtype, 'set');
  const from = given.shape ?? [];
  const shape = [...target.shape];
  const strides = broadcastStrides(from, shape);
  const width = valuesPerElement(target.dtype);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = given.data as Float32Array | Float64Array;
  if (data.length === size * width) return { dtype: target.dtype, shape, data };
  const out = new (data.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(size * width);
  const index = new Array<number>(shape.length).fill(0);
  let at = 0;
  for (let k = 0; k < size; k++) {
    for (let w = 0; w < width; w++) out[k * width + w] = data[at * width + w] as number;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] += 1;
      at += strides[d];
      if (index[d] < shape[d]) break;
      at -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return { dtype: target.dtype, shape, data: out };
}
