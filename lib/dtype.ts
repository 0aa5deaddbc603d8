// JavaScript values <-> the binding's NativeWriteValue / NativeReadValue.
//
// Datasets: TypedArrays keep their type, plain numbers are float64 (DESIGN), booleans are
// PyTables' bool, strings are fixed-length (ASCII when they are, else UTF-8).
// Attributes follow PyTables: numbers float64, bigints int64, strings fixed-length UTF-8
// scalars (the empty string in a NULL dataspace), TypedArrays as 1-d arrays.

import { toFloat16Values } from './float16';
import type { AttributeRecord } from './attr-records';
import type { NativeReadValue, NativeWriteValue } from './native';

/** The TypedArray of each numeric dtype (int64 and uint64: BigInt64Array and BigUint64Array; bool: Uint8Array of 0 and 1). */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/**
 * What `createArray` accepts. Complex and float16 data say their dtype:
 * `{ data: Float64Array, shape, dtype: 'complex128' }` (re, im interleaved), as reads return it.
 */
export type ArrayInput =
  | TypedArray
  | {
      /** The elements in C order (complex: re, im interleaved, twice the elements). */
      data: TypedArray | number[] | bigint[] | boolean[] | string[];
      /** The array's shape; the product of its sizes is `data.length` (half of it for complex). */
      shape: number[];
      /** The dtype, when the data's own type does not say it: 'complex64', 'complex128', 'float16' (or 'bool' for a Uint8Array). */
      dtype?: DType;
    }
  | NestedArray<number>
  | NestedArray<Complex>
  | Complex
  | NestedArray<bigint>
  | NestedArray<boolean>
  | NestedArray<string>
  | number
  | bigint
  | boolean
  | string;

/** Nested JavaScript arrays, as many levels deep as the array has dimensions. */
export type NestedArray<T> = ReadonlyArray<T | NestedArray<T>>;

/**
 * An attribute of two or more dimensions, or of a dtype no TypedArray names (complex,
 * float16: then `dtype` says it, at any number of dimensions): its elements in C order
 * (complex: re, im interleaved) and its shape.
 */
export interface ShapedAttribute {
  /** Read back: a TypedArray, string[] or boolean[]; written, plain numbers and bigints too. */
  data: TypedArray | string[] | boolean[] | number[] | bigint[];
  /** The attribute's shape. */
  shape: number[];
  /** The dtype, when the data does not say it: 'complex64', 'complex128', 'float16' (read back: always set for them). */
  dtype?: DType;
}

/**
 * What an attribute can hold. A complex scalar is a `{ re, im }` (written as complex128);
 * a compound attribute (read only) is a plain object per record: one `AttributeRecord`, or
 * an array of them.
 */
export type AttributeValue =
  | number
  | bigint
  | string
  | boolean
  | Complex
  | TypedArray
  | string[]
  | boolean[]
  | number[]
  | ShapedAttribute
  | AttributeRecord
  | AttributeRecord[];

type TypedArrayClass = new (n: number) => TypedArray;

/** What h5tables knows of one dtype: a new dtype is one row here (and one in binding/hdf5/types). */
export interface DTypeRow {
  /**
   * The TypedArray its data comes in (bool: Uint8Array of 0/1; complex: interleaved re, im;
   * float16: Float32Array); null for strings.
   */
  typed: TypedArrayClass | null;
  /** Whether a TypedArray of that class given by the user means this dtype. */
  fromTyped: boolean;
  /** Bytes per element; 0 when it varies (strings). */
  itemsize: number;
  /** PyTables' atom class (repr(atom)). */
  atom: string;
  /** The atom's default value as PyTables prints it. */
  dflt: string;
  /** How numpy prints its values. */
  kind: 'int' | 'float' | 'complex' | 'bool' | 'string';
  /** numpy's default for its kind: repr() of an array leaves out `dtype=`. */
  numpyDefault: boolean;
}

