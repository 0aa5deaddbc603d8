// Issue 9 item 6: a CORE file with a backing store is saved through a temporary file and a
// rename in the same directory, so a crash (or a full disk) in the middle of a save never
// leaves a truncated file where a good one was. HDF5's own backing store writes in place:
// the binding keeps the file in memory and, at each flush and at close, writes the image
// to `<name>.<random>.tmp`, fsyncs it and renames it over `<name>`, when it changed.
// Child processes: test/helpers/core-save-child.js (under prlimit for the failing writes).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { HDF5ExtError, openFile, openFileAsync } from '../../lib/index';
import { ageFile, fileState, useTmpDir } from '../helpers/tmp';

const tmp = useTmpDir('h5tables-core-save-');
const CHILD = path.join(__dirname, '..', 'helpers', 'core-save-child.js');
const CORE = { driver: 'H5FD_CORE' } as const;
const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

function writeSample(p: string): void {
  const f = openFile(p, 'w', { title: 'Original' });
  f.createArray('/', 'data', Float64Array.of(1, 2, 3), 'Data');
  f.setNodeAttr('/', 'version', 1);
  f.close();
}

function contents(p: string): { title: string; nodes: string[]; data: number[] } {
  const f = openFile(p, 'r');
  try {
    return {
      title: f.title,
      nodes: f.listNodes('/').map((n) => n.name),
      data: Array.from(f.getNode('/data').read().data as Float64Array),
    };
  } finally {
    f.close();
  }
}

const ORIGINAL = { title: 'Original', nodes: ['data'], data: [1, 2, 3] };
const temps = (): string[] => tmp.list().filter((n) => n.endsWith('.tmp'));
const inode = (p: string): number => fs.statSync(p).ino;

function runChild(args: string[], fsizeLimit?: number): ReturnType<typeof spawnSync> {
  const node = [process.execPath, CHILD, ...args];
  const argv =
    fsizeLimit === undefined ? node : ['prlimit', `--fsize=${fsizeLimit}`, '--core=0', '--', ...node];
  return spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
}

