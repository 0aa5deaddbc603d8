// NativeDataset's operations, each exposed as both `name` and `nameAsync` (operation.h).
#include "js/native_dataset.h"
#include "js/native_file.h"
#include "js/values.h"

namespace h5t {
namespace dataset_ops {

using Target = NativeDataset;

struct Close : Operation {
  static constexpr const char* kName = "close";
  void Read(const ArgReader&, Target&) {}
  void Run(Target& dataset, const RunContext&) { dataset.CloseHdf5(); }
  Napi::Value Convert(Napi::Env env, Target&) { return env.Undefined(); }
};

struct GetInfo : Operation {
  static constexpr const char* kName = "getInfo";
  DatasetInfo info;
  void Read(const ArgReader&, Target&) {}
  void Run(Target& dataset, const RunContext&) { info = dataset.Get().Info(); }
  Napi::Value Convert(Napi::Env env, Target&) { return DatasetInfoToJs(env, info); }
};

// The whole dataset or a hyperslab; the bytes read become the ArrayBuffer without a copy.
struct ReadData : Operation {
  static constexpr const char* kName = "read";
  std::optional<Selection> selection;
  std::unique_ptr<OutBuffer> out;
  ReadResult result;
  void Read(const ArgReader& args, Target&) { selection = args.OptionalSelection(0); }
  void Run(Target& dataset, const RunContext& context) {
    out = std::make_unique<OutBuffer>(context.js_env);
    Dataset& opened = dataset.Get();
    result = opened.Read(selection ? &*selection : nullptr, *out, dataset.file().read_limit());
  }
  Napi::Value Convert(Napi::Env env, Target&) { return ReadResultToJs(env, result, *out); }
};

}  // namespace dataset_ops

Napi::Function NativeDataset::Define(Napi::Env env) {
  namespace ops = dataset_ops;
  Exports<NativeDataset, PropertyDescriptor> exports;
  exports.Add(InstanceMethod<&NativeDataset::IsOpen>("isOpen"))
      .Add(InstanceMethod<&NativeDataset::Path>("path"))
      .Expose<ops::Close>()
      .Expose<ops::GetInfo>()
      .Expose<ops::ReadData>();
  return DefineClass(env, "NativeDataset", exports.list());
}

}  // namespace h5t
