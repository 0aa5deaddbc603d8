// Compound attributes written: a plain record object (or an array of them, all with the
// same fields) becomes NativeRecords for writeAttributeRecords. The field types are the
// ones a read record carries (its hidden RECORD_FIELDS, so what `get` returns writes back
// as the same type), else decided from the values as numpy would: number float64,
// bigint int64, boolean bool, string a fixed string of the longest UTF-8 length,
// { re, im } complex128, a TypedArray its own dtype of shape [length], string[] strings of
// shape [length], a nested object a nested compound.

import { isComplex, typedArrayDType, INTEGER_RANGES, type DType, type TypedArray } from './dtype';
import type { NativeField, NativeRecords, NativeTypedArray } from './native';

/** The fields a read record (or array of them) was read with, so it writes back the same. */
export const RECORD_FIELDS = Symbol('h5tables.recordFields');

type Plain = Record<string, unknown>;

function isPlainObject(v: unknown): v is Plain {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Whether a record object: read ones are; a complex (an object of `re` and `im` only, even a
 * broken one such as `{ re: 1 }`) or an N-d `{ data, shape }` is not.
 */
function isRecordObject(v: unknown): v is Plain {
  if (!isPlainObject(v)) return false;
  if (Object.hasOwn(v, RECORD_FIELDS)) return true;
  const keys = Object.keys(v);
  if (keys.length > 0 && keys.every((k) => k === 're' || k === 'im')) return false;
  return !isComplex(v) && !('data' in v && 'shape' in v);
}

/** Whether an attribute value is one record or a non-empty array of records. */
export function isRecordValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isRecordObject);
  return isRecordObject(value);
}

const TYPED: Partial<Record<DType, new (n: number) => NativeTypedArray>> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
  bool: Uint8Array,
  complex64: Float32Array,
  complex128: Float64Array,
};

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return typeof v;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The field a value makes (numpy's choice), checked; `path` names it in errors. */
function inferField(name: string, v: unknown, path: string): NativeField {
  switch (typeof v) {
    case 'number':
      return { name, dtype: 'float64', shape: [] };
    case 'bigint':
      return { name, dtype: 'int64', shape: [] };
    case 'boolean':
      return { name, dtype: 'bool', shape: [] };
    case 'string':
      return { name, dtype: 'string', shape: [], itemsize: 1 };
  }
  if (isComplex(v) && Object.keys(v).length === 2) return { name, dtype: 'complex128', shape: [] };
  const typed = typedArrayDType(v);
  if (typed && TYPED[typed]) {
    const length = (v as TypedArray).length;
    if (length === 0)
      throw new TypeError(`field '${path}' is an empty ${typeName(v)}: a shaped field needs values`);
    return { name, dtype: typed, shape: [length] };
  }
  if (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')) {
    return { name, dtype: 'string', shape: [v.length], itemsize: 1 };
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0)
      throw new TypeError(`field '${path}' is an empty object: a nested record needs fields`);
    return {
      name,
      dtype: 'compound',
      shape: [],
      fields: keys.map((k) => inferField(k, v[k], `${path}/${k}`)),
    };
  }
  throw new TypeError(
    `field '${path}' cannot be written in a compound attribute: ${typeName(v)} is not a number, bigint, boolean, string, { re, im }, TypedArray, string[] or nested record`,
  );
}

