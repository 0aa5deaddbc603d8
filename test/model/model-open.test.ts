// openFile: argument checks, modes, drivers, the CORE backing store, file images, and
// in-memory files that stay independent under one name.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  HDF5ExtError,
  FileModeError,
  isHDF5File,
  openFile,
  type File,
  type OpenFileOptions,
} from '../../lib/index';
import { useScratch } from './model-helpers';

const scratch = useScratch();
const CORE_MEM: OpenFileOptions = { driver: 'H5FD_CORE', driverCoreBackingStore: false };

/** Writes a small file on disk: /a = [1, 2, 3] titled 'A', root title 'T'. */
function diskFile(name = 'disk.h5'): string {
  const p = scratch.path(name);
  const f = openFile(p, 'w', { title: 'T' });
  f.createArray('/', 'a', [1, 2, 3], 'A');
  f.close();
  return p;
}

function imageOf(build: (f: File) => void = (f) => f.createArray('/', 'a', [1, 2, 3], 'A')): Buffer {
  const f = openFile(scratch.path('image-source.h5'), 'w', { title: 'T', ...CORE_MEM });
  build(f);
  const image = f.getFileImage();
  f.close();
  return image;
}

const read = (f: File, p = '/a'): number[] =>
  Array.from(f.getNode(p, undefined, 'Array').read().data as Float64Array);

describe('argument checks (nothing touches the disk)', () => {
  it('refuses a bad mode with PyTables message', () => {
    const p = scratch.path('x.h5');
    expect(() => openFile(p, 'q' as 'r')).toThrow(RangeError);
    expect(() => openFile(p, 'q' as 'r')).toThrow(
      "invalid mode string ``q``. Allowed modes are: 'r', 'r+', 'a' and 'w'",
    );
    expect(scratch.list()).toEqual([]);
  });

  it('refuses an unknown driver, naming the accepted ones, and creates nothing', () => {
    const p = scratch.path('x.h5');
    for (const mode of ['w', 'a'] as const) {
      expect(() => openFile(p, mode, { driver: 'H5FD_FOO' as 'H5FD_CORE' })).toThrow(
        "Invalid or not supported driver: 'H5FD_FOO'. Accepted: 'H5FD_SEC2', 'H5FD_STDIO', 'H5FD_CORE'",
      );
    }
    expect(() => openFile(p, 'w', { driver: 'H5FD_FAMILY' as 'H5FD_CORE' })).toThrow(RangeError);
    expect(scratch.list()).toEqual([]);
  });

  it('refuses options of the wrong type with TypeError', () => {
    const p = scratch.path('x.h5');
    const bad: unknown[] = [
      { title: 3 },
      { driver: 7 },
      { driver: 'H5FD_CORE', driverCoreBackingStore: 'yes' },
      { driver: 'H5FD_CORE', driverCoreIncrement: '4096' },
      { driver: 'H5FD_CORE', driverCoreImage: 'abc' },
      { driver: 'H5FD_CORE', driverCoreImage: [1, 2, 3] },
      { driver: 'H5FD_CORE', driverCoreImage: new Int8Array(4) },
    ];
    for (const options of bad) expect(() => openFile(p, 'w', options as OpenFileOptions)).toThrow(TypeError);
    expect(() => openFile(p, 'w', null as unknown as OpenFileOptions)).toThrow(TypeError);
    expect(() => openFile(42 as unknown as string, 'w')).toThrow(TypeError);
    expect(() => openFile(p, 'w', { driver: 'H5FD_CORE', driverCoreIncrement: 0 })).toThrow(RangeError);
    expect(() => openFile(p, 'w', { driver: 'H5FD_CORE', driverCoreIncrement: 1.5 })).toThrow(RangeError);
    expect(scratch.list()).toEqual([]);
  });

  it('refuses an image with a driver other than CORE', () => {
    const image = imageOf();
    expect(() => openFile(scratch.path('x.h5'), 'r', { driverCoreImage: image })).toThrow(
      "driverCoreImage needs driver 'H5FD_CORE', not 'H5FD_SEC2'",
    );
    expect(scratch.list()).toEqual([]);
  });

  it("reports a missing file in 'r' and 'r+' like PyTables' OSError, with code ENOENT", () => {
    const p = scratch.path('missing.h5');
    for (const options of [
      {},
      { driver: 'H5FD_STDIO' },
      { driver: 'H5FD_CORE' },
      CORE_MEM,
    ] as OpenFileOptions[]) {
      for (const mode of ['r', 'r+'] as const) {
        let err: unknown;
        try {
          openFile(p, mode, options);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).message).toBe(`\`\`${p}\`\` does not exist`);
        expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
      }
    }
    expect(() => openFile(scratch.path('no/dir/x.h5'), 'w')).toThrow(
      `\`\`${scratch.path('no/dir')}\`\` does not exist`,
    );
    expect(() => openFile(path.dirname(p), 'r')).toThrow('is not a regular file');
    expect(scratch.list()).toEqual([]);
  });

  it('refuses a file that is not HDF5 with HDF5ExtError carrying the HDF5 stack', () => {
    const p = scratch.path('text.h5');
    fs.writeFileSync(p, 'not hdf5 at all');
    let err: unknown;
    try {
      openFile(p, 'r');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HDF5ExtError);
    expect((err as HDF5ExtError).hdf5Stack.length).toBeGreaterThan(0);
    expect((err as HDF5ExtError).message).toContain((err as HDF5ExtError).hdf5Stack.at(-1));
    expect(fs.readFileSync(p, 'utf8')).toBe('not hdf5 at all');
    expect(isHDF5File(p)).toBe(false);
  });
});

