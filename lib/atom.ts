// Atoms: the type of one element of a leaf (PyTables' tables.Atom), for createCArray and
// createEArray. Each factory works with or without `new`, as PyTables' classes are called:
// `Float64Atom()`, `StringAtom(8)`, `Int32Atom({ shape: [2], dflt: 1 })`.

import { inspect } from 'node:util';

import { DTYPES, INTEGER_RANGES, isComplex, isDType, type Complex, type DType } from './dtype';

export { isComplex, type Complex } from './dtype';
import { Enum, type EnumSource } from './enum';
import { roundFloat16 } from './float16';
import { checkOptions, type OptionTable } from './options';
import { atomRepr, enumAtomRepr, precisionOf } from './printed';
import { pyBytes, pyComplex, pyFloat } from './pyrepr';

/**
 * An atom's default value: a number (a bigint for int64/uint64), a boolean for bool, a
 * string for strings, a `{ re, im }` for complex (an enum atom's: its concrete value).
 */
export type AtomDefault = number | bigint | boolean | string | Complex;

/** The options every atom takes (PyTables' `shape` and `dflt`). */
export interface AtomOptions {
  /** The atom's own shape (an array atom, e.g. [2] for pairs); a number n means [n]; default [] (a scalar). */
  shape?: number | readonly number[];
  /** The default value (PyTables' dflt): 0, 0n, 0.0, false or '' unless given. */
  dflt?: AtomDefault;
}

/** The options of `Atom.fromDType`: a string dtype also needs its `itemsize`. */
export interface AtomFromDTypeOptions extends AtomOptions {
  /** Bytes per string (>= 1): required for `'string'`, not accepted for other dtypes. */
  itemsize?: number;
}

/** PyTables' atom kinds. */
export type AtomKind = 'int' | 'uint' | 'float' | 'complex' | 'bool' | 'string' | 'enum';

const ATOM_OPTIONS: OptionTable = { shape: checkShapeOption, dflt: () => undefined };
const FROM_DTYPE_OPTIONS: OptionTable = { ...ATOM_OPTIONS, itemsize: 'number' };

function checkShapeOption(value: unknown, key: string): void {
  if (typeof value !== 'number' && !Array.isArray(value)) {
    throw new TypeError(`Atom: option '${key}' must be a number or an array of numbers`);
  }
}

function atomShape(shape: number | readonly number[] | undefined): number[] {
  const dims = shape === undefined ? [] : typeof shape === 'number' ? [shape] : [...shape];
  for (const n of dims) {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`Atom: shape must hold integers >= 0, not ${String(n)}`);
    }
  }
  return dims;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** The default checked against the dtype (and converted: int64 to bigint, float32 rounded). */
function atomDefault(dtype: DType, itemsize: number, dflt: unknown): AtomDefault {
  const bad = (want: string): never => {
    throw new TypeError(`Atom: dflt of a ${dtype} atom must be ${want}, not ${typeName(dflt)}`);
  };
  const outOfRange = (): never => {
    throw new RangeError(`Atom: dflt ${String(dflt)} does not fit a ${dtype} atom`);
  };
  // 64-bit defaults are bigints; the smaller integers' are numbers.
  const range = INTEGER_RANGES[dtype];
  const big = range && DTYPES[dtype].itemsize === 8 ? range : undefined;
  const small = range && !big ? range.map(Number) : undefined;
  if (dtype === 'string') {
    if (dflt === undefined) return '';
    if (typeof dflt !== 'string') return bad('a string');
    if (Buffer.byteLength(dflt, 'utf8') > itemsize) outOfRange();
    return dflt;
  }
  if (dtype === 'bool') {
    if (dflt === undefined) return false;
    return typeof dflt === 'boolean' ? dflt : bad('a boolean');
  }
  if (DTYPES[dtype].kind === 'complex') {
    // A number is a complex with no imaginary part, as Python's complex(x).
    const c = dflt === undefined ? { re: 0, im: 0 } : typeof dflt === 'number' ? { re: dflt, im: 0 } : dflt;
    if (!isComplex(c)) return bad('a number or { re, im }');
    const part = dtype === 'complex64' ? Math.fround : (x: number): number => x;
    return Object.freeze({ re: part(c.re), im: part(c.im) });
  }
  if (big) {
    if (dflt === undefined) return 0n;
    if (typeof dflt === 'number' && !Number.isSafeInteger(dflt)) outOfRange();
    const v =
      typeof dflt === 'bigint' || typeof dflt === 'number' ? BigInt(dflt) : bad('a bigint or an integer');
    return v < big[0] || v > big[1] ? outOfRange() : v;
  }
  if (dflt === undefined) return 0;
  if (typeof dflt !== 'number') return bad('a number');
  if (small) return Number.isInteger(dflt) && dflt >= small[0] && dflt <= small[1] ? dflt : outOfRange();
  if (dtype === 'float16') return roundFloat16(dflt);
  return dtype === 'float32' ? Math.fround(dflt) : dflt;
}

