// NativeDataset's operations, each exposed as both `name` and `nameAsync` (operation.h).
#include "js/native_dataset.h"
#include "js/native_file.h"
#include "js/records_ops.h"
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
  Napi::Value Convert(Napi::Env env, Target& dataset) {
    dataset.read_hints().LearnInfo("", info);
    return DatasetInfoToJs(env, info);
  }
};

// The whole dataset or a hyperslab, read straight into the result's ArrayBuffer, which
// transfers between threads (as NativeFile's readDataset: file_ops.cc).
struct ReadData : Operation {
  static constexpr const char* kName = "read";
  std::optional<Selection> selection;
  OutBuffer out;
  ReadResult result;
  void Read(const ArgReader& args, Target& dataset) {
    selection = args.OptionalSelection(0);
    out.UseCaller(args.At(1));
    // A handle of a closed file foretells nothing; Run reports the closing.
    const ReadLimit* limit = dataset.read_limit();
    if (limit) out.Foretell(args.Env(), dataset.read_hints().Expect("", Selected()), *limit);
  }
  void Own() { out.Reserve(); }
  void Run(Target& dataset, const RunContext& context) {
    out.RunOn(context.js_env);
    Dataset& opened = dataset.Get();
    result = opened.Read(Selected(), out, dataset.file().read_limit());
  }
  Napi::Value Convert(Napi::Env env, Target& dataset) {
    dataset.read_hints().LearnRead("", Selected(), result);
    return ReadResultToJs(env, result, out);
  }
  void Abandon() { out.Forget(); }
  const Selection* Selected() const { return selection ? &*selection : nullptr; }
};

}  // namespace dataset_ops

Napi::Function NativeDataset::Define(Napi::Env env) {
  namespace ops = dataset_ops;
  Exports<NativeDataset, PropertyDescriptor> exports;
  exports.Add(InstanceMethod<&NativeDataset::IsOpen>("isOpen"))
      .Add(InstanceMethod<&NativeDataset::Path>("path"))
      .Expose<ops::Close>()
      .Expose<ops::GetInfo>()
      .Expose<ops::ReadData>()
      .Expose<records_ops::DatasetReadRecords>();
  return DefineClass(env, "NativeDataset", exports.list());
}

}  // namespace h5t
