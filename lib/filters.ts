// Filters: PyTables' filter properties of a chunked leaf (tables.Filters, PyTables 3.7),
// a frozen value object with PyTables' defaults, normalisation and repr().
//
// Also the mapping both ways between a Filters and the HDF5 filter pipeline PyTables (or,
// for lzf, h5py) writes for it, found by writing with them and reading the pipeline back.

import { inspect } from 'node:util';

import type { NativeFilter } from './native';
import { checkOptions, type OptionTable } from './options';

/**
 * A compression library a new leaf can use: PyTables' names (`'blosc'` is
 * `'blosc:blosclz'`), plus h5py's `'lzf'`. `'lzo'` is GPL and not included.
 */
export type Complib =
  | 'zlib'
  | 'blosc'
  | 'blosc:blosclz'
  | 'blosc:lz4'
  | 'blosc:lz4hc'
  | 'blosc:snappy'
  | 'blosc:zlib'
  | 'blosc:zstd'
  | 'bzip2'
  | 'lzf';

/** The compression libraries `new Filters()` accepts, in the order PyTables lists them (then lzf). */
export const COMPLIBS: readonly Complib[] = [
  'zlib',
  'bzip2',
  'blosc',
  'blosc:blosclz',
  'blosc:lz4',
  'blosc:lz4hc',
  'blosc:snappy',
  'blosc:zlib',
  'blosc:zstd',
  'lzf',
];

/** The options of `new Filters()`; PyTables' keyword arguments in camelCase. */
export interface FiltersOptions {
  /** 0 (the default: no compression) to 9. */
  complevel?: number;
  /** The compressor when complevel > 0; default `'zlib'`. */
  complib?: Complib;
  /** HDF5's byte shuffle before compressing (blosc shuffles inside itself); default true, dropped when complevel is 0. */
  shuffle?: boolean;
  /** Blosc's bit shuffle (blosc only); default false. Wins over shuffle when both are set. */
  bitshuffle?: boolean;
  /** HDF5's Fletcher32 checksum of each chunk; default false. */
  fletcher32?: boolean;
  /**
   * Quantise floats to keep this many decimal digits (PyTables' least_significant_digit,
   * -128..127), for lossy but better compression; default null; dropped when complevel is 0.
   */
  leastSignificantDigit?: number | null;
}

/** What PyTables' Filters holds; `_fromFile` builds one without `new Filters()`'s checks. */
interface FiltersFields {
  complevel: number;
  complib: string | null;
  shuffle: boolean;
  bitshuffle: boolean;
  fletcher32: boolean;
  leastSignificantDigit: number | null;
}

const MESSAGES: Readonly<Record<string, string>> = {
  lzo: "complib 'lzo' is not included in h5tables: LZO is GPL-licensed",
};

function checkBoolean(value: unknown, key: string): void {
  if (typeof value !== 'boolean') {
    throw new TypeError(
      `Filters: option '${key}' must be a boolean, not ${value === null ? 'null' : typeof value}`,
    );
  }
}

function checkInteger(value: unknown, key: string, lo: number, hi: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(
      `Filters: option '${key}' must be a number, not ${value === null ? 'null' : typeof value}`,
    );
  }
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`Filters: option '${key}' must be an integer from ${lo} to ${hi}, not ${value}`);
  }
  return value;
}

const FILTERS_OPTIONS: OptionTable = {
  complevel: 'number',
  complib: 'string',
  shuffle: checkBoolean,
  bitshuffle: checkBoolean,
  fletcher32: checkBoolean,
  leastSignificantDigit: (v, key) => {
    if (v !== null) checkInteger(v, key, -128, 127);
  },
};