function dfltRepr(dtype: DType, dflt: AtomDefault): string {
  if (typeof dflt === 'string') return pyBytes(Buffer.from(dflt, 'utf8'));
  if (typeof dflt === 'boolean') return dflt ? 'True' : 'False';
  if (isComplex(dflt)) return pyComplex(dflt.re, dflt.im, precisionOf(dtype));
  if (typeof dflt === 'number' && DTYPES[dtype].kind === 'float') return pyFloat(dflt, precisionOf(dtype));
  return String(dflt);
}

function sameDefault(a: AtomDefault, b: AtomDefault): boolean {
  if (isComplex(a) && isComplex(b)) return Object.is(a.re, b.re) && Object.is(a.im, b.im);
  return a === b;
}

/**
 * The type of one element of a leaf (PyTables' `tables.Atom`): a dtype, its size, an
 * optional shape of its own (an array atom) and a default value. Made by the factories
 * (`Float64Atom()`, `StringAtom(8)`, `Int32Atom({ shape: [2], dflt: 1 })`) or by
 * `Atom.fromDType`. Immutable. `String(atom)` is PyTables' repr, e.g.
 * `Float64Atom(shape=(), dflt=0.0)`.
 */
export class Atom {
  /** The element type, in numpy's names. */
  declare readonly dtype: DType;
  /** Bytes of one scalar element (for strings, the fixed size). */
  declare readonly itemsize: number;
  /** The atom's own shape ([] for a scalar atom). */
  declare readonly shape: readonly number[];
  /** The default value (for int64/uint64, a bigint). */
  declare readonly dflt: AtomDefault;

  /**
   * Use the factories (`Float64Atom()`, ...) or `Atom.fromDType` rather than this.
   * @param dtype the element type
   * @param options shape, dflt, and for strings the itemsize
   * @param own @internal a subclass's own members, set before the atom is frozen
   */
  constructor(dtype: DType, options: AtomFromDTypeOptions = {}, own?: object) {
    if (typeof dtype !== 'string' || !Object.hasOwn(DTYPES, dtype)) {
      throw new TypeError(
        `Atom: unknown dtype ${typeof dtype === 'string' ? `'${dtype}'` : typeName(dtype)}`,
      );
    }
    checkOptions(options, FROM_DTYPE_OPTIONS, 'Atom');
    let itemsize = DTYPES[dtype].itemsize;
    if (dtype === 'string') {
      const given = options.itemsize;
      if (given === undefined)
        throw new TypeError("Atom: a 'string' atom needs an itemsize (StringAtom(itemsize))");
      if (!Number.isSafeInteger(given) || given < 1) {
        throw new RangeError(`Atom: itemsize must be an integer >= 1, not ${given}`);
      }
      itemsize = given;
    } else if (options.itemsize !== undefined && options.itemsize !== itemsize) {
      throw new RangeError(`Atom: a ${dtype} atom's itemsize is ${itemsize}, not ${options.itemsize}`);
    }
    const shape = Object.freeze(atomShape(options.shape));
    const dflt = atomDefault(dtype, itemsize, options.dflt);
    Object.assign(this, { dtype, itemsize, shape, dflt }, own);
    Object.freeze(this);
  }

