// Drivers and modes, as DESIGN.md "Drivers, modes, backing store, images" measures them on
// PyTables 3.7 / HDF5 1.10.8, and the tutorial "In-memory HDF5 files" (issue 2), step by step.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

import { Array as H5Array, FileModeError, Group, openFile, type File } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython, type PyDump } from '../helpers/python';
import { ageFile, fileState, useTmpDir } from '../helpers/tmp';

const tmp = useTmpDir('h5tables-drivers-');
const SLOW = { timeout: 60_000 };

type Driver = 'H5FD_SEC2' | 'H5FD_STDIO' | 'H5FD_CORE';
const DISK_DRIVERS: Driver[] = ['H5FD_SEC2', 'H5FD_STDIO', 'H5FD_CORE'];

/** Writes a small reference file with the default driver: /data, /grp, /grp/inner, attrs. */
function writeSample(p: string): void {
  const f = openFile(p, 'w', { title: 'Sample' });
  try {
    f.createArray(f.root, 'data', Float64Array.of(1, 2, 3), 'Data');
    const g = f.createGroup(f.root, 'grp', 'A group');
    f.createArray(g, 'inner', Int32Array.of(7, 8), 'Inner');
    f.setNodeAttr(f.root, 'version', 1);
  } finally {
    f.close();
  }
}

interface Summary {
  title: string;
  paths: string[];
  data?: number[];
  attrs: string[];
}

/** What a file holds, read with the default driver, read-only. */
function summary(p: string): Summary {
  const f = openFile(p, 'r');
  try {
    return summarize(f);
  } finally {
    f.close();
  }
}

function summarize(f: File): Summary {
  const out: Summary = {
    title: f.title,
    paths: [...f.walkNodes('/')].map((n) => n.pathname),
    attrs: f.root.attrs.userKeys(),
  };
  if (f.has('/data')) out.data = Array.from(f.getNode('/data').read().data as Float64Array);
  return out;
}

const SAMPLE: Summary = {
  title: 'Sample',
  paths: ['/', '/data', '/grp', '/grp/inner'],
  data: [1, 2, 3],
  attrs: ['version'],
};

/** Every write operation on a node tree, each expected to throw FileModeError. */
function expectAllWritesRefused(f: File): void {
  const attempts: Array<[string, () => unknown]> = [
    ['createArray', () => f.createArray(f.root, 'x', [1, 2])],
    ['createGroup', () => f.createGroup(f.root, 'g')],
    ['setNodeAttr', () => f.setNodeAttr(f.root, 'description', 'In memory file example')],
    ['attrs.set', () => f.root.attrs.set('a', 1)],
    ['delNodeAttr', () => f.delNodeAttr(f.root, 'version')],
    ['removeNode', () => f.removeNode('/data')],
    ['renameNode', () => f.renameNode('/data', 'data2')],
    ['moveNode', () => f.moveNode('/data', '/grp')],
    ['copyNode', () => f.copyNode('/data', '/grp')],
    [
      'title',
      () => {
        f.title = 'changed';
      },
    ],
  ];
  for (const [what, attempt] of attempts) {
    let err: unknown;
    try {
      attempt();
    } catch (e) {
      err = e;
    }
    expect({ what, err: err instanceof FileModeError }).toEqual({ what, err: true });
  }
  // Nothing changed in the open file either.
  expect(summarize(f)).toEqual(SAMPLE);
}

function expectOpenFails(fn: () => unknown, path: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toContain(path);
  expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
}

