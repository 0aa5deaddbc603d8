// File images: getFileImage() for every driver, and driverCoreImage in every form and mode.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

import { FileModeError, openFile, type File } from '../../lib/index';
import { ageFile, fileState, useTmpDir } from '../helpers/tmp';
import { fillSample, snapshotTree } from '../helpers/tree';

const tmp = useTmpDir('h5tables-images-');

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

/** An image of a freshly filled in-memory file, and that file's snapshot. */
function makeImage(tag = 'sample'): { image: Buffer; snap: ReturnType<typeof snapshotTree> } {
  const f = openFile(tmp.path(`${tag}-source.h5`), 'w', { ...MEM, title: `Image ${tag}` });
  try {
    fillSample(f, tag);
    return { image: f.getFileImage(), snap: snapshotTree(f) };
  } finally {
    f.close();
  }
}

function openImage(name: string, mode: 'r' | 'r+' | 'a' | 'w', image: Uint8Array | ArrayBuffer): File {
  return tmp.track(openFile(tmp.path(name), mode, { ...MEM, driverCoreImage: image }));
}

describe('getFileImage()', () => {
  it.each(['H5FD_SEC2', 'H5FD_STDIO', 'H5FD_CORE'] as const)(
    '%s: returns the whole file as a Buffer that reopens with the same content',
    (driver) => {
      const p = tmp.path('src.h5');
      const f = tmp.track(openFile(p, 'w', { driver, title: `From ${driver}` }));
      fillSample(f, driver);
      const image = f.getFileImage();
      const snap = snapshotTree(f);
      f.close();
      expect(Buffer.isBuffer(image)).toBe(true);
      expect(image.subarray(0, 8).equals(HDF5_SIGNATURE)).toBe(true);

      const g = openImage('reopened.h5', 'r', image);
      expect(snapshotTree(g)).toEqual(snap);
      expect(snap.title).toBe(`From ${driver}`);
      expect(snap.nodes.map((n) => n.path)).toEqual([
        '/',
        '/flags',
        '/floats',
        '/grp',
        '/ints',
        '/text',
        '/grp/bytes',
      ]);
    },
  );

  it('CORE without backing store: the image holds everything, nothing touches the disk', () => {
    const { image, snap } = makeImage('mem');
    expect(tmp.list()).toEqual([]);
    const g = openImage('again.h5', 'r', image);
    expect(snapshotTree(g)).toEqual(snap);
    expect(tmp.list()).toEqual([]);
  });

  it('flushes first: an image taken right after changes (no flush()) reopens with them', () => {
    const f = tmp.track(openFile(tmp.path('live.h5'), 'w', MEM));
    f.createArray(f.root, 'first', Int32Array.of(1, 2, 3), 'First');
    const image1 = f.getFileImage();
    f.createArray(f.root, 'second', Int32Array.of(4), 'Second');
    f.setNodeAttr('/first', 'note', 'after image1');
    const image2 = f.getFileImage();

    const g1 = openImage('one.h5', 'r', image1);
    expect(g1.listNodes('/').map((n) => n.name)).toEqual(['first']);
    expect(Array.from(g1.root.first.read().data as Int32Array)).toEqual([1, 2, 3]);
    expect(g1.root.first.attrs.has('note')).toBe(false);

    const g2 = openImage('two.h5', 'r', image2);
    expect(g2.listNodes('/').map((n) => n.name)).toEqual(['first', 'second']);
    expect(g2.root.second.title).toBe('Second');
    expect(g2.getNodeAttr('/first', 'note')).toBe('after image1');
    f.close();
  });

  it("a returned image is the caller's own copy: later changes to the file do not touch it", () => {
    const f = tmp.track(openFile(tmp.path('own.h5'), 'w', MEM));
    f.createArray(f.root, 'a', Float64Array.of(1, 2, 3));
    const image = f.getFileImage();
    const copy = Buffer.from(image);
    f.createArray(f.root, 'b', new Float64Array(50_000).fill(7));
    f.setNodeAttr(f.root, 'x', 'y');
    f.getFileImage();
    f.close();
    expect(image.equals(copy)).toBe(true);
    // And scribbling on the returned image does not hurt a file opened from it earlier.
    const g = openImage('from-own.h5', 'a', image);
    image.fill(0);
    expect(Array.from(g.root.a.read().data as Float64Array)).toEqual([1, 2, 3]);
    g.createArray(g.root, 'c', [1]);
    const again = g.getFileImage();
    g.close();
    const h = openImage('again.h5', 'r', again);
    expect(h.listNodes('/').map((n) => n.name)).toEqual(['a', 'c']);
  });

  it('works on a read-only file, and repeatedly gives equal images of an unchanged file', () => {
    const { image } = makeImage('ro');
    const g = openImage('ro.h5', 'r', image);
    const a = g.getFileImage();
    const b = g.getFileImage();
    expect(a.equals(b)).toBe(true);
    const h = openImage('ro2.h5', 'r', a);
    expect(snapshotTree(h)).toEqual(snapshotTree(g));
  });

  it('survives several image -> open -> change -> image cycles', () => {
    let { image } = makeImage('cycle');
    for (let i = 0; i < 5; i++) {
      const f = openImage(`cycle${i}.h5`, 'a', image);
      f.createArray(f.root, `step${i}`, Int8Array.of(i));
      image = f.getFileImage();
      f.close();
    }
    const f = openImage('final.h5', 'r', image);
    for (let i = 0; i < 5; i++)
      expect(Array.from(f.getNode(`/step${i}`).read().data as Int8Array)).toEqual([i]);
    expect(f.getNodeAttr('/', 'tag')).toBe('cycle');
    expect(tmp.list()).toEqual([]);
  });
});

