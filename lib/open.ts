// openFile's arguments -> one native open, with PyTables 3.7's checks and messages.
//
// The native layer trusts lib/: everything is validated here, before anything touches
// the disk, so a bad argument never creates or changes a file.
//
// In-memory files (CORE without backing store, and images opened read-only) get a unique
// internal name: HDF5 identifies open files by name, and would otherwise hand back the
// first of two in-memory files opened under one name. `File.filename` keeps the user's.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { queued } from './abort';
import { checkInt64Mode, type Int64Mode } from './dtype';
import { nativeCall } from './errors';
import { native, type NativeFile, type NativeOpenOptions } from './native';
import { Filters } from './filters';
import { checkOptions, type OptionTable } from './options';
import {
  checkSource,
  checkSourceCache,
  checkSourceTimeout,
  probeSource,
  sourceSpec,
  warmTree,
  type SourceCacheOptions,
} from './source-open';
import type { ByteRangeSource } from './sources/byte-range-source';

/** PyTables' modes: `'r'` read only, `'r+'` read and write an existing file, `'a'` read and write (created when absent), `'w'` create anew (an existing file is replaced). */
export type FileMode = 'r' | 'r+' | 'a' | 'w';
/** HDF5's file drivers that h5tables offers: plain POSIX I/O (the default), C stdio, or the file held in memory. */
export type DriverName = 'H5FD_SEC2' | 'H5FD_STDIO' | 'H5FD_CORE';

/**
 * The options of `openFile` and `openFileAsync` (PyTables' `open_file` keywords in camelCase). An unknown key is a TypeError.
 * `I` is the `int64` option's value, which types the file's reads.
 */
export interface OpenFileOptions<I extends Int64Mode = Int64Mode> {
  /** The root group's title, written when the file is created. */
  title?: string;
  /** 'H5FD_SEC2' (default), 'H5FD_STDIO' or 'H5FD_CORE'. */
  driver?: DriverName;
  /** CORE: write the file to disk on flush/close (default true). */
  driverCoreBackingStore?: boolean;
  /** CORE: open this HDF5 image instead of a disk file ('w' ignores it; empty is an error). */
  driverCoreImage?: Uint8Array | ArrayBuffer | null;
  /** CORE: memory grows by this many bytes at a time (default 64 KiB). */
  driverCoreIncrement?: number;
  /**
   * With driverCoreImage in mode 'r': HDF5 reads the image where it is, with no copy. The
   * file takes the image: when it covers its whole ArrayBuffer, that buffer is transferred
   * to the file (the caller's is detached, as after postMessage with a transfer list; a
   * Buffer from takeFileImage() too, without the copy Node would make of it);
   * otherwise it is copied once. Only with mode 'r' (other modes are an error): writable
   * opens ('a', 'r+') always copy the image once, so the caller's bytes never change.
   */
  driverCoreImageNoCopy?: boolean;
  /**
   * The most bytes one read (or one string read) may allocate: default 1 GiB, `Infinity`
   * for no limit but Node's largest Buffer. A larger read is a RangeError naming the node,
   * its size and this option, thrown before anything is allocated.
   */
  maxReadBytes?: number;
  /**
   * Let the file reach other files: external links, external storage (raw data kept in
   * other files) and virtual datasets with sources in other files. Refused by default.
   * `{ directories }` allows only regular files under those directories. Files opened
   * from an image (or CORE without backing store) never reach other files.
   */
  allowExternalFiles?:
    | boolean
    | {
        /** Directories (which must exist) under which other files may be reached. */
        directories: string[];
      };
  /**
   * How int64 and uint64 data and attributes read: `'bigint'` (the default) exactly, as
   * BigInt64Array / BigUint64Array and bigints; `'number'` as Float64Array and numbers,
   * where a value beyond ±(2^53 - 1) is a RangeError (code `ERR_OUT_OF_RANGE`) instead of
   * a silent loss of precision. Each read can override it (`read(..., { int64 })`).
   */
  int64?: I;
  /**
   * The default filters of the leaves of a new file (PyTables' `filters`): stored in the
   * root group's FILTERS attribute, as PyTables stores it, when the file is created;
   * ignored when it exists (its own FILTERS, if any, then apply). See `File.filters`.
   */
  filters?: Filters;
  /**
   * `openFileAsync` only, mode `'r'` only: read the file through this byte-range source
   * (`httpSource`, `s3Source`, or any `{ size?, read(offset, length) }`) instead of a disk
   * file; `filename` is then only the file's label (printed forms, errors) and nothing
   * touches the disk. Reads go through a block cache (`sourceCache`); a failing source
   * read rejects the operation that needed it with an Error of code `'ERR_SOURCE'` (the
   * source's message, plus which bytes, and the original error as `cause`), and the file
   * stays usable. Sync calls on the file are served when every byte they need is cached,
   * else (or while a source read of this thread is pending) they throw an Error of code
   * `'ERR_SOURCE_BUSY'`: use the async forms. Not with the driver, image or
   * allowExternalFiles options.
   */
  source?: ByteRangeSource;
  /** With `source`: the block cache's settings (see SourceCacheOptions). */
  sourceCache?: SourceCacheOptions;
  /**
   * With `source`: how long one `source.read` may take, in milliseconds (default 30000;
   * `0` or `Infinity`: no limit). A read still pending then fails: the operation that needed
   * the bytes rejects with an Error of code `'ERR_SOURCE_TIMEOUT'`, the HDF5 thread goes on
   * with other work, the file stays usable, and the late answer is ignored. Each read is
   * given `{ signal }`, an AbortSignal aborted at that moment (httpSource and s3Source
   * cancel their request with it).
   */
  sourceTimeout?: number;
}

