// Data for a leaf whose atom is complex or float16 (the dtypes no TypedArray names; see
// dtype.ts taggedValue): createCArray's/createEArray's obj, EArray.append's rows.

import {
  flatten,
  isComplex,
  taggedValue,
  typedArrayDType,
  valuesPerElement,
  type Complex,
  type DType,
  type Leaf,
  type TypedArray,
} from './dtype';
import type { NativeWriteValue } from './native';

/** Elements one by one (numbers, or `{ re, im }` for complex) as interleaved numbers. */
function elementsAsNumbers(elements: readonly unknown[], dtype: DType, what: string): number[] {
  const complex = valuesPerElement(dtype) === 2;
  const out: number[] = [];
  for (const v of elements) {
    if (typeof v === 'number') {
      out.push(v);
      if (complex) out.push(0);
    } else if (complex && isComplex(v)) out.push((v as Complex).re, (v as Complex).im);
    else {
      throw new TypeError(
        `${what}: ${JSON.stringify(v) ?? String(v)} cannot be stored as ${dtype} (it takes numbers${complex ? ' or { re, im }' : ''})`,
      );
    }
  }
  return out;
}

/**
 * Data for a leaf of a complex or float16 atom: a Float32Array/Float64Array (complex:
 * interleaved, its length twice the elements), `{ data, shape }`, nested arrays of
 * elements (numbers, or `{ re, im }` for complex) or one element.
 */
export function taggedAtomValue(obj: unknown, dtype: DType, what: string): NativeWriteValue {
  const width = valuesPerElement(dtype);
  if (typedArrayDType(obj)) {
    const n = (obj as TypedArray).length;
    if (n % width !== 0)
      throw new RangeError(`${what}: ${dtype} data needs an even length (re, im), not ${n}`);
    return taggedValue(obj, [n / width], dtype, what);
  }
  if (obj !== null && typeof obj === 'object' && 'data' in obj && 'shape' in obj) {
    const { shape } = obj as { shape: unknown };
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new TypeError(`${what}: shape must be an array of non-negative integers`);
    }
    const given = (obj as { dtype?: unknown }).dtype;
    if (given !== undefined && given !== dtype) {
      throw new TypeError(`${what}: the data is ${String(given)} but the atom is ${dtype}`);
    }
    return taggedValue((obj as { data: unknown }).data, shape as number[], dtype, what);
  }
  if (Array.isArray(obj)) {
    const { flat, shape } = flatten(obj as Leaf[]);
    return taggedValue(elementsAsNumbers(flat, dtype, what), shape, dtype, what);
  }
  return taggedValue(elementsAsNumbers([obj], dtype, what), [], dtype, what);
}
