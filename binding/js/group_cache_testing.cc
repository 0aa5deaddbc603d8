#include "js/group_cache_testing.h"

#include "hdf5/group_cache.h"

namespace h5t {

Napi::Value PathComponentsForTestsJs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(GroupCache::ComponentsResolved()));
}

}  // namespace h5t