/** `new Filters()`'s checks and PyTables' normalisation (Filters.__init__). */
function normalise(options: FiltersOptions): FiltersFields {
  checkOptions(options, FILTERS_OPTIONS, 'Filters');
  const complevel = checkInteger(options.complevel ?? 0, 'complevel', 0, 9);
  const complib: string | null = options.complib ?? 'zlib';
  if (complevel > 0 && !(COMPLIBS as readonly string[]).includes(complib)) {
    throw new RangeError(
      MESSAGES[complib] ??
        `Filters: complib '${complib}' is not supported; it must be one of: ${COMPLIBS.join(', ')}`,
    );
  }
  return settle({
    complevel,
    complib,
    shuffle: options.shuffle ?? true,
    bitshuffle: options.bitshuffle ?? false,
    fletcher32: options.fletcher32 ?? false,
    leastSignificantDigit: options.leastSignificantDigit ?? null,
  });
}

/** The rules PyTables applies to every Filters, new or read from a file. */
function settle(f: FiltersFields): FiltersFields {
  const out = { ...f };
  if (out.complevel === 0) {
    // No compression: no compressor, and shuffling or rounding without it makes no sense.
    out.complib = null;
    out.shuffle = false;
    out.leastSignificantDigit = null;
  } else if (out.complib === 'lzf') {
    // lzf has no levels: keep one, so a leaf's filters read back equal to those written.
    out.complevel = 1;
  }
  if (out.complib !== null && out.bitshuffle && !out.complib.startsWith('blosc')) {
    throw new RangeError(
      `Filters: bitshuffle can only be used inside blosc, not with complib '${out.complib}'`,
    );
  }
  if (out.shuffle && out.bitshuffle) out.shuffle = false;
  return out;
}

/**
 * PyTables' filter properties of a chunked leaf (`tables.Filters`): compression level and
 * library, shuffle, bitshuffle, Fletcher32 and least significant digit. An immutable value:
 * `copy()` makes a changed one, `equals()` compares. `String(f)` is PyTables' repr, e.g.
 * `Filters(complevel=5, complib='blosc:lz4', shuffle=True, bitshuffle=False, fletcher32=False, least_significant_digit=None)`.
 *
 * As in PyTables, complevel 0 means no compression: complib becomes null and shuffle and
 * leastSignificantDigit are dropped (fletcher32 and bitshuffle stay). `'lzf'` has no
 * levels: any complevel from 1 to 9 selects it and is kept as 1.
 */
export class Filters {
  /** The compression level: 0 for none; -1 for a compressor PyTables does not know (szip), read from a file. */
  declare readonly complevel: number;
  /**
   * The compression library, null when complevel is 0. Read from a file it may also be a
   * library h5tables cannot write: `'lzo'`, `'szip'`.
   */
  declare readonly complib: string | null;
  /** Whether HDF5's (or, with blosc, blosc's) byte shuffle is on. */
  declare readonly shuffle: boolean;
  /** Whether blosc's bit shuffle is on. */
  declare readonly bitshuffle: boolean;
  /** Whether each chunk carries a Fletcher32 checksum. */
  declare readonly fletcher32: boolean;
  /** The decimal digits floats are quantised to, or null. Not stored in the file (PyTables reads it back as null). */
  declare readonly leastSignificantDigit: number | null;

  /**
   * Makes a Filters from PyTables' arguments, with PyTables' defaults and normalisation.
   * @param options PyTables' arguments; an unknown key is a TypeError, complevel outside
   *   0..9 or an unknown complib (when complevel > 0) a RangeError naming the option
   */
  constructor(options: FiltersOptions = {}) {
    Object.assign(this, normalise(options));
    Object.freeze(this);
  }

  /** @internal A Filters as read from a file: no library checks, PyTables' normalisation only. */
  static _fromFile(fields: FiltersFields): Filters {
    const f = Object.create(Filters.prototype) as Filters;
    Object.assign(f, settle(fields));
    return Object.freeze(f);
  }

  /** A copy with some options changed (PyTables' `copy(**override)`); checked as `new Filters()` checks. */
  copy(overrides: FiltersOptions = {}): Filters {
    checkOptions(overrides, FILTERS_OPTIONS, 'Filters.copy');
    const base: FiltersOptions = {
      complevel: this.complevel,
      complib: (this.complib ?? undefined) as Complib | undefined,
      shuffle: this.shuffle,
      bitshuffle: this.bitshuffle,
      fletcher32: this.fletcher32,
      leastSignificantDigit: this.leastSignificantDigit,
    };
    return new Filters({ ...base, ...overrides });
  }

