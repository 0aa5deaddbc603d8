#include "value.h"

#include <cmath>
#include <limits>

#include "errors.h"

namespace h5t {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;

std::vector<hsize_t> ParseShape(const Napi::Value& value) {
  if (!value.IsArray()) ThrowInvalidArg("shape must be an array of non-negative integers or null");
  Napi::Array array = value.As<Napi::Array>();
  if (array.Length() > H5S_MAX_RANK) ThrowInvalidArg("shape has more than 32 dimensions");
  std::vector<hsize_t> shape;
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value dim = array.Get(i);
    double d = dim.IsNumber() ? dim.As<Napi::Number>().DoubleValue() : -1;
    if (!(d >= 0 && d <= kMaxSafeInteger && std::floor(d) == d)) {
      ThrowInvalidArg("shape must be an array of non-negative integers or null");
    }
    shape.push_back(static_cast<hsize_t>(d));
  }
  return shape;
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
  out->data = out->packed_strings.data();
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

namespace {

void ReadInto(const ReadSource& source, hid_t mem_type, void* buffer) {
  if (source.is_attribute) {
    CheckErr(H5Aread(source.object, mem_type, buffer), "H5Aread");
  } else {
    CheckErr(H5Dread(source.object, mem_type, source.mem_space, source.file_space, H5P_DEFAULT, buffer),
             "H5Dread");
  }
}

Napi::Value ReadNumbers(Napi::Env env, const ReadSource& source, hid_t file_type, DType dtype,
                        size_t count) {
  size_t bytes = count * DTypeSize(dtype);
  // napi_create_buffer does not zero-fill: H5Dread writes every byte of it.
  Napi::Buffer<uint8_t> buffer = Napi::Buffer<uint8_t>::New(env, bytes);
  if (count > 0) {
    // HDF5 converts no enum to a bitfield: h5py's bool enum is read as its native enum.
    if (H5Tget_class(file_type) == H5T_ENUM) {
      Hid mem_type(Check(H5Tget_native_type(file_type, H5T_DIR_ASCEND), "H5Tget_native_type"));
      ReadInto(source, mem_type.get(), buffer.Data());
    } else {
      ReadInto(source, NativeMemType(dtype), buffer.Data());
    }
  }
  napi_value typed;
  napi_status status = napi_create_typedarray(env, TypedArrayTypeOf(dtype), count, buffer.ArrayBuffer(),
                                              buffer.ByteOffset(), &typed);
  NAPI_THROW_IF_FAILED(env, status, Napi::Value());
  return Napi::Value(env, typed);
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

Napi::Value ReadStrings(Napi::Env env, const ReadSource& source, const StringLayout& layout, size_t count) {
  Napi::Array result = Napi::Array::New(env, count);
  if (count == 0) return result;
  Hid mem_type = MakeStringType(layout);
  if (layout.variable) {
    std::vector<char*> pointers(count, nullptr);
    ReadInto(source, mem_type.get(), pointers.data());
    for (size_t i = 0; i < count; i++) {
      result.Set(static_cast<uint32_t>(i), Napi::String::New(env, pointers[i] ? pointers[i] : ""));
      // Variable-length strings are allocated by HDF5 for each element.
      if (pointers[i]) H5free_memory(pointers[i]);
    }
    return result;
  }
  std::vector<char> buffer(count * layout.size);
  ReadInto(source, mem_type.get(), buffer.data());
  for (size_t i = 0; i < count; i++) {
    const char* s = buffer.data() + i * layout.size;
    result.Set(static_cast<uint32_t>(i), Napi::String::New(env, s, FixedStringLength(s, layout.size, layout.pad)));
  }
  return result;
}

}  // namespace

Napi::Object ReadToJs(Napi::Env env, const ReadSource& source, hid_t file_type,
                      const std::vector<hsize_t>* shape) {
  std::optional<TypeInfo> info = Classify(file_type);
  if (!info) ThrowInvalidArg("h5tables cannot read this datatype (only integers, IEEE floats, bool and strings)");
  size_t count = shape ? ElementCount(*shape) : 0;
  Napi::Object result = Napi::Object::New(env);
  result.Set("dtype", Napi::String::New(env, DTypeName(info->dtype)));
  result.Set("shape", shape ? Napi::Value(ShapeToJs(env, *shape)) : env.Null());
  if (info->dtype == DType::String) {
    result.Set("data", ReadStrings(env, source, info->string, count));
  } else {
    result.Set("data", ReadNumbers(env, source, file_type, info->dtype, count));
  }
  return result;
}

}  // namespace h5t
