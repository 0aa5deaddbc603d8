// Module entry: one Addon instance per Node environment (main thread or worker), so the
// module is context-aware; libhdf5 itself is process-wide and guarded by Hdf5Lock.
#include "addon.h"

#include <hdf5.h>

#include "errors.h"
#include "file.h"
#include "hdf5_lock.h"
#include "hdf5_thread.h"
#include "hdf5/filters/filters.h"
#include "js/filters_testing.h"
#include "open.h"

namespace h5t {

AsyncQueue& QueueOf(Napi::Env env) { return env.GetInstanceData<Addon>()->queue(); }

Addon::Addon(Napi::Env env, Napi::Object exports) : queue_(env) {
  file_constructor_ = Napi::Persistent(NativeFile::Define(env));
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
  DefineAddon(exports, {
                           InstanceMethod<&Addon::OpenFile>("openFile"),
                           InstanceMethod<&Addon::OpenFileAsync>("openFileAsync"),
                           InstanceMethod<&Addon::IsHDF5File>("isHDF5File"),
                           InstanceValue("hdf5Version", Napi::String::New(env, version), napi_enumerable),
                           InstanceValue("hdf5ThreadSafe", Napi::Boolean::New(env, thread_safe != 0), napi_enumerable),
                           InstanceValue("_writeFilteredForTests", Napi::Function::New(env, WriteFilteredForTestsJs)),
                       });
}

Napi::Value Addon::OpenFile(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    OpenOptions options = ParseOpenOptions(info[0]);
    Napi::Object object = NewFileObject();
    Hdf5Lock lock;
    OpenedFile opened = h5t::OpenFile(options);
    Napi::Value keep_alive = options.image_holder;
    NativeFile::Unwrap(object)->Adopt(info.Env(), std::move(opened), options.writable, keep_alive);
    return object;
  });
}

namespace {

class OpenTask : public AsyncTask {
 public:
  OpenTask(Napi::Env env, OpenOptions options, Napi::Value image)
      : AsyncTask(env), options_(std::move(options)) {
    // The image is read on the HDF5 thread (and in place for imageNoCopy): keep it alive.
    if (!image.IsUndefined()) {
      KeepAlive(image);
      image_ = Napi::Persistent(image);
    }
  }
  void Execute() override { opened_ = h5t::OpenFile(options_); }
  Napi::Value Resolve(Napi::Env env) override {
    Napi::Object object = env.GetInstanceData<Addon>()->NewFileObject();
    Napi::Value keep_alive = options_.image_in_place ? image_.Value() : Napi::Value();
    image_.Reset();
    Hdf5Lock lock;
    NativeFile::Unwrap(object)->Adopt(env, std::move(opened_), options_.writable, keep_alive);
    return object;
  }
  void Abandon() override {
    opened_.id.reset();
    opened_.core_image.reset();
    image_.SuppressDestruct();
  }

 private:
  OpenOptions options_;
  Napi::Reference<Napi::Value> image_;
  OpenedFile opened_;
};

}  // namespace

Napi::Value Addon::OpenFileAsync(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    OpenOptions options = ParseOpenOptions(info[0]);
    Napi::Value image = options.image_holder;
    return queue_.Schedule(info.Env(), std::make_unique<OpenTask>(info.Env(), std::move(options), image));
  });
}

Napi::Value Addon::IsHDF5File(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) return Napi::Boolean::New(info.Env(), false);
  std::string name = info[0].As<Napi::String>().Utf8Value();
  Hdf5Lock lock;
#if H5_VERSION_GE(1, 12, 0)
  htri_t result = H5Fis_accessible(name.c_str(), H5P_DEFAULT);
#else
  htri_t result = H5Fis_hdf5(name.c_str());
#endif
  return Napi::Boolean::New(info.Env(), result > 0);
}

}  // namespace h5t

using h5t::Addon;
NODE_API_ADDON(Addon)
