// openFile's options, read from a NativeOpenOptions object (lib/native.ts).
#pragma once

#include <napi.h>

#include "hdf5/open.h"

namespace h5t {

struct JsOpenOptions {
  OpenOptions options;
  // A no-copy open: the ArrayBuffer the driver reads in place, to keep alive while the
  // file is open (a handle of the calling scope); undefined otherwise.
  Napi::Value image_holder;
};

JsOpenOptions ParseOpenOptions(const Napi::Value& value);

}  // namespace h5t
