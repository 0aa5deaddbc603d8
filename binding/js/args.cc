#include "js/args.h"

#include <cmath>

#include "hdf5/errors.h"
#include "js/values.h"

namespace h5t {
namespace {

std::string CheckedString(const Napi::Value& value, const std::string& what) {
  if (!value.IsString()) ThrowInvalidArg(what + " must be a string");
  std::string text = value.As<Napi::String>().Utf8Value();
  if (text.find('\0') != std::string::npos) ThrowInvalidArg(what + " must not contain NUL characters");
  return text;
}

}  // namespace

std::string ArgReader::Name(size_t index, const char* what) const { return CheckedString(At(index), what); }

std::vector<std::string> ArgReader::Names(size_t index, const char* what) const {
  Napi::Value value = At(index);
  if (!value.IsArray()) ThrowInvalidArg(std::string(what) + " must be an array of strings");
  Napi::Array list = value.As<Napi::Array>();
  std::vector<std::string> names;
  names.reserve(list.Length());
  for (uint32_t i = 0; i < list.Length(); i++) names.push_back(CheckedString(list.Get(i), std::string(what) + "[]"));
  return names;
}

uint64_t ArgReader::Index(size_t index, const char* what) const {
  Napi::Value value = At(index);
  double d = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : -1;
  if (!(d >= 0 && d <= 9007199254740991.0 && std::floor(d) == d)) {
    ThrowInvalidArg(std::string(what) + " must be an integer >= 0");
  }
  return static_cast<uint64_t>(d);
}

WriteValue ArgReader::Value(size_t index) const { return ParseWriteValue(At(index)); }

AttributeList ArgReader::Attributes(size_t index) const { return ParseAttributeList(At(index)); }

std::optional<Selection> ArgReader::OptionalSelection(size_t index) const {
  Napi::Value value = At(index);
  if (value.IsUndefined()) return std::nullopt;
  return ParseSelection(value);
}

}  // namespace h5t
