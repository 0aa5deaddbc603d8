// Test-only: how many whole reads decompressed blosc chunks in place (hdf5/blosc_chunks.h).
#pragma once

#include <napi.h>

namespace h5t {

// _bloscChunkReadsForTests(): a running total for the process (tests compare differences).
Napi::Value BloscChunkReadsForTestsJs(const Napi::CallbackInfo& info);

}  // namespace h5t
