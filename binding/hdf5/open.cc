#include "hdf5/open.h"

#include <hdf5.h>

#include <cmath>

#include "hdf5/errors.h"
#include "js/image_input.h"

namespace h5t {
namespace {

bool BoolOption(const Napi::Object& spec, const char* key, bool fallback) {
  Napi::Value value = spec.Get(key);
  if (value.IsUndefined()) return fallback;
  if (!value.IsBoolean()) ThrowInvalidArg(std::string(key) + " must be a boolean");
  return value.As<Napi::Boolean>().Value();
}

Hid MakeAccessList(const OpenOptions& options, CoreImage* core_image) {
  Hid fapl(Check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate"));
  // Strong close: closing the file closes anything still open in it, so nothing dangles.
  CheckErr(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree");
  switch (options.driver) {
    case Driver::Sec2:
      CheckErr(H5Pset_fapl_sec2(fapl.get()), "H5Pset_fapl_sec2");
      break;
    case Driver::Stdio:
      CheckErr(H5Pset_fapl_stdio(fapl.get()), "H5Pset_fapl_stdio");
      break;
    case Driver::Core:
      CheckErr(H5Pset_fapl_core(fapl.get(), options.core_increment, options.core_backing_store ? 1 : 0),
               "H5Pset_fapl_core");
      // The file is memory already: HDF5's data sieve would only copy 64 KiB of it into a
      // buffer of its own for every small read (38% of a 1000-element slice read).
      CheckErr(H5Pset_sieve_buf_size(fapl.get(), 0), "H5Pset_sieve_buf_size");
      // The image, if any, is copied once into the driver's memory (or used in place when
      // read-only and asked for): the caller's buffer is never modified.
      if (core_image) core_image->Install(fapl.get());
      break;
  }
  return fapl;
}

// allowExternalFiles (boolean) and externalDirectories (canonical paths, lib/ resolved
// them). A file held in memory only never reaches other files, whatever is asked.
void ParseExternalPolicy(const Napi::Object& spec, OpenOptions& options) {
  bool allow = BoolOption(spec, "allowExternalFiles", false);
  Napi::Value directories = spec.Get("externalDirectories");
  if (!directories.IsUndefined()) {
    if (!directories.IsArray()) ThrowInvalidArg("externalDirectories must be an array of strings");
    Napi::Array list = directories.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); i++) {
      Napi::Value item = list.Get(i);
      if (!item.IsString()) ThrowInvalidArg("externalDirectories must be an array of strings");
      std::string directory = item.As<Napi::String>().Utf8Value();
      if (directory.empty() || directory[0] != '/' || directory.find('\0') != std::string::npos) {
        ThrowInvalidArg("externalDirectories must hold absolute paths");
      }
      if (directory.size() > 1 && directory.back() == '/') directory.pop_back();
      options.external.directories.push_back(directory);
    }
  }
  bool in_memory = options.image != nullptr || (options.driver == Driver::Core && !options.core_backing_store);
  if (in_memory) {
    options.external.mode = ExternalPolicy::Mode::Image;
    options.external.directories.clear();
  } else if (allow) {
    options.external.mode = ExternalPolicy::Mode::Allow;
  }
}

}  // namespace

OpenOptions ParseOpenOptions(const Napi::Value& value) {
  if (!value.IsObject()) ThrowInvalidArg("open options must be an object");
  Napi::Object spec = value.As<Napi::Object>();
  OpenOptions options;
  Napi::Value name = spec.Get("name");
  if (!name.IsString()) ThrowInvalidArg("name must be a string");
  options.name = name.As<Napi::String>().Utf8Value();
  if (options.name.empty() || options.name.find('\0') != std::string::npos) {
    ThrowInvalidArg("name must be a non-empty string without NUL characters");
  }
  options.create = BoolOption(spec, "create", false);
  options.writable = options.create || BoolOption(spec, "writable", false);

  Napi::Value driver = spec.Get("driver");
  std::string driver_name = driver.IsString() ? driver.As<Napi::String>().Utf8Value() : "";
  if (driver_name == "sec2") options.driver = Driver::Sec2;
  else if (driver_name == "stdio") options.driver = Driver::Stdio;
  else if (driver_name == "core") options.driver = Driver::Core;
  else ThrowInvalidArg("driver must be 'sec2', 'stdio' or 'core'");

  Napi::Value increment = spec.Get("coreIncrement");
  if (!increment.IsUndefined()) {
    double d = increment.IsNumber() ? increment.As<Napi::Number>().DoubleValue() : 0;
    if (!(d >= 1 && d <= 1073741824.0 && std::floor(d) == d)) {
      ThrowInvalidArg("coreIncrement must be a positive integer number of bytes (at most 1 GiB)");
    }
    options.core_increment = static_cast<size_t>(d);
  }
  options.core_backing_store = BoolOption(spec, "coreBackingStore", true);

  Napi::Value image = spec.Get("image");
  if (!image.IsUndefined()) {
    if (options.driver != Driver::Core) ThrowInvalidArg("an image needs the core driver");
    if (!image.IsTypedArray() || image.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      ThrowInvalidArg("image must be a Uint8Array");
    }
    Napi::Uint8Array bytes = image.As<Napi::Uint8Array>();
    if (bytes.ByteLength() > 0) {
      options.image = bytes.Data();
      options.image_size = bytes.ByteLength();
    }
  }
  options.image_in_place = BoolOption(spec, "imageNoCopy", false);
  ParseExternalPolicy(spec, options);
  if (options.image_in_place && (options.writable || !options.image)) {
    ThrowInvalidArg("imageNoCopy needs a non-empty image opened read-only");
  }
  options.max_read_bytes = ParseMaxReadBytes(spec);
  options.image_holder = spec.Env().Undefined();
  if (options.image) {
    // Last, once nothing can fail: a no-copy open may detach the caller's ArrayBuffer.
    ImageInput input = TakeImage(spec.Env(), image.As<Napi::Uint8Array>(), options.image_in_place);
    options.image_in_place = input.in_place;
    options.image_source = std::move(input.core_image);
    options.image_holder = input.holder;
    options.image = static_cast<const uint8_t*>(options.image_source.get()->data());
  }
  return options;
}

OpenedFile OpenFile(const OpenOptions& requested) {
  OpenedFile opened;
  // Refuses to truncate a file open elsewhere; CORE with a backing store opens in memory
  // and is saved by h5tables (file_guard.h).
  const OpenOptions& options = opened.guard.Prepare(requested);
  // h5tables manages the driver's memory when HDF5 does not load it from disk itself.
  opened.max_read_bytes = options.max_read_bytes;
  if (options.driver == Driver::Core && options.image_source.get()) {
    options.image_source.get()->Ref();
    opened.core_image = CoreImageRef(options.image_source.get());
  } else if (options.driver == Driver::Core && options.create) {
    opened.core_image = CoreImageRef(CoreImage::Create(nullptr, 0, false));
  }
  InstallExternalLinkCheck();
  Hid fapl = MakeAccessList(options, opened.core_image.get());
  hid_t id = options.create
                 ? H5Fcreate(options.name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get())
                 : H5Fopen(options.name.c_str(), options.writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.get());
  if (id < 0) ThrowHdf5(options.create ? "H5Fcreate" : "H5Fopen");
  opened.id = Hid(id);
  opened.policy = PolicyRegistration(id, options.name, options.external);
  opened.guard.Opened(id);
  return opened;
}

}  // namespace h5t
