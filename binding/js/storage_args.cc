#include "js/storage_args.h"

#include <cmath>
#include <string>

#include "hdf5/errors.h"
#include "js/values.h"

namespace h5t {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;
// The pipeline message stores a filter's value count in 16 bits.
constexpr uint32_t kMaxClientValues = 0xFFFF;

bool IsIntegerIn(const Napi::Value& value, double minimum, double maximum) {
  if (!value.IsNumber()) return false;
  double d = value.As<Napi::Number>().DoubleValue();
  return d >= minimum && d <= maximum && std::floor(d) == d;
}

std::vector<hsize_t> ParseMaxShape(const Napi::Value& value) {
  const char* message = "storage.maxshape must be an array of non-negative integers or null (unlimited)";
  if (!value.IsArray()) ThrowInvalidArg(message);
  Napi::Array array = value.As<Napi::Array>();
  if (array.Length() > H5S_MAX_RANK) ThrowInvalidArg("storage.maxshape has more than 32 dimensions");
  std::vector<hsize_t> out;
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value item = array.Get(i);
    if (item.IsNull()) {
      out.push_back(H5S_UNLIMITED);
    } else if (IsIntegerIn(item, 0, kMaxSafeInteger)) {
      out.push_back(static_cast<hsize_t>(item.As<Napi::Number>().DoubleValue()));
    } else {
      ThrowInvalidArg(message);
    }
  }
  return out;
}

FilterSpec ParseFilter(const Napi::Value& value, uint32_t index) {
  std::string what = "storage.filters[" + std::to_string(index) + "]";
  if (!value.IsObject() || value.IsArray()) ThrowInvalidArg(what + " must be an object {id, cdValues, optional?}");
  Napi::Object spec = value.As<Napi::Object>();
  FilterSpec filter;
  Napi::Value id = spec.Get("id");
  if (!IsIntegerIn(id, 1, H5Z_FILTER_MAX)) ThrowInvalidArg(what + ".id must be an integer from 1 to 65535");
  filter.id = static_cast<H5Z_filter_t>(id.As<Napi::Number>().Int32Value());
  Napi::Value cd = spec.Get("cdValues");
  if (!cd.IsArray()) ThrowInvalidArg(what + ".cdValues must be an array of unsigned 32-bit integers");
  Napi::Array values = cd.As<Napi::Array>();
  if (values.Length() > kMaxClientValues) ThrowInvalidArg(what + ".cdValues has more than 65535 values");
  for (uint32_t i = 0; i < values.Length(); i++) {
    Napi::Value item = values.Get(i);
    if (!IsIntegerIn(item, 0, 4294967295.0)) {
      ThrowInvalidArg(what + ".cdValues[" + std::to_string(i) + "] must be an unsigned 32-bit integer");
    }
    filter.cd_values.push_back(static_cast<unsigned>(item.As<Napi::Number>().DoubleValue()));
  }
  Napi::Value optional = spec.Get("optional");
  if (!optional.IsUndefined() && !optional.IsBoolean()) ThrowInvalidArg(what + ".optional must be a boolean");
  filter.optional = optional.IsBoolean() && optional.As<Napi::Boolean>().Value();
  // `name` is reported only: a pipeline read back can be passed in again as it is.
  return filter;
}

}  // namespace

std::optional<Storage> ParseStorage(const Napi::Value& value, bool records) {
  if (value.IsUndefined()) return std::nullopt;
  if (!value.IsObject() || value.IsArray())
    ThrowInvalidArg("storage must be an object {chunkshape, maxshape?, filters?, fillValue?}");
  Napi::Object spec = value.As<Napi::Object>();
  Storage storage;
  Napi::Value chunkshape = spec.Get("chunkshape");
  if (chunkshape.IsArray() && chunkshape.As<Napi::Array>().Length() > H5S_MAX_RANK) {
    ThrowInvalidArg("storage.chunkshape has more than 32 dimensions");
  }
  const char* chunk_message = "storage.chunkshape must be an array of positive integers";
  storage.chunkshape = ParseIntegers(chunkshape, 1, chunk_message, chunk_message);
  Napi::Value maxshape = spec.Get("maxshape");
  if (!maxshape.IsUndefined()) {
    storage.maxshape = ParseMaxShape(maxshape);
    storage.has_maxshape = true;
  }
  Napi::Value filters = spec.Get("filters");
  if (!filters.IsUndefined()) {
    if (!filters.IsArray()) ThrowInvalidArg("storage.filters must be an array of {id, cdValues, optional?}");
    Napi::Array list = filters.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); i++) storage.filters.push_back(ParseFilter(list.Get(i), i));
  }
  Napi::Value fill = spec.Get("fillValue");
  if (!fill.IsUndefined() && !records) {
    if (!fill.IsObject() || fill.IsArray()) ThrowInvalidArg("storage.fillValue must be an object {dtype, shape, data}");
    storage.fill_value = ParseWriteValue(fill);
  }
  return storage;
}

Napi::Array FiltersToJs(Napi::Env env, const std::vector<FilterSpec>& filters) {
  Napi::Array out = Napi::Array::New(env, filters.size());
  for (size_t i = 0; i < filters.size(); i++) {
    const FilterSpec& filter = filters[i];
    Napi::Object item = Napi::Object::New(env);
    item.Set("id", Napi::Number::New(env, filter.id));
    Napi::Array values = Napi::Array::New(env, filter.cd_values.size());
    for (size_t k = 0; k < filter.cd_values.size(); k++) {
      values.Set(static_cast<uint32_t>(k), Napi::Number::New(env, filter.cd_values[k]));
    }
    item.Set("cdValues", values);
    item.Set("optional", Napi::Boolean::New(env, filter.optional));
    item.Set("name", Napi::String::New(env, filter.name));
    out.Set(static_cast<uint32_t>(i), item);
  }
  return out;
}

Napi::Array MaxShapeToJs(Napi::Env env, const std::vector<hsize_t>& maxshape) {
  Napi::Array out = Napi::Array::New(env, maxshape.size());
  for (size_t i = 0; i < maxshape.size(); i++) {
    out.Set(static_cast<uint32_t>(i), maxshape[i] == H5S_UNLIMITED
                                          ? env.Null()
                                          : Napi::Value(Napi::Number::New(env, static_cast<double>(maxshape[i]))));
  }
  return out;
}

}  // namespace h5t
