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

process.stdout.write(`${written.join('\n')}\n`);
