// Issue 10 item 2: what reads and getFileImage return transfers between threads on every
// Node line (postMessage(x, [x.buffer]), structuredClone(x, { transfer })): each result is
// an ArrayBuffer V8 allocated, never an external one (Node 20 copies those silently, newer
// Node throws DataCloneError). A Promise read gets its ArrayBuffer on the JS thread before
// it is queued, at the size foretold from what the file saw (binding/js/read_hints.h);
// when that size is unknown or wrong it copies once. Both paths are checked here, with
// values. takeFileImage's zero-copy Buffer is the documented exception (README, Images).
import { describe, expect, it } from 'vitest';

import { native, type NativeFile, type NativeSelection, type NativeTypedArray } from '../../lib/native';

const addon = native();
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const BIG = 3 << 20; // float64 elements: 24 MiB, above the old 16 MiB malloc threshold

function memoryFile(name: string, image?: Uint8Array): NativeFile {
  return image
    ? addon.openFile({ name, create: false, writable: false, driver: 'core', coreBackingStore: false, image })
    : addon.openFile({ name, create: true, writable: true, driver: 'core', coreBackingStore: false });
}

const ramp = (n: number, k = 1): Float64Array => Float64Array.from({ length: n }, (_, i) => i * k);

/** A file with /small (100 float64), /big (BIG float64), /grid (int16 4x5), /scalar (uint8 ()). */
function makeFile(name: string): NativeFile {
  const f = memoryFile(name);
  f.createDataset('/small', { dtype: 'float64', shape: [100], data: ramp(100, 0.5) });
  f.createDataset('/big', { dtype: 'float64', shape: [BIG], data: ramp(BIG) });
  f.createDataset('/grid', {
    dtype: 'int16',
    shape: [4, 5],
    data: Int16Array.from({ length: 20 }, (_, i) => -i),
  });
  f.createDataset('/scalar', { dtype: 'uint8', shape: [], data: Uint8Array.of(200) });
  f.writeAttribute('/small', 'unit', { dtype: 'int32', shape: [3], data: Int32Array.of(7, 8, 9) });
  f.flush();
  return f;
}

/**
 * data's buffer is its own (offset 0, nothing else in it) and moves: after the transfer the
 * original is detached, and the moved bytes hold `want`.
 */
function expectMoves(data: NativeTypedArray | string[], want: NativeTypedArray): void {
  if (Array.isArray(data)) throw new Error('expected a TypedArray');
  expect(data.constructor).toBe(want.constructor);
  expect(data.byteOffset).toBe(0);
  expect(data.buffer.byteLength).toBe(data.byteLength);
  const buffer = data.buffer as ArrayBuffer;
  const moved = structuredClone(buffer, { transfer: [buffer] });
  expect(buffer.byteLength).toBe(0); // detached: moved, not copied
  expect(data.length).toBe(0);
  expect(sameBytes(moved, want)).toBe(true);
}

/** Byte equality (toEqual walks millions of elements too slowly). */
function sameBytes(got: ArrayBuffer, want: NativeTypedArray): boolean {
  return Buffer.from(got).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength));
}

const SLAB = { start: [1, 1], count: [2, 3], step: [2, 1] };
const slabWant = Int16Array.of(-6, -7, -8, -16, -17, -18);

