// Issue 4's zero-copy paths: takeFileImage() hands over the CORE driver's memory, and
// driverCoreImageNoCopy reads an image in place. What can be observed from JavaScript is
// checked: values, closing, that an in-place image stays alive and unmodified, and that
// writable opens never touch the caller's bytes.
import { describe, expect, it } from 'vitest';
import { ClosedFileError, openFile, openFileAsync } from '../../lib/index';

const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

function makeImage(n = 1000): Buffer {
  const f = openFile('zc.h5', 'w', MEM);
  f.createArray(
    '/',
    'x',
    Float64Array.from({ length: n }, (_, i) => i * 2),
    'X',
  );
  return f.takeFileImage();
}

describe('takeFileImage()', () => {
  it('returns an image that reopens with the same content, and closes the file', () => {
    const f = openFile('zc.h5', 'w', MEM);
    f.createArray('/', 'x', new Int32Array([5, 6, 7]), 'X');
    f.setNodeAttr('/x', 'unit', 'm');
    const flushedCopy = (f.flush(), f.getFileImage());
    const image = f.takeFileImage();
    expect(f.isOpen).toBe(false);
    expect(() => f.root).toThrow(ClosedFileError);
    expect(Buffer.isBuffer(image)).toBe(true);
    expect(image.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
    // Not bigger than the file itself (the driver's spare memory is cut off).
    expect(image.length).toBeLessThanOrEqual(flushedCopy.length);
    const g = openFile('again.h5', 'r', { ...MEM, driverCoreImage: image });
    expect(Array.from(g.root.x.read().data as Int32Array)).toEqual([5, 6, 7]);
    expect(g.getNodeAttr('/x', 'unit')).toBe('m');
    expect(String(g.root.x)).toBe("/x (Array(3,)) 'X'");
    g.close();
  });

  it('works for a writable image open, a file read in place and the async form', async () => {
    const image = makeImage();
    const before = Buffer.from(image);
    const rw = openFile('rw.h5', 'r+', { ...MEM, driverCoreImage: image });
    rw.createArray('/', 'y', new Uint8Array([1, 2]));
    const changed = rw.takeFileImage();
    expect(image.equals(before)).toBe(true); // the caller's bytes never change
    const changedBytes = Buffer.from(changed);
    const inPlace = openFile('ro.h5', 'r', { ...MEM, driverCoreImage: changed, driverCoreImageNoCopy: true });
    expect(changed.length).toBe(0); // taken by the file (detached), not copied
    const copied = inPlace.takeFileImage(); // the driver owns no memory to hand over here: one copy
    expect(copied.equals(changedBytes)).toBe(true);
    const af = await openFileAsync('async.h5', 'r', { ...MEM, driverCoreImage: copied });
    const taken = await af.takeFileImageAsync();
    expect(af.isOpen).toBe(false);
    const g = openFile('check.h5', 'r', { ...MEM, driverCoreImage: taken });
    expect(Array.from(g.root.y.read().data as Uint8Array)).toEqual([1, 2]);
    expect((g.root.x.read().data as Float64Array)[999]).toBe(1998);
    g.close();
  });
  // README, Images: the driver's memory can only be handed over as an external Buffer,
  // which Node does not transfer between threads; getFileImage()'s Buffer and a copy do.
  it("its Buffer does not transfer (Node 20 copies it, newer Node throws DataCloneError); getFileImage's does", async () => {
    const f = openFile('tr.h5', 'w', MEM);
    f.createArray('/', 'x', Float64Array.of(1, 2, 3));
    const got = f.getFileImage();
    const taken = await f.takeFileImageAsync();
    const buffer = taken.buffer as ArrayBuffer;
    if (Number(process.versions.node.split('.')[0]) >= 21) {
      expect(() => structuredClone(buffer, { transfer: [buffer] })).toThrow(
        expect.objectContaining({ name: 'DataCloneError' }),
      );
    } else {
      expect(structuredClone(buffer, { transfer: [buffer] }).byteLength).toBe(taken.length);
    }
    expect(buffer.byteLength).toBe(taken.length); // not detached: still the caller's
    const gotBuffer = got.buffer as ArrayBuffer;
    const moved = structuredClone(gotBuffer, { transfer: [gotBuffer] });
    expect(gotBuffer.byteLength).toBe(0);
    const g = openFile('tr2.h5', 'r', { ...MEM, driverCoreImage: moved });
    expect(g.root.x.read().data).toEqual(Float64Array.of(1, 2, 3));
    g.close();
  });
});

describe('driverCoreImageNoCopy', () => {
  it("reads the caller's image in place, keeps it alive, and never writes to it", () => {
    let image: Uint8Array | null = new Uint8Array(makeImage(100_000));
    const snapshot = Buffer.from(image);
    const f = openFile('nc.h5', 'r', { ...MEM, driverCoreImage: image, driverCoreImageNoCopy: true });
    image = null; // the file holds the image alive, whatever the caller drops
    for (let i = 0; i < 5; i++) new Uint8Array(4_000_000).fill(i); // churn the heap
    (globalThis as { gc?: () => void }).gc?.();
    expect((f.root.x.read(99_999).data as Float64Array)[0]).toBe(199_998);
    expect(() => f.createArray('/', 'z', [1])).toThrow(/not writable/);
    f.close();
    expect(snapshot.length).toBeGreaterThan(800_000);
  });

  it('an ArrayBuffer image works in place too (the file takes it); writable modes copy, and refuse driverCoreImageNoCopy', () => {
    const bytes = makeImage();
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    const ro = openFile('ab.h5', 'r', { ...MEM, driverCoreImage: ab, driverCoreImageNoCopy: true });
    expect(ab.byteLength).toBe(0); // transferred to the file: nothing can free it under HDF5
    expect((ro.root.x.read(10).data as Float64Array)[0]).toBe(20);
    ro.close();
    const again = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    const before = Buffer.from(again);
    for (const mode of ['a', 'r+', 'w'] as const) {
      expect(() =>
        openFile('ab.h5', mode, { ...MEM, driverCoreImage: again, driverCoreImageNoCopy: true }),
      ).toThrow(
        new RangeError(
          `driverCoreImageNoCopy needs mode 'r', not '${mode}': a writable file would change the caller's bytes`,
        ),
      );
    }
    const rw = openFile('ab.h5', 'a', { ...MEM, driverCoreImage: again });
    rw.setNodeAttr('/', 'note', 'changed in memory');
    rw.flush();
    expect(Buffer.from(again).equals(before)).toBe(true);
    rw.close();
  });

  it('must be a boolean', () => {
    const image = makeImage();
    expect(() =>
      openFile('x.h5', 'r', {
        ...MEM,
        driverCoreImage: image,
        driverCoreImageNoCopy: 'yes' as unknown as boolean,
      }),
    ).toThrow(TypeError);
  });
});
