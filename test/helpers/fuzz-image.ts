// Child process for the image fuzz in test/bad-input.test.ts (run with tsx): a crash here
// (segfault, abort) fails that test instead of killing vitest.
//
// usage: node --import tsx fuzz-image.ts IMAGE_PATH SEED COUNT
//
// Opens COUNT mutated copies of the image (bytes flipped, runs overwritten, cut short;
// the 8-byte HDF5 signature always kept so HDF5 parses deep into the garbage), alternately
// read-only and read-write, walks every node, reads every array and attribute, prints
// every node, and in read-write mode also writes. Each copy must either work or throw an
// Error. Prints one JSON line: a summary of what happened.
//
// Debugging a crash: with FUZZ_TRACE_DIR set, each case's index, mode and bytes are
// written to that directory (case.txt, case.bin) before it runs, so the last ones
// left behind are the input that crashed. With FUZZ_ONLY=<index>, only that case runs
// (the generator still advances through the earlier ones, so the bytes are the same).
import fs from 'node:fs';

import { Array as H5Array, openFile, type File } from '../../lib/index';
import { prng } from './values';

interface Summary {
  total: number;
  opened: number;
  fullyRead: number;
  /** Error class name -> count (any Error is fine). */
  errors: Record<string, number>;
  /** Thrown values that are not Errors, or Errors without a message: each a failure. */
  bad: string[];
  /** A few messages, to show the errors are clear. */
  samples: string[];
  /** Files that appeared in the working directory (there must be none). */
  created: string[];
}

function mutate(image: Buffer, rand: () => number, i: number): Buffer {
  const randInt = (n: number) => Math.floor(rand() * n);
  const copy = Buffer.from(image);
  const body = (n: number) => 8 + randInt(Math.max(1, n - 8)); // never the signature
  switch (i % 5) {
    case 0: {
      // a few random bytes flipped anywhere
      const flips = 1 + randInt(8);
      for (let k = 0; k < flips; k++) copy[body(copy.length)] ^= 1 + randInt(255);
      return copy;
    }
    case 1: {
      // flips in the superblock and the root group's header, where the structure lives
      const flips = 1 + randInt(4);
      for (let k = 0; k < flips; k++) copy[body(Math.min(copy.length, 800))] ^= 1 + randInt(255);
      return copy;
    }
    case 2: {
      // a run of bytes overwritten with random values, 0x00 or 0xff
      const start = body(copy.length);
      const len = 1 + randInt(64);
      const fill = randInt(3);
      for (let k = start; k < Math.min(copy.length, start + len); k++) {
        copy[k] = fill === 0 ? randInt(256) : fill === 1 ? 0 : 0xff;
      }
      return copy;
    }
    case 3: {
      // cut short, plus a flip
      const cut = copy.subarray(0, body(copy.length));
      cut[body(cut.length)] ^= 1 + randInt(255);
      return Buffer.from(cut);
    }
    default: {
      // the signature, then random garbage
      const garbage = Buffer.alloc(randInt(4096));
      for (let k = 0; k < garbage.length; k++) garbage[k] = randInt(256);
      return Buffer.concat([copy.subarray(0, 8), garbage]);
    }
  }
}

function exercise(f: File, writable: boolean): void {
  for (const node of f.walkNodes('/')) {
    String(node);
    void node.title;
    for (const key of node.attrs.keys()) node.attrs.get(key);
    if (node instanceof H5Array) {
      void node.shape;
      void node.dtype;
      node.read();
      if (node.nrows > 0 && node.ndim > 0) node.read(0, 1);
    }
  }
  String(f);
  if (writable) {
    f.createArray(f.root, 'fuzz_added', Int32Array.of(1, 2, 3));
    f.setNodeAttr(f.root, 'fuzz', 'yes');
    f.getFileImage();
  }
}

function main(): void {
  const [imagePath, seedArg, countArg] = process.argv.slice(2);
  const image = fs.readFileSync(imagePath);
  const rand = prng(Number(seedArg));
  const count = Number(countArg);
  const before = new Set(fs.readdirSync('.'));
  const s: Summary = { total: 0, opened: 0, fullyRead: 0, errors: {}, bad: [], samples: [], created: [] };

  for (let i = 0; i < count; i++) {
    const mutated = mutate(image, rand, i);
    if (process.env.FUZZ_ONLY !== undefined && Number(process.env.FUZZ_ONLY) !== i) continue;
    const writable = i % 2 === 1;
    const trace = process.env.FUZZ_TRACE_DIR;
    if (trace) {
      fs.writeFileSync(`${trace}/case.txt`, `${i} ${writable ? 'a' : 'r'}\n`);
      fs.writeFileSync(`${trace}/case.bin`, mutated);
    }
    s.total++;
    let f: File | undefined;
    try {
      f = openFile('fuzz.h5', writable ? 'a' : 'r', {
        driver: 'H5FD_CORE',
        driverCoreBackingStore: false,
        driverCoreImage: mutated,
      });
      s.opened++;
      exercise(f, writable);
      s.fullyRead++;
    } catch (err) {
      if (!(err instanceof Error)) {
        s.bad.push(`#${i}: threw a non-Error: ${String(err)}`);
      } else if (!err.message) {
        s.bad.push(`#${i}: ${err.constructor.name} without a message`);
      } else {
        const name = err.constructor.name;
        s.errors[name] = (s.errors[name] ?? 0) + 1;
        if (s.samples.length < 12 && !s.samples.includes(err.message)) s.samples.push(err.message);
      }
    } finally {
      try {
        f?.close();
      } catch (err) {
        if (!(err instanceof Error)) s.bad.push(`#${i}: close threw a non-Error: ${String(err)}`);
      }
    }
  }
  s.created = fs.readdirSync('.').filter((n) => !before.has(n));
  process.stdout.write(`${JSON.stringify(s)}\n`);
}

main();
