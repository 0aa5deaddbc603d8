// A file's bytes: flushing, and its HDF5 image taken out (a copy, or the driver's memory
// itself when the file is closed with it), in both sync and Promise forms.

import { nativeCall, nativeCallAsync } from './errors';
import type { File } from './file';

/** Flushes everything to the file (for CORE with a backing store: to the disk). */
export function flush(file: File): void {
  const nat = file._nat();
  nativeCall(() => nat.flush());
}

/** flush() on the HDF5 thread. */
export async function flushAsync(file: File): Promise<void> {
  const nat = file._nat();
  await nativeCallAsync(() => nat.flushAsync());
}

/** The whole file as an HDF5 image, flushed first: an unflushed image does not reopen. */
export function getFileImage(file: File): Buffer {
  const nat = file._nat();
  nativeCall(() => nat.flush());
  return nativeCall(() => nat.getFileImage());
}

/** getFileImage() on the HDF5 thread. */
export async function getFileImageAsync(file: File): Promise<Buffer> {
  const nat = file._nat();
  await nativeCallAsync(() => nat.flushAsync());
  return nativeCallAsync(() => nat.getFileImageAsync());
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
export async function takeFileImageAsync(file: File): Promise<Buffer> {
  const nat = file._nat();
  file._detach();
  try {
    return await nativeCallAsync(() => nat.takeFileImageAsync());
  } finally {
    file._released();
  }
}
