// NativeFile's operations on variable-length rows (hdf5/vlen.h): createVlenDataset,
// readVlen, appendVlen and writeVlen, each defined once (operation.h) and exposed in both
// forms by file_ops.cc. Rows cross as one flat TypedArray plus offsets (lib/native.ts NativeVlenRows).
#pragma once

#include <napi.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/vlen.h"
#include "js/native_file.h"
#include "js/operation.h"
#include "js/storage_args.h"
#include "js/values.h"
#include "js/write_ops.h"

namespace h5t {

// {dtype, atomShape?}: a number or bool dtype, and an array atom's dimensions (each >= 1).
VlenType ParseVlenType(const Napi::Value& value);
// {dtype, atomShape?, offsets, data}: the elements stay in the caller's TypedArray.
VlenWrite ParseVlenRows(const Napi::Value& value);
// {dtype, atomShape, shape, offsets, data}, data over buffer's bytes.
Napi::Object VlenRowsToJs(Napi::Env env, const VlenRows& rows, OutBuffer& buffer);

namespace vlen_ops {

using Target = NativeFile;

struct CreateVlenDataset : Operation {
  static constexpr const char* kName = "createVlenDataset";
  std::string path;
  VlenType type;
  AttributeList attributes;
  std::optional<Storage> storage;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    type = ParseVlenType(args.At(1));
    attributes = args.Attributes(2);
    storage = ParseStorage(args.At(3));
    if (!storage) ThrowInvalidArg("storage is required: variable-length rows are stored in chunks");
    CheckVlenStorage(*storage);
  }
  void Own() {
    for (auto& attribute : attributes) attribute.second.OwnData();
  }
  void Run(Target& file, const RunContext&) { h5t::CreateVlenDataset(file.groups(), path, type, attributes, *storage); }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.ReportMemory(env);
    return env.Undefined();
  }
};

// The rows are read into memory HDF5 allocates (counted, always freed), then copied once
// into the result's Buffer; the Promise form, whose size nothing foretells, copies that
// malloc'd Buffer once more on the JS thread (OutBuffer).
struct ReadVlen : Operation {
  static constexpr const char* kName = "readVlen";
  std::string path;
  std::optional<Selection> selection;
  OutBuffer out;
  VlenRows rows;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    selection = args.OptionalSelection(1);
  }
  void Run(Target& file, const RunContext& context) {
    out.RunOn(context.js_env);
    rows = h5t::ReadVlen(write_ops::DatasetAt(file, path), selection ? &*selection : nullptr, out, file.read_limit());
  }
  Napi::Value Convert(Napi::Env env, Target&) { return VlenRowsToJs(env, rows, out); }
  void Abandon() { out.Forget(); }
};

struct AppendVlen : Operation {
  static constexpr const char* kName = "appendVlen";
  std::string path;
  VlenWrite rows;
  std::vector<hsize_t> shape;
  void Read(const ArgReader& args, Target& file) {
    path = args.Name(0, "path");
    rows = ParseVlenRows(args.At(1));
    file.read_hints().ExtentsChanging();
  }
  void Own() { rows.OwnData(); }
  void Run(Target& file, const RunContext&) {
    Dataset& dataset = write_ops::DatasetAt(file, path);
    file.datasets().ExtentsChanged();
    shape = h5t::AppendVlen(dataset, rows);
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.read_hints().Resized(path, shape);
    file.ReportMemory(env);
    return ShapeToJs(env, shape);
  }
};

struct WriteVlen : Operation {
  static constexpr const char* kName = "writeVlen";
  std::string path;
  VlenWrite rows;
  Selection selection;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    rows = ParseVlenRows(args.At(1));
    std::optional<Selection> given = args.OptionalSelection(2);
    if (!given) ThrowInvalidArg("selection is required: the rows to write over");
    selection = *given;
  }
  void Own() { rows.OwnData(); }
  void Run(Target& file, const RunContext&) { h5t::WriteVlen(write_ops::DatasetAt(file, path), rows, selection); }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.ReportMemory(env);
    return env.Undefined();
  }
};

}  // namespace vlen_ops
}  // namespace h5t