const MODES: readonly string[] = ['r', 'r+', 'a', 'w'];
const DRIVERS: Record<DriverName, NativeOpenOptions['driver']> = {
  H5FD_SEC2: 'sec2',
  H5FD_STDIO: 'stdio',
  H5FD_CORE: 'core',
};

/** An OSError-like Error: PyTables' message and Node's error code. */
function osError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function exists(p: string): boolean {
  return fs.existsSync(p);
}

/** PyTables' check_file_access (tables/utils.py), same messages; `code` as Node sets it. */
export function checkFileAccess(abs: string, mode: FileMode): void {
  if (mode === 'r') {
    if (!exists(abs)) throw osError(`\`\`${abs}\`\` does not exist`, 'ENOENT');
    if (!fs.statSync(abs).isFile()) throw osError(`\`\`${abs}\`\` is not a regular file`, 'EISDIR');
    try {
      fs.accessSync(abs, fs.constants.R_OK);
    } catch {
      throw osError(`file \`\`${abs}\`\` exists but it can not be read`, 'EACCES');
    }
  } else if (mode === 'r+') {
    checkFileAccess(abs, 'r');
    try {
      fs.accessSync(abs, fs.constants.W_OK);
    } catch {
      throw osError(`file \`\`${abs}\`\` exists but it can not be written`, 'EACCES');
    }
  } else if (exists(abs)) {
    checkFileAccess(abs, 'r+');
  } else {
    const dir = path.dirname(abs);
    if (!exists(dir)) throw osError(`\`\`${dir}\`\` does not exist`, 'ENOENT');
    if (!fs.statSync(dir).isDirectory()) throw osError(`\`\`${dir}\`\` is not a directory`, 'ENOTDIR');
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      throw osError(`directory \`\`${dir}\`\` exists but it can not be written`, 'EACCES');
    }
  }
}

interface Checked {
  title: string;
  driver: DriverName;
  backingStore: boolean;
  increment: number | undefined;
  image: Uint8Array | undefined;
  noCopy: boolean;
  maxReadBytes: number | undefined;
  external: ExternalFiles;
  int64: Int64Mode;
  filters: Filters | undefined;
  source: ByteRangeSource | undefined;
  sourceCache: SourceCacheOptions | undefined;
  sourceTimeout: number | undefined;
}

