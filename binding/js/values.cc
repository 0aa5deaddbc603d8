#include "js/values.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

#include "hdf5/errors.h"
#include "hdf5/huge_pages.h"
#include "js/malloc_buffers.h"
#include "js/names.h"
#include "js/records.h"
#include "js/storage_args.h"

namespace h5t {

std::vector<hsize_t> ParseIntegers(const Napi::Value& value, double minimum, const std::string& not_array,
                                   const std::string& bad_item) {
  if (!value.IsArray()) ThrowInvalidArg(not_array);
  Napi::Array array = value.As<Napi::Array>();
  std::vector<hsize_t> out;
  out.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value item = array.Get(i);
    double d = item.IsNumber() ? item.As<Napi::Number>().DoubleValue() : -1;
    // Integers JavaScript represents exactly (Number.MAX_SAFE_INTEGER at most).
    if (!(d >= minimum && d <= 9007199254740991.0 && std::floor(d) == d)) ThrowInvalidArg(bad_item);
    out.push_back(static_cast<hsize_t>(d));
  }
  return out;
}

namespace {

std::vector<hsize_t> ParseShape(const Napi::Value& value) {
  const char* message = "shape must be an array of non-negative integers or null";
  if (value.IsArray() && value.As<Napi::Array>().Length() > H5S_MAX_RANK) {
    ThrowInvalidArg("shape has more than 32 dimensions");
  }
  return ParseIntegers(value, 0, message, message);
}

size_t ElementCount(const std::vector<hsize_t>& shape) {
  size_t count = 1;
  for (hsize_t dim : shape) {
    if (dim != 0 && count > std::numeric_limits<size_t>::max() / dim) {
      ThrowInvalidArg("shape is too large");
    }
    count *= static_cast<size_t>(dim);
  }
  return count;
}

void ParseNumbers(const Napi::Value& data, WriteValue* out) {
  if (!data.IsTypedArray()) ThrowInvalidArg(std::string("data for ") + DTypeName(out->dtype) + " must be a TypedArray");
  Napi::TypedArray array = data.As<Napi::TypedArray>();
  if (array.TypedArrayType() != TypedArrayTypeOf(JsArrayOf(out->dtype))) {
    ThrowInvalidArg(std::string("data does not match dtype ") + DTypeName(out->dtype));
  }
  size_t length = JsLength(out->dtype, out->element_count);  // complex: re, im each
  if (array.ElementLength() != length) {
    ThrowInvalidArg("data has " + std::to_string(array.ElementLength()) + " elements, shape needs " +
                    std::to_string(length) + (length != out->element_count ? " (re, im of each)" : ""));
  }
  out->data = static_cast<const uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
}

void ParseStrings(const Napi::Object& spec, const Napi::Value& data, WriteValue* out) {
  if (!data.IsArray()) ThrowInvalidArg("data for string must be an array of strings");
  Napi::Array array = data.As<Napi::Array>();
  if (array.Length() != out->element_count) {
    ThrowInvalidArg("data has " + std::to_string(array.Length()) + " strings, shape needs " +
                    std::to_string(out->element_count));
  }
  std::vector<std::string> items;
  items.reserve(array.Length());
  size_t longest = 1;  // HDF5 strings have a size of at least 1
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value item = array.Get(i);
    if (!item.IsString()) ThrowInvalidArg("data for string must be an array of strings");
    items.push_back(item.As<Napi::String>().Utf8Value());
    longest = std::max(longest, items.back().size());
  }
  size_t size = longest;
  const PropertyNames& names = NamesOf(spec.Env());
  Napi::Value itemsize = spec.Get(names[PropertyNames::kItemsize]);
  if (!itemsize.IsUndefined()) {
    double d = itemsize.IsNumber() ? itemsize.As<Napi::Number>().DoubleValue() : 0;
    if (!(d >= 1 && d <= (1 << 30) && std::floor(d) == d)) ThrowInvalidArg("itemsize must be a positive integer");
    size = static_cast<size_t>(d);
    if (size < longest) ThrowInvalidArg("a string is longer than itemsize");
  }
  Napi::Value charset = spec.Get(names[PropertyNames::kCharset]);
  std::string cset = charset.IsString() ? charset.As<Napi::String>().Utf8Value() : "utf8";
  if (cset != "utf8" && cset != "ascii") ThrowInvalidArg("charset must be 'ascii' or 'utf8'");
  out->string = {false, size, H5T_STR_NULLTERM, cset == "utf8" ? H5T_CSET_UTF8 : H5T_CSET_ASCII};
  out->packed_strings.assign(size * items.size(), '\0');
  for (size_t i = 0; i < items.size(); i++) {
    out->packed_strings.replace(i * size, items[i].size(), items[i]);
  }
}