describe('read results transfer', () => {
  it('sync reads: small, above 16 MiB, a hyperslab, a scalar', () => {
    const f = makeFile('t-sync.h5');
    expectMoves(f.readDataset('/small').data, ramp(100, 0.5));
    expectMoves(f.readDataset('/big').data, ramp(BIG));
    expectMoves(f.readDataset('/grid', SLAB).data, slabWant);
    expectMoves(f.readDataset('/scalar').data, Uint8Array.of(200));
    f.close();
  });

  it('Promise reads whose size is foretold (the file wrote, described or read the dataset)', async () => {
    const f = makeFile('t-async.h5');
    expectMoves((await f.readDatasetAsync('/small')).data, ramp(100, 0.5));
    expectMoves((await f.readDatasetAsync('/big', { start: [0], count: [BIG], step: [1] })).data, ramp(BIG));
    expectMoves((await f.readDatasetAsync('/grid', SLAB)).data, slabWant);
    expectMoves((await f.readDatasetAsync('/scalar')).data, Uint8Array.of(200));
    // Queued together, and again (now sized by the reads before).
    const all = await Promise.all([
      f.readDatasetAsync('/big'),
      f.readDatasetAsync('/grid', SLAB),
      f.readDatasetAsync('/small'),
    ]);
    expectMoves(all[0].data, ramp(BIG));
    expectMoves(all[1].data, slabWant);
    expectMoves(all[2].data, ramp(100, 0.5));
    f.close();
  });

  it('Promise reads whose size nothing foretold: a fresh handle on the image copies once', async () => {
    const image = makeFile('t-cold-src.h5').takeFileImage();
    const cases: Array<[string, NativeSelection | undefined, NativeTypedArray]> = [
      ['/big', undefined, ramp(BIG)],
      ['/small', { start: [10], count: [5], step: [3] }, Float64Array.of(5, 6.5, 8, 9.5, 11)],
      ['/grid', SLAB, slabWant],
      ['/scalar', undefined, Uint8Array.of(200)],
    ];
    for (const [path, selection, want] of cases) {
      const f = memoryFile(`t-cold-${path.slice(1)}.h5`, image);
      const r = await f.readDatasetAsync(path, selection);
      expect(r.shape).toEqual(selection ? selection.count : path === '/big' ? [BIG] : []);
      expectMoves(r.data, want);
      f.close();
    }
  });

  it('a wrong size guess (a path now names another dataset) still reads the right values', async () => {
    const f = memoryFile('t-swap.h5');
    f.createDataset('/a', { dtype: 'float64', shape: [6], data: ramp(6) });
    f.createDataset('/b', { dtype: 'int8', shape: [6], data: Int8Array.of(-1, -2, -3, -4, -5, -6) });
    const all = { start: [0], count: [6], step: [1] };
    expect((await f.readDatasetAsync('/a', all)).data).toEqual(ramp(6)); // 8 bytes an element, learned
    f.moveLink('/a', '/t');
    f.moveLink('/b', '/a');
    f.moveLink('/t', '/b');
    const swapped = await f.readDatasetAsync('/a', all); // foretold 48 bytes, needs 6
    expect(swapped.dtype).toBe('int8');
    expectMoves(swapped.data, Int8Array.of(-1, -2, -3, -4, -5, -6));
    expectMoves((await f.readDatasetAsync('/b', all)).data, ramp(6));
    f.close();
  });

  it('a Promise read that fails after its Buffer was reserved rejects as the sync one throws', async () => {
    const f = makeFile('t-fail.h5');
    f.getDatasetInfo('/grid'); // its size is known: the failing reads below reserve first
    const outside = { start: [3, 0], count: [2, 5], step: [1, 1] };
    let syncError: unknown;
    try {
      f.readDataset('/grid', outside);
    } catch (err) {
      syncError = err;
    }
    expect(syncError).toBeInstanceOf(Error);
    await expect(f.readDatasetAsync('/grid', outside)).rejects.toThrow((syncError as Error).message);
    const limited = addon.openFile({
      name: 't-fail.h5',
      create: false,
      writable: false,
      driver: 'core',
      coreBackingStore: false,
      image: f.getFileImage(),
      maxReadBytes: 1000,
    });
    limited.getDatasetInfo('/big');
    await expect(limited.readDatasetAsync('/big')).rejects.toThrow(/maxReadBytes/);
    expectMoves((await limited.readDatasetAsync('/small')).data, ramp(100, 0.5));
    limited.close();
    expectMoves((await f.readDatasetAsync('/grid', SLAB)).data, slabWant); // and the file reads on
    f.close();
  });

  it('more queued than the reservation budget (512 MiB): every result is right and transfers', async () => {
    const n = 8 << 20; // 64 MiB each, 9 of them
    const f = memoryFile('t-budget.h5');
    f.createDataset('/x', { dtype: 'float64', shape: [n], data: ramp(n) });
    const reads = await Promise.all(Array.from({ length: 9 }, () => f.readDatasetAsync('/x')));
    const want = ramp(n);
    for (const r of reads) expectMoves(r.data, want);
    // Reservations were given back: the next reads are right as well.
    expectMoves(
      (await f.readDatasetAsync('/x', { start: [n - 4], count: [4], step: [1] })).data,
      want.subarray(n - 4),
    );
    f.close();
  }, 60_000);

  it('NativeDataset reads, sync and Promise, and attributes', async () => {
    const f = makeFile('t-handle.h5');
    const d = f.openDataset('/grid');
    expectMoves(d.read(SLAB).data, slabWant);
    expectMoves((await d.readAsync(SLAB)).data, slabWant); // learned from the sync read
    expectMoves((await f.openDataset('/big').readAsync()).data, ramp(BIG)); // a new handle: copied
    const all = Int16Array.from({ length: 20 }, (_, i) => -i);
    expectMoves((await d.readAsync()).data, all);
    expectMoves(d.read().data, all);
    expectMoves(f.readAttribute('/small', 'unit').data, Int32Array.of(7, 8, 9));
    expectMoves((await f.readAttributeAsync('/small', 'unit')).data, Int32Array.of(7, 8, 9));
    f.close();
  });
});

