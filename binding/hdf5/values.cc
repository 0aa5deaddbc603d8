#include "hdf5/values.h"

#include <cmath>
#include <cstdlib>
#include <new>
#include <limits>

#include "hdf5/errors.h"

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
  if (array.TypedArrayType() != TypedArrayTypeOf(out->dtype)) {
    ThrowInvalidArg(std::string("data does not match dtype ") + DTypeName(out->dtype));
  }
  if (array.ElementLength() != out->element_count) {
    ThrowInvalidArg("data has " + std::to_string(array.ElementLength()) + " elements, shape needs " +
                    std::to_string(out->element_count));
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
  Napi::Value itemsize = spec.Get("itemsize");
  if (!itemsize.IsUndefined()) {
    double d = itemsize.IsNumber() ? itemsize.As<Napi::Number>().DoubleValue() : 0;
    if (!(d >= 1 && d <= (1 << 30) && std::floor(d) == d)) ThrowInvalidArg("itemsize must be a positive integer");
    size = static_cast<size_t>(d);
    if (size < longest) ThrowInvalidArg("a string is longer than itemsize");
  }
  Napi::Value charset = spec.Get("charset");
  std::string cset = charset.IsString() ? charset.As<Napi::String>().Utf8Value() : "utf8";
  if (cset != "utf8" && cset != "ascii") ThrowInvalidArg("charset must be 'ascii' or 'utf8'");
  out->string = {false, size, H5T_STR_NULLTERM, cset == "utf8" ? H5T_CSET_UTF8 : H5T_CSET_ASCII};
  out->packed_strings.assign(size * items.size(), '\0');
  for (size_t i = 0; i < items.size(); i++) {
    out->packed_strings.replace(i * size, items[i].size(), items[i]);
  }
}

}  // namespace

WriteValue ParseWriteValue(const Napi::Value& value) {
  if (!value.IsObject()) ThrowInvalidArg("value must be an object {dtype, shape, data}");
  Napi::Object spec = value.As<Napi::Object>();
  Napi::Value dtype = spec.Get("dtype");
  auto parsed = dtype.IsString() ? ParseDType(dtype.As<Napi::String>().Utf8Value()) : std::nullopt;
  if (!parsed) ThrowInvalidArg("unknown dtype");
  WriteValue out;
  out.dtype = *parsed;
  Napi::Value shape = spec.Get("shape");
  out.null_space = shape.IsNull();
  if (!out.null_space) out.shape = ParseShape(shape);
  out.element_count = out.null_space ? 0 : ElementCount(out.shape);
  if (out.dtype == DType::String) {
    ParseStrings(spec, spec.Get("data"), &out);
  } else {
    ParseNumbers(spec.Get("data"), &out);
  }
  return out;
}

void WriteValue::OwnData() {
  if (dtype == DType::String || owns_numbers) return;
  const auto* first = static_cast<const uint8_t*>(data);
  if (first && element_count > 0) owned_numbers.assign(first, first + element_count * DTypeSize(dtype));
  owns_numbers = true;
}

Hid WriteValue::MakeSpace() const {
  if (null_space) return Hid(Check(H5Screate(H5S_NULL), "H5Screate"));
  if (shape.empty()) return Hid(Check(H5Screate(H5S_SCALAR), "H5Screate"));
  return Hid(Check(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                   "H5Screate_simple"));
}

Hid WriteValue::MakeFileType() const {
  if (dtype == DType::String) return MakeStringType(string);
  return Hid(Check(H5Tcopy(LittleEndianFileType(dtype)), "H5Tcopy"));
}

hid_t WriteValue::MemType(Hid& owned) const {
  if (dtype != DType::String) return NativeMemType(dtype);
  owned = MakeStringType(string);
  return owned.get();
}

