// Runs every *.h5 of a corpus of hostile files through every way of opening
// (scripts/asan/corpus-case.ts), one child process per file, and names the file and the way
// of each crash, sanitizer report or stall. Meant to run under scripts/asan/run.sh, which
// sets LD_PRELOAD, ASAN_OPTIONS/UBSAN_OPTIONS (with log_path) and H5TABLES_ADDON.
//
// usage: node --import tsx scripts/asan/corpus.ts DIR
// Variables:
//   H5TABLES_ASAN_REPORTS   where the sanitizers write <tool>.<pid> (log_path): a child's
//                           report is found by its pid
//   H5TABLES_ASAN_TIMEOUT   seconds without progress before a way counts as a stall (90: a
//                           sanitized HDF5 on a loaded 2-core machine needs tens of seconds
//                           for the largest files)
//   H5TABLES_ASAN_MODES     ways to run (default: all of corpus-case.ts's MODES)
//   H5TABLES_ASAN_SYSTEM_HDF5  a directory, set by run.sh for the system variant: a sanitizer
//                           report whose first frame is in the system's libhdf5 (Debian's,
//                           which carries none of patches/hdf5) is moved there and listed as
//                           inside that HDF5, failing nothing; the bundled variant (which
//                           ships) fails on every report. And the files that reproduce a bug
//                           fixed by patches/hdf5/ (each patch names its reproducers) are
//                           skipped there, naming the patch: Debian's HDF5 has none of them,
//                           and a hang costs the whole stall timeout

// Exit status 1 when any way crashed, stalled or made a sanitizer report (but those above).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MODES } from './corpus-case';

const CASE = path.join(__dirname, 'corpus-case.ts');
const TSX = require.resolve('tsx');
const TIMEOUT_MS = Number(process.env.H5TABLES_ASAN_TIMEOUT ?? 90) * 1000;
const REPORTS = process.env.H5TABLES_ASAN_REPORTS ?? '';

interface Result {
  file: string;
  mode: string;
  /** ok | errors=... | open-failed ... | CRASH ... | STALL ... | SKIPPED ... | IN SYSTEM HDF5 ... */
  outcome: string;
  bad: boolean;
  /** A sanitizer report inside the system's libhdf5 (H5TABLES_ASAN_SYSTEM_HDF5). */
  hdf5?: boolean;
  report?: string;
}

/** The sanitizer reports a process left, by its pid. */
function reportsOf(pid: number | undefined): string[] {
  if (!REPORTS || pid === undefined || !fs.existsSync(REPORTS)) return [];
  return fs
    .readdirSync(REPORTS)
    .filter((n) => n.endsWith(`.${pid}`))
    .map((n) => path.join(REPORTS, n));
}

/**
 * What a report says, in one line that is the same for the same bug: the error and the top
 * three named frames of its stack outside the sanitizer runtime.
 */
