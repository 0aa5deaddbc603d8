#include "js/filters_testing.h"

#include "hdf5/errors.h"
#include "hdf5/filters/write_for_tests.h"
#include "hdf5/lock.h"
#include "js/errors.h"

namespace h5t {

Napi::Value WriteFilteredForTestsJs(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    if (info.Length() < 4 || !info[0].IsString() || !info[1].IsString() || !info[2].IsTypedArray() ||
        !info[3].IsObject()) {
      ThrowInvalidArg("_writeFilteredForTests(filename, name, typedArray, { chunk, shuffle, filter, cdValues })");
    }
    FilteredWrite w;
    w.filename = info[0].As<Napi::String>().Utf8Value();
    w.name = info[1].As<Napi::String>().Utf8Value();
    Napi::TypedArray data = info[2].As<Napi::TypedArray>();
    switch (data.TypedArrayType()) {
      case napi_float64_array:
        w.mem_type = H5T_NATIVE_DOUBLE;
        break;
      case napi_int32_array:
        w.mem_type = H5T_NATIVE_INT32;
        break;
      case napi_uint8_array:
        w.mem_type = H5T_NATIVE_UINT8;
        break;
      default:
        ThrowInvalidArg("data must be a Float64Array, Int32Array or Uint8Array");
    }
    w.count = data.ElementLength();
    w.data = static_cast<const uint8_t*>(data.ArrayBuffer().Data()) + data.ByteOffset();
    Napi::Object options = info[3].As<Napi::Object>();
    w.chunk = options.Get("chunk").ToNumber().Int64Value();
    w.shuffle = options.Get("shuffle").ToBoolean();
    w.filter = options.Get("filter").IsNumber() ? options.Get("filter").As<Napi::Number>().Int32Value() : 0;
    Napi::Value cd = options.Get("cdValues");
    if (cd.IsArray()) {
      Napi::Array values = cd.As<Napi::Array>();
      for (uint32_t i = 0; i < values.Length(); i++) w.cd_values.push_back(values.Get(i).ToNumber().Uint32Value());
    }
    if (w.count == 0 || w.chunk == 0) ThrowInvalidArg("data and chunk must not be empty");
    std::string failed;
    {
      Hdf5Lock lock;
      failed = WriteFilteredForTests(w);
    }
    if (!failed.empty()) throw Failure(FailureKind::Hdf5, failed);
    return info.Env().Undefined();
  });
}

}  // namespace h5t
