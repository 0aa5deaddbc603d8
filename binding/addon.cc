// Module entry: one Addon instance per Node environment (main thread or worker), so the
// module is context-aware; libhdf5 itself is process-wide and guarded by Hdf5Lock.
#include <hdf5.h>
#include <napi.h>

#include "errors.h"
#include "file.h"
#include "hdf5_lock.h"
#include "open.h"

namespace h5t {

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports) {
    file_constructor_ = Napi::Persistent(NativeFile::Define(env));
    unsigned major = 0, minor = 0, release = 0;
    hbool_t thread_safe = 0;
    {
      Hdf5Lock lock;
      H5get_libversion(&major, &minor, &release);
      H5is_library_threadsafe(&thread_safe);
    }
    DefineAddon(exports, {
                             InstanceMethod<&Addon::OpenFile>("openFile"),
                             InstanceMethod<&Addon::IsHDF5File>("isHDF5File"),
                             InstanceValue("hdf5Version",
                                           Napi::String::New(env, std::to_string(major) + "." + std::to_string(minor) +
                                                                      "." + std::to_string(release)),
                                           napi_enumerable),
                             InstanceValue("hdf5ThreadSafe", Napi::Boolean::New(env, thread_safe != 0),
                                           napi_enumerable),
                         });
  }

 private:
  Napi::Value OpenFile(const Napi::CallbackInfo& info) {
    return Guard(info.Env(), [&]() -> Napi::Value {
      OpenOptions options = ParseOpenOptions(info[0]);
      Napi::Object object = file_constructor_.New({});
      Hdf5Lock lock;
      OpenedFile opened = h5t::OpenFile(options);
      Napi::Value keep_alive = options.image_in_place ? info[0].As<Napi::Object>().Get("image") : Napi::Value();
      NativeFile::Unwrap(object)->Adopt(info.Env(), std::move(opened.id), std::move(opened.core_image),
                                        options.writable, keep_alive);
      return object;
    });
  }

  Napi::Value IsHDF5File(const Napi::CallbackInfo& info) {
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

  Napi::FunctionReference file_constructor_;
};

}  // namespace h5t

using h5t::Addon;
NODE_API_ADDON(Addon)
