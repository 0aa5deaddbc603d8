#!/usr/bin/env node
'use strict';
// A short check of one built addon file: it loads, writes a file in memory, takes its
// image and reads it back. Used by .ci/run on the build from source against system HDF5.
//   node scripts/smoke-test.js path/to/h5tables.node
const assert = require('assert');
const path = require('path');

const addon = require(path.resolve(process.argv[2]));
const file = addon.openFile({ name: 'smoke', create: true, driver: 'core', coreBackingStore: false });
const data = Float64Array.from({ length: 1000 }, (_, i) => i * 0.5);
file.createDataset('/x', { dtype: 'float64', shape: [1000], data });
const image = file.takeFileImage();
const again = addon.openFile({
  name: 'smoke2',
  create: false,
  writable: false,
  driver: 'core',
  coreBackingStore: false,
  image,
});
assert.deepStrictEqual(again.readDataset('/x').data, data);
again.close();
console.log(`smoke test passed: ${process.argv[2]} (HDF5 ${addon.hdf5Version})`);
