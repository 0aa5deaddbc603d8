'use strict';
// h5wasm (HDF5 compiled to WebAssembly) in its in-memory filesystem (Emscripten MEMFS):
// files are created in MEMFS, their bytes read out with FS.readFile as the image; an image
// is opened by writing it into MEMFS with FS.writeFile. W5 writes that image to disk.

const fs = require('node:fs');
const path = require('node:path');
const c = require('../common');

async function load() {
  const mod = await import('h5wasm');
  const h5wasm = mod.default || mod;
  const Module = await h5wasm.ready;
  return { h5wasm, Module, FS: Module.FS };
}

// h5wasm's package.json is not in its "exports": find its folder on the resolution paths.
function packageDir(name = 'h5wasm') {
  for (const dir of require.resolve.paths(name) || []) {
    const d = path.join(dir, name);
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
  }
  return null;
}

// W6/W7 need blosc, which h5wasm does not include (it has gzip and szip): its companion
// package h5wasm-plugins ships HDF5 filter plugins built for it. Used when installed, or from
// the folder BENCH_H5WASM_PLUGINS names (it is not a dependency of h5tables).
const BLOSC = 32001;
function bloscPlugin() {
  const dir = process.env.BENCH_H5WASM_PLUGINS || packageDir('h5wasm-plugins');
  const file = dir && path.join(dir, 'plugins', 'libH5Zblosc.so');
  if (!file || !fs.existsSync(file)) return null;
  return { file, version: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version };
}

/** Puts the blosc plugin where h5wasm's HDF5 looks for plugins (its MEMFS); null or why not. */
function installBlosc(Module) {
  const plugin = bloscPlugin();
  if (!plugin)
    return {
      missing:
        'h5wasm has no blosc filter (only gzip and szip are built in): blosc needs the h5wasm-plugins package, not installed here (or BENCH_H5WASM_PLUGINS=its folder)',
    };
  const dir = Module.get_plugin_search_paths()[0];
  Module.FS.mkdirTree(dir);
  Module.FS.writeFile(path.posix.join(dir, 'libH5Zblosc.so'), fs.readFileSync(plugin.file));
  return { version: plugin.version };
}

function versionOf() {
  const dir = packageDir();
  if (!dir) return {};
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  let hdf5 = null;
  try {
    // The wasm module carries its libhdf5's version string; h5wasm has no API for it.
    const js = fs.readFileSync(path.join(dir, 'dist/esm/hdf5_util.js'), 'latin1');
    const m = /HDF5 library version: (\d+\.\d+\.\d+)/.exec(js);
    if (m) hdf5 = m[1];
  } catch {}
  return { h5wasm: pkg.version, hdf5 };
}

