// Values in and out: JavaScript values read into hdf5/'s structs (WriteValue, Selection,
// attribute lists) and read results turned into {dtype, shape, data}.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

#include "hdf5/attributes.h"
#include "hdf5/dataset.h"
#include "hdf5/read_limit.h"
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
// An enum's {names, values} over dtype (an integer dtype): names distinct and not empty,
// values distinct integers; what names it in errors.
EnumMembers ParseEnumMembers(const Napi::Value& value, DType dtype, const std::string& what);
Napi::Object EnumMembersToJs(Napi::Env env, const EnumMembers& members);
// undefined: none; else an array of [name, NativeWriteValue] pairs.
AttributeList ParseAttributeList(const Napi::Value& value);
// A NativeSelection {start, count, step}.
Selection ParseSelection(const Napi::Value& value);

napi_typedarray_type TypedArrayTypeOf(JsArray kind);

// Where a read's numbers go (hdf5/values.h ReadBuffer). Every result is an ArrayBuffer
// that V8 allocated (napi_create_buffer, not zero-filled), because only those transfer
// between threads (postMessage, structuredClone): Node refuses external ones.
// - On the JS thread (RunOn(env)) the Buffer is allocated when the read knows its size.
// - A read on the HDF5 thread uses the Buffer that Reserve() allocated on the JS thread
//   before the read was queued, when the size was foretold (read_hints.h) and the read
//   needs exactly that; otherwise it mallocs and ToJs() copies once into a Buffer.
// V8 ends the process when it cannot allocate an ArrayBuffer, so a large one is first
// tried with malloc, which fails cleanly (Allocatable).
class OutBuffer : public ReadBuffer {
 public:
  OutBuffer() = default;
  ~OutBuffer() override;
  OutBuffer(const OutBuffer&) = delete;
  OutBuffer& operator=(const OutBuffer&) = delete;
  // JS thread, in the operation's Read: the bytes the read is expected to need (0:
  // unknown) and the file's limits.
  void Foretell(napi_env env, uint64_t bytes, const ReadLimit& limit);
  // JS thread, in the operation's Own (the Promise form only): allocates the foretold
  // Buffer. Does nothing (the read then copies) for 0 bytes, beyond the limits or the
  // reservation budget, or when memory is short. Never throws.
  void Reserve();
  // In Run, before the read: the JS thread's env (RunContext::js_env), null elsewhere.
  void RunOn(napi_env js_env) { env_ = js_env; }
  void* Allocate(size_t bytes) override;
  // The bytes as a Buffer (JS thread, after the read).
  Napi::Buffer<uint8_t> ToJs(Napi::Env env);
  // The environment has gone (Abandon, HDF5 lock held): drop the reservation without JS.
  void Forget();

  // read(..., out): the result goes into the caller's TypedArray (JS thread, in Read;
  // undefined: none). A read on the JS thread writes straight into it. A read on the
  // HDF5 thread writes into memory of its own and ToCaller() copies it over on the JS
  // thread: JavaScript may detach, transfer or shrink the caller's buffer while the read
  // is queued, so the HDF5 thread never writes memory JavaScript can reach. The read
  // fails (ERR_INVALID_ARG) when its size is not out's byteLength.
  void UseCaller(const Napi::Value& out);
  bool has_caller() const { return !caller_.IsEmpty(); }
  // The caller's TypedArray, filled (JS thread, after the read); a TypeError when it was
  // detached or resized meanwhile.
  Napi::Value ToCaller(Napi::Env env);

 private:
  void ReleaseReservation();

  napi_env env_ = nullptr;  // the JS thread's, when Allocate runs there
  napi_env foretold_env_ = nullptr;
  uint64_t foretold_bytes_ = 0;
  ReadLimit foretold_limit_;
  Napi::Buffer<uint8_t> buffer_;                     // Allocate's, on the JS thread
  Napi::Reference<Napi::Buffer<uint8_t>> reserved_;  // Reserve()'s, kept alive
  void* reserved_data_ = nullptr;
  size_t reserved_size_ = 0;
  bool reserved_used_ = false;
  void* malloced_ = nullptr;  // HDF5 thread without a fitting reservation
  size_t size_ = 0;
  Napi::Reference<Napi::TypedArray> caller_;  // read(..., out)'s
  size_t caller_bytes_ = 0;                   // its byteLength when the call was made
  void* caller_data_ = nullptr;               // valid on the JS thread during the call only
};

// Whether `bytes` can be allocated now: tried with malloc for large sizes, before V8 is
// asked (it would end the process instead of failing).
bool Allocatable(size_t bytes);

// Hands malloc'd memory to JavaScript as a Buffer that frees it when collected, without
// a copy (where external buffers are not allowed, as in Electron, it copies and frees).
// Node cannot transfer such a Buffer to another thread: only takeFileImage uses it.
// It always takes ownership: data is freed exactly once, also when it throws (a TooLarge
// Failure when size exceeds Node's largest Buffer, checked before Node sees it).
// V8 counts the memory of every ArrayBuffer it holds, external ones included, so GC
// sees these bytes without napi_adjust_external_memory.
Napi::Buffer<uint8_t> BufferFromMalloc(Napi::Env env, void* data, size_t size);

// buffer.constants.MAX_LENGTH of this Node (JS thread only; asked once per process).
uint64_t NodeMaxBufferBytes(Napi::Env env);

// {dtype, shape, data}: data is a TypedArray over buffer's bytes (flat, C order), or a
// string[]; shape is the whole shape (an array atom's dimensions last), null for NULL.
// With a caller's TypedArray (OutBuffer::UseCaller), data is that TypedArray.
Napi::Object ReadResultToJs(Napi::Env env, const ReadResult& result, OutBuffer& buffer);
// Its data alone (readRows: the caller knows the dtype and shape).
Napi::Value ReadDataToJs(Napi::Env env, const ReadResult& result, OutBuffer& buffer);
// NativeDatasetInfo.
Napi::Object DatasetInfoToJs(Napi::Env env, const DatasetInfo& info);
Napi::Array ShapeToJs(Napi::Env env, const std::vector<hsize_t>& shape);
Napi::Array StringsToJs(Napi::Env env, const std::vector<std::string>& strings);

}  // namespace h5t
