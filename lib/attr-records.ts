// Compound attributes (numpy structured scalars and arrays, as h5py and PyTables write
// them): the binding reads them as columns (NativeRecords); users see one record as a plain
// object `{ a: 1, b: 2.5 }` and several as an array of such objects, as PyTables gives a
// numpy.void and a structured array.

import { DTYPES, valuesPerElement, type Complex, type DType, type TypedArray } from './dtype';
import { numpyArrayRepr, pyBytes, pyComplex, pyFloat, pyTuple } from './pyrepr';
import { precisionOf } from './printed';
import { RECORD_FIELDS } from './attr-write';

/** One field of a compound attribute: a number, bigint, string, boolean, `{ re, im }`, a shaped field's values, or a nested record. */
export type RecordFieldValue =
  number | bigint | string | boolean | Complex | TypedArray | string[] | AttributeRecord;

/**
 * One record of a compound attribute: its fields by name, in stored order. A read record
 * remembers its stored field types (hidden), so writing it back keeps them; a plain object
 * written gets types decided from its values (lib/attr-write.ts).
 */
export interface AttributeRecord {
  [field: string]: RecordFieldValue;
}

/** One field as the binding reports it (lib/native.ts NativeField). */
interface FieldLike {
  name: string;
  dtype: DType | 'compound' | null;
  fields?: FieldLike[];
  shape: number[];
  itemsize?: number;
}

/** A compound read as columns (lib/native.ts NativeRecords). */
export interface RecordsLike {
  dtype: 'compound';
  fields: FieldLike[];
  shape: number[];
  columns: Array<TypedArray | string[]>;
}

/** Whether a binding's attribute value is a compound's records. */
export function isRecords(value: unknown): value is RecordsLike {
  return value !== null && typeof value === 'object' && (value as { dtype?: unknown }).dtype === 'compound';
}

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Record `k`'s value of one leaf field, its column. */
function fieldValue(field: FieldLike, column: TypedArray | string[], k: number): RecordFieldValue {
  const dtype = field.dtype as DType;
  const width = valuesPerElement(dtype);
  const per = count(field.shape) * width;
  if (field.shape.length > 0) return column.slice(k * per, (k + 1) * per) as TypedArray | string[];
  const v = column[k * width] as number | bigint | string;
  if (width === 2) return { re: v as number, im: column[k * width + 1] as number };
  if (dtype === 'bool') return v !== 0;
  return v;
}

/** The records as plain objects, nested compounds as nested objects. */
export function recordObjects(records: RecordsLike): AttributeRecord[] {
  const n = count(records.shape);
  const out = Array.from({ length: n }, () => ({})) as AttributeRecord[];
  let next = 0;
  const fill = (fields: FieldLike[], targets: AttributeRecord[]): void => {
    for (const field of fields) {
      if (field.dtype === 'compound') {
        const inner = targets.map((t) => (t[field.name] = {} as AttributeRecord));
        fill(field.fields ?? [], inner);
        continue;
      }
      const column = records.columns[next++] as TypedArray | string[];
      if (field.dtype === null) continue; // a member type the binding cannot read
      targets.forEach((t, k) => (t[field.name] = fieldValue(field, column, k)));
    }
  };
  fill(records.fields, out);
  // Each record carries its stored fields (not enumerable), so set() writes it back alike.
  const fields = records.fields;
  for (const rec of out) Object.defineProperty(rec, RECORD_FIELDS, { value: fields, enumerable: false });
  return out;
}

/** A compound attribute as users see it: one record (shape []) or an array of them. */
export function recordsAttribute(records: RecordsLike): AttributeRecord | AttributeRecord[] {
  const objects = recordObjects(records);
  return records.shape.length === 0 ? (objects[0] as AttributeRecord) : objects;
}

// ---- repr, as numpy prints a structured scalar and array --------------------------------

const NUMPY_CODES: Partial<Record<DType, string>> = {
  int8: '|i1',
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
  uint64: '<u8',
  float16: '<f2',
  float32: '<f4',
  float64: '<f8',
  complex64: '<c8',
  complex128: '<c16',
  bool: '|b1',
};

/** numpy's dtype descr of the fields: [('a', '<i4'), ('b', '<f8')]. */
function descr(fields: FieldLike[]): string {
  const one = (f: FieldLike): string => {
    const code =
      f.dtype === 'compound'
        ? descr(f.fields ?? [])
        : f.dtype === 'string'
          ? `'S${f.itemsize ?? 1}'`
          : `'${f.dtype === null ? 'V' : (NUMPY_CODES[f.dtype] ?? f.dtype)}'`;
    const shape = f.shape.length > 0 ? `, ${pyTuple(f.shape)}` : '';
    return `('${f.name}', ${code}${shape})`;
  };
  return `[${fields.map(one).join(', ')}]`;
}

function fieldRepr(field: FieldLike, value: RecordFieldValue | undefined): string {
  if (field.dtype === 'compound') {
    const rec = value as AttributeRecord;
    return `(${(field.fields ?? []).map((f) => fieldRepr(f, rec[f.name])).join(', ')})`;
  }
  if (value === undefined || field.dtype === null) return '?';
  const dtype = field.dtype;
  if (field.shape.length > 0) {
    return numpyArrayRepr(dtype, field.shape, value as TypedArray | string[], field.itemsize).replace(
      /, dtype=.*\)$|\)$/s,
      ')',
    );
  }
  if (typeof value === 'string') return pyBytes(Buffer.from(value, 'utf8'));
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object' && 're' in value) {
    return pyComplex(value.re as number, value.im as number, precisionOf(dtype));
  }
  if (DTYPES[dtype].kind === 'float') return pyFloat(value as number, precisionOf(dtype));
  return String(value);
}

/** repr() of a compound attribute as PyTables shows it: `(1, 2.5)`, `array([(1, 2.5)], dtype=[...])`. */
export function recordsRepr(records: RecordsLike): string {
  const objects = recordObjects(records);
  const tuple = (rec: AttributeRecord): string =>
    `(${records.fields.map((f) => fieldRepr(f, rec[f.name])).join(', ')})`;
  if (records.shape.length === 0) return tuple(objects[0] as AttributeRecord);
  // numpy: the dtype on the same line when it fits in 75 columns, else on the next.
  const text = `array([${objects.map(tuple).join(', ')}],`;
  const dtypeText = `dtype=${descr(records.fields)})`;
  return text + (text.length + dtypeText.length + 1 > 75 ? '\n      ' : ' ') + dtypeText;
}