describe.each(DISK_DRIVERS)('%s on disk (CORE: default backing store)', (driver) => {
  it("'w' creates a file; its content is on disk after close", () => {
    const p = tmp.path('new.h5');
    const f = tmp.track(openFile(p, 'w', { driver, title: 'Created' }));
    expect(f.mode).toBe('w');
    expect(f.filename).toBe(p);
    expect(f.isOpen).toBe(true);
    f.createArray(f.root, 'data', Float64Array.of(4, 5), 'Data');
    f.close();
    expect(f.isOpen).toBe(false);
    expect(summary(p)).toEqual({ title: 'Created', paths: ['/', '/data'], data: [4, 5], attrs: [] });
  });

  it("'w' truncates an existing file", () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    const f = tmp.track(openFile(p, 'w', { driver }));
    expect([...f.walkNodes('/')].map((n) => n.pathname)).toEqual(['/']);
    f.close();
    expect(summary(p)).toEqual({ title: '', paths: ['/'], attrs: [] });
  });

  it("'a' creates a missing file and keeps the changes", () => {
    const p = tmp.path('appended.h5');
    const f = tmp.track(openFile(p, 'a', { driver, title: 'Appended' }));
    expect(f.mode).toBe('a');
    f.createArray(f.root, 'data', Float64Array.of(9), 'Data');
    f.close();
    expect(summary(p)).toEqual({ title: 'Appended', paths: ['/', '/data'], data: [9], attrs: [] });
  });

  it("'a' of an existing file keeps its content and adds the changes", () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    const f = tmp.track(openFile(p, 'a', { driver }));
    expect(summarize(f)).toEqual(SAMPLE);
    f.createArray(f.root, 'more', [1], 'More');
    f.setNodeAttr(f.root, 'added', 'yes');
    f.close();
    expect(summary(p)).toEqual({
      ...SAMPLE,
      paths: [...SAMPLE.paths.slice(0, 3), '/more', '/grp/inner'],
      attrs: ['added', 'version'],
    });
  });

  it("'r+' of an existing file keeps the changes", () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    const f = tmp.track(openFile(p, 'r+', { driver }));
    expect(f.mode).toBe('r+');
    f.removeNode('/grp', undefined, true);
    f.setNodeAttr('/data', 'unit', 'cm');
    f.close();
    expect(summary(p)).toEqual({ ...SAMPLE, paths: ['/', '/data'] });
    const g = tmp.track(openFile(p, 'r'));
    expect(g.getNodeAttr('/data', 'unit')).toBe('cm');
  });

  it("'r' of an existing file reads and refuses every write; the file is left byte-identical", () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    ageFile(p);
    const before = fileState(p);
    const f = tmp.track(openFile(p, 'r', { driver }));
    expect(f.mode).toBe('r');
    expect(summarize(f)).toEqual(SAMPLE);
    expectAllWritesRefused(f);
    f.close();
    const after = fileState(p);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.bytes.equals(before.bytes)).toBe(true);
  });

  it.each(['r', 'r+'] as const)("'%s' of a missing file is an error and creates nothing", (mode) => {
    const p = tmp.path('missing.h5');
    expectOpenFails(() => tmp.track(openFile(p, mode, { driver })), p);
    expect(tmp.list()).toEqual([]);
  });

  it.skipIf(lacks('pytables'))('what it writes opens in PyTables', SLOW, () => {
    const p = tmp.path('for-pytables.h5');
    const f = tmp.track(openFile(p, 'w', { driver, title: `Written with ${driver}` }));
    f.createArray(f.root, 'data', Int16Array.of(-1, 0, 1), 'Shorts');
    f.createGroup(f.root, 'grp', 'Group');
    f.close();
    const dump = runPython<PyDump>('pt_dump.py', [p]);
    expect(dump.title).toBe(`Written with ${driver}`);
    expect(dump.nodes.map((n) => [n.path, n.class, n.title])).toEqual([
      ['/', 'RootGroup', `Written with ${driver}`],
      ['/data', 'Array', 'Shorts'],
      ['/grp', 'Group', 'Group'],
    ]);
    expect(dump.nodes[1].value).toEqual({ dtype: '<i2', shape: [3], data: [-1, 0, 1] });
  });
});

