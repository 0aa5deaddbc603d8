// Per-environment state of the addon (one instance per main thread or worker): the
// classes, the async queue, and the module's own operations (openFile, isHDF5File).
#pragma once

#include <napi.h>

#include "js/async.h"
#include "js/names.h"
#include "js/operation.h"

namespace h5t {

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);

  // A new, closed NativeFile object for openFile to adopt an id into.
  Napi::Object NewFileObject() { return file_constructor_.New({}); }
  // A new, closed NativeDataset object for openDataset.
  Napi::Object NewDatasetObject() { return dataset_constructor_.New({}); }
  AsyncQueue& queue() { return queue_; }
  const PropertyNames& names() const { return names_; }

  template <typename Op>
  Napi::Value Sync(const Napi::CallbackInfo& info) {
    return RunSync<Op>(*this, info);
  }
  template <typename Op>
  Napi::Value Async(const Napi::CallbackInfo& info) {
    return RunAsync<Op>(*this, Napi::Object(), info);
  }

 private:
  Napi::FunctionReference file_constructor_;
  Napi::FunctionReference dataset_constructor_;
  AsyncQueue queue_;
  PropertyNames names_;
};

}  // namespace h5t