bool SpaceShape(hid_t space, std::vector<hsize_t>* shape) {
  H5S_class_t space_class = H5Sget_simple_extent_type(space);
  if (space_class == H5S_NO_CLASS) ThrowHdf5("H5Sget_simple_extent_type");
  shape->clear();
  if (space_class == H5S_NULL) return false;
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) ThrowHdf5("H5Sget_simple_extent_ndims");
  shape->resize(static_cast<size_t>(rank));
  if (rank > 0) CheckErr(H5Sget_simple_extent_dims(space, shape->data(), nullptr), "H5Sget_simple_extent_dims");
  return true;
}

Napi::Array ShapeToJs(Napi::Env env, const std::vector<hsize_t>& shape) {
  Napi::Array array = Napi::Array::New(env, shape.size());
  for (size_t i = 0; i < shape.size(); i++) {
    array.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(shape[i])));
  }
  return array;
}

JsReadBuffer::~JsReadBuffer() { std::free(malloced_); }

void* JsReadBuffer::Allocate(size_t bytes) {
  if (bytes >= kMallocFrom) {
    std::free(malloced_);
    malloced_ = std::malloc(bytes);
    if (!malloced_) throw std::bad_alloc();
    size_ = bytes;
    return malloced_;
  }
  buffer_ = Napi::Buffer<uint8_t>::New(env_, bytes);
  return buffer_.Data();
}

Napi::Buffer<uint8_t> JsReadBuffer::ToJs(Napi::Env env) {
  if (malloced_) {
    void* data = malloced_;
    malloced_ = nullptr;
    return BufferFromMalloc(env, data, size_);
  }
  return buffer_.IsEmpty() ? Napi::Buffer<uint8_t>::New(env, 0) : buffer_;
}

MallocReadBuffer::~MallocReadBuffer() { std::free(data_); }

void* MallocReadBuffer::Allocate(size_t bytes) {
  std::free(data_);
  data_ = std::malloc(bytes > 0 ? bytes : 1);
  if (!data_) throw std::bad_alloc();
  size_ = bytes;
  return data_;
}

Napi::Buffer<uint8_t> MallocReadBuffer::ToJs(Napi::Env env) {
  if (!data_) return Napi::Buffer<uint8_t>::New(env, 0);
  void* data = data_;
  data_ = nullptr;
  return BufferFromMalloc(env, data, size_);
}

namespace {

void FreeMalloced(napi_env, void* data, void*) { std::free(data); }

}  // namespace

