'use strict';
// Keeps what the fuzzer finds: each reproducer file in OUT/findings/ and one line per
// finding in OUT/TRIAGE.txt, in the form of the team's TRIAGE.txt:
//   file | way | seed | rc=… or signal=… | the native call it died in | stderr's last line | details
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** The native method of a traced call ("file.listChildren(...)" -> "listChildren"). */
function methodOf(call) {
  const m = /^\w+\.(\w+)\(/.exec(call || '');
  return m ? m[1] : '?';
}

/** Where a finding happened, for counting unique ones: its kind and its native method. */
function callSite(r) {
  if (r.kind === 'bad') return `bad ${(r.bad?.[0] ?? '').split(':')[0]}`;
  if (r.kind === 'stray') return `stray ${r.way}`;
  return `${r.kind} ${methodOf(r.lastCall)}`;
}

function exitOf(r) {
  if (r.kind === 'hang') return 'hang (killed)';
  if (r.kind === 'memory') return 'memory (killed)';
  if (r.signal) return `signal=${r.signal}`;
  if (r.rc !== undefined && r.rc !== null) return `rc=${r.rc}`;
  return r.kind;
}

function lastLine(text) {
  const lines = String(text || '')
    .trim()
    .split('\n')
    .filter((l) => l.trim());
  return (lines.pop() || '').slice(0, 200);
}

class Findings {
  constructor(outDir, { maxPerSite = 25 } = {}) {
    this.outDir = outDir;
    this.dir = path.join(outDir, 'findings');
    this.triage = path.join(outDir, 'TRIAGE.txt');
    this.maxPerSite = maxPerSite;
    this.sites = new Map();
    this.list = [];
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Records a finding for case c (from cases.js) with result r (from pool.js). */
  add(c, r) {
    const site = callSite(r);
    const n = (this.sites.get(site) ?? 0) + 1;
    this.sites.set(site, n);
    const hash = crypto.createHash('sha256').update(c.bytes).digest('hex').slice(0, 10);
    const kind = r.kind === 'hang' || r.kind === 'memory' ? r.kind : r.kind === 'crash' ? 'crash' : r.kind;
    const name = `${kind}-${c.way}-${hash}.h5`;
    const saved = n <= this.maxPerSite;
    if (saved) fs.writeFileSync(path.join(this.dir, name), c.bytes);
    const details = [
      `case=${c.id}`,
      `mutation=${c.mutation}`,
      `step=${r.lastStep || ''}`,
      `alone=${r.alone === undefined ? '?' : r.alone ? 'yes' : 'no'}`,
    ];
    if (r.bad?.length) details.push(`bad=${r.bad[0]}`);
    if (r.stray?.length) details.push(`stray=${r.stray.join(',')}`);
    if (!saved) details.push('(file not kept: enough of this call site)');
    const line = [
      name,
      c.way,
      c.seed,
      exitOf(r),
      r.lastCall || '',
      lastLine(r.stderr),
      details.join(' '),
    ].join(' | ');
    fs.appendFileSync(this.triage, `${line}\n`);
    this.list.push({ name, site, line });
    return line;
  }
}

module.exports = { Findings, callSite, methodOf };
