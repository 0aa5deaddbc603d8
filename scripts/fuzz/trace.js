'use strict';
// Names the native call a case dies in: wraps the addon (as lib/ loads it, through
// dist/native.js) so that every call on it and on each NativeFile is reported, before it
// runs, by a synchronous write to the parent. A crash then leaves its last call behind.

/** A short, one-line rendering of call arguments (buffers by size only). */
function showArg(a) {
  if (a === undefined) return 'undefined';
  if (ArrayBuffer.isView(a)) return `<${a.constructor.name} ${a.byteLength} bytes>`;
  if (a instanceof ArrayBuffer) return `<ArrayBuffer ${a.byteLength} bytes>`;
  if (a !== null && typeof a === 'object') {
    const parts = Object.entries(a).map(([k, v]) => `${k}: ${showArg(v)}`);
    return `{ ${parts.join(', ')} }`;
  }
  const s = JSON.stringify(a);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * A stand-in for a native object whose every method reports its call and then runs on the
 * real object (a Proxy cannot do this: the addon's methods are read-only, non-configurable).
 */
function traced(target, prefix, report, wrapResult) {
  const stand = {};
  for (let o = target; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key === 'constructor' || Object.hasOwn(stand, key)) continue;
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (typeof d.value === 'function') {
        const fn = d.value;
        stand[key] = (...args) => {
          report(`${prefix}.${key}(${args.map(showArg).join(', ')})`);
          const r = fn.apply(target, args);
          return wrapResult ? wrapResult(key, r) : r;
        };
      } else {
        Object.defineProperty(stand, key, { get: () => target[key], enumerable: true });
      }
    }
  }
  return stand;
}

/**
 * Installs the tracer on the package at `dist` (its native.js). Returns false when the
 * loader cannot be wrapped (the probes' steps are then the finest attribution).
 */
function installTracer(dist, report) {
  const loader = require(`${dist}/native.js`);
  if (typeof loader.native !== 'function') return false;
  const real = loader.native();
  const wrapFile = (f) => traced(f, 'file', report);
  const mod = traced(real, 'h5', report, (key, r) => {
    if (key === 'openFile') return wrapFile(r);
    if (key === 'openFileAsync') return r.then(wrapFile);
    return r;
  });
  try {
    loader.native = () => mod;
  } catch {
    return false;
  }
  return loader.native() === mod;
}

module.exports = { installTracer, showArg };
