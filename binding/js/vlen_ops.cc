// Variable-length rows in and out of JavaScript (vlen_ops.h).
#include "js/vlen_ops.h"

#include <cmath>

#include "hdf5/errors.h"

namespace h5t {

VlenType ParseVlenType(const Napi::Value& value) {
  if (!value.IsObject()) ThrowInvalidArg("type must be an object {dtype, atomShape?}");
  Napi::Object spec = value.As<Napi::Object>();
  Napi::Value dtype = spec.Get("dtype");
  auto parsed = dtype.IsString() ? ParseDType(dtype.As<Napi::String>().Utf8Value()) : std::nullopt;
  if (!parsed) ThrowInvalidArg("unknown dtype");
  if (*parsed == DType::String) ThrowInvalidArg("variable-length rows hold numbers or bools, not strings");
  VlenType type;
  type.dtype = *parsed;
  Napi::Value atom = spec.Get("atomShape");
  if (!atom.IsUndefined()) {
    const char* message = "atomShape must be an array of positive integers";
    if (atom.IsArray() && atom.As<Napi::Array>().Length() > H5S_MAX_RANK) {
      ThrowInvalidArg("atomShape has more than 32 dimensions");
    }
    type.atom_dims = ParseIntegers(atom, 1, message, message);
  }
  return type;
}

VlenWrite ParseVlenRows(const Napi::Value& value) {
  VlenWrite rows;
  rows.type = ParseVlenType(value);
  Napi::Object spec = value.As<Napi::Object>();
  Napi::Value data = spec.Get("data");
  if (!data.IsTypedArray() ||
      data.As<Napi::TypedArray>().TypedArrayType() != TypedArrayTypeOf(JsArrayOf(rows.type.dtype))) {
    ThrowInvalidArg(std::string("data must be the TypedArray of dtype ") + DTypeName(rows.type.dtype));
  }
  Napi::TypedArray array = data.As<Napi::TypedArray>();
  rows.element_count = array.ElementLength() / JsLength(rows.type.dtype, 1);  // complex: re, im per element
  rows.data = static_cast<const uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
  Napi::Value offsets = spec.Get("offsets");
  if (!offsets.IsTypedArray() || offsets.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    ThrowInvalidArg("offsets must be a Float64Array");
  }
  Napi::Float64Array given = offsets.As<Napi::Float64Array>();
  if (given.ElementLength() == 0) ThrowInvalidArg("offsets must have one entry more than there are rows");
  rows.offsets.reserve(given.ElementLength());
  for (size_t i = 0; i < given.ElementLength(); i++) {
    double d = given[i];
    if (!(d >= 0 && d <= 9007199254740991.0 && std::floor(d) == d)) {
      ThrowInvalidArg("offsets must be non-negative integers");
    }
    rows.offsets.push_back(static_cast<uint64_t>(d));
  }
  return rows;
}

Napi::Object VlenRowsToJs(Napi::Env env, const VlenRows& rows, OutBuffer& buffer) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("dtype", Napi::String::New(env, DTypeName(rows.type.dtype)));
  object.Set("atomShape", ShapeToJs(env, rows.type.atom_dims));
  object.Set("shape", ShapeToJs(env, rows.shape));
  Napi::Float64Array offsets = Napi::Float64Array::New(env, rows.offsets.size());
  for (size_t i = 0; i < rows.offsets.size(); i++) offsets[i] = static_cast<double>(rows.offsets[i]);
  object.Set("offsets", offsets);
  Napi::Buffer<uint8_t> bytes = buffer.ToJs(env);
  size_t count = JsLength(rows.type.dtype, rows.bytes / DTypeSize(rows.type.dtype));
  napi_value typed;
  napi_status status = napi_create_typedarray(env, TypedArrayTypeOf(JsArrayOf(rows.type.dtype)), count,
                                              bytes.ArrayBuffer(), bytes.ByteOffset(), &typed);
  NAPI_THROW_IF_FAILED(env, status, Napi::Object());
  object.Set("data", Napi::Value(env, typed));
  return object;
}

}  // namespace h5t
