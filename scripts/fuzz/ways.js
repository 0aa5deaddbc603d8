'use strict';
// Every way of opening a file that the fuzzer and the reproducer test exercise. Each way
// opens the file at `file` (a path on disk; images are read from it) and says whether the
// probes then run in their Promise forms and whether the file is writable.
const fs = require('node:fs');

const CORE = 'H5FD_CORE';
// Images are opened without a backing store: an image opened 'a' must never reach the disk.
const image = (file, extra) => ({
  driver: CORE,
  driverCoreBackingStore: false,
  driverCoreImage: fs.readFileSync(file),
  ...extra,
});
// The name HDF5 sees for an image: in the case's own directory, never an existing file.
const imageName = (file) => `${file}.image`;

/** @type {Record<string, { async: boolean, writable: boolean, open: (h5: any, file: string) => any }>} */
const WAYS = {
  'sec2-r': { async: false, writable: false, open: (h5, f) => h5.openFile(f, 'r') },
  'sec2-a': { async: false, writable: true, open: (h5, f) => h5.openFile(f, 'a') },
  'stdio-r': {
    async: false,
    writable: false,
    open: (h5, f) => h5.openFile(f, 'r', { driver: 'H5FD_STDIO' }),
  },
  'core-r': { async: false, writable: false, open: (h5, f) => h5.openFile(f, 'r', { driver: CORE }) },
  'core-a': { async: false, writable: true, open: (h5, f) => h5.openFile(f, 'a', { driver: CORE }) },
  'core-nobs-a': {
    async: false,
    writable: true,
    open: (h5, f) => h5.openFile(f, 'a', { driver: CORE, driverCoreBackingStore: false }),
  },
  'img-r': { async: false, writable: false, open: (h5, f) => h5.openFile(imageName(f), 'r', image(f)) },
  'img-a': { async: false, writable: true, open: (h5, f) => h5.openFile(imageName(f), 'a', image(f)) },
  'img-nocopy': {
    async: false,
    writable: false,
    open: (h5, f) => h5.openFile(imageName(f), 'r', image(f, { driverCoreImageNoCopy: true })),
  },
  'async-sec2': { async: true, writable: false, open: (h5, f) => h5.openFileAsync(f, 'r') },
  'async-sec2-a': { async: true, writable: true, open: (h5, f) => h5.openFileAsync(f, 'a') },
  'async-img': {
    async: true,
    writable: false,
    open: (h5, f) => h5.openFileAsync(imageName(f), 'r', image(f)),
  },
  'async-img-nocopy': {
    async: true,
    writable: false,
    open: (h5, f) => h5.openFileAsync(imageName(f), 'r', image(f, { driverCoreImageNoCopy: true })),
  },
};

const WAY_NAMES = Object.keys(WAYS);

// Ways that misbehave on purpose, for the harness's own test (test/robustness/fuzz-harness.test.ts):
// each opens the image, makes one native call, then fails in its own way.
if (process.env.H5TABLES_FUZZ_SELFTEST === '1') {
  const then = (fail) => (h5, f) => {
    const file = WAYS['img-r'].open(h5, f);
    file._nat().getKind('/');
    return fail(file, f);
  };
  Object.assign(WAYS, {
    'selftest-abort': { async: false, writable: false, open: then(() => process.abort()) },
    'selftest-exit': { async: false, writable: false, open: then(() => process.exit(3)) },
    'selftest-spin': {
      async: false,
      writable: false,
      open: then(() => {
        for (;;);
      }),
    },
    'selftest-block': {
      async: false,
      writable: false,
      open: then(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)),
    },
    'selftest-memory': {
      async: false,
      writable: false,
      open: then(() => {
        const kept = [];
        for (;;) kept.push(Buffer.alloc(16 << 20, 1));
      }),
    },
    'selftest-stray': {
      async: false,
      writable: false,
      open: then((file, f) => (fs.writeFileSync(`${f}.image`, 'x'), file)),
    },
    'selftest-empty-error': {
      async: false,
      writable: false,
      open: then(() => {
        throw new Error('');
      }),
    },
  });
}

module.exports = { WAYS, WAY_NAMES };
