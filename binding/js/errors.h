// A Failure (hdf5/errors.h) as a JavaScript Error, and the boundary that converts.
//
// The Error carries a `code` ('ERR_HDF5', 'ERR_INVALID_ARG', 'ERR_CLOSED',
// 'ERR_UNSUPPORTED_TYPE', 'ERR_EXISTS', 'ERR_TOO_LARGE', 'ERR_INTERNAL') and, for HDF5,
// the error stack in `hdf5Stack`. InvalidArg is a TypeError, TooLarge a RangeError.
#pragma once

#include <napi.h>

#include "hdf5/errors.h"

namespace h5t {

// Builds the JavaScript Error for a Failure.
Napi::Error ToJsError(Napi::Env env, const Failure& failure);

// Runs body and rethrows any C++ exception as a JavaScript exception.
template <typename Body>
auto Guard(Napi::Env env, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;  // already a JavaScript exception (Napi::Error is a std::exception too)
  } catch (...) {
    throw ToJsError(env, CurrentExceptionAsFailure());
  }
}

}  // namespace h5t
