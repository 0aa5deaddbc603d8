// Per-environment state of the addon (one instance per main thread or worker).
#pragma once

#include <napi.h>

#include "js/async.h"

namespace h5t {

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);

  // A new, closed NativeFile object for openFile to adopt an id into.
  Napi::Object NewFileObject() { return file_constructor_.New({}); }
  AsyncQueue& queue() { return queue_; }

 private:
  Napi::Value OpenFile(const Napi::CallbackInfo& info);
  Napi::Value OpenFileAsync(const Napi::CallbackInfo& info);
  Napi::Value IsHDF5File(const Napi::CallbackInfo& info);

  Napi::FunctionReference file_constructor_;
  AsyncQueue queue_;
};

}  // namespace h5t