  /** The atom of a dtype (PyTables' `Atom.from_dtype`): `Atom.fromDType('string', { itemsize: 8 })`. */
  static fromDType(dtype: DType, options: AtomFromDTypeOptions = {}): Atom {
    const make = FACTORY_CLASSES[dtype as DType];
    return make ? make(options) : new Atom(dtype, options);
  }

  /** PyTables' kind: 'int', 'uint', 'float', 'complex', 'bool', 'string' or (EnumAtom) 'enum'. */
  get kind(): AtomKind {
    const kind = DTYPES[this.dtype].kind;
    return kind === 'int' && this.dtype.startsWith('u') ? 'uint' : kind;
  }

  /** PyTables' type name: the dtype ('int32', 'float64', 'complex128', 'bool', 'string'; EnumAtom: 'enum'). */
  get type(): DType | 'enum' {
    return this.dtype;
  }

  /** Bytes of the whole atom: itemsize times the elements of its shape. */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, this.itemsize);
  }

  /** Whether `other` is an atom of the same dtype, itemsize, shape and default (PyTables' `==`). */
  equals(other: unknown): boolean {
    return (
      other instanceof Atom &&
      other.dtype === this.dtype &&
      other.itemsize === this.itemsize &&
      sameDefault(other.dflt, this.dflt) &&
      other.kind === this.kind &&
      other.shape.length === this.shape.length &&
      other.shape.every((n, i) => n === this.shape[i])
    );
  }

  /** PyTables' repr(): `Int32Atom(shape=(2,), dflt=1)`, `StringAtom(itemsize=8, shape=(), dflt=b'')`. */
  toString(): string {
    return atomRepr(this.dtype, this.itemsize, [...this.shape], dfltRepr(this.dtype, this.dflt));
  }

  /** `util.inspect(atom)`: the same as String(atom). */
  [inspect.custom](): string {
    return this.toString();
  }
}

/** A numeric or bool atom's factory: `Float64Atom()`, `new Int32Atom({ shape: [2] })`. */
export interface AtomFactory {
  /** Makes the atom (PyTables' `shape` and `dflt` in an options object). */
  (options?: AtomOptions): Atom;
  /** The same as calling it. */
  new (options?: AtomOptions): Atom;
  /** Atoms it makes are `instanceof` it. */
  readonly prototype: Atom;
}

/** StringAtom's factory: `StringAtom(8)`, `StringAtom(8, { dflt: 'abc' })`. */
export interface StringAtomFactory {
  /** Makes a fixed-length string atom of `itemsize` bytes. */
  (itemsize: number, options?: AtomOptions): Atom;
  /** The same as calling it. */
  new (itemsize: number, options?: AtomOptions): Atom;
  /** Atoms it makes are `instanceof` it. */
  readonly prototype: Atom;
}

/** Each dtype's factory class, as `Atom.fromDType` makes it. */
const FACTORY_CLASSES: Partial<Record<DType, (options: AtomFromDTypeOptions) => Atom>> = {};

/** A subclass of Atom named as PyTables names it, and a function that makes one with or without `new`. */
function factory<A extends unknown[]>(
  dtype: DType,
  toOptions: (...args: A) => AtomFromDTypeOptions,
): unknown {
  const name = DTYPES[dtype].atom;
  const cls = {
    [name]: class extends Atom {
      constructor(options: AtomFromDTypeOptions) {
        super(dtype, options);
      }
    },
  }[name];
  FACTORY_CLASSES[dtype] = (options) => new cls(options);
  const make = function (...args: A): Atom {
    return new cls(toOptions(...args));
  };
  Object.defineProperty(make, 'name', { value: name });
  make.prototype = cls.prototype;
  return make;
}

