// Child of test/native/external-memory.test.ts: opens `count` image files (sync, then
// async) and drops them without close(), letting the event loop turn as a server would.
// Prints one JSON line: RSS after warm-up and its peak, in bytes.
import { openFile, openFileAsync, type Array as H5Array } from '../../lib/index';

const MEM = { driver: 'H5FD_CORE', driverCoreBackingStore: false } as const;

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const src = openFile('src.h5', 'w', MEM);
  src.createArray(
    '/',
    'x',
    Float64Array.from({ length: 1000 }, (_, i) => i),
  );
  const image = src.takeFileImage();
  let base = 0;
  let peak = 0;
  for (let i = 0; i < count; i++) {
    const f =
      i % 2
        ? await openFileAsync('img.h5', 'r', { ...MEM, driverCoreImage: image })
        : openFile('img.h5', 'r', { ...MEM, driverCoreImage: image });
    if (i % 10 === 0 && (f.getNode('/x') as H5Array).read(999).data[0] !== 999) throw new Error('wrong data');
    if (i % 100 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      const rss = process.memoryUsage().rss;
      if (i === 1000) base = rss;
      peak = Math.max(peak, rss);
    }
  }
  console.log(JSON.stringify({ base, peak }));
}

void main();