async function run(config) {
  let h5wasm, Module, FS;
  try {
    ({ h5wasm, Module, FS } = await load());
  } catch (err) {
    return { peer: 'h5wasm', available: false, error: String(err) };
  }
  const n = config.n;
  const data = c.makeData(n);
  const small = c.makeSmallArrays(config.w3Groups, config.w3Len);
  const starts = c.readStarts(config.startsFile);
  const runs = config.runs;
  let seq = 0;

  // W1 body: a new file in MEMFS, the array, close, its bytes out.
  const createImage = () => {
    const name = `/w1-${seq++}.h5`;
    const f = new h5wasm.File(name, 'w');
    f.create_dataset({ name: 'x', data });
    f.close();
    const image = FS.readFile(name);
    FS.unlink(name);
    return image;
  };
  // Opens an image (written into MEMFS), returns [file, name].
  const openImage = (image) => {
    const name = `/img-${seq++}.h5`;
    FS.writeFile(name, image);
    return [new h5wasm.File(name, 'r'), name];
  };
  const readImage = (image) => {
    const [f, name] = openImage(image);
    const x = f.get('x').value;
    f.close();
    FS.unlink(name);
    return x;
  };
  const checkImage = (image) => c.must(c.checkRamp(readImage(image), n), 'image reopened');

  // W6/W7: blosc from h5wasm-plugins, with PyTables' chunkshape (from h5tables' W6 run) and
  // its blosc parameters (cd_values 4-6: complevel 5, shuffle on, compressor lz4 = 1).
  const chunkedWanted = config.workloads.some((w) => w === 'W6' || w === 'W7');
  const blosc = chunkedWanted ? installBlosc(Module) : null;
  const createChunkedImage = () => {
    const name = `/w6-${seq++}.h5`;
    const f = new h5wasm.File(name, 'w');
    f.create_dataset({
      name: 'x',
      data,
      chunks: config.w6Chunkshape,
      compression: BLOSC,
      compression_opts: [0, 0, 0, 0, c.CHUNKED.complevel, 1, 1],
    });
    f.close();
    const image = FS.readFile(name);
    FS.unlink(name);
    return image;
  };
  const chunkedCheck = (image) => {
    const [f, name] = openImage(image);
    try {
      const x = f.get('x');
      // blosc's cd_values 4-6 as stored: complevel 5, shuffle on, lz4 (compressor 1).
      const cd = (x.filters || []).find((fl) => fl.id === BLOSC)?.cd_values || [];
      c.must(
        cd[4] === c.CHUNKED.complevel && cd[5] === 1 && cd[6] === 1
          ? null
          : `filters ${JSON.stringify(x.filters)}`,
        'W6 image',
      );
      c.must(c.checkRamp(x.value, n), 'W6 image reopened');
      return { imageBytes: image.length, chunkshape: x.metadata.chunks };
    } finally {
      f.close();
      FS.unlink(name);
    }
  };
  const chunkedMissing = () =>
    blosc?.missing
      ? { unavailable: blosc.missing }
      : config.w6Chunkshape
        ? null
        : { unavailable: "no chunkshape from h5tables' W6 run" };

  // W8/W9: h5wasm has no tables and no conditions; its equivalent is a compound dataset
  // written from the columns (a Map, chunked with h5tables' chunkshape, growable), read back
  // whole (h5wasm gives one JS array per row) and filtered by the same condition in JS.
  const tableWanted = config.workloads.some((w) => w === 'W8' || w === 'W9');
  const columns = tableWanted ? c.makeTableData(config.tableRows) : null;
  const writeTable = (f) =>
    f.create_dataset({
      name: 't',
      data: new Map([
        ['a', columns.a],
        ['b', columns.b],
        ['s', columns.s],
      ]),
      dtype: [
        ['a', '<i'],
        ['b', '<d'],
        ['s', 'S8'],
      ],
      chunks: config.tableChunkshape,
      maxshape: [null],
    });
  const queryRows = (ds) => ds.value.filter((r) => r[0] > 250000 && r[1] < 0.5 && r[2] >= 'key50000');
  const checkRows = (rows, what) => {
    let sumA = 0;
    for (const r of rows) sumA += r[0];
    const row = (r) => (r ? { a: r[0], b: r[1], s: r[2] } : null);
    const got = { count: rows.length, sumA, first: row(rows[0]), last: row(rows[rows.length - 1]) };
    c.must(c.checkTableResult(got, config.tableExpect), what);
    return {
      count: got.count,
      chunkshape: config.tableChunkshape,
      query: 'dataset value (rows as arrays) filtered in JS',
    };
  };
  const tableMissing = () =>
    config.tableChunkshape ? null : { unavailable: "no chunkshape from h5tables' W8 run" };

  const results = await c.runWorkloads(config, {
    W1: () => c.measure({ runs, body: createImage, check: checkImage, checkEvery: false }),
    W2: () => {
      const image = createImage();
      return c.measure({ runs, body: () => readImage(image), check: (x) => c.must(c.checkRamp(x, n)) });
    },
    W3: () =>
      c.measure({
        runs,
        checkEvery: false,
        body: () => {
          const name = `/w3-${seq++}.h5`;
          const f = new h5wasm.File(name, 'w');
          for (let i = 0; i < small.length; i++) {
            const g = f.create_group(`g${i}`);
            g.create_dataset({ name: 'a', data: small[i] });
            g.create_attribute('attr', i);
          }
          f.close();
          const image = FS.readFile(name);
          FS.unlink(name);
          return image;
        },
        check: (image) => {
          const [f, name] = openImage(image);
          try {
            const keys = f.keys();
            c.must(keys.length === small.length ? null : `${keys.length} groups`);
            for (const i of [0, 1, 499, small.length - 1]) {
              const g = f.get(`g${i}`);
              c.must(String(g.get('a').value) === String(small[i]) ? null : `g${i}/a`);
              c.must(Number(g.attrs.attr.value) === i ? null : `g${i} attr`);
            }
          } finally {
            f.close();
            FS.unlink(name);
          }
          return { imageBytes: image.length };
        },
      }),
    W4: () => {
      const [f, name] = openImage(createImage());
      const ds = f.get('x');
      const len = config.w4Len;
      const r = c.measure({
        runs,
        body: () => {
          const firsts = new Float64Array(starts.length);
          const lasts = new Float64Array(starts.length);
          for (let i = 0; i < starts.length; i++) {
            const s = ds.slice([[starts[i], starts[i] + len]]);
            firsts[i] = s[0];
            lasts[i] = s[len - 1];
          }
          return { firsts, lasts };
        },
        check: ({ firsts, lasts }) => c.must(c.checkSlices(firsts, lasts, starts, len)),
      });
      return r.finally(() => {
        f.close();
        FS.unlink(name);
      });
    },
    W5: () => {
      // h5wasm has no CORE driver: the MEMFS file's bytes are written to disk.
      const file = path.join(config.tmpDir, 'h5wasm-w5.h5');
      return c.measure({
        runs,
        setup: () => fs.rmSync(file, { force: true }),
        body: () => {
          const image = createImage();
          fs.writeFileSync(file, image);
          return image;
        },
        checkEvery: false,
        check: (image) => {
          checkImage(image);
          c.must(
            fs.readFileSync(file).equals(Buffer.from(image.buffer, image.byteOffset, image.length))
              ? null
              : 'file on disk',
          );
        },
      });
    },
    W6: () =>
      chunkedMissing() ??
      c.measure({ runs, body: createChunkedImage, check: chunkedCheck, checkEvery: false }),
    W7: () => {
      const missing = chunkedMissing();
      if (missing) return missing;
      const image = createChunkedImage();
      const detail = chunkedCheck(image);
      return c
        .measure({ runs, body: () => readImage(image), check: (x) => c.must(c.checkRamp(x, n)) })
        .then((r) => ({ ...r, detail }));
    },
    W8: () => {
      const missing = tableMissing();
      if (missing) return missing;
      const phases = { build: [], query: [] };
      return c
        .measure({
          runs,
          body: () => {
            const t0 = c.performance.now();
            const name = `/w8-${seq++}.h5`;
            const f = new h5wasm.File(name, 'w');
            const ds = writeTable(f);
            const t1 = c.performance.now();
            const rows = queryRows(ds);
            f.close();
            FS.unlink(name);
            phases.build.push(t1 - t0);
            phases.query.push(c.performance.now() - t1);
            return rows;
          },
          check: (rows) => checkRows(rows, 'W8 query'),
        })
        .then((r) => ({ ...r, detail: { ...r.detail, ...c.phaseMedians(phases) } }));
    },
    W9: () => {
      const missing = tableMissing();
      if (missing) return missing;
      const made = `/w9-${seq++}.h5`;
      const w = new h5wasm.File(made, 'w');
      writeTable(w);
      w.close();
      const image = FS.readFile(made);
      FS.unlink(made);
      const [f, name] = openImage(image);
      const ds = f.get('t');
      return c
        .measure({ runs, body: () => queryRows(ds), check: (rows) => checkRows(rows, 'W9 query') })
        .finally(() => {
          f.close();
          FS.unlink(name);
        });
    },
  });
  // Cross-check: h5tables' W1 image (written by run.js's earlier h5tables child), read by
  // another HDF5 build, so h5tables' writer and reader cannot agree on a wrong format.
  const notes = {};
  if (config.crossCheck && fs.existsSync(config.crossCheck)) {
    try {
      checkImage(fs.readFileSync(config.crossCheck));
      notes.crossCheck = "h5tables' W1 image read back by h5wasm: equal";
    } catch (err) {
      notes.crossCheck = `h5tables' W1 image read back by h5wasm: FAILED ${err.message}`;
    }
  }
  if (chunkedWanted && blosc?.version) {
    notes.chunked = `create_dataset({ data, chunks, compression: ${BLOSC}, compression_opts }), blosc from h5wasm-plugins ${blosc.version}`;
  }
  if (tableWanted) {
    notes.table =
      "create_dataset({ data: Map of the columns, dtype: [['a', '<i'], ['b', '<d'], ['s', 'S8']], chunks, maxshape }), then .value filtered in JS";
  }
  return { peer: 'h5wasm', available: true, versions: versionOf(), notes, results };
}

module.exports = { run };
c.peerMain(module, 'h5wasm');
