// createTable (PyTables' File.create_table and Table._g_create): the description, the
// chunk shape from expectedrows and the row size, the filters, PyTables' attributes (CLASS
// 'TABLE', VERSION '2.7', TITLE, FIELD_n_NAME, FIELD_n_FILL, NROWS) and the initial rows.

import { calcChunkshape } from './chunkshape';
import { prepareNew, systemAttributes } from './creating';
import { colFill, describe, type Col, type Description, type DescriptionInput } from './description';
import { defaultFilters } from './default-filters';
import { DTYPES, stringAttribute, type DType } from './dtype';
import { Filters, filtersToPipeline } from './filters';
import type { File } from './file';
import type { Group } from './group';
import type {
  NativeAttributeList,
  NativeRecords,
  NativeStorage,
  NativeTypedArray,
  NativeWriteValue,
} from './native';
import { checkOptions, type OptionTable } from './options';
import { toRecords, type TableRowsInput } from './table-records';

/** The options of createTable (PyTables' create_table arguments after `description`). */
export interface TableOptions {
  /** The TITLE attribute. */
  title?: string;
  /** The filters (compression) of its chunks; default: the file's (openFile's `filters`). */
  filters?: Filters;
  /** How many rows it is expected to hold, which sizes the computed chunk shape (default 10000). */
  expectedrows?: number;
  /** The chunk shape: one entry, the rows per chunk; default: computed as PyTables computes it. */
  chunkshape?: number[];
  /** Create missing groups on the way to `where` (PyTables' createparents). */
  createParents?: boolean;
  /** Initial rows, as `append` takes them. */
  obj?: TableRowsInput;
}

/** PyTables' EXPECTED_ROWS_TABLE. */
const EXPECTED_ROWS = 10_000;

function positive(what: string) {
  return (v: unknown, k: string): void => {
    if (!Number.isSafeInteger(v) || (v as number) < 1) {
      throw new TypeError(`${what}: option '${k}' must be a positive integer`);
    }
  };
}

function optionTable(what: string): OptionTable {
  return {
    title: 'string',
    filters: (v, k) => {
      if (!(v instanceof Filters)) {
        throw new TypeError(
          `${what}: option '${k}' must be a Filters instance (new Filters({ complevel, complib }))`,
        );
      }
    },
    expectedrows: positive(what),
    chunkshape: (v, k) => {
      if (!Array.isArray(v) || v.length !== 1 || !Number.isSafeInteger(v[0]) || (v[0] as number) < 1) {
        throw new TypeError(
          `${what}: option '${k}' must be one positive integer in an array ([rows per chunk])`,
        );
      }
    },
    createParents: 'boolean',
    obj: () => undefined, // checked by the conversion
  };
}

/** A table about to be written. */
export interface NewTable {
  parent: string;
  path: string;
  description: Description;
  value: NativeRecords;
  initial: NativeRecords | null;
  attributes: NativeAttributeList;
  storage: NativeStorage;
}

/** PyTables' table chunk shape: Leaf._calc_chunkshape with the row size as the item size. */
export function tableChunkshape(expectedrows: number, rowsize: number): number[] {
  return calcChunkshape([0], 0, expectedrows, rowsize, rowsize, false);
}

/** A FIELD_n_FILL attribute: the column's default as a scalar of its type (PyTables' set_attr(dflt)). */
function fillAttribute(c: Col): NativeWriteValue {
  const d = c.dflt;
  if (c.dtype === 'string') {
    const s = d as string;
    return {
      dtype: 'string',
      shape: [],
      data: [s],
      itemsize: Math.max(1, Buffer.byteLength(s)),
      charset: 'ascii',
    };
  }
  if (Array.isArray(d)) {
    const data = c.dtype === 'complex64' ? Float32Array.from(d) : Float64Array.from(d);
    return { dtype: c.dtype as DType, shape: [], data };
  }
  const dtype = c.dtype as DType;
  const v = c.enum ? c.enum.values[c.enum.names.indexOf(d as string)] : d;
  const Typed = DTYPES[dtype].typed as new (n: number) => NativeTypedArray;
  const data = new Typed(1);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) data[0] = BigInt(v as number | bigint);
  else data[0] = typeof v === 'boolean' ? Number(v) : (v as number);
  return { dtype, shape: [], data };
}

/** PyTables' attributes of a new table. */
function tableAttributes(desc: Description, title: string): NativeAttributeList {
  const attrs = systemAttributes({ CLASS: 'TABLE', VERSION: '2.7', TITLE: title });
  desc.names.forEach((name, i) => attrs.push([`FIELD_${i}_NAME`, stringAttribute(name)]));
  desc._walkCols().forEach(([, c], i) => attrs.push([`FIELD_${i}_FILL`, fillAttribute(c)]));
  attrs.push(['NROWS', { dtype: 'int64', shape: [], data: BigInt64Array.of(0n) }]);
  return attrs;
}

/** Checks a createTable call and builds what the binding writes. */
export function prepareTable(
  file: File,
  where: unknown,
  name: unknown,
  description: unknown,
  titleOrOptions: unknown,
  nameIsFree: boolean,
): NewTable {
  const what = 'createTable';
  let opts: TableOptions = {};
  if (typeof titleOrOptions === 'string') opts = { title: titleOrOptions };
  else if (titleOrOptions !== undefined && titleOrOptions !== null) {
    checkOptions(titleOrOptions, optionTable(what), what);
    opts = titleOrOptions as TableOptions;
  }
  const { parent, path, title, converted } = prepareNew(
    file,
    where,
    name,
    { title: opts.title, createParents: opts.createParents },
    what,
    {
      nameIsFree,
      convert: () => {
        const desc = describe(description as DescriptionInput, what);
        const initial = opts.obj === undefined ? null : toRecords(desc, opts.obj, `${what}: option 'obj'`);
        const pipeline = opts.filters && filtersToPipeline(opts.filters, desc.size, 'Table');
        return { desc, initial, pipeline };
      },
    },
  );
  const { desc, initial } = converted;
  const filters = opts.filters ?? defaultFilters(file._node(parent) as Group);
  const chunkshape = opts.chunkshape
    ? [...opts.chunkshape]
    : tableChunkshape(opts.expectedrows ?? EXPECTED_ROWS, desc.size);
  const storage: NativeStorage = {
    chunkshape,
    maxshape: [null],
    filters: converted.pipeline ?? filtersToPipeline(filters, desc.size, 'Table'),
    fillValue: desc._fillRecord(),
  };
  const value: NativeRecords = {
    dtype: 'compound',
    fields: desc._fields(),
    shape: [0],
    columns: emptyColumns(desc),
  };
  return {
    parent,
    path,
    description: desc,
    value,
    initial,
    attributes: tableAttributes(desc, title),
    storage,
  };
}

function emptyColumns(desc: Description): NativeRecords['columns'] {
  return desc._leaves().map(([, c]) => colFill(c, 0));
}