// The one dtype table. `as const` keeps each row's TypedArray class, from which the types
// of reads are derived (DTypeData): a new dtype is one row here.
const TABLE = {
  int8: {
    typed: Int8Array,
    fromTyped: true,
    itemsize: 1,
    atom: 'Int8Atom',
    dflt: '0',
    kind: 'int',
    numpyDefault: false,
  },
  uint8: {
    typed: Uint8Array,
    fromTyped: true,
    itemsize: 1,
    atom: 'UInt8Atom',
    dflt: '0',
    kind: 'int',
    numpyDefault: false,
  },
  int16: {
    typed: Int16Array,
    fromTyped: true,
    itemsize: 2,
    atom: 'Int16Atom',
    dflt: '0',
    kind: 'int',
    numpyDefault: false,
  },
  uint16: {
    typed: Uint16Array,
    fromTyped: true,
    itemsize: 2,
    atom: 'UInt16Atom',
    dflt: '0',
    kind: 'int',
    numpyDefault: false,
  },
  int32: {
    typed: Int32Array,
    fromTyped: true,
    itemsize: 4,
    atom: 'Int32Atom',
    dflt: '0',
    kind: 'int',
    numpyDefault: false,
  },
  uint32: {
    typed: Uint32Array,
    fromTyped: true,
    itemsize: 4,
    atom: 'UInt32Atom',
    dflt: '0',
    kind: 'int',
    numpyDefault: false,
  },
  int64: {
    typed: BigInt64Array,
    fromTyped: true,
    itemsize: 8,
    atom: 'Int64Atom',
    dflt: '0',
    kind: 'int',
    numpyDefault: true,
  },
  uint64: {
    typed: BigUint64Array,
    fromTyped: true,
    itemsize: 8,
    atom: 'UInt64Atom',
    dflt: '0',
    kind: 'int',
    numpyDefault: false,
  },
  float32: {
    typed: Float32Array,
    fromTyped: true,
    itemsize: 4,
    atom: 'Float32Atom',
    dflt: '0.0',
    kind: 'float',
    numpyDefault: false,
  },
  float64: {
    typed: Float64Array,
    fromTyped: true,
    itemsize: 8,
    atom: 'Float64Atom',
    dflt: '0.0',
    kind: 'float',
    numpyDefault: true,
  },
  float16: {
    typed: Float32Array,
    fromTyped: false,
    itemsize: 2,
    atom: 'Float16Atom',
    dflt: '0.0',
    kind: 'float',
    numpyDefault: false,
  },
  complex64: {
    typed: Float32Array,
    fromTyped: false,
    itemsize: 8,
    atom: 'ComplexAtom',
    dflt: '0j',
    kind: 'complex',
    numpyDefault: false,
  },
  complex128: {
    typed: Float64Array,
    fromTyped: false,
    itemsize: 16,
    atom: 'ComplexAtom',
    dflt: '0j',
    kind: 'complex',
    numpyDefault: true,
  },
  bool: {
    typed: Uint8Array,
    fromTyped: false,
    itemsize: 1,
    atom: 'BoolAtom',
    dflt: 'False',
    kind: 'bool',
    numpyDefault: true,
  },
  string: {
    typed: null,
    fromTyped: false,
    itemsize: 0,
    atom: 'StringAtom',
    dflt: "b''",
    kind: 'string',
    numpyDefault: false,
  },
} as const satisfies Record<string, DTypeRow>;

/**
 * A leaf's element type, in numpy's names: `'int8'` ... `'uint64'`, `'float16'` (IEEE half,
 * read into a Float32Array), `'float32'`, `'float64'`, `'complex64'` and `'complex128'`
 * (HDF5 compounds {r, i}, as h5py and PyTables store them; their data is an interleaved
 * Float32Array / Float64Array: re, im, re, im, ...), `'bool'` (PyTables' BoolAtom; h5py's
 * enum {FALSE, TRUE} reads as bool too) and `'string'` (fixed-length written, fixed- or
 * variable-length read). An enum's data is its base integer dtype (see `Enum`).
 */
export type DType = keyof typeof TABLE;

/** What h5tables knows of each dtype, by name. */
export const DTYPES: Readonly<Record<DType, DTypeRow>> = TABLE;

/** @internal The integer dtypes' ranges, as bigints (exact for the 64-bit ones). */
export const INTEGER_RANGES: Readonly<Partial<Record<DType, readonly [bigint, bigint]>>> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** The elements of a TypedArray class's instances (its prototype's type); strings for a row without one. */
type RowData<R> = R extends { readonly typed: { readonly prototype: infer T } } ? T : string[];

