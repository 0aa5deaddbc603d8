// Module entry: one Addon instance per Node environment (main thread or worker), so the
// module is context-aware; libhdf5 itself is process-wide and guarded by Hdf5Lock.
#include "js/addon.h"

#include <hdf5.h>

#include "hdf5/filters/filters.h"
#include "hdf5/lock.h"
#include "hdf5/malloc_policy.h"
#include "hdf5/open.h"
#include "hdf5/thread.h"
#include "js/blosc_chunks_testing.h"
#include "js/filters_testing.h"
#include "js/group_cache_testing.h"
#include "js/memory_read_testing.h"
#include "js/native_dataset.h"
#include "js/native_file.h"
#include "js/open_options.h"

namespace h5t {

AsyncQueue& QueueOf(Napi::Env env) { return env.GetInstanceData<Addon>()->queue(); }

uint64_t Addon::StashCause(Napi::Value cause) {
  uint64_t key = next_cause_++;
  causes_.emplace(key, Napi::Persistent(cause));
  while (causes_.size() > 64) causes_.erase(causes_.begin());
  return key;
}

Napi::Value Addon::TakeCause(Napi::Env env, uint64_t key) {
  auto found = causes_.find(key);
  if (found == causes_.end()) return env.Undefined();
  Napi::Value cause = found->second.Value();
  causes_.erase(found);
  return cause;
}

namespace module_ops {

using Target = Addon;

struct OpenFile : Operation {
  static constexpr const char* kName = "openFile";
  OpenOptions options;
  // The image read in place (imageNoCopy): kept alive while the file is open.
  Napi::Reference<Napi::Value> image;
  OpenedFile opened;
  void Read(const ArgReader& args, Target&) {
    JsOpenOptions parsed = ParseOpenOptions(args.At(0));
    options = std::move(parsed.options);
    if (!parsed.image_holder.IsUndefined()) image = Napi::Persistent(parsed.image_holder);
  }
  void Run(Target&, const RunContext& context) {
    if (options.source && context.js_env) {
      ThrowInvalidArg("a byte-range source opens only with openFileAsync: a sync open cannot wait for its reads");
    }
    opened = h5t::OpenFile(options);
  }
  Napi::Value Convert(Napi::Env env, Target& addon) {
    Napi::Object object = addon.NewFileObject();
    Napi::Value keep_alive = image.IsEmpty() ? env.Undefined() : image.Value();
    image.Reset();
    // Nothing else knows the new file yet: while the HDF5 thread waits for a source
    // read of this thread, it is adopted without the lock rather than fail that read.
    Hdf5Lock lock(LockWait::IfFree);
    NativeFile::Unwrap(object)->Adopt(env, std::move(opened), options.writable, keep_alive);
    return object;
  }
  void Failed(Napi::Env, Target&) {
    if (options.source) options.source->fetcher().Detach();
  }
  void Abandon() {
    opened.id.reset();
    opened.core_image.reset();
    opened.source.reset();
    options.source.reset();
    image.SuppressDestruct();
  }
};

// Whether H5Fis_accessible says the file at name is HDF5: false on any error, and for a
// name that is not a string or holds a NUL (HDF5 would test a shorter name).
struct IsHDF5File : Operation {
  static constexpr const char* kName = "isHDF5File";
  std::string name;
  bool valid = false;
  bool result = false;
  void Read(const ArgReader& args, Target&) {
    Napi::Value value = args.At(0);
    if (!value.IsString()) return;
    name = value.As<Napi::String>().Utf8Value();
    valid = name.find('\0') == std::string::npos;
  }
  void Run(Target&, const RunContext&) {
    if (!valid) return;
#if H5_VERSION_GE(1, 12, 0)
    result = H5Fis_accessible(name.c_str(), H5P_DEFAULT) > 0;
#else
    result = H5Fis_hdf5(name.c_str()) > 0;
#endif
  }
  Napi::Value Convert(Napi::Env env, Target&) { return Napi::Boolean::New(env, result); }
};

}  // namespace module_ops

Addon::Addon(Napi::Env env, Napi::Object exports) : queue_(env) {
  file_constructor_ = Napi::Persistent(NativeFile::Define(env));
  dataset_constructor_ = Napi::Persistent(NativeDataset::Define(env));
  names_.Init(env);
  ApplyMallocPolicy();
  unsigned major = 0, minor = 0, release = 0;
  hbool_t thread_safe = 0;
  {
    Hdf5Lock lock;
    H5get_libversion(&major, &minor, &release);
    H5is_library_threadsafe(&thread_safe);
    RegisterBuiltinFilters();
  }
  // After HDF5's first call, which registered its own atexit handler: ours runs first.
  StopHdf5ThreadAtExit();
  std::string version = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
  const std::vector<H5Z_filter_t>& filter_ids = AvailableFilters();  // fixed once registered
  Napi::Array available = Napi::Array::New(env, filter_ids.size());
  for (size_t i = 0; i < filter_ids.size(); i++) available.Set(static_cast<uint32_t>(i), filter_ids[i]);
  Exports<Addon, PropertyDescriptor> list;
  list.Expose<module_ops::OpenFile>()
      .Expose<module_ops::IsHDF5File>()
      .Add(InstanceValue("hdf5Version", Napi::String::New(env, version), napi_enumerable))
      .Add(InstanceValue("hdf5ThreadSafe", Napi::Boolean::New(env, thread_safe != 0), napi_enumerable))
      .Add(InstanceValue("availableFilters", available, napi_enumerable))
      .Add(InstanceValue("_writeFilteredForTests", Napi::Function::New(env, WriteFilteredForTestsJs)))
      .Add(InstanceValue("_pathComponentsForTests", Napi::Function::New(env, PathComponentsForTestsJs)))
      .Add(InstanceValue("_memoryReadsForTests", Napi::Function::New(env, MemoryReadsForTestsJs)))
      .Add(InstanceValue("_bloscChunkReadsForTests", Napi::Function::New(env, BloscChunkReadsForTestsJs)));
  // DefineAddon takes an initializer_list only: the properties one by one.
  for (const PropertyDescriptor& property : list.list()) DefineProperties(exports, {property});
  DefineAddon(exports, {});
}

}  // namespace h5t

using h5t::Addon;
NODE_API_ADDON(Addon)