export function signature(report: string): string {
  const lines = fs.readFileSync(report, 'utf8').split('\n');
  const error = lines.find((l) => /ERROR: \w+Sanitizer|runtime error:/.test(l)) ?? lines[0];
  const kind = error
    .replace(/^=+\d+=+ERROR: /, '')
    .replace(/ on (unknown )?address.*| \(pc .*/, '')
    .trim();
  const frames: string[] = [];
  for (const l of lines) {
    // "#3 0x7f.. in FUNCTION FILE:LINE", "#3 0x7f.. in FUNCTION (MODULE+0x..)" or "#3 0x7f..  (MODULE+0x..)"
    const m = /^ *#\d+ 0x[0-9a-f]+ +(?:in )?(.*)$/.exec(l);
    if (!m) {
      if (frames.length) break;
      continue;
    }
    let rest = m[1];
    let at = '';
    const mod = / ?\(([^()]+)\+0x[0-9a-f]+\)$/.exec(rest);
    if (mod) {
      at = path.basename(mod[1]);
      rest = rest.slice(0, mod.index);
    } else {
      const src = / (\S+:\d+)(:\d+)?$/.exec(rest);
      if (src) {
        at = src[1].replace(/^.*\/(binding|src)\//, '$1/');
        rest = rest.slice(0, src.index);
      }
    }
    // The function's name without return type and parameters.
    const fn = rest.split('(')[0].trim().split(' ').pop() ?? '';
    if (/^(__interceptor_|__sanitizer|__asan|__ubsan|__lsan)|libsanitizer|lib(a|ub)san/.test(`${fn} ${at}`))
      continue;
    if (!fn) continue; // a static function of an unsymbolized library: the named ones say more
    frames.push(`${fn}${at && !at.includes('.so') ? ` ${at}` : ''}`);
    if (frames.length === 3) break;
  }
  return `${kind}: ${frames.join(' < ')}`;
}

const SYSTEM_HDF5 = process.env.H5TABLES_ASAN_SYSTEM_HDF5 ?? '';

/** The reproducers each patch of patches/hdf5/ names: file name (.h5) -> patch. */
function patchedReproducers(): Map<string, string> {
  const dir = path.join(__dirname, '..', '..', 'patches', 'hdf5');
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  for (const patch of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.patch'))
    .sort()) {
    const text = fs.readFileSync(path.join(dir, patch), 'utf8');
    const header = text.slice(0, text.search(/^(diff |--- )/m) >>> 0);
    for (const m of header.matchAll(/\b((?:crash|hang)-[a-z0-9-]+-[0-9a-f]{10})\b/g))
      out.set(`${m[1]}.h5`, patch);
  }
  return out;
}

/** Whether the report's first frame outside the sanitizer runtime is in a shared libhdf5. */
function inSharedHdf5(report: string): boolean {
  for (const l of fs.readFileSync(report, 'utf8').split('\n')) {
    if (!/^ *#\d+ 0x/.test(l)) continue;
    if (/libsanitizer|lib(a|ub)san|__interceptor_|__asan|__ubsan/.test(l)) continue;
    return /\(\S*libhdf5[^/()]*\.so[^()]*\+0x[0-9a-f]+\)$/.test(l);
  }
  return false;
}

interface Child {
  done: string[];
  current?: string;
  code: number | null;
  signal: string | null;
  stalled: boolean;
  pid?: number;
  /** The line of stderr that says why the process died (V8, std::terminate), if any. */
  fatal?: string;
}

/** Runs corpus-case.ts on file with modes until it ends, dies or stops making progress. */
function runChild(file: string, modes: string[], cwd: string): Promise<Child> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, CASE, file, ...modes], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const state: Child = { done: [], code: null, signal: null, stalled: false, pid: child.pid };
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.stalled = true;
        child.kill('SIGKILL');
      }, TIMEOUT_MS);
    };
    arm();
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^(begin|end) (\S+) ?(.*)$/.exec(line);
        if (!m) continue;
        arm();
        if (m[1] === 'begin') state.current = m[2];
        else {
          state.done.push(`${m[2]}\t${m[3]}`);
          state.current = undefined;
        }
      }
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      state.code = code;
      state.signal = signal;
      const fatal =
        /^(FATAL ERROR: .*|terminate called .*\n.*what\(\):.*|.*(double free|invalid pointer|corrupted).*)$/m.exec(
          stderr,
        );
      if (fatal) state.fatal = fatal[1].replace(/\s+/g, ' ');
      resolve(state);
    });
  });
}