/**
 * The `data` a read of dtype `D` gives, derived from the dtype table: `'float64'` gives
 * `Float64Array`, `'int64'` `BigInt64Array`, `'bool'` `Uint8Array`, `'string'` `string[]`;
 * a union of dtypes gives the union of their data.
 */
export type DTypeData<D extends DType> = D extends DType ? RowData<(typeof TABLE)[D]> : never;

/**
 * How int64 and uint64 values are read: `'bigint'` (the default) exactly, as
 * BigInt64Array / BigUint64Array and bigint attributes; `'number'` as Float64Array and
 * number attributes, a RangeError (code `ERR_OUT_OF_RANGE`) when a value is not a safe
 * integer (beyond ±(2^53 - 1)), so no value ever changes silently.
 */
export type Int64Mode = 'bigint' | 'number';

/** The options of a read (`read`, `readAsync`, `attrs.get`). An unknown key is a TypeError. */
export interface ReadOptions<I extends Int64Mode = Int64Mode> {
  /** How int64/uint64 values come back (see Int64Mode); default: the file's `int64` option. */
  int64?: I;
}

/** `data` of dtype `D` read in int64 mode `I`: BigInt64Array and BigUint64Array become Float64Array with `'number'`. */
export type ReadData<D extends DType = DType, I extends Int64Mode = Int64Mode> = D extends DType
  ? I extends 'number'
    ? DTypeData<D> extends BigInt64Array | BigUint64Array
      ? Float64Array
      : DTypeData<D>
    : DTypeData<D>
  : never;

/**
 * What `Array.read()` returns. `data` has the TypedArray of the dtype when `D` is known
 * (`Array<'float64'>` reads a `Float64Array`).
 */
export interface ReadResult<D extends DType = DType, I extends Int64Mode = Int64Mode> {
  /** The elements read, in C order: a TypedArray of the dtype, or strings. */
  data: ReadData<D, I>;
  /** The shape of what was read (the selection's, with an array atom's shape appended). */
  shape: number[];
  /** The leaf's element type. */
  dtype: D;
  /**
   * What `JSON.stringify(result)` writes: `data` as a plain array (a TypedArray would
   * serialise as an object of indices), a bigint as a number when it is a safe integer and
   * as its decimal string when it is not (so no value changes); NaN and ±Infinity become
   * null, as JSON.stringify writes them.
   */
  toJSON(): ReadResultJSON<D>;
}

/** The JSON form of a ReadResult (see ReadResult.toJSON). */
export interface ReadResultJSON<D extends DType = DType> {
  /** The elements, flat in C order: numbers (bigints beyond ±(2^53 - 1) as decimal strings), or strings. */
  data: Array<number | string>;
  /** The shape read. */
  shape: number[];
  /** The leaf's element type. */
  dtype: D;
}

/** The dtype a TypedArray keeps (the rows a TypedArray given by the user means). */
type TypedDType<T> = {
  [D in DType]: (typeof TABLE)[D]['fromTyped'] extends true ? (T extends DTypeData<D> ? D : never) : never;
}[DType];
/** The dtype of flat or nested data: numbers are float64, bigints int64 (uint64 when one needs it). */
type DataDType<X> = X extends TypedArray
  ? TypedDType<X>
  : X extends number | NestedArray<number>
    ? 'float64'
    : X extends bigint | NestedArray<bigint>
      ? 'int64' | 'uint64'
      : X extends boolean | NestedArray<boolean>
        ? 'bool'
        : X extends string | NestedArray<string>
          ? 'string'
          : X extends Complex | NestedArray<Complex>
            ? 'complex128'
            : DType;

/**
 * The dtype `createArray(where, name, obj)` gives the new array, from the type of `obj`:
 * a TypedArray keeps its type, numbers are float64, bigints int64 (or uint64 when a value
 * needs it), booleans bool, strings string; `{ data, shape }` as its data.
 */
export type ArrayDType<T> = T extends TypedArray
  ? TypedDType<T>
  : T extends {
        /** The dtype said. */
        dtype: infer S extends DType;
      }
    ? S
    : T extends {
          /** The elements. */
          data: infer X;
          /** The shape. */
          shape: number[];
        }
      ? DataDType<X>
      : DataDType<T>;