describe('files already open in this process (PyTables rules)', () => {
  it("refuses 'w' over an open file, 'r' over a writable one, 'a'/'r+' over a read-only one", () => {
    const p = diskFile();
    const rw = openFile(p, 'a');
    expect(() => openFile(p, 'w')).toThrow(RangeError);
    expect(() => openFile(p, 'w', { driver: 'H5FD_CORE' })).toThrow(
      `The file '${p}' is already opened.  Please close it before reopening in write mode.`,
    );
    expect(() => openFile(p, 'r')).toThrow(
      `The file '${p}' is already opened, but not in read-only mode (as requested).`,
    );
    const again = openFile(p, 'r+'); // read-write twice is fine, as in PyTables
    again.close();
    rw.close();
    const ro = openFile(p, 'r');
    const ro2 = openFile(p, 'r');
    expect(() => openFile(p, 'a')).toThrow(
      `The file '${p}' is already opened, but in read-only mode.  Please close it before reopening in append mode.`,
    );
    ro.close();
    expect(() => openFile(p, 'r+')).toThrow(RangeError);
    ro2.close();
    openFile(p, 'w').close(); // all closed: allowed again
  });

  it('finds the open file through a symlink or a hard link', () => {
    const p = diskFile();
    fs.symlinkSync(p, scratch.path('sym.h5'));
    fs.linkSync(p, scratch.path('hard.h5'));
    const rw = scratch.track(openFile(p, 'a'));
    expect(() => openFile(scratch.path('sym.h5'), 'w')).toThrow(RangeError);
    expect(() => openFile(scratch.path('hard.h5'), 'w', { driver: 'H5FD_STDIO' })).toThrow(RangeError);
    expect(read(rw)).toEqual([1, 2, 3]);
  });

  it('does not apply to in-memory files, which never touch the disk', () => {
    const p = diskFile();
    const rw = scratch.track(openFile(p, 'a'));
    const mem = openFile(p, 'w', CORE_MEM);
    mem.close();
    const loaded = openFile(p, 'r', CORE_MEM);
    expect(read(loaded)).toEqual([1, 2, 3]);
    loaded.close();
    expect(read(rw)).toEqual([1, 2, 3]);
  });
});

describe('modes and drivers on disk', () => {
  it.each(['H5FD_SEC2', 'H5FD_STDIO', 'H5FD_CORE'] as const)(
    '%s: w creates, a/r+ change, r reads',
    (driver) => {
      const p = scratch.path('f.h5');
      const w = openFile(p, 'w', { title: 'T', driver });
      expect([w.mode, w.driver, w.filename, w.title]).toEqual(['w', driver, p, 'T']);
      w.createArray('/', 'a', [1, 2, 3]);
      w.close();
      expect(isHDF5File(p)).toBe(true);
      const a = openFile(p, 'a', { driver });
      a.createArray('/', 'b', [4]);
      a.close();
      const rw = openFile(p, 'r+', { driver });
      rw.setNodeAttr('/', 'x', 1);
      rw.close();
      const r = openFile(p, 'r', { driver });
      expect(read(r)).toEqual([1, 2, 3]);
      expect(read(r, '/b')).toEqual([4]);
      expect(r.getNodeAttr('/', 'x')).toBe(1);
      expect(r.title).toBe('T');
      expect(() => r.setNodeAttr('/', 'y', 1)).toThrow(FileModeError);
      r.close();
    },
  );

  it("'a' creates a missing file with PyTables' root attributes; 'w' truncates", () => {
    const p = scratch.path('a.h5');
    const f = openFile(p, 'a', { title: 'Created' });
    expect(f.title).toBe('Created');
    expect(f.root.attrs.get('PYTABLES_FORMAT_VERSION')).toBe('2.1');
    f.createArray('/', 'a', [1]);
    f.close();
    const g = openFile(p, 'a', { title: 'ignored when the file exists' });
    expect(g.title).toBe('Created');
    g.close();
    const w = openFile(p, 'w');
    expect(w.listNodes('/')).toEqual([]);
    w.close();
  });
});