describe('CORE with a backing store (the default)', () => {
  it("'w': the disk file is created at open and holds the whole file after close", () => {
    const p = tmp.path('core.h5');
    const f = tmp.track(openFile(p, 'w', { driver: 'H5FD_CORE', title: 'Core' }));
    expect(fs.existsSync(p)).toBe(true);
    f.createArray(f.root, 'data', Float64Array.of(1, 2, 3), 'Data');
    f.createGroup(f.root, 'grp', 'A group');
    f.createArray('/grp', 'inner', Int32Array.of(7, 8), 'Inner');
    f.setNodeAttr(f.root, 'version', 1);
    f.close();
    expect(summary(p)).toEqual({ ...SAMPLE, title: 'Core' });
  });

  it("'a' of a missing file creates it at open", () => {
    const p = tmp.path('core-a.h5');
    const f = tmp.track(openFile(p, 'a', { driver: 'H5FD_CORE', driverCoreBackingStore: true }));
    expect(fs.existsSync(p)).toBe(true);
    f.createArray(f.root, 'data', Float64Array.of(6));
    f.close();
    expect(summary(p).data).toEqual([6]);
  });

  it('flush() writes the memory to disk while the file stays open', () => {
    const p = tmp.path('core-flush.h5');
    const f = tmp.track(openFile(p, 'w', { driver: 'H5FD_CORE' }));
    f.createArray(f.root, 'data', Float64Array.of(1, 2));
    f.flush();
    // A second, independent reader sees the flushed content (HDF5 allows concurrent readers via SEC2 'r').
    const copy = tmp.path('copy.h5');
    fs.copyFileSync(p, copy);
    expect(summary(copy).data).toEqual([1, 2]);
    f.close();
  });

  it("'r' loads the file into memory: reads work after the disk file is deleted", () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    const f = tmp.track(openFile(p, 'r', { driver: 'H5FD_CORE' }));
    fs.unlinkSync(p);
    expect(fs.existsSync(p)).toBe(false);
    expect(summarize(f)).toEqual(SAMPLE);
    expect(Array.from(f.root.grp.inner.read().data as Int32Array)).toEqual([7, 8]);
    expect(f.getNodeAttr('/', 'version')).toBe(1);
    expectAllWritesRefused(f);
    f.close();
    expect(tmp.list()).toEqual([]);
  });

  it('driverCoreIncrement: a small increment still holds large data', () => {
    const p = tmp.path('increment.h5');
    const big = Float64Array.from({ length: 100_000 }, (_, i) => i * 0.5);
    const f = tmp.track(openFile(p, 'w', { driver: 'H5FD_CORE', driverCoreIncrement: 4096 }));
    f.createArray(f.root, 'big', big);
    f.close();
    const g = tmp.track(openFile(p, 'r'));
    const r = g.root.big.read();
    expect(r.shape).toEqual([100_000]);
    expect((r.data as Float64Array)[99_999]).toBe(99_999 * 0.5);
    expect(Buffer.from((r.data as Float64Array).buffer).equals(Buffer.from(big.buffer))).toBe(true);
  });
});