function numeric(dtype: DType): AtomFactory {
  return factory(dtype, (options: AtomOptions = {}) => {
    checkOptions(options, ATOM_OPTIONS, DTYPES[dtype].atom);
    return options;
  }) as AtomFactory;
}

/** An 8-bit signed integer atom (PyTables' Int8Atom). */
export const Int8Atom = numeric('int8');
/** An 8-bit unsigned integer atom (PyTables' UInt8Atom). */
export const UInt8Atom = numeric('uint8');
/** A 16-bit signed integer atom (PyTables' Int16Atom). */
export const Int16Atom = numeric('int16');
/** A 16-bit unsigned integer atom (PyTables' UInt16Atom). */
export const UInt16Atom = numeric('uint16');
/** A 32-bit signed integer atom (PyTables' Int32Atom). */
export const Int32Atom = numeric('int32');
/** A 32-bit unsigned integer atom (PyTables' UInt32Atom). */
export const UInt32Atom = numeric('uint32');
/** A 64-bit signed integer atom (PyTables' Int64Atom); its dflt is a bigint. */
export const Int64Atom = numeric('int64');
/** A 64-bit unsigned integer atom (PyTables' UInt64Atom); its dflt is a bigint. */
export const UInt64Atom = numeric('uint64');
/** A 32-bit float atom (PyTables' Float32Atom). */
export const Float32Atom = numeric('float32');
/** A 64-bit float atom (PyTables' Float64Atom). */
export const Float64Atom = numeric('float64');
/** A 16-bit float atom (PyTables' Float16Atom, IEEE half): its data is a Float32Array, values rounded to half. */
export const Float16Atom = numeric('float16');
/** A boolean atom (PyTables' BoolAtom), stored as one byte. */
export const BoolAtom = numeric('bool');
/** A fixed-length string atom of `itemsize` bytes (PyTables' StringAtom; numpy's `S<itemsize>`). */
export const StringAtom = factory('string', (itemsize: number, options: AtomOptions = {}) => {
  if (typeof itemsize !== 'number') {
    throw new TypeError(`StringAtom: itemsize must be a number, not ${typeName(itemsize)}`);
  }
  checkOptions(options, ATOM_OPTIONS, 'StringAtom');
  return { ...options, itemsize };
}) as StringAtomFactory;

/**
 * @internal An atom given as an Atom or a dtype name (`'float64'`); `what` names the
 * argument in the TypeError for anything else (a string dtype needs StringAtom(itemsize)).
 */
export function toAtom(atom: unknown, what: string): Atom {
  if (atom instanceof Atom) return atom;
  if (typeof atom === 'string' && Object.hasOwn(DTYPES, atom)) {
    if (atom === 'string') {
      throw new TypeError(`${what}: the dtype 'string' needs an itemsize: pass StringAtom(itemsize)`);
    }
    return Atom.fromDType(atom as DType);
  }
  const shown = typeof atom === 'string' ? `'${atom}'` : typeName(atom);
  throw new TypeError(
    `${what} must be an Atom (Float64Atom(), StringAtom(8), ...) or a dtype name ('float64', 'int32', ...), not ${shown}`,
  );
}

// ---- complex ---------------------------------------------------------------------------

/** ComplexAtom's factory: `ComplexAtom(16)` (complex128), `ComplexAtom(8, { dflt: { re: 1, im: 2 } })`. */
export interface ComplexAtomFactory {
  /** Makes a complex atom of `itemsize` bytes: 8 (complex64) or 16 (complex128). */
  (itemsize: number, options?: AtomOptions): Atom;
  /** The same as calling it. */
  new (itemsize: number, options?: AtomOptions): Atom;
  /** Atoms it makes are `instanceof` it. */
  readonly prototype: Atom;
}