/** An image's bytes open again and hold makeFile's /grid. */
function expectImage(image: Uint8Array): void {
  const g = memoryFile('t-reopen.h5', image);
  expect(g.readDataset('/grid', SLAB).data).toEqual(slabWant);
  g.close();
}

describe('images', () => {
  it('getFileImage and getFileImageAsync transfer, the file unchanged or changed since the last image', async () => {
    const f = makeFile('t-image.h5');
    const first = f.getFileImage();
    expect(first.byteOffset).toBe(0);
    expect(first.buffer.byteLength).toBe(first.length);
    const size = first.length;
    const moved = structuredClone(first.buffer, { transfer: [first.buffer] });
    expect(first.buffer.byteLength).toBe(0);
    expectImage(new Uint8Array(moved));
    const again = await f.getFileImageAsync(); // the same size as the last: reserved
    expect(again.length).toBe(size);
    expectImage(Buffer.from(structuredClone(again.buffer, { transfer: [again.buffer] })));
    expect(again.buffer.byteLength).toBe(0);
    f.close();
    const w = makeFile('t-image-grow.h5');
    w.getFileImage();
    w.createDataset('/more', { dtype: 'float64', shape: [10_000], data: ramp(10_000) });
    w.flush(); // the flush tells the size of the next image (lib's getFileImageAsync flushes first)
    const grown = await w.getFileImageAsync();
    expect(grown.length).toBeGreaterThan(size);
    expect(grown.buffer.byteLength).toBe(grown.length);
    const bytes = new Uint8Array(structuredClone(grown.buffer, { transfer: [grown.buffer] }));
    expect(grown.buffer.byteLength).toBe(0);
    expectImage(bytes);
    const g = memoryFile('t-reopen-grown.h5', bytes);
    expect(g.readDataset('/more').data).toEqual(ramp(10_000));
    g.close();
    // Changed since the last flush: the size is not the one foretold, and the image is copied.
    w.createDataset('/later', { dtype: 'int8', shape: [5000], data: new Int8Array(5000).fill(3) });
    const unforetold = await w.getFileImageAsync();
    const same = w.getFileImage(); // the same state, taken on this thread
    expect(unforetold.length).toBe(same.length);
    expect(unforetold.length).not.toBe(bytes.length);
    expect(unforetold.buffer.byteLength).toBe(unforetold.length);
    const copied = Buffer.from(structuredClone(unforetold.buffer, { transfer: [unforetold.buffer] }));
    expect(unforetold.buffer.byteLength).toBe(0);
    expect(copied.equals(same)).toBe(true);
    w.close();
  });

  // Documented (README, Images): takeFileImage hands over the CORE driver's own memory,
  // which only an external Buffer can wrap, and Node does not transfer those.
  it.each(['takeFileImage', 'takeFileImageAsync'] as const)(
    '%s: its Buffer does not transfer (Node 20 copies, newer Node throws); a copy of it does',
    async (how) => {
      const f = makeFile(`t-${how}.h5`);
      const image = how === 'takeFileImage' ? f.takeFileImage() : await f.takeFileImageAsync();
      const buffer = image.buffer as ArrayBuffer;
      if (NODE_MAJOR >= 21) {
        expect(() => structuredClone(buffer, { transfer: [buffer] })).toThrow(
          expect.objectContaining({ name: 'DataCloneError' }),
        );
      } else {
        const cloned = structuredClone(buffer, { transfer: [buffer] });
        expect(cloned.byteLength).toBe(image.length); // copied...
      }
      expect(buffer.byteLength).toBe(image.length); // ...and the original is not detached
      expectImage(image);
      // What to do instead: copy it (or use getFileImage()); the copy moves.
      const copy = new Uint8Array(image);
      const moved = structuredClone(copy.buffer, { transfer: [copy.buffer] });
      expect(copy.buffer.byteLength).toBe(0);
      expectImage(new Uint8Array(moved));
    },
  );
});
