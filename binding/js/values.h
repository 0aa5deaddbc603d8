// Values in and out: JavaScript values read into hdf5/'s structs (WriteValue, Selection,
// attribute lists) and read results turned into {dtype, shape, data}.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

#include "hdf5/attributes.h"
#include "hdf5/dataset.h"
#include "hdf5/spaces.h"
#include "hdf5/values.h"

namespace h5t {

// An array of integers >= minimum (shapes, selections); not_array / bad_item are the
// messages of the ERR_INVALID_ARG thrown otherwise.
std::vector<hsize_t> ParseIntegers(const Napi::Value& value, double minimum, const std::string& not_array,
                                   const std::string& bad_item);

// A NativeWriteValue {dtype, shape, data, itemsize?, charset?}. Numbers stay in the
// caller's TypedArray until WriteValue::OwnData().
WriteValue ParseWriteValue(const Napi::Value& value);
// undefined: none; else an array of [name, NativeWriteValue] pairs.
AttributeList ParseAttributeList(const Napi::Value& value);
// A NativeSelection {start, count, step}.
Selection ParseSelection(const Napi::Value& value);

napi_typedarray_type TypedArrayTypeOf(JsArray kind);

// Where a read's numbers go (hdf5/values.h ReadBuffer). On the JS thread (env given) a
// Buffer is allocated directly, not zero-filled; a large read, or any read on the HDF5
// thread, is malloc'd and handed over without a copy: V8 ends the process when it cannot
// allocate an ArrayBuffer's memory, while a failed malloc is a clean error.
class OutBuffer : public ReadBuffer {
 public:
  OutBuffer() = default;
  explicit OutBuffer(napi_env js_env) : env_(js_env) {}
  ~OutBuffer() override;
  OutBuffer(const OutBuffer&) = delete;
  OutBuffer& operator=(const OutBuffer&) = delete;
  void* Allocate(size_t bytes) override;
  // The bytes as a Buffer (JS thread, after the read).
  Napi::Buffer<uint8_t> ToJs(Napi::Env env);

 private:
  static constexpr size_t kMallocFrom = size_t{16} << 20;
  napi_env env_ = nullptr;
  Napi::Buffer<uint8_t> buffer_;
  void* malloced_ = nullptr;
  size_t size_ = 0;
};

// Hands malloc'd memory to JavaScript as a Buffer that frees it when collected, without
// a copy (where external buffers are not allowed, as in Electron, it copies and frees).
// It always takes ownership: data is freed exactly once, also when it throws (a TooLarge
// Failure when size exceeds Node's largest Buffer, checked before Node sees it).
// V8 counts the memory of every ArrayBuffer it holds, external ones included, so GC
// sees these bytes without napi_adjust_external_memory.
Napi::Buffer<uint8_t> BufferFromMalloc(Napi::Env env, void* data, size_t size);

// buffer.constants.MAX_LENGTH of this Node (JS thread only; asked once per process).
uint64_t NodeMaxBufferBytes(Napi::Env env);

// {dtype, shape, data}: data is a TypedArray over buffer's bytes (flat, C order), or a
// string[]; shape is the whole shape (an array atom's dimensions last), null for NULL.
Napi::Object ReadResultToJs(Napi::Env env, const ReadResult& result, OutBuffer& buffer);
// NativeDatasetInfo.
Napi::Object DatasetInfoToJs(Napi::Env env, const DatasetInfo& info);
Napi::Array ShapeToJs(Napi::Env env, const std::vector<hsize_t>& shape);
Napi::Array StringsToJs(Napi::Env env, const std::vector<std::string>& strings);

}  // namespace h5t
