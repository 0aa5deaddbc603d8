'use strict';
// Every way of opening a file that the fuzzer and the reproducer test exercise. Each way
// opens the file at `file` (a path on disk; images are read from it) and says whether the
// probes then run in their Promise forms and whether the file is writable.
const fs = require('node:fs');

const CORE = 'H5FD_CORE';
// Images are opened without a backing store: an image opened 'a' must never reach the disk.
const image = (file, extra) => ({ driver: CORE, driverCoreBackingStore: false, driverCoreImage: fs.readFileSync(file), ...extra });
// The name HDF5 sees for an image: in the case's own directory, never an existing file.
const imageName = (file) => `${file}.image`;

/** @type {Record<string, { async: boolean, writable: boolean, open: (h5: any, file: string) => any }>} */
const WAYS = {
  'sec2-r': { async: false, writable: false, open: (h5, f) => h5.openFile(f, 'r') },
  'sec2-a': { async: false, writable: true, open: (h5, f) => h5.openFile(f, 'a') },
  'stdio-r': { async: false, writable: false, open: (h5, f) => h5.openFile(f, 'r', { driver: 'H5FD_STDIO' }) },
  'core-r': { async: false, writable: false, open: (h5, f) => h5.openFile(f, 'r', { driver: CORE }) },
  'core-a': { async: false, writable: true, open: (h5, f) => h5.openFile(f, 'a', { driver: CORE }) },
  'core-nobs-a': {
    async: false, writable: true, open: (h5, f) => h5.openFile(f, 'a', { driver: CORE, driverCoreBackingStore: false }),
  },
  'img-r': { async: false, writable: false, open: (h5, f) => h5.openFile(imageName(f), 'r', image(f)) },
  'img-a': { async: false, writable: true, open: (h5, f) => h5.openFile(imageName(f), 'a', image(f)) },
  'img-nocopy': {
    async: false, writable: false, open: (h5, f) => h5.openFile(imageName(f), 'r', image(f, { driverCoreImageNoCopy: true })),
  },
  'async-sec2': { async: true, writable: false, open: (h5, f) => h5.openFileAsync(f, 'r') },
  'async-sec2-a': { async: true, writable: true, open: (h5, f) => h5.openFileAsync(f, 'a') },
  'async-img': { async: true, writable: false, open: (h5, f) => h5.openFileAsync(imageName(f), 'r', image(f)) },
  'async-img-nocopy': {
    async: true, writable: false,
    open: (h5, f) => h5.openFileAsync(imageName(f), 'r', image(f, { driverCoreImageNoCopy: true })),
  },
};

module.exports = { WAYS, WAY_NAMES: Object.keys(WAYS) };
