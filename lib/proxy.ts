// Natural naming: `group.child` and `attrs.name` through a Proxy prototype, where real members win.
//
// JavaScript machinery probes objects for optional members (`await` reads `then`,
// JSON.stringify `toJSON`, test frameworks `asymmetricMatch`, `$$typeof`, `nodeType`,
// `size`...). A missing child of such a name must read as undefined, not throw, or a
// Group could not be awaited, printed or compared.

const PROBES = new Set([
  'then',
  'catch',
  'toJSON',
  'asymmetricMatch',
  'nodeType',
  'nodeName',
  'tagName',
  'size',
  'length',
  'inspect',
  'constructor',
  'prototype',
  '_isMockFunction',
  'getMockName',
  'mock',
]);

/** Whether a missing property of this name must read as undefined rather than throw. */
export function isProbe(name: string): boolean {
  return (
    PROBES.has(name) ||
    name.startsWith('@@') ||
    name.startsWith('$$') ||
    name.startsWith('__') ||
    inReplCompletion()
  );
}

/**
 * Whether Node's REPL completer is asking: from Node 24 on, tab completion of `f.root.g`
 * reads `f.root['g']` (the word being typed) to see whether it is a Proxy, and a throw there
 * escapes the completer and ends the REPL session. Only the missing-name path pays for the
 * stack it reads.
 */
function inReplCompletion(): boolean {
  return new Error().stack?.includes('propHasGetterOrIsProxy') ?? false;
}

export interface NaturalAccess {
  /** The names natural naming reaches, for ownKeys (REPL tab completion, Object.keys). */
  names?(): string[];
  /** Reads a child/attribute that is not a real member. */
  get(name: string): unknown;
  /** Whether such a child/attribute exists. */
  has(name: string): boolean;
  /** Writes one (attributes only). */
  set?(name: string, value: unknown): void;
  /**
   * Called instead of assigning a real member (attributes only): it throws, so
   * `attrs.keys = 1` neither replaces the method nor writes an attribute.
   */
  member?(name: string): never;
}

/** The natural names to report as own keys: not members, not already among `keys`. */
function extraKeys(
  isMember: (name: string) => boolean,
  keys: (string | symbol)[],
  access: NaturalAccess,
): string[] {
  if (!access.names) return [];
  let names: string[];
  try {
    names = access.names();
  } catch {
    return []; // a closed file or node lists nothing
  }
  const taken = new Set(keys);
  return names.filter((n) => !taken.has(n) && !isMember(n));
}

/** A natural name reported by ownKeys, as an accessor read lazily (configurable: no invariant binds it). */
function naturalDescriptor(
  isMember: (name: string) => boolean,
  name: string | symbol,
  access: NaturalAccess,
): PropertyDescriptor | undefined {
  if (typeof name !== 'string' || isMember(name) || !access.names) return undefined;
  let present: boolean;
  try {
    present = access.has(name);
  } catch {
    return undefined;
  }
  if (!present) return undefined;
  return { get: () => access.get(name), enumerable: true, configurable: true };
}

/**
 * Puts natural naming on `self` without making `self` a Proxy: its prototype becomes a
 * Proxy over its class's prototype, which names `self` does not define reach. So
 * `util.inspect` (and the REPL, which shows a Proxy's internals) sees a plain object with
 * PyTables' repr, and tab completion lists the names from the prototype's ownKeys. Reads,
 * `in` and, when `access.set` is given, assignment go to `access`. `delete` cannot: only a
 * Proxy sees it, and `delete self.x` of a name `self` does not own does nothing.
 */
export function naturalPrototype<T extends object>(self: T, access: NaturalAccess): T {
  const proto = Object.getPrototypeOf(self) as object;
  const natural = (name: string | symbol): name is string => typeof name === 'string' && !(name in proto);
  const isMember = (name: string): boolean => name in proto || Object.hasOwn(self, name);
  Object.setPrototypeOf(
    self,
    new Proxy(proto, {
      get(target, name, receiver) {
        if (!natural(name) || Object.hasOwn(self, name)) return Reflect.get(target, name, receiver);
        return access.get(name);
      },
      has(target, name) {
        if (!natural(name)) return Reflect.has(target, name);
        return access.has(name);
      },
      // Reached for names self does not own: a member is refused (attrs.keys = 1), a natural
      // name written through access, anything else set on self as usual.
      set(target, name, value, receiver) {
        if (access.member && typeof name === 'string' && name in target) access.member(name);
        if (!natural(name) || !access.set || receiver !== self)
          return Reflect.set(target, name, value, receiver);
        access.set(name, value);
        return true;
      },
      // The chain goes on through the class's prototype (instanceof, method listing).
      getPrototypeOf: (target) => target,
      ownKeys(target) {
        const keys = Reflect.ownKeys(target);
        return [...keys, ...extraKeys(isMember, keys, access)];
      },
      getOwnPropertyDescriptor(target, name) {
        return Reflect.getOwnPropertyDescriptor(target, name) ?? naturalDescriptor(isMember, name, access);
      },
    }),
  );
  return self;
}
