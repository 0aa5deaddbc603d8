// Issue 9, item 2: every hostile file of test/fixtures/hostile/ (the fuzz reproducers of
// TRIAGE.txt and the hand-made files of crafted-README.txt), in every way of opening, sync
// and async, gives a clean read or a clean Error with a message: no signal, no abort, no
// hang, no runaway memory. Each case runs in a child process of the fuzzer's own harness
// (scripts/fuzz/pool.js): first the native call that killed it (TRIAGE's column 5, or the
// README's), then the fuzzer's general probes (walk, list, read every dataset whole and
// sliced, every attribute, String(file), writes when writable, close).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureDist } from '../helpers/dist';
import { Pool, WAY_NAMES, type FuzzPool, type FuzzResult } from '../helpers/fuzz';

const HOSTILE = path.join(__dirname, '..', 'fixtures', 'hostile');
type Call = [string, ...unknown[]];

/** TRIAGE.txt's call column, `file.readAttribute("/", "a_vlen")`, as [method, ...args]. */
function parseCall(text: string): Call | null {
  const m = /^file\.(\w+)\((.*)\)$/.exec(text.trim());
  if (!m || m[1] === 'close') return null; // close: the general probes end with it anyway
  // A write of records prints its typed arrays as `<Int32Array 4 bytes>`: not a call to
  // replay, and the general probes make the same write (Table.modifyRows of row 0).
  if (/<\w+Array \d+ bytes>/.test(m[2])) return null;
  // The fuzzer prints objects with bare keys and arrays as objects keyed 0..n-1
  // (`{ start: { 0: 13649796 } }`): quote the keys, then make those objects arrays again.
  const json = m[2].replace(/\bundefined\b/g, 'null').replace(/([{,]\s*)(\w+):/g, '$1"$2":');
  const args = (JSON.parse(`[${json}]`) as unknown[]).map(indexedToArrays);
  while (args.length && args[args.length - 1] === null) args.pop();
  return [m[1], ...args];
}

/** `{ "0": a, "1": b }` (and the same nested) as `[a, b]`; other values as they are. */
function indexedToArrays(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v as Record<string, unknown>).map(
    ([k, x]) => [k, indexedToArrays(x)] as const,
  );
  const indexed = entries.length > 0 && entries.every(([k], i) => k === String(i));
  return indexed ? entries.map(([, x]) => x) : Object.fromEntries(entries);
}

/** The calls that killed each hand-made file (crafted-README.txt). */
const CRAFTED: Record<string, Call[]> = {
  'crafted-vds_overflow.h5': [['readDataset', '/x']],
  'crafted-vds_big.h5': [['readDataset', '/x']],
  'crafted-huge_5g.h5': [['readDataset', '/x']],
  'crafted-strings_lenerr.h5': [
    ['readDataset', '/s'],
    ['readDataset', '/v'],
  ],
  'crafted-overflow.h5': [['readDataset', '/x']],
  'crafted-cycle.h5': [['listChildren', '/a/up']],
  'crafted-ext_storage.h5': [
    ['readDataset', '/leak_passwd'],
    ['readDataset', '/leak_rel'],
  ],
  // Made by make.py beside them (the read limits of test/native/read-limits.test.ts).
  'damaged_contiguous.h5': [['readDataset', '/x']],
  'sparse_1m.h5': [['readDataset', '/x']],
  'sparse_3g.h5': [['readDataset', '/x']],
  'tiny_chunks.h5': [['readDataset', '/x']],
  'strings_100k.h5': [
    ['readDataset', '/v'],
    ['readDataset', '/f'],
  ],
};

function targetedCalls(): Map<string, Call[]> {
  const calls = new Map<string, Call[]>(Object.entries(CRAFTED));
  for (const line of fs.readFileSync(path.join(HOSTILE, 'TRIAGE.txt'), 'utf8').split('\n')) {
    const cols = line.split(' | ');
    if (cols.length < 5) continue;
    const call = parseCall(cols[4]);
    calls.set(cols[0], call ? [call] : []);
  }
  return calls;
}

