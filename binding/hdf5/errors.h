// Failures inside the binding (no napi: js/errors.h turns them into JavaScript errors).
//
// C++ code throws Failure; the JS-facing boundary (js/errors.h) turns it into an Error with a
// `code` ('ERR_HDF5', 'ERR_INVALID_ARG', 'ERR_CLOSED', 'ERR_UNSUPPORTED_TYPE',
// 'ERR_EXISTS', 'ERR_TOO_LARGE') and, for HDF5, the error stack. Any other C++ exception
// (std::length_error, ...) becomes an Error with code 'ERR_INTERNAL': none may reach Node,
// where it would be std::terminate.
// Free of napi types, so the same code runs on the JS thread and on the HDF5 thread.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace h5t {

// TooLarge: a read that would allocate more than the file's limit or Node's maximum
// (a RangeError in JavaScript). Internal: any other C++ exception, caught at the boundary.
// Source: a byte-range source's read failed or came up short ('ERR_SOURCE'); SourceBusy: a
// call on the JS thread that would have to wait for a source ('ERR_SOURCE_BUSY');
// SourceTimeout: a source's read did not settle within the file's sourceTimeout
// ('ERR_SOURCE_TIMEOUT').
enum class FailureKind {
  Hdf5,
  InvalidArg,
  Closed,
  Unsupported,
  Exists,
  TooLarge,
  Internal,
  Source,
  SourceBusy,
  SourceTimeout
};

class Failure : public std::runtime_error {
 public:
  Failure(FailureKind kind, const std::string& message, std::vector<std::string> stack = {})
      : std::runtime_error(message), kind_(kind), stack_(std::move(stack)) {}
  FailureKind kind() const { return kind_; }
  const std::vector<std::string>& stack() const { return stack_; }
  // A Source failure's original JavaScript error, kept by the environment under this key
  // (js/source_js.h); 0 for none.
  uint64_t cause() const { return cause_; }
  Failure& WithCause(uint64_t cause) {
    cause_ = cause;
    return *this;
  }

 private:
  FailureKind kind_;
  std::vector<std::string> stack_;
  uint64_t cause_ = 0;
};

// Throws a Failure carrying the current HDF5 error stack of this thread. Call it right
// after the failing HDF5 call: any later HDF5 call clears the stack.
[[noreturn]] void ThrowHdf5(const std::string& what);
[[noreturn]] void ThrowInvalidArg(const std::string& what);

// Checks an HDF5 return value (negative means failure) and returns it.
inline hid_t Check(hid_t result, const char* what) {
  if (result < 0) ThrowHdf5(what);
  return result;
}
inline herr_t CheckErr(herr_t result, const char* what) {
  if (result < 0) ThrowHdf5(what);
  return result;
}
inline bool CheckTri(htri_t result, const char* what) {
  if (result < 0) ThrowHdf5(what);
  return result > 0;
}

// Any exception caught at the boundary as the Failure it stands for (out of memory,
// or an internal error naming the exception). Call it from inside a catch block.
Failure CurrentExceptionAsFailure();

}  // namespace h5t
