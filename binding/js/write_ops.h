// NativeFile's writes into existing datasets (hdf5/dataset_write.h): writeDataset,
// setExtent and appendDataset, each defined once (operation.h) and exposed in both forms
// by file_ops.cc. The Promise forms copy the caller's numbers at the call (Own), as
// createDataset's does.
//
// An extent change reaches every open dataset of the file: the DatasetTable re-reads
// their extents before their next use, and the read hints stop foretelling whole sizes
// from before it as soon as the change is called (a Promise read queued after it must
// not reserve the old size), then learn the new one.
#pragma once

#include <napi.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/dataset_write.h"
#include "js/native_file.h"
#include "js/operation.h"
#include "js/values.h"

namespace h5t {
namespace write_ops {

using Target = NativeFile;

// The dataset path names, as its file's path-addressed calls open it.
inline Dataset& DatasetAt(Target& file, const std::string& path) { return file.datasets().ByPath(file.OpenId(), path); }

inline std::vector<hsize_t> ParseShapeArg(const ArgReader& args, size_t index) {
  const char* message = "shape must be an array of non-negative integers";
  Napi::Value value = args.At(index);
  if (value.IsArray() && value.As<Napi::Array>().Length() > H5S_MAX_RANK) {
    ThrowInvalidArg("shape has more than 32 dimensions");
  }
  return ParseIntegers(value, 0, message, message);
}

struct WriteDataset : Operation {
  static constexpr const char* kName = "writeDataset";
  std::string path;
  WriteValue value;
  std::optional<Selection> selection;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    value = args.Value(1);
    selection = args.OptionalSelection(2);
  }
  void Own() { value.OwnData(); }
  void Run(Target& file, const RunContext&) {
    h5t::WriteDataset(DatasetAt(file, path), value, selection ? &*selection : nullptr);
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.ReportMemory(env);  // the CORE driver's memory may have grown
    return env.Undefined();
  }
};

struct SetExtent : Operation {
  static constexpr const char* kName = "setExtent";
  std::string path;
  std::vector<hsize_t> shape;
  void Read(const ArgReader& args, Target& file) {
    path = args.Name(0, "path");
    shape = ParseShapeArg(args, 1);
    file.read_hints().ExtentsChanging();
  }
  void Run(Target& file, const RunContext&) {
    Dataset& dataset = DatasetAt(file, path);
    file.datasets().ExtentsChanged();  // also when it fails: re-reading costs little
    h5t::SetExtent(dataset, shape);
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.read_hints().Resized(path, shape);
    file.ReportMemory(env);
    return env.Undefined();
  }
};

struct AppendDataset : Operation {
  static constexpr const char* kName = "appendDataset";
  std::string path;
  WriteValue value;
  size_t axis = 0;
  std::vector<hsize_t> shape;
  void Read(const ArgReader& args, Target& file) {
    path = args.Name(0, "path");
    value = args.Value(1);
    Napi::Value given = args.At(2);
    double d = given.IsNumber() ? given.As<Napi::Number>().DoubleValue() : -1;
    if (!(d >= 0 && d < H5S_MAX_RANK && d == static_cast<double>(static_cast<size_t>(d)))) {
      ThrowInvalidArg("axis must be an integer from 0 to 31");
    }
    axis = static_cast<size_t>(d);
    file.read_hints().ExtentsChanging();
  }
  void Own() { value.OwnData(); }
  void Run(Target& file, const RunContext&) {
    Dataset& dataset = DatasetAt(file, path);
    file.datasets().ExtentsChanged();
    shape = h5t::AppendDataset(dataset, value, axis);
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.read_hints().Resized(path, shape);
    file.ReportMemory(env);
    return ShapeToJs(env, shape);
  }
};

}  // namespace write_ops
}  // namespace h5t
