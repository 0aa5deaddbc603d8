// HDF5 path handling the PyTables way: absolute paths, '/' the root, names without '/'.

import { pyStr } from './pyrepr';

/** Joins a group path and a child name. */
export function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Splits '/a/b' into ['/a', 'b']; the root splits into ['/', '']. */
export function splitPath(path: string): [string, string] {
  const i = path.lastIndexOf('/');
  return [i <= 0 ? '/' : path.slice(0, i), path.slice(i + 1)];
}

/**
 * Normalises an absolute path: empty components ('//', a trailing '/') are dropped, as
 * HDF5 resolves them. Relative paths are refused, as PyTables does.
 */
export function normalizePath(path: string): string {
  if (!path.startsWith('/')) throw new RangeError("``where`` must start with a slash ('/')");
  // Already normal (the common case): no split, as paths in deep trees are long.
  if (path === '/' || (!path.endsWith('/') && !path.includes('//'))) return path;
  return (
    '/' +
    path
      .split('/')
      .filter((part) => part !== '')
      .join('/')
  );
}

/** Whether `path` is `ancestor` or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '/' || path === ancestor || path.startsWith(ancestor + '/');
}

/** Checks a new child name with PyTables' rules (ValueError there, RangeError here). */
export function checkName(name: unknown): string {
  if (typeof name !== 'string') throw new TypeError('object name is not a string: ' + String(name));
  if (name === '') throw new RangeError('the empty string is not allowed as an object name');
  if (name === '.') throw new RangeError('``.`` is not allowed as an object name');
  if (name.includes('/')) {
    throw new RangeError(`the \`\`/\`\` character is not allowed in object names: ${pyStr(name)}`);
  }
  return name;
}

/** The ancestors of a path, outermost first, without the root and without the path itself. */
export function ancestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => '/' + parts.slice(0, i + 1).join('/'));
}

/** Python's sort order for str: by code point (JavaScript's sort compares UTF-16 units). */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) as number) - (y[i].codePointAt(0) as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** PyTables' hidden names (`_p_...`, `_i_...`: index data and the like): never listed or walked. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('_p_') || name.startsWith('_i_');
}
