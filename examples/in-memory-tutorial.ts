// PyTables' tutorial "In-memory HDF5 files", step by step, with h5tables.
// Run it with `npm run example`. It works in a temporary folder and removes it at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFile } from 'h5tables';

const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-tutorial-'));
process.chdir(workdir);
const onDisk = (name: string) =>
  fs.existsSync(name) ? `${fs.statSync(name).size} bytes on disk` : 'not on disk';
const step = (title: string) => console.log(`\n== ${title}`);

try {
  // A file on disk to start from.
  const sample = openFile('sample.h5', 'w', { title: 'Sample' });
  sample.createArray(sample.root, 'data', new Float64Array([1, 2, 3, 4]), 'Some data');
  sample.close();

  step('1. Load an existing file into memory (CORE driver)');
  let f = openFile('sample.h5', 'r', { driver: 'H5FD_CORE' });
  fs.unlinkSync('sample.h5'); // the file is in memory now: reads no longer need the disk
  console.log(String(f.root.data), '->', Array.from(f.root.data.read().data as Float64Array));
  f.close();

  step('2. A new in-memory file, saved to disk at close (the backing store is on by default)');
  f = openFile('new_sample.h5', 'w', { driver: 'H5FD_CORE' });
  f.createArray(f.root, 'array', { data: new Float64Array(300 * 300), shape: [300, 300] });
  f.close();
  console.log('new_sample.h5:', onDisk('new_sample.h5'));

  step('3. Without a backing store nothing is ever written to disk');
  fs.unlinkSync('new_sample.h5');
  f = openFile('new_sample.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
  f.createArray(f.root, 'array', { data: new Float64Array(300 * 300), shape: [300, 300] });
  f.close();
  console.log('new_sample.h5:', onDisk('new_sample.h5'));

  step('4. Take the file image: the whole HDF5 file as a Buffer');
  f = openFile('new_sample', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false });
  f.createArray(
    f.root,
    'new_array',
    Float64Array.from({ length: 20 }, (_, i) => i),
    'New array',
  );
  console.log(String(f.root.new_array));
  const image = f.getFileImage(); // flushes first, so the image is complete
  f.close();
  console.log(`image: ${image.length} bytes, starts with ${JSON.stringify(image.subarray(1, 4).toString())}`);

  step('5. Open the image as a file, with no disk involved');
  const before = Buffer.from(image);
  f = openFile('in-memory-sample.h5', 'r+', {
    driver: 'H5FD_CORE',
    driverCoreImage: image,
    driverCoreBackingStore: false,
  });
  console.log(String(f.root.new_array));
  f.setNodeAttr(f.root, 'description', 'In memory file example');
  console.log('description =', f.getNodeAttr(f.root, 'description'));
  console.log(String(f));
  f.close();
  console.log('in-memory-sample.h5:', onDisk('in-memory-sample.h5'));
  console.log('the image Buffer is', image.equals(before) ? 'unchanged' : 'CHANGED');
} finally {
  process.chdir(os.tmpdir());
  fs.rmSync(workdir, { recursive: true, force: true });
}
