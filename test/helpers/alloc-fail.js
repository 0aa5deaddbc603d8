// Child of test/native/read-limits.test.ts, run with a limited address space (so plain
// JavaScript: tsx's WebAssembly needs more). Reads a 3 GiB dataset with no read limit
// through the binding, sync then async, and prints what each threw.
'use strict';
const path = require('node:path');
const native = require('node-gyp-build')(path.join(__dirname, '..', '..'));

async function main() {
  const file = native.openFile({
    name: process.argv[2],
    create: false,
    writable: false,
    driver: 'sec2',
    maxReadBytes: Infinity,
  });
  const show = (how, err) => console.log(`${how} ${err.code} ${err.message}`);
  try {
    file.readDataset('/x');
    console.log('sync read');
  } catch (err) {
    show('sync', err);
  }
  try {
    await file.readDatasetAsync('/x');
    console.log('async read');
  } catch (err) {
    show('async', err);
  }
  file.close();
}

void main();
