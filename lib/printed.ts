// PyTables' str() and repr() texts for nodes and files (PyTables 3.7, as run).
//
// Pure functions of plain data, so the node classes stay free of formatting rules.

import { DTYPES, valuesPerElement } from './dtype';
import type { NativeDType, NativeReadValue } from './native';
import { numpyArrayRepr, pyBytes, pyComplex, pyFloat, pyStr, pyTuple, type Precision } from './pyrepr';

/** The shortest-repr precision of a float dtype's values (of each part, for complex). */
export function precisionOf(dtype: NativeDType): Precision {
  const bytes = DTYPES[dtype].itemsize / valuesPerElement(dtype);
  return bytes === 2 ? 'half' : bytes === 4;
}

/**
 * str(leaf): `/path (Array(2, 3)) 'title'`; `filters` is what PyTables prints after the
 * shape (`shuffle, blosc:lz4(5)`, see Filters._leafPart), '' without filters.
 */
export function leafStr(
  pathname: string,
  className: string,
  shape: number[],
  title: string,
  filters = '',
): string {
  return `${pathname} (${className}${pyTuple(shape)}${filters}) ${pyStr(title)}`;
}

/** str(group): `/path (Group) 'title'`. */
export function groupStr(pathname: string, className: string, title: string): string {
  return `${pathname} (${className}) ${pyStr(title)}`;
}

/** repr(group): its str, then its children, groups first, each kind by name. */
export function groupRepr(str: string, children: ReadonlyArray<{ name: string; className: string }>): string {
  const items = children.map((c) => `${pyStr(c.name)} (${c.className})`);
  return `${str}\n  children := [${items.join(', ')}]`;
}

/**
 * repr(atom): Float64Atom(shape=(), dflt=0.0), StringAtom(itemsize=3, shape=(), dflt=b'').
 * `dflt` is the default's repr; without it (an atom read from a file) an array atom's
 * default is numpy's zeros of its shape, as PyTables reads it.
 */
export function atomRepr(dtype: NativeDType, itemsize: number, shape: number[] = [], dflt?: string): string {
  const { atom, typed } = DTYPES[dtype];
  // A complex atom's itemsize is its dtype's (the binding reports an array atom's whole size).
  const complex = DTYPES[dtype].kind === 'complex';
  const size =
    dtype === 'string' || complex ? `itemsize=${complex ? DTYPES[dtype].itemsize : itemsize}, ` : '';
  const n = shape.reduce((a, b) => a * b, valuesPerElement(dtype));
  const shown =
    dflt ??
    (shape.length === 0
      ? DTYPES[dtype].dflt
      : numpyArrayRepr(dtype, shape, typed ? new typed(n) : new Array<string>(n).fill(''), itemsize));
  return `${atom}(${size}shape=${pyTuple(shape)}, dflt=${shown})`;
}

/**
 * The repr of a leaf's atom default as PyTables reads it from the dataset's fill value
 * (`7`, `b'ab'`, `array([3, 3], dtype=int32)` for an array atom); undefined without one
 * (atomRepr then shows zeros).
 */
export function fillRepr(fill: NativeReadValue | undefined, itemsize: number): string | undefined {
  if (fill === undefined || fill.shape === null) return undefined;
  const { dtype, data } = fill;
  if (fill.shape.length > 0) return numpyArrayRepr(dtype, fill.shape, data, itemsize);
  const v = data[0];
  if (typeof v === 'string') return pyBytes(Buffer.from(v, 'utf8'));
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (DTYPES[dtype].kind === 'float') return pyFloat(v as number, precisionOf(dtype));
  if (DTYPES[dtype].kind === 'complex') return pyComplex(v as number, data[1] as number, precisionOf(dtype));
  return String(v);
}

/**
 * repr(enum atom): `EnumAtom(enum=Enum({'red': 0, ...}), dflt='red', base=UInt8Atom(shape=(),
 * dflt=0), shape=())`; `enumRepr` is repr(enum), `dfltName` the default's name.
 */
export function enumAtomRepr(
  enumRepr: string,
  dfltName: string,
  base: NativeDType,
  shape: number[] = [],
): string {
  return `EnumAtom(enum=${enumRepr}, dflt=${pyStr(dfltName)}, base=${atomRepr(base, DTYPES[base].itemsize)}, shape=${pyTuple(shape)})`;
}

export interface ArrayReprInfo {
  atom: string;
  /** The dimension rows run along (an EArray's extendible one). */
  maindim: number;
  flavor: string;
  byteorder: string;
  chunkshape: number[] | null;
}

/** repr(array): its str, then atom, maindim, flavor, byteorder and chunkshape. */
export function arrayRepr(str: string, info: ArrayReprInfo): string {
  const chunkshape = info.chunkshape ? pyTuple(info.chunkshape) : 'None';
  return [
    str,
    `  atom := ${info.atom}`,
    `  maindim := ${info.maindim}`,
    `  flavor := ${pyStr(info.flavor)}`,
    `  byteorder := ${pyStr(info.byteorder)}`,
    `  chunkshape := ${chunkshape}`,
  ].join('\n');
}

/** repr(unimplemented): PyTables' note naming the file. */
export function unimplementedRepr(str: string, filename: string): string {
  return `${str}
  NOTE: <The UnImplemented object represents a PyTables unimplemented
         dataset present in the '${filename}' HDF5 file.  If you want to see this
         kind of HDF5 dataset implemented in PyTables, please contact the
         developers.>
`;
}

/** repr(unknown): PyTables' note. */
export function unknownRepr(str: string): string {
  return `${str}
  NOTE: <The Unknown object represents a node which is reported as
         unknown by the underlying HDF5 library, but that might be
         supported in more recent HDF5 versions.>
`;
}

/** str(attrs): `/path._v_attrs (AttributeSet), 4 attributes`. */
export function attrsStr(pathname: string, count: number): string {
  return `${pathname}._v_attrs (AttributeSet), ${count} attributes`;
}

/** repr(attrs): its str, then `name := repr(value)` for each, when there are any. */
export function attrsRepr(str: string, items: ReadonlyArray<[string, string]>): string {
  if (items.length === 0) return str;
  return `${str}:\n   [` + items.map(([k, v]) => `${k} := ${v}`).join(',\n    ') + ']';
}

/** The date PyTables prints for a file on disk: its mtime in UTC, ISO to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** str(file) header; `nodes` are the str() of each node in PyTables' order. */
export function fileStr(filename: string, title: string, modified: string, nodes: readonly string[]): string {
  const lines = [
    `${filename} (File) ${pyStr(title)}`,
    `Last modif.: ${pyStr(modified)}`,
    'Object Tree: ',
    ...nodes,
  ];
  return lines.join('\n') + '\n';
}

/**
 * repr(file) header; `filters` is repr(file.filters); `nodes` are the group str() / leaf
 * repr() in PyTables' order.
 */
export function fileRepr(
  filename: string,
  title: string,
  mode: string,
  filters: string,
  nodes: readonly string[],
): string {
  const head = `File(filename=${filename}, title=${pyStr(title)}, mode=${pyStr(mode)}, root_uep='/', filters=${filters})`;
  return [head, ...nodes].join('\n') + '\n';
}
