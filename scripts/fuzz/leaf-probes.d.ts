// Types of leaf-probes.js, for scripts/asan/corpus-case.ts.
import type * as H5 from '../../lib/index';

/** Runs one named step, awaiting what fn returns; undefined when it threw (recorded by the caller). */
export type Run = <T>(step: string, fn: () => T | Promise<T>) => Promise<T | undefined>;

export interface LeafProbeOptions {
  useAsync: boolean;
  writable: boolean;
}

export const ROWS: number;
export function probeLeaf(h5: typeof H5, node: H5.Node, run: Run, options: LeafProbeOptions): Promise<void>;
export function readAttributes(node: H5.Node, run: Run): Promise<[string, unknown][]>;
export function writeAttributes(node: H5.Node, records: [string, unknown][], run: Run): Promise<void>;
