// Natural naming: `group.child` and `attrs.name` through a Proxy, where real members win.
//
// JavaScript machinery probes objects for optional members (`await` reads `then`,
// JSON.stringify `toJSON`, test frameworks `asymmetricMatch`, `$$typeof`, `nodeType`,
// `size`...). A missing child of such a name must read as undefined, not throw, or a
// Group could not be awaited, printed or compared.

const PROBES = new Set([
  'then', 'catch', 'toJSON', 'asymmetricMatch', 'nodeType', 'nodeName', 'tagName', 'size',
  'length', 'inspect', 'constructor', 'prototype', '_isMockFunction', 'getMockName', 'mock',
]);

/** Whether a missing property of this name must read as undefined rather than throw. */
export function isProbe(name: string): boolean {
  return PROBES.has(name) || name.startsWith('@@') || name.startsWith('$$') || name.startsWith('__');
}

export interface NaturalAccess {
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

/** Wraps `target` so that names it does not define go to `access`. */
export function naturalProxy<T extends object>(target: T, access: (self: T) => NaturalAccess): T {
  const natural = (name: string | symbol): name is string => typeof name === 'string' && !(name in target);
  return new Proxy(target, {
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