const FROM_TYPED = (Object.entries(DTYPES) as [DType, DTypeRow][]).filter(([, row]) => row.fromTyped);

/** A complex number: its real and imaginary parts (a complex atom's default, a complex attribute). */
export interface Complex {
  /** The real part. */
  re: number;
  /** The imaginary part. */
  im: number;
}

/** Whether `v` is a `{ re, im }` of two numbers. */
export function isComplex(v: unknown): v is Complex {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as Complex).re === 'number' &&
    typeof (v as Complex).im === 'number'
  );
}

/** Whether a dtype's data needs its dtype said (no TypedArray of its own names it): complex, float16. */
export function needsTag(dtype: DType): boolean {
  return dtype === 'float16' || DTYPES[dtype].kind === 'complex';
}

/** Numbers per element in a dtype's TypedArray: 2 for complex (re, im), else 1. */
export function valuesPerElement(dtype: DType): 1 | 2 {
  return DTYPES[dtype].kind === 'complex' ? 2 : 1;
}

/** Whether `value` is a dtype name h5tables knows. */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.hasOwn(DTYPES, value);
}

/** The dtype of a TypedArray h5tables supports, or null. Uint8ClampedArray counts as uint8. */
export function typedArrayDType(value: unknown): DType | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  if (value instanceof Uint8ClampedArray) return 'uint8';
  for (const [dtype, row] of FROM_TYPED) if (value instanceof (row.typed as TypedArrayClass)) return dtype;
  return null;
}

/** Uint8ClampedArray has no place in the native contract: view the same bytes as Uint8Array. */
function asNativeTyped(value: TypedArray | Uint8ClampedArray): TypedArray {
  return value instanceof Uint8ClampedArray
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

/** An empty TypedArray of a numeric dtype (bool: Uint8Array). */
export function emptyTyped(dtype: DType): TypedArray {
  const typed = DTYPES[dtype].typed;
  if (!typed) throw new TypeError(`no TypedArray for dtype ${dtype}`);
  return new typed(0);
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

function stringValue(strings: string[], shape: number[]): NativeWriteValue {
  // A loop, not Math.max(...spread): the spread overflows the stack on long arrays.
  let itemsize = 1;
  for (const s of strings) itemsize = Math.max(itemsize, utf8Length(s));
  const charset = strings.some((s) => NON_ASCII.test(s)) ? 'utf8' : 'ascii';
  return { dtype: 'string', shape, data: strings, itemsize, charset };
}

/** One element of nested JS data. */
export type Leaf = number | bigint | boolean | string;

/** Flattens a nested JS array in C order, checking it is rectangular (set() uses it too). */
export function flatten(obj: NestedArray<Leaf>): { flat: Leaf[]; shape: number[] } {
  const shape: number[] = [];
  // The shape is the chain of first elements; every other element must match it.
  for (let level: unknown = obj; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const flat: Leaf[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(node))
        throw new RangeError('the nested arrays are ragged: all rows must have the same shape');
      flat.push(node as Leaf);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new RangeError('the nested arrays are ragged: all rows must have the same shape');
    }
    for (const child of node) walk(child, depth + 1);
  };
  walk(obj, 0);
  return { flat, shape };
}

/** Packs flat JS leaves of one kind into a NativeWriteValue; an empty list is float64. */
function packLeaves(flat: readonly unknown[], shape: number[]): NativeWriteValue {
  const kind = flat.length === 0 ? 'number' : typeof flat[0];
  if (!flat.every((x) => typeof x === kind)) {
    throw new TypeError(
      'all elements must be of one type: numbers, bigints, booleans, strings or { re, im }',
    );
  }
  switch (kind) {
    case 'number':
      return { dtype: 'float64', shape, data: Float64Array.from(flat as number[]) };
    case 'bigint': {
      const values = flat as bigint[];
      const unsigned = values.some((v) => v > 0x7fffffffffffffffn);
      for (const v of values) checkBigInt(v, unsigned);
      return unsigned
        ? { dtype: 'uint64', shape, data: BigUint64Array.from(values) }
        : { dtype: 'int64', shape, data: BigInt64Array.from(values) };
    }
    case 'boolean':
      return { dtype: 'bool', shape, data: Uint8Array.from(flat as boolean[], (b) => (b ? 1 : 0)) };
    case 'string':
      return stringValue(flat as string[], shape);
    case 'object':
      // { re, im } elements: a Python complex is numpy's complex128.
      if (flat.every(isComplex)) {
        const data = new Float64Array(flat.length * 2);
        flat.forEach((c, i) => data.set([c.re, c.im], 2 * i));
        return { dtype: 'complex128', shape, data };
      }
      throw new TypeError('an object element must be a complex number { re, im }');
    default:
      throw new TypeError(`unsupported element type: ${kind}`);
  }
}

function checkBigInt(v: bigint, unsigned: boolean): void {
  const ok = unsigned ? v >= 0n && v <= 0xffffffffffffffffn : v >= -(2n ** 63n) && v <= 2n ** 63n - 1n;
  if (!ok) throw new RangeError(`bigint ${v} does not fit in int64 or uint64`);
}

function checkShape(shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new TypeError('shape must be an array of non-negative integers');
  }
  return shape as number[];
}