// value.atomShape: undefined or [] for plain elements; else dimensions >= 1 that end
// value.shape (the data holds every element of the array atom, in C order).
std::vector<hsize_t> ParseAtomShape(const Napi::Value& value, const WriteValue& out) {
  if (value.IsUndefined()) return {};
  const char* message = "atomShape must be an array of positive integers";
  if (value.IsArray() && value.As<Napi::Array>().Length() > H5S_MAX_RANK) {
    ThrowInvalidArg("atomShape has more than 32 dimensions");
  }
  std::vector<hsize_t> atom = ParseIntegers(value, 1, message, message);
  if (atom.empty()) return atom;
  if (out.null_space) ThrowInvalidArg("a value with atomShape needs a shape, not null");
  if (atom.size() > out.shape.size() || !std::equal(atom.begin(), atom.end(), out.shape.end() - atom.size())) {
    ThrowInvalidArg("value.shape " + ShapeText(out.shape) + " does not end with its atomShape " + ShapeText(atom));
  }
  return atom;
}

}  // namespace

EnumMembers ParseEnumMembers(const Napi::Value& value, DType dtype, const std::string& what) {
  if (dtype == DType::String || dtype == DType::Bool || dtype == DType::Float32 || dtype == DType::Float64 ||
      dtype == DType::Float16 || dtype == DType::Complex64 || dtype == DType::Complex128) {
    ThrowInvalidArg(what + " needs an integer dtype, not " + DTypeName(dtype));
  }
  if (!value.IsObject() || value.IsArray()) ThrowInvalidArg(what + " must be an object {names, values}");
  Napi::Object spec = value.As<Napi::Object>();
  Napi::Value names = spec.Get("names"), values = spec.Get("values");
  if (!names.IsArray() || !values.IsArray() || names.As<Napi::Array>().Length() != values.As<Napi::Array>().Length() ||
      names.As<Napi::Array>().Length() == 0) {
    ThrowInvalidArg(what + " must have names and values: arrays of the same, non-zero length");
  }
  EnumMembers members;
  Napi::Array name_list = names.As<Napi::Array>(), value_list = values.As<Napi::Array>();
  for (uint32_t i = 0; i < name_list.Length(); i++) {
    Napi::Value name = name_list.Get(i), number = value_list.Get(i);
    if (!name.IsString()) ThrowInvalidArg(what + ".names must be strings");
    std::string text = name.As<Napi::String>().Utf8Value();
    if (text.empty() || text.find('\0') != std::string::npos) {
      ThrowInvalidArg(what + ".names must be non-empty strings without NUL characters");
    }
    double d = number.IsNumber() ? number.As<Napi::Number>().DoubleValue() : 0.5;
    if (!(std::floor(d) == d && std::fabs(d) <= 9007199254740991.0)) ThrowInvalidArg(what + ".values must be integers");
    for (size_t k = 0; k < members.names.size(); k++) {
      if (members.names[k] == text || members.values[k] == d) {
        ThrowInvalidArg(what + " repeats the name or value of '" + text + "'");
      }
    }
    members.names.push_back(text);
    members.values.push_back(d);
  }
  return members;
}

Napi::Object EnumMembersToJs(Napi::Env env, const EnumMembers& members) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("names", StringsToJs(env, members.names));
  Napi::Array values = Napi::Array::New(env, members.values.size());
  for (size_t i = 0; i < members.values.size(); i++) values.Set(static_cast<uint32_t>(i), members.values[i]);
  object.Set("values", values);
  return object;
}

