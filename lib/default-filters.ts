// Which filters a new leaf gets when none are given (PyTables: its parent group's
// FILTERS attribute, else Filters()), and the FILTERS attribute itself.

import { nativeCall } from './errors';
import { Filters, packFilters, unpackFilters } from './filters';
import type { Group } from './group';
import type { NativeFile, NativeWriteValue } from './native';

/** @internal The FILTERS attribute of the group at `path`, or null when it has none (or PyTables could not parse it). */
export function groupFilters(nat: NativeFile, path: string): Filters | null {
  if (!nativeCall(() => nat.hasAttribute(path, 'FILTERS'))) return null;
  const raw = nativeCall(() => nat.readAttribute(path, 'FILTERS'));
  const value = raw.shape !== null && raw.shape.length === 0 ? raw.data[0] : undefined;
  return typeof value === 'bigint' || typeof value === 'number' ? unpackFilters(value) : null;
}

/** @internal The FILTERS attribute PyTables writes for `filters`: a scalar int64. */
export function filtersAttribute(filters: Filters): NativeWriteValue {
  return { dtype: 'int64', shape: [], data: new BigInt64Array([packFilters(filters)]) };
}

/**
 * @internal The filters of a new leaf under `parent`: `given` when given (a TypeError
 * naming `what` if it is not a Filters), else the parent group's FILTERS (which PyTables
 * sets on a new file's root from openFile's `filters`, and copies to new groups), else
 * `new Filters()` (no compression).
 */
export function defaultFilters(parent: Group, given?: unknown, what = 'filters'): Filters {
  if (given !== undefined && given !== null) {
    if (!(given instanceof Filters)) throw new TypeError(`${what} must be a Filters instance`);
    return given;
  }
  return groupFilters(parent._check(), parent._path) ?? new Filters();
}