describe('CORE without a backing store never writes to disk', () => {
  const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

  it("'w' of a new name: nothing on disk, ever; the file works in memory", () => {
    const p = tmp.path('mem.h5');
    const f = tmp.track(openFile(p, 'w', { ...MEM, title: 'Memory' }));
    expect(tmp.list()).toEqual([]);
    f.createArray(f.root, 'data', Float64Array.of(1, 2, 3), 'Data');
    f.createGroup(f.root, 'grp', 'A group');
    f.createArray(f.root.grp, 'inner', Int32Array.of(7, 8), 'Inner');
    f.setNodeAttr(f.root, 'version', 1);
    f.flush();
    expect(tmp.list()).toEqual([]);
    expect(summarize(f)).toEqual({ ...SAMPLE, title: 'Memory' });
    expect(f.filename).toBe(p);
    f.close();
    expect(tmp.list()).toEqual([]);
  });

  it("'w' over an existing file leaves it byte-identical, mtime unchanged", () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    ageFile(p);
    const before = fileState(p);
    const f = tmp.track(openFile(p, 'w', MEM));
    expect([...f.walkNodes('/')].map((n) => n.pathname)).toEqual(['/']);
    f.createArray(f.root, 'array', { data: new Float64Array(300 * 300), shape: [300, 300] });
    f.flush();
    f.close();
    const after = fileState(p);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    expect(tmp.list()).toEqual(['sample.h5']);
    expect(summary(p)).toEqual(SAMPLE);
  });

  it.each(['a', 'r+'] as const)(
    "'%s' of an existing file loads it, allows changes in memory and drops them at close",
    (mode) => {
      const p = tmp.path('sample.h5');
      writeSample(p);
      ageFile(p);
      const before = fileState(p);
      const f = tmp.track(openFile(p, mode, MEM));
      expect(f.mode).toBe(mode);
      expect(summarize(f)).toEqual(SAMPLE);

      f.createArray(
        f.root,
        'new_array',
        Array.from({ length: 20 }, (_, i) => i),
        'New array',
      );
      f.setNodeAttr(f.root, 'description', 'changed in memory');
      f.removeNode('/grp', undefined, true);
      f.renameNode('/data', 'renamed');
      f.title = 'Changed';
      f.flush();
      expect(summarize(f)).toEqual({
        title: 'Changed',
        paths: ['/', '/new_array', '/renamed'],
        attrs: ['description', 'version'],
      });
      expect(String(f.root.new_array)).toBe("/new_array (Array(20,)) 'New array'");
      f.close();

      const after = fileState(p);
      expect(after.mtimeMs).toBe(before.mtimeMs);
      expect(after.bytes.equals(before.bytes)).toBe(true);
      expect(tmp.list()).toEqual(['sample.h5']);
      expect(summary(p)).toEqual(SAMPLE);
    },
  );

  it("'r' of an existing file reads and refuses writes", () => {
    const p = tmp.path('sample.h5');
    writeSample(p);
    const before = fileState(p);
    const f = tmp.track(openFile(p, 'r', MEM));
    expect(summarize(f)).toEqual(SAMPLE);
    expectAllWritesRefused(f);
    f.close();
    expect(fileState(p).bytes.equals(before.bytes)).toBe(true);
  });

  it.each(['r', 'r+'] as const)("'%s' of a missing file is an error and creates nothing", (mode) => {
    const p = tmp.path('missing.h5');
    expectOpenFails(() => tmp.track(openFile(p, mode, MEM)), p);
    expect(tmp.list()).toEqual([]);
  });

  it("'a' of a missing file works in memory and creates nothing on disk", () => {
    const p = tmp.path('missing.h5');
    const f = tmp.track(openFile(p, 'a', { ...MEM, title: 'Nowhere' }));
    f.createArray(f.root, 'data', Float64Array.of(1));
    expect(f.title).toBe('Nowhere');
    expect(Array.from(f.root.data.read().data as Float64Array)).toEqual([1]);
    f.flush();
    expect(tmp.list()).toEqual([]);
    f.close();
    expect(tmp.list()).toEqual([]);
  });

  it('a name in a directory that does not exist is fine: nothing is written anywhere', () => {
    const p = tmp.path('no', 'such', 'dir', 'mem.h5');
    const f = tmp.track(openFile(p, 'w', MEM));
    f.createArray(f.root, 'x', [1, 2]);
    f.close();
    expect(tmp.list()).toEqual([]);
  });
});

