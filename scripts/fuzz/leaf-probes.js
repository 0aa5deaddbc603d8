'use strict';
// What a reader does with each kind of leaf, and with compound attributes: its own reads
// (sync, or the Promise forms in the async ways) and, when the file is writable, its own
// writes, each writing back what was just read (a hostile file's own types and values).
// Shared by the fuzzer (probes.js) and the sanitizer corpus (scripts/asan/corpus-case.ts).
//
// run(step, fn): runs one named step, awaiting what fn returns; a thrown Error is recorded
// by the caller and the next step still runs.

const ROWS = 64; // at most this many rows of each iteration: a huge hostile nrows must not stall

function take(iterable, n) {
  const out = [];
  for (const x of iterable) {
    out.push(x);
    if (out.length >= n) break;
  }
  return out;
}

async function takeAsync(iterable, n) {
  const out = [];
  for await (const x of iterable) {
    out.push(x);
    if (out.length >= n) break;
  }
  return out;
}

/** A condition over the first top-level column a condition can name, or undefined. */
function conditionOf(table) {
  const c = table.colpathnames.find((p) => /^[A-Za-z_]\w*$/.test(p));
  return c === undefined ? undefined : `${c} == ${c}`;
}

async function probeTable(t, run, { useAsync, writable }) {
  const p = t.pathname;
  const nrows = (await run(`nrows ${p}`, () => t.nrows)) ?? 0;
  await run(`description ${p}`, () => String(t.description));
  await run(`cols ${p}`, () => String(t.cols));
  const cond = await run(`condition ${p}`, () => conditionOf(t));
  const last = Math.max(0, nrows - 1);
  if (useAsync) {
    await run(`readAsync ${p}`, () => t.readAsync());
    await run(`readAsync ${p} [1::2]`, () => t.readAsync(1, null, 2));
    await run(`iterrowsAsync ${p}`, () => takeAsync(t.iterrowsAsync(), ROWS));
    await run(`readCoordinatesAsync ${p}`, () => t.readCoordinatesAsync([0, last]));
    if (cond) {
      await run(`readWhereAsync ${p}`, () => t.readWhereAsync(cond));
      await run(`whereAsync ${p}`, () => takeAsync(t.whereAsync(cond), ROWS));
      await run(`getWhereListAsync ${p}`, () => t.getWhereListAsync(cond));
    }
  } else {
    await run(`read ${p}`, () => t.read());
    await run(`read ${p} [1::2]`, () => t.read(1, null, 2));
    await run(`iterrows ${p}`, () => take(t.iterrows(), ROWS));
    await run(`iterate ${p}`, () => take(t, ROWS));
    await run(`readCoordinates ${p}`, () => t.readCoordinates([0, last]));
    if (cond) {
      await run(`readWhere ${p}`, () => t.readWhere(cond));
      await run(`where ${p}`, () => take(t.where(cond), ROWS));
      await run(`getWhereList ${p}`, () => t.getWhereList(cond));
    }
  }
  for (const name of ((await run(`colnames ${p}`, () => t.colnames)) ?? []).slice(0, 8))
    await run(`col ${p} ${name}`, () => t.col(name));
  if (!writable) return;
  const first = await run(`read ${p} [0:1]`, () => t.read(0, 1));
  if (first === undefined) return;
  if (useAsync) {
    await run(`modifyRowsAsync ${p}`, () => t.modifyRowsAsync(0, 1, 1, first));
    await run(`appendAsync ${p}`, () => t.appendAsync(first));
  } else {
    await run(`modifyRows ${p}`, () => t.modifyRows(0, 1, 1, first));
    await run(`append ${p}`, () => t.append(first));
  }
}

async function probeVLArray(v, run, { useAsync, writable }) {
  const p = v.pathname;
  await run(`atom ${p}`, () => String(v.atom));
  if (useAsync) {
    await run(`readAsync ${p}`, () => v.readAsync());
    await run(`readAsync ${p} [1::2]`, () => v.readAsync(1, null, 2));
    await run(`getAsync ${p} 0`, () => v.getAsync(0));
    await run(`iterrowsAsync ${p}`, () => takeAsync(v.iterrowsAsync(), ROWS));
  } else {
    await run(`read ${p}`, () => v.read());
    await run(`read ${p} [1::2]`, () => v.read(1, null, 2));
    await run(`get ${p} 0`, () => v.get(0));
    await run(`iterate ${p}`, () => take(v, ROWS));
  }
  if (!writable) return;
  const rows = await run(`read ${p} [-1:]`, () => v.read(Math.max(0, v.nrows - 1)));
  if (!rows || rows.length === 0) return;
  if (useAsync) {
    await run(`setAsync ${p} 0`, () => v.setAsync(0, rows[0]));
    await run(`appendAsync ${p}`, () => v.appendAsync(rows[0]));
  } else {
    await run(`set ${p} 0`, () => v.set(0, rows[0]));
    await run(`append ${p}`, () => v.append(rows[0]));
  }
}

async function probeArray(h5, a, run, { useAsync, writable }) {
  const p = a.pathname;
  await run(`shape ${p}`, () => [a.shape, a.dtype]);
  if (useAsync) {
    await run(`readAsync ${p}`, () => a.readAsync());
    if (a.nrows > 1) await run(`readAsync ${p} [1::2]`, () => a.readAsync(1, null, 2));
  } else {
    await run(`read ${p}`, () => a.read());
    if (a.nrows > 1) await run(`read ${p} [1::2]`, () => a.read(1, null, 2));
  }
  if (writable && a instanceof h5.EArray && a.nrows > 0) {
    const row = await run(`read ${p} [0:1]`, () => a.read(0, 1));
    if (row !== undefined)
      await run(`${useAsync ? 'appendAsync' : 'append'} ${p}`, () =>
        useAsync ? a.appendAsync(row) : a.append(row),
      );
  }
}

/** Each leaf class by its own probes; groups, links and UnImplemented have none here. */
async function probeLeaf(h5, node, run, options) {
  if (node instanceof h5.Table) await probeTable(node, run, options);
  else if (node instanceof h5.VLArray) await probeVLArray(node, run, options);
  else if (node instanceof h5.Array) await probeArray(h5, node, run, options);
}

/** A record, or an array of records, as attrs.get returns a compound attribute. */
function isRecords(value) {
  const isRecord = (v) =>
    v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
  return isRecord(value) || (Array.isArray(value) && value.length > 0 && value.every(isRecord));
}

/** A node's attributes read one by one; returns the compound ones, [name, value]. */
async function readAttributes(node, run) {
  const p = node.pathname;
  const keys = (await run(`attrs ${p}`, () => node.attrs.keys())) ?? [];
  const records = [];
  for (const k of keys) {
    const value = await run(`attr ${p} ${k}`, () => node.attrs.get(k));
    if (isRecords(value)) records.push([k, value]);
  }
  return records;
}

/**
 * Compound attributes written back under other names (writeAttributeRecords with the
 * file's own types), and one new record.
 */
async function writeAttributes(node, records, run) {
  const p = node.pathname;
  for (const [k, value] of records.slice(0, 4))
    await run(`attrs.set ${p} ${k}`, () => node.attrs.set(`${k}_fuzz`, value));
  await run(`attrs.set ${p} record`, () =>
    node.attrs.set('fuzz_record', { n: 1, s: 'fuzz', nested: { b: 2n, ok: true } }),
  );
}

module.exports = { probeLeaf, readAttributes, writeAttributes, ROWS };