  /** Whether `other` is a Filters with the same properties (PyTables' `==`). */
  equals(other: unknown): boolean {
    if (!(other instanceof Filters)) return false;
    return (
      this.complevel === other.complevel &&
      this.complib === other.complib &&
      this.shuffle === other.shuffle &&
      this.bitshuffle === other.bitshuffle &&
      this.fletcher32 === other.fletcher32 &&
      this.leastSignificantDigit === other.leastSignificantDigit
    );
  }

  /** PyTables' repr(): `Filters(complevel=0, shuffle=False, bitshuffle=False, fletcher32=False, least_significant_digit=None)`. */
  toString(): string {
    const py = (b: boolean): string => (b ? 'True' : 'False');
    const args: string[] = [];
    if (this.complevel >= 0) args.push(`complevel=${this.complevel}`);
    if (this.complevel !== 0) args.push(`complib='${this.complib}'`);
    args.push(
      `shuffle=${py(this.shuffle)}`,
      `bitshuffle=${py(this.bitshuffle)}`,
      `fletcher32=${py(this.fletcher32)}`,
      `least_significant_digit=${this.leastSignificantDigit ?? 'None'}`,
    );
    return `Filters(${args.join(', ')})`;
  }

  /** `util.inspect(filters)`: the same as String(filters), PyTables' repr. */
  [inspect.custom](): string {
    return this.toString();
  }

  /**
   * @internal What PyTables' Leaf.__str__ prints after the shape: `fletcher32, shuffle,
   * blosc:lz4(5)` ('' without filters).
   */
  _leafPart(): string {
    const parts: string[] = [];
    if (this.fletcher32) parts.push('fletcher32');
    if (this.complevel !== 0) {
      if (this.shuffle) parts.push('shuffle');
      if (this.bitshuffle) parts.push('bitshuffle');
      parts.push(`${this.complib}(${this.complevel})`);
    }
    return parts.join(', ');
  }
}

// ---- The HDF5 filter pipeline ----

/** The HDF5 filter ids h5tables knows (PyTables', h5py's and HDF5's registered ids). */
export const FILTER_IDS = {
  deflate: 1,
  shuffle: 2,
  fletcher32: 3,
  szip: 4,
  lzo: 305,
  bzip2: 307,
  lzf: 32000,
  blosc: 32001,
} as const;

/** Blosc's compressor codes (blosc.h), the 7th cd_value of PyTables' blosc filter. */
const BLOSC_CODES = ['blosclz', 'lz4', 'lz4hc', 'snappy', 'zlib', 'zstd'];

/**
 * The class a pipeline is made for: PyTables' bzip2 and lzo filters record the class's
 * VERSION (x10) and a class code in their 2nd and 3rd cd_values.
 */
export type PipelineLeafClass = 'CArray' | 'EArray' | 'VLArray' | 'Table';

const CLASS_CD_VALUES: Readonly<Record<PipelineLeafClass, [number, number]>> = {
  Table: [27, 0],
  EArray: [11, 2],
  VLArray: [14, 3],
  CArray: [11, 4],
};

/**
 * @internal The filter pipeline PyTables writes for `filters` on a leaf of `leafClass`
 * with elements of `itemsize` bytes: fletcher32, shuffle, then the compressor (blosc
 * shuffles inside itself, through its 6th cd_value); for lzf, h5py's order (shuffle, lzf,
 * fletcher32). Blosc's first four and lzf's cd_values are left for the filter's
 * set_local to complete, as PyTables and h5py leave them.
 */
