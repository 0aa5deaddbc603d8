// An image given to openFile, made safe to read from the HDF5 thread and, for a no-copy
// open, for as long as the file is open.
//
// A Napi::Reference keeps a JS object alive, not its memory: JavaScript can transfer an
// ArrayBuffer (postMessage's transfer list, structuredClone, ArrayBuffer.prototype.transfer)
// or shrink a resizable one while HDF5 reads it, and the memory is then freed under it.
// So the HDF5 thread never reads memory that JavaScript can reach:
// - a copying open (any writable open, or read-only without imageNoCopy) copies the image
//   now, on the JS thread, into memory the CORE driver adopts as its buffer: still one
//   copy in all, and openFileAsync reads nothing of the caller's afterwards;
// - a no-copy open takes the image's ArrayBuffer: when the view covers the whole buffer
//   and it can be transferred, it is transferred into a new ArrayBuffer that only the file
//   holds (the caller's becomes detached, byteLength 0; memory that takeFileImage returned is
//   taken back without a copy, see malloc_buffers.h); otherwise (part of a larger
//   buffer, a SharedArrayBuffer, one that cannot be detached) it is copied as above.
// The file's ArrayBuffer is unreachable from JavaScript, so no sync or async operation
// needs to check for detachment afterwards.
#pragma once

#include <napi.h>

#include "hdf5/core_image.h"

namespace h5t {

struct ImageInput {
  CoreImageRef core_image;  // the memory the driver reads (never the caller's)
  bool in_place = false;    // the driver reads an ArrayBuffer that the file holds
  // In place: that ArrayBuffer, to keep alive while the file is open. A handle of the
  // calling scope (make a reference before returning); undefined otherwise.
  Napi::Value holder;
};

// view is the non-empty image; want_in_place asks for a no-copy open.
ImageInput TakeImage(Napi::Env env, Napi::Uint8Array view, bool want_in_place);

}  // namespace h5t
