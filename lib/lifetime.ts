// A File dropped without close(): when GC collects it, its native file is closed and its
// path leaves the registry of open files (lib/open.ts), so a later openFile(path, 'w')
// is not refused as "already opened" and nothing it held stays allocated.
//
// The registry holds the native file, not the File: the native file keeps no reference
// back, so holding it does not keep the File alive. It is closed with closeAsync, on the
// HDF5 thread after the file's pending operations, so a GC callback never blocks the
// event loop on the HDF5 lock; the path is released once that close has finished.

import type { NativeFile } from './native';

interface Held {
  native: NativeFile;
  release: () => void;
}

const dropped = new FinalizationRegistry<Held>(({ native, release }) => {
  if (!native.isOpen()) {
    release();
    return;
  }
  let closing: Promise<void>;
  try {
    closing = native.closeAsync();
  } catch {
    release();
    return;
  }
  // A failed close cannot be reported to anyone: the id is released either way.
  closing.then(release, release);
});

/**
 * Watches `file` (the File owning `native`): if it is collected while still registered,
 * the native file is closed and `release` called. Returns the release to call on an
 * explicit close instead, which also stops the watch.
 */
export function watchFile(file: object, native: NativeFile, release: () => void): () => void {
  const held: Held = { native, release };
  dropped.register(file, held, held);
  return () => {
    dropped.unregister(held);
    release();
  };
}
