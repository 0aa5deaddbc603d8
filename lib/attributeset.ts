// AttributeSet: a node's HDF5 attributes (PyTables' node._v_attrs).
//
// `attrs.x` reads and writes attributes (through a Proxy prototype: lib/proxy.ts), and
// `attrs.delete('x')` deletes one: `delete attrs.x` cannot reach an object that is not a
// Proxy, and a Proxy would show its internals in the REPL. Members of the class
// (its methods and its prototype chain's: `keys`, `set`, `node`, `toString`, `constructor`,
// `__proto__`...) win, so an attribute named like one is reached with get()/set(), and
// assigning to a member's name is a TypeError: it would otherwise replace the method and
// store nothing. A missing attribute reads as undefined, as a missing property does.
// Any other name works both ways, dots, spaces and unicode included.

import { inspect } from 'node:util';

import {
  attributeFromNative,
  attributeValue,
  checkInt64Mode,
  type AttributeValue,
  type Int64Mode,
  type ReadOptions,
} from './dtype';
import { checkOptions, type OptionTable } from './options';
import { ClosedNodeError, nativeCall } from './errors';
import { attrsRepr, attrsStr } from './printed';
import type { NativeFile, NativeReadValue, NativeRecords } from './native';
import type { Node } from './node';
import { unpackFilters } from './filters';
import { compareNames } from './paths';
import { naturalPrototype } from './proxy';
import { valueRepr } from './pyrepr';
import { isRecords, recordsAttribute, recordsRepr } from './attr-records';
import { isRecordValue, recordsValue } from './attr-write';

// PyTables' system attributes (tables/attributeset.py), plus every FIELD_* name.
const SYSTEM = new Set([
  'CLASS',
  'VERSION',
  'TITLE',
  'NROWS',
  'EXTDIM',
  'ENCODING',
  'PYTABLES_FORMAT_VERSION',
  'FLAVOR',
  'FILTERS',
  'AUTO_INDEX',
  'DIRTY',
  'NODE_TYPE',
  'NODE_TYPE_VERSION',
  'PSEUDOATOM',
]);

/** Whether PyTables counts this attribute name as a system attribute. */
export function isSystemAttribute(name: string): boolean {
  return SYSTEM.has(name) || name.startsWith('FIELD_');
}

function checkAttrName(name: unknown): string {
  if (typeof name !== 'string') throw new TypeError('an attribute name must be a string');
  return name;
}

/** Whether HDF5 can store an attribute of this name (no empty name, no NUL: C strings). */
function storable(name: string): boolean {
  return name !== '' && !name.includes('\0');
}

/** A name HDF5 cannot store, refused as PyTables does (ValueError there). */
function checkNewAttrName(name: unknown): string {
  checkAttrName(name);
  if (name === '') throw new RangeError('the empty string is not allowed as an attribute name');
  if (!storable(name as string)) throw new RangeError('an attribute name must not contain NUL characters');
  return name as string;
}

/** The error for `attrs.keys = 1`: point at the method form. */
function memberError(name: string): never {
  throw new TypeError(
    `\`${name}\` is a member of AttributeSet and cannot be assigned; to write an attribute of that name use attrs.set(${JSON.stringify(name)}, value)`,
  );
}

const GET_OPTIONS: OptionTable = { int64: (value) => void checkInt64Mode(value, 'attrs.get') };

/** The int64 mode an attrs.get() options object asks for (undefined: the file's). */
function readInt64(options: unknown): Int64Mode | undefined {
  if (options === undefined) return undefined;
  checkOptions(options, GET_OPTIONS, 'attrs.get');
  return (options as ReadOptions).int64;
}

/**
 * @internal AttributeSet.set's work, for a node that need not have made its set (File's
 * setNodeAttr on a node just created: no set object, no natural-naming prototype).
 */