/**
 * A createArray() object as a NativeWriteValue, with the PyTables flavor it stands for:
 * 'numpy' for TypedArrays and {data, shape}, 'python' for JS arrays and scalars.
 */
export function arrayValue(obj: unknown): { value: NativeWriteValue; flavor: 'numpy' | 'python' } {
  const typed = typedArrayDType(obj);
  if (typed) {
    const data = asNativeTyped(obj as TypedArray);
    return { value: { dtype: typed, shape: [data.length], data }, flavor: 'numpy' };
  }
  if (Array.isArray(obj)) {
    const { flat, shape } = flatten(obj);
    return { value: packLeaves(flat, shape), flavor: 'python' };
  }
  switch (typeof obj) {
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'string':
      return { value: packLeaves([obj], []), flavor: 'python' };
  }
  if (isComplex(obj)) return { value: packLeaves([obj], []), flavor: 'python' };
  if (obj !== null && typeof obj === 'object' && 'data' in obj && 'shape' in obj) {
    const { data, shape, dtype: said } = obj as { data: unknown; shape: unknown; dtype?: unknown };
    const dims = checkShape(shape);
    if (said !== undefined) return { value: dtypeSaid(data, dims, said), flavor: 'numpy' };
    const size = dims.reduce((a, b) => a * b, 1);
    let value: NativeWriteValue;
    const dtype = typedArrayDType(data);
    if (dtype) value = { dtype, shape: dims, data: asNativeTyped(data as TypedArray) };
    else if (Array.isArray(data) && !data.some(Array.isArray)) value = packLeaves(data, dims);
    else
      throw new TypeError(
        'data must be a TypedArray or a flat array of numbers, bigints, booleans or strings',
      );
    const length = value.data.length;
    if (length !== size) {
      throw new RangeError(`data has ${length} elements but shape (${dims.join(', ')}) needs ${size}`);
    }
    return { value, flavor: 'numpy' };
  }
  throw new TypeError(
    'createArray() takes a TypedArray, nested arrays, {data, shape}, a number, a bigint, a boolean or strings',
  );
}

// ---- data that says its dtype: complex, float16 ---------------------------------------

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float TypedArray of the dtype's class holding `values` (a copy unless it already is one and `float16` needs no rounding). */
function floatsOf(values: ArrayLike<number>, dtype: DType): TypedArray {
  if (dtype === 'float16') return toFloat16Values(values);
  const Typed = DTYPES[dtype].typed as Float32ArrayConstructor | Float64ArrayConstructor;
  return values instanceof Typed ? values : Typed.from(values);
}

/**
 * `data` (a Float32Array/Float64Array or numbers: for complex, interleaved re, im) with
 * `shape`, as a NativeWriteValue of `dtype` (complex or float16). `what` names the call.
 */
