// Test-only entry point for the filters' encoders (binding/hdf5/filters/write_for_tests.h).
#pragma once

#include <napi.h>

namespace h5t {

// _writeFilteredForTests(filename, name, data, { chunk, shuffle, filter, cdValues }):
// data is a Float64Array, Int32Array or Uint8Array.
Napi::Value WriteFilteredForTestsJs(const Napi::CallbackInfo& info);

}  // namespace h5t
