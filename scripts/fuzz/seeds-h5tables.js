'use strict';
// Seed files written by h5tables itself (the compiled package, dist/).
// usage: node seeds-h5tables.js DIST_DIR OUT_DIR     prints the names it wrote
const path = require('node:path');

const h5 = require(path.resolve(process.argv[2]));
const out = process.argv[3];
const written = [];

function make(name, fill) {
  const f = h5.openFile(path.join(out, name), 'w', { title: `h5tables seed ${name}` });
  try {
    fill(f);
  } finally {
    f.close();
  }
  written.push(name);
}

make('h5tables.h5', (f) => {
  f.root.attrs.set('text', 'ünïcode text');
  f.root.attrs.set('num', 1.5);
  f.root.attrs.set('big', 2n ** 62n);
  f.root.attrs.set('flag', true);
  f.root.attrs.set('u16', Uint16Array.of(1, 2, 3));
  f.root.attrs.set('names', ['a', 'bb', 'ccc']);
  f.root.attrs.set('empty', '');
  f.createArray(
    '/',
    'f64',
    Float64Array.from({ length: 64 }, (_, i) => i / 3),
    'floats',
  );
  f.createArray('/', 'i8', { data: Int8Array.from({ length: 24 }, (_, i) => i - 12), shape: [2, 3, 4] });
  f.createArray('/', 'u64', BigUint64Array.of(1n, 2n ** 64n - 1n));
  f.createArray('/', 'bools', [true, false, true]);
  f.createArray('/', 'strings', ['one', 'two', 'three']);
  f.createArray('/', 'scalar', 7);
  const deep = f.createGroup('/one/two', 'three', { title: 'Deep', createParents: true });
  f.createArray(deep, 'cube', { data: Float32Array.from({ length: 60 }, (_, i) => i), shape: [3, 4, 5] });
  for (let i = 0; i < 12; i++) f.setNodeAttr(deep, `attr${i}`, i % 2 ? `value ${i}` : i * 1.5);
});

make('h5tables_many.h5', (f) => {
  const g = f.createGroup('/', 'many', 'Many children');
  for (let i = 0; i < 60; i++) {
    if (i % 4 === 0) f.createGroup(g, `g${i}`);
    else
      f.createArray(
        g,
        `a${i}`,
        Int32Array.from({ length: i }, (_, k) => k),
      );
  }
});

// Every leaf class with its own types: a Table with strings, a nested compound, an enum,
// complex, float16 and array columns, VLArrays of each atom kind, compound attributes.
make('h5tables_leaves.h5', (f) => {
  const t = f.createTable(
    '/',
    'table',
    {
      id: h5.Int32Col({ pos: 0 }),
      name: h5.StringCol(12, { pos: 1 }),
      color: h5.EnumCol(['red', 'green', 'blue'], 'green', { base: 'uint8', pos: 2 }),
      pos: { x: h5.Float64Col(), y: h5.Float16Col(), deeper: { k: h5.Int64Col(), flag: h5.BoolCol() } },
      vec: h5.Float32Col({ shape: [3] }),
      z: h5.Complex128Col(),
    },
    {
      title: 'leaves',
      chunkshape: [8],
      filters: new h5.Filters({ complevel: 4, complib: 'zlib', shuffle: true }),
    },
  );
  t.append(
    Array.from({ length: 20 }, (_, i) => ({
      id: i,
      name: `név${i}`,
      color: i % 3,
      pos: { x: i / 4, y: i / 8, deeper: { k: BigInt(i) * 2n ** 40n, flag: i % 2 === 0 } },
      vec: Float32Array.of(i, -i, i / 2),
      z: [i, -i],
    })),
  );
  t.attrs.set('record', { n: 1, s: 'text', nested: { b: 2n, ok: true } });
  t.attrs.set('records', [
    { a: 1.5, b: 'x' },
    { a: -2, b: 'yyyy' },
  ]);
  const atoms = ['int8', 'uint16', 'int64', 'float32', 'float64', 'bool', 'vlstring', 'vlunicode'];
  for (const atom of atoms) {
    const v = f.createVLArray('/', `vl_${atom}`, { atom, chunkshape: [4] });
    for (let i = 0; i < 6; i++) {
      if (atom === 'vlstring' || atom === 'vlunicode') v.append(`row ${i} ✓`.repeat(i));
      else if (atom === 'bool') v.append(Array.from({ length: i }, (_, k) => k % 2 === 0));
      else if (atom === 'int64') v.append(BigInt64Array.from({ length: i }, (_, k) => BigInt(k) - 3n));
      else v.append(Array.from({ length: i }, (_, k) => k));
    }
  }
});

process.stdout.write(`${written.join('\n')}\n`);