const files = fs
  .readdirSync(HOSTILE)
  .filter((f) => f.endsWith('.h5'))
  .sort();
const calls = targetedCalls();

/** 'ok' for a clean read or clean Errors; otherwise what went wrong and in which call. */
function verdict(r: FuzzResult): string {
  if (r.kind === 'read' || r.kind === 'error') return 'ok';
  const where = r.lastCall || r.lastStep || '?';
  if (r.kind === 'crash') {
    const last = (r.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? '';
    return `crash ${r.signal ?? `rc=${r.rc}`} in ${where}${last ? ` (${last.slice(0, 120)})` : ''}`;
  }
  if (r.kind === 'hang' || r.kind === 'memory') return `${r.kind} in ${where}`;
  if (r.kind === 'bad') return `bad error: ${r.bad?.join('; ')}`;
  if (r.kind === 'stray') return `wrote files: ${r.stray?.join(', ')}`;
  return r.kind;
}

let pool: FuzzPool | undefined;
const results = new Map<string, Promise<FuzzResult>>();

beforeAll(async () => {
  const dist = ensureDist();
  // Three children at a time. A case is a hang after 0.4 s of CPU time inside one call or
  // 1.5 s in all (the largest file here needs 0.2 s in all), or 30 s without progress;
  // 'memory' past 1.5 GiB of RSS. Each hang costs its budget, so they are tight (a slower
  // build stretches them with H5TABLES_FUZZ_SLOWDOWN, see scripts/fuzz/pool.js).
  pool = new Pool({ jobs: 3, dist, stallCpuMs: 400, cpuMs: 1500, timeoutMs: 30000, rssMb: 1536 });
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(HOSTILE, file));
    for (const way of WAY_NAMES) {
      results.set(
        `${file} ${way}`,
        pool.run({ id: `${file} ${way}`, way, bytes, calls: calls.get(file) ?? [] }),
      );
    }
  }
}, 120_000);

afterAll(async () => {
  await pool?.close();
});

describe('hostile files: a clean read or a clean Error, never a crash or a hang', () => {
  it('has every reproducer and its triage', () => {
    expect(files.length).toBeGreaterThanOrEqual(41); // 34 fuzz reproducers and 7 hand-made files
    for (const f of files) expect(calls.has(f), `${f} has a line in TRIAGE.txt or CRAFTED`).toBe(true);
    // The printed form with bare keys and index-keyed arrays replays as the call it was.
    expect(calls.get('hang-async-sec2-d7d2ef73da.h5')).toEqual([
      ['readRecordsAsync', '/table', { start: [13649796], count: [9362], step: [1] }, ['i', 'x', 's']],
    ]);
  });

  for (const file of files) {
    it(`${file}, every way of opening`, async () => {
      const got: Record<string, string> = {};
      for (const way of WAY_NAMES)
        got[way] = verdict(await (results.get(`${file} ${way}`) as Promise<FuzzResult>));
      expect(got).toEqual(Object.fromEntries(WAY_NAMES.map((w) => [w, 'ok'])));
    }, 600_000);
  }

  it('crafted-ext_storage.h5: external storage is refused in every way, naming the feature', async () => {
    const got: Record<string, string[]> = {};
    for (const way of WAY_NAMES) {
      const r = await (results.get(`crafted-ext_storage.h5 ${way}`) as Promise<FuzzResult>);
      got[way] = (r.calls ?? []).map((c) =>
        c.ok
          ? `${c.call}: read`
          : /external/i.test(c.message ?? '')
            ? `${c.call}: refused`
            : `${c.call}: ${c.message}`,
      );
    }
    const want = (way: string) => {
      const m = way.startsWith('async') ? 'readDatasetAsync' : 'readDataset';
      return [`${m}("/leak_passwd"): refused`, `${m}("/leak_rel"): refused`];
    };
    expect(got).toEqual(Object.fromEntries(WAY_NAMES.map((w) => [w, want(w)])));
  }, 600_000);
});
