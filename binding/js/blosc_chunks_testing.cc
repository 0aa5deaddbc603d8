#include "js/blosc_chunks_testing.h"

#include "hdf5/blosc_chunks.h"

namespace h5t {

Napi::Value BloscChunkReadsForTestsJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(BloscChunkReadsForTests()));
}

}  // namespace h5t