describe('CORE driver, backing store', () => {
  it('with a backing store (the default), close writes the file', () => {
    const p = scratch.path('new_sample.h5');
    const f = openFile(p, 'w', { driver: 'H5FD_CORE' });
    f.createArray(f.root, 'array', { data: new Float64Array(300 * 300), shape: [300, 300] });
    f.close();
    const r = openFile(p, 'r');
    expect(r.root.array.shape).toEqual([300, 300]);
    r.close();
  });

  it('loads an existing file into memory for reading', () => {
    const p = diskFile();
    const f = openFile(p, 'r', { driver: 'H5FD_CORE' });
    expect(read(f)).toEqual([1, 2, 3]);
    f.close();
  });

  it('without a backing store, never writes to disk in any mode', () => {
    const p = scratch.path('mem.h5');
    const w = openFile(p, 'w', CORE_MEM);
    w.createArray('/', 'a', [1]);
    w.close();
    const a = openFile(p, 'a', CORE_MEM);
    a.createArray('/', 'a', [1]);
    a.close();
    expect(scratch.list()).toEqual([]);

    const existing = diskFile();
    const before = fs.readFileSync(existing);
    for (const mode of ['w', 'a', 'r+'] as const) {
      const f = openFile(existing, mode, CORE_MEM);
      f.createArray('/', 'extra', [9]);
      f.setNodeAttr('/', 'changed', true);
      f.flush();
      f.close();
    }
    expect(fs.readFileSync(existing).equals(before)).toBe(true);
  });

  it("'r' without backing store reads the file into memory: the disk file can go", () => {
    const p = diskFile();
    const f = scratch.track(openFile(p, 'r', CORE_MEM));
    const g = scratch.track(openFile(p, 'r', CORE_MEM));
    fs.rmSync(p);
    expect(read(f)).toEqual([1, 2, 3]);
    expect(read(g)).toEqual([1, 2, 3]);
    expect(String(f).split('\n')[1]).toBe("Last modif.: '<in-memory file>'");
    expect(() => f.setNodeAttr('/', 'x', 1)).toThrow(FileModeError);
    f.close();
    expect(read(g)).toEqual([1, 2, 3]);
  });

  it("'a' and 'r+' without backing store load the file and let it change in memory", () => {
    const p = diskFile();
    for (const mode of ['a', 'r+'] as const) {
      const f = openFile(p, mode, CORE_MEM);
      expect(read(f)).toEqual([1, 2, 3]);
      f.createArray('/', 'b', [4]);
      expect(read(f, '/b')).toEqual([4]);
      f.close();
    }
    const r = openFile(p, 'r');
    expect(r.has('/b')).toBe(false);
    r.close();
  });

  it('keeps two in-memory files under one name independent', () => {
    const p = scratch.path('same.h5');
    const f1 = scratch.track(openFile(p, 'w', CORE_MEM));
    const f2 = scratch.track(openFile(p, 'w', CORE_MEM));
    f1.createArray('/', 'one', [1]);
    f2.createArray('/', 'two', [2]);
    expect(f1.has('/two')).toBe(false);
    expect(f2.has('/one')).toBe(false);
    expect([f1.filename, f2.filename]).toEqual([p, p]);
    f1.close();
    expect(read(f2, '/two')).toEqual([2]);
  });
});

