// A file's bytes: flushing, and its HDF5 image taken out (a copy, or the driver's memory
// itself when the file is closed with it), in both sync and Promise forms.

import { queued, throwIfAborted } from './abort';
import { nativeCall, nativeCallAsync } from './errors';
import type { File } from './file';

/** Flushes everything to the file (for CORE with a backing store: to the disk). */
export function flush(file: File): void {
  const nat = file._nat();
  nativeCall(() => nat.flush());
}

/** flush() on the HDF5 thread. */
export async function flushAsync(file: File, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  const nat = file._nat();
  await queued(signal, (q) => nat.flushAsync(q));
}

/** The whole file as an HDF5 image, flushed first: an unflushed image does not reopen. */
export function getFileImage(file: File): Buffer {
  const nat = file._nat();
  nativeCall(() => nat.flush());
  return nativeCall(() => nat.getFileImage());
}

/** getFileImage() on the HDF5 thread. */
export async function getFileImageAsync(file: File, signal?: AbortSignal): Promise<Buffer> {
  throwIfAborted(signal);
  const nat = file._nat();
  await queued(signal, (q) => nat.flushAsync(q));
  return queued(signal, (q) => nat.getFileImageAsync(q));
}

/**
 * Flushes, closes the file and returns its image: for a CORE file created in memory or
 * opened from an image, the driver's memory becomes the Buffer without a copy.
 */
export function takeFileImage(file: File): Buffer {
  const nat = file._nat();
  file._detach();
  try {
    // Closes the native file in every case; an image read in place is copied once.
    return nativeCall(() => nat.takeFileImage());
  } finally {
    file._released();
  }
}

/** takeFileImage() on the HDF5 thread; the file is closed at once. */
export async function takeFileImageAsync(file: File, signal?: AbortSignal): Promise<Buffer> {
  // Only an already aborted signal stops it: once called, the file is closed at once.
  throwIfAborted(signal);
  const nat = file._nat();
  file._detach();
  try {
    return await nativeCallAsync(() => nat.takeFileImageAsync());
  } finally {
    file._released();
  }
}
