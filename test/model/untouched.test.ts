// Issue 9 item 6: files opened 'r' (every driver) and CORE files without a backing store
// (every mode, from the disk file or from an image) are never modified. Each case opens,
// reads and walks everything, attempts writes (refused in 'r'; in memory only otherwise),
// flushes, takes an image, closes, and compares the disk file's bytes, mtime and inode (and
// the caller's image) before and after. Two files: one h5tables wrote, and one h5py wrote
// with the latest format (superblock v3, whose status flags a writer would set).
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

import { FileModeError, openFile, openFileAsync, type File, type OpenFileOptions } from '../../lib/index';
import { makeTmpDir, removeDir, useTmpDir } from '../helpers/tmp';
import { lacks } from '../helpers/interop';
import { pythonJson } from './model-helpers';

const tmp = useTmpDir('h5tables-untouched-');
type Mode = 'r' | 'r+' | 'a' | 'w';

// The two sample files, made once; each test copies one into its own directory.
let samplesDir = '';
const SAMPLES: Record<string, string> = {};
beforeAll(() => {
  samplesDir = makeTmpDir('h5tables-untouched-samples-');
  SAMPLES.h5tables = `${samplesDir}/h5tables.h5`;
  const f = openFile(SAMPLES.h5tables, 'w', { title: 'Sample' });
  f.createArray('/', 'data', Float64Array.of(1, 2, 3), 'Data');
  const g = f.createGroup('/', 'grp', 'Group');
  f.createArray(g, 'inner', Int32Array.of(7, 8), 'Inner');
  f.setNodeAttr('/', 'version', 1);
  f.setNodeAttr('/grp/inner', 'unit', 'cm');
  f.close();
  if (!lacks('h5py')) makeH5pySample();
  return () => removeDir(samplesDir);
}, 60_000);

/** The second sample, written by h5py with the latest format (where h5py is installed). */
function makeH5pySample(): void {
  SAMPLES.h5py = `${samplesDir}/h5py-latest.h5`;
  pythonJson(
    `import h5py, json, numpy as np\nwith h5py.File(${JSON.stringify(SAMPLES.h5py)}, 'w', libver='latest') as f:\n` +
      `    f.attrs['version'] = 1\n    f['data'] = np.array([1.0, 2.0, 3.0])\n` +
      `    g = f.create_group('grp')\n    g['inner'] = np.array([7, 8], dtype='int32')\n` +
      `    g['inner'].attrs['unit'] = b'cm'\nprint(json.dumps(True))`,
  );
}

interface DiskState {
  bytes: Buffer;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  size: number;
}

function diskState(p: string): DiskState {
  const st = fs.statSync(p);
  return { bytes: fs.readFileSync(p), mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, size: st.size };
}

/** A fresh copy of a sample, its mtime set an hour back so any rewrite shows. */
function copySample(which: string): string {
  const p = tmp.path('sample.h5');
  fs.copyFileSync(SAMPLES[which], p);
  const t = new Date(Date.now() - 3_600_000);
  fs.utimesSync(p, t, t);
  return p;
}

/** Reads and walks everything: every node, every leaf's data, every attribute. */
function readEverything(f: File): string[] {
  const seen: string[] = [];
  for (const node of f.walkNodes('/')) {
    seen.push(node.pathname);
    for (const key of node.attrs.keys()) void node.attrs.get(key);
    if (node.pathname === '/data' || node.pathname === '/grp/inner') void f.getNode(node.pathname).read();
  }
  void String(f);
  return seen;
}

const WRITES: Array<[string, (f: File) => unknown]> = [
  ['createArray', (f) => f.createArray('/', 'x', [1, 2])],
  ['createGroup', (f) => f.createGroup('/', 'g')],
  ['setNodeAttr', (f) => f.setNodeAttr('/', 'added', 'yes')],
  ['replace an attribute', (f) => f.setNodeAttr('/grp/inner', 'unit', 'mm')],
  ['delNodeAttr', (f) => f.delNodeAttr('/', 'version')],
  ['renameNode', (f) => f.renameNode('/data', 'data2')],
  ['copyNode', (f) => f.copyNode('/grp/inner', '/', 'inner_copy')],
  ['removeNode', (f) => f.removeNode('/grp', undefined, true)],
];

