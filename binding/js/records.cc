#include "js/records.h"

#include <cmath>

#include "hdf5/errors.h"
#include "hdf5/spaces.h"

namespace h5t {
namespace {

constexpr int kMaxDepth = 32;  // nested compounds deeper than this are refused

std::vector<hsize_t> ParseFieldShape(const Napi::Value& value, const std::string& what) {
  if (value.IsUndefined()) return {};
  std::string message = what + ".shape must be an array of positive integers";
  if (value.IsArray() && value.As<Napi::Array>().Length() > H5S_MAX_RANK) {
    ThrowInvalidArg(what + ".shape has more than 32 dimensions");
  }
  return ParseIntegers(value, 1, message, message);
}

std::vector<Field> ParseFields(const Napi::Value& value, const std::string& what, int depth);

Field ParseField(const Napi::Value& value, const std::string& what, int depth) {
  if (!value.IsObject() || value.IsArray()) ThrowInvalidArg(what + " must be an object {name, dtype, shape}");
  Napi::Object spec = value.As<Napi::Object>();
  Field field;
  Napi::Value name = spec.Get("name");
  if (!name.IsString()) ThrowInvalidArg(what + ".name must be a string");
  field.name = name.As<Napi::String>().Utf8Value();
  if (field.name.empty() || field.name.find('\0') != std::string::npos || field.name.find('/') != std::string::npos) {
    ThrowInvalidArg(what + ".name must be a non-empty string without '/' or NUL characters");
  }
  Napi::Value dtype = spec.Get("dtype");
  std::string dtype_name = dtype.IsString() ? dtype.As<Napi::String>().Utf8Value() : "";
  if (dtype_name == "compound") {
    field.nested = true;
    field.fields = ParseFields(spec.Get("fields"), what + ".fields", depth + 1);
    if (field.fields.empty()) ThrowInvalidArg(what + ".fields must not be empty");
    if (!spec.Get("shape").IsUndefined() && !ParseFieldShape(spec.Get("shape"), what).empty()) {
      ThrowInvalidArg(what + ": a nested compound cannot have a shape (h5tables writes no arrays of compounds)");
    }
    return field;
  }
  field.dtype = dtype.IsString() ? ParseDType(dtype_name) : std::nullopt;
  if (!field.dtype) ThrowInvalidArg(what + ".dtype must be a dtype name or 'compound'");
  field.shape = ParseFieldShape(spec.Get("shape"), what);
  Napi::Value members = spec.Get("enum");
  if (!members.IsUndefined()) field.enum_members = ParseEnumMembers(members, *field.dtype, what + ".enum");
  Napi::Value itemsize = spec.Get("itemsize");
  if (*field.dtype == DType::String && !itemsize.IsUndefined()) {
    double d = itemsize.IsNumber() ? itemsize.As<Napi::Number>().DoubleValue() : 0;
    if (!(d >= 1 && d <= (1 << 30) && std::floor(d) == d))
      ThrowInvalidArg(what + ".itemsize must be a positive integer");
    field.itemsize = static_cast<size_t>(d);
  }
  return field;
}

std::vector<Field> ParseFields(const Napi::Value& value, const std::string& what, int depth) {
  if (depth > kMaxDepth) ThrowInvalidArg(what + ": compounds nest deeper than 32 levels");
  if (!value.IsArray()) ThrowInvalidArg(what + " must be an array of fields");
  Napi::Array array = value.As<Napi::Array>();
  std::vector<Field> fields;
  fields.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); i++) {
    fields.push_back(ParseField(array.Get(i), what + "[" + std::to_string(i) + "]", depth));
    for (size_t k = 0; k + 1 < fields.size(); k++) {
      if (fields[k].name == fields.back().name)
        ThrowInvalidArg(what + " has two fields named '" + fields[k].name + "'");
    }
  }
  return fields;
}