const COMPLEX_SIZES: Readonly<Record<number, DType>> = { 8: 'complex64', 16: 'complex128' };

const ComplexAtomClass = class ComplexAtom extends Atom {
  constructor(itemsize: number, options: AtomOptions) {
    const dtype = COMPLEX_SIZES[itemsize];
    if (typeof itemsize !== 'number') {
      throw new TypeError(`ComplexAtom: itemsize must be a number, not ${typeName(itemsize)}`);
    }
    if (dtype === undefined) {
      throw new RangeError(
        `ComplexAtom: invalid item size ${itemsize}; it must be 8 (complex64) or 16 (complex128)`,
      );
    }
    checkOptions(options, ATOM_OPTIONS, 'ComplexAtom');
    super(dtype, options);
  }
};
for (const [size, dtype] of Object.entries(COMPLEX_SIZES)) {
  FACTORY_CLASSES[dtype] = (options) => {
    const { itemsize, ...rest } = options;
    if (itemsize !== undefined && itemsize !== Number(size)) {
      throw new RangeError(`Atom: a ${dtype} atom's itemsize is ${size}, not ${itemsize}`);
    }
    return new ComplexAtomClass(Number(size), rest);
  };
}

function complexFactory(fixed?: number): ComplexAtomFactory {
  const make = function (...args: unknown[]): Atom {
    if (fixed !== undefined) return new ComplexAtomClass(fixed, (args[0] ?? {}) as AtomOptions);
    return new ComplexAtomClass(args[0] as number, (args[1] ?? {}) as AtomOptions);
  };
  Object.defineProperty(make, 'name', { value: 'ComplexAtom' });
  make.prototype = ComplexAtomClass.prototype;
  return make as unknown as ComplexAtomFactory;
}

/**
 * A complex atom (PyTables' ComplexAtom): `ComplexAtom(8)` is complex64 (two float32),
 * `ComplexAtom(16)` complex128 (two float64); HDF5 stores it as the compound {r, i}, as
 * PyTables and h5py do. Its data is interleaved re, im; its dflt a `{ re, im }` (or a number).
 */
export const ComplexAtom = complexFactory();
/**
 * `ComplexAtom(8)` by its numpy name (PyTables 3 refuses this name, to avoid confusion with
 * PyTables 1's meaning; h5tables keeps it as a shorthand: the atom is a ComplexAtom).
 */
export const Complex64Atom = complexFactory(8) as unknown as AtomFactory;
/** `ComplexAtom(16)` by its numpy name (see Complex64Atom). */
export const Complex128Atom = complexFactory(16) as unknown as AtomFactory;

// ---- enum ------------------------------------------------------------------------------

/** The options of EnumAtom: its own shape (PyTables' `shape`). */
export interface EnumAtomOptions {
  /** The atom's own shape (an array atom); a number n means [n]; default [] (a scalar). */
  shape?: number | readonly number[];
}

const ENUM_OPTIONS: OptionTable = { shape: checkShapeOption };

/**
 * An enumerated atom (PyTables' EnumAtom), made by `EnumAtom(...)` (see EnumAtomFactory).
 * Stored as HDF5's H5T_ENUM over the base integer type; the data is the concrete values
 * (dtype: the base's), `enum` names them. `dflt` is the default's concrete value
 * (`dfltName` its name).
 */
class EnumAtomClass extends Atom {
  /** The enumerated type. */
  declare readonly enum: Enum;
  /** The integer atom the values are stored as. */
  declare readonly base: Atom;
  /** The name of the default value. */
  declare readonly dfltName: string;

