#include "js/open_options.h"

#include <cmath>

#include "hdf5/errors.h"
#include "js/image_input.h"
#include "js/source_js.h"

namespace h5t {
namespace {

bool BoolOption(const Napi::Object& spec, const char* key, bool fallback) {
  Napi::Value value = spec.Get(key);
  if (value.IsUndefined()) return fallback;
  if (!value.IsBoolean()) ThrowInvalidArg(std::string(key) + " must be a boolean");
  return value.As<Napi::Boolean>().Value();
}

// undefined: the default; a non-negative integer; Infinity for no limit of our own.
uint64_t ParseMaxReadBytes(const Napi::Object& spec) {
  Napi::Value value = spec.Get("maxReadBytes");
  if (value.IsUndefined()) return kDefaultMaxReadBytes;
  double d = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : -1;
  if (d == INFINITY) return UINT64_MAX;
  if (!(d >= 0 && d <= 9007199254740991.0 && std::floor(d) == d)) {
    ThrowInvalidArg("maxReadBytes must be a non-negative integer number of bytes or Infinity");
  }
  return static_cast<uint64_t>(d);
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

// A non-negative integer up to max (or the fallback when undefined).
uint64_t CountOption(const Napi::Object& spec, const char* key, uint64_t fallback, double min, double max) {
  Napi::Value value = spec.Get(key);
  if (value.IsUndefined()) return fallback;
  double d = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : -1;
  if (!(d >= min && d <= max && std::floor(d) == d)) {
    ThrowInvalidArg(std::string(key) + " must be an integer from " + std::to_string(static_cast<uint64_t>(min)) +
                    " to " + std::to_string(static_cast<uint64_t>(max)));
  }
  return static_cast<uint64_t>(d);
}

// driver 'source': the object with read(), its size if known, block 0 if lib/ read it, and
// the cache's settings.
void ParseSource(const Napi::Object& spec, OpenOptions& options) {
  if (options.create || options.writable) ThrowInvalidArg("a byte-range source is read-only");
  Napi::Value source = spec.Get("source");
  if (!source.IsObject() || !source.As<Napi::Object>().Get("read").IsFunction()) {
    ThrowInvalidArg("source must be an object with a read(offset, length) method");
  }
  SourceCacheSettings settings;
  settings.block_size = CountOption(spec, "sourceBlockSize", settings.block_size, 512, 64.0 * 1024 * 1024);
  settings.max_bytes = CountOption(spec, "sourceMaxBytes", settings.max_bytes, 0, 9007199254740991.0);
  settings.read_ahead = CountOption(spec, "sourceReadAhead", settings.read_ahead, 0, 65536);
  std::optional<uint64_t> size;
  if (!spec.Get("sourceSize").IsUndefined()) size = CountOption(spec, "sourceSize", 0, 0, 9007199254740991.0);
  Napi::Value preload = spec.Get("sourcePreload");
  if (!preload.IsUndefined() &&
      (!preload.IsTypedArray() || preload.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)) {
    ThrowInvalidArg("sourcePreload must be a Uint8Array");
  }
  // Each read's timeout in ms (0, the default here: none; lib/ passes its own default).
  std::chrono::milliseconds timeout(CountOption(spec, "sourceTimeout", 0, 0, 2147483647.0));
  auto fetcher = std::make_shared<JsSource>(spec.Env(), source.As<Napi::Object>(), timeout);
  options.source = std::make_shared<SourceFile>(fetcher, settings, size);
  if (!preload.IsUndefined()) {
    Napi::Uint8Array bytes = preload.As<Napi::Uint8Array>();
    options.source->Preload(bytes.Data(), bytes.ByteLength());
  }
}

}  // namespace

JsOpenOptions ParseOpenOptions(const Napi::Value& value) {
  if (!value.IsObject()) ThrowInvalidArg("open options must be an object");
  Napi::Object spec = value.As<Napi::Object>();
  JsOpenOptions result;
  OpenOptions& options = result.options;
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
  if (driver_name == "sec2")
    options.driver = Driver::Sec2;
  else if (driver_name == "stdio")
    options.driver = Driver::Stdio;
  else if (driver_name == "core")
    options.driver = Driver::Core;
  else if (driver_name == "source")
    options.driver = Driver::Range;
  else
    ThrowInvalidArg("driver must be 'sec2', 'stdio', 'core' or 'source'");

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
  if (options.driver == Driver::Range) {
    // Never reaches other files (it has no place among them).
    options.external.mode = ExternalPolicy::Mode::Image;
    options.external.directories.clear();
    ParseSource(spec, options);  // last: it makes the bridge, once nothing else can fail
  }
  result.image_holder = spec.Env().Undefined();
  if (options.image) {
    // Last, once nothing can fail: a no-copy open may detach the caller's ArrayBuffer.
    ImageInput input = TakeImage(spec.Env(), image.As<Napi::Uint8Array>(), options.image_in_place);
    options.image_in_place = input.in_place;
    options.image_source = std::move(input.core_image);
    result.image_holder = input.holder;
    options.image = static_cast<const uint8_t*>(options.image_source.get()->data());
  }
  return result;
}

}  // namespace h5t
