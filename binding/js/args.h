// The one argument reader: every native operation reads and checks its arguments here,
// once, on the JS thread, before any lock is taken or any work is queued. Both forms of
// an operation (sync and Promise) go through the same reads, so they fail the same way.
#pragma once

#include <napi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hdf5/attributes.h"
#include "hdf5/spaces.h"
#include "hdf5/values.h"

namespace h5t {

class ArgReader {
 public:
  explicit ArgReader(const Napi::CallbackInfo& info) : info_(info), length_(info.Length()) {}
  // Reads only the first `length` arguments (the Promise forms' trailing onQueued callback is not one).
  ArgReader(const Napi::CallbackInfo& info, size_t length) : info_(info), length_(length) {}

  Napi::Env Env() const { return info_.Env(); }
  Napi::Value At(size_t index) const { return length_ > index ? info_[index] : info_.Env().Undefined(); }

  // A string without NUL characters ("<what> must be a string", "<what> must not
  // contain NUL characters"): HDF5 takes C strings, and would cut 'a\0b' to 'a'.
  std::string Name(size_t index, const char* what) const;
  // An array of such strings.
  std::vector<std::string> Names(size_t index, const char* what) const;
  // A safe integer >= 0 ("<what> must be an integer >= 0").
  uint64_t Index(size_t index, const char* what) const;
  WriteValue Value(size_t index) const;
  // undefined: no attributes.
  AttributeList Attributes(size_t index) const;
  // undefined: the whole dataset.
  std::optional<Selection> OptionalSelection(size_t index) const;

 private:
  const Napi::CallbackInfo& info_;
  size_t length_;
};

}  // namespace h5t
