// Filters against PyTables 3.7: the constructor's defaults, normalisation, errors and
// repr; the FILTERS attribute's packing; the pipeline PyTables (and, for lzf, h5py) writes
// for each Filters, and what PyTables' leaf.filters says of each pipeline, for files
// PyTables and h5py made; file.filters and openFile's `filters` option, both ways.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { defaultFilters } from '../../lib/default-filters';
import {
  FILTER_IDS,
  filtersFromPipeline,
  filtersToPipeline,
  packFilters,
  quantize,
  unpackFilters,
  type PipelineLeafClass,
} from '../../lib/filters';
import { Filters, type FiltersOptions, openFile } from '../../lib/index';
import { native, type NativeFilter } from '../../lib/native';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';
import { useScratch } from './model-helpers';

const scratch = useScratch();
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'filters');

/** PyTables' keywords for our options. */
function pyKwargs(o: FiltersOptions): Record<string, unknown> {
  const { leastSignificantDigit, ...rest } = o;
  return leastSignificantDigit === undefined
    ? rest
    : { ...rest, least_significant_digit: leastSignificantDigit };
}

const CASES: FiltersOptions[] = [
  {},
  { complevel: 5 },
  { complevel: 5, complib: 'blosc:lz4' },
  {
    complevel: 0,
    complib: 'blosc:lz4',
    shuffle: true,
    bitshuffle: true,
    fletcher32: true,
    leastSignificantDigit: 2,
  },
  { complevel: 9, complib: 'blosc', bitshuffle: true },
  { complevel: 1, complib: 'bzip2', shuffle: false, fletcher32: true },
  { complevel: 3, complib: 'blosc:zstd', shuffle: false },
  { complevel: 4, complib: 'zlib', leastSignificantDigit: -3 },
  { complevel: 2, complib: 'blosc:lz4hc', leastSignificantDigit: 0 },
  { complevel: 7, complib: 'blosc:zlib', shuffle: true, bitshuffle: true },
  { complevel: 6, complib: 'blosc:blosclz', fletcher32: true },
  { complevel: 0, bitshuffle: true },
  { fletcher32: true },
  { shuffle: false },
  { complevel: 8, complib: 'zlib', leastSignificantDigit: 127 },
];

// PyTables raises ValueError for each: h5tables a RangeError.
const BAD: FiltersOptions[] = [
  { complevel: 10 },
  { complevel: -1 },
  { complevel: 5, complib: 'foo' as 'zlib' },
  { complevel: 5, complib: 'zlib', bitshuffle: true },
  { complevel: 5, complib: 'bzip2', bitshuffle: true },
];

interface ReprResult {
  repr?: string;
  packed?: string;
  error?: string;
}

