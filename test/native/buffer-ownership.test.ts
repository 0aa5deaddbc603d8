// Issue 9: no JS action can free memory the HDF5 thread reads. A Napi::Reference keeps
// an object, not its memory: an ArrayBuffer can be transferred (structuredClone,
// postMessage, ArrayBuffer.prototype.transfer) or shrunk (resizable) at any time. So
// async writes and copying image opens copy at the call, and a no-copy open takes the
// image's ArrayBuffer (transferred into one only the file holds) or copies it.
//
// Each test queues a long read first, so the operation under test runs on the HDF5 thread
// only after JavaScript has transferred, overwritten or shrunk the caller's buffer.
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openFile, openFileAsync, type Array as H5Array, type File } from '../../lib/index';

const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;
const N = 1 << 20; // 8 MiB of float64: whole pages, so a shrunk buffer gives them back

let busy: File; // holds a 64 MiB array, read to keep the HDF5 thread busy
beforeAll(() => {
  busy = openFile('busy.h5', 'w', MEM);
  busy.createArray('/', 'big', new Float64Array(8 * N));
});
afterAll(() => busy.close());

/** A read that occupies the HDF5 thread while the test's JavaScript runs. */
function keepHdf5Busy(): Promise<unknown> {
  return (busy.getNode('/big') as H5Array).readAsync();
}

const values = (): Float64Array => Float64Array.from({ length: N }, (_, i) => i * 0.5);

function expectValues(data: unknown): void {
  const got = data as Float64Array;
  expect(got).toHaveLength(N);
  const want = values();
  let bad = -1;
  for (let i = 0; i < N && bad < 0; i++) if (got[i] !== want[i]) bad = i;
  expect(bad, `first wrong element at ${bad}: ${got[bad]}`).toBe(-1);
}

/** A resizable ArrayBuffer of n bytes (ES2024: not in this project's TypeScript lib yet). */
function resizableArrayBuffer(n: number): ArrayBuffer {
  const Resizable = ArrayBuffer as unknown as new (
    length: number,
    options: { maxByteLength: number },
  ) => ArrayBuffer;
  return new Resizable(n, { maxByteLength: n });
}

/** An image holding /x = values(), in a fresh ArrayBuffer of its own (or a resizable one). */
function image(resizable = false): Uint8Array {
  const f = openFile('img.h5', 'w', MEM);
  f.createArray('/', 'x', values());
  const bytes = f.takeFileImage();
  const ab = resizable ? resizableArrayBuffer(bytes.length) : new ArrayBuffer(bytes.length);
  const out = new Uint8Array(ab);
  out.set(bytes);
  return out;
}

type Steal = (ab: ArrayBuffer) => void;
const steals: Array<[string, Steal]> = [
  [
    'structuredClone with transfer, then the clone overwritten',
    (ab) => {
      new Uint8Array(structuredClone(ab, { transfer: [ab] })).fill(0xff);
    },
  ],
  [
    'postMessage with a transfer list',
    (ab) => {
      const { port1, port2 } = new MessageChannel();
      port1.postMessage(ab, [ab]);
      port1.close();
      port2.close();
    },
  ],
  [
    'resize(0) of a resizable ArrayBuffer',
    (ab) => (ab as ArrayBuffer & { resize(n: number): void }).resize(0),
  ],
];
const transfer = (ArrayBuffer.prototype as { transfer?: (n?: number) => ArrayBuffer }).transfer;
if (transfer) {
  steals.push([
    'ArrayBuffer.prototype.transfer, then the new buffer overwritten',
    (ab) => {
      new Uint8Array(transfer.call(ab)).fill(0xff);
    },
  ]);
}
const needsResizable = (how: string): boolean => how.startsWith('resize');

describe("createArrayAsync copies the caller's data at the call", () => {
  it.each(steals)('%s while the write waits: the file holds the values given', async (how, steal) => {
    const f = openFile('w.h5', 'w', MEM);
    const ab = needsResizable(how) ? resizableArrayBuffer(8 * N) : new ArrayBuffer(8 * N);
    const data = new Float64Array(ab);
    data.set(values());
    const pending = keepHdf5Busy();
    const created = f.createArrayAsync('/', 'x', data, 'X');
    steal(ab);
    expect(ab.byteLength).toBe(0);
    await Promise.all([pending, created]);
    expectValues((f.getNode('/x') as H5Array).read().data);
    f.close();
  });

  it('the caller may change its array at once', async () => {
    const f = openFile('w.h5', 'w', MEM);
    const data = values();
    const pending = keepHdf5Busy();
    const created = f.createArrayAsync('/', 'x', data);
    data.fill(-1);
    await Promise.all([pending, created]);
    expectValues((f.getNode('/x') as H5Array).read().data);
    f.close();
  });
});

describe("openFileAsync with an image reads nothing of the caller's afterwards", () => {
  it.each(steals)('%s while the open waits: the file opens with its data', async (how, steal) => {
    const img = image(needsResizable(how));
    const pending = keepHdf5Busy();
    const opened = openFileAsync('a.h5', 'r', { ...MEM, driverCoreImage: img });
    steal(img.buffer as ArrayBuffer);
    expect(img.byteLength).toBe(0);
    const [, f] = await Promise.all([pending, opened]);
    expectValues((await (f.getNode('/x') as H5Array).readAsync()).data);
    f.close();
  });
});

