'use strict';
// Runs cases in child processes (child.js), a few at a time, re-using each child for many
// cases. A child reports each case and each native call before it runs (see child.js),
// so a crash or a hang is pinned on the exact case and call even in a re-used child.
//
// A case is a hang when its child spends more than `stallCpuMs` of CPU time without
// reporting a step or a call (an endless loop inside one call), more than `cpuMs` of CPU
// time on the whole case (an endless walk), or `timeoutMs` of wall time without progress
// (blocked). CPU time, not wall time, so a loaded machine does not make hangs of slow
// cases. It is 'memory' when the child's RSS passes `rssMb`. Either way the child is
// killed and replaced.
//
// Result of a case: { id, kind, ... } where kind is
//   'read' | 'error'                      fine: everything read, or clean Errors with messages
//   'bad'                                 something threw a non-Error or an Error without a message
//   'stray'                               it left a file beside the case's file (an image or a
//                                         read-only open wrote to disk)
//   'crash'                               the child died (signal, abort, or any exit): rc / signal
//   'hang' | 'memory'                     killed as above
// plus lastCall, lastStep, stderr (its tail) for the last three.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHILD = path.join(__dirname, 'child.js');
const PAGE = 4096;
const TICKS = 100; // USER_HZ on Linux

/** CPU milliseconds and RSS megabytes of a process, from /proc (null where unavailable). */
function usage(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
    const rssMb = (Number(f[21]) * PAGE) / (1024 * 1024);
    return { cpuMs, rssMb };
  } catch {
    return null;
  }
}

const FINE = new Set(['read', 'error']);
const isFinding = (r) => !FINE.has(r.kind);

class Child {
  constructor(pool, index) {
    this.pool = pool;
    this.dir = path.join(pool.workDir, `w${index}-${pool.spawned++}`);
    fs.mkdirSync(this.dir, { recursive: true });
    this.cases = 0;
    this.dead = false;
    this.current = null;
    this.stderr = '';
    this.proc = spawn(process.execPath, [...pool.nodeArgs, CHILD, pool.dist], {
      cwd: this.dir,
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...pool.env },
    });
    this.ready = new Promise((resolve, reject) => {
      this.onReady = resolve;
      this.onFail = reject;
    });
    this.proc.stdin.on('error', () => {}); // a dead child's closed pipe: seen in 'exit'
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    let buffered = '';
    const reports = this.proc.stdio[3];
    reports.setEncoding('utf8');
    reports.on('data', (d) => {
      buffered += d;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        this.onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    });
    // 'close' comes after every pipe is drained, so the last reports are in by then.
    this.proc.on('close', (code, signal) => this.onExit(code, signal));
  }

  onLine(line) {
    const sp = line.indexOf(' ');
    const tag = sp < 0 ? line : line.slice(0, sp);
    const rest = sp < 0 ? '' : line.slice(sp + 1);
    if (tag === 'ready') {
      this.info = JSON.parse(rest);
      this.onReady(this);
      return;
    }
    const c = this.current;
    if (!c) return;
    c.reports++;
    if (tag === 'call') c.lastCall = rest;
    else if (tag === 'step') c.lastStep = rest;
    else if (tag === 'start') c.started = true;
    else if (tag === 'end') {
      const r = JSON.parse(rest);
      this.finish({ kind: r.outcome, ...r });
    }
  }

  onExit(code, signal) {
    this.dead = true;
    clearInterval(this.timer);
    if (!this.info)
      this.onFail(new Error(`fuzz child failed to start (rc=${code}, signal=${signal}): ${this.stderr}`));
    const c = this.current;
    if (c && !c.result) {
      const kind = c.killedFor ?? 'crash';
      this.finish({ kind, rc: code, signal: c.killedFor ? null : signal });
    }
    this.pool.onChildGone(this);
  }

  /** Runs one case: { id, way, bytes, calls? } -> Promise<result>. */
  run(spec) {
    this.cases++;
    const caseDir = path.join(this.dir, `c${this.cases}`);
    fs.mkdirSync(caseDir);
    const file = path.join(caseDir, spec.name || 'case.h5');
    fs.writeFileSync(file, spec.bytes);
    this.stderr = '';
    const cpu0 = usage(this.proc.pid)?.cpuMs ?? 0;
    const t0 = Date.now();
    return new Promise((resolve) => {
      this.current = { spec, caseDir, resolve, lastCall: '', lastStep: '', t0, cpu0, reports: 0 };
      const { cpuMs, stallCpuMs, timeoutMs, rssMb } = this.pool;
      let seen = -1;
      let progressCpu = cpu0;
      let progressAt = t0;
      this.timer = setInterval(() => {
        const c = this.current;
        if (!c || c.result) return;
        const u = usage(this.proc.pid);
        const now = Date.now();
        if (c.reports !== seen) {
          seen = c.reports;
          progressCpu = u ? u.cpuMs : progressCpu;
          progressAt = now;
        }
        if (u && u.rssMb > rssMb) c.killedFor = 'memory';
        else if (u && (u.cpuMs - cpu0 > cpuMs || u.cpuMs - progressCpu > stallCpuMs)) c.killedFor = 'hang';
        else if (now - progressAt > timeoutMs) c.killedFor = 'hang';
        if (c.killedFor) this.proc.kill('SIGKILL');
      }, 50);
      this.proc.stdin.write(`${JSON.stringify({ id: spec.id, way: spec.way, file, calls: spec.calls })}\n`);
    });
  }

  finish(fields) {
    const c = this.current;
    clearInterval(this.timer);
    const u = this.dead ? null : usage(this.proc.pid);
    const result = {
      id: c.spec.id,
      way: c.spec.way,
      ms: Date.now() - c.t0,
      cpuMs: u ? u.cpuMs - c.cpu0 : undefined,
      ...fields,
    };
    if (isFinding(result)) {
      result.lastCall = c.lastCall;
      result.lastStep = c.lastStep;
      result.stderr = this.stderr.trim();
      result.childCases = this.cases;
    }
    // Anything beside the case's file is a file the case wrote where it should not have.
    const base = path.basename(path.join(c.caseDir, c.spec.name || 'case.h5'));
    let stray = [];
    try {
      stray = fs.readdirSync(c.caseDir).filter((n) => n !== base);
      if (fs.readdirSync(this.dir).some((n) => !/^c\d+$/.test(n))) stray.push('(in the working directory)');
      fs.rmSync(c.caseDir, { recursive: true, force: true });
    } catch {
      // the directory is the pool's; a failure to list it is not the case's
    }
    if (stray.length) {
      result.stray = stray;
      if (FINE.has(result.kind)) result.kind = 'stray';
    }
    c.result = result;
    this.current = null;
    c.resolve(result);
  }

  kill() {
    if (!this.dead) this.proc.kill('SIGKILL');
  }
}

