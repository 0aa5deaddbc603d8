// The values every dataset of test/python/make_filter_fixtures.py holds, computed exactly
// (both formulas are exact in float64 and int32), and the fixtures' paths.
import path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'filters');

export const F64_SHAPE = [50, 8];
export const I32_SHAPE = [500];

export function f64(): Float64Array {
  return Float64Array.from({ length: 50 * 8 }, (_, i) => (i % 97) * 0.25 - 3);
}

export function i32(): Int32Array {
  return Int32Array.from({ length: 500 }, (_, i) => ((i * 7919) % 65536) - 32768);
}

/** The datasets of a fixture file, by the generator's naming (f64_* or i32_*). */
export function expectedFor(name: string): {
  data: Float64Array | Int32Array;
  shape: number[];
  dtype: string;
} {
  return name.startsWith('i32')
    ? { data: i32(), shape: I32_SHAPE, dtype: 'int32' }
    : { data: f64(), shape: F64_SHAPE, dtype: 'float64' };
}
