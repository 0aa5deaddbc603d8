// Issue 9: a small file can declare gigabytes (or 2^61 elements). Every read is counted
// (count x size, without overflow) and checked against maxReadBytes and Node's largest
// Buffer before anything is allocated; anything else a C++ allocation throws is an Error.
// The files are in test/fixtures/hostile/ (crafted-*.h5 from the fuzz reproducers,
// the others from make.py there).
import { spawnSync } from 'node:child_process';
import { constants as bufferConstants } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { openFile, openFileAsync, type Array as H5Array, type File } from '../../lib/index';
import { native } from '../../lib/native';

const HOSTILE = path.join(__dirname, '..', 'fixtures', 'hostile');
const fixture = (name: string): string => path.join(HOSTILE, name);
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

type Opening = 'disk' | 'image' | 'image async';
const OPENINGS: Opening[] = ['disk', 'image', 'image async'];

async function open(name: string, how: Opening, extra: { maxReadBytes?: number } = {}): Promise<File> {
  if (how === 'disk') return openFile(fixture(name), 'r', extra);
  const options = { ...MEM, driverCoreImage: fs.readFileSync(fixture(name)), ...extra };
  return how === 'image' ? openFile('hostile.h5', 'r', options) : openFileAsync('hostile.h5', 'r', options);
}

/** What read() and readAsync() of path throw (they must both throw). */
async function readErrors(f: File, where: string): Promise<unknown[]> {
  const leaf = f.getNode(where) as H5Array;
  const errors: unknown[] = [];
  try {
    leaf.read();
    errors.push(undefined);
  } catch (err) {
    errors.push(err);
  }
  errors.push(
    await leaf.readAsync().then(
      () => undefined,
      (err: unknown) => err,
    ),
  );
  return errors;
}

function expectTooLarge(err: unknown, ...parts: RegExp[]): void {
  expect(err).toBeInstanceOf(RangeError);
  expect((err as { code?: string }).code).toBe('ERR_TOO_LARGE');
  for (const part of parts) expect((err as Error).message).toMatch(part);
}

describe('declared sizes are checked before anything is allocated', () => {
  // Before: a V8 abort (count x 8 wrapped to 8 bytes), std::terminate (std::length_error
  // from vector::reserve), a double free (5 GiB async), or RSS growing until the OOM killer.
  const cases: Array<[string, string, RegExp]> = [
    ['crafted-overflow.h5', '/x', /more than 2\^64 bytes \(2305843009213693953 elements of 8 bytes\)/],
    [
      'crafted-huge_5g.h5',
      '/x',
      /needs 5368709120 bytes \(5\.0 GiB\), more than maxReadBytes \(1073741824\)/,
    ],
    ['crafted-strings_lenerr.h5', '/s', /1152921504606846976 strings/],
    ['crafted-strings_lenerr.h5', '/v', /1152921504606846976 strings/],
    ['sparse_3g.h5', '/x', /needs 3221225472 bytes \(3\.0 GiB\), more than maxReadBytes/],
  ];
  for (const how of OPENINGS) {
    it.each(cases)(
      `%s %s (${how}): a RangeError naming the node and the size, sync and async`,
      async (name, where, size) => {
        const f = await open(name, how);
        for (const err of await readErrors(f, where))
          expectTooLarge(err, new RegExp(`reading ${where}\\b`), size);
        f.close();
      },
    );
  }

  it.each(['crafted-vds_overflow.h5', 'crafted-vds_big.h5'])(
    '%s: a virtual dataset of 2^61 elements or 5 GiB is a clear error',
    async (name) => {
      for (const how of OPENINGS) {
        const f = await open(name, how);
        for (const err of await readErrors(f, '/x')) {
          expect(err).toBeInstanceOf(Error);
          // Ours, unless virtual datasets are refused outright (the external-file policy).
          if (!(err instanceof RangeError)) expect((err as Error).message).toMatch(/virtual/i);
          else expectTooLarge(err, /reading \/x/);
        }
        f.close();
      }
    },
  );

  it('the 2^61-element dataset is refused by the binding itself, with its own code', () => {
    const nat = native().openFile({
      name: fixture('crafted-overflow.h5'),
      create: false,
      writable: false,
      driver: 'sec2',
    });
    expect(() => nat.readDataset('/x')).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_LARGE', name: 'RangeError' }),
    );
    // A slice of it is fine: the limit is about what one read allocates.
    const slice = nat.readDataset('/x', { start: [2 ** 52], count: [3], step: [1] });
    expect(Array.from(slice.data as Float64Array)).toEqual([0, 0, 0]);
    nat.close();
  });
});

