// PyTables' exception classes, as JavaScript Errors.
//
// Where PyTables raises a Python builtin, h5tables throws the closest JavaScript builtin:
// ValueError and IndexError become RangeError, TypeError stays TypeError, OSError becomes
// an Error with a Node-style `code` ('ENOENT', ...).

import type { NativeError } from './native';

/** Base of every h5tables-specific error; `name` is always the concrete class name. */
abstract class H5TablesError extends Error {
  /**
   * Made by h5tables; user code rarely constructs one.
   * @param message what went wrong, naming the file, node or option involved
   */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A libhdf5 call failed. The message ends with the innermost HDF5 error. */
export class HDF5ExtError extends H5TablesError {
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

/** An invalid operation on the node tree (duplicate name, non-empty group, ...). */
export class NodeError extends H5TablesError {}

/** The node asked for does not exist. */
export class NoSuchNodeError extends NodeError {}

/** A write was attempted on a file opened read-only. */
export class FileModeError extends H5TablesError {}

/** The file was already closed. */
export class ClosedFileError extends H5TablesError {}

/** The node belongs to a closed file (or was removed). */
export class ClosedNodeError extends H5TablesError {}

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
