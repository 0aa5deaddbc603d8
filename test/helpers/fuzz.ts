// Typed access to the fuzzer's harness (scripts/fuzz/, plain JavaScript so that its child
// processes need no TypeScript loader), for the tests that run cases through it.
/* eslint-disable @typescript-eslint/no-require-imports */

export interface FuzzCase {
  id: string;
  way: string;
  bytes: Buffer;
  /** Native calls to make first, as [method, ...args]: TRIAGE.txt's "call it died in". */
  calls?: Array<[string, ...unknown[]]>;
  seed?: string;
  mutation?: string;
}

export interface FuzzResult {
  id: string;
  way: string;
  /** read | error (both fine) | bad | stray | crash | hang | memory */
  kind: string;
  opened?: boolean;
  rc?: number | null;
  signal?: string | null;
  lastCall?: string;
  lastStep?: string;
  stderr?: string;
  bad?: string[];
  stray?: string[];
  errors?: Array<{ step: string; cls: string; code?: string; message: string }>;
  calls?: Array<{ call: string; ok: boolean; message?: string }>;
  alone?: boolean;
  ms: number;
  cpuMs?: number;
}

export interface PoolOptions {
  jobs?: number;
  dist: string;
  cpuMs?: number;
  stallCpuMs?: number;
  timeoutMs?: number;
  rssMb?: number;
  casesPerChild?: number;
  confirm?: boolean;
}

export interface FuzzPool {
  run(c: FuzzCase): Promise<FuzzResult>;
  close(): Promise<void>;
}

export const Pool = (require('../../scripts/fuzz/pool') as { Pool: new (o: PoolOptions) => FuzzPool }).Pool;
export const { WAY_NAMES } = require('../../scripts/fuzz/ways') as { WAY_NAMES: string[] };
export const { makeCase } = require('../../scripts/fuzz/cases') as {
  makeCase: (
    runSeed: number,
    index: number,
    seeds: Array<{ name: string; bytes: Buffer }>,
    ways: string[],
  ) => FuzzCase;
};