export function taggedValue(data: unknown, shape: number[], dtype: DType, what: string): NativeWriteValue {
  const width = valuesPerElement(dtype);
  const typed = typedArrayDType(data);
  let numbers: ArrayLike<number>;
  if (typed === 'float32' || typed === 'float64') numbers = data as Float32Array | Float64Array;
  else if (Array.isArray(data) && data.every((v) => typeof v === 'number')) numbers = data as number[];
  else {
    const got = typed
      ? `a ${(data as TypedArray).constructor.name}`
      : Array.isArray(data)
        ? 'an array of non-numbers'
        : typeof data;
    throw new TypeError(
      `${what}: ${dtype} data must be a Float32Array, a Float64Array or numbers${width === 2 ? ' (re, im interleaved)' : ''}, not ${got}`,
    );
  }
  const need = size(shape) * width;
  if (numbers.length !== need) {
    throw new RangeError(
      `${what}: ${dtype} data of shape (${shape.join(', ')}) needs ${need} numbers${width === 2 ? ' (re, im per element)' : ''}, not ${numbers.length}`,
    );
  }
  return { dtype, shape, data: floatsOf(numbers, dtype) };
}

/**
 * `{ data, shape, dtype }` (a read's result): complex and float16 data as taggedValue
 * takes it; any other dtype must be the data's own (bool: a Uint8Array of 0 and 1 too).
 */
function dtypeSaid(data: unknown, shape: number[], dtype: unknown): NativeWriteValue {
  if (!isDType(dtype)) {
    throw new TypeError(
      `dtype must be one of ${Object.keys(DTYPES)
        .map((d) => `'${d}'`)
        .join(', ')}, not ${typeof dtype === 'string' ? `'${dtype}'` : typeof dtype}`,
    );
  }
  if (needsTag(dtype)) return taggedValue(data, shape, dtype, 'createArray');
  const { value } = arrayValue({ data, shape });
  if (dtype === 'bool' && value.dtype === 'uint8') {
    if (!(value.data as Uint8Array).every((b) => b === 0 || b === 1))
      throw new RangeError("a Uint8Array of dtype 'bool' must hold only 0 and 1");
    return { ...value, dtype };
  }
  if (value.dtype !== dtype) throw new TypeError(`the data is ${value.dtype} but dtype is '${dtype}'`);
  return value;
}

/** A PyTables string attribute: fixed-length UTF-8 scalar; '' is a NULL dataspace of size 1. */
export function stringAttribute(s: string): NativeWriteValue {
  if (s === '') return { dtype: 'string', shape: null, data: [], itemsize: 1, charset: 'utf8' };
  return { dtype: 'string', shape: [], data: [s], charset: 'utf8' };
}

/** Attribute strings are UTF-8, as PyTables writes them. */
function utf8Strings(value: NativeWriteValue): NativeWriteValue {
  return value.dtype === 'string' ? { ...value, charset: 'utf8' } : value;
}

/** A JS attribute value as a NativeWriteValue (PyTables' conventions). */
export function attributeValue(value: unknown): NativeWriteValue {
  switch (typeof value) {
    case 'string':
      return stringAttribute(value);
    case 'number':
      return { dtype: 'float64', shape: [], data: Float64Array.of(value) };
    case 'bigint':
      return packLeaves([value], []);
    case 'boolean':
      return { dtype: 'bool', shape: [], data: Uint8Array.of(value ? 1 : 0) };
  }
  // A Python complex: numpy's complex128.
  if (isComplex(value)) return { dtype: 'complex128', shape: [], data: Float64Array.of(value.re, value.im) };
  const typed = typedArrayDType(value);
  if (typed) {
    const data = asNativeTyped(value as TypedArray);
    return { dtype: typed, shape: [data.length], data };
  }
  if (Array.isArray(value) && !value.some(Array.isArray))
    return utf8Strings(packLeaves(value, [value.length]));
  if (value !== null && typeof value === 'object' && 'data' in value && 'shape' in value) {
    // An N-d attribute, as it reads back: {data, shape}, checked as createArray checks it.
    return utf8Strings(arrayValue(value).value);
  }
  throw new TypeError(
    'an attribute value must be a number, bigint, string, boolean, { re, im }, TypedArray, flat array of those, or {data, shape, dtype?}',
  );
}

/**
 * A NativeReadValue of an attribute as the JS value users see; with int64 mode 'number',
 * int64/uint64 values are numbers (RangeError naming `what()` beyond ±(2^53 - 1)).
 */