// A string column as one Uint8Array: count elements of the field's itemsize, each padded
// with NULs (the form lib/ packs strings in, and readRecords(..., stringsAsBytes) gives).
void ParseStringBytes(const Napi::TypedArray& array, const Field& leaf, const std::string& what, ColumnData* out) {
  std::string field = what + " (field '" + leaf.name + "', string)";
  if (array.TypedArrayType() != napi_uint8_array)
    ThrowInvalidArg(field + " must be an array of strings or a Uint8Array");
  if (leaf.itemsize == 0) ThrowInvalidArg(field + " given as bytes needs the field's itemsize");
  if (out->count != 0 && leaf.itemsize > SIZE_MAX / out->count) ThrowInvalidArg(what + " is too large");
  if (array.ElementLength() != out->count * leaf.itemsize) {
    ThrowInvalidArg(field + " has " + std::to_string(array.ElementLength()) + " bytes, the records need " +
                    std::to_string(out->count) + " strings of " + std::to_string(leaf.itemsize));
  }
  out->string_size = leaf.itemsize;
  out->data = static_cast<const uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
}

void ParseColumn(const Napi::Value& value, const Field& leaf, size_t nrecords, const std::string& what,
                 ColumnData* out) {
  out->dtype = *leaf.dtype;
  size_t per_record = ElementsPerRecord(leaf);
  if (per_record != 0 && nrecords > SIZE_MAX / per_record) ThrowInvalidArg(what + " is too large");
  out->count = nrecords * per_record;  // elements (complex: twice as many numbers)
  if (out->dtype == DType::String && value.IsTypedArray()) {
    ParseStringBytes(value.As<Napi::TypedArray>(), leaf, what, out);
    return;
  }
  if (out->dtype == DType::String) {
    if (!value.IsArray()) {
      ThrowInvalidArg(what + " (field '" + leaf.name + "', string) must be an array of strings or a Uint8Array");
    }
    Napi::Array array = value.As<Napi::Array>();
    if (array.Length() != out->count) {
      ThrowInvalidArg(what + " (field '" + leaf.name + "') has " + std::to_string(array.Length()) +
                      " strings, the records need " + std::to_string(out->count));
    }
    out->strings.reserve(out->count);
    for (uint32_t i = 0; i < array.Length(); i++) {
      Napi::Value item = array.Get(i);
      if (!item.IsString()) ThrowInvalidArg(what + " (field '" + leaf.name + "', string) must be an array of strings");
      out->strings.push_back(item.As<Napi::String>().Utf8Value());
    }
    return;
  }
  const char* dtype = DTypeName(out->dtype);
  if (!value.IsTypedArray() ||
      value.As<Napi::TypedArray>().TypedArrayType() != TypedArrayTypeOf(JsArrayOf(out->dtype))) {
    ThrowInvalidArg(what + " (field '" + leaf.name + "') is not the TypedArray of dtype " + dtype);
  }
  Napi::TypedArray array = value.As<Napi::TypedArray>();
  if (array.ElementLength() != JsLength(out->dtype, out->count)) {
    ThrowInvalidArg(what + " (field '" + leaf.name + "') has " + std::to_string(array.ElementLength()) +
                    " elements, the records need " + std::to_string(JsLength(out->dtype, out->count)));
  }
  out->data = static_cast<const uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
}

const char* ByteOrderName(const Field& field) {
  if (field.order == H5T_ORDER_LE) return "little";
  if (field.order == H5T_ORDER_BE) return "big";
  return "irrelevant";
}

}  // namespace

bool IsRecords(const Napi::Value& value) {
  if (!value.IsObject() || value.IsArray() || value.IsTypedArray()) return false;
  Napi::Value dtype = value.As<Napi::Object>().Get("dtype");
  return dtype.IsString() && dtype.As<Napi::String>().Utf8Value() == "compound";
}

