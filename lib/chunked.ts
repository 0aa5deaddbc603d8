// What createCArray and createEArray share (PyTables' create_carray / create_earray and
// CArray._g_create_common): the options checked, the atom, shape and initial data
// resolved, the chunk shape, filter pipeline and attributes built, and the chunked
// dataset written, in the sync and the Promise form.

import { queued } from './abort';
import { Atom, EnumAtom, isComplex, toAtom, type AtomDefault } from './atom';
import { atomValue, type AtomType } from './atomdata';
import { carrayChunkshape, earrayChunkshape } from './chunkshape';
import { prepareNew, systemAttributes } from './creating';
import { DTYPES, arrayValue, type ArrayInput, type DType, type TypedArray } from './dtype';
import { NodeError, nativeCall } from './errors';
import type { File } from './file';
import { pyTuple } from './pyrepr';
import type { Group } from './group';
import { defaultFilters } from './default-filters';
import { Filters, filtersToPipeline, quantize } from './filters';
import type {
  NativeAttributeList,
  NativeDatasetInfo,
  NativeEnum,
  NativeStorage,
  NativeWriteValue,
} from './native';
import { checkOptions, type OptionTable } from './options';

/** The options of createCArray (PyTables' create_carray arguments after `name`). */
export interface CArrayOptions<D extends DType = DType> {
  /**
   * The element type: a dtype string (`'float64'`) or an Atom (`Float64Atom()`,
   * `StringAtom(8)`, or a shaped atom, `Int32Atom({ shape: [2] })`, whose every element is
   * an array of that shape: reads then end with the atom's dimensions, as PyTables' do).
   * The atom's `dflt` is the dataset's fill value: what cells never written read as.
   * Default: `obj`'s dtype (as createArray gives it).
   */
  atom?: D | Atom;
  /** The array's shape (without a shaped atom's dimensions), every dimension >= 1. Default: `obj`'s. */
  shape?: number[];
  /**
   * Initial contents, as createArray takes them (a TypedArray, nested arrays,
   * `{ data, shape }`); with `atom`, plain JavaScript data converts to its dtype when every
   * value fits exactly and a TypedArray must be of its dtype. With a shaped atom, its shape
   * ends with the atom's (PyTables 3.7 refuses `obj` with a shaped atom; h5tables takes
   * it). Without `obj` every element is the atom's default (`dflt`: 0, false, '' unless given).
   */
  obj?: ArrayInput;
  /** The TITLE attribute. */
  title?: string;
  /** The filters (compression) of its chunks; default: the file's (openFile's `filters`). */
  filters?: Filters;
  /** The chunk shape, one entry >= 1 per dimension; default: computed as PyTables computes it. */
  chunkshape?: number[];
  /** Create missing groups on the way to `where` (PyTables' createparents). */
  createParents?: boolean;
}

/** The options of createEArray (PyTables' create_earray arguments after `name`). */
export interface EArrayOptions<D extends DType = DType> extends Omit<CArrayOptions<D>, 'shape' | 'obj'> {
  /**
   * The shape with exactly one 0, the dimension it grows along (`[0, 3]`: rows of 3).
   * Default with `obj`: `[0, ...obj's shape after the first]`.
   */
  shape?: number[];
  /** Initial rows, appended as `append(obj)` appends them. */
  obj?: ArrayInput;
  /** How many rows it is expected to hold, which sizes the computed chunk shape (default 1000). */
  expectedrows?: number;
}

type Kind = 'CArray' | 'EArray';

const CLASS_IDS: Record<Kind, string> = { CArray: 'CARRAY', EArray: 'EARRAY' };

function checkDims(value: unknown, key: string, what: string): void {
  if (!Array.isArray(value) || !value.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new TypeError(`${what}: option '${key}' must be an array of non-negative integers`);
  }
}