WriteValue ParseWriteValue(const Napi::Value& value) {
  if (!value.IsObject()) ThrowInvalidArg("value must be an object {dtype, shape, data}");
  Napi::Object spec = value.As<Napi::Object>();
  // Cached names: every attribute of every new node is parsed here.
  const PropertyNames& names = NamesOf(value.Env());
  Napi::Value dtype = spec.Get(names[PropertyNames::kDtype]);
  auto parsed = dtype.IsString() ? ParseDType(dtype.As<Napi::String>().Utf8Value()) : std::nullopt;
  if (!parsed) ThrowInvalidArg("unknown dtype");
  WriteValue out;
  out.dtype = *parsed;
  Napi::Value shape = spec.Get(names[PropertyNames::kShape]);
  out.null_space = shape.IsNull();
  if (!out.null_space) out.shape = ParseShape(shape);
  out.element_count = out.null_space ? 0 : ElementCount(out.shape);
  out.atom_shape = ParseAtomShape(spec.Get(names[PropertyNames::kAtomShape]), out);
  if (out.dtype == DType::String) {
    ParseStrings(spec, spec.Get(names[PropertyNames::kData]), &out);
  } else {
    ParseNumbers(spec.Get(names[PropertyNames::kData]), &out);
  }
  Napi::Value members = spec.Get(names[PropertyNames::kEnum]);
  if (!members.IsUndefined()) out.enum_members = ParseEnumMembers(members, out.dtype, "value.enum");
  return out;
}

AttributeList ParseAttributeList(const Napi::Value& value) {
  AttributeList list;
  if (value.IsUndefined()) return list;
  if (!value.IsArray()) ThrowInvalidArg("attributes must be an array of [name, value] pairs");
  Napi::Array pairs = value.As<Napi::Array>();
  for (uint32_t i = 0; i < pairs.Length(); i++) {
    Napi::Value pair = pairs.Get(i);
    if (!pair.IsArray() || pair.As<Napi::Array>().Length() != 2 || !pair.As<Napi::Array>().Get(0u).IsString()) {
      ThrowInvalidArg("attributes must be an array of [name, value] pairs");
    }
    Napi::Array entry = pair.As<Napi::Array>();
    list.emplace_back(entry.Get(0u).As<Napi::String>().Utf8Value(), ParseWriteValue(entry.Get(1u)));
  }
  return list;
}

namespace {

std::vector<hsize_t> ParseCounts(const Napi::Object& spec, Napi::Value key_name, const char* key, double minimum) {
  Napi::Value value = spec.Get(key_name);
  // The messages are built only for a bad value (every read parses a selection).
  if (value.IsArray()) {
    Napi::Array array = value.As<Napi::Array>();
    std::vector<hsize_t> out(array.Length());
    bool good = true;
    for (uint32_t i = 0; good && i < out.size(); i++) {
      Napi::Value item = array.Get(i);
      double d = item.IsNumber() ? item.As<Napi::Number>().DoubleValue() : -1;
      good = d >= minimum && d <= 9007199254740991.0 && std::floor(d) == d;
      out[i] = good ? static_cast<hsize_t>(d) : 0;
    }
    if (good) return out;
  }
  std::string name = std::string("selection.") + key;
  return ParseIntegers(value, minimum, name + " must be an array of integers",
                       name + " must be an array of integers >= " + std::to_string(static_cast<int>(minimum)));
}

}  // namespace

Selection ParseSelection(const Napi::Value& value) {
  if (!value.IsObject()) ThrowInvalidArg("selection must be an object {start, count, step}");
  Napi::Object spec = value.As<Napi::Object>();
  const PropertyNames& names = NamesOf(value.Env());
  Selection selection{ParseCounts(spec, names[PropertyNames::kStart], "start", 0),
                      ParseCounts(spec, names[PropertyNames::kCount], "count", 0),
                      ParseCounts(spec, names[PropertyNames::kStep], "step", 1)};
  if (selection.count.size() != selection.start.size() || selection.step.size() != selection.start.size()) {
    ThrowInvalidArg("selection.start, count and step must have the same length");
  }
  return selection;
}

napi_typedarray_type TypedArrayTypeOf(JsArray kind) {
  switch (kind) {
    case JsArray::Int8:
      return napi_int8_array;
    case JsArray::Uint8:
      return napi_uint8_array;
    case JsArray::Int16:
      return napi_int16_array;
    case JsArray::Uint16:
      return napi_uint16_array;
    case JsArray::Int32:
      return napi_int32_array;
    case JsArray::Uint32:
      return napi_uint32_array;
    case JsArray::BigInt64:
      return napi_bigint64_array;
    case JsArray::BigUint64:
      return napi_biguint64_array;
    case JsArray::Float32:
      return napi_float32_array;
    case JsArray::Float64:
      return napi_float64_array;
    case JsArray::None:
      break;
  }
  return napi_uint8_array;
}

