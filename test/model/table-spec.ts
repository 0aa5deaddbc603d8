// One table description written once as JSON (the SPEC of test/python/pt_table.py) and
// made both ways: by PyTables (pt_table.py describe) and here with h5tables' Col helpers,
// so the tests compare h5tables' description and printed forms with PyTables' own.
import * as h5 from '../../lib/index';
import { runPython } from '../helpers/python';

/** A column in the SPEC: a Col helper's name and its options. */
export interface ColSpec {
  col: string;
  kw?: { shape?: number[]; dflt?: unknown; pos?: number };
  itemsize?: number;
  enum?: string[];
  dflt?: string;
  base?: string;
}

export interface TableSpec {
  [name: string]: ColSpec | TableSpec | number | string | unknown[] | undefined;
}

/** What pt_table.py describe prints. */
export interface PyDescribed {
  str: string;
  repr: string;
  descr_str: string;
  descr_repr: string;
  colnames: string[];
  colpathnames: string[];
  coltypes: Record<string, string>;
  rowsize: number;
  chunkshape: number[];
  cols_str: string;
  cols_repr: string;
  col_str: Record<string, string>;
  nested_repr: Record<string, string>;
  row_str: string;
  given_reprs: Record<string, string>;
}

function isCol(v: unknown): v is ColSpec {
  return typeof v === 'object' && v !== null && 'col' in v;
}

function makeCol(s: ColSpec): h5.Col {
  const kw = { ...(s.kw ?? {}) } as h5.ColOptions;
  if (s.col === 'EnumCol') return h5.EnumCol(s.enum ?? [], s.dflt ?? '', { ...kw, base: s.base as h5.DType });
  if (s.col === 'StringCol') return h5.StringCol(s.itemsize ?? 1, kw);
  if (s.col === 'ComplexCol') return h5.ComplexCol(s.itemsize as 8 | 16, kw);
  const helper = (h5 as unknown as Record<string, h5.ColHelper>)[s.col];
  if (typeof helper !== 'function') throw new Error(`no helper ${s.col}`);
  return helper(kw);
}

/** The description h5tables' helpers make for a SPEC (keys starting with '_' but _v_pos skipped). */
export function descriptionOf(spec: TableSpec): h5.DescriptionInput {
  const out: h5.DescriptionInput = {};
  for (const [name, v] of Object.entries(spec)) {
    if (name === '_v_pos') out[name] = v as number;
    else if (name.startsWith('_')) continue;
    else out[name] = isCol(v) ? makeCol(v) : descriptionOf(v as TableSpec);
  }
  return out;
}

/** PyTables' printed forms and properties for a SPEC. */
export function pyDescribe(spec: TableSpec): PyDescribed {
  return runPython<PyDescribed>('pt_table.py', ['describe', JSON.stringify(spec)], '/tmp');
}
