#include "js/names.h"

#include "js/addon.h"

namespace h5t {

void PropertyNames::Init(Napi::Env env) {
  static const char* const kNames[kKeys] = {"dtype", "shape",     "data", "start",    "count",
                                            "step",  "atomShape", "enum", "itemsize", "charset"};
  Napi::Array holder = Napi::Array::New(env, kKeys);
  for (uint32_t i = 0; i < kKeys; i++) holder.Set(i, Napi::String::New(env, kNames[i]));
  holder_ = Napi::Persistent(holder.As<Napi::Object>());
}

const PropertyNames& NamesOf(Napi::Env env) { return env.GetInstanceData<Addon>()->names(); }

}  // namespace h5t