Napi::Array ShapeToJs(Napi::Env env, const std::vector<hsize_t>& shape) {
  Napi::Array array = Napi::Array::New(env, shape.size());
  for (size_t i = 0; i < shape.size(); i++) {
    array.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(shape[i])));
  }
  return array;
}

namespace {

// Below this, allocations are not tried with malloc first (small ones cannot fail
// without the process failing anyway).
constexpr size_t kProbeFrom = size_t{16} << 20;
// Memory reserved for reads still queued, in the whole process: queueing many large
// reads must not allocate all their results at once (beyond it, reads copy instead).
constexpr uint64_t kReservedBudget = uint64_t{512} << 20;
std::atomic<uint64_t> reserved_bytes{0};

// A Buffer of bytes allocated by V8 (transferable), not zero-filled; throws on failure.
// Large ones get huge pages before their first write (huge_pages.h).
Napi::Buffer<uint8_t> NewTransferable(Napi::Env env, size_t bytes, const void* copy_from = nullptr) {
  napi_value value = nullptr;
  void* data = nullptr;
  napi_status status = napi_create_buffer(env, bytes, &data, &value);
  NAPI_THROW_IF_FAILED(env, status, Napi::Buffer<uint8_t>());
  AdviseHugePages(data, bytes);
  if (copy_from && bytes > 0) std::memcpy(data, copy_from, bytes);
  return Napi::Buffer<uint8_t>(env, value);
}

}  // namespace

bool Allocatable(size_t bytes) {
  if (bytes < kProbeFrom) return true;
  void* probe = std::malloc(bytes);
  std::free(probe);
  return probe != nullptr;
}

OutBuffer::~OutBuffer() {
  std::free(malloced_);
  ReleaseReservation();
}

void OutBuffer::ReleaseReservation() {
  if (reserved_size_ == 0) return;
  reserved_bytes.fetch_sub(reserved_size_);
  reserved_size_ = 0;
}

void OutBuffer::Foretell(napi_env env, uint64_t bytes, const ReadLimit& limit) {
  foretold_env_ = env;
  foretold_bytes_ = bytes;
  foretold_limit_ = limit;
}

namespace {

// A TypedArray's bytes now (also over a SharedArrayBuffer; a detached one has none).
void* TypedArrayBytes(Napi::Env env, const Napi::TypedArray& array, size_t* bytes) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_status status = napi_get_typedarray_info(env, array, &type, &length, &data, nullptr, nullptr);
  NAPI_THROW_IF_FAILED(env, status, nullptr);
  *bytes = array.ByteLength();
  return data;
}

}  // namespace

void OutBuffer::UseCaller(const Napi::Value& out) {
  if (out.IsUndefined()) return;
  if (!out.IsTypedArray()) ThrowInvalidArg("out must be a TypedArray");
  Napi::TypedArray array = out.As<Napi::TypedArray>();
  caller_data_ = TypedArrayBytes(out.Env(), array, &caller_bytes_);
  caller_ = Napi::Persistent(array);
}

Napi::Value OutBuffer::ToCaller(Napi::Env env) {
  Napi::TypedArray array = caller_.Value();
  if (malloced_) {
    // Read on the HDF5 thread: the caller's buffer must still be the one it gave.
    size_t bytes = 0;
    void* data = TypedArrayBytes(env, array, &bytes);
    if (bytes != caller_bytes_ || bytes != size_ || (bytes > 0 && data == nullptr)) {
      std::free(std::exchange(malloced_, nullptr));
      ThrowInvalidArg("out was detached, transferred or resized while the read was queued");
    }
    if (size_ > 0) std::memcpy(data, malloced_, size_);
    std::free(std::exchange(malloced_, nullptr));
  }
  return array;
}

void OutBuffer::Reserve() {
  if (has_caller()) return;  // the result is copied into the caller's array instead
  napi_env env = foretold_env_;
  uint64_t bytes = foretold_bytes_;
  const ReadLimit& limit = foretold_limit_;
  if (env == nullptr || reserved_size_ != 0) return;
  if (bytes == 0 || bytes > limit.max_read_bytes || bytes > limit.node_max_bytes) return;
  if (reserved_bytes.fetch_add(bytes) + bytes > kReservedBudget) {
    reserved_bytes.fetch_sub(bytes);
    return;
  }
  reserved_size_ = static_cast<size_t>(bytes);
  try {
    if (!Allocatable(reserved_size_)) throw std::bad_alloc();
    Napi::Buffer<uint8_t> buffer = NewTransferable(Napi::Env(env), reserved_size_);
    reserved_data_ = buffer.Data();
    reserved_ = Napi::Persistent(buffer);
  } catch (...) {
    ReleaseReservation();  // none: the read allocates (and reports failure) for itself
  }
}

