// Issue 8, item 1: every native operation is one definition exported as `name` and
// `nameAsync`. Both forms get the same bad inputs (NUL in names, wrong types, out of
// range, a closed file or dataset) and must fail the same way: same class, code, message.
// Argument errors throw in both forms (before anything is queued); errors of the work
// throw (sync) or reject (async).
import { afterEach, describe, expect, it } from 'vitest';

import { native, type NativeDataset, type NativeFile } from '../../lib/native';

type Outcome =
  { ok: true; value: unknown } | { ok: false; name: string; code: unknown; message: string; stack?: unknown };

async function outcome(call: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    const e = err as Error & { code?: unknown; hdf5Stack?: unknown };
    return { ok: false, name: e.constructor.name, code: e.code, message: e.message, stack: e.hdf5Stack };
  }
}

const addon = native();
const f64 = (values: number[]) => ({
  dtype: 'float64' as const,
  shape: [values.length],
  data: new Float64Array(values),
});
let opened: NativeFile[] = [];

function fixture(): NativeFile {
  const file = addon.openFile({
    name: `both-forms-${opened.length}.h5`,
    create: true,
    writable: true,
    driver: 'core',
    coreBackingStore: false,
  });
  opened.push(file);
  file.createGroup('/g');
  file.createDataset('/x', f64([1, 2, 3, 4]), [['a', f64([5])]]);
  return file;
}
afterEach(() => {
  for (const file of opened) file.close();
  opened = [];
});

const NUL = '/a\0b';
const VALUE = f64([1]);
const SELECTION = { start: [0], count: [1], step: [1] };

// Each file operation with good arguments; every variant below breaks one of them.
type Args = unknown[];
const FILE_OPS: Record<
  string,
  { args: Args; strings: number[]; value?: number; selection?: number; attributes?: number }
> = {
  getKind: { args: ['/x'], strings: [0] },
  listChildren: { args: ['/'], strings: [0] },
  createGroup: { args: ['/new', []], strings: [0], attributes: 1 },
  hasLink: { args: ['/x'], strings: [0] },
  deleteLink: { args: ['/x'], strings: [0] },
  moveLink: { args: ['/x', '/y'], strings: [0, 1] },
  copyObject: { args: ['/x', '/y'], strings: [0, 1] },
  createDataset: { args: ['/new', VALUE, []], strings: [0], value: 1, attributes: 2 },
  getDatasetInfo: { args: ['/x'], strings: [0] },
  readDataset: { args: ['/x', SELECTION], strings: [0], selection: 1 },
  openDataset: { args: ['/x'], strings: [0] },
  listAttributes: { args: ['/x'], strings: [0] },
  hasAttribute: { args: ['/x', 'a'], strings: [0, 1] },
  readAttribute: { args: ['/x', 'a'], strings: [0, 1] },
  writeAttribute: { args: ['/x', 'b', VALUE], strings: [0, 1], value: 2 },
  deleteAttribute: { args: ['/x', 'a'], strings: [0, 1] },
  objectIds: { args: ['/', ['x']], strings: [0] },
  writeDataset: { args: ['/x', VALUE, SELECTION], strings: [0], value: 1, selection: 2 },
  setExtent: { args: ['/x', [4]], strings: [0] },
  appendDataset: { args: ['/x', VALUE, 0], strings: [0], value: 1 },
};
const NO_ARG_OPS = ['flush', 'getFileImage', 'takeFileImage', 'close'];

interface Variant {
  label: string;
  args: Args;
  expected: { name: string; code: string; message: RegExp };
}

