// Test-only: how many path components every file's GroupCache has handed to HDF5.
#pragma once

#include <napi.h>

namespace h5t {

// _pathComponentsForTests(): a running total for the process (tests compare differences).
Napi::Value PathComponentsForTestsJs(const Napi::CallbackInfo& info);

}  // namespace h5t