/**
 * new Pool({ jobs, dist, cpuMs, stallCpuMs, timeoutMs, rssMb, casesPerChild, confirm }).
 * run(spec) queues a case; close() ends the children. With confirm, a crash in a child
 * that had run earlier cases is run again in a fresh child: the result then says whether
 * it happens alone (`alone: true`) and keeps the first try in `firstTry`. (Hangs are not
 * re-run: each costs its whole CPU budget, and one left over by an earlier case is rare.)
 */
class Pool {
  constructor(options) {
    this.jobs = options.jobs ?? Math.max(1, Math.min(4, os.cpus().length));
    this.dist = path.resolve(options.dist);
    // A slower build (ASan, a debug HDF5) sets H5TABLES_FUZZ_SLOWDOWN to stretch every budget.
    const slow = Number(process.env.H5TABLES_FUZZ_SLOWDOWN) || 1;
    this.cpuMs = (options.cpuMs ?? 10000) * slow;
    this.stallCpuMs = (options.stallCpuMs ?? 2000) * slow;
    this.timeoutMs = (options.timeoutMs ?? 30000) * slow;
    this.rssMb = options.rssMb ?? 2048;
    this.casesPerChild = options.casesPerChild ?? 300;
    this.confirm = options.confirm ?? true;
    this.nodeArgs = options.nodeArgs ?? [];
    this.env = options.env ?? {};
    this.workDir = fs.mkdtempSync(path.join(options.workDir ?? os.tmpdir(), 'h5tables-fuzz-'));
    this.spawned = 0;
    this.idle = [];
    this.running = 0;
    this.queue = [];
    this.children = new Set();
    this.closed = false;
  }

  run(spec) {
    return new Promise((resolve, reject) => {
      this.queue.push({ spec, resolve, reject });
      this.pump();
    });
  }

  pump() {
    while (!this.closed && this.queue.length && this.running < this.jobs) {
      const job = this.queue.shift();
      this.running++;
      this.runJob(job)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }

  async runJob({ spec }) {
    const child = await this.take();
    const result = await child.run(spec);
    this.giveBack(child);
    if (!this.confirm || result.kind !== 'crash' || result.childCases <= 1) {
      if (isFinding(result)) result.alone = true;
      return result;
    }
    // Again, alone: was it this case, or something an earlier case left behind?
    const fresh = await this.spawnChild();
    const again = await fresh.run(spec);
    this.retire(fresh);
    if (isFinding(again)) return { ...again, alone: true, firstTry: strip(result) };
    return { ...result, alone: false, aloneResult: strip(again) };
  }

  async take() {
    while (this.idle.length) {
      const c = this.idle.pop();
      if (!c.dead) return c;
    }
    return this.spawnChild();
  }

  async spawnChild() {
    const c = new Child(this, this.children.size);
    this.children.add(c);
    return c.ready;
  }

  giveBack(child) {
    if (child.dead || child.cases >= this.casesPerChild || this.closed) this.retire(child);
    else this.idle.push(child);
  }

  retire(child) {
    child.kill();
  }

  onChildGone(child) {
    this.children.delete(child);
    fs.rmSync(child.dir, { recursive: true, force: true });
  }

  /** The HDF5 version the children run (starts one child if none ran yet). */
  async info() {
    const c = await this.take();
    this.giveBack(c);
    return c.info;
  }

  async close() {
    this.closed = true;
    const gone = [...this.children].map(
      (c) =>
        new Promise((r) => {
          if (c.dead) r();
          else c.proc.once('close', r);
          c.kill();
        }),
    );
    await Promise.all(gone);
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

function strip(r) {
  const { kind, rc, signal, lastCall, lastStep } = r;
  return { kind, rc, signal, lastCall, lastStep };
}

module.exports = { Pool, isFinding };