interface ExternalFiles {
  allow: boolean;
  directories: string[] | undefined;
}

/** allowExternalFiles: a boolean or { directories }, each an existing directory (canonical). */
function checkExternalFiles(value: unknown): ExternalFiles {
  if (value === undefined || typeof value === 'boolean')
    return { allow: value ?? false, directories: undefined };
  const dirs =
    value !== null && typeof value === 'object'
      ? (value as { directories?: unknown }).directories
      : undefined;
  const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  if (!Array.isArray(dirs) || dirs.length === 0 || keys.some((k) => k !== 'directories')) {
    throw new TypeError(
      'allowExternalFiles must be a boolean or { directories: string[] } (a non-empty array)',
    );
  }
  const directories = dirs.map((dir: unknown) => {
    if (typeof dir !== 'string' || dir === '' || dir.includes('\0')) {
      throw new TypeError(
        'allowExternalFiles.directories must hold non-empty strings without NUL characters',
      );
    }
    let real: string;
    try {
      real = fs.realpathSync(path.resolve(dir));
    } catch {
      throw osError(`allowExternalFiles.directories: \`\`${dir}\`\` does not exist`, 'ENOENT');
    }
    if (!fs.statSync(real).isDirectory()) {
      throw osError(`allowExternalFiles.directories: \`\`${dir}\`\` is not a directory`, 'ENOTDIR');
    }
    return real;
  });
  return { allow: true, directories };
}

/** Whether an ArrayBuffer was transferred or detached (byteLength 0, so the probe is cheap). */
function isDetached(buffer: ArrayBufferLike): boolean {
  const flag = (buffer as { detached?: unknown }).detached; // Node 22+
  if (typeof flag === 'boolean') return flag;
  if (buffer.byteLength !== 0 || !(buffer instanceof ArrayBuffer)) return false;
  try {
    structuredClone(buffer);
    return false;
  } catch {
    return true; // DataCloneError: "An ArrayBuffer is detached and could not be cloned."
  }
}

/** driverCoreImage: bytes of an HDF5 file; empty or detached is a mistake worth naming. */
function checkImage(value: unknown): void {
  if (!(value instanceof Uint8Array) && !(value instanceof ArrayBuffer) && value !== null) {
    throw new TypeError('driverCoreImage must be a Uint8Array (or Buffer) or an ArrayBuffer');
  }
  if (value === null || value.byteLength > 0) return;
  if (isDetached(value instanceof Uint8Array ? value.buffer : value)) {
    throw new TypeError(
      'driverCoreImage is detached (its ArrayBuffer was transferred): there are no bytes to open',
    );
  }
  throw new RangeError('driverCoreImage is empty (0 bytes): an HDF5 image is at least a superblock');
}

/**
 * Every option openFile accepts, with its check: the one list an unknown key is checked
 * against. A new option is one line here (and one in OpenFileOptions).
 */
const OPEN_OPTIONS: OptionTable = {
  title: 'string',
  driver: 'string',
  driverCoreBackingStore: 'boolean',
  driverCoreImage: checkImage,
  driverCoreIncrement: 'number',
  driverCoreImageNoCopy: 'boolean',
  maxReadBytes: 'number',
  allowExternalFiles: (value) => void checkExternalFiles(value),
  int64: (value) => void checkInt64Mode(value, 'openFile'),
  filters: (value) => {
    if (!(value instanceof Filters))
      throw new TypeError("openFile: option 'filters' must be a Filters instance");
  },
  source: checkSource,
  sourceCache: checkSourceCache,
  sourceTimeout: checkSourceTimeout,
};

