'use strict';
const { probeLeaf, readAttributes, writeAttributes } = require('./leaf-probes');
// What is done with each opened file: walk every node, list children, read every dataset
// (whole and a slice) and every attribute, print the file, write when it is writable,
// close; each leaf class and compound attributes also by their own reads and writes
// (leaf-probes.js). Every step runs on its own, so one refused part does not hide the rest; each
// must succeed or throw an Error with a message.

// Bounds on the fuzzer's own walk (lib's walkNodes is probed as is: a cycle there is a finding).
const MAX_DEPTH = 64;
const MAX_NODES = 4000;

/** A probe session: runs steps, reporting each before it runs, and records the errors. */
class Session {
  constructor(report) {
    this.report = report;
    this.errors = [];
    this.bad = [];
    this.steps = 0;
  }

  note(step, err) {
    if (err instanceof Error && typeof err.message === 'string' && err.message.trim() !== '') {
      if (this.errors.length < 4)
        this.errors.push({
          step,
          cls: err.constructor.name,
          code: err.code,
          message: err.message.slice(0, 300),
        });
    } else {
      const what =
        err instanceof Error ? `${err.constructor.name} without a message` : `a non-Error: ${String(err)}`;
      this.bad.push(`${step}: threw ${what}`);
    }
  }

  run(step, fn) {
    this.steps++;
    this.report(`step ${step}`);
    try {
      return fn();
    } catch (err) {
      this.note(step, err);
      return undefined;
    }
  }

  async runAsync(step, fn) {
    this.steps++;
    this.report(`step ${step}`);
    try {
      return await fn();
    } catch (err) {
      this.note(step, err);
      return undefined;
    }
  }
}

/** The native file under a File (lib/'s internal accessor), or null once closed. */
function nativeOf(f) {
  try {
    return f._nat();
  } catch {
    return null;
  }
}

/** A slice of a shape: every other row from 1, and the first of every other dimension. */
function sliceOf(shape) {
  if (!shape || shape.length === 0 || shape[0] < 2) return null;
  const rows = shape[0] - 1;
  return {
    start: [1, ...shape.slice(1).map(() => 0)],
    count: [Math.ceil(rows / 2), ...shape.slice(1).map((n) => Math.min(n, 1))],
    step: [2, ...shape.slice(1).map(() => 1)],
  };
}

/** The datasets and groups under '/', found with the fuzzer's own bounded walk. */
function collect(s, f) {
  const groups = ['/'];
  const datasets = [];
  const seen = new Set(['/']);
  for (let i = 0; i < groups.length && seen.size < MAX_NODES; i++) {
    const g = groups[i];
    const nat = nativeOf(f);
    if (!nat) break;
    const children = s.run(`list ${g}`, () => f.listNodes(g).map((n) => n.pathname)) ?? [];
    s.run(`listChildren ${g}`, () => nat.listChildren(g));
    for (const p of children) {
      if (seen.has(p) || p.split('/').length > MAX_DEPTH) continue;
      seen.add(p);
      const kind = s.run(`kind ${p}`, () => nat.getKind(p));
      if (kind === 'group') groups.push(p);
      else if (kind === 'dataset') datasets.push(p);
    }
  }
  return { groups, datasets, all: [...seen] };
}

async function probeAttrs(s, f, p, writable) {
  const node = s.run(`getNode ${p}`, () => f.getNode(p));
  if (!node) return;
  s.run(`str ${p}`, () => String(node));
  const run = (step, fn) => s.runAsync(step, fn);
  const keys = s.run(`attrs ${p}`, () => node.attrs.keys()) ?? [];
  const records = await readAttributes(node, run);
  const nat = nativeOf(f);
  const names = nat ? (s.run(`listAttributes ${p}`, () => nat.listAttributes(p)) ?? []) : [];
  for (const k of names)
    if (!keys.includes(k)) {
      s.run(`readAttribute ${p} ${k}`, () => nat.readAttribute(p, k));
      s.run(`readAttributeRecords ${p} ${k}`, () => nat.readAttributeRecords(p, k));
    }
  if (writable) await writeAttributes(node, records, run);
}

/**
 * The probes, one definition for both kinds of way: in a sync way every call is synchronous;
 * in an async way the Promise forms are used where they exist (reads, image, writes of data,
 * flush, close) and the rest runs as in the sync way. Each step is named by the call it makes.
 */
async function probe(s, h5, f, writable, useAsync) {
  // One step calling target's method, or its Promise form in the async ways.
  const step = (target, method, args, label = '') => {
    const m = useAsync ? `${method}Async` : method;
    return s.runAsync(`${m}${label}`, () => target[m](...args));
  };
  s.run('walkNodes', () => {
    for (const n of f.walkNodes('/')) String(n);
  });
  const { datasets, all } = collect(s, f);
  for (const p of all) await probeAttrs(s, f, p, writable);
  for (const p of datasets) {
    const nat = nativeOf(f);
    if (!nat) break;
    const node = s.run(`getNode ${p}`, () => f.getNode(p));
    const info = s.run(`info ${p}`, () => nat.getDatasetInfo(p));
    if (node) await probeLeaf(h5, node, (label, fn) => s.runAsync(label, fn), { useAsync, writable });
    // The native read each kind of dataset is read with, whole and a slice.
    const read =
      node instanceof h5.Table ? 'readRecords' : node instanceof h5.VLArray ? 'readVlen' : 'readDataset';
    await step(nat, read, [p], ` ${p}`);
    const sel = info && sliceOf(info.shape);
    if (sel) await step(nat, read, [p, sel], ` ${p} slice`);
  }
  s.run('String(file)', () => String(f));
  await step(f, 'getFileImage', []);
  if (writable) {
    s.run('setNodeAttr', () => f.setNodeAttr('/', 'fuzz_attr', 'fuzz'));
    await step(f, 'createArray', ['/', 'fuzz_added', Int32Array.of(1, 2, 3)]);
    await step(f, 'flush', []);
  }
  await step(f, 'close', []);
}

/**
 * Targeted probes: native calls named as TRIAGE names them, [method, ...args], run before
 * the general probes. In the async ways the Promise form is used where there is one.
 * Records in s.calls how each went: { call, ok } or { call, ok: false, message }.
 */
async function probeCalls(s, f, calls, useAsync) {
  s.calls = [];
  for (const [method, ...args] of calls) {
    const nat = nativeOf(f);
    if (!nat) return;
    const m = useAsync && typeof nat[`${method}Async`] === 'function' ? `${method}Async` : method;
    const call = `${m}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
    let ok = true;
    await s.runAsync(`call ${call}`, async () => {
      try {
        return await nat[m](...args);
      } catch (err) {
        ok = false;
        s.calls.push({ call, ok, message: err instanceof Error ? err.message.slice(0, 300) : String(err) });
        throw err;
      }
    });
    if (ok) s.calls.push({ call, ok });
  }
}

module.exports = { Session, probe, probeCalls };
