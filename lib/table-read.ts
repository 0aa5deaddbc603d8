// Between the binding's records and what a table's reads give: a subset of the fields,
// columns keyed by their paths ('x', 'pos/y') for chunked reads, and those back into
// nested objects.

import type { Description } from './description';
import { int64Data, type Int64Mode, type TypedArray } from './dtype';
import { decodeFixedStrings, FixedStrings } from './fixed-strings';
import type { NativeField, NativeRecords } from './native';
import type { TableColumns } from './table-records';

/** @internal A string field's column read as bytes (readRecords' stringsAsBytes)? */
function isStringBytes(f: NativeField, column: unknown): column is Uint8Array {
  return f.dtype === 'string' && column instanceof Uint8Array;
}

/**
 * @internal `rec` (read with stringsAsBytes) with its string columns decoded into string[],
 * in place: the binding hands over bytes, and one pass here makes the strings.
 */
export function decodeStrings(rec: NativeRecords): NativeRecords {
  let j = 0;
  const visit = (fields: readonly NativeField[]): void => {
    for (const f of fields) {
      if (f.dtype === 'compound') visit(f.fields ?? []);
      else {
        const column = rec.columns[j];
        if (isStringBytes(f, column)) rec.columns[j] = decodeFixedStrings(column, f.itemsize ?? 1);
        j++;
      }
    }
  };
  visit(rec.fields);
  return rec;
}

/** @internal The fields of `rec` that `paths` name (with their parents), and their columns. */
export function subsetRecords(rec: NativeRecords, paths: string[]): NativeRecords {
  let j = 0;
  const columns: NativeRecords['columns'] = [];
  const keep = (fields: NativeRecords['fields'], at: string, all: boolean): NativeRecords['fields'] => {
    const out: NativeRecords['fields'] = [];
    for (const f of fields) {
      const p = at === '' ? f.name : `${at}/${f.name}`;
      const whole = all || paths.includes(p);
      const inside = paths.some((q) => q.startsWith(`${p}/`));
      if (f.dtype === 'compound') {
        const sub = keep(f.fields ?? [], p, whole);
        if (whole || inside) out.push({ ...f, fields: sub });
      } else {
        const col = rec.columns[j++] as TypedArray | string[];
        if (whole) {
          out.push(f);
          columns.push(col);
        }
      }
    }
    return out;
  };
  const fields = keep(rec.fields, '', false);
  return { ...rec, fields, columns };
}

/** @internal Records' columns keyed by leaf path (string columns read as bytes decoded). */
export function flatColumns(rec: NativeRecords): Record<string, TypedArray | string[]> {
  return keyedColumns(rec, 'decode') as Record<string, TypedArray | string[]>;
}

/** @internal flatColumns(), string columns read as bytes kept as FixedStrings (for conditions). */
export function blockColumns(rec: NativeRecords): Record<string, TypedArray | string[] | FixedStrings> {
  return keyedColumns(rec, 'bytes');
}

function keyedColumns(
  rec: NativeRecords,
  strings: 'decode' | 'bytes',
): Record<string, TypedArray | string[] | FixedStrings> {
  const out: Record<string, TypedArray | string[] | FixedStrings> = {};
  let j = 0;
  const visit = (fields: NativeRecords['fields'], at: string): void => {
    for (const f of fields) {
      const p = at === '' ? f.name : `${at}/${f.name}`;
      if (f.dtype === 'compound') visit(f.fields ?? [], p);
      else {
        const column = rec.columns[j++];
        if (!isStringBytes(f, column)) out[p] = column as TypedArray | string[];
        else if (strings === 'bytes') out[p] = new FixedStrings(column, f.itemsize ?? 1);
        else out[p] = decodeFixedStrings(column, f.itemsize ?? 1);
      }
    }
  };
  visit(rec.fields, '');
  return out;
}

/** @internal Columns keyed by path back into nested objects. */
export function unflatten(
  desc: Description,
  flat: Record<string, TypedArray | string[]>,
  mode: Int64Mode,
  table: string,
): TableColumns {
  const out: TableColumns = {};
  for (const [path] of desc._leaves()) {
    const parts = path.split('/');
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as TableColumns;
    const data = flat[path] as TypedArray | string[];
    at[parts[parts.length - 1] as string] = int64Data(
      data,
      mode,
      () => `column '${path}' of \`\`${table}\`\``,
    );
  }
  return out;
}
