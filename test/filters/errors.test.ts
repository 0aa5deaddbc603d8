// What a filter at fault gives: a missing one (lzo, which is GPL and never included; a
// filter no build has) is a clear error naming it, never HDF5's plugin search; a damaged
// compressed chunk is an HDF5ExtError with the codec's words, never a crash. Sync and async.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { Array as H5Array, HDF5ExtError, openFile, openFileAsync } from '../../lib/index';
import { ensureDist } from '../helpers/dist';
import { useTmpDir } from '../helpers/tmp';
import { FIXTURES } from './values';

const tmp = useTmpDir('h5tables-filter-errors-');

function readError(file: string, name: string): HDF5ExtError {
  const f = tmp.track(openFile(path.join(FIXTURES, file)));
  const node = f.getNode(name) as H5Array;
  let caught: unknown;
  try {
    node.read();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(HDF5ExtError);
  return caught as HDF5ExtError;
}

async function readErrorAsync(file: string, name: string): Promise<HDF5ExtError> {
  const f = tmp.track(await openFileAsync(path.join(FIXTURES, file)));
  const node = f.getNode(name) as H5Array;
  const err = await node.readAsync().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HDF5ExtError);
  return err as HDF5ExtError;
}

const LZO =
  "filter 'lzo' (305) is not available in this build (lzo is GPL-licensed and not included in h5tables)";

describe('a filter this build lacks', () => {
  it('lzo (PyTables, GPL) is named, sync and async', async () => {
    const err = readError('pytables-lzo.h5', '/f64_shuffle');
    expect(err.message).toBe(LZO);
    // The whole HDF5 stack is still there, and it holds no plugin search.
    expect(err.hdf5Stack.some((l) => l.includes("required filter 'lzo' is not registered"))).toBe(true);
    expect(err.hdf5Stack.join('\n')).not.toMatch(/H5PL__find|plugin_in_path|can't open directory/);
    expect((await readErrorAsync('pytables-lzo.h5', '/i32_shuffle')).message).toBe(LZO);
  });

  it('a filter no build has is named with its id', () => {
    expect(readError('unknown-filter-blosc2.h5', '/f64').message).toBe(
      "filter 'blosc2' (32026) is not available in this build",
    );
  });

  it('the file stays usable after the error', () => {
    const f = tmp.track(openFile(path.join(FIXTURES, 'pytables-lzo.h5')));
    const node = f.getNode('/f64_shuffle') as H5Array;
    expect(() => node.read()).toThrow(LZO);
    expect(node.shape).toEqual([50, 8]);
    expect(() => node.read()).toThrow(LZO);
    f.close();
  });
});

describe('no plugin directory is consulted', () => {
  it('HDF5_PLUGIN_PATH is never searched (child process, traced where strace exists)', () => {
    const dist = ensureDist();
    const missingDir = path.join(tmp.dir, 'plugins-that-do-not-exist');
    const script = `
      const h5 = require(${JSON.stringify(dist)});
      const f = h5.openFile(${JSON.stringify(path.join(FIXTURES, 'pytables-lzo.h5'))});
      try { f.getNode('/f64_shuffle').read(); } catch (e) { console.log(JSON.stringify({ message: e.message, stack: e.hdf5Stack })); }
      f.close();`;
    const env: NodeJS.ProcessEnv = { ...process.env, HDF5_PLUGIN_PATH: missingDir };
    delete env.HDF5_PLUGIN_PRELOAD;
    const strace = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
    const trace = path.join(tmp.dir, 'trace.txt');
    const cmd = strace ? 'strace' : process.execPath;
    const args = strace
      ? [
          '-f',
          '-e',
          'trace=openat,open,stat,newfstatat,statx,access',
          '-o',
          trace,
          process.execPath,
          '-e',
          script,
        ]
      : ['-e', script];
    const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
      message: string;
      stack: string[];
    };
    expect(out.message).toBe(LZO);
    expect(out.stack.join('\n')).not.toContain(missingDir);
    // HDF5 says why it did not look: loading is off (H5PLset_loading_state(0)).
    expect(out.stack.join('\n')).toMatch(/filter plugins disabled/);
    expect(out.stack.join('\n')).not.toMatch(/H5PL__find|plugin_in_path|can't open directory/);
    if (strace) {
      const calls = fs.readFileSync(trace, 'utf8');
      expect(calls).toContain('pytables-lzo.h5'); // the trace saw the file being opened
      expect(calls).not.toContain(missingDir);
      expect(calls).not.toMatch(/hdf5\/lib\/plugin/);
    }
  });
});

describe('a damaged compressed chunk', () => {
  const CASES: Array<[string, string]> = [
    ['corrupt-blosc-payload.h5', 'H5Dread failed: blosc: corrupt chunk (it does not decompress)'],
    ['corrupt-blosc-header.h5', 'H5Dread failed: blosc: corrupt chunk (its header does not match its size)'],
    [
      'corrupt-blosc-bomb.h5',
      'H5Dread failed: blosc: corrupt chunk (it claims more bytes than a chunk holds)',
    ],
    ['corrupt-bzip2.h5', 'H5Dread failed: bzip2: corrupt chunk (it does not decompress)'],
    ['corrupt-lzf.h5', 'H5Dread failed: lzf: corrupt chunk (it does not decompress)'],
  ];
  for (const [file, message] of CASES) {
    it(`${file}: a clear HDF5ExtError, sync and async`, async () => {
      const err = readError(file, '/f64');
      expect(err.message).toBe(message);
      expect(err.hdf5Stack.some((l) => l.includes('filter returned failure during read'))).toBe(true);
      expect((await readErrorAsync(file, '/f64')).message).toBe(message);
    });
  }

  it('rows in undamaged chunks still read; a later unrelated error does not reuse the codec message', () => {
    const f = tmp.track(openFile(path.join(FIXTURES, 'corrupt-blosc-payload.h5')));
    const node = f.getNode('/f64') as H5Array;
    // Chunk 0 (rows 0-15) is damaged; rows 16-49 are not.
    const rows = node.read(16, 50);
    expect(rows.shape).toEqual([34, 8]);
    expect((rows.data as Float64Array)[0]).toBe(((16 * 8) % 97) * 0.25 - 3);
    expect(() => node.read(0, 1)).toThrow('blosc: corrupt chunk');
    expect(() => f.getNode('/nope')).toThrow(/nope/);
    const lzo = tmp.track(openFile(path.join(FIXTURES, 'pytables-lzo.h5')));
    expect(() => (lzo.getNode('/f64_shuffle') as H5Array).read()).toThrow(LZO);
    lzo.close();
    f.close();
  });
});
