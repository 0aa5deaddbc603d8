// PyTables' exception classes, as JavaScript Errors.
//
// Where PyTables raises a Python builtin, h5tables throws the closest JavaScript builtin:
// ValueError and IndexError become RangeError, TypeError stays TypeError, OSError becomes
// an Error with a Node-style `code` ('ENOENT', ...).
//
// Every class carries a Node-style `code`, so callers can branch on it without
// `instanceof` (across copies of the package, or after structured cloning):
//   HDF5ExtError     'ERR_HDF5' (the binding's own code for a failing libhdf5 call)
//   NodeError        'ERR_H5_NODE'
//   NoSuchNodeError  'ERR_H5_NO_SUCH_NODE'
//   FileModeError    'ERR_H5_FILE_MODE'
//   ClosedFileError  'ERR_H5_CLOSED_FILE'
//   ClosedNodeError  'ERR_H5_CLOSED_NODE'
// A cancelled Promise form rejects with a DOMException named 'AbortError' (lib/abort.ts).

import type { NativeError } from './native';

/** Base of every h5tables-specific error; `name` is always the concrete class name. */
abstract class H5TablesError extends Error {
  /** A Node-style code naming the class of error (see each class). */
  abstract readonly code: string;
  /**
   * Made by h5tables; user code rarely constructs one.
   * @param message what went wrong, naming the file, node or option involved
   */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A libhdf5 call failed. The message ends with the innermost HDF5 error. `code` is
 * `'ERR_HDF5'`, the code the binding gives every failing libhdf5 call.
 */
export class HDF5ExtError extends H5TablesError {
  /** Always `'ERR_HDF5'`. */
  readonly code = 'ERR_HDF5';
  /** HDF5's error stack, innermost last, as "function(): description (major: minor)". */
  readonly hdf5Stack: string[];
  /**
   * Made by h5tables when a libhdf5 call fails; user code rarely constructs one.
   * @param message what failed, ending with the innermost HDF5 error
   * @param hdf5Stack HDF5's error stack, innermost last
   */
  constructor(message: string, hdf5Stack: string[] = []) {
    super(message);
    this.hdf5Stack = hdf5Stack;
  }
}

/** An invalid operation on the node tree (duplicate name, non-empty group, ...); `code` `'ERR_H5_NODE'`. */
export class NodeError extends H5TablesError {
  /** `'ERR_H5_NODE'`; `'ERR_H5_NO_SUCH_NODE'` for a NoSuchNodeError. */
  readonly code: 'ERR_H5_NODE' | 'ERR_H5_NO_SUCH_NODE' = 'ERR_H5_NODE';
}

/** The node asked for does not exist; `code` `'ERR_H5_NO_SUCH_NODE'`. */
export class NoSuchNodeError extends NodeError {
  /** Always `'ERR_H5_NO_SUCH_NODE'`. */
  override readonly code = 'ERR_H5_NO_SUCH_NODE';
}

/** A write was attempted on a file opened read-only; `code` `'ERR_H5_FILE_MODE'`. */
export class FileModeError extends H5TablesError {
  /** Always `'ERR_H5_FILE_MODE'`. */
  readonly code = 'ERR_H5_FILE_MODE';
}

/** The file was already closed; `code` `'ERR_H5_CLOSED_FILE'`. */
export class ClosedFileError extends H5TablesError {
  /** Always `'ERR_H5_CLOSED_FILE'`. */
  readonly code = 'ERR_H5_CLOSED_FILE';
}

/** The node belongs to a closed file (or was removed); `code` `'ERR_H5_CLOSED_NODE'`. */
export class ClosedNodeError extends H5TablesError {
  /** Always `'ERR_H5_CLOSED_NODE'`. */
  readonly code = 'ERR_H5_CLOSED_NODE';
}

/**
 * @internal The NoSuchNodeError for a path that does not resolve, naming the deepest group
 * that exists and the child it lacks (`group ``/a`` does not have a child named ``b```),
 * or the node on the way that is not a group. `kindOf` tells what is at a path (null:
 * nothing).
 */
export function noSuchNode(path: string, kindOf: (path: string) => string | null): NoSuchNodeError {
  const parts = path.split('/').filter((p) => p !== '');
  let parent = '/';
  for (const part of parts) {
    const child = parent === '/' ? `/${part}` : `${parent}/${part}`;
    const kind = kindOf(child);
    if (kind === null)
      return new NoSuchNodeError(`group \`\`${parent}\`\` does not have a child named \`\`${part}\`\``);
    if (kind !== 'group' && child !== path) {
      return new NoSuchNodeError(`node \`\`${child}\`\` is not a group, so \`\`${path}\`\` does not exist`);
    }
    parent = child;
  }
  return new NoSuchNodeError(`no node at \`\`${path}\`\``);
}

/** @internal A missing attribute (PyTables' AttributeError): an Error with `code` 'ERR_H5_NO_SUCH_ATTRIBUTE'. */
export function noSuchAttribute(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_H5_NO_SUCH_ATTRIBUTE' });
}

function isNativeError(err: unknown): err is NativeError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string';
}

/**
 * Runs a native call and translates its errors: ERR_HDF5 becomes HDF5ExtError (stack kept),
 * ERR_CLOSED becomes ClosedFileError. ERR_INVALID_ARG means lib/ passed something the
 * binding rejects: it stays a TypeError.
 */
export function nativeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw translate(err);
  }
}

/** nativeCall for the binding's promise forms. */
export async function nativeCallAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translate(err);
  }
}

function translate(err: unknown): unknown {
  if (isNativeError(err)) {
    if (err.code === 'ERR_HDF5') return new HDF5ExtError(err.message, err.hdf5Stack ?? []);
    if (err.code === 'ERR_CLOSED') return new ClosedFileError('the file object is closed');
  }
  return err;
}
