// PyTables' enumerated types (tables.misc.enum.Enum): a fixed set of names, each with an
// integer concrete value, as HDF5's H5T_ENUM stores them. Data of an enum leaf or column is
// the concrete values (the base integers); the Enum maps them to names and back.

import { inspect } from 'node:util';

import { pyStr } from './pyrepr';

/** What `new Enum(...)` takes: names (values 0, 1, 2, ...), a `{ name: value }` object, a Map or another Enum. */
export type EnumSource =
  readonly string[] | Readonly<Record<string, number | bigint>> | ReadonlyMap<string, number | bigint> | Enum;

function shown(v: unknown): string {
  return typeof v === 'string' ? pyStr(v) : typeof v === 'bigint' ? `${v}n` : String(v);
}

/**
 * An enumerated type (PyTables' `Enum`): names ↔ integer concrete values, in the order
 * given. `enum.red` or `enum.get('red')` is red's value, `enum.nameOf(0)` the name of 0
 * (PyTables' `enum(0)`), `for (const [name, value] of enum)` the pairs, `enum.has('red')`
 * PyTables' `'red' in enum`. Immutable. `String(enum)` is PyTables' repr:
 * `Enum({'red': 0, 'green': 1, 'blue': 2})`.
 *
 * Names are strings not starting with `_` (PyTables' rule: they become properties) and
 * not one of the class's own members (`get`, `has`, `names`, ...); values are unique
 * integers (numbers, or bigints beyond ±(2^53 - 1)).
 */
export class Enum implements Iterable<[string, number]> {
  /** The names, in order. */
  declare readonly names: readonly string[];
  /** The concrete values, in the names' order. */
  declare readonly values: readonly number[];
  /** Each name's value, as a property (`enum.red`); use `get` when a name may clash. */
  readonly [name: string]: unknown;

  /**
   * An enumerated type from its names and values (PyTables' `Enum(...)`).
   *
   * @param source names (`['red', 'green']`: values 0, 1, ...), `{ red: 0, green: 1 }`,
   *   a Map of name → value, or another Enum
   */
  constructor(source: EnumSource) {
    let pairs: Array<[unknown, unknown]>;
    if (source instanceof Enum) pairs = source.names.map((n, i) => [n, source.values[i]]);
    else if (Array.isArray(source)) pairs = source.map((name: unknown, i) => [name, i]);
    else if (source instanceof Map) pairs = [...(source as Map<unknown, unknown>)];
    else if (source !== null && typeof source === 'object') pairs = Object.entries(source);
    else {
      throw new TypeError(
        `Enum: takes an array of names, an object or Map of name → value, or an Enum, not ${source === null ? 'null' : typeof source}`,
      );
    }
    const names: string[] = [];
    const values: number[] = [];
    for (const [name, value] of pairs) {
      if (typeof name !== 'string') throw new TypeError(`Enum: a name must be a string, not ${shown(name)}`);
      if (name.startsWith('_')) throw new RangeError(`Enum: a name cannot start with '_': ${pyStr(name)}`);
      if (name in Enum.prototype)
        throw new RangeError(`Enum: ${pyStr(name)} is a member of Enum, not a free name`);
      if (names.includes(name)) throw new RangeError(`Enum: duplicate name ${pyStr(name)}`);
      const v =
        typeof value === 'bigint' && value >= -(2n ** 53n) && value <= 2n ** 53n ? Number(value) : value;
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
        throw new TypeError(`Enum: the value of ${pyStr(name)} must be a safe integer, not ${shown(value)}`);
      }
      if (values.includes(v)) throw new RangeError(`Enum: duplicate value ${v} (${pyStr(name)})`);
      names.push(name);
      values.push(v);
    }
    Object.defineProperty(this, 'names', { value: Object.freeze(names), enumerable: false });
    Object.defineProperty(this, 'values', { value: Object.freeze(values), enumerable: false });
    names.forEach((n, i) => Object.defineProperty(this, n, { value: values[i], enumerable: true }));
    Object.freeze(this);
  }

  /** The value of `name` (PyTables' `enum['red']`); a RangeError for a name it lacks. */
  get(name: string): number {
    const i = this.names.indexOf(name);
    if (i < 0) throw new RangeError(`Enum: no enumerated value with that name: ${shown(name)}`);
    return this.values[i] as number;
  }

  /** The name of a concrete value (PyTables' `enum(value)`); a RangeError for a value it lacks. */
  nameOf(value: number | bigint): string {
    const i = this.values.indexOf(Number(value));
    if (i < 0) throw new RangeError(`Enum: no enumerated value with that concrete value: ${shown(value)}`);
    return this.names[i] as string;
  }

  /** Whether `name` is one of its names (PyTables' `'red' in enum`). */
  has(name: string): boolean {
    return this.names.includes(name);
  }

  /** The number of names. */
  get size(): number {
    return this.names.length;
  }

  /** Whether `other` is an Enum of the same names with the same values (order aside), as PyTables' `==`. */
  equals(other: unknown): boolean {
    if (!(other instanceof Enum) || other.names.length !== this.names.length) return false;
    return this.names.every((n, i) => other.has(n) && other.get(n) === this.values[i]);
  }

  /** The (name, value) pairs, in order. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i] as string, this.values[i] as number];
  }

  /** As the binding stores it: names and values in order. */
  toNative(): {
    /** The names, in order. */
    names: string[];
    /** Their values. */
    values: number[];
  } {
    return { names: [...this.names], values: [...this.values] };
  }

  /** PyTables' repr(): `Enum({'red': 0, 'green': 1})`. */
  toString(): string {
    return `Enum({${this.names.map((n, i) => `${pyStr(n)}: ${this.values[i]}`).join(', ')}})`;
  }

  /** `util.inspect(enum)`: the same as String(enum). */
  [inspect.custom](): string {
    return this.toString();
  }
}
