// Per-environment state of the addon (one instance per main thread or worker): the
// classes, the async queue, and the module's own operations (openFile, isHDF5File).
#pragma once

#include <napi.h>

#include <map>

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
  // The original errors of failed source reads, until their operation's rejection takes
  // them (js/source_js.h); the oldest are dropped beyond a few dozen.
  uint64_t StashCause(Napi::Value cause);
  Napi::Value TakeCause(Napi::Env env, uint64_t key);

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
  std::map<uint64_t, Napi::Reference<Napi::Value>> causes_;
  uint64_t next_cause_ = 1;
};

}  // namespace h5t