  /**
   * @param enumeration an Enum, or what `new Enum()` takes (names, `{ name: value }`, a Map)
   * @param dflt the default's name
   * @param base the storage atom: an integer Atom (`UInt8Atom()`) or dtype name ('int32', ...)
   * @param options the atom's own shape
   */
  constructor(
    enumeration: Enum | EnumSource,
    dflt: string,
    base: Atom | DType,
    options: EnumAtomOptions = {},
  ) {
    const e = enumeration instanceof Enum ? enumeration : new Enum(enumeration);
    const baseAtom = base instanceof Atom ? base : isDType(base) ? Atom.fromDType(base) : undefined;
    if (baseAtom === undefined || baseAtom instanceof EnumAtomClass || !INTEGER_RANGES[baseAtom.dtype]) {
      throw new TypeError(
        `EnumAtom: base must be an integer atom or dtype ('uint8', Int32Atom(), ...), not ${base instanceof Atom ? String(base) : typeof base === 'string' ? `'${base}'` : typeName(base)}`,
      );
    }
    if (baseAtom.shape.length > 0)
      throw new TypeError(`EnumAtom: base must be a scalar atom, not ${String(baseAtom)}`);
    checkOptions(options, ENUM_OPTIONS, 'EnumAtom');
    if (typeof dflt !== 'string')
      throw new TypeError(`EnumAtom: dflt must be a name of the enum, not ${typeName(dflt)}`);
    const value = e.get(dflt);
    const [lo, hi] = INTEGER_RANGES[baseAtom.dtype] as readonly [bigint, bigint];
    for (const v of e.values) {
      if (BigInt(v) < lo || BigInt(v) > hi) {
        throw new RangeError(`EnumAtom: the base ${baseAtom.dtype} cannot hold the enum's value ${v}`);
      }
    }
    const wide = DTYPES[baseAtom.dtype].itemsize === 8;
    super(
      baseAtom.dtype,
      { shape: options.shape, dflt: wide ? BigInt(value) : value },
      {
        enum: e,
        base: baseAtom,
        dfltName: dflt,
      },
    );
  }

  /** PyTables' kind: 'enum'. */
  override get kind(): AtomKind {
    return 'enum';
  }

  /** PyTables' type: 'enum'. */
  override get type(): 'enum' {
    return 'enum';
  }

  /** Whether `other` is an EnumAtom of an equal Enum, base, default and shape. */
  override equals(other: unknown): boolean {
    return other instanceof EnumAtomClass && other.enum.equals(this.enum) && super.equals(other);
  }

  /** PyTables' repr(): `EnumAtom(enum=Enum({...}), dflt='red', base=UInt8Atom(shape=(), dflt=0), shape=())`. */
  override toString(): string {
    return enumAtomRepr(String(this.enum), this.dfltName, this.base.dtype, [...this.shape]);
  }
}
Object.defineProperty(EnumAtomClass, 'name', { value: 'EnumAtom' });

/** An enumerated atom (PyTables' EnumAtom): its `enum`, `base`, `dflt` (a value) and `dfltName`. */
export type EnumAtom = EnumAtomClass;

/** EnumAtom's factory: `EnumAtom(['red', 'green'], 'red', 'uint8')`, with or without `new`. */
export interface EnumAtomFactory {
  /**
   * Makes an enumerated atom.
   * @param enumeration an Enum, or what `new Enum()` takes (names, `{ name: value }`, a Map)
   * @param dflt the default's name
   * @param base the storage atom: an integer Atom (`UInt8Atom()`) or dtype name ('int32', ...)
   * @param options the atom's own shape
   */
  (enumeration: Enum | EnumSource, dflt: string, base: Atom | DType, options?: EnumAtomOptions): EnumAtom;
  /** The same as calling it. */
  new (enumeration: Enum | EnumSource, dflt: string, base: Atom | DType, options?: EnumAtomOptions): EnumAtom;
  /** Atoms it makes are `instanceof` it. */
  readonly prototype: EnumAtom;
}

/**
 * An enumerated atom (PyTables' EnumAtom): `EnumAtom(['red', 'green'], 'red', 'uint8')` or
 * `EnumAtom(new Enum({ a: 1, b: 5 }), 'b', UInt8Atom(), { shape: [2] })`. PyTables stores the
 * default's name first among the members, and reads the first member as the default: so
 * does h5tables.
 */