describe('driverCoreImage', () => {
  const forms: Array<[string, (img: Buffer) => { view: Uint8Array | ArrayBuffer; whole: () => Buffer }]> = [
    [
      'a Buffer',
      (img) => {
        const b = Buffer.from(img);
        return { view: b, whole: () => Buffer.from(b) };
      },
    ],
    [
      'a plain Uint8Array',
      (img) => {
        const u = new Uint8Array(img.length);
        u.set(img);
        return { view: u, whole: () => Buffer.from(u) };
      },
    ],
    [
      'a Uint8Array view at an odd byteOffset inside a larger buffer',
      (img) => {
        const ab = new ArrayBuffer(img.length + 20);
        new Uint8Array(ab).fill(0xab);
        const u = new Uint8Array(ab, 7, img.length);
        u.set(img);
        return { view: u, whole: () => Buffer.from(new Uint8Array(ab)) };
      },
    ],
    [
      'a Buffer subarray',
      (img) => {
        const big = Buffer.alloc(img.length + 33, 0x5a);
        img.copy(big, 17);
        return { view: big.subarray(17, 17 + img.length), whole: () => Buffer.from(big) };
      },
    ],
    [
      'an ArrayBuffer',
      (img) => {
        const ab = new ArrayBuffer(img.length);
        new Uint8Array(ab).set(img);
        return { view: ab, whole: () => Buffer.from(new Uint8Array(ab)) };
      },
    ],
  ];

  describe.each(forms)('as %s', (_label, make) => {
    it("'r': reads the image, refuses writes with FileModeError", () => {
      const { image, snap } = makeImage('ro');
      const { view, whole } = make(image);
      const before = whole();
      const f = openImage('ro.h5', 'r', view);
      expect(f.mode).toBe('r');
      expect(snapshotTree(f)).toEqual(snap);
      expect(() => f.setNodeAttr(f.root, 'description', 'In memory file example')).toThrow(FileModeError);
      expect(() => f.createArray(f.root, 'x', [1])).toThrow(FileModeError);
      expect(() => f.createGroup(f.root, 'g')).toThrow(FileModeError);
      expect(() => f.removeNode('/floats')).toThrow(FileModeError);
      expect(() => f.root.attrs.set('y', 1)).toThrow(FileModeError);
      expect(snapshotTree(f)).toEqual(snap);
      f.close();
      expect(whole().equals(before)).toBe(true);
      expect(tmp.list()).toEqual([]);
    });

    it.each(['a', 'r+'] as const)("'%s': writable; the caller's bytes are never modified", (mode) => {
      const { image, snap } = makeImage('rw');
      const { view, whole } = make(image);
      const before = whole();
      const f = openImage('rw.h5', mode, view);
      expect(f.mode).toBe(mode);
      expect(snapshotTree(f)).toEqual(snap);
      f.setNodeAttr(f.root, 'description', 'In memory file example');
      expect(f.getNodeAttr(f.root, 'description')).toBe('In memory file example');
      // Enough new data that the driver's memory must grow past the image.
      f.createArray(f.root, 'big', new Float64Array(100_000).fill(1.5), 'Big');
      f.removeNode('/text');
      f.renameNode('/floats', 'renamed');
      f.setNodeAttr('/grp/bytes', 'unit', 'B');
      f.flush();
      const changed = f.getFileImage();
      f.close();
      expect(whole().equals(before)).toBe(true);
      expect(tmp.list()).toEqual([]);

      // The changes live in the new image only.
      const g = openImage('changed.h5', 'r', changed);
      expect(g.getNodeAttr('/', 'description')).toBe('In memory file example');
      expect(g.root.big.shape).toEqual([100_000]);
      expect(g.has('/text')).toBe(false);
      expect(g.has('/renamed')).toBe(true);
      expect(g.getNodeAttr('/grp/bytes', 'unit')).toBe('B');
      g.close();
      // The original bytes still open as the original file.
      const h = openImage('original.h5', 'r', view);
      expect(snapshotTree(h)).toEqual(snap);
    });
  });

  it("'w' ignores the image (no backing store): an empty new file", () => {
    const { image } = makeImage('ignored');
    const copy = Buffer.from(image);
    const f = tmp.track(openFile(tmp.path('w.h5'), 'w', { ...MEM, driverCoreImage: image, title: 'Fresh' }));
    expect([...f.walkNodes('/')].map((n) => n.pathname)).toEqual(['/']);
    expect(f.title).toBe('Fresh');
    expect(f.root.attrs.has('tag')).toBe(false);
    f.createArray(f.root, 'x', [1, 2]);
    f.close();
    expect(image.equals(copy)).toBe(true);
    expect(tmp.list()).toEqual([]);
  });

  it("'w' ignores the image (with backing store): the disk file holds only what was written", () => {
    const { image } = makeImage('ignored');
    const p = tmp.path('w-disk.h5');
    const f = tmp.track(openFile(p, 'w', { driver: 'H5FD_CORE', driverCoreImage: image }));
    expect([...f.walkNodes('/')].map((n) => n.pathname)).toEqual(['/']);
    f.createArray(f.root, 'x', [1, 2]);
    f.close();
    const g = tmp.track(openFile(p, 'r'));
    expect([...g.walkNodes('/')].map((n) => n.pathname)).toEqual(['/', '/x']);
  });

  describe('an empty image is an error (issue 9; PyTables treated it as no image)', () => {
    const empties: Array<[string, () => Uint8Array | ArrayBuffer]> = [
      ['Buffer.alloc(0)', () => Buffer.alloc(0)],
      ['new Uint8Array(0)', () => new Uint8Array(0)],
      ['new ArrayBuffer(0)', () => new ArrayBuffer(0)],
      ['an empty view into a non-empty buffer', () => new Uint8Array(new ArrayBuffer(64), 16, 0)],
    ];
    it.each(empties)('%s: a RangeError in every mode, and no file is made', (_label, empty) => {
      for (const mode of ['r', 'r+', 'a', 'w'] as const) {
        expect(() =>
          tmp.track(openFile(tmp.path('new.h5'), mode, { ...MEM, driverCoreImage: empty() })),
        ).toThrow(
          new RangeError('driverCoreImage is empty (0 bytes): an HDF5 image is at least a superblock'),
        );
      }
      expect(tmp.list()).toEqual([]);
    });

    it('a detached buffer is named as such (TypedArray and ArrayBuffer)', () => {
      const { image } = makeImage('detached');
      const ab = image.buffer.slice(image.byteOffset, image.byteOffset + image.length) as ArrayBuffer;
      const view = new Uint8Array(ab);
      structuredClone(ab, { transfer: [ab] });
      for (const driverCoreImage of [ab, view]) {
        expect(() => openFile(tmp.path('d.h5'), 'r', { ...MEM, driverCoreImage })).toThrow(
          new TypeError(
            'driverCoreImage is detached (its ArrayBuffer was transferred): there are no bytes to open',
          ),
        );
      }
      expect(tmp.list()).toEqual([]);
    });
  });

  it('an image opened under the name of an existing disk file never touches that file', () => {
    const p = tmp.path('disk.h5');
    const src = openFile(p, 'w', { title: 'Disk' });
    src.createArray(src.root, 'disk', [1]);
    src.close();
    ageFile(p);
    const before = fileState(p);
    const { image, snap } = makeImage('other');
    for (const mode of ['r', 'r+', 'a'] as const) {
      const f = tmp.track(openFile(p, mode, { ...MEM, driverCoreImage: image }));
      expect(snapshotTree(f)).toEqual(snap);
      if (mode !== 'r') f.createArray(f.root, 'more', [2]);
      f.close();
    }
    const after = fileState(p);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('file.filename is the name the user gave, for images and memory files', () => {
    const { image } = makeImage('names');
    const f = tmp.track(openFile('relative-name.h5', 'r', { ...MEM, driverCoreImage: image }));
    expect(f.filename).toBe('relative-name.h5');
    expect(String(f).split('\n')[0]).toBe("relative-name.h5 (File) 'Image names'");
    expect(String(f).split('\n')[1]).toBe("Last modif.: '<in-memory file>'");
    f.close();
    const g = tmp.track(openFile('another name.h5', 'w', MEM));
    expect(g.filename).toBe('another name.h5');
    g.close();
    expect(fs.existsSync('relative-name.h5')).toBe(false);
    expect(fs.existsSync('another name.h5')).toBe(false);
  });
});

describe('two in-memory files under one filename stay independent', () => {
  it('two different images opened under one name each show their own content', () => {
    const a = makeImage('first');
    const b = makeImage('second');
    const fa = openImage('same.h5', 'a', a.image);
    const fb = openImage('same.h5', 'a', b.image);
    expect(fa).not.toBe(fb);
    expect(fa.filename).toBe(fb.filename);
    expect(snapshotTree(fa)).toEqual(a.snap);
    expect(snapshotTree(fb)).toEqual(b.snap);

    fa.createArray(fa.root, 'only_in_a', [1]);
    fb.setNodeAttr(fb.root, 'tag', 'changed in b');
    expect(fb.has('/only_in_a')).toBe(false);
    expect(fa.getNodeAttr('/', 'tag')).toBe('first');
    expect(fb.getNodeAttr('/', 'tag')).toBe('changed in b');

    fa.close();
    // Closing one leaves the other open and intact.
    expect(fb.isOpen).toBe(true);
    expect(fb.root.text.read().data).toEqual(['a', 'bc', 'second']);
    fb.close();
  });

  it('the same image opened twice read-write: changes in one do not show in the other', () => {
    const { image, snap } = makeImage('twice');
    const f1 = openImage('twice.h5', 'r+', image);
    const f2 = openImage('twice.h5', 'r+', image);
    f1.removeNode('/grp', undefined, true);
    f1.createArray(f1.root, 'new', Int16Array.of(5));
    expect(snapshotTree(f2)).toEqual(snap);
    f2.setNodeAttr('/', 'who', 'f2');
    expect(f1.root.attrs.has('who')).toBe(false);
    expect(f1.has('/grp')).toBe(false);
    const img1 = f1.getFileImage();
    const img2 = f2.getFileImage();
    f1.close();
    f2.close();
    const g1 = openImage('g1.h5', 'r', img1);
    const g2 = openImage('g2.h5', 'r', img2);
    expect(g1.has('/new')).toBe(true);
    expect(g1.root.attrs.has('who')).toBe(false);
    expect(g2.has('/new')).toBe(false);
    expect(g2.getNodeAttr('/', 'who')).toBe('f2');
  });

  it('read-only and read-write opens of one image under one name coexist', () => {
    const { image, snap } = makeImage('mixed');
    const ro = openImage('mixed.h5', 'r', image);
    const rw = openImage('mixed.h5', 'a', image);
    rw.createArray(rw.root, 'added', [1]);
    expect(ro.has('/added')).toBe(false);
    expect(snapshotTree(ro)).toEqual(snap);
    expect(() => ro.createArray(ro.root, 'nope', [1])).toThrow(FileModeError);
    expect(rw.has('/nope')).toBe(false);
  });

  it("two 'w' memory files under one name are two files", () => {
    const f1 = tmp.track(openFile(tmp.path('new.h5'), 'w', { ...MEM, title: 'one' }));
    const f2 = tmp.track(openFile(tmp.path('new.h5'), 'w', { ...MEM, title: 'two' }));
    f1.createArray(f1.root, 'x', [1]);
    expect(f2.has('/x')).toBe(false);
    expect(f1.title).toBe('one');
    expect(f2.title).toBe('two');
    f1.close();
    f2.createArray(f2.root, 'y', [2]);
    expect(Array.from(f2.root.y.read().data as Float64Array)).toEqual([2]);
    f2.close();
    expect(tmp.list()).toEqual([]);
  });

  it("'a' memory files loaded from one disk file under its name are independent", () => {
    const p = tmp.path('disk.h5');
    const src = openFile(p, 'w');
    src.createArray(src.root, 'base', [0]);
    src.close();
    const f1 = tmp.track(openFile(p, 'a', MEM));
    const f2 = tmp.track(openFile(p, 'a', MEM));
    f1.createArray(f1.root, 'one', [1]);
    f2.createArray(f2.root, 'two', [2]);
    expect(f1.listNodes('/').map((n) => n.name)).toEqual(['base', 'one']);
    expect(f2.listNodes('/').map((n) => n.name)).toEqual(['base', 'two']);
  });
});
