// The fuzzer's harness (scripts/fuzz/pool.js) itself: a case that aborts, exits, spins,
// blocks, eats memory, writes beside its file or throws an empty Error is reported as
// such, pinned on its own case and its last native call, even in a child re-used for
// clean cases before and after it. (The misbehaving ways exist only with
// H5TABLES_FUZZ_SELFTEST=1, see scripts/fuzz/ways.js.)
import { afterAll, beforeAll, expect, it } from 'vitest';

import { openFile } from '../../lib/index';
import { ensureDist } from '../helpers/dist';
import { Pool, type FuzzPool, type FuzzResult } from '../helpers/fuzz';

let pool: FuzzPool;
let image: Buffer;

beforeAll(() => {
  process.env.H5TABLES_FUZZ_SELFTEST = '1';
  const f = openFile('harness.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
  f.createArray('/', 'x', Float64Array.of(1, 2, 3));
  image = f.takeFileImage();
  // One child, so every case runs in a child re-used from the case before.
  pool = new Pool({
    jobs: 1,
    dist: ensureDist(),
    stallCpuMs: 1500,
    cpuMs: 5000,
    timeoutMs: 3000,
    rssMb: 250,
    confirm: true,
  });
}, 120_000);

afterAll(async () => {
  await pool?.close();
  delete process.env.H5TABLES_FUZZ_SELFTEST;
});

const brief = (r: FuzzResult) => ({
  id: r.id,
  kind: r.kind,
  signal: r.signal ?? null,
  rc: r.rc ?? null,
  lastCall: r.lastCall ?? null,
});

it('pins each failure on its case and its last native call, between clean cases in one child', async () => {
  const ways = ['selftest-abort', 'selftest-exit', 'selftest-spin', 'selftest-block', 'selftest-memory'];
  const runs = ways.flatMap((way) => [
    pool.run({ id: `before ${way}`, way: 'img-r', bytes: image }),
    pool.run({ id: way, way, bytes: image }),
  ]);
  runs.push(pool.run({ id: 'after', way: 'sec2-r', bytes: image }));
  const got = (await Promise.all(runs)).map(brief);
  const fine = (id: string) => ({ id, kind: 'read', signal: null, rc: null, lastCall: null });
  const call = 'file.getKind("/")';
  expect(got).toEqual([
    fine('before selftest-abort'),
    { id: 'selftest-abort', kind: 'crash', signal: 'SIGABRT', rc: null, lastCall: call },
    fine('before selftest-exit'),
    { id: 'selftest-exit', kind: 'crash', signal: null, rc: 3, lastCall: call },
    fine('before selftest-spin'),
    { id: 'selftest-spin', kind: 'hang', signal: null, rc: null, lastCall: call },
    fine('before selftest-block'),
    { id: 'selftest-block', kind: 'hang', signal: null, rc: null, lastCall: call },
    fine('before selftest-memory'),
    { id: 'selftest-memory', kind: 'memory', signal: null, rc: null, lastCall: call },
    fine('after'),
  ]);
}, 120_000);

it('a crash in a re-used child is run again alone, and says so', async () => {
  await pool.run({ id: 'warm', way: 'img-r', bytes: image });
  const r = await pool.run({ id: 'abort again', way: 'selftest-abort', bytes: image });
  expect({ kind: r.kind, alone: r.alone }).toEqual({ kind: 'crash', alone: true });
}, 60_000);

it('a file written beside the case, and an Error without a message, are findings', async () => {
  const [stray, empty] = await Promise.all([
    pool.run({ id: 'stray', way: 'selftest-stray', bytes: image }),
    pool.run({ id: 'empty', way: 'selftest-empty-error', bytes: image }),
  ]);
  expect({ kind: stray.kind, stray: stray.stray }).toEqual({ kind: 'stray', stray: ['case.h5.image'] });
  expect({ kind: empty.kind, bad: empty.bad }).toEqual({
    kind: 'bad',
    bad: ['open selftest-empty-error: threw Error without a message'],
  });
}, 60_000);