describe.skipIf(lacks('pytables'))('the tutorial "In-memory HDF5 files", step by step', SLOW, () => {
  it('runs every step with the documented results', () => {
    // sample.h5: any existing HDF5 file, here one written by PyTables.
    const sample = tmp.path('sample.h5');
    runPython('pt_write.py', [sample, tmp.path('unused.img')], tmp.dir);

    // 1. openFile('sample.h5', 'r', { driver: 'H5FD_CORE' }) loads it; reads need no disk.
    let f = tmp.track(openFile(sample, 'r', { driver: 'H5FD_CORE' }));
    fs.renameSync(sample, tmp.path('moved-away.h5'));
    expect(f.title).toBe('PyTables file');
    expect(Array.from(f.root.a_int32.read().data as Int32Array)).toEqual([-2147483648, -3, 5, 2147483647]);
    expect(f.root.g1.sub.deep.title).toBe('Deep array');
    f.close();

    // 2. 'w' with CORE: the backing store is on by default; close() writes new_sample.h5.
    const newSample = tmp.path('new_sample.h5');
    f = tmp.track(openFile(newSample, 'w', { driver: 'H5FD_CORE' }));
    const zeros = Array.from({ length: 300 }, () => new Array<number>(300).fill(0));
    const a = f.createArray(f.root, 'array', zeros);
    expect(a).toBeInstanceOf(H5Array);
    expect(a.shape).toEqual([300, 300]);
    f.close();
    expect(fs.existsSync(newSample)).toBe(true);
    const written = runPython<PyDump>('pt_dump.py', [newSample]);
    const arr = written.nodes.find((n) => n.path === '/array')!;
    expect(arr.class).toBe('Array');
    expect(arr.dtype).toBe('<f8');
    expect(arr.shape).toEqual([300, 300]);
    expect(arr.value!.data.length).toBe(90_000);
    expect(arr.value!.data.every((x) => x === 0)).toBe(true);

    // 3. driverCoreBackingStore: false, 'w' over new_sample.h5: the disk file is untouched.
    ageFile(newSample);
    const before = fileState(newSample);
    f = tmp.track(openFile(newSample, 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }));
    f.createArray(f.root, 'array', zeros);
    f.createArray(f.root, 'other', [1, 2, 3]);
    f.close();
    let after = fileState(newSample);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    expect(after.mtimeMs).toBe(before.mtimeMs);

    // 4. 'a' without backing store: loads the file, lets it change, drops the changes.
    f = tmp.track(openFile(newSample, 'a', { driver: 'H5FD_CORE', driverCoreBackingStore: false }));
    expect(f.root.array.shape).toEqual([300, 300]);
    f.createArray(
      f.root,
      'new_array',
      Array.from({ length: 20 }, (_, i) => i),
      'New array',
    );
    expect(String(f.root.new_array)).toBe("/new_array (Array(20,)) 'New array'");
    expect(Array.from(f.root.new_array.read().data as Float64Array)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    // The title may also be given in an options object.
    f.createArray(
      f.root,
      'new_array2',
      Array.from({ length: 20 }, (_, i) => i),
      { title: 'New array' },
    );
    expect(String(f.root.new_array2)).toBe("/new_array2 (Array(20,)) 'New array'");
    f.close();
    after = fileState(newSample);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    f = tmp.track(openFile(newSample, 'r'));
    expect(f.has('/new_array')).toBe(false);
    expect(f.listNodes('/').map((n) => n.name)).toEqual(['array']);
    f.close();

    // 5. getFileImage() of an in-memory file, reopened from the image (no disk involved).
    f = tmp.track(openFile(newSample, 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false }));
    f.createArray(f.root, 'array', zeros);
    const image = f.getFileImage();
    f.close();
    expect(Buffer.isBuffer(image)).toBe(true);
    const memName = tmp.path('in-memory-sample.h5');
    f = tmp.track(
      openFile(memName, 'r', { driver: 'H5FD_CORE', driverCoreImage: image, driverCoreBackingStore: false }),
    );
    expect(f.root.array.shape).toEqual([300, 300]);
    expect(() => f.setNodeAttr(f.root, 'description', 'In memory file example')).toThrow(FileModeError);
    f.close();

    // 6. The image opened read-write: the attribute is set; the caller's image is untouched.
    const imageCopy = Buffer.from(image);
    f = tmp.track(
      openFile(memName, 'a', { driver: 'H5FD_CORE', driverCoreImage: image, driverCoreBackingStore: false }),
    );
    f.setNodeAttr(f.root, 'description', 'In memory file example');
    expect(f.getNodeAttr(f.root, 'description')).toBe('In memory file example');
    expect(f.root).toBeInstanceOf(Group);
    f.close();
    expect(image.equals(imageCopy)).toBe(true);
    expect(fs.existsSync(memName)).toBe(false);
    expect(tmp.list()).toEqual(['moved-away.h5', 'new_sample.h5', 'unused.img']);
  });
});
