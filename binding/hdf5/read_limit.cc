#include "hdf5/read_limit.h"

#include <atomic>
#include <cmath>
#include <cstdio>

#include "hdf5/errors.h"

namespace h5t {
namespace {

std::string Bytes(uint64_t n) {
  std::string text = std::to_string(n) + " bytes";
  const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(n);
  int unit = -1;
  while (value >= 1024 && unit < 5) {
    value /= 1024;
    unit++;
  }
  if (unit >= 0) {
    char shown[32];
    std::snprintf(shown, sizeof shown, " (%.1f %s)", value, units[unit]);
    text += shown;
  }
  return text;
}

}  // namespace

void ReadLimit::Check(const std::string& what, uint64_t bytes) const {
  if (bytes > max_read_bytes) {
    throw Failure(FailureKind::TooLarge,
                  "reading " + what + " needs " + Bytes(bytes) + ", more than maxReadBytes (" +
                      std::to_string(max_read_bytes) +
                      "): open the file with a larger maxReadBytes (or Infinity) to read it");
  }
  if (bytes > node_max_bytes) {
    throw Failure(FailureKind::TooLarge, "reading " + what + " needs " + Bytes(bytes) +
                                             ", more than Node's largest Buffer (buffer.constants.MAX_LENGTH, " +
                                             std::to_string(node_max_bytes) + "): read it in slices");
  }
}

void ReadLimit::CheckImage(uint64_t bytes) const {
  if (bytes > node_max_bytes) {
    throw Failure(FailureKind::TooLarge, "the file image has " + Bytes(bytes) +
                                             ", more than Node's largest Buffer (buffer.constants.MAX_LENGTH, " +
                                             std::to_string(node_max_bytes) + ")");
  }
}

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

uint64_t NodeMaxBufferBytes(Napi::Env env) {
  // 0: not asked yet. The fallback is Node 20's limit on 64-bit platforms, the smallest
  // of the Node lines supported there (later lines allow more).
  static std::atomic<uint64_t> cached{0};
  uint64_t known = cached.load();
  if (known != 0) return known;
  uint64_t found = sizeof(void*) >= 8 ? uint64_t{1} << 32 : (uint64_t{1} << 30) - 1;
  try {
    // process.getBuiltinModule('buffer').constants.MAX_LENGTH (Node >= 20.16).
    Napi::Value process = env.Global().Get("process");
    Napi::Value get = process.IsObject() ? process.As<Napi::Object>().Get("getBuiltinModule") : env.Undefined();
    if (get.IsFunction()) {
      Napi::Value buffer = get.As<Napi::Function>().Call(process, {Napi::String::New(env, "buffer")});
      Napi::Value constants = buffer.IsObject() ? buffer.As<Napi::Object>().Get("constants") : env.Undefined();
      Napi::Value max = constants.IsObject() ? constants.As<Napi::Object>().Get("MAX_LENGTH") : env.Undefined();
      double d = max.IsNumber() ? max.As<Napi::Number>().DoubleValue() : 0;
      if (d >= 1 && d <= 9007199254740991.0) found = static_cast<uint64_t>(d);
    }
  } catch (const Napi::Error&) {
    // keep the fallback
  }
  cached.store(found);
  return found;
}

uint64_t CheckedElementCount(const std::vector<hsize_t>& shape, const std::string& what) {
  uint64_t count = 1;
  for (hsize_t dim : shape) {
    if (!MulFits(count, dim, &count)) {
      throw Failure(FailureKind::TooLarge, "reading " + what + ": its shape has more than 2^64 elements");
    }
  }
  return count;
}

uint64_t CheckedBytes(uint64_t count, uint64_t size, const std::string& what) {
  uint64_t bytes = 0;
  if (!MulFits(count, size, &bytes)) {
    throw Failure(FailureKind::TooLarge, "reading " + what + " needs more than 2^64 bytes (" + std::to_string(count) +
                                             " elements of " + std::to_string(size) + " bytes)");
  }
  return bytes;
}

}  // namespace h5t