Napi::Buffer<uint8_t> BufferFromMalloc(Napi::Env env, void* data, size_t size) {
  // Node refuses a Buffer larger than its maximum only after taking the memory (it runs
  // the finalizer, then fails): node-addon-api's NewOrCopy then freed it a second time.
  uint64_t max = NodeMaxBufferBytes(env);
  if (size > max) {
    std::free(data);
    throw Failure(FailureKind::TooLarge, "a result of " + std::to_string(size) +
                                             " bytes is larger than Node's largest Buffer (buffer.constants.MAX_LENGTH, " +
                                             std::to_string(max) + " bytes)");
  }
  napi_value value = nullptr;
  napi_status status = napi_create_external_buffer(env, size, data, FreeMalloced, nullptr, &value);
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

namespace {

void ReadInto(const ReadSource& source, hid_t mem_type, void* buffer, hid_t transfer = H5P_DEFAULT) {
  if (source.is_attribute) {
    CheckErr(H5Aread(source.object, mem_type, buffer), "H5Aread");
  } else {
    CheckErr(H5Dread(source.object, mem_type, source.mem_space, source.file_space, transfer, buffer), "H5Dread");
  }
}

void ReadNumbers(const ReadSource& source, hid_t file_type, DType dtype, size_t bytes, ReadBuffer& buffer,
                 const std::string& what) {
  void* data = nullptr;
  try {
    data = buffer.Allocate(bytes);
  } catch (const std::bad_alloc&) {
    throw Failure(FailureKind::Hdf5, "h5tables: out of memory: reading " + what + " needs " + std::to_string(bytes) +
                                         " bytes");
  }
  if (bytes == 0) return;
  // HDF5 converts no enum to a bitfield: h5py's bool enum is read as its native enum.
  if (H5Tget_class(file_type) == H5T_ENUM) {
    Hid mem_type(Check(H5Tget_native_type(file_type, H5T_DIR_ASCEND), "H5Tget_native_type"));
    if (H5Tget_size(mem_type.get()) != DTypeSize(dtype)) {
      throw Failure(FailureKind::Unsupported, "h5tables cannot read this enum type");
    }
    ReadInto(source, mem_type.get(), data);
  } else {
    ReadInto(source, NativeMemType(dtype), data);
  }
}

// Fixed-length strings end at the first NUL (NULLTERM, NULLPAD) or lose trailing spaces
// (SPACEPAD), as numpy and h5py decode them.
size_t FixedStringLength(const char* s, size_t size, H5T_str_t pad) {
  if (pad == H5T_STR_SPACEPAD) {
    while (size > 0 && s[size - 1] == ' ') size--;
    return size;
  }
  size_t n = 0;
  while (n < size && s[n] != '\0') n++;
  return n;
}

// What one string costs besides its characters: a std::string here, then a JS string and
// an array slot (an estimate, so that string reads are limited like numeric ones).
constexpr uint64_t kStringOverhead = 64;
// Far below what one JS array can hold (V8 stops near 2^27 elements).
constexpr uint64_t kMaxStrings = uint64_t{1} << 26;

// Variable-length strings of a dataset are allocated through this budget: a few bytes
// of file can point many elements at one large heap object.
struct VlenBudget {
  uint64_t left;
  bool exceeded = false;
};

void* BudgetAlloc(size_t size, void* info) {
  auto* budget = static_cast<VlenBudget*>(info);
  if (size > budget->left) {
    budget->exceeded = true;
    return nullptr;  // HDF5 fails the read
  }
  budget->left -= size;
  return std::malloc(size > 0 ? size : 1);
}

void BudgetFree(void* pointer, void*) { std::free(pointer); }

// The element pointers of a variable-length read, freed once whatever happens.
struct VlenPointers {
  std::vector<char*> pointers;
  bool from_hdf5;  // allocated by HDF5 itself (attributes), else by BudgetAlloc
  ~VlenPointers() {
    for (char* pointer : pointers) Release(pointer);
  }
  void Release(char*& pointer) {
    if (!pointer) return;
    if (from_hdf5) H5free_memory(pointer);
    else std::free(pointer);
    pointer = nullptr;
  }
};

// The fixed part of a string read: the element slots and the string objects.
uint64_t StringBytes(const StringLayout& layout, uint64_t count, const std::string& what) {
  if (count > kMaxStrings) {
    throw Failure(FailureKind::TooLarge, "reading " + what + ": " + std::to_string(count) +
                                             " strings are more than h5tables returns in one array (" +
                                             std::to_string(kMaxStrings) + "): read it in slices");
  }
  uint64_t slot = layout.variable ? sizeof(char*) : layout.size;
  return CheckedBytes(count, slot + kStringOverhead, what);
}

std::vector<std::string> ReadStrings(const ReadSource& source, const StringLayout& layout, uint64_t count,
                                     const ReadLimit& limit, const std::string& what) {
  std::vector<std::string> strings;
  if (count == 0) return strings;
  uint64_t fixed_bytes = StringBytes(layout, count, what);
  limit.Check(what, fixed_bytes);
  size_t n = static_cast<size_t>(count);
  strings.reserve(n);
  Hid mem_type = MakeStringType(layout);
  if (layout.variable) {
    VlenPointers vlen{std::vector<char*>(n, nullptr), source.is_attribute};
    if (source.is_attribute) {
      // H5Aread takes no transfer list: only the element count is limited.
      ReadInto(source, mem_type.get(), vlen.pointers.data());
    } else {
      VlenBudget budget{limit.max_read_bytes - fixed_bytes};
      Hid transfer(Check(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate"));
      CheckErr(H5Pset_vlen_mem_manager(transfer.get(), BudgetAlloc, &budget, BudgetFree, nullptr),
               "H5Pset_vlen_mem_manager");
      try {
        ReadInto(source, mem_type.get(), vlen.pointers.data(), transfer.get());
      } catch (const Failure&) {
        if (!budget.exceeded) throw;
        throw Failure(FailureKind::TooLarge, "reading " + what + " needs more bytes for its strings than maxReadBytes (" +
                                                 std::to_string(limit.max_read_bytes) +
                                                 "): open the file with a larger maxReadBytes (or Infinity) to read it");
      }
    }
    for (char*& pointer : vlen.pointers) {
      strings.emplace_back(pointer ? pointer : "");
      vlen.Release(pointer);
    }
    return strings;
  }
  std::vector<char> buffer(static_cast<size_t>(count * layout.size));
  ReadInto(source, mem_type.get(), buffer.data());
  for (size_t i = 0; i < n; i++) {
    const char* s = buffer.data() + i * layout.size;
    strings.emplace_back(s, FixedStringLength(s, layout.size, layout.pad));
  }
  return strings;
}

}  // namespace

uint64_t CheckReadable(hid_t file_type, const std::vector<hsize_t>* shape, const ReadLimit& limit,
                       const std::string& what) {
  std::optional<TypeInfo> info = Classify(file_type);
  if (!info) {
    throw Failure(FailureKind::Unsupported,
                  "h5tables cannot read this datatype (only integers, IEEE floats, bool and strings)");
  }
  // Counted and checked before anything is allocated: a shape can claim 2^61 elements.
  uint64_t count = shape ? CheckedElementCount(*shape, what) : 0;
  if (info->dtype == DType::String) {
    if (count > 0) limit.Check(what, StringBytes(info->string, count, what));
  } else {
    limit.Check(what, CheckedBytes(count, DTypeSize(info->dtype), what));
  }
  return count;
}

ReadResult ReadValue(const ReadSource& source, hid_t file_type, const std::vector<hsize_t>* shape,
                     ReadBuffer& buffer, const ReadLimit& limit, const std::string& what) {
  uint64_t count = CheckReadable(file_type, shape, limit, what);
  TypeInfo info = *Classify(file_type);
  ReadResult result;
  result.dtype = info.dtype;
  result.null_space = shape == nullptr;
  if (shape) result.shape = *shape;
  if (info.dtype == DType::String) {
    result.strings = ReadStrings(source, info.string, count, limit, what);
  } else {
    // It fits in size_t: checked against Node's largest Buffer above.
    ReadNumbers(source, file_type, info.dtype, static_cast<size_t>(count * DTypeSize(info.dtype)), buffer, what);
  }
  result.count = static_cast<size_t>(count);
  return result;
}

Napi::Object ReadResultToJs(Napi::Env env, const ReadResult& result, ReadBuffer& buffer) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("dtype", Napi::String::New(env, DTypeName(result.dtype)));
  object.Set("shape", result.null_space ? env.Null() : Napi::Value(ShapeToJs(env, result.shape)));
  if (result.dtype == DType::String) {
    Napi::Array strings = Napi::Array::New(env, result.strings.size());
    for (size_t i = 0; i < result.strings.size(); i++) {
      strings.Set(static_cast<uint32_t>(i), Napi::String::New(env, result.strings[i]));
    }
    object.Set("data", strings);
    return object;
  }
  Napi::Buffer<uint8_t> bytes = buffer.ToJs(env);
  napi_value typed;
  napi_status status = napi_create_typedarray(env, TypedArrayTypeOf(result.dtype), result.count,
                                              bytes.ArrayBuffer(), bytes.ByteOffset(), &typed);
  NAPI_THROW_IF_FAILED(env, status, Napi::Object());
  object.Set("data", Napi::Value(env, typed));
  return object;
}

}  // namespace h5t