describe('saving a CORE file with a backing store', () => {
  it("'w': the disk file is a valid (empty) HDF5 file from the open on; close leaves no temporary file", () => {
    const p = tmp.path('core.h5');
    const f = tmp.track(openFile(p, 'w', { ...CORE, title: 'Core' }));
    expect(fs.readFileSync(p).subarray(0, 8).equals(SIGNATURE)).toBe(true);
    expect(tmp.list()).toEqual(['core.h5']);
    f.createArray('/', 'data', Float64Array.of(1, 2, 3));
    f.close();
    expect(tmp.list()).toEqual(['core.h5']);
    expect(contents(p)).toEqual({ title: 'Core', nodes: ['data'], data: [1, 2, 3] });
  });

  it('each flush that changed something replaces the file (a new inode); one that changed nothing writes nothing', () => {
    const p = tmp.path('core.h5');
    const f = tmp.track(openFile(p, 'w', CORE));
    f.createArray('/', 'data', Float64Array.of(1, 2));
    f.flush();
    const first = inode(p);
    expect(temps()).toEqual([]);
    ageFile(p);
    const before = fileState(p);
    f.flush();
    expect(inode(p)).toBe(first);
    expect(fileState(p)).toEqual(before);
    f.setNodeAttr('/', 'more', 'yes');
    f.flush();
    expect(inode(p)).not.toBe(first);
    expect(temps()).toEqual([]);
    f.close();
  });

  it("'a' of an existing file that is only read: closed without a write (bytes, mtime and inode unchanged)", () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    ageFile(p);
    const before = fileState(p);
    const ino = inode(p);
    for (const mode of ['a', 'r+'] as const) {
      const f = openFile(p, mode, CORE);
      expect(Array.from(f.getNode('/data').read().data as Float64Array)).toEqual([1, 2, 3]);
      f.flush();
      f.close();
    }
    expect(fileState(p)).toEqual(before);
    expect(inode(p)).toBe(ino);
  });

  it('a replaced file keeps its permissions', () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    fs.chmodSync(p, 0o640);
    const f = openFile(p, 'a', CORE);
    f.createArray('/', 'more', [1]);
    f.close();
    expect(fs.statSync(p).mode & 0o777).toBe(0o640);
    expect(contents(p).nodes).toEqual(['data', 'more']);
  });

  it('a symbolic link stays a link: the file it points to is the one replaced', () => {
    const target = tmp.path('target.h5');
    writeSample(target);
    const link = tmp.path('link.h5');
    fs.symlinkSync(target, link);
    const f = openFile(link, 'a', CORE);
    f.createArray('/', 'more', [1]);
    f.close();
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(contents(target).nodes).toEqual(['data', 'more']);
    expect(temps()).toEqual([]);
  });

  it('takeFileImage() saves the file, and the image is what the disk holds', () => {
    const p = tmp.path('core.h5');
    const f = openFile(p, 'w', CORE);
    f.createArray('/', 'data', Float64Array.of(1, 2, 3));
    const image = f.takeFileImage();
    expect(f.isOpen).toBe(false);
    expect(fs.readFileSync(p).equals(image)).toBe(true);
    expect(temps()).toEqual([]);
  });

  it('closeAsync() and flushAsync() save the same way', async () => {
    const p = tmp.path('core.h5');
    const f = await openFileAsync(p, 'w', { ...CORE, title: 'Async' });
    await f.createArrayAsync('/', 'data', Float64Array.of(4, 5, 6));
    await f.flushAsync();
    const copy = tmp.path('copy.h5');
    fs.copyFileSync(p, copy);
    expect(contents(copy)).toEqual({ title: 'Async', nodes: ['data'], data: [4, 5, 6] });
    fs.unlinkSync(copy);
    f.setNodeAttr('/', 'x', 1);
    await f.closeAsync();
    expect(temps()).toEqual([]);
    const g = openFile(p, 'r');
    expect(g.getNodeAttr('/', 'x')).toBe(1);
    g.close();
  });

  it('a process that exits without close() leaves the whole file on disk', () => {
    const p = tmp.path('left-open.h5');
    const r = runChild(['exit', p]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(contents(p)).toEqual({ title: 'Left open', nodes: ['data'], data: [7, 8, 9] });
    expect(temps()).toEqual([]);
  });

  it('a save that fails (the file size limit: EFBIG) is an HDF5ExtError naming the file; the file on disk is intact', () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    ageFile(p);
    const before = fileState(p);
    const r = runChild(['grow', p, String(1_000_000), 'ignore'], 1_000_000);
    expect(r.status).toBe(0);
    const result = JSON.parse(String(r.stdout).trim()) as { error: string; name: string; isOpen: boolean };
    expect(result.name).toBe('HDF5ExtError');
    expect(result.error).toContain(`could not save '${p}'`);
    expect(result.error).toContain('File too large');
    expect(result.error).toContain('the file on disk is as it was');
    expect(result.isOpen).toBe(false);
    expect(fileState(p)).toEqual(before);
    expect(contents(p)).toEqual(ORIGINAL);
    expect(temps()).toEqual([]);
  });

  it('a process killed in the middle of a save (SIGXFSZ) leaves the original file intact', () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    ageFile(p);
    const before = fileState(p);
    // 8 MB of data against a 1 MB file size limit: the kernel kills the writer mid-write.
    const r = runChild(['grow', p, String(1_000_000), 'default'], 1_000_000);
    expect(r.signal).toBe('SIGXFSZ');
    expect(fileState(p)).toEqual(before);
    expect(contents(p)).toEqual(ORIGINAL);
    // What the crash left behind is the partial temporary file, never the file itself.
    const left = temps();
    expect(left.length).toBe(1);
    expect(left[0]).toMatch(/^sample\.h5\.[0-9a-f]{16}\.tmp$/);
    expect(fs.statSync(tmp.path(left[0])).size).toBe(1_000_000);
  });

  it('the error class of a failed save in this process: HDF5ExtError, the file closed', () => {
    // A directory where the temporary file would go that cannot be written: replace the
    // directory by a file of that name after the open (works as root too).
    const dir = tmp.path('sub');
    fs.mkdirSync(dir);
    const p = path.join(dir, 'core.h5');
    const f = openFile(p, 'w', CORE);
    f.createArray('/', 'data', [1]);
    fs.rmSync(dir, { recursive: true });
    fs.writeFileSync(dir, 'not a directory');
    expect(() => f.close()).toThrow(HDF5ExtError);
    expect(f.isOpen).toBe(false);
    expect(fs.readFileSync(dir, 'utf8')).toBe('not a directory');
  });
});