describe.skipIf(lacks('pytables'))('new Filters() as PyTables', () => {
  let good: ReprResult[];
  let bad: ReprResult[];
  let gpl: ReprResult[];
  beforeAll(() => {
    good = runPython<{ results: ReprResult[] }>('pt_filters.py', [
      'repr',
      JSON.stringify(CASES.map(pyKwargs)),
    ]).results;
    bad = runPython<{ results: ReprResult[] }>('pt_filters.py', [
      'repr',
      JSON.stringify(BAD.map(pyKwargs)),
    ]).results;
    gpl = runPython<{ results: ReprResult[] }>('pt_filters.py', [
      'repr',
      JSON.stringify([
        { complevel: 5, complib: 'lzo' },
        { complevel: 5, complib: 'blosc:snappy' },
      ]),
    ]).results;
  }, 120_000);

  it('prints PyTables repr for defaults, each complib and the normalised forms', () => {
    CASES.forEach((o, i) => {
      const f = new Filters(o);
      expect(good[i].repr, JSON.stringify(o)).toMatch(/^Filters\(/);
      expect(String(f), JSON.stringify(o)).toBe(good[i].repr);
      expect(inspect(f)).toBe(good[i].repr);
    });
  });

  it('packs FILTERS as PyTables does, and unpacks it back', () => {
    CASES.forEach((o, i) => {
      const f = new Filters(o);
      expect(String(packFilters(f)), JSON.stringify(o)).toBe(good[i].packed);
      // PyTables stores a digit of 0 as none (it tests the digit's truth).
      const back = o.leastSignificantDigit === 0 ? f.copy({ leastSignificantDigit: null }) : f;
      expect(unpackFilters(packFilters(f))?.equals(back), JSON.stringify(o)).toBe(true);
    });
  });

  it('refuses what PyTables refuses, with a RangeError', () => {
    BAD.forEach((o, i) => {
      expect(bad[i].error, JSON.stringify(o)).toBe('ValueError');
      expect(() => new Filters(o), JSON.stringify(o)).toThrow(RangeError);
    });
    expect(() => new Filters({ complevel: 10 })).toThrow(
      /'complevel' must be an integer from 0 to 9, not 10/,
    );
    expect(() => new Filters({ complevel: 5, complib: 'gzip' as 'zlib' })).toThrow(
      /complib 'gzip' is not supported/,
    );
    expect(() => new Filters({ complevel: 5, bitshuffle: true })).toThrow(
      /bitshuffle can only be used inside blosc/,
    );
  });

  it('refuses lzo (GPL), which PyTables accepts; takes blosc:snappy as PyTables does', () => {
    expect(gpl.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(() => new Filters({ complevel: 5, complib: 'lzo' as 'zlib' })).toThrow(/'lzo'.*GPL/);
    expect(String(new Filters({ complevel: 5, complib: 'blosc:snappy' }))).toBe(gpl[1].repr);
    // Without compression the library is not used, as PyTables: accepted.
    expect(String(new Filters({ complevel: 0, complib: 'lzo' as 'zlib' }))).toBe(String(new Filters()));
  });
});

describe('Filters values', () => {
  it('type errors name the option; unknown keys are refused', () => {
    expect(() => new Filters({ complevel: '5' as unknown as number })).toThrow(TypeError);
    expect(() => new Filters({ shuffle: 1 as unknown as boolean })).toThrow(/'shuffle' must be a boolean/);
    expect(() => new Filters({ complibs: 'zlib' } as FiltersOptions)).toThrow(/unknown option 'complibs'/);
    expect(() => new Filters({ complevel: 2.5 })).toThrow(RangeError);
    expect(() => new Filters({ complevel: 1, leastSignificantDigit: 200 })).toThrow(/leastSignificantDigit/);
    expect(() => new Filters(null as unknown as FiltersOptions)).toThrow(TypeError);
  });

  it('is immutable; copy() overrides; equals() compares', () => {
    const f = new Filters({ complevel: 5, complib: 'blosc:lz4' });
    expect(Object.isFrozen(f)).toBe(true);
    expect(() => {
      (f as { complevel: number }).complevel = 1;
    }).toThrow(TypeError);
    const g = f.copy({ complib: 'zlib', fletcher32: true });
    expect(String(g)).toBe(String(new Filters({ complevel: 5, complib: 'zlib', fletcher32: true })));
    expect(f.copy().equals(f)).toBe(true);
    expect(g.equals(f)).toBe(false);
    expect(f.equals(String(f))).toBe(false);
    expect(new Filters().copy({ complevel: 1 }).complib).toBe('zlib');
    expect(() => f.copy({ complevel: 11 })).toThrow(RangeError);
    expect(() => f.copy({ nope: 1 } as FiltersOptions)).toThrow(/Filters.copy: unknown option 'nope'/);
  });

  it('lzf has no levels: any complevel selects it, kept as 1', () => {
    const f = new Filters({ complevel: 7, complib: 'lzf', shuffle: true });
    expect(String(f)).toBe(
      "Filters(complevel=1, complib='lzf', shuffle=True, bitshuffle=False, fletcher32=False, least_significant_digit=None)",
    );
    expect(() => new Filters({ complevel: 1, complib: 'lzf', bitshuffle: true })).toThrow(/inside blosc/);
    expect(unpackFilters(packFilters(f))?.equals(f)).toBe(true);
  });

  it('unpacks what PyTables cannot parse as null', () => {
    expect(unpackFilters(0x0a)).toBeNull(); // complevel 10
    expect(unpackFilters(0x0105 + 0x0b00 - 0x0100)).toBeNull(); // complib id 11
    expect(unpackFilters(0x080105)).toBeNull(); // bitshuffle with zlib
    expect(String(unpackFilters(0))).toBe(String(new Filters()));
  });
});

// ---- pipelines ----

interface Leaf {
  path: string;
  pipeline: Array<[number, number, number[], string]>;
  filters: string;
  str: string;
  chunkshape: number[] | null;
}

const DTYPES: Array<[string, number]> = [
  ['float64', 8],
  ['int16', 2],
  ['S7', 7],
  ['bool', 1],
];
const PIPE_CASES: FiltersOptions[] = [
  { complevel: 5, complib: 'zlib' },
  { complevel: 1, complib: 'zlib', shuffle: false, fletcher32: true },
  { complevel: 3, complib: 'bzip2', fletcher32: true },
  { complevel: 0, fletcher32: true },
  { complevel: 5, complib: 'blosc' },
  { complevel: 9, complib: 'blosc:blosclz', bitshuffle: true, fletcher32: true },
  { complevel: 5, complib: 'blosc:lz4' },
  { complevel: 4, complib: 'blosc:lz4hc', shuffle: false },
  { complevel: 7, complib: 'blosc:snappy' },
  { complevel: 2, complib: 'blosc:zlib' },
  { complevel: 6, complib: 'blosc:zstd', fletcher32: true },
];

interface PipeSpec {
  name: string;
  class: PipelineLeafClass;
  dtype: string;
  itemsize: number;
  shape: number[];
  filters: FiltersOptions;
}

function pipeSpecs(): PipeSpec[] {
  const specs: PipeSpec[] = [];
  for (const [dtype, itemsize] of DTYPES) {
    PIPE_CASES.forEach((filters, i) => {
      for (const cls of ['CArray', 'EArray'] as const) {
        specs.push({
          name: `${cls}_${dtype}_${i}`,
          class: cls,
          dtype,
          itemsize,
          shape: cls === 'CArray' ? [10, 20] : [0, 20],
          filters,
        });
      }
    });
  }
  return specs;
}

/**
 * Whether our pipeline is the one in the file, after set_local: blosc's first four
 * cd_values (version, format, typesize, chunk bytes) and lzf's are completed by the filter.
 */
function sameAfterSetLocal(ours: NativeFilter[], file: Leaf['pipeline'], itemsize: number): void {
  expect(ours.map((f) => f.id)).toEqual(file.map((f) => f[0]));
  expect(ours.map((f) => (f.optional ? 1 : 0))).toEqual(file.map((f) => f[1]));
  ours.forEach((f, i) => {
    const cd = file[i][2];
    if (f.id === FILTER_IDS.blosc) {
      expect(f.cdValues.slice(0, 4)).toEqual([0, 0, 0, 0]);
      expect(cd.slice(0, 3)).toEqual([2, 2, itemsize]);
      expect(f.cdValues.slice(4)).toEqual(cd.slice(4));
    } else if (f.id === FILTER_IDS.lzf) {
      expect(f.cdValues).toEqual([]);
    } else {
      expect(f.cdValues).toEqual(cd);
    }
  });
}

describe.skipIf(lacks('pytables', 'h5py'))('pipelines as PyTables and h5py write them', () => {
  const specs = pipeSpecs();
  let pt: Leaf[];
  let lzf: Leaf[];
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-pipe-'));
    try {
      const file = path.join(dir, 'pt.h5');
      runPython('pt_filters.py', [
        'write',
        file,
        JSON.stringify(specs.map((s) => ({ ...s, filters: pyKwargs(s.filters) }))),
      ]);
      const byPath = new Map(
        runPython<{ leaves: Leaf[] }>('pt_filters.py', ['read', file]).leaves.map((l) => [l.path, l]),
      );
      pt = specs.map((s) => byPath.get(`/${s.name}`) as Leaf);
      const h5 = path.join(dir, 'lzf.h5');
      const kw = [{}, { shuffle: true }, { shuffle: true, fletcher32: true }, { fletcher32: true }];
      runPython('pt_filters.py', [
        'h5py',
        h5,
        JSON.stringify(
          kw.map((k, i) => ({
            name: `l${i}`,
            dtype: 'f8',
            shape: [100],
            chunks: [10],
            kwargs: { compression: 'lzf', ...k },
          })),
        ),
      ]);
      lzf = runPython<{ leaves: Leaf[] }>('pt_filters.py', ['read', h5]).leaves;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("filtersToPipeline gives PyTables' pipeline for each Filters, dtype and class", () => {
    expect(pt).toHaveLength(specs.length);
    specs.forEach((s, i) => {
      const ours = filtersToPipeline(new Filters(s.filters), s.itemsize, s.class);
      sameAfterSetLocal(ours, pt[i].pipeline, s.itemsize);
    });
  });

  it("filtersFromPipeline gives what PyTables' leaf.filters says of them, and String(leaf)'s part", () => {
    specs.forEach((s, i) => {
      const f = filtersFromPipeline(
        pt[i].pipeline.map(([id, flags, cdValues]) => ({ id, cdValues, optional: flags === 1 })),
      );
      expect(String(f), s.name).toBe(pt[i].filters);
      expect(pt[i].str, s.name).toContain(`${f._leafPart()}) ''`);
    });
  });

  it("lzf: h5py's order (shuffle, lzf, fletcher32); read back as complib 'lzf' where PyTables ignores it", () => {
    const given = [
      new Filters({ complevel: 1, complib: 'lzf', shuffle: false }),
      new Filters({ complevel: 1, complib: 'lzf' }),
      new Filters({ complevel: 1, complib: 'lzf', fletcher32: true }),
      new Filters({ complevel: 1, complib: 'lzf', shuffle: false, fletcher32: true }),
    ];
    given.forEach((f, i) => {
      sameAfterSetLocal(filtersToPipeline(f, 8), lzf[i].pipeline, 8);
      const back = filtersFromPipeline(
        lzf[i].pipeline.map(([id, flags, cdValues]) => ({ id, cdValues, optional: flags === 1 })),
      );
      expect(back.equals(f), String(back)).toBe(true);
      // PyTables does not know lzf: no compression, and so no shuffle either.
      expect(lzf[i].filters).toBe(String(new Filters({ fletcher32: f.fletcher32 })));
    });
  });
});

// Writes through the binding with our pipeline, then h5py reads it: the very pipeline
// PyTables writes for the same Filters, chunks and dtype.
describe.skipIf(lacks('pytables', 'h5py'))('pipelines written through the binding', () => {
  const available = (): number[] => native().availableFilters ?? [];

  it("equal PyTables' own, cd_values and all, for every filter this build has", () => {
    const cases = PIPE_CASES.map((o) => new Filters(o)).filter((f) =>
      filtersToPipeline(f, 8).every((p) => available().includes(p.id)),
    );
    expect(cases.length).toBeGreaterThan(0);
    const ours = scratch.path('ours.h5');
    const f = openFile(ours, 'w');
    const chunkshape = [409, 20]; // what PyTables gives a float64 CArray(10, 20)
    cases.forEach((filters, i) => {
      f._nat().createDataset(
        `/c${i}`,
        { dtype: 'float64', shape: [10, 20], data: new Float64Array(200).map((_, k) => k) },
        [],
        // PyTables raises a CArray's maxshape to its chunkshape where the chunk is larger.
        { chunkshape, maxshape: chunkshape, filters: filtersToPipeline(filters, 8) },
      );
    });
    f.close();
    const theirs = scratch.path('theirs.h5');
    runPython('pt_filters.py', [
      'write',
      theirs,
      JSON.stringify(
        cases.map((c, i) => ({
          name: `c${i}`,
          class: 'CArray',
          dtype: 'float64',
          shape: [10, 20],
          filters: pyFields(c),
        })),
      ),
    ]);
    const a = runPython<{ leaves: Leaf[] }>('pt_filters.py', ['read', ours]).leaves;
    const b = runPython<{ leaves: Leaf[] }>('pt_filters.py', ['read', theirs]).leaves;
    expect(a.map((l) => l.pipeline)).toEqual(b.map((l) => l.pipeline));
    expect(a.map((l) => l.filters)).toEqual(b.map((l) => l.filters));
    // And leaf.filters here says the same of both files.
    for (const file of [ours, theirs]) {
      const h = scratch.track(openFile(file, 'r'));
      // PyTables lists the leaves by name (c0, c1, c10, c2, ...): match them by path.
      cases.forEach((_c, i) =>
        expect(String(h.getNode(`/c${i}`).filters)).toBe(b.find((l) => l.path === `/c${i}`)?.filters),
      );
    }
  });
});

function pyFields(f: Filters): Record<string, unknown> {
  return {
    complevel: f.complevel,
    complib: f.complib ?? 'zlib',
    shuffle: f.shuffle,
    bitshuffle: f.bitshuffle,
    fletcher32: f.fletcher32,
  };
}

// ---- leaf.filters and String(leaf) on files PyTables and h5py made ----

describe.skipIf(lacks('pytables', 'h5py'))('leaf.filters and String(leaf) as PyTables says', () => {
  let made: { file: string; leaves: Leaf[] }[];
  let dir = '';
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5tables-leaf-'));
    const h5 = path.join(dir, 'h5py.h5');
    const sets: Array<Record<string, unknown>> = [
      { compression: 'gzip', shuffle: true },
      { compression: 'gzip', compression_opts: 9 },
      { shuffle: true },
      { fletcher32: true },
      { scaleoffset: 2 },
      { compression: 'lzf', shuffle: true, fletcher32: true },
      { compression: 32001, compression_opts: [0, 0, 0, 0, 7, 2, 5] },
      { compression: 32001, compression_opts: [0, 0, 0, 0, 3, 1] },
      { compression: 307, compression_opts: [4] },
    ];
    runPython('pt_filters.py', [
      'h5py',
      h5,
      JSON.stringify(
        sets.map((kwargs, i) => ({ name: `d${i}`, dtype: 'f8', shape: [50, 4], chunks: [10, 4], kwargs })),
      ),
    ]);
    const files = [
      h5,
      ...fs
        .readdirSync(FIXTURES)
        .filter((n) => n.endsWith('.h5') && !n.includes('corrupt'))
        .map((n) => path.join(FIXTURES, n)),
    ];
    made = files.map((file) => ({
      file,
      leaves: runPython<{ leaves: Leaf[] }>('pt_filters.py', ['read', file]).leaves,
    }));
  }, 120_000);

  it('every leaf of every file: filters as PyTables (lzf: complib lzf), String(leaf) likewise', () => {
    let n = 0;
    for (const { file, leaves } of made) {
      const f = scratch.track(openFile(file, 'r'));
      for (const l of leaves) {
        const leaf = f.getNode(l.path);
        const hasLzf = l.pipeline.some((p) => p[0] === FILTER_IDS.lzf);
        const ours = leaf.filters as Filters;
        if (hasLzf) {
          expect(ours.complib, l.path).toBe('lzf');
          expect(ours.shuffle).toBe(l.pipeline.some((p) => p[0] === FILTER_IDS.shuffle));
          expect(ours.fletcher32).toBe(l.pipeline.some((p) => p[0] === FILTER_IDS.fletcher32));
        } else {
          expect(String(ours), `${file} ${l.path}`).toBe(l.filters);
          // PyTables' class may differ here (CArray before h5tables has it): compare the rest.
          const expected = l.str.replace(/^(\S+ \()[A-Za-z]+/, `$1${leaf._className()}`);
          expect(String(leaf), `${file} ${l.path}`).toBe(expected);
        }
        n++;
      }
    }
    expect(n).toBeGreaterThan(15);
  });
});

// ---- file.filters and openFile's filters option ----

describe.skipIf(lacks('pytables'))('file.filters, openFile(..., { filters })', () => {
  it("a new file's filters go to the root's FILTERS, which PyTables reads", () => {
    const p = scratch.path('f.h5');
    const filters = new Filters({ complevel: 5, complib: 'blosc:lz4', fletcher32: true });
    const f = openFile(p, 'w', { filters });
    expect(f.filters.equals(filters)).toBe(true);
    expect(inspect(f).split('\n')[0]).toContain(`filters=${String(filters)})`);
    expect(defaultFilters(f.root).equals(filters)).toBe(true);
    const given = new Filters({ complevel: 1 });
    expect(defaultFilters(f.root, given)).toBe(given);
    expect(() => defaultFilters(f.root, {}, 'createCArray: filters')).toThrow(
      /createCArray: filters must be a Filters/,
    );
    f.close();
    const py = runPython<{ root: string; rootAttrs: string }>('pt_filters.py', ['read', p]);
    expect(py.root).toBe(String(filters));
    const attrs = scratch.track(openFile(p, 'r'));
    expect(inspect(attrs.root.attrs)).toBe(py.rootAttrs);
    attrs.close();
    // Reopened: the same; an existing file keeps its own, as in PyTables.
    const g = scratch.track(openFile(p, 'a', { filters: new Filters({ complevel: 9 }) }));
    expect(String(g.filters)).toBe(String(filters));
  });

  it("new groups inherit their parent's FILTERS, as PyTables' do", () => {
    const filters = new Filters({ complevel: 2, complib: 'bzip2' });
    const p = scratch.path('groups.h5');
    const f = openFile(p, 'w', { filters });
    f.createGroup('/', 'g');
    f.createGroup('/g/h', 'i', { createParents: true });
    expect(defaultFilters(f.getNode('/g/h/i')).equals(filters)).toBe(true);
    f.close();
    const q = scratch.path('plain.h5');
    const g = openFile(q, 'w');
    g.createGroup('/', 'g');
    g.close();
    const py = runPython<{ groups: Array<{ path: string; filters: string; has: boolean }> }>(
      'pt_filters.py',
      ['read', p],
    );
    expect(py.groups.map((x) => [x.path, x.filters, x.has])).toEqual(
      ['/', '/g', '/g/h', '/g/h/i'].map((path) => [path, String(filters), true]),
    );
    const plain = runPython<{ groups: Array<{ has: boolean }> }>('pt_filters.py', ['read', q]);
    expect(plain.groups.map((x) => x.has)).toEqual([false, false]);
  });

  it("PyTables' root FILTERS reads here; no FILTERS is Filters()", () => {
    const p = scratch.path('pt.h5');
    const root = { complevel: 3, complib: 'blosc:zstd', bitshuffle: true };
    runPython('pt_filters.py', ['write', p, '[]', JSON.stringify(root)]);
    const py = runPython<{ root: string }>('pt_filters.py', ['read', p]);
    const f = scratch.track(openFile(p, 'r'));
    expect(String(f.filters)).toBe(py.root);
    expect(String(f.filters)).toContain("complib='blosc:zstd'");
    const q = scratch.path('plain.h5');
    runPython('pt_filters.py', ['write', q, '[]']);
    expect(String(scratch.track(openFile(q, 'r')).filters)).toBe(
      runPython<{ root: string }>('pt_filters.py', ['read', q]).root,
    );
  });

  it('lzf as the default reads back here; PyTables cannot parse it and uses Filters()', () => {
    const p = scratch.path('lzf.h5');
    openFile(p, 'w', { filters: new Filters({ complevel: 1, complib: 'lzf' }) }).close();
    expect(scratch.track(openFile(p, 'r')).filters.complib).toBe('lzf');
    expect(runPython<{ root: string }>('pt_filters.py', ['read', p]).root).toBe(String(new Filters()));
  });

  it('a filters option that is not a Filters is a TypeError, and no file is made', () => {
    const p = scratch.path('bad.h5');
    expect(() => openFile(p, 'w', { filters: { complevel: 5 } as unknown as Filters })).toThrow(
      /option 'filters' must be a Filters instance/,
    );
    expect(fs.existsSync(p)).toBe(false);
  });
});

describe.skipIf(lacks('pytables'))("leastSignificantDigit: PyTables' quantize", () => {
  it('rounds float64 and float32 data exactly as PyTables', () => {
    const values = [
      0,
      1,
      -1,
      0.5,
      1.5,
      2.5,
      -2.5,
      Math.PI,
      -Math.E,
      123.456789,
      1e-7,
      98765.4321,
      1e20,
      -3.3e-3,
      0.0625,
      0.1875,
    ];
    const cases = [-3, -1, 0, 1, 2, 3, 5, 8].flatMap((lsd) =>
      ['float64', 'float32'].map((dtype) => ({ lsd, dtype, values })),
    );
    const py = runPython<{ results: number[][] }>('pt_filters.py', [
      'quantize',
      JSON.stringify(cases),
    ]).results;
    cases.forEach((c, i) => {
      const data = c.dtype === 'float64' ? new Float64Array(values) : new Float32Array(values);
      const q = quantize(data, c.lsd);
      expect(q).toBeInstanceOf(data.constructor);
      expect(Array.from(q), JSON.stringify(c)).toEqual(py[i]);
    });
    const untouched = new Float64Array([1.2345]);
    quantize(untouched, 1);
    expect(untouched[0]).toBe(1.2345);
  });
});