function optionTable(kind: Kind, what: string): OptionTable {
  const table: Record<string, OptionTable[string]> = {
    atom: () => undefined, // checked by toAtom
    shape: (v, k) => checkDims(v, k, what),
    obj: () => undefined, // checked by the conversion
    title: 'string',
    filters: () => undefined, // checked by checkFilters
    chunkshape: (v, k) => checkDims(v, k, what),
    createParents: 'boolean',
  };
  if (kind === 'EArray') {
    table.expectedrows = (v, k) => {
      if (!Number.isSafeInteger(v) || (v as number) < 1)
        throw new TypeError(`${what}: option '${k}' must be a positive integer`);
    };
  }
  return table;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A chunked leaf about to be written. */
export interface NewChunked {
  parent: string;
  path: string;
  classId: string;
  value: NativeWriteValue;
  attributes: NativeAttributeList;
  storage: NativeStorage;
  /** The shape to extend the new dataset to after it is written empty (a CArray without obj). */
  extendTo: number[] | undefined;
}

/** What the new leaf's elements are: an atom's dtype, size, own shape and default. */
interface LeafAtom extends AtomType {
  /** The array atom's shape ([] for plain elements): the data's last dimensions. */
  shape: readonly number[];
  /** Bytes of one element (itemsize times the atom's shape). */
  size: number;
  dflt: AtomDefault;
  /** An EnumAtom's members: the dataset's type is an H5T_ENUM over dtype. */
  enum?: NativeEnum;
}

/**
 * An EnumAtom's members as PyTables stores them: the default's name first, then the others
 * in order (PyTables reads the first member as the default, having no other record of it).
 */
function enumMembers(atom: EnumAtom): NativeEnum {
  const { names, values } = atom.enum;
  const first = names.indexOf(atom.dfltName);
  const order = [first, ...names.keys()].filter((i, k) => k === 0 || i !== first);
  return { names: order.map((i) => names[i] as string), values: order.map((i) => values[i] as number) };
}

function leafAtom(atom: Atom): LeafAtom {
  const members = atom instanceof EnumAtom ? { enum: enumMembers(atom) } : {};
  return {
    dtype: atom.dtype,
    itemsize: atom.itemsize,
    shape: atom.shape,
    size: atom.size,
    dflt: atom.dflt,
    ...members,
  };
}

/** The atom, the initial data and the shape of the new leaf (the dataset's, without the atom's). */
function resolveData(
  kind: Kind,
  opts: CArrayOptions & EArrayOptions,
  what: string,
): { atom: LeafAtom; value: NativeWriteValue | undefined; shape: number[] } {
  let atom: LeafAtom | undefined;
  if (opts.atom !== undefined) {
    const given = toAtom(opts.atom, `${what}: option 'atom'`);
    if (given.shape.includes(0)) {
      throw new RangeError(`${what}: the atom's shape cannot have zero dimensions (${String(given)})`);
    }
    atom = leafAtom(given);
  }
  if (opts.obj === undefined) {
    if (atom === undefined || opts.shape === undefined) {
      throw new TypeError(`${what}: the 'atom' and 'shape' options or the 'obj' option must be given`);
    }
    return { atom, value: undefined, shape: [...opts.shape] };
  }
  let value: NativeWriteValue;
  if (atom) value = atomValue(opts.obj, atom, `${what}: option 'obj'`);
  else {
    try {
      value = arrayValue(opts.obj).value;
    } catch (err) {
      if (err instanceof Error) err.message = `${what}: option 'obj': ${err.message}`;
      throw err;
    }
    if (value.dtype === 'string') value = { ...value, charset: 'ascii' };
    const itemsize = value.dtype === 'string' ? (value.itemsize ?? 1) : DTYPES[value.dtype].itemsize;
    atom = leafAtom(Atom.fromDType(value.dtype, value.dtype === 'string' ? { itemsize } : {}));
  }
  const dataShape = value.shape ?? [];
  // An array atom's dimensions end obj's shape; the leaf's shape is what comes before them.
  const rank = dataShape.length - atom.shape.length;
  if (rank < 0 || !sameShape(dataShape.slice(rank), atom.shape)) {
    throw new TypeError(
      `${what}: option 'obj' has the shape ${pyTuple(dataShape)}, which does not end with the atom's shape ${pyTuple([...atom.shape])}`,
    );
  }
  if (atom.shape.length > 0) value = { ...value, atomShape: [...atom.shape] };
  if (atom.enum) value = { ...value, enum: atom.enum };
  const objShape = dataShape.slice(0, rank);
  if (objShape.length === 0) throw new TypeError(`${what}: option 'obj' must have at least one dimension`);
  const shape = kind === 'EArray' ? [0, ...objShape.slice(1)] : objShape;
  if (opts.shape !== undefined && !sameShape(opts.shape, shape)) {
    throw new TypeError(
      kind === 'EArray'
        ? `${what}: the shape option ${pyTuple(opts.shape)} is not compatible with obj's shape ${pyTuple(objShape)}`
        : `${what}: the shape option ${pyTuple(opts.shape)} does not match obj's shape ${pyTuple(objShape)}`,
    );
  }
  return { atom, value, shape };
}

/**
 * The fill value PyTables writes for an atom's default: only a true one (a non-zero
 * number, true, a non-empty string), as PyTables 3.7 sets none for 0, false and b''.
 */
function fillValueOf(atom: LeafAtom): NativeWriteValue | undefined {
  const { dtype, dflt } = atom;
  const members = atom.enum ? { enum: atom.enum } : {};
  if (dflt === 0 || dflt === 0n || dflt === false || dflt === '') return undefined;
  if (typeof dflt === 'string')
    return { dtype, shape: [], data: [dflt], itemsize: atom.itemsize, charset: 'ascii' };
  if (isComplex(dflt)) {
    if (dflt.re === 0 && dflt.im === 0) return undefined;
    const data =
      dtype === 'complex64' ? Float32Array.of(dflt.re, dflt.im) : Float64Array.of(dflt.re, dflt.im);
    return { dtype, shape: [], data };
  }
  const Typed = DTYPES[dtype].typed as new (n: number) => TypedArray;
  const data = new Typed(1);
  // Atom checked dflt: a bigint for int64/uint64, a number (or boolean for bool) otherwise.
  (data as unknown as Array<number | bigint>)[0] = typeof dflt === 'boolean' ? Number(dflt) : dflt;
  return { dtype, shape: [], data, ...members };
}

/** The extendible dimension of an EArray's shape: its one 0 (PyTables' rules). */
function extdimOf(shape: readonly number[], what: string): number {
  const zeros = shape.filter((d) => d === 0).length;
  if (zeros === 0) {
    throw new RangeError(
      `${what}: the shape ${pyTuple(shape)} needs one 0, the dimension the EArray grows along`,
    );
  }
  if (zeros > 1) {
    throw new RangeError(
      `${what}: the shape ${pyTuple(shape)} has ${zeros} zeros; only one dimension can grow`,
    );
  }
  return shape.indexOf(0);
}

/** Checks a createCArray/createEArray call and builds what the binding writes. */
export function prepareChunked(
  kind: Kind,
  file: File,
  where: unknown,
  name: unknown,
  options: unknown,
  nameIsFree: boolean,
): NewChunked {
  const what = `create${kind}`;
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${what}: the options ({ atom, shape, obj, ... }) must be an object`);
  }
  checkOptions(options, optionTable(kind, what), what);
  const opts = options as CArrayOptions & EArrayOptions;
  const { parent, path, title, converted } = prepareNew(
    file,
    where,
    name,
    { title: opts.title, createParents: opts.createParents },
    what,
    {
      nameIsFree,
      convert: () => {
        const { atom, value, shape } = resolveData(kind, opts, what);
        if (shape.length === 0) throw new RangeError(`${what}: the shape must have at least one dimension`);
        let extdim = -1;
        if (kind === 'EArray') extdim = extdimOf(shape, what);
        else if (shape.includes(0)) {
          throw new RangeError(`${what}: the shape ${pyTuple(shape)} cannot have zero dimensions`);
        }
        const chunkshape = chunkshapeOf(kind, opts, shape, extdim, atom, what);
        // Given filters are checked before anything is written; the default is the parent's.
        const given = opts.filters === undefined ? undefined : checkFilters(opts.filters, what);
        const pipeline = given && filtersToPipeline(given, atom.itemsize, kind);
        return { atom, value, shape, extdim, chunkshape, given, pipeline };
      },
    },
  );
  const { atom, shape, extdim, chunkshape } = converted;
  const filters = converted.given ?? defaultFilters(file._node(parent) as Group);
  const storage: NativeStorage = {
    chunkshape,
    // PyTables' fixed dimensions reach at least the chunk's (as h5py sees its files).
    maxshape: shape.map((d, i) => (i === extdim ? null : Math.max(d, chunkshape[i]))),
    filters: converted.pipeline ?? filtersToPipeline(filters, atom.itemsize, kind),
  };
  const fillValue = fillValueOf(atom);
  if (fillValue) storage.fillValue = fillValue;
  let value = converted.value;
  // PyTables 3.7 quantizes a CArray's obj (written by __setitem__), not an EArray's (appended).
  const lsd = filters.leastSignificantDigit;
  if (
    kind === 'CArray' &&
    value &&
    lsd !== null &&
    (value.dtype === 'float32' || value.dtype === 'float64')
  ) {
    value = { ...value, data: quantize(value.data as Float32Array | Float64Array, lsd) };
  }
  const attrs: Record<string, string> = { CLASS: CLASS_IDS[kind], TITLE: title, VERSION: '1.1' };
  const attributes = systemAttributes(attrs);
  // PyTables' EXTDIM is an int32 scalar.
  if (kind === 'EArray')
    attributes.push(['EXTDIM', { dtype: 'int32', shape: [], data: Int32Array.of(extdim) }]);
  const empty = emptyValue(atom, kind === 'EArray' ? shape : shape.map(() => 0));
  return {
    parent,
    path,
    classId: CLASS_IDS[kind],
    value: value ?? empty,
    attributes,
    storage,
    extendTo: value === undefined && kind === 'CArray' ? shape : undefined,
  };
}

function checkFilters(filters: unknown, what: string): Filters {
  if (!(filters instanceof Filters)) {
    throw new TypeError(
      `${what}: option 'filters' must be a Filters instance (new Filters({ complevel, complib }))`,
    );
  }
  return filters;
}

/** No element yet: the leaf's shape (a 0 in it), the array atom's dimensions last. */
function emptyValue(atom: LeafAtom, leafShape: number[]): NativeWriteValue {
  const shape = [...leafShape, ...atom.shape];
  const atomShape = atom.shape.length > 0 ? { atomShape: [...atom.shape] } : {};
  if (atom.dtype === 'string')
    return { dtype: 'string', shape, data: [], itemsize: atom.itemsize, charset: 'ascii', ...atomShape };
  const Typed = DTYPES[atom.dtype].typed as new (n: number) => NativeWriteValue['data'];
  const members = atom.enum ? { enum: atom.enum } : {};
  return { dtype: atom.dtype, shape, data: new Typed(0), ...atomShape, ...members };
}

function chunkshapeOf(
  kind: Kind,
  opts: CArrayOptions & EArrayOptions,
  shape: number[],
  extdim: number,
  atom: LeafAtom,
  what: string,
): number[] {
  if (opts.chunkshape !== undefined) {
    const chunk = opts.chunkshape;
    if (chunk.length !== shape.length) {
      throw new RangeError(
        `${what}: the shape ${pyTuple(shape)} and chunkshape ${pyTuple(chunk)} ranks must be equal`,
      );
    }
    if (chunk.some((d) => d < 1)) throw new RangeError(`${what}: the chunkshape cannot have zero dimensions`);
    return [...chunk];
  }
  // PyTables sizes chunks by the whole atom (an array atom's every element).
  return kind === 'EArray'
    ? earrayChunkshape(shape, extdim, atom.size, opts.expectedrows ?? 1000)
    : carrayChunkshape(shape, atom.size);
}

/** Writes the new leaf (one native call, two for an empty CArray) and returns its info. */
export function writeChunked(file: File, n: NewChunked): NativeDatasetInfo {
  const nat = file._nat();
  nativeCall(() => nat.createDataset(n.path, n.value, n.attributes, n.storage));
  if (n.extendTo) {
    const shape = n.extendTo;
    try {
      nativeCall(() => nat.setExtent(n.path, shape));
    } catch (err) {
      nativeCall(() => nat.deleteLink(n.path));
      throw err;
    }
  }
  return nativeCall(() => nat.getDatasetInfo(n.path));
}

/** writeChunked() on the HDF5 thread. */
export async function writeChunkedAsync(
  file: File,
  n: NewChunked,
  name: unknown,
  signal: AbortSignal | undefined,
): Promise<NativeDatasetInfo> {
  const nat = file._nat();
  try {
    await queued(signal, (q) => nat.createDatasetAsync(n.path, n.value, n.attributes, n.storage, q));
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_EXISTS') {
      throw new NodeError(`group \`\`${n.parent}\`\` already has a child node named \`\`${String(name)}\`\``);
    }
    throw err;
  }
  // Once written, the node is finished whatever the signal says (an AbortError means "never ran").
  if (n.extendTo) {
    const shape = n.extendTo;
    try {
      await queued(undefined, (q) => nat.setExtentAsync(n.path, shape, q));
    } catch (err) {
      await queued(undefined, (q) => nat.deleteLinkAsync(n.path, q));
      throw err;
    }
  }
  return queued(undefined, (q) => nat.getDatasetInfoAsync(n.path, q));
}
