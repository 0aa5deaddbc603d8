// Child process of scripts/asan/corpus.ts: opens one hostile file in each of the given
// ways, in order, and does everything a reader would (walk, print, read every leaf by its
// own class's reads and every attribute; in mode 'a' also write: scripts/fuzz/leaf-probes.js). Any Error is a fine outcome; what the parent looks
// for is a sanitizer report, a crash or a stall, so each way is announced on stdout
// before it starts ("begin <mode>") and after it ends ("end <mode> <outcome>").
//
// usage: node --import tsx scripts/asan/corpus-case.ts FILE MODE...
// MODE: sec2-r sec2-a stdio-r core-r core-a core-nobs-a img-r img-a img-nocopy async-sec2 async-img
import fs from 'node:fs';
import path from 'node:path';

import * as h5 from '../../lib/index';
import { openFile, openFileAsync, type File, type OpenFileOptions } from '../../lib/index';
import { probeLeaf, readAttributes, writeAttributes, type Run } from '../fuzz/leaf-probes';

export const MODES = [
  'sec2-r',
  'sec2-a',
  'stdio-r',
  'core-r',
  'core-a',
  'core-nobs-a',
  'img-r',
  'img-a',
  'img-nocopy',
  'async-sec2',
  'async-img',
] as const;
type Mode = (typeof MODES)[number];

interface Way {
  mode: 'r' | 'a';
  options: OpenFileOptions;
  /** Opens a copy of the file in the working directory (the original is read-only). */
  copy: boolean;
  async: boolean;
}

function way(m: Mode, image: Uint8Array): Way {
  const img = { driver: 'H5FD_CORE' as const, driverCoreBackingStore: false, driverCoreImage: image };
  switch (m) {
    case 'sec2-r':
      return { mode: 'r', options: {}, copy: false, async: false };
    case 'sec2-a':
      return { mode: 'a', options: {}, copy: true, async: false };
    case 'stdio-r':
      return { mode: 'r', options: { driver: 'H5FD_STDIO' }, copy: false, async: false };
    case 'core-r':
      return { mode: 'r', options: { driver: 'H5FD_CORE' }, copy: false, async: false };
    case 'core-a':
      return { mode: 'a', options: { driver: 'H5FD_CORE' }, copy: true, async: false };
    case 'core-nobs-a':
      return {
        mode: 'a',
        options: { driver: 'H5FD_CORE', driverCoreBackingStore: false },
        copy: true,
        async: false,
      };
    case 'img-r':
      return { mode: 'r', options: img, copy: false, async: false };
    case 'img-a':
      return { mode: 'a', options: img, copy: false, async: false };
    case 'img-nocopy':
      return { mode: 'r', options: { ...img, driverCoreImageNoCopy: true }, copy: false, async: false };
    case 'async-sec2':
      return { mode: 'r', options: {}, copy: false, async: true };
    case 'async-img':
      return { mode: 'r', options: img, copy: false, async: true };
  }
}

/** Runs f, keeping the first error's message; later steps still run. */
class Steps {
  errors = 0;
  first = '';
  async run(f: () => unknown): Promise<void> {
    try {
      await f();
    } catch (err) {
      this.errors++;
      if (!this.first)
        this.first =
          err instanceof Error ? `${err.constructor.name}: ${err.message}` : `non-Error ${String(err)}`;
    }
  }
}

async function exercise(f: File, w: Way, s: Steps): Promise<void> {
  const run: Run = async (_step, fn) => {
    let value;
    await s.run(async () => {
      value = await fn();
    });
    return value;
  };
  const writable = w.mode === 'a';
  await s.run(async () => {
    for (const node of f.walkNodes('/')) {
      await s.run(() => String(node));
      await s.run(() => node.title);
      const records = await readAttributes(node, run);
      await probeLeaf(h5, node, run, { useAsync: w.async, writable });
      if (writable) await writeAttributes(node, records, run);
    }
  });
  await s.run(() => String(f));
  if (writable) {
    await s.run(() => f.createArray(f.root, 'asan_added', Int32Array.of(1, 2, 3)));
    await s.run(() => f.setNodeAttr(f.root, 'asan', 'yes'));
  }
}

async function runMode(file: string, m: Mode, image: Buffer): Promise<string> {
  // Each way its own copy in its own ArrayBuffer: img-nocopy takes (detaches) the one it is
  // given, and a shared one left every later image way nothing to open.
  const w = way(m, new Uint8Array(image));
  let name = file;
  if (w.copy) {
    name = path.resolve(`${m}.h5`);
    fs.copyFileSync(file, name);
    fs.chmodSync(name, 0o644);
  } else if (w.options.driverCoreImage) {
    name = `${m}.h5`; // never written: no backing store
  }
  const s = new Steps();
  let f: File | undefined;
  await s.run(async () => {
    f = w.async ? await openFileAsync(name, w.mode, w.options) : openFile(name, w.mode, w.options);
  });
  if (!f) return `open-failed (${s.first})`;
  await exercise(f, w, s);
  const opened = f;
  await s.run(() => (w.async ? opened.closeAsync() : opened.close()));
  return s.errors ? `errors=${s.errors} (${s.first})` : 'ok';
}

async function main(): Promise<void> {
  const [file, ...modes] = process.argv.slice(2);
  const image = fs.readFileSync(file);
  for (const m of modes) {
    if (!(MODES as readonly string[]).includes(m))
      throw new Error(`unknown mode ${m}; known: ${MODES.join(' ')}`);
    process.stdout.write(`begin ${m}\n`);
    const outcome = await runMode(file, m as Mode, image);
    process.stdout.write(`end ${m} ${outcome.replace(/\s+/g, ' ').slice(0, 300)}\n`);
  }
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    },
  );