/** A source excludes the options of disk and in-memory files, and any mode but 'r'. */
function checkSourceCombination(mode: string, o: OpenFileOptions): void {
  if (o.source === undefined) {
    if (o.sourceCache !== undefined)
      throw new TypeError("openFileAsync: option 'sourceCache' needs a 'source'");
    if (o.sourceTimeout !== undefined)
      throw new TypeError("openFileAsync: option 'sourceTimeout' needs a 'source'");
    return;
  }
  if (mode !== 'r') {
    throw new RangeError(`a byte-range source is read-only: mode must be 'r', not '${mode}'`);
  }
  const excluded = [
    'driver',
    'driverCoreBackingStore',
    'driverCoreImage',
    'driverCoreIncrement',
    'driverCoreImageNoCopy',
    'allowExternalFiles',
  ] as const;
  for (const key of excluded) {
    if (o[key] !== undefined) {
      throw new TypeError(
        `openFileAsync: option '${key}' does not apply to a file read through a byte-range source`,
      );
    }
  }
}

function checkOpenOptions(mode: unknown, options: unknown): Checked {
  if (typeof mode !== 'string' || !MODES.includes(mode)) {
    throw new RangeError(
      `invalid mode string \`\`${String(mode)}\`\`. Allowed modes are: 'r', 'r+', 'a' and 'w'`,
    );
  }
  checkOptions(options, OPEN_OPTIONS, 'openFile');
  const o = options as OpenFileOptions;
  const title = o.title ?? '';
  const driver = o.driver ?? 'H5FD_SEC2';
  if (!Object.hasOwn(DRIVERS, driver)) {
    throw new RangeError(
      `Invalid or not supported driver: '${driver}'. Accepted: 'H5FD_SEC2', 'H5FD_STDIO', 'H5FD_CORE'`,
    );
  }
  const backingStore = o.driverCoreBackingStore ?? true;
  const increment = o.driverCoreIncrement;
  if (increment !== undefined) {
    if (!Number.isSafeInteger(increment) || increment < 1 || increment > 2 ** 30) {
      throw new RangeError('driverCoreIncrement must be a positive integer number of bytes (at most 1 GiB)');
    }
  }
  const raw = o.driverCoreImage ?? undefined;
  const image = raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
  const noCopy = o.driverCoreImageNoCopy ?? false;
  if (image && driver !== 'H5FD_CORE') {
    throw new RangeError(`driverCoreImage needs driver 'H5FD_CORE', not '${driver}'`);
  }
  if (noCopy && !image) throw new TypeError('driverCoreImageNoCopy needs a driverCoreImage to read in place');
  if (noCopy && mode !== 'r') {
    throw new RangeError(
      `driverCoreImageNoCopy needs mode 'r', not '${mode}': a writable file would change the caller's bytes`,
    );
  }
  const maxReadBytes = o.maxReadBytes;
  if (maxReadBytes !== undefined) {
    if (typeof maxReadBytes !== 'number') throw new TypeError('maxReadBytes must be a number');
    if (maxReadBytes !== Infinity && (!Number.isSafeInteger(maxReadBytes) || maxReadBytes < 0)) {
      throw new RangeError('maxReadBytes must be a non-negative integer number of bytes or Infinity');
    }
  }
  const external = checkExternalFiles(o.allowExternalFiles);
  // An image (or a file held in memory) has no place among files and never reaches them:
  // asking for it is a mistake, said before anything is read.
  if (external.allow && driver === 'H5FD_CORE' && ((image && mode !== 'w') || !backingStore)) {
    throw new TypeError(
      'allowExternalFiles does not apply to images or to H5FD_CORE without backing store: they never reach other files',
    );
  }
  checkSourceCombination(mode, o);
  const int64 = o.int64 ?? 'bigint';
  return {
    source: o.source,
    sourceCache: o.sourceCache,
    sourceTimeout: o.sourceTimeout,
    title,
    driver: driver as DriverName,
    backingStore,
    increment,
    image,
    noCopy,
    maxReadBytes,
    external,
    int64,
    filters: o.filters,
  };
}