export function writeNodeAttribute(node: Node, name: string, value: AttributeValue): void {
  checkNewAttrName(name);
  if (!node.isOpen) throw node._closedError('the node for attribute set');
  const nat = node._file._nat();
  node._file._checkWritable();
  const path = node._path;
  if (isRecordValue(value)) {
    const records = recordsValue(value);
    nativeCall(() => nat.writeAttributeRecords(path, name, records));
    return;
  }
  const native = attributeValue(value);
  nativeCall(() => nat.writeAttribute(path, name, native));
}

/**
 * Attributes reached as properties: `attrs.x` reads (undefined when absent), `attrs.x = v`
 * writes. Delete with `attrs.delete('x')`: `delete attrs.x` does nothing (the set is not a
 * Proxy, so the REPL shows its repr). Members of AttributeSet win over attribute names.
 */
export interface AttributeValues {
  [name: string]: AttributeValue | undefined;
}

/**
 * A node's attributes (PyTables' `AttributeSet`, `node._v_attrs`): `get`, `set`, `delete`,
 * `has`, `keys`, and property access for names that are not its own members.
 */
export class AttributeSet {
  // A private field, not a property: `attrs._node = x` then meets the member check.
  readonly #node: Node;

  /** @internal */
  get _node(): Node {
    return this.#node;
  }

  /** @internal Created by Node.attrs. */
  constructor(node: Node) {
    this.#node = node;
    // Not a Proxy itself, so the REPL prints PyTables' repr and completes attribute names
    // (it shows a Proxy's internals, and from Node 24 completes nothing behind one).
    naturalPrototype(this, {
      get: (name) => this.get(name),
      has: (name) => this.has(name),
      set: (name, value) => {
        this.set(name, value as AttributeValue);
      },
      member: memberError,
      names: () => this.keys(),
    });
    // A property defined on the set itself could never be an attribute: refuse it.
    Object.preventExtensions(this);
  }

  /** @internal The native file, after checking the node is still usable. */
  _nat(): NativeFile {
    if (!this._node.isOpen) throw this._node._closedError('the node for attribute set');
    return this._node._file._nat();
  }

  private _path(): string {
    return this._node._path;
  }

  /** The node these attributes belong to. */
  get node(): Node {
    return this._node;
  }

  /**
   * The value of an attribute, or undefined when it does not exist. An int64 attribute (a
   * Python int from PyTables) is a bigint, or a number with `{ int64: 'number' }` here or as
   * the file's option (a RangeError beyond ±(2^53 - 1)); `attrs.x` follows the file's option.
   */
  get(name: string, options?: ReadOptions): AttributeValue | undefined {
    const int64 = readInt64(options) ?? this._node._file._int64;
    const raw = this._raw(checkAttrName(name));
    if (raw === undefined) return undefined;
    // A compound (numpy structured) attribute: its records as plain objects.
    if (isRecords(raw)) return recordsAttribute(raw);
    return attributeFromNative(raw, int64, () => `attribute \`\`${name}\`\` of \`\`${this._path()}\`\``);
  }

  /**
   * @internal The attribute as the binding reads it (keeps the dtype, for repr); a compound
   * attribute as its records (the binding refuses it in readAttribute, naming
   * readAttributeRecords).
   */
  _raw(name: string): NativeReadValue | NativeRecords | undefined {
    const nat = this._nat();
    const path = this._path();
    if (!storable(name)) return undefined;
    if (!nativeCall(() => nat.hasAttribute(path, name))) return undefined;
    try {
      return nativeCall(() => nat.readAttribute(path, name));
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ERR_UNSUPPORTED_TYPE') throw err;
      try {
        return nativeCall(() => nat.readAttributeRecords(path, name));
      } catch (recordsErr) {
        // A compound of a member type h5tables cannot read: that error names the member.
        if ((recordsErr as { code?: unknown }).code === 'ERR_UNSUPPORTED_TYPE') throw recordsErr;
        throw err;
      }
    }
  }

