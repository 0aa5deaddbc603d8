// Probes of JS buffers the HDF5 thread (or a no-copy image) still uses while JavaScript
// frees them: each transfers the buffer away (structuredClone), drops it and collects it.
// Without a sanitizer a mistake here reads freed memory silently; under scripts/asan/run.sh
// it is a heap-use-after-free report. Any thrown Error is a fine outcome.
//
// usage: node --expose-gc --import tsx scripts/asan/lifetime.ts          (each probe, in a child)
//        node --expose-gc --import tsx scripts/asan/lifetime.ts PROBE    (one probe)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Array as H5Array, openFile, openFileAsync, type File } from '../../lib/index';

const gc = (globalThis as { gc?: () => void }).gc;

/** Moves buf's memory to an ArrayBuffer nothing holds, and collects that. */
function free(buf: ArrayBufferLike): void {
  if (!gc) throw new Error('run with --expose-gc');
  structuredClone(buf, { transfer: [buf as ArrayBuffer] });
  gc();
  gc();
}

function memory(name: string): File {
  return openFile(name, 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
}

/** An image holding /x, n float64, in a Uint8Array over its own ArrayBuffer. */
function image(n: number): Uint8Array {
  const f = memory('image.h5');
  f.createArray(f.root, 'x', new Float64Array(n).fill(1.5));
  return new Uint8Array(f.takeFileImage());
}

/** Keeps the HDF5 thread busy, so the next async call starts after JavaScript went on. */
function busy(): Promise<File> {
  const g = memory('busy.h5');
  return g.createArrayAsync(g.root, 'busy', new Float64Array(8e6).fill(2)).then(() => g);
}

async function settle(p: Promise<unknown>): Promise<void> {
  await p.catch(() => undefined);
}

const PROBES: Record<string, () => Promise<void>> = {
  // createArrayAsync writes the TypedArray in place on the HDF5 thread.
  async createArrayAsync() {
    const g = busy();
    const f = memory('c.h5');
    const data = new Float64Array(4e6).fill(3);
    const p = f.createArrayAsync(f.root, 'x', data);
    free(data.buffer);
    await settle(g);
    await settle(p);
    f.close();
  },
  // openFileAsync copies the image into HDF5 on the HDF5 thread.
  async openFileAsync() {
    const img = image(1e6);
    const g = busy();
    const p = openFileAsync('o.h5', 'r', {
      driver: 'H5FD_CORE',
      driverCoreBackingStore: false,
      driverCoreImage: img,
    });
    free(img.buffer);
    await settle(g);
    const f = await p.catch(() => undefined);
    if (f) {
      for (const node of f.walkNodes('/')) if (node instanceof H5Array) node.read();
      f.close();
    }
  },
  // A no-copy image is read where it is for as long as the file is open.
  async noCopyImage() {
    const img = image(1e5);
    const f = openFile('n.h5', 'r', {
      driver: 'H5FD_CORE',
      driverCoreBackingStore: false,
      driverCoreImage: img,
      driverCoreImageNoCopy: true,
    });
    free(img.buffer);
    try {
      for (const node of f.walkNodes('/')) if (node instanceof H5Array) node.read();
    } catch {
      // an Error is fine
    }
    f.close();
  },
};

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only) {
    const probe = PROBES[only];
    if (!probe) throw new Error(`unknown probe ${only}; known: ${Object.keys(PROBES).join(' ')}`);
    await probe();
    return;
  }
  let failed = 0;
  for (const name of Object.keys(PROBES)) {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-asan-'));
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', require.resolve('tsx'), __filename, name],
      { cwd, encoding: 'utf8' },
    );
    fs.rmSync(cwd, { recursive: true, force: true });
    const ok = r.status === 0;
    if (!ok) failed++;
    process.stdout.write(
      `${ok ? 'pass' : 'FAIL'} lifetime ${name}${ok ? '' : ` (pid ${r.pid}, ${r.signal ?? `exit ${r.status}`})`}\n`,
    );
    if (!ok && r.stderr.trim()) process.stdout.write(r.stderr.slice(-2000));
  }
  process.stdout.write(`lifetime: ${Object.keys(PROBES).length} probes, ${failed} failing\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
