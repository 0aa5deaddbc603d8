// Natural naming: `group.child` and `attrs.name` through a Proxy, where real members win.
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
  /** Deletes one (attributes only). */
  delete?(name: string): void;
  /**
   * Called instead of assigning, defining or deleting a real member (attributes only): it
   * throws, so `attrs.keys = 1` neither replaces the method nor writes an attribute.
   */
  member?(name: string | symbol, op: 'set' | 'delete' | 'define'): never;
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
 * PyTables' repr, and tab completion lists the names from the prototype's ownKeys. Only
 * reads and `in` go to `access` (assignment and `delete` stay plain).
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

/** Wraps `target` so that names it does not define go to `access`. */
export function naturalProxy<T extends object>(target: T, access: (self: T) => NaturalAccess): T {
  const natural = (name: string | symbol): name is string => typeof name === 'string' && !(name in target);
  return new Proxy(target, {
    ownKeys(obj) {
      const keys = Reflect.ownKeys(obj);
      return [...keys, ...extraKeys((n) => n in obj, keys, access(obj))];
    },
    getOwnPropertyDescriptor(obj, name) {
      return (
        Reflect.getOwnPropertyDescriptor(obj, name) ?? naturalDescriptor((n) => n in obj, name, access(obj))
      );
    },
    get(obj, name, receiver) {
      if (!natural(name)) return Reflect.get(obj, name, receiver);
      return access(receiver as T).get(name);
    },
    has(obj, name) {
      if (!natural(name)) return Reflect.has(obj, name);
      return access(obj).has(name);
    },
    set(obj, name, value, receiver) {
      const a = access(receiver as T);
      if (a.member && name in obj) a.member(name, 'set');
      if (!natural(name) || !a.set) return Reflect.set(obj, name, value, receiver);
      a.set(name, value);
      return true;
    },
    defineProperty(obj, name, descriptor) {
      // Reflect.set above defines new symbol-keyed properties through here too.
      const a = access(obj);
      if (a.member && name in obj) a.member(name, 'set');
      if (a.member && typeof name === 'string') a.member(name, 'define');
      return Reflect.defineProperty(obj, name, descriptor);
    },
    deleteProperty(obj, name) {
      const a = access(obj);
      if (a.member && name in obj) a.member(name, 'delete');
      if (!natural(name) || !a.delete) return Reflect.deleteProperty(obj, name);
      a.delete(name);
      return true;
    },
  });
}