export function filtersToPipeline(
  filters: Filters,
  itemsize: number,
  leafClass: PipelineLeafClass = 'CArray',
): NativeFilter[] {
  const { complevel, complib } = filters;
  const fletcher32: NativeFilter[] = filters.fletcher32 ? [{ id: FILTER_IDS.fletcher32, cdValues: [] }] : [];
  if (complevel === 0 || complib === null) return fletcher32;
  const shuffle: NativeFilter[] = filters.shuffle
    ? [{ id: FILTER_IDS.shuffle, cdValues: itemsize > 0 ? [itemsize] : [], optional: true }]
    : [];
  if (complib === 'lzf')
    return [...shuffle, { id: FILTER_IDS.lzf, cdValues: [], optional: true }, ...fletcher32];
  if (complib === 'blosc' || complib.startsWith('blosc:')) {
    const mode = filters.bitshuffle ? 2 : filters.shuffle ? 1 : 0;
    const cdValues = [0, 0, 0, 0, complevel, mode];
    if (complib !== 'blosc') cdValues.push(BLOSC_CODES.indexOf(complib.slice('blosc:'.length)));
    return [...fletcher32, { id: FILTER_IDS.blosc, cdValues, optional: true }];
  }
  const compressor: NativeFilter =
    complib === 'zlib'
      ? { id: FILTER_IDS.deflate, cdValues: [complevel], optional: true }
      : complib === 'bzip2'
        ? { id: FILTER_IDS.bzip2, cdValues: [complevel, ...CLASS_CD_VALUES[leafClass]], optional: true }
        : unwritable(complib);
  return [...fletcher32, ...shuffle, compressor];
}

function unwritable(complib: string): never {
  throw new RangeError(MESSAGES[complib] ?? `complib '${complib}' cannot be written by h5tables`);
}

/**
 * @internal What PyTables' `leaf.filters` says of a dataset with this pipeline (for lzf,
 * which PyTables ignores, complib 'lzf'). Filters PyTables does not know are ignored, as
 * PyTables ignores them; szip reads as complib 'szip' with complevel -1, as in PyTables.
 */
export function filtersFromPipeline(pipeline: readonly NativeFilter[]): Filters {
  const f: FiltersFields = {
    complevel: 0,
    complib: 'zlib',
    shuffle: false,
    bitshuffle: false,
    fletcher32: false,
    leastSignificantDigit: null,
  };
  for (const { id, cdValues: cd } of pipeline) {
    switch (id) {
      case FILTER_IDS.shuffle:
        f.shuffle = true;
        break;
      case FILTER_IDS.fletcher32:
        f.fletcher32 = true;
        break;
      case FILTER_IDS.deflate:
      case FILTER_IDS.bzip2:
      case FILTER_IDS.lzo:
        f.complib = id === FILTER_IDS.deflate ? 'zlib' : id === FILTER_IDS.bzip2 ? 'bzip2' : 'lzo';
        f.complevel = cd[0] ?? 1;
        break;
      case FILTER_IDS.blosc: {
        // cd_values: version, format, typesize, blocksize, level, shuffle mode, compressor.
        f.complevel = cd[4] ?? 5;
        if (cd[5] === 1) f.shuffle = true;
        else if (cd[5] === 2) f.bitshuffle = true;
        const code = cd.length > 6 ? BLOSC_CODES[cd[6]] : undefined;
        f.complib = code === undefined ? 'blosc' : `blosc:${code}`;
        break;
      }
      case FILTER_IDS.lzf:
        f.complib = 'lzf';
        f.complevel = 1;
        break;
      case FILTER_IDS.szip:
        f.complib = 'szip';
        f.complevel = -1;
        break;
      default:
        break;
    }
  }
  return Filters._fromFile(f);
}

// ---- PyTables' FILTERS attribute (a group's default filters, packed in an int64) ----

/**
 * PyTables 3.7's complib ids in FILTERS (1 + the index in its all_complibs, which lists
 * the blosc compressors of its blosc build: Debian's has snappy). lzf, which PyTables
 * does not know, gets an id it reports as unparsable (it then uses Filters()).
 */