/** A checked open, ready for the native call; `release` undoes its registration. */
export interface Prepared {
  spec: NativeOpenOptions;
  driver: DriverName;
  title: string;
  absPath: string;
  /** Whether the file lives only in memory (never written to disk). */
  inMemory: boolean;
  /** Whether it was created (then lib/ writes the root's PyTables attributes). */
  created: boolean;
  /** To call once the file is closed (or failed to open). */
  release: () => void;
  /** To call once the file is open: it may have been created. */
  refresh: () => void;
  /** How int64 reads by default (the `int64` option). */
  int64: Int64Mode;
  /** The `filters` option, written to the root of a new file. */
  filters: Filters | undefined;
}

export interface Opened extends Prepared {
  native: NativeFile;
}

// Disk files open in this JavaScript realm, each known by its absolute path and, once it
// exists, its device and inode (so a symlink or a hard link finds it too).
interface OpenEntry {
  keys: Set<string>;
  mode: FileMode;
}
const openOnDisk = new Set<OpenEntry>();

function fileKeys(abs: string): string[] {
  const keys = [`path:${abs}`];
  try {
    const st = fs.statSync(abs);
    keys.push(`inode:${st.dev}:${st.ino}`);
  } catch {
    // not there (yet): known by its path only
  }
  return keys;
}

/**
 * PyTables' open_file checks against files already open: HDF5's STDIO and CORE drivers
 * truncate a file before they find it in use, so 'w' over an open file would destroy it.
 * (In-memory files never touch the disk and are not checked.)
 */
function checkAlreadyOpen(abs: string, filename: string, mode: FileMode): void {
  const keys = fileKeys(abs);
  for (const { keys: its, mode: open } of openOnDisk) {
    if (!keys.some((k) => its.has(k))) continue;
    if (mode === 'r' && open !== 'r') {
      throw new RangeError(
        `The file '${filename}' is already opened, but not in read-only mode (as requested).`,
      );
    }
    if ((mode === 'a' || mode === 'r+') && open === 'r') {
      throw new RangeError(
        `The file '${filename}' is already opened, but in read-only mode.  Please close it before reopening in append mode.`,
      );
    }
    if (mode === 'w') {
      throw new RangeError(
        `The file '${filename}' is already opened.  Please close it before reopening in write mode.`,
      );
    }
  }
}

/**
 * Registers an open disk file; the returned function unregisters it (once). A writable
 * CORE file with a backing store is known by its path only: each save renames a new file
 * over it, so its inode changes (and the old one may be reused by an unrelated file); the
 * binding's own registry follows it.
 */
function register(
  abs: string,
  mode: FileMode,
  byInode: boolean,
): { release: () => void; refresh: () => void } {
  const keysOf = (p: string): string[] => (byInode ? fileKeys(p) : [`path:${p}`]);
  const entry: OpenEntry = { keys: new Set(keysOf(abs)), mode };
  openOnDisk.add(entry);
  return {
    release: () => openOnDisk.delete(entry),
    // After a create, the file has an inode to be known by.
    refresh: () => keysOf(abs).forEach((k) => entry.keys.add(k)),
  };
}

/** A name HDF5 has never seen, for one in-memory file; not a path that can exist. */
function memoryName(filename: string): string {
  return `h5tables-memory://${randomUUID()}/${filename}`;
}

/**
 * Validates openFile's arguments and decides what the native open is; registers a disk
 * file as open (the caller releases it if the open fails).
 */
