// Issue 9's native bugs, checked against PyTables (run as /usr/bin/python3):
// - a string with an embedded NUL ('a\x00b') reads back whole, from attributes and
//   datasets; only trailing NUL padding is dropped (test_attributes.py EmbeddedNullsTestCase);
// - an N-d attribute reads back with its shape (the data flat, in C order);
// - an H5T_ARRAY element type (ex-noattr.h5's /columns/pressure, Float64Atom(shape=(10,)))
//   is described with its atom's shape and reads with it appended to the dataset's shape.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lacks } from '../helpers/interop';
import { PYTHON } from '../helpers/python';
import { native, type NativeFile } from '../../lib/native';

const addon = native();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-i9-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs once, when first asked: a describe block's body runs even where skipIf skips it. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

/** Runs a Python snippet; returns its last stdout line parsed as JSON. */
function python<T>(code: string, ...args: string[]): T {
  const r = spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

function openRead(name: string): NativeFile {
  return addon.openFile({ name, create: false, writable: false, driver: 'sec2' });
}

describe.skipIf(lacks('pytables'))('values PyTables wrote', () => {
  const file = path.join(dir, 'pytables.h5');
  const written = once(() =>
    python<{ shape3: number[] }>(
      `
import sys, json, numpy as np, tables as tb
f = tb.open_file(sys.argv[1], 'w')
a = f.root._v_attrs
a.u = 'a\\x00b'
a.b = b'a\\x00b'
a.padded = np.array(b'ab', dtype='S5')
a.nd = np.arange(6, dtype='int64').reshape(2, 3)
a.nd3 = np.arange(8, dtype='float32').reshape(2, 2, 2)
f.create_array('/', 's', [b'a\\x00b', b'cd', b'\\x00e'])
f.close()
print(json.dumps({'shape3': [2, 2, 2]}))
`,
      file,
    ),
  );
  // PyTables writes the file the tests below read.
  beforeAll(() => void written());

  it('a unicode attribute with a NUL reads back whole', () => {
    const f = openRead(file);
    try {
      expect(f.readAttribute('/', 'u')).toEqual({ dtype: 'string', shape: [], data: ['a\0b'] });
      expect(f.readAttribute('/', 'b')).toEqual({ dtype: 'string', shape: [], data: ['a\0b'] });
    } finally {
      f.close();
    }
  });

  it('only trailing NUL padding is dropped', () => {
    const f = openRead(file);
    try {
      expect(f.readAttribute('/', 'padded').data).toEqual(['ab']);
      // A leading NUL is data too ('\\x00e' in a 3-byte slot).
      expect(f.readDataset('/s')).toEqual({ dtype: 'string', shape: [3], data: ['a\0b', 'cd', '\0e'] });
      expect(f.readDataset('/s', { start: [2], count: [1], step: [1] }).data).toEqual(['\0e']);
    } finally {
      f.close();
    }
  });

  it('N-d attributes carry their shape, with the data flat in C order', () => {
    const f = openRead(file);
    try {
      const nd = f.readAttribute('/', 'nd');
      expect(nd.shape).toEqual([2, 3]);
      expect(nd.data).toEqual(new BigInt64Array([0n, 1n, 2n, 3n, 4n, 5n]));
      const nd3 = f.readAttribute('/', 'nd3');
      expect(nd3).toEqual({
        dtype: 'float32',
        shape: written().shape3,
        data: new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]),
      });
    } finally {
      f.close();
    }
  });
});

describe.skipIf(lacks('pytables'))('values h5tables writes, as PyTables reads them', () => {
  it('strings with NULs stay whole in datasets and attributes', () => {
    const name = path.join(dir, 'ours.h5');
    const f = addon.openFile({ name, create: true, writable: true, driver: 'sec2' });
    f.createDataset('/s', { dtype: 'string', shape: [2], data: ['a\0b', 'x'], charset: 'ascii' });
    f.writeAttribute('/s', 'u', { dtype: 'string', shape: [], data: ['a\0b'] });
    expect(f.readDataset('/s').data).toEqual(['a\0b', 'x']);
    f.close();
    const seen = python<{ data: string[]; attr: string }>(
      `
import sys, json, tables as tb
f = tb.open_file(sys.argv[1])
n = f.get_node('/s')
print(json.dumps({'data': [x.decode('latin-1') for x in n.read()], 'attr': n._v_attrs.u if isinstance(n._v_attrs.u, str) else n._v_attrs.u.decode()}))
`,
      name,
    );
    expect(seen).toEqual({ data: ['a\0b', 'x'], attr: 'a\0b' });
  });
});

const NOATTR = '/usr/lib/python3/dist-packages/tables/tests/ex-noattr.h5';

describe.skipIf(lacks('pytables') || !fs.existsSync(NOATTR))(
  'an H5T_ARRAY element type (PyTables ex-noattr.h5)',
  () => {
    const expected = once(() =>
      python<{ shape: number[]; atom: number[]; data: number[][]; part: number[] }>(
        `
import sys, json, tables as tb
f = tb.open_file(sys.argv[1])
n = f.get_node('/columns/pressure')
print(json.dumps({'shape': [int(d) for d in n.shape], 'atom': [int(d) for d in n.atom.shape], 'data': n.read().tolist(), 'part': [int(d) for d in n.read(0, 1).shape]}))
`,
        NOATTR,
      ),
    );

    it('is described with the dataspace shape and the atom shape', () => {
      const f = openRead(NOATTR);
      try {
        expect(f.getDatasetInfo('/columns/pressure')).toEqual({
          dtype: 'float64',
          shape: expected().shape,
          atomShape: expected().atom,
          itemsize: 80,
          byteorder: 'little',
          chunkshape: null,
          maxshape: expected().shape,
          filters: [],
        });
      } finally {
        f.close();
      }
    });

    it('reads whole, by hyperslab and through a NativeDataset, sync and async, with the atom shape appended', async () => {
      const f = openRead(NOATTR);
      try {
        const whole = f.readDataset('/columns/pressure');
        expect(whole.shape).toEqual([...expected().shape, ...expected().atom]);
        expect(Array.from(whole.data as Float64Array)).toEqual(expected().data.flat());
        const slab = f.readDataset('/columns/pressure', { start: [0], count: [1], step: [1] });
        expect(slab.shape).toEqual(expected().part);
        const dataset = f.openDataset('/columns/pressure');
        expect(await dataset.readAsync()).toEqual(whole);
        expect(dataset.read({ start: [0], count: [0], step: [1] })).toEqual({
          dtype: 'float64',
          shape: [0, 10],
          data: new Float64Array(0),
        });
      } finally {
        f.close();
      }
    });
  },
);
