// The records operations (hdf5/records.h), each defined once (operation.h) and exposed
// in both forms: readRecords, writeRecords and appendRecords on NativeFile (file_ops.cc)
// and readRecords on NativeDataset (dataset_ops.cc). The Promise forms of the writes copy
// the caller's numbers at the call (Own), as writeDataset's do.
#pragma once

#include <napi.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/records.h"
#include "js/native_dataset.h"
#include "js/native_file.h"
#include "js/operation.h"
#include "js/records.h"
#include "js/values.h"

namespace h5t {
namespace records_ops {

// fieldPaths: undefined for every field, else an array of names ('pos/y').
inline std::vector<std::string> ReadFieldPaths(const ArgReader& args, size_t index) {
  if (args.At(index).IsUndefined()) return {};
  std::vector<std::string> paths = args.Names(index, "fieldPaths");
  if (paths.empty()) ThrowInvalidArg("fieldPaths must name at least one field (or be undefined for all)");
  return paths;
}

// stringsAsBytes: undefined or a boolean (string columns as one Uint8Array each).
inline bool ReadStringsAsBytes(const ArgReader& args, size_t index) {
  Napi::Value given = args.At(index);
  if (given.IsUndefined()) return false;
  if (!given.IsBoolean()) ThrowInvalidArg("stringsAsBytes must be a boolean");
  return given.As<Napi::Boolean>().Value();
}

// The read, for a file (by path) or an open dataset.
struct RecordsRead : Operation {
  std::optional<Selection> selection;
  std::vector<std::string> paths;
  bool strings_as_bytes = false;
  OutColumns out;
  RecordsResult result;
  void Run(Dataset& dataset, const ReadLimit& limit, const RunContext& context) {
    out.RunOn(context.js_env);
    result = h5t::ReadRecords(dataset, selection ? &*selection : nullptr, paths, out, limit, strings_as_bytes);
  }
  Napi::Value Convert(Napi::Env env) { return RecordsToJs(env, result, out); }
};

struct ReadRecords : RecordsRead {
  static constexpr const char* kName = "readRecords";
  std::string path;
  void Read(const ArgReader& args, NativeFile&) {
    path = args.Name(0, "path");
    selection = args.OptionalSelection(1);
    paths = ReadFieldPaths(args, 2);
    strings_as_bytes = ReadStringsAsBytes(args, 3);
  }
  void Run(NativeFile& file, const RunContext& context) {
    RecordsRead::Run(file.datasets().ByPath(file.OpenId(), path), file.read_limit(), context);
  }
  Napi::Value Convert(Napi::Env env, NativeFile&) { return RecordsRead::Convert(env); }
};

struct DatasetReadRecords : RecordsRead {
  static constexpr const char* kName = "readRecords";
  void Read(const ArgReader& args, NativeDataset&) {
    selection = args.OptionalSelection(0);
    paths = ReadFieldPaths(args, 1);
    strings_as_bytes = ReadStringsAsBytes(args, 2);
  }
  void Run(NativeDataset& dataset, const RunContext& context) {
    Dataset& opened = dataset.Get();
    RecordsRead::Run(opened, dataset.file().read_limit(), context);
  }
  Napi::Value Convert(Napi::Env env, NativeDataset&) { return RecordsRead::Convert(env); }
};

struct WriteRecords : Operation {
  static constexpr const char* kName = "writeRecords";
  std::string path;
  RecordsValue value;
  std::optional<Selection> selection;
  void Read(const ArgReader& args, NativeFile&) {
    path = args.Name(0, "path");
    value = ParseRecords(args.At(1), "value");
    selection = args.OptionalSelection(2);
  }
  void Own() { value.OwnData(); }
  void Run(NativeFile& file, const RunContext&) {
    h5t::WriteRecords(file.datasets().ByPath(file.OpenId(), path), value, selection ? &*selection : nullptr);
  }
  Napi::Value Convert(Napi::Env env, NativeFile& file) {
    file.ReportMemory(env);
    return env.Undefined();
  }
};

struct AppendRecords : Operation {
  static constexpr const char* kName = "appendRecords";
  std::string path;
  RecordsValue value;
  size_t axis = 0;
  std::vector<hsize_t> shape;
  void Read(const ArgReader& args, NativeFile& file) {
    path = args.Name(0, "path");
    value = ParseRecords(args.At(1), "value");
    Napi::Value given = args.At(2);
    double d = given.IsUndefined() ? 0 : given.IsNumber() ? given.As<Napi::Number>().DoubleValue() : -1;
    if (!(d >= 0 && d < H5S_MAX_RANK && d == static_cast<double>(static_cast<size_t>(d)))) {
      ThrowInvalidArg("axis must be an integer from 0 to 31");
    }
    axis = static_cast<size_t>(d);
    file.read_hints().ExtentsChanging();
  }
  void Own() { value.OwnData(); }
  void Run(NativeFile& file, const RunContext&) {
    Dataset& dataset = file.datasets().ByPath(file.OpenId(), path);
    file.datasets().ExtentsChanged();
    shape = h5t::AppendRecords(dataset, value, axis);
  }
  Napi::Value Convert(Napi::Env env, NativeFile& file) {
    file.read_hints().Resized(path, shape);
    file.ReportMemory(env);
    return ShapeToJs(env, shape);
  }
};

}  // namespace records_ops
}  // namespace h5t
