#include "js/memory_read_testing.h"

#include "hdf5/memory_read.h"

namespace h5t {

Napi::Value MemoryReadsForTestsJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(MemoryReadsForTests()));
}

}  // namespace h5t