function variants(op: string): Variant[] {
  const spec = FILE_OPS[op];
  const out: Variant[] = [];
  const swap = (index: number, value: unknown) => spec.args.map((a, i) => (i === index ? value : a));
  for (const index of spec.strings) {
    out.push({
      label: `NUL in argument ${index}`,
      args: swap(index, NUL),
      expected: { name: 'TypeError', code: 'ERR_INVALID_ARG', message: /must not contain NUL characters/ },
    });
    out.push({
      label: `a number as argument ${index}`,
      args: swap(index, 42),
      expected: { name: 'TypeError', code: 'ERR_INVALID_ARG', message: /must be a string/ },
    });
  }
  if (op === 'objectIds') {
    out.push({
      label: 'NUL in a name',
      args: ['/', ['x', 'a\0b']],
      expected: { name: 'TypeError', code: 'ERR_INVALID_ARG', message: /must not contain NUL/ },
    });
    out.push({
      label: 'names not an array',
      args: ['/', 'x'],
      expected: { name: 'TypeError', code: 'ERR_INVALID_ARG', message: /names must be an array of strings/ },
    });
  }
  if (spec.value !== undefined) {
    out.push({
      label: 'value not an object',
      args: swap(spec.value, 42),
      expected: { name: 'TypeError', code: 'ERR_INVALID_ARG', message: /value must be an object/ },
    });
    out.push({
      label: 'unknown dtype',
      args: swap(spec.value, { ...VALUE, dtype: 'float99' }),
      expected: { name: 'TypeError', code: 'ERR_INVALID_ARG', message: /unknown dtype/ },
    });
    out.push({
      label: 'negative shape',
      args: swap(spec.value, { ...VALUE, shape: [-1] }),
      expected: {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG',
        message: /shape must be an array of non-negative integers/,
      },
    });
    out.push({
      label: 'data of the wrong length',
      args: swap(spec.value, { ...VALUE, shape: [3] }),
      expected: { name: 'TypeError', code: 'ERR_INVALID_ARG', message: /data has 1 elements, shape needs 3/ },
    });
  }
  if (spec.attributes !== undefined) {
    out.push({
      label: 'attributes not pairs',
      args: swap(spec.attributes, [['a']]),
      expected: {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG',
        message: /attributes must be an array of \[name, value\] pairs/,
      },
    });
    out.push({
      label: 'an attribute name with NUL',
      args: swap(spec.attributes, [['a\0b', VALUE]]),
      expected: {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG',
        message: /attribute name must be a non-empty string without NUL/,
      },
    });
  }
  if (spec.selection !== undefined) {
    out.push({
      label: 'selection out of range',
      args: swap(spec.selection, { start: [4], count: [1], step: [1] }),
      expected: {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG',
        message: /out of the dataset's extent in dimension 0/,
      },
    });
    out.push({
      label: 'selection of the wrong rank',
      args: swap(spec.selection, { start: [0, 0], count: [1, 1], step: [1, 1] }),
      expected: {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG',
        message: /selection rank 2 does not match dataset rank 1/,
      },
    });
    out.push({
      label: 'step 0',
      args: swap(spec.selection, { start: [0], count: [1], step: [0] }),
      expected: {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG',
        message: /selection.step must be an array of integers >= 1/,
      },
    });
  }
  // HDF5's own error (getKind answers null instead): both forms carry the same stack.
  if (op !== 'objectIds' && op !== 'getKind') {
    out.push({
      label: 'a missing node',
      args: swap(0, '/missing/deep'),
      expected: { name: 'Error', code: 'ERR_HDF5', message: /./ },
    });
  }
  return out;
}

// The form's error, whichever way it arrives; for one without an error, what it returned.
async function both(target: object, op: string, args: Args): Promise<[Outcome, Outcome]> {
  const call = (name: string) => (target as Record<string, (...a: unknown[]) => unknown>)[name](...args);
  return [await outcome(() => call(op)), await outcome(() => call(`${op}Async`))];
}

function expectSameFailure(sync: Outcome, async: Outcome, expected: Variant['expected']): void {
  expect(sync.ok, 'the sync form must fail').toBe(false);
  expect(async).toEqual(sync);
  if (sync.ok) return;
  expect(sync.name).toBe(expected.name);
  expect(sync.code).toBe(expected.code);
  expect(sync.message).toMatch(expected.message);
}

describe('NativeFile: both forms fail alike', () => {
  for (const op of Object.keys(FILE_OPS)) {
    it.each(variants(op).map((v) => [v.label, v] as const))(`${op}: %s`, async (_label, variant) => {
      // Each form on its own fresh file, so a form that wrongly succeeded cannot change
      // what the other sees.
      const [sync] = await both(fixture(), op, variant.args);
      const [, async] = await both(fixture(), op, variant.args);
      expectSameFailure(sync, async, variant.expected);
    });
  }

  it.each([...Object.keys(FILE_OPS), ...NO_ARG_OPS])(
    '%s on a closed file: ERR_CLOSED in both forms (close: nothing)',
    async (op) => {
      const file = fixture();
      file.close();
      const args = FILE_OPS[op]?.args ?? [];
      const [sync, async] = await both(file, op, args);
      if (op === 'close') {
        expect(sync).toEqual({ ok: true, value: undefined });
        expect(async).toEqual(sync);
        return;
      }
      expectSameFailure(sync, async, { name: 'Error', code: 'ERR_CLOSED', message: /^the file is closed$/ });
    },
  );

  it('the NUL bug of createArrayAsync is gone: no /a is created by either form', async () => {
    const file = fixture();
    const [sync, async] = await both(file, 'createDataset', [NUL, VALUE]);
    expectSameFailure(sync, async, {
      name: 'TypeError',
      code: 'ERR_INVALID_ARG',
      message: /path must not contain NUL characters/,
    });
    expect(file.hasLink('/a')).toBe(false);
  });

  it('a node that exists: ERR_EXISTS from both forms of createDataset', async () => {
    const [sync, async] = await both(fixture(), 'createDataset', ['/x', VALUE]);
    expectSameFailure(sync, async, {
      name: 'Error',
      code: 'ERR_EXISTS',
      message: /^a node already exists at \/x$/,
    });
  });

  it('good arguments give equal results in both forms', async () => {
    const file = fixture();
    for (const op of [
      'getKind',
      'listChildren',
      'hasLink',
      'getDatasetInfo',
      'readDataset',
      'listAttributes',
      'hasAttribute',
      'readAttribute',
      'objectIds',
    ]) {
      const [sync, async] = await both(file, op, FILE_OPS[op].args);
      expect(sync.ok, op).toBe(true);
      expect(async, op).toEqual(sync);
    }
  });
});

