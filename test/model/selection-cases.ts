// Shared by selection.test.ts and iteration.test.ts: the file both index (made by PyTables
// and h5py, test/python/pt_make_select.py), the cases in the JSON form test/python/
// pt_select.py applies, and what h5tables gives for them in the same encoding.
import fs from 'node:fs';

import { Array as H5Array, File, openFile, slice, type ReadResult, type SelectionKey } from '../../lib/index';
import { runPython, type PyArray, type PyScalar } from '../helpers/python';
import { encodeData } from '../helpers/values';

/** A key as pt_select.py reads it: an int, null (':') or {slice: [start, stop, step]}. */
export type PyKey = number | null | { slice: [number | null, number | null, number | null] };

export interface GetCase {
  node: string;
  keys: PyKey[];
}
export interface IterCase {
  node: string;
  iterrows: [number | null, number | null, number | null] | null;
}
export type Case = GetCase | IterCase;

/** What either side gives for a case. */
export type Outcome =
  | { value: { shape: number[]; data: PyScalar[] } }
  | { rows: Array<{ shape: number[]; data: PyScalar[] }> }
  | { error: string; message: string };

export interface MadeFile {
  nodes: Record<string, { shape: number[]; chunkshape: number[] | null }>;
}

/** Makes the file with PyTables and h5py; returns the nodes it holds. */
export function makeFile(path: string): MadeFile {
  return runPython<MadeFile>('pt_make_select.py', [path]);
}

/** PyTables' outcome of each case on the file at `path` (the cases go through a JSON file beside it). */
export function pyOutcomes(path: string, cases: readonly Case[]): Outcome[] {
  const casesFile = `${path}.cases.json`;
  fs.writeFileSync(casesFile, JSON.stringify(cases));
  const out = runPython<{ results: Outcome[] }>('pt_select.py', [path, casesFile]).results;
  // Only shape and data are compared: numpy's dtype strings are not h5tables' names.
  return out.map((o) => {
    if ('value' in o) return { value: strip(o.value as PyArray) };
    if ('rows' in o) return { rows: o.rows.map((r) => strip(r as PyArray)) };
    return o;
  });
}

function strip(a: PyArray): { shape: number[]; data: PyScalar[] } {
  return { shape: a.shape, data: a.data };
}

/** A PyKey as a JS key: ranges alternate between slice() and the [start, stop, step] form. */
export function jsKey(k: PyKey, i: number): SelectionKey {
  if (k === null || typeof k === 'number') return k;
  return i % 2 === 0 ? slice(...k.slice) : ([...k.slice] as [number | null, number | null, number | null]);
}

/** A ReadResult (or one element of a 1-D iteration) in pt_select.py's encoding. */
export function encode(value: unknown, dtype: string): { shape: number[]; data: PyScalar[] } {
  const wrap = (data: PyScalar[]): PyScalar[] =>
    dtype === 'string' ? data.map((s) => ({ bytes: s as string })) : data;
  if (value !== null && typeof value === 'object' && 'shape' in value) {
    const r = value as ReadResult;
    return { shape: r.shape, data: wrap(encodeData(r.data as ArrayLike<unknown>, dtype)) };
  }
  return { shape: [], data: wrap(encodeData([value], dtype)) };
}

/** PyTables' exception classes as the JavaScript errors h5tables throws. */
export const ERROR_CLASS: Record<string, string> = {
  IndexError: 'RangeError',
  ValueError: 'RangeError',
  TypeError: 'TypeError',
};

/** h5tables' outcome of a case. */
export function jsOutcome(f: File, c: Case): Outcome {
  const node = f.getNode(c.node) as H5Array;
  try {
    if ('keys' in c) return { value: encode(node.get(...c.keys.map(jsKey)), node.dtype) };
    const rows = c.iterrows === null ? [...node] : [...node.iterrows(...c.iterrows)];
    return { rows: rows.map((r) => encode(r, node.dtype)) };
  } catch (err) {
    const e = err as Error;
    return { error: e.name, message: e.message };
  }
}

/** The seeded generator the random cases come from (the same cases on every run). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random keys for a dataset of `shape`: integers in range, ranges with clamped and negative parts, nulls. */
export function randomKeys(shape: readonly number[], rand: () => number, n: number): PyKey[][] {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const out: PyKey[][] = [];
  for (let k = 0; k < n; k++) {
    const nkeys = int(0, shape.length);
    const keys: PyKey[] = [];
    for (let d = 0; d < nkeys; d++) {
      const size = shape[d];
      const pick = rand();
      const part = (): number | null => (rand() < 0.25 ? null : int(-size - 2, size + 2));
      if (pick < 0.3 && size > 0) keys.push(int(-size, size - 1));
      else if (pick < 0.4) keys.push(null);
      else keys.push({ slice: [part(), part(), rand() < 0.3 ? null : int(1, 4)] });
    }
    out.push(keys);
  }
  return out;
}

/** The ways every test opens the file: on disk, in memory without backing store, from its image. */
export const OPENINGS = ['on disk', 'CORE without backing store', 'from an image'] as const;

/** Opens the file at `path` read-only the way `how` names. */
export function openAs(path: string, how: (typeof OPENINGS)[number]): File {
  if (how === 'on disk') return openFile(path);
  const mem = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;
  if (how === 'CORE without backing store') return openFile(path, 'r', mem);
  return openFile('image.h5', 'r', { ...mem, driverCoreImage: fs.readFileSync(path) });
}