/** Every write: refused with FileModeError when read-only, done (in memory) otherwise. */
function attemptWrites(f: File, readOnly: boolean): void {
  for (const [what, write] of WRITES) {
    let err: unknown;
    try {
      write(f);
    } catch (e) {
      err = e;
    }
    if (readOnly) expect({ what, refused: err instanceof FileModeError }).toEqual({ what, refused: true });
    else expect({ what, err }).toEqual({ what, err: undefined });
  }
}

function exercise(f: File, readOnly: boolean, fresh: boolean): void {
  const walked = readEverything(f);
  expect(walked).toEqual(fresh ? ['/'] : ['/', '/data', '/grp', '/grp/inner']);
  if (!fresh) attemptWrites(f, readOnly);
  else f.createArray('/', 'x', [1]);
  f.flush();
  void f.getFileImage();
  f.flush();
  f.close();
}

function expectUntouched(p: string, before: DiskState): void {
  const after = diskState(p);
  expect(after.size).toBe(before.size);
  expect(after.bytes.equals(before.bytes)).toBe(true);
  expect(after.mtimeMs).toBe(before.mtimeMs);
  expect(after.ctimeMs).toBe(before.ctimeMs);
  expect(after.ino).toBe(before.ino);
  expect(tmp.list()).toEqual(['sample.h5']);
}

const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;
const READ_ONLY: Array<[string, OpenFileOptions]> = [
  ['SEC2', { driver: 'H5FD_SEC2' }],
  ['STDIO', { driver: 'H5FD_STDIO' }],
  ['CORE (backing store)', { driver: 'H5FD_CORE' }],
  ['CORE (no backing store)', MEM],
];

describe.each(lacks('h5py') ? ['h5tables'] : ['h5tables', 'h5py'])('the %s sample', (which) => {
  describe("opened 'r'", () => {
    it.each(READ_ONLY)(
      'with %s: read, writes refused, flushed, closed: bytes, mtime and inode unchanged',
      (_l, options) => {
        const p = copySample(which);
        const before = diskState(p);
        exercise(openFile(p, 'r', options), true, false);
        expectUntouched(p, before);
      },
    );

    it.each(READ_ONLY)('with %s, the async forms: unchanged too', async (_l, options) => {
      const p = copySample(which);
      const before = diskState(p);
      const f = await openFileAsync(p, 'r', options);
      await f.getNode('/data').readAsync();
      await f.flushAsync();
      await f.getFileImageAsync();
      attemptWrites(f, true);
      await f.closeAsync();
      expectUntouched(p, before);
    });
  });

  describe('CORE without a backing store, from the disk file', () => {
    it.each(['r', 'r+', 'a', 'w'] as Mode[])(
      "'%s': changes stay in memory; the disk file is unchanged",
      (mode) => {
        const p = copySample(which);
        const before = diskState(p);
        exercise(openFile(p, mode, MEM), mode === 'r', mode === 'w');
        expectUntouched(p, before);
      },
    );
  });

  describe('CORE from an image of the disk file, under its name', () => {
    const cases: Array<[Mode, OpenFileOptions]> = [
      ['r', MEM],
      ['r', { ...MEM, driverCoreImageNoCopy: true }],
      ['r', { driver: 'H5FD_CORE' }], // read-only: the backing store cannot apply
      ['r+', MEM],
      ['a', MEM],
      ['w', MEM], // 'w' ignores the image
    ];
    it.each(cases)("'%s' %o: neither the disk file nor the image changes", (mode, options) => {
      const p = copySample(which);
      const before = diskState(p);
      const image = fs.readFileSync(p);
      const copy = Buffer.from(image);
      // driverCoreImageNoCopy takes an image that covers its whole ArrayBuffer (the caller's
      // is detached); any other open, or a view of part of a buffer, leaves the bytes as they were.
      const taken =
        options.driverCoreImageNoCopy === true &&
        image.byteOffset === 0 &&
        image.buffer.byteLength === image.length;
      exercise(openFile(p, mode, { ...options, driverCoreImage: image }), mode === 'r', mode === 'w');
      if (taken) expect(image.length).toBe(0);
      else expect(image.equals(copy)).toBe(true);
      expectUntouched(p, before);
    });
  });
});