describe('NativeDataset: both forms fail alike', () => {
  const open = (): NativeDataset => fixture().openDataset('/x');

  it.each([
    ['out of range', { start: [2], count: [3], step: [1] }, /out of the dataset's extent/],
    ['wrong rank', { start: [], count: [], step: [] }, /selection rank 0 does not match dataset rank 1/],
    ['not an object', 'all', /selection must be an object/],
    [
      'fractional start',
      { start: [0.5], count: [1], step: [1] },
      /selection.start must be an array of integers >= 0/,
    ],
  ] as const)('read: %s', async (_label, selection, message) => {
    const [sync, async] = await both(open(), 'read', [selection]);
    expectSameFailure(sync, async, { name: 'TypeError', code: 'ERR_INVALID_ARG', message });
  });

  it.each(['read', 'getInfo'])(
    '%s after the handle is closed, and after its file is closed: ERR_CLOSED',
    async (op) => {
      const dataset = open();
      dataset.close();
      expect(dataset.isOpen()).toBe(false);
      let [sync, async] = await both(dataset, op, []);
      expectSameFailure(sync, async, {
        name: 'Error',
        code: 'ERR_CLOSED',
        message: /^the dataset is closed$/,
      });
      const file = fixture();
      const other = file.openDataset('/x');
      file.close();
      expect(other.isOpen()).toBe(false);
      [sync, async] = await both(other, op, []);
      expectSameFailure(sync, async, { name: 'Error', code: 'ERR_CLOSED', message: /^the file is closed$/ });
    },
  );

  it('close twice is fine in both forms', async () => {
    const dataset = open();
    const [sync, async] = await both(dataset, 'close', []);
    expect(sync).toEqual({ ok: true, value: undefined });
    expect(async).toEqual(sync);
  });
});

describe('the module: both forms fail alike', () => {
  it.each([
    ['options not an object', 42, /open options must be an object/],
    [
      'a NUL in the name',
      { name: 'a\0b', create: true, writable: true, driver: 'core', coreBackingStore: false },
      /name must be a non-empty string without NUL/,
    ],
    [
      'an unknown driver',
      { name: 'x.h5', create: true, writable: true, driver: 'family' },
      /driver must be 'sec2', 'stdio', 'core' or 'source'/,
    ],
    [
      'maxReadBytes out of range',
      {
        name: 'x.h5',
        create: true,
        writable: true,
        driver: 'core',
        coreBackingStore: false,
        maxReadBytes: -1,
      },
      /maxReadBytes must be a non-negative integer/,
    ],
  ] as const)('openFile: %s', async (_label, options, message) => {
    const [sync, async] = await both(addon, 'openFile', [options]);
    expectSameFailure(sync, async, { name: 'TypeError', code: 'ERR_INVALID_ARG', message });
  });

  it('openFile of a missing file: the same HDF5 error', async () => {
    const options = { name: '/nonexistent/dir/x.h5', create: false, writable: false, driver: 'sec2' };
    const [sync, async] = await both(addon, 'openFile', [options]);
    expectSameFailure(sync, async, { name: 'Error', code: 'ERR_HDF5', message: /H5Fopen failed/ });
  });

  it.each([[42], ['a\0b'], ['/nonexistent.h5']])('isHDF5File(%j): false in both forms', async (name) => {
    const [sync, async] = await both(addon, 'isHDF5File', [name]);
    expect(sync).toEqual({ ok: true, value: false });
    expect(async).toEqual(sync);
  });
});
