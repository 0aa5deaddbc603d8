'use strict';
// h5tables through its public API (the compiled dist/, as users get it).
// Uses file.takeFileImage() and the driverCoreImageNoCopy open option when this build has
// them, and falls back to getFileImage() + close() and a copying open otherwise; the
// result says which paths ran.

const fs = require('node:fs');
const path = require('node:path');
const c = require('../common');
const { makeLimits } = require('../limits');

const DIST = path.join(__dirname, '..', '..', 'dist');

/** Whether the compiled API declares an option (the open options are plain objects). */
function declares(word) {
  try {
    return fs
      .readdirSync(DIST)
      .some((f) => f.endsWith('.d.ts') && fs.readFileSync(path.join(DIST, f), 'utf8').includes(word));
  } catch {
    return false;
  }
}

async function run(config) {
  let h5;
  try {
    h5 = require(DIST);
  } catch (err) {
    return { peer: 'h5tables', available: false, error: String(err) };
  }
  const { openFile, Filters } = h5;
  const hasTake = typeof h5.File.prototype.takeFileImage === 'function';
  const hasNoCopy = declares('driverCoreImageNoCopy');
  const n = config.n;
  const data = c.makeData(n);
  const small = c.makeSmallArrays(config.w3Groups, config.w3Len);
  const starts = c.readStarts(config.startsFile);
  const runs = config.runs;
  // The memcpy limit again, interleaved with this peer's runs (refTimes: paired ratios).
  const limits = makeLimits(config, data, 'h5tables-ref');

  const memory = { driver: 'H5FD_CORE', driverCoreBackingStore: false };
  const imageOf = (f) => {
    if (hasTake) return f.takeFileImage();
    const image = f.getFileImage();
    f.close();
    return image;
  };
  const openImage = (image, noCopy = hasNoCopy) =>
    openFile('image.h5', 'r', {
      ...memory,
      driverCoreImage: image,
      ...(noCopy ? { driverCoreImageNoCopy: true } : {}),
    });
  const createImage = (options = memory, name = 'w1.h5') => {
    const f = openFile(name, 'w', options);
    f.createArray('/', 'x', data);
    return imageOf(f);
  };
  const readAll = (image, noCopy) => {
    const f = openImage(image, noCopy);
    const x = f.root.x.read().data;
    f.close();
    return x;
  };
  // Checks an image by reading it back through the copying open (independent of no-copy).
  const checkImage = (image) => c.must(c.checkRamp(readAll(image, false), n), 'image reopened');

  // W6/W7: the way a user writes a compressed array in one call: createCArray with `obj`
  // (atom, shape and PyTables' chunkshape derived from it), then the image.
  const hasCArray = typeof h5.File.prototype.createCArray === 'function' && typeof Filters === 'function';
  const createChunkedImage = () => {
    const f = openFile('w6.h5', 'w', memory);
    f.createCArray('/', 'x', { obj: data, filters: new Filters(c.CHUNKED) });
    return imageOf(f);
  };
  // The reopened image's layout: a CArray with the filters asked for (not silently contiguous).
  const chunkedLayout = (image) => {
    const f = openImage(image, false);
    try {
      const x = f.root.x;
      const filters = x.filters;
      c.must(x instanceof h5.CArray ? null : `class ${x.constructor.name}`, 'W6 image');
      c.must(
        filters.complib === c.CHUNKED.complib && filters.complevel === c.CHUNKED.complevel && filters.shuffle
          ? null
          : `filters ${String(filters)}`,
        'W6 image',
      );
      c.must(c.checkRamp(x.read().data, n), 'W6 image reopened');
      return { imageBytes: image.length, chunkshape: x.chunkshape, filters: String(filters) };
    } finally {
      f.close();
    }
  };
  const noCArray = { unavailable: 'this build of h5tables has no createCArray/Filters' };

  // W8/W9: a table appended from columns (TypedArrays and a string[]), queried with readWhere.
  const hasTable =
    typeof h5.File.prototype.createTable === 'function' &&
    typeof h5.Table?.prototype.readWhere === 'function';
  const noTable = { unavailable: 'this build of h5tables has no createTable/readWhere' };
  const tableRows = config.tableRows;
  const tableWanted = config.workloads.some((w) => w === 'W8' || w === 'W9');
  const columns = hasTable && tableWanted ? c.makeTableData(tableRows) : null;
  const buildTable = (f) => {
    const description = {
      a: h5.Int32Col({ pos: 0 }),
      b: h5.Float64Col({ pos: 1 }),
      s: h5.StringCol(8, { pos: 2 }),
    };
    const t = f.createTable('/', 't', description, { expectedrows: tableRows });
    t.append(columns);
    return t;
  };
  const query = (t) => t.readWhere(config.tableExpect.query);
  const tableImage = () => {
    const f = openFile('w8.h5', 'w', memory);
    buildTable(f);
    return imageOf(f);
  };
  // The matching rows (read()'s columns) as common.checkTableResult compares them.
  const summary = (rows) => {
    const { a, b, s } = rows;
    let sumA = 0;
    for (let i = 0; i < a.length; i++) sumA += a[i];
    const row = (i) => (i < 0 || i >= a.length ? null : { a: a[i], b: b[i], s: String(s[i]) });
    return { count: a.length, sumA, first: row(0), last: row(a.length - 1) };
  };
  const checkRows = (rows, what) => {
    const got = summary(rows);
    c.must(c.checkTableResult(got, config.tableExpect), what);
    return got;
  };

  const results = await c.runWorkloads(config, {
    // W1's check reopens the image (80 MB more of fresh memory): warm-up and last run only.
    W1: () =>
      c.measure({
        runs,
        body: () => createImage(),
        check: checkImage,
        checkEvery: false,
        reference: limits.W1,
      }),
    // A no-copy open takes the image (the caller's Buffer is detached), so each run opens
    // a new one: W1's image, made untimed.
    W2: () => {
      const image = createImage();
      return c.measure({
        runs,
        setup: () => (hasNoCopy ? createImage() : image),
        body: (fresh) => readAll(fresh),
        check: (x) => c.must(c.checkRamp(x, n)),
        reference: limits.W2,
      });
    },
    W3: () =>
      c.measure({
        runs,
        checkEvery: false,
        body: () => {
          const f = openFile('w3.h5', 'w', memory);
          for (let i = 0; i < small.length; i++) {
            const g = f.createGroup('/', `g${i}`);
            f.createArray(g, 'a', small[i]);
            f.setNodeAttr(g, 'attr', i);
          }
          return imageOf(f);
        },
        check: (image) => {
          const f = openImage(image, false);
          try {
            const names = f.listNodes('/').map((node) => node.name);
            c.must(names.length === small.length ? null : `${names.length} groups`);
            for (const i of [0, 1, 499, small.length - 1]) {
              const a = f.getNode(`/g${i}/a`).read().data;
              c.must(String(a) === String(small[i]) ? null : `g${i}/a is ${a}`);
              c.must(f.getNodeAttr(`/g${i}`, 'attr') === i ? null : `g${i} attr`);
              // The same system attributes PyTables writes.
              c.must(
                f.getNodeAttr(`/g${i}`, 'CLASS') === 'GROUP' && f.getNodeAttr(`/g${i}/a`, 'CLASS') === 'ARRAY'
                  ? null
                  : 'CLASS',
              );
            }
          } finally {
            f.close();
          }
          return { imageBytes: image.length };
        },
      }),
    W4: () => {
      const f = openImage(createImage());
      const x = f.getNode('/x');
      const len = config.w4Len;
      return c
        .measure({
          runs,
          body: () => {
            const firsts = new Float64Array(starts.length);
            const lasts = new Float64Array(starts.length);
            for (let i = 0; i < starts.length; i++) {
              const s = x.read(starts[i], starts[i] + len).data;
              firsts[i] = s[0];
              lasts[i] = s[len - 1];
            }
            return { firsts, lasts };
          },
          check: ({ firsts, lasts }) => c.must(c.checkSlices(firsts, lasts, starts, len)),
          reference: limits.W4,
        })
        .finally(() => f.close());
    },
    W5: () => {
      const file = path.join(config.tmpDir, 'h5tables-w5.h5');
      return c.measure({
        runs,
        setup: () => fs.rmSync(file, { force: true }),
        body: () => createImage({ driver: 'H5FD_CORE', driverCoreBackingStore: true }, file),
        checkEvery: false,
        reference: limits.W5,
        check: (image) => {
          checkImage(image);
          const f = openFile(file, 'r');
          try {
            c.must(c.checkRamp(f.root.x.read().data, n), 'file on disk');
          } finally {
            f.close();
          }
        },
      });
    },
    // The check reopens and reads the whole image: warm-up and last run only, as W1.
    W6: () =>
      hasCArray
        ? c.measure({
            runs,
            body: createChunkedImage,
            check: chunkedLayout,
            checkEvery: false,
            reference: limits.W6,
          })
        : noCArray,
    W7: () => {
      if (!hasCArray) return noCArray;
      const image = createChunkedImage();
      const detail = chunkedLayout(image);
      return c
        .measure({
          runs,
          // Taken by each no-copy open, as in W2: a fresh copy (1.1 MB) per run, untimed.
          setup: () => (hasNoCopy ? Buffer.from(image) : image),
          body: (fresh) => readAll(fresh),
          check: (x) => c.must(c.checkRamp(x, n)),
          reference: limits.W7,
        })
        .then((r) => ({ ...r, detail }));
    },
    W8: () => {
      if (!hasTable) return noTable;
      // The two phases' times inside each timed run (the first, the warm-up's, dropped).
      const phases = { build: [], query: [] };
      return c
        .measure({
          runs,
          body: () => {
            const t0 = c.performance.now();
            const f = openFile('w8.h5', 'w', memory);
            const t = buildTable(f);
            const t1 = c.performance.now();
            const out = { rows: query(t), nrows: t.nrows, chunkshape: t.chunkshape };
            f.close();
            phases.build.push(t1 - t0);
            phases.query.push(c.performance.now() - t1);
            return out;
          },
          check: ({ rows, nrows, chunkshape }) => {
            c.must(nrows === tableRows ? null : `nrows ${nrows}`, 'W8');
            const got = checkRows(rows, 'W8 query');
            return { count: got.count, chunkshape, query: 'readWhere' };
          },
          reference: limits.W8,
        })
        .then((r) => ({ ...r, detail: { ...r.detail, ...c.phaseMedians(phases) } }));
    },
    W9: () => {
      if (!hasTable) return noTable;
      const f = openImage(tableImage());
      const t = f.root.t;
      return c
        .measure({
          runs,
          body: () => query(t),
          check: (rows) => checkRows(rows, 'W9 query'),
          reference: limits.W9,
        })
        .finally(() => f.close());
    },
  });

  // W6's image for the cross-check by PyTables (run.js passes its path to the PyTables
  // child), and PyTables' W6 image, when run.js has one, read here (untimed).
  const notes = {};
  if (config.workloads.includes('W6') && config.tmpDir && hasCArray) {
    fs.writeFileSync(path.join(config.tmpDir, 'h5tables-w6.h5'), createChunkedImage());
  }
  if (config.workloads.includes('W8') && config.tmpDir && hasTable) {
    fs.writeFileSync(path.join(config.tmpDir, 'h5tables-w8.h5'), tableImage());
  }
  if (config.tableCrossCheck && fs.existsSync(config.tableCrossCheck) && hasTable) {
    try {
      const f = openImage(fs.readFileSync(config.tableCrossCheck), false);
      try {
        const t = f.root.t;
        c.must(t instanceof h5.Table && t.nrows === tableRows ? null : String(t), "PyTables' W8 table");
        const got = checkRows(query(t), "PyTables' W8 table");
        notes.tableCrossCheck = `PyTables' W8 table queried by h5tables: ${got.count} rows, equal`;
      } finally {
        f.close();
      }
    } catch (err) {
      notes.tableCrossCheck = `PyTables' W8 table queried by h5tables: FAILED ${err.message}`;
    }
  }
  if (config.crossCheck && fs.existsSync(config.crossCheck)) {
    try {
      const d = chunkedLayout(fs.readFileSync(config.crossCheck));
      notes.crossCheck = `PyTables' W6 image read back by h5tables: equal (CArray, ${d.filters}, chunkshape [${d.chunkshape}])`;
    } catch (err) {
      notes.crossCheck = `PyTables' W6 image read back by h5tables: FAILED ${err.message}`;
    }
  }

  // Keep the last W1 image for run.js's cross-check with another HDF5 (h5wasm).
  if (config.workloads.includes('W1') && config.tmpDir) {
    fs.writeFileSync(path.join(config.tmpDir, 'h5tables-w1.h5'), createImage());
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  return {
    peer: 'h5tables',
    available: true,
    versions: { h5tables: pkg.version, hdf5: typeof h5.hdf5Version === 'function' ? h5.hdf5Version() : null },
    notes: {
      image: hasTake ? 'takeFileImage()' : 'getFileImage() + close()',
      open: hasNoCopy ? 'driverCoreImageNoCopy' : 'copying open',
      ...(config.workloads.some((w) => w === 'W6' || w === 'W7')
        ? { chunked: "createCArray('/', 'x', { obj, filters }) (atom, shape and chunkshape from obj)" }
        : {}),
      ...(tableWanted
        ? {
            table:
              "createTable('/', 't', { a: Int32Col(), b: Float64Col(), s: StringCol(8) }, { expectedrows }), append({ a, b, s }), readWhere(query)",
          }
        : {}),
      ...notes,
    },
    results,
  };
}

module.exports = { run };
c.peerMain(module, 'h5tables');