describe('file images', () => {
  it.each(['H5FD_SEC2', 'H5FD_STDIO', 'H5FD_CORE'] as const)(
    'getFileImage() works for %s and flushes first',
    (driver) => {
      const f = scratch.track(openFile(scratch.path(`img-${driver}.h5`), 'w', { driver, title: 'T' }));
      f.createArray('/', 'a', [1, 2, 3], 'A');
      const image = f.getFileImage();
      expect(Buffer.isBuffer(image)).toBe(true);
      expect(image.subarray(0, 8).toString('latin1')).toBe('\x89HDF\r\n\x1a\n');
      const g = openFile('reopened.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image });
      expect(read(g)).toEqual([1, 2, 3]);
      expect(g.title).toBe('T');
      expect(g.root.a.title).toBe('A');
      g.close();
    },
  );

  it("opens an image read-only in 'r', never touching the disk or the buffer", () => {
    const image = imageOf();
    const copy = Buffer.from(image);
    const p = scratch.path('in-memory-sample.h5');
    const f = openFile(p, 'r', { driver: 'H5FD_CORE', driverCoreImage: image });
    expect(f.filename).toBe(p);
    expect(read(f)).toEqual([1, 2, 3]);
    expect(() => f.setNodeAttr(f.root, 'description', 'In memory file example')).toThrow(FileModeError);
    f.close();
    expect(image.equals(copy)).toBe(true);
    expect(scratch.list()).toEqual([]);
  });

  it("opens an image read-write in 'a' and 'r+' without backing store", () => {
    const image = imageOf();
    const copy = Buffer.from(image);
    for (const mode of ['a', 'r+'] as const) {
      const f = openFile(scratch.path('img.h5'), mode, { ...CORE_MEM, driverCoreImage: image });
      f.setNodeAttr(f.root, 'description', 'In memory file example');
      expect(f.getNodeAttr('/', 'description')).toBe('In memory file example');
      const changed = f.getFileImage();
      f.close();
      const g = openFile('x.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: changed });
      expect(g.getNodeAttr('/', 'description')).toBe('In memory file example');
      g.close();
    }
    expect(image.equals(copy)).toBe(true);
    expect(scratch.list()).toEqual([]);
  });

  it("writes an image opened in 'a' with a backing store to the file at close", () => {
    const image = imageOf();
    const p = scratch.path('saved.h5');
    const f = openFile(p, 'a', { driver: 'H5FD_CORE', driverCoreImage: image });
    f.createArray('/', 'b', [4]);
    f.close();
    const r = openFile(p, 'r');
    expect(read(r)).toEqual([1, 2, 3]);
    expect(read(r, '/b')).toEqual([4]);
    r.close();
  });

  it('accepts an ArrayBuffer and a Uint8Array view', () => {
    const image = imageOf();
    const ab = new Uint8Array(image).buffer;
    const f = openFile('ab.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: ab });
    expect(read(f)).toEqual([1, 2, 3]);
    f.close();
    const padded = new Uint8Array(image.length + 16);
    padded.set(image, 8);
    const g = openFile('view.h5', 'r', {
      driver: 'H5FD_CORE',
      driverCoreImage: padded.subarray(8, 8 + image.length),
    });
    expect(read(g)).toEqual([1, 2, 3]);
    g.close();
  });

  it("refuses an empty image (issue 9), and 'w' ignores the image", () => {
    const p = scratch.path('empty.h5');
    expect(() => openFile(p, 'r', { driver: 'H5FD_CORE', driverCoreImage: new Uint8Array(0) })).toThrow(
      RangeError,
    );
    expect(scratch.list()).toEqual([]);
    const f = openFile(p, 'w', { ...CORE_MEM, driverCoreImage: imageOf() });
    expect(f.listNodes('/')).toEqual([]);
    f.close();
  });

  it('refuses garbage and truncated images with HDF5ExtError', () => {
    const image = imageOf();
    const bad = [Buffer.alloc(1000, 0x78), image.subarray(0, 500), image.subarray(0, 8)];
    for (const driverCoreImage of bad) {
      expect(() => openFile(scratch.path('bad.h5'), 'r', { driver: 'H5FD_CORE', driverCoreImage })).toThrow(
        HDF5ExtError,
      );
    }
    expect(scratch.list()).toEqual([]);
  });

  it('keeps two images opened under one name independent', () => {
    const one = imageOf((f) => f.createArray('/', 'one', [1]));
    const two = imageOf((f) => f.createArray('/', 'two', [2]));
    const f1 = scratch.track(openFile('same.h5', 'a', { ...CORE_MEM, driverCoreImage: one }));
    const f2 = scratch.track(openFile('same.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: two }));
    expect(f1.has('/one') && !f1.has('/two')).toBe(true);
    expect(f2.has('/two') && !f2.has('/one')).toBe(true);
    f1.createArray('/', 'three', [3]);
    expect(f2.has('/three')).toBe(false);
  });
});
