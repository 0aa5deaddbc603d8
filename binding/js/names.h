// Property names every read uses, made once per environment: napi's named-property calls
// internalize their C string on every call (a fifth of a small read's cost, measured).
#pragma once

#include <napi.h>

namespace h5t {

class PropertyNames {
 public:
  enum Key : uint32_t { kDtype, kShape, kData, kStart, kCount, kStep, kAtomShape, kEnum, kItemsize, kCharset, kKeys };
  void Init(Napi::Env env);
  // Node 20 keeps references to objects only: the strings live in an array.
  Napi::Value operator[](Key key) const { return holder_.Value().Get(static_cast<uint32_t>(key)); }

 private:
  Napi::ObjectReference holder_;
};

// This environment's names (JS thread only).
const PropertyNames& NamesOf(Napi::Env env);

}  // namespace h5t