describe('driverCoreImageNoCopy takes the image', () => {
  it("transfers a whole ArrayBuffer to the file: the caller's is detached", async () => {
    const img = image();
    const ab = img.buffer as ArrayBuffer;
    const f = openFile('nc.h5', 'r', { ...MEM, driverCoreImage: img, driverCoreImageNoCopy: true });
    expect(ab.byteLength).toBe(0);
    expect(img.byteLength).toBe(0);
    for (let i = 0; i < 4; i++) new Uint8Array(8 * N).fill(i); // churn the heap
    const x = f.getNode('/x') as H5Array;
    expectValues(x.read().data);
    expectValues((await x.readAsync()).data);
    f.close();
  });

  it('a resizable ArrayBuffer is transferred too, so it cannot be shrunk under the file', () => {
    const img = image(true);
    const ab = img.buffer as ArrayBuffer & { resize(n: number): void };
    const f = openFile('nc.h5', 'r', { ...MEM, driverCoreImage: img, driverCoreImageNoCopy: true });
    expect(ab.byteLength).toBe(0);
    expect(() => ab.resize(0)).toThrow(TypeError); // detached
    expectValues((f.getNode('/x') as H5Array).read().data);
    f.close();
  });

  it('openFileAsync takes it at the call', async () => {
    const img = image();
    const pending = keepHdf5Busy();
    const opened = openFileAsync('nc.h5', 'r', { ...MEM, driverCoreImage: img, driverCoreImageNoCopy: true });
    expect(img.byteLength).toBe(0);
    const [, f] = await Promise.all([pending, opened]);
    expectValues((await (f.getNode('/x') as H5Array).readAsync()).data);
    f.close();
  });

  // Node copies takeFileImage()'s external Buffer on structuredClone (twice) instead of
  // transferring it; the binding takes that memory back itself: detached, no copy.
  it("takes takeFileImage()'s own Buffer the same way, sync and async, and frees it once", async () => {
    for (const open of [openFile, openFileAsync]) {
      const made = openFile('img.h5', 'w', MEM);
      made.createArray('/', 'x', values());
      let img: Buffer | null = made.takeFileImage();
      const length = img.length;
      const ab = img.buffer as ArrayBuffer;
      const f = await open('nc.h5', 'r', { ...MEM, driverCoreImage: img, driverCoreImageNoCopy: true });
      expect(ab.byteLength).toBe(0);
      expect(img.byteLength).toBe(0);
      img = null; // its finalizer must not free what the file now owns
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((resolve) => setImmediate(resolve)); // Node runs buffer finalizers later
      for (let i = 0; i < 4; i++) new Uint8Array(8 * N).fill(i); // churn the heap
      const x = f.getNode('/x') as H5Array;
      expectValues(x.read().data);
      expectValues((await x.readAsync()).data);
      const copy = f.getFileImage(); // the same bytes, read from the memory the file owns
      expect(copy.length).toBe(length);
      f.close();
      const again = openFile('again.h5', 'r', { ...MEM, driverCoreImage: copy });
      expectValues((again.getNode('/x') as H5Array).read().data);
      again.close();
    }
  });

  it("copies part of takeFileImage()'s Buffer, and a detached one is an error naming it", () => {
    const made = openFile('img.h5', 'w', MEM);
    made.createArray('/', 'x', values());
    const img = made.takeFileImage();
    const padded = Buffer.concat([img, Buffer.alloc(8)]).subarray(0, img.length); // a V8 copy, part of its buffer
    const part = img.subarray(0, img.length - 1); // truncated: not a file
    expect(() =>
      openFile('nc.h5', 'r', { ...MEM, driverCoreImage: part, driverCoreImageNoCopy: true }),
    ).toThrow();
    expect(img.byteLength).toBe(part.length + 1); // a part is never taken
    const f = openFile('nc.h5', 'r', { ...MEM, driverCoreImage: img, driverCoreImageNoCopy: true });
    expect(() =>
      openFile('nc2.h5', 'r', { ...MEM, driverCoreImage: img, driverCoreImageNoCopy: true }),
    ).toThrow(/driverCoreImage is detached/);
    const g = openFile('nc3.h5', 'r', { ...MEM, driverCoreImage: padded, driverCoreImageNoCopy: true });
    expectValues((f.getNode('/x') as H5Array).read().data);
    expectValues((g.getNode('/x') as H5Array).read().data);
    f.close();
    g.close();
  });

  it("copies a view of part of a buffer, or of a SharedArrayBuffer: the caller's bytes stay the caller's", async () => {
    const whole = image();
    const padded = new Uint8Array(whole.length + 16);
    padded.set(whole, 8);
    const part = padded.subarray(8, 8 + whole.length);
    const shared = new Uint8Array(new SharedArrayBuffer(whole.length));
    shared.set(whole);
    for (const img of [part, shared]) {
      const f = openFile('nc.h5', 'r', { ...MEM, driverCoreImage: img, driverCoreImageNoCopy: true });
      expect(img.byteLength).toBe(whole.length); // not taken
      img.fill(0); // the file has its own copy
      const x = f.getNode('/x') as H5Array;
      expectValues(x.read().data);
      expectValues((await x.readAsync()).data);
      f.close();
    }
  });
});