void* OutBuffer::Allocate(size_t bytes) {
  std::free(malloced_);
  malloced_ = nullptr;
  if (has_caller()) {
    if (bytes != caller_bytes_) {
      throw Failure(FailureKind::InvalidArg,
                    "out has " + std::to_string(caller_bytes_) + " bytes, the read needs " + std::to_string(bytes));
    }
    if (env_ != nullptr) return caller_data_ != nullptr ? caller_data_ : &caller_bytes_;  // 0 bytes: any pointer
  }
  if (env_ != nullptr) {                              // the JS thread
    if (!Allocatable(bytes)) throw std::bad_alloc();  // ReadNumbers names the read
    buffer_ = NewTransferable(Napi::Env(env_), bytes);
    return buffer_.Data();
  }
  if (reserved_data_ != nullptr && bytes == reserved_size_ && !reserved_used_) {
    reserved_used_ = true;
    return reserved_data_;
  }
  malloced_ = std::malloc(bytes > 0 ? bytes : 1);
  if (!malloced_) throw std::bad_alloc();
  size_ = bytes;
  return malloced_;
}

Napi::Buffer<uint8_t> OutBuffer::ToJs(Napi::Env env) {
  if (malloced_) {
    // Read on the HDF5 thread without a reservation: one copy into a Buffer V8 owns.
    if (!Allocatable(size_)) {
      throw Failure(FailureKind::Hdf5, "h5tables: out of memory: a read's result needs " + std::to_string(size_) +
                                           " bytes more to become a Buffer");
    }
    Napi::Buffer<uint8_t> copy = NewTransferable(env, size_, malloced_);
    std::free(std::exchange(malloced_, nullptr));
    return copy;
  }
  if (reserved_used_) {
    Napi::Buffer<uint8_t> reserved = reserved_.Value();
    reserved_.Reset();
    ReleaseReservation();
    return reserved;
  }
  return buffer_.IsEmpty() ? NewTransferable(env, 0) : buffer_;
}

void OutBuffer::Forget() {
  reserved_.SuppressDestruct();
  ReleaseReservation();
}

Napi::Buffer<uint8_t> BufferFromMalloc(Napi::Env env, void* data, size_t size) {
  // Node refuses a Buffer larger than its maximum only after taking the memory (it runs
  // the finalizer, then fails): node-addon-api's NewOrCopy then freed it a second time.
  uint64_t max = NodeMaxBufferBytes(env);
  if (size > max) {
    std::free(data);
    throw Failure(FailureKind::TooLarge,
                  "a result of " + std::to_string(size) +
                      " bytes is larger than Node's largest Buffer (buffer.constants.MAX_LENGTH, " +
                      std::to_string(max) + " bytes)");
  }
  napi_value value = nullptr;
  napi_status status = CreateMallocBuffer(env, data, size, &value);
  if (status == napi_ok) return Napi::Buffer<uint8_t>(env, value);
  if (status == napi_no_external_buffers_allowed) {
    // Electron's memory cage: one copy, and ours is freed.
    status = napi_create_buffer_copy(env, size, data, nullptr, &value);
    std::free(data);
    NAPI_THROW_IF_FAILED(env, status, Napi::Buffer<uint8_t>());
    return Napi::Buffer<uint8_t>(env, value);
  }
  // napi_generic_failure comes from node::Buffer::New, which owns the memory by then
  // (it has run or will run the finalizer); any earlier failure leaves it ours.
  if (status != napi_generic_failure) std::free(data);
  NAPI_THROW_IF_FAILED(env, status, Napi::Buffer<uint8_t>());
  return Napi::Buffer<uint8_t>(env, value);
}