  /**
   * Creates or replaces an attribute. A plain object (or an array of them, all with the
   * same keys) is a compound attribute, as numpy's structured scalar (array): its fields
   * in key order, typed as a record read from a file was, else as numpy types Python
   * values (number float64, bigint int64, boolean bool, string a fixed string of the
   * longest UTF-8 length, `{ re, im }` complex128, a TypedArray its dtype of shape
   * [length], a nested object a nested compound). A value that does not fit is a
   * TypeError naming the field, and nothing is written.
   */
  set(name: string, value: AttributeValue): this {
    writeNodeAttribute(this._node, name, value);
    return this;
  }

  /** Deletes an attribute; false when there was none. */
  delete(name: string): boolean {
    checkAttrName(name);
    const nat = this._nat();
    this._node._file._checkWritable();
    const path = this._path();
    if (!storable(name) || !nativeCall(() => nat.hasAttribute(path, name))) return false;
    nativeCall(() => nat.deleteAttribute(path, name));
    return true;
  }

  /** Whether the attribute exists. */
  has(name: string): boolean {
    checkAttrName(name);
    const nat = this._nat();
    const path = this._path();
    return storable(name) && nativeCall(() => nat.hasAttribute(path, name));
  }

  /** Every attribute name, sorted (PyTables' _v_attrnames). */
  keys(): string[] {
    const nat = this._nat();
    const path = this._path();
    return nativeCall(() => nat.listAttributes(path)).sort(compareNames);
  }

  /** The system attribute names, sorted (PyTables' _v_attrnamessys). */
  systemKeys(): string[] {
    return this.keys().filter(isSystemAttribute);
  }

  /** The user attribute names, sorted (PyTables' _v_attrnamesuser). */
  userKeys(): string[] {
    return this.keys().filter((k) => !isSystemAttribute(k));
  }

  /** [name, value] for every attribute, sorted by name. */
  entries(): [string, AttributeValue][] {
    return this.keys().map((k) => [k, this.get(k) as AttributeValue]);
  }

  /**
   * Iterates `[name, value]` for every attribute, sorted by name, as `entries()` and a
   * Map do: `for (const [name, value] of node.attrs)`. PyTables' `_v_attrs` has no
   * iteration of its own (Python falls back to `attrs[0]`, a KeyError); the entries give
   * both halves, and `keys()` the names alone. The names are listed when iteration starts;
   * each value is read when it is reached.
   */
  *[Symbol.iterator](): Generator<[string, AttributeValue]> {
    for (const name of this.keys()) {
      const value = this.get(name);
      if (value !== undefined) yield [name, value];
    }
  }

  /** PyTables' str(): `/group._v_attrs (AttributeSet), 3 attributes`. */
  toString(): string {
    return attrsStr(this._path(), this.keys().length);
  }

  /** PyTables' repr(): the str() and `name := repr(value)` for each attribute. */
  [inspect.custom](): string {
    const items = this.keys().map((k): [string, string] => [k, this._reprOf(k)]);
    return attrsRepr(this.toString(), items);
  }

  /** repr() of one attribute; one of a type h5tables cannot read must not hide the others. */
  private _reprOf(name: string): string {
    let raw: NativeReadValue | NativeRecords;
    try {
      raw = this._raw(name) as NativeReadValue | NativeRecords;
    } catch (err) {
      if (err instanceof ClosedNodeError) throw err;
      return `<unreadable: ${err instanceof Error ? err.message : String(err)}>`;
    }
    if (isRecords(raw)) return recordsRepr(raw);
    if (name === 'FILTERS' && raw.shape?.length === 0 && typeof raw.data[0] === 'bigint') {
      // PyTables shows a group's packed default filters as the Filters they stand for.
      const filters = unpackFilters(raw.data[0]);
      if (filters) return String(filters);
    }
    return valueRepr(raw);
  }
}
