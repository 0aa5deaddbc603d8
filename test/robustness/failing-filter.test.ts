// A filter that cannot encode (a crafted pipeline: blosc with compressor code 99) fails
// only when HDF5 flushes its chunk cache, after the write itself returned. Before
// patches/hdf5/0006 the failed dataset close left the ID of a freed dataset behind and the
// file's close segfaulted; now flush() and close() report the codec's error, the file
// closes, and it reopens with what HDF5 could write.
import { describe, expect, it } from 'vitest';

import { useTmpDir } from '../helpers/tmp';
import { native, type NativeFile, type NativeWriteValue } from '../../lib/native';

const addon = native();
const tmp = useTmpDir();
const CODEC_ERROR = /blosc: unknown compressor code/;

/** A file holding /x: float64, empty, unlimited, chunks of 10, through blosc with code 99. */
function craftedFile(name: string): { path: string; file: NativeFile } {
  const path = tmp.path(name);
  const file = addon.openFile({ name: path, create: true, writable: true, driver: 'sec2' });
  file.createDataset('/x', { dtype: 'float64', shape: [0], data: new Float64Array(0) }, [], {
    chunkshape: [10],
    maxshape: [null],
    filters: [{ id: 32001, cdValues: [0, 0, 0, 0, 5, 1, 99] }],
  });
  return { path, file };
}

const rows = (n: number): NativeWriteValue => ({
  dtype: 'float64',
  shape: [n],
  data: new Float64Array(n).fill(1),
});

function reopened(path: string): { shape: number[]; data: Float64Array } {
  const file = addon.openFile({ name: path, create: false, writable: false, driver: 'sec2' });
  try {
    const { shape } = file.getDatasetInfo('/x');
    return { shape, data: file.readDataset('/x').data as Float64Array };
  } finally {
    file.close();
  }
}

describe('a filter that fails on a cached chunk', () => {
  it('makes flush() and close() fail with the codec error, and the file still closes', () => {
    const { path, file } = craftedFile('sync.h5');
    expect(file.appendDataset('/x', rows(25), 0)).toEqual([25]);
    expect(() => file.flush()).toThrow(CODEC_ERROR);
    expect(() => file.close()).toThrow(CODEC_ERROR);
    expect(file.isOpen()).toBe(false);
    expect(() => file.close()).not.toThrow(); // closed once
    // The extent reached the file; the chunks HDF5 could not encode did not.
    expect(reopened(path)).toEqual({ shape: [25], data: new Float64Array(25) });
  });

  it('is reported by close() alone when nothing flushed before it', () => {
    const { path, file } = craftedFile('close.h5');
    file.setExtent('/x', [10]);
    file.writeDataset('/x', rows(10));
    expect(() => file.close()).toThrow(CODEC_ERROR);
    expect(file.isOpen()).toBe(false);
    expect(reopened(path).shape).toEqual([10]);
  });

  it('in the Promise forms too', async () => {
    const { path, file } = craftedFile('async.h5');
    await expect(file.appendDatasetAsync('/x', rows(5), 0)).resolves.toEqual([5]);
    await expect(file.flushAsync()).rejects.toThrow(CODEC_ERROR);
    await expect(file.closeAsync()).rejects.toThrow(CODEC_ERROR);
    expect(file.isOpen()).toBe(false);
    expect(reopened(path).shape).toEqual([5]);
  });

  it('an open dataset handle of that file is closed with it', () => {
    const { file } = craftedFile('handle.h5');
    const handle = file.openDataset('/x');
    file.appendDataset('/x', rows(3), 0);
    expect(() => file.close()).toThrow(CODEC_ERROR);
    expect(handle.isOpen()).toBe(false);
    expect(() => handle.read()).toThrow(expect.objectContaining({ code: 'ERR_CLOSED' }));
  });
});
