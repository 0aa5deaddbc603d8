// Options objects: each public call that takes one checks it against one table of the
// keys it accepts, before anything touches the disk. An unknown key (a typo, or an option
// of another library such as `backingStore`) is a TypeError naming it and the accepted
// ones: ignoring it could, say, write to disk a file meant to stay in memory.

/** How one option's value is checked; undefined always means "not given". */
export type OptionCheck =
  'string' | 'boolean' | 'number' | 'object' | ((value: unknown, key: string) => void);

/** The accepted keys of one options object, each with its check. */
export type OptionTable = Readonly<Record<string, OptionCheck>>;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * Checks `options` against `table`: a plain object (or a class instance), only accepted
 * keys (own enumerable string keys), each value of its type. `what` names the call in
 * messages ('openFile').
 */
export function checkOptions(options: unknown, table: OptionTable, what: string): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${what}: options must be an object, not ${typeName(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(table, key)) {
      throw new TypeError(
        `${what}: unknown option '${key}'; accepted options: ${Object.keys(table).join(', ')}`,
      );
    }
    const value = (options as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const check = table[key];
    if (typeof check === 'function') check(value, key);
    else if (check === 'object' ? typeof value !== 'object' || value === null : typeof value !== check) {
      throw new TypeError(
        `${what}: option '${key}' must be ${check === 'object' ? 'an' : 'a'} ${check}, not ${typeName(value)}`,
      );
    }
  }
}
