// Values crossing between JavaScript and HDF5: what is written (parsed from a
// NativeWriteValue object) and what is read (turned into a TypedArray or string[]).
#pragma once

#include <hdf5.h>
#include <napi.h>

#include <string>
#include <vector>

#include "hdf5/types.h"
#include "hdf5/hid.h"
#include "hdf5/read_limit.h"

namespace h5t {

// Data to write, parsed on the JS thread. For numbers it points into the caller's
// TypedArray (no copy) until OwnData() copies it; strings are packed into fixed-size
// NUL-padded slots.
struct WriteValue {
  DType dtype = DType::Float64;
  bool null_space = false;        // HDF5 NULL dataspace (PyTables' empty string attribute)
  std::vector<hsize_t> shape;     // empty: scalar
  const void* data = nullptr;     // numbers: the caller's elements in C order
  size_t element_count = 0;
  std::string packed_strings;     // backing store of data for strings
  std::vector<uint8_t> owned_numbers;  // numbers, once OwnData() has copied them
  bool owns_numbers = false;
  StringLayout string;            // for strings: fixed size, NULLTERM, cset

  // The elements to write (wherever the value was moved to).
  const void* bytes() const {
    if (dtype == DType::String) return packed_strings.data();
    return owns_numbers ? owned_numbers.data() : data;
  }
  // Copies the caller's numbers, for a write that runs on the HDF5 thread: a TypedArray
  // can be transferred, detached or shrunk by JavaScript while the write waits, and
  // keeping the object alive does not keep its memory.
  void OwnData();

  Hid MakeSpace() const;
  Hid MakeFileType() const;       // little-endian standard types, or the string type
  hid_t MemType(Hid& owned) const;  // owned receives the type when it must be closed
};

WriteValue ParseWriteValue(const Napi::Value& value);

// An array of integers >= minimum (shapes, selections); not_array / bad_item are the
// messages of the ERR_INVALID_ARG thrown otherwise.
std::vector<hsize_t> ParseIntegers(const Napi::Value& value, double minimum, const std::string& not_array,
                                   const std::string& bad_item);

// Where read data comes from: a dataset (with a file and memory selection) or an attribute.
struct ReadSource {
  hid_t object;            // dataset or attribute id
  bool is_attribute;
  hid_t file_space;        // selection in the file (H5S_ALL for everything)
  hid_t mem_space;         // memory shape (H5S_ALL for everything)
};

// Numbers are read straight into memory that the caller provides: an uninitialised JS
// Buffer on the JS thread, malloc'd memory on the HDF5 thread (handed to JS later).
class ReadBuffer {
 public:
  virtual ~ReadBuffer() = default;
  virtual void* Allocate(size_t bytes) = 0;
  // The bytes as a Buffer (called on the JS thread, after the read).
  virtual Napi::Buffer<uint8_t> ToJs(Napi::Env env) = 0;
};

// Allocates a Buffer directly (the JS thread only). Node does not zero-fill it first.
// A large read is allocated with malloc and handed over instead: V8 ends the process when
// it cannot allocate an ArrayBuffer's memory, while a failed malloc is a clean error.
class JsReadBuffer : public ReadBuffer {
 public:
  explicit JsReadBuffer(Napi::Env env) : env_(env) {}
  ~JsReadBuffer() override;
  void* Allocate(size_t bytes) override;
  Napi::Buffer<uint8_t> ToJs(Napi::Env env) override;

 private:
  static constexpr size_t kMallocFrom = size_t{16} << 20;
  Napi::Env env_;
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

// Allocates with malloc (any thread); ToJs hands the memory over without a copy.
class MallocReadBuffer : public ReadBuffer {
 public:
  ~MallocReadBuffer() override;
  void* Allocate(size_t bytes) override;
  Napi::Buffer<uint8_t> ToJs(Napi::Env env) override;

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// What a read produced, before it becomes a JS value.
struct ReadResult {
  DType dtype = DType::Float64;
  bool null_space = false;
  std::vector<hsize_t> shape;
  size_t count = 0;
  std::vector<std::string> strings;  // for DType::String
};

// Reads the source's whole selection. file_type is the object's stored type; shape is
// the selection's shape (null for a NULL dataspace). Numbers go into buffer. Every
// allocation is checked against limit first; what names the object in errors.
ReadResult ReadValue(const ReadSource& source, hid_t file_type, const std::vector<hsize_t>* shape,
                     ReadBuffer& buffer, const ReadLimit& limit, const std::string& what);

// The checks ReadValue makes before it allocates (type, count, count x size against
// limit), for callers that have more to check after them. Returns the element count.
uint64_t CheckReadable(hid_t file_type, const std::vector<hsize_t>* shape, const ReadLimit& limit,
                       const std::string& what);

// {dtype, shape, data}: data is a TypedArray over buffer's bytes, or a string[].
Napi::Object ReadResultToJs(Napi::Env env, const ReadResult& result, ReadBuffer& buffer);

// The dimensions of a dataspace; false for a NULL dataspace.
bool SpaceShape(hid_t space, std::vector<hsize_t>* shape);

Napi::Array ShapeToJs(Napi::Env env, const std::vector<hsize_t>& shape);

}  // namespace h5t