Napi::Value ReadDataToJs(Napi::Env env, const ReadResult& result, OutBuffer& buffer) {
  if (result.dtype == DType::String && buffer.has_caller()) ThrowInvalidArg("out cannot hold strings");
  if (result.dtype == DType::String) return StringsToJs(env, result.strings);
  if (buffer.has_caller()) {
    Napi::Value filled = buffer.ToCaller(env);
    if (filled.As<Napi::TypedArray>().TypedArrayType() != TypedArrayTypeOf(JsArrayOf(result.dtype))) {
      ThrowInvalidArg(std::string("out is not the TypedArray of dtype ") + DTypeName(result.dtype));
    }
    return filled;
  }
  Napi::Buffer<uint8_t> bytes = buffer.ToJs(env);
  napi_value typed;
  napi_status status =
      napi_create_typedarray(env, TypedArrayTypeOf(JsArrayOf(result.dtype)), JsLength(result.dtype, result.count),
                             bytes.ArrayBuffer(), bytes.ByteOffset(), &typed);
  NAPI_THROW_IF_FAILED(env, status, Napi::Value());
  return Napi::Value(env, typed);
}

Napi::Object ReadResultToJs(Napi::Env env, const ReadResult& result, OutBuffer& buffer) {
  const PropertyNames& names = NamesOf(env);
  Napi::Object object = Napi::Object::New(env);
  object.Set(names[PropertyNames::kDtype], Napi::String::New(env, DTypeName(result.dtype)));
  object.Set(names[PropertyNames::kShape], result.null_space ? env.Null() : Napi::Value(ShapeToJs(env, result.shape)));
  if (result.enum_members && result.dtype != DType::String && !buffer.has_caller()) {
    object.Set("enum", EnumMembersToJs(env, *result.enum_members));
  }
  object.Set(names[PropertyNames::kData], ReadDataToJs(env, result, buffer));
  return object;
}

Napi::Array StringsToJs(Napi::Env env, const std::vector<std::string>& strings) {
  Napi::Array array = Napi::Array::New(env, strings.size());
  for (size_t i = 0; i < strings.size(); i++) {
    array.Set(static_cast<uint32_t>(i), Napi::String::New(env, strings[i]));
  }
  return array;
}

namespace {

// NativeReadValue {dtype, shape, data} of one fill value (the data copied).
Napi::Object FillValueToJs(Napi::Env env, const FillValue& fill) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("dtype", Napi::String::New(env, DTypeName(fill.dtype)));
  object.Set("shape", ShapeToJs(env, fill.shape));
  if (fill.dtype == DType::String) {
    object.Set("data", StringsToJs(env, fill.strings));
    return object;
  }
  Napi::Buffer<uint8_t> bytes = NewTransferable(env, fill.numbers.size(), fill.numbers.data());
  napi_value typed;
  napi_status status = napi_create_typedarray(env, TypedArrayTypeOf(JsArrayOf(fill.dtype)),
                                              JsLength(fill.dtype, fill.numbers.size() / DTypeSize(fill.dtype)),
                                              bytes.ArrayBuffer(), bytes.ByteOffset(), &typed);
  NAPI_THROW_IF_FAILED(env, status, Napi::Object());
  object.Set("data", Napi::Value(env, typed));
  return object;
}

}  // namespace

Napi::Object DatasetInfoToJs(Napi::Env env, const DatasetInfo& info) {
  Napi::Object result = Napi::Object::New(env);
  if (info.compound) {
    result.Set("dtype", Napi::String::New(env, "compound"));
    result.Set("fields", FieldsToJs(env, info.fields));
  } else {
    result.Set("dtype", info.dtype ? Napi::Value(Napi::String::New(env, DTypeName(*info.dtype))) : env.Null());
  }
  if (info.enum_members) result.Set("enum", EnumMembersToJs(env, *info.enum_members));
  result.Set("shape", ShapeToJs(env, info.shape));
  result.Set("atomShape", ShapeToJs(env, info.atom_shape));
  result.Set("itemsize", Napi::Number::New(env, static_cast<double>(info.itemsize)));
  result.Set("byteorder", Napi::String::New(env, info.byteorder));
  result.Set("chunkshape", info.chunkshape ? Napi::Value(ShapeToJs(env, *info.chunkshape)) : env.Null());
  result.Set("maxshape", MaxShapeToJs(env, info.maxshape));
  result.Set("filters", FiltersToJs(env, info.filters));
  if (info.fill_value) result.Set("fillValue", FillValueToJs(env, *info.fill_value));
  if (info.vlen) {
    Napi::Object vlen = Napi::Object::New(env);
    vlen.Set("dtype", Napi::String::New(env, DTypeName(info.vlen->dtype)));
    vlen.Set("atomShape", ShapeToJs(env, info.vlen->atom_dims));
    result.Set("vlen", vlen);
  }
  return result;
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

}  // namespace h5t