const PACKED_COMPLIBS = [
  'zlib',
  'lzo',
  'bzip2',
  'blosc',
  'blosc:blosclz',
  'blosc:lz4',
  'blosc:lz4hc',
  'blosc:snappy',
  'blosc:zlib',
  'blosc:zstd',
];
const PACKED_LZF = 0xff;
const SHUFFLE_FLAG = 0x1n;
const FLETCHER32_FLAG = 0x2n;
const ROUNDING_FLAG = 0x4n;
const BITSHUFFLE_FLAG = 0x8n;

/** @internal PyTables' Filters._pack(): the int64 of a FILTERS attribute. */
export function packFilters(f: Filters): bigint {
  let packed = BigInt(f.leastSignificantDigit ?? 0);
  let flags = 0n;
  if (f.shuffle) flags |= SHUFFLE_FLAG;
  if (f.bitshuffle) flags |= BITSHUFFLE_FLAG;
  if (f.fletcher32) flags |= FLETCHER32_FLAG;
  // PyTables tests the digit's truth: 0 is not stored.
  if (f.leastSignificantDigit) flags |= ROUNDING_FLAG;
  packed = (packed << 8n) | flags;
  const id =
    f.complevel > 0 ? (f.complib === 'lzf' ? PACKED_LZF : PACKED_COMPLIBS.indexOf(f.complib ?? '') + 1) : 0;
  packed = (packed << 8n) | BigInt(id);
  packed = (packed << 8n) | BigInt(Math.max(f.complevel, 0));
  return BigInt.asIntN(64, packed);
}

/** @internal PyTables' Filters._unpack(); null where PyTables fails to parse it (it then uses Filters()). */
export function unpackFilters(value: bigint | number): Filters | null {
  let packed = BigInt.asIntN(64, BigInt(value));
  const complevel = Number(packed & 0xffn);
  packed >>= 8n;
  const id = Number(packed & 0xffn);
  packed >>= 8n;
  if (complevel > 9) return null;
  let complib = 'zlib';
  if (complevel > 0) {
    if (id === PACKED_LZF) complib = 'lzf';
    else if (id >= 1 && id <= PACKED_COMPLIBS.length) complib = PACKED_COMPLIBS[id - 1];
    else return null;
  }
  const flags = packed & 0xffn;
  packed >>= 8n;
  const lsd = flags & ROUNDING_FLAG ? Number(BigInt.asIntN(8, packed & 0xffn)) : null;
  try {
    return Filters._fromFile({
      complevel,
      complib,
      shuffle: (flags & SHUFFLE_FLAG) !== 0n,
      bitshuffle: (flags & BITSHUFFLE_FLAG) !== 0n,
      fletcher32: (flags & FLETCHER32_FLAG) !== 0n,
      leastSignificantDigit: lsd,
    });
  } catch {
    return null; // bitshuffle without blosc: PyTables' ValueError
  }
}

// ---- least_significant_digit ----

/** numpy's rint: to the nearest integer, halves to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * @internal PyTables' quantize (tables/utils.py): `around(scale * data) / scale` with
 * `scale = 2**ceil(log2(10**digits))`, keeping `leastSignificantDigit` decimal digits,
 * computed in float32 for a Float32Array as numpy does. PyTables 3.7 applies it to data
 * written through `__setitem__` (and so a CArray's `obj`), not to appends. Returns a new array.
 */
export function quantize<T extends Float32Array | Float64Array>(data: T, leastSignificantDigit: number): T {
  const exp = -leastSignificantDigit;
  const digits = -(exp < 0 ? Math.floor(exp) : Math.ceil(exp));
  const bits = Math.ceil(Math.log2(10 ** digits));
  const scale = 2 ** bits;
  const out = data.slice() as T;
  const f32 = out instanceof Float32Array;
  const round = f32 ? Math.fround : (x: number): number => x;
  for (let i = 0; i < out.length; i++) out[i] = round(rint(round(scale * out[i])) / scale);
  return out;
}