export function prepareOpen(filename: unknown, mode: unknown, options: unknown): Prepared {
  if (typeof filename !== 'string' || filename === '')
    throw new TypeError('filename must be a non-empty string');
  if (filename.includes('\0')) throw new TypeError('filename must not contain NUL characters');
  const checked = checkOpenOptions(mode, options);
  const { title, driver, backingStore, increment, image, noCopy, maxReadBytes, external, int64, filters } =
    checked;
  const m = mode as FileMode;
  const absPath = path.resolve(filename);
  if (checked.source) {
    // Only a label: a unique name keeps HDF5 from taking two opens for one file.
    const spec = sourceSpec(
      `h5tables-source://${randomUUID()}/${filename}`,
      checked.source,
      checked.sourceCache,
      checked.sourceTimeout,
    );
    if (maxReadBytes !== undefined) spec.maxReadBytes = maxReadBytes;
    const none = { release: () => undefined, refresh: () => undefined };
    return { spec, driver, title, absPath, inMemory: true, created: false, int64, filters, ...none };
  }
  const core = driver === 'H5FD_CORE';
  const spec: NativeOpenOptions = {
    name: filename,
    create: false,
    writable: m !== 'r',
    driver: DRIVERS[driver],
  };
  if (maxReadBytes !== undefined) spec.maxReadBytes = maxReadBytes;
  if (core) {
    spec.coreBackingStore = backingStore;
    if (increment !== undefined) spec.coreIncrement = increment;
  }
  let inMemory = false;
  if (core && image && m !== 'w') {
    // An image: read-only, or without backing store, it is in memory only; otherwise
    // HDF5 writes it to `filename` at close.
    spec.image = image;
    if (m === 'r' && noCopy) spec.imageNoCopy = true;
    if (m === 'r' || !backingStore) inMemory = true;
    else checkFileAccess(absPath, 'w');
  } else if (core && !backingStore) {
    // Never touch the disk: create in memory, or load an existing file as an image.
    inMemory = true;
    if (m === 'w' || (m === 'a' && !exists(absPath))) spec.create = true;
    else {
      checkFileAccess(absPath, 'r');
      spec.image = fs.readFileSync(absPath);
      // The buffer is ours alone: read-only, HDF5 may read it in place instead of copying.
      if (m === 'r') spec.imageNoCopy = true;
    }
  } else {
    checkFileAccess(absPath, m);
    spec.create = m === 'w' || (m === 'a' && !exists(absPath));
  }
  if (external.allow) {
    spec.allowExternalFiles = true;
    if (external.directories) spec.externalDirectories = external.directories;
  }
  if (inMemory) {
    spec.name = memoryName(filename);
    spec.coreBackingStore = false;
  } else {
    checkAlreadyOpen(absPath, filename, m);
  }
  const saved = core && backingStore && m !== 'r';
  const registered = inMemory
    ? { release: () => undefined, refresh: () => undefined }
    : register(absPath, m, !saved);
  return { spec, driver, title, absPath, inMemory, created: spec.create, int64, filters, ...registered };
}

/** Opens the native file on this thread. */
export function openNative(filename: unknown, mode: unknown, options: unknown): Opened {
  if (options !== null && typeof options === 'object' && (options as OpenFileOptions).source !== undefined) {
    throw new TypeError(
      'openFile: a file read through a byte-range source opens only with openFileAsync (a sync open cannot wait for the source)',
    );
  }
  const prepared = prepareOpen(filename, mode, options);
  try {
    const nat = nativeCall(() => native().openFile(prepared.spec));
    prepared.refresh();
    return { ...prepared, native: nat };
  } catch (err) {
    prepared.release();
    throw err;
  }
}

/** Opens the native file on the HDF5 thread. */
export async function openNativeAsync(
  filename: unknown,
  mode: unknown,
  options: unknown,
  signal?: AbortSignal,
): Promise<Opened> {
  const prepared = prepareOpen(filename, mode, options);
  try {
    if (prepared.spec.source) {
      await probeSource(prepared.spec);
      signal?.throwIfAborted();
    }
    const nat = await queued(signal, (q) => native().openFileAsync(prepared.spec, q));
    if (prepared.spec.source) await warmTree(nat);
    prepared.refresh();
    return { ...prepared, native: nat };
  } catch (err) {
    prepared.release();
    throw err;
  }
}