export const EnumAtom = (() => {
  const make = function (
    enumeration: Enum | EnumSource,
    dflt: string,
    base: Atom | DType,
    options?: EnumAtomOptions,
  ): EnumAtom {
    return new EnumAtomClass(enumeration, dflt, base, options);
  };
  Object.defineProperty(make, 'name', { value: 'EnumAtom' });
  make.prototype = EnumAtomClass.prototype;
  return make as unknown as EnumAtomFactory;
})();

// ---- VLArray's pseudo-atoms (PyTables' VLStringAtom, VLUnicodeAtom, ObjectAtom) ----

/** The kind of a pseudo-atom: its PSEUDOATOM attribute in the file. */
export type PseudoAtomKind = 'vlstring' | 'vlunicode' | 'object';

const PSEUDO_NAMES: Readonly<Record<PseudoAtomKind, string>> = {
  vlstring: 'VLStringAtom',
  vlunicode: 'VLUnicodeAtom',
  object: 'ObjectAtom',
};

/**
 * A VLArray row type that is not a plain atom (PyTables' pseudo-atoms): `VLStringAtom()`
 * (each row one string, stored as its UTF-8 bytes), `VLUnicodeAtom()` (each row one
 * string, stored as UCS-4 code points) and `ObjectAtom()` (each row a Python pickle,
 * which h5tables reads as raw bytes and does not write). `base` is the atom the rows are
 * stored in. `String(atom)` is PyTables' repr, `VLStringAtom()`.
 */
export class PseudoAtom {
  /** 'vlstring', 'vlunicode' or 'object' (PyTables' kind and type). */
  declare readonly kind: PseudoAtomKind;
  /** The stored element: UInt8Atom() for vlstring and object, UInt32Atom() for vlunicode. */
  declare readonly base: Atom;

  /** Use VLStringAtom(), VLUnicodeAtom() or ObjectAtom(). */
  constructor(kind: PseudoAtomKind) {
    if (!Object.hasOwn(PSEUDO_NAMES, kind)) {
      throw new TypeError(
        `PseudoAtom: unknown kind ${typeof kind === 'string' ? `'${kind}'` : typeName(kind)}`,
      );
    }
    const base = Atom.fromDType(kind === 'vlunicode' ? 'uint32' : 'uint8');
    Object.assign(this, { kind, base });
    Object.freeze(this);
  }

  /** PyTables' type: the same as kind. */
  get type(): PseudoAtomKind {
    return this.kind;
  }

  /** PyTables' shape of a pseudo-atom: (). */
  get shape(): readonly number[] {
    return [];
  }

  /** Whether `other` is a pseudo-atom of the same kind. */
  equals(other: unknown): boolean {
    return other instanceof PseudoAtom && other.kind === this.kind;
  }

  /** PyTables' repr(): `VLStringAtom()`. */
  toString(): string {
    return `${PSEUDO_NAMES[this.kind]}()`;
  }

  /** `util.inspect(atom)`: the same as String(atom). */
  [inspect.custom](): string {
    return this.toString();
  }
}

/** Each VLArray row one string, stored as UTF-8 bytes (PyTables' VLStringAtom). */
export function VLStringAtom(): PseudoAtom {
  return new PseudoAtom('vlstring');
}
/** Each VLArray row one string, stored as UCS-4 code points (PyTables' VLUnicodeAtom). */
export function VLUnicodeAtom(): PseudoAtom {
  return new PseudoAtom('vlunicode');
}
/**
 * PyTables' ObjectAtom: each row a pickled Python object. h5tables reads such rows as
 * their raw bytes (a Uint8Array each) and does not unpickle or write them.
 */
export function ObjectAtom(): PseudoAtom {
  return new PseudoAtom('object');
}