export function attributeFromNative(
  native: NativeReadValue,
  int64: Int64Mode = 'bigint',
  what: () => string = () => 'attribute',
): AttributeValue {
  const raw = { ...native, data: int64Data(native.data, int64, what) };
  if (raw.shape === null) {
    // A NULL dataspace: PyTables' empty string (any other type: an empty array).
    return raw.dtype === 'string' ? '' : raw.data;
  }
  if (raw.shape.length === 0) {
    const v = raw.data[0];
    if (raw.dtype === 'bool') return v !== 0;
    if (DTYPES[raw.dtype].kind === 'complex') return { re: v as number, im: raw.data[1] as number };
    return v as number | bigint | string;
  }
  // Data no TypedArray names keeps its dtype, so it reads back and writes back the same.
  if (needsTag(raw.dtype)) return { data: raw.data as TypedArray, shape: [...raw.shape], dtype: raw.dtype };
  const data = raw.dtype === 'bool' ? Array.from(raw.data as Uint8Array, (b) => b !== 0) : raw.data;
  // One dimension reads as the array itself; more keep their shape, as numpy's do.
  return raw.shape.length === 1 ? data : { data, shape: [...raw.shape] };
}

// ---- int64 as numbers, and JSON -------------------------------------------------------

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The RangeError of a 'number' read that meets a value a number cannot hold exactly. */
function unsafeInteger(value: bigint, what: string): RangeError {
  return Object.assign(
    new RangeError(
      `${what}: the int64 value ${value} is not a safe integer (beyond ±(2^53 - 1)) and cannot be read as a number ` +
        "without losing precision; read it with { int64: 'bigint' }",
    ),
    { code: 'ERR_OUT_OF_RANGE' },
  );
}

/**
 * Data as the int64 mode wants it: with 'number', int64/uint64 data becomes a Float64Array
 * (a RangeError naming `what()` when a value is beyond ±(2^53 - 1)); anything else as it is.
 */
export function int64Data<T extends TypedArray | string[]>(
  data: T,
  mode: Int64Mode,
  what: () => string,
): T | Float64Array {
  if (mode === 'bigint' || !(data instanceof BigInt64Array || data instanceof BigUint64Array)) return data;
  const out = new Float64Array(data.length);
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as bigint;
      if (v > MAX_SAFE || v < -MAX_SAFE) throw unsafeInteger(v, what());
      out[i] = Number(v);
    }
    return out;
  }
  // Each value from its two 32-bit words, about four times faster than through bigints:
  // safe means |v| <= 2^53 - 1, that is a high word within ±2^21 (and not -2^53 itself).
  const n = data.length;
  const signed = data instanceof BigInt64Array;
  const words = signed
    ? new Int32Array(data.buffer, data.byteOffset, n * 2)
    : new Uint32Array(data.buffer, data.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1] as number;
    const lo = (words[2 * i] as number) >>> 0;
    if (hi > 0x1fffff || hi < -0x200000 || (hi === -0x200000 && lo === 0))
      throw unsafeInteger(data[i] as bigint, what());
    out[i] = hi * 0x100000000 + lo;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const INT64_MODES: readonly string[] = ['bigint', 'number'];

/** Checks an `int64` option (undefined: not given). */
export function checkInt64Mode(value: unknown, what: string): Int64Mode | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !INT64_MODES.includes(value)) {
    throw new TypeError(
      `${what}: option 'int64' must be 'bigint' or 'number', not ${typeof value === 'string' ? `'${value}'` : typeof value}`,
    );
  }
  return value as Int64Mode;
}

/** One element as JSON has it: bigints as numbers when safe, else as decimal strings. */
function jsonElement(v: number | bigint | string): number | string {
  if (typeof v !== 'bigint') return v;
  return v > MAX_SAFE || v < -MAX_SAFE ? v.toString() : Number(v);
}

const READ_RESULT = {
  toJSON(this: ReadResult): ReadResultJSON {
    const data = Array.from(this.data as ArrayLike<number | bigint | string>, jsonElement);
    return { data, shape: [...this.shape], dtype: this.dtype };
  },
};

/** A ReadResult: its three fields own, `toJSON` on its prototype (so equality and printing see only the fields). */
export function readResult<D extends DType, I extends Int64Mode>(
  data: ReadData<D, I>,
  shape: number[],
  dtype: D,
): ReadResult<D, I> {
  const result = Object.create(READ_RESULT) as ReadResult<D, I>;
  result.data = data;
  result.shape = shape;
  result.dtype = dtype;
  return result;
}