RecordsValue ParseRecords(const Napi::Value& value, const std::string& what) {
  if (!IsRecords(value)) ThrowInvalidArg(what + " must be records {dtype: 'compound', fields, shape, columns}");
  Napi::Object spec = value.As<Napi::Object>();
  RecordsValue out;
  out.fields = ParseFields(spec.Get("fields"), what + ".fields", 0);
  if (out.fields.empty()) ThrowInvalidArg(what + ".fields must not be empty");
  Napi::Value shape = spec.Get("shape");
  std::string message = what + ".shape must be an array of non-negative integers";
  if (shape.IsArray() && shape.As<Napi::Array>().Length() > H5S_MAX_RANK) {
    ThrowInvalidArg(what + ".shape has more than 32 dimensions");
  }
  out.shape = ParseIntegers(shape, 0, message, message);
  out.nrecords = 1;
  for (hsize_t dim : out.shape) {
    if (dim != 0 && out.nrecords > SIZE_MAX / dim) ThrowInvalidArg(what + ".shape is too large");
    out.nrecords *= static_cast<size_t>(dim);
  }
  std::vector<const Field*> leaves = Leaves(out.fields);
  Napi::Value columns = spec.Get("columns");
  if (!columns.IsArray() || columns.As<Napi::Array>().Length() != leaves.size()) {
    ThrowInvalidArg(what + ".columns must be an array of " + std::to_string(leaves.size()) +
                    " columns, one per leaf field");
  }
  Napi::Array list = columns.As<Napi::Array>();
  out.columns.resize(leaves.size());
  for (size_t i = 0; i < leaves.size(); i++) {
    ParseColumn(list.Get(static_cast<uint32_t>(i)), *leaves[i], out.nrecords,
                what + ".columns[" + std::to_string(i) + "]", &out.columns[i]);
  }
  return out;
}

Napi::Array FieldsToJs(Napi::Env env, const std::vector<Field>& fields) {
  Napi::Array array = Napi::Array::New(env, fields.size());
  for (size_t i = 0; i < fields.size(); i++) {
    const Field& field = fields[i];
    Napi::Object item = Napi::Object::New(env);
    item.Set("name", Napi::String::New(env, field.name));
    if (field.nested) {
      item.Set("dtype", Napi::String::New(env, "compound"));
      item.Set("fields", FieldsToJs(env, field.fields));
    } else {
      item.Set("dtype", field.dtype ? Napi::Value(Napi::String::New(env, DTypeName(*field.dtype))) : env.Null());
      if (field.enum_members) item.Set("enum", EnumMembersToJs(env, *field.enum_members));
    }
    item.Set("shape", ShapeToJs(env, field.shape));
    item.Set("itemsize", Napi::Number::New(env, static_cast<double>(field.itemsize)));
    item.Set("offset", Napi::Number::New(env, static_cast<double>(field.offset)));
    item.Set("byteorder", Napi::String::New(env, ByteOrderName(field)));
    array.Set(static_cast<uint32_t>(i), item);
  }
  return array;
}

ReadBuffer& OutColumns::Column(size_t index) {
  buffers_.emplace_back();
  index_.push_back(index);
  buffers_.back().RunOn(env_);
  return buffers_.back();
}

OutBuffer* OutColumns::Find(size_t index) {
  for (size_t i = 0; i < index_.size(); i++) {
    if (index_[i] == index) return &buffers_[i];
  }
  return nullptr;
}

Napi::Object RecordsToJs(Napi::Env env, const RecordsResult& result, OutColumns& buffers) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("dtype", Napi::String::New(env, "compound"));
  object.Set("fields", FieldsToJs(env, result.fields));
  object.Set("shape", ShapeToJs(env, result.shape));
  Napi::Array columns = Napi::Array::New(env, result.columns.size());
  for (size_t i = 0; i < result.columns.size(); i++) {
    const RecordsResult::Column& column = result.columns[i];
    const bool as_bytes = column.dtype == DType::String && column.string_size > 0;
    if (column.dtype == DType::String && !as_bytes) {
      columns.Set(static_cast<uint32_t>(i), StringsToJs(env, column.strings));
      continue;
    }
    OutBuffer* buffer = buffers.Find(i);
    Napi::Buffer<uint8_t> bytes = buffer ? buffer->ToJs(env) : Napi::Buffer<uint8_t>::New(env, 0);
    napi_value typed;
    napi_status status = as_bytes ? napi_create_typedarray(env, napi_uint8_array, column.count * column.string_size,
                                                           bytes.ArrayBuffer(), bytes.ByteOffset(), &typed)
                                  : napi_create_typedarray(env, TypedArrayTypeOf(JsArrayOf(column.dtype)),
                                                           JsLength(column.dtype, column.count), bytes.ArrayBuffer(),
                                                           bytes.ByteOffset(), &typed);
    NAPI_THROW_IF_FAILED(env, status, Napi::Object());
    columns.Set(static_cast<uint32_t>(i), Napi::Value(env, typed));
  }
  object.Set("columns", columns);
  return object;
}

}  // namespace h5t
