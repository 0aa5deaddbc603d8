#include "js/errors.h"

#include "js/source_js.h"

namespace h5t {

Napi::Error ToJsError(Napi::Env env, const Failure& failure) {
  Napi::Error error = failure.kind() == FailureKind::InvalidArg ? Napi::TypeError::New(env, failure.what())
                      : failure.kind() == FailureKind::TooLarge ? Napi::RangeError::New(env, failure.what())
                                                                : Napi::Error::New(env, failure.what());
  const char* code = "ERR_CLOSED";
  switch (failure.kind()) {
    case FailureKind::Hdf5:
      code = "ERR_HDF5";
      break;
    case FailureKind::InvalidArg:
      code = "ERR_INVALID_ARG";
      break;
    case FailureKind::Unsupported:
      code = "ERR_UNSUPPORTED_TYPE";
      break;
    case FailureKind::Exists:
      code = "ERR_EXISTS";
      break;
    case FailureKind::TooLarge:
      code = "ERR_TOO_LARGE";
      break;
    case FailureKind::Internal:
      code = "ERR_INTERNAL";
      break;
    case FailureKind::Source:
      code = "ERR_SOURCE";
      break;
    case FailureKind::SourceBusy:
      code = "ERR_SOURCE_BUSY";
      break;
    case FailureKind::SourceTimeout:
      code = "ERR_SOURCE_TIMEOUT";
      break;
    case FailureKind::Closed:
      break;
  }
  if (failure.cause() != 0) {
    Napi::Value cause = TakeSourceCause(env, failure.cause());
    if (!cause.IsUndefined()) {
      // As `new Error(message, { cause })` makes it: not enumerable.
      error.Value().DefineProperty(Napi::PropertyDescriptor::Value(
          "cause", cause, static_cast<napi_property_attributes>(napi_writable | napi_configurable)));
    }
  }
  error.Set("code", Napi::String::New(env, code));
  if (failure.kind() == FailureKind::Hdf5) {
    Napi::Array stack = Napi::Array::New(env, failure.stack().size());
    for (size_t i = 0; i < failure.stack().size(); i++) {
      stack.Set(static_cast<uint32_t>(i), Napi::String::New(env, failure.stack()[i]));
    }
    error.Set("hdf5Stack", stack);
  }
  return error;
}

}  // namespace h5t