describe('maxReadBytes', () => {
  it('limits every read, and raising it lets the same read through (sync and async)', async () => {
    for (const how of OPENINGS) {
      const small = await open('sparse_1m.h5', how, { maxReadBytes: 100_000 });
      for (const err of await readErrors(small, '/x')) {
        expectTooLarge(
          err,
          /reading \/x needs 1048576 bytes \(1\.0 MiB\), more than maxReadBytes \(100000\)/,
          /larger maxReadBytes/,
        );
      }
      // A slice within the limit reads.
      expect(Array.from((small.getNode('/x') as H5Array).read(0, 100).data as Float64Array)).toEqual(
        new Array(100).fill(2.5),
      );
      small.close();
      const enough = await open('sparse_1m.h5', how, { maxReadBytes: 2 ** 20 });
      const leaf = enough.getNode('/x') as H5Array;
      for (const r of [leaf.read(), await leaf.readAsync()]) {
        expect(r.shape).toEqual([131072]);
        expect((r.data as Float64Array).every((v) => v === 2.5)).toBe(true);
      }
      enough.close();
    }
  });

  it('counts the chunks a read touches: 2^30 one-byte chunks are refused, a slice of them reads', async () => {
    for (const how of OPENINGS) {
      const f = await open('tiny_chunks.h5', how);
      // Before: HDF5 spent about 3.7 KiB and 17 us on every chunk, until the OOM killer.
      for (const err of await readErrors(f, '/x'))
        expectTooLarge(err, /reading \/x touches 1073741824 chunks/, /maxReadBytes \(1073741824\)/);
      const x = f.getNode('/x') as H5Array;
      expect(Array.from(x.read(2 ** 29, 2 ** 29 + 5).data as Uint8Array)).toEqual([0, 0, 0, 0, 0]);
      expect(() => x.read(0, 2 ** 20)).toThrow(/touches 1048576 chunks/);
      f.close();
    }
  });

  it('limits string reads: fixed strings by their size, variable-length ones by the bytes HDF5 allocates', async () => {
    const tight = openFile(fixture('strings_100k.h5'), 'r', { maxReadBytes: 50_000 });
    // 1000 fixed strings of 16 bytes (+ 64 bytes each for the string objects).
    for (const err of await readErrors(tight, '/f')) expectTooLarge(err, /reading \/f needs 80000 bytes/);
    // 100 strings of 1000 characters: the element count passes, their bytes do not.
    for (const err of await readErrors(tight, '/v'))
      expectTooLarge(err, /reading \/v needs more bytes for its strings than maxReadBytes \(50000\)/);
    tight.close();
    const enough = openFile(fixture('strings_100k.h5'), 'r', { maxReadBytes: 200_000 });
    const v = enough.getNode('/v') as H5Array;
    for (const r of [v.read(), await v.readAsync()]) {
      expect(r.data).toHaveLength(100);
      expect((r.data as string[]).every((s) => s === 'x'.repeat(1000))).toBe(true);
    }
    expect((enough.getNode('/f') as H5Array).read(999).data).toEqual(['abcdefghijklmnop']);
    enough.close();
  });

  it('limits attribute reads, naming the attribute', () => {
    const tight = openFile(fixture('strings_100k.h5'), 'r', { maxReadBytes: 500 });
    expect(() => tight.getNodeAttr('/', 'a')).toThrow(RangeError);
    expect(() => tight.getNodeAttr('/', 'a')).toThrow(
      /reading attribute 'a' of \/ needs 800 bytes, more than maxReadBytes \(500\)/,
    );
    tight.close();
    const enough = openFile(fixture('strings_100k.h5'), 'r', { maxReadBytes: 800 });
    expect(enough.getNodeAttr('/', 'a')).toEqual(Float64Array.from({ length: 100 }, (_, i) => i));
    enough.close();
  });

  it("Infinity leaves only Node's largest Buffer, checked before the read", async () => {
    // Where Node allows Buffers over 5 GiB, this would really read them: skipped there.
    if (bufferConstants.MAX_LENGTH >= 5 * 2 ** 30) return;
    for (const how of OPENINGS) {
      const f = await open('crafted-huge_5g.h5', how, { maxReadBytes: Infinity });
      for (const err of await readErrors(f, '/x')) {
        expectTooLarge(
          err,
          /reading \/x needs 5368709120 bytes/,
          new RegExp(`buffer.constants.MAX_LENGTH, ${bufferConstants.MAX_LENGTH}`),
        );
      }
      f.close();
    }
  });

  it('is validated before anything is opened', () => {
    const p = fixture('sparse_1m.h5');
    expect(() => openFile(p, 'r', { maxReadBytes: -1 })).toThrow(RangeError);
    expect(() => openFile(p, 'r', { maxReadBytes: 1.5 })).toThrow(
      /maxReadBytes must be a non-negative integer number of bytes or Infinity/,
    );
    expect(() => openFile(p, 'r', { maxReadBytes: NaN })).toThrow(RangeError);
    expect(() => openFile(p, 'r', { maxReadBytes: '1' as unknown as number })).toThrow(TypeError);
    expect(() =>
      native().openFile({ name: p, create: false, writable: false, driver: 'sec2', maxReadBytes: -5 }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG' }));
  });
});

describe('damaged and failing reads', () => {
  it('contiguous data larger than its file is a clear error', () => {
    for (const image of [false, true]) {
      const spec = image
        ? {
            name: 'damaged.h5',
            create: false,
            writable: false,
            driver: 'core' as const,
            coreBackingStore: false,
            image: fs.readFileSync(fixture('damaged_contiguous.h5')),
          }
        : { name: fixture('damaged_contiguous.h5'), create: false, writable: false, driver: 'sec2' as const };
      const nat = native().openFile(spec);
      // HDF5 1.14 finds it when it opens the dataset, h5tables before it reads it (1.10).
      expect(() => nat.readDataset('/x')).toThrow(
        expect.objectContaining({ code: 'ERR_HDF5', message: expect.stringMatching(/corrupt|damaged/) }),
      );
      nat.close();
    }
  });

  it('an allocation that fails (a process limited to 3 GB) is an Error, sync and async', () => {
    const script = path.join(__dirname, '..', 'helpers', 'alloc-fail.js');
    const limited = (args: string[]) =>
      spawnSync('/bin/sh', ['-c', 'ulimit -v 3000000 && exec "$@"', 'sh', process.execPath, ...args], {
        encoding: 'utf8',
        timeout: 120_000,
      });
    // Where Node cannot even start under the limit, there is nothing to show.
    if (limited(['-e', '0']).status !== 0) return;
    const r = limited([script, fixture('sparse_3g.h5')]);
    expect({ status: r.status, signal: r.signal, stderr: r.stderr }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      'sync ERR_HDF5 h5tables: out of memory: reading /x needs 3221225472 bytes',
      'async ERR_HDF5 h5tables: out of memory: reading /x needs 3221225472 bytes',
    ]);
  });
});