async function runFile(file: string): Promise<Result[]> {
  const modes = process.env.H5TABLES_ASAN_MODES?.split(/[\s,]+/).filter(Boolean) ?? [...MODES];
  const out: Result[] = [];
  const base = path.basename(file);
  let todo = modes;
  while (todo.length) {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-asan-'));
    const c = await runChild(file, todo, cwd);
    fs.rmSync(cwd, { recursive: true, force: true });
    for (const d of c.done) {
      const [mode, outcome] = d.split('\t');
      out.push({ file: base, mode, outcome, bad: false });
    }
    const reports = reportsOf(c.pid);
    const failed =
      c.current ??
      (c.code !== 0 || c.signal || reports.length ? (todo[c.done.length] ?? '(exit)') : undefined);
    if (!failed) break;
    const report = reports[0];
    const why = c.stalled
      ? `STALL (no progress in ${TIMEOUT_MS / 1000} s)`
      : report
        ? `SANITIZER ${signature(report)}`
        : `CRASH (${c.signal ?? `exit ${c.code}`}${c.fatal ? `: ${c.fatal}` : ''})`;
    if (report && SYSTEM_HDF5 && inSharedHdf5(report)) {
      fs.mkdirSync(SYSTEM_HDF5, { recursive: true });
      const moved = path.join(SYSTEM_HDF5, `${base}.${failed}.${path.basename(report)}`);
      fs.renameSync(report, moved);
      for (const other of reports.slice(1))
        fs.renameSync(other, path.join(SYSTEM_HDF5, `${base}.${failed}.${path.basename(other)}`));
      out.push({
        file: base,
        mode: failed,
        outcome: `IN SYSTEM HDF5 ${signature(moved)}`,
        bad: false,
        hdf5: true,
        report: moved,
      });
    } else {
      out.push({ file: base, mode: failed, outcome: why, bad: true, report });
    }
    const at = todo.indexOf(failed);
    const rest = at < 0 ? [] : todo.slice(at + 1);
    if (c.stalled) {
      // Every way usually stalls the same way; one stall per file keeps the run short.
      for (const m of rest) out.push({ file: base, mode: m, outcome: 'SKIPPED after the stall', bad: false });
      break;
    }
    todo = rest;
  }
  return out;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || !fs.existsSync(dir)) throw new Error(`usage: corpus.ts DIR (no such directory: ${dir ?? ''})`);
  const files = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.h5'))
    .sort()
    .map((n) => path.resolve(dir, n));
  if (!files.length) throw new Error(`${dir} holds no .h5 files`);
  const skip = SYSTEM_HDF5 ? patchedReproducers() : new Map<string, string>();
  let bad = 0;
  let hdf5 = 0;
  let skipped = 0;
  let cases = 0;
  const all: Result[] = [];
  for (const file of files) {
    const patch = skip.get(path.basename(file));
    if (patch) {
      skipped++;
      process.stdout.write(
        `skip ${path.basename(file)}: reproduces an HDF5 bug that patches/hdf5/${patch} fixes (not in the system HDF5)\n`,
      );
      continue;
    }
    for (const r of await runFile(file)) {
      all.push(r);
      cases++;
      if (r.bad) bad++;
      if (r.hdf5) hdf5++;
      process.stdout.write(
        `${r.bad ? 'FAIL' : r.hdf5 ? 'hdf5' : 'pass'} ${r.file} ${r.mode}: ${r.outcome}${r.report ? ` [${r.report}]` : ''}\n`,
      );
    }
  }
  // Each distinct failure once, with the files (and how many ways) it came from.
  const byWhy = new Map<string, Map<string, number>>();
  for (const r of all.filter((x) => x.bad || x.hdf5)) {
    const why = r.outcome.startsWith('STALL') ? 'STALL' : r.outcome;
    const files = byWhy.get(why) ?? new Map<string, number>();
    files.set(r.file, (files.get(r.file) ?? 0) + 1);
    byWhy.set(why, files);
  }
  if (byWhy.size) process.stdout.write('\ndistinct failures:\n');
  for (const [why, files] of byWhy) {
    process.stdout.write(`* ${why}\n    ${[...files].map(([f, n]) => `${f} (${n})`).join(', ')}\n`);
  }
  process.stdout.write(
    `corpus: ${files.length} files, ${cases} ways, ${bad} failing` +
      `${
        SYSTEM_HDF5
          ? `, ${hdf5} inside the system HDF5 (not ours; the bundled variant runs the patched one), ` +
            `${skipped} files skipped as reproducers of patches/hdf5`
          : ''
      }\n`,
  );
  process.exit(bad ? 1 : 0);
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  });