function sameKeys(rec: Plain, fields: readonly NativeField[]): boolean {
  const keys = Object.keys(rec);
  return keys.length === fields.length && fields.every((f) => Object.hasOwn(rec, f.name));
}

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** One leaf's column over every record, each value checked against the field. */
function leafColumn(field: NativeField, values: unknown[], path: string): NativeTypedArray | string[] {
  const dtype = field.dtype as DType;
  const per = count(field.shape);
  const shaped = field.shape.length > 0;
  const bad = (r: number, v: unknown, want: string): never => {
    throw new TypeError(`record ${r}: field '${path}' must be ${want}, not ${typeName(v)}`);
  };
  const elements = (r: number, v: unknown): ArrayLike<unknown> => {
    if (!shaped) return [v];
    if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)))) {
      return bad(r, v, `an array of ${per} values`);
    }
    const a = v as ArrayLike<unknown>;
    if (a.length !== per) {
      throw new TypeError(
        `record ${r}: field '${path}' holds ${per} values (shape [${field.shape.join(', ')}]), not ${a.length}`,
      );
    }
    return a;
  };
  if (dtype === 'string') {
    const out: string[] = [];
    values.forEach((v, r) => {
      const a = elements(r, v);
      for (let j = 0; j < a.length; j++) {
        const s = a[j];
        if (typeof s !== 'string') bad(r, s, 'a string');
        out.push(s as string);
      }
    });
    return out;
  }
  const Typed = TYPED[dtype];
  if (!Typed)
    throw new TypeError(
      `field '${path}' has a type (${dtype}) h5tables cannot write in a compound attribute`,
    );
  const complex = dtype === 'complex64' || dtype === 'complex128';
  const out = new Typed(values.length * per * (complex ? 2 : 1));
  const range = INTEGER_RANGES[dtype];
  values.forEach((v, r) => {
    const a = elements(r, v);
    for (let j = 0; j < a.length; j++) {
      const x = a[j];
      const i = r * per + j;
      if (complex) {
        if (!isComplex(x)) bad(r, x, 'a complex { re, im }');
        (out as Float64Array)[2 * i] = (x as { re: number }).re;
        (out as Float64Array)[2 * i + 1] = (x as { im: number }).im;
      } else if (dtype === 'bool') {
        if (typeof x === 'boolean') (out as Uint8Array)[i] = x ? 1 : 0;
        else if (shaped && (x === 0 || x === 1)) (out as Uint8Array)[i] = x;
        else bad(r, x, 'a boolean');
      } else if (range) {
        const big =
          typeof x === 'bigint' ? x : typeof x === 'number' && Number.isInteger(x) ? BigInt(x) : undefined;
        if (big === undefined) return bad(r, x, 'an integer');
        if (big < range[0] || big > range[1]) {
          throw new RangeError(`record ${r}: field '${path}': ${String(x)} does not fit ${dtype}`);
        }
        if (out instanceof BigInt64Array || out instanceof BigUint64Array) out[i] = big;
        else (out as Int32Array)[i] = Number(big);
      } else {
        if (typeof x !== 'number') bad(r, x, 'a number');
        (out as Float64Array)[i] = x as number;
      }
    }
  });
  return out;
}

/**
 * The records of a record value (isRecordValue), every value checked before anything is
 * written: a value that does not fit its field is a TypeError (RangeError out of range)
 * naming the record and the field.
 */
export function recordsValue(value: unknown): NativeRecords {
  const records = (Array.isArray(value) ? value : [value]) as Plain[];
  const first = records[0] as Plain;
  const carried = (Object.hasOwn(first, RECORD_FIELDS) ? first[RECORD_FIELDS as never] : undefined) as
    NativeField[] | undefined;
  const given = carried !== undefined && sameKeys(first, carried) ? carried : undefined;
  const fields: NativeField[] = given
    ? structuredClone(given)
    : Object.keys(first).map((k) => inferField(k, first[k], k));
  if (fields.length === 0)
    throw new TypeError('an empty object cannot be written as a compound attribute: it has no fields');
  const columns: Array<NativeTypedArray | string[]> = [];
  const walk = (level: NativeField[], rows: Plain[], at: string): void => {
    rows.forEach((rec, r) => {
      if (!sameKeys(rec, level)) {
        const where = at === '' ? '' : ` of field '${at}'`;
        throw new TypeError(
          `record ${r}${where} has the fields ${Object.keys(rec).join(', ') || '(none)'}, not ${level.map((f) => f.name).join(', ')}: every record must have the same fields`,
        );
      }
    });
    for (const f of level) {
      const path = at === '' ? f.name : `${at}/${f.name}`;
      const values = rows.map((rec) => rec[f.name]);
      if (f.dtype === 'compound') {
        values.forEach((v, r) => {
          if (!isPlainObject(v))
            throw new TypeError(`record ${r}: field '${path}' must be a nested record, not ${typeName(v)}`);
        });
        walk(f.fields ?? [], values as Plain[], path);
        continue;
      }
      if (f.dtype === null) throw new TypeError(`field '${path}' has a type h5tables cannot write`);
      const column = leafColumn(f, values, path);
      if (f.dtype === 'string') {
        // Long enough for the longest (a read record's size when that is longer).
        const longest = (column as string[]).reduce((m, s) => Math.max(m, utf8Length(s)), 1);
        f.itemsize = Math.max(given ? (f.itemsize ?? 1) : 1, longest);
      }
      delete f.offset;
      delete f.byteorder;
      columns.push(column);
    }
  };
  walk(fields, records, '');
  return { dtype: 'compound', fields, shape: Array.isArray(value) ? [records.length] : [], columns };
}
