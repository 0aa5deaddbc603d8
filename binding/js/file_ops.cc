// NativeFile's operations: each is defined once (operation.h) and exposed below, on one
// line, as both `name` and `nameAsync`. Promise forms run on the HDF5 thread in call
// order, so closeAsync() waits for the operations queued before it.
#include <cstdlib>

#include "hdf5/attributes.h"
#include "hdf5/dataset_create.h"
#include "hdf5/links.h"
#include "hdf5/object_id.h"
#include "js/native_dataset.h"
#include "js/native_file.h"
#include "js/records.h"
#include "js/records_ops.h"
#include "js/storage_args.h"
#include "js/values.h"
#include "js/vlen_ops.h"
#include "js/write_ops.h"

namespace h5t {
namespace file_ops {

using Target = NativeFile;

struct Close : Operation {
  static constexpr const char* kName = "close";
  // On the JS thread: a source read in flight would hold the close (queued behind it) forever.
  void Read(const ArgReader&, Target& file) { file.AbortSourceReads(); }
  void Run(Target& file, const RunContext&) { file.CloseHdf5(); }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.ReleaseJs();
    return env.Undefined();
  }
  // The id is released whether or not H5Fclose succeeded.
  void Failed(Napi::Env, Target& file) { file.ReleaseJs(); }
};

// Also learns the size of the image getFileImageAsync() (which lib/ calls right after a
// flush) will take, so that the image's Buffer can be reserved before it is queued.
struct Flush : Operation {
  static constexpr const char* kName = "flush";
  ssize_t image_size = -1;
  void Read(const ArgReader&, Target&) {}
  void Run(Target& file, const RunContext&) {
    file.FlushHdf5();
    image_size = H5Fget_file_image(file.OpenId(), nullptr, 0);  // -1: unknown, no harm
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    if (image_size >= 0) file.read_hints().LearnImage(static_cast<uint64_t>(image_size));
    file.ReportMemory(env);
    return env.Undefined();
  }
};

// HDF5 copies the image into an exact-size Buffer that V8 allocated (so it transfers
// between threads): on the JS thread, or in the Promise form reserved before it is queued
// when the image has the size the last flush or image saw; otherwise the Promise form
// copies once more, on the JS thread (bench/transfer.js measures both).
struct GetFileImage : Operation {
  static constexpr const char* kName = "getFileImage";
  OutBuffer out;
  void Read(const ArgReader& args, Target& file) {
    // Only Node's largest Buffer limits an image.
    out.Foretell(args.Env(), file.read_hints().ExpectImage(), ReadLimit{UINT64_MAX, file.read_limit().node_max_bytes});
  }
  void Own() { out.Reserve(); }
  void Run(Target& file, const RunContext& context) {
    out.RunOn(context.js_env);
    file.GetImageHdf5(out);
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    Napi::Buffer<uint8_t> image = out.ToJs(env);
    file.read_hints().LearnImage(image.Length());
    return image;
  }
  void Abandon() { out.Forget(); }
};

// Flushes, closes and returns the image; for a CORE file whose memory h5tables manages,
// the driver's buffer itself becomes the Buffer (no copy). It is an external Buffer, which
// Node cannot transfer to another thread (README, Images): getFileImage's can be.
struct TakeFileImage : Operation {
  static constexpr const char* kName = "takeFileImage";
  void* image = nullptr;
  size_t size = 0;
  ~TakeFileImage() { std::free(image); }
  void Read(const ArgReader&, Target&) {}
  void Run(Target& file, const RunContext&) { image = file.TakeImageHdf5(&size); }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.ReleaseJs();
    return BufferFromMalloc(env, std::exchange(image, nullptr), size);
  }
};

struct GetKind : Operation {
  static constexpr const char* kName = "getKind";
  std::string path;
  std::optional<NodeKind> kind;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) { kind = h5t::GetKind(file.groups(), path); }
  Napi::Value Convert(Napi::Env env, Target&) {
    return kind ? Napi::Value(Napi::String::New(env, NodeKindName(*kind))) : env.Null();
  }
};

struct ListChildren : Operation {
  static constexpr const char* kName = "listChildren";
  std::string path;
  std::vector<Child> children;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) { children = h5t::ListChildren(file.groups(), path); }
  Napi::Value Convert(Napi::Env env, Target&) {
    Napi::Array result = Napi::Array::New(env, children.size());
    for (size_t i = 0; i < children.size(); i++) {
      Napi::Object child = Napi::Object::New(env);
      child.Set("name", Napi::String::New(env, children[i].name));
      child.Set("kind", Napi::String::New(env, NodeKindName(children[i].kind)));
      result.Set(static_cast<uint32_t>(i), child);
    }
    return result;
  }
};

// Operations that change the file and return nothing: the memory the CORE driver holds
// may have grown.
struct Changes : Operation {
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.ReportMemory(env);
    return env.Undefined();
  }
};

struct CreateGroup : Changes {
  static constexpr const char* kName = "createGroup";
  std::string path;
  AttributeList attributes;
  std::vector<std::string> inherited;  // the parent's attributes to copy (PyTables' FILTERS)
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    attributes = args.Attributes(1);
    if (!args.At(2).IsUndefined()) inherited = args.Names(2, "inherited");
  }
  void Own() {
    for (auto& attribute : attributes) attribute.second.OwnData();
  }
  void Run(Target& file, const RunContext&) { h5t::CreateGroup(file.groups(), path, attributes, inherited); }
};

struct HasLink : Operation {
  static constexpr const char* kName = "hasLink";
  std::string path;
  bool found = false;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) { found = h5t::HasLink(file.groups(), path); }
  Napi::Value Convert(Napi::Env env, Target&) { return Napi::Boolean::New(env, found); }
};

struct DeleteLink : Changes {
  static constexpr const char* kName = "deleteLink";
  std::string path;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) {
    GroupCache& groups = file.groups();
    file.datasets().ForgetPaths();  // the path may name another object from now on
    h5t::DeleteLink(groups, path);
  }
};

struct MoveLink : Changes {
  static constexpr const char* kName = "moveLink";
  std::string src, dst;
  void Read(const ArgReader& args, Target&) {
    src = args.Name(0, "src");
    dst = args.Name(1, "dst");
  }
  void Run(Target& file, const RunContext&) {
    GroupCache& groups = file.groups();
    file.datasets().ForgetPaths();
    h5t::MoveLink(groups, src, dst);
  }
};

struct CopyObject : Changes {
  static constexpr const char* kName = "copyObject";
  std::string src, dst;
  void Read(const ArgReader& args, Target&) {
    src = args.Name(0, "src");
    dst = args.Name(1, "dst");
  }
  void Run(Target& file, const RunContext&) { h5t::CopyObject(file.groups(), src, dst); }
};

// {type, target, file}: the link at path, not followed (file: an external link's only).
struct GetLinkValue : Operation {
  static constexpr const char* kName = "getLinkValue";
  std::string path;
  LinkValue value;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) { value = h5t::GetLinkValue(file.groups(), path); }
  Napi::Value Convert(Napi::Env env, Target&) {
    Napi::Object result = Napi::Object::New(env);
    result.Set("type", Napi::String::New(env, value.type));
    if (value.type == "soft" || value.type == "external") result.Set("target", Napi::String::New(env, value.target));
    if (value.type == "external") result.Set("file", Napi::String::New(env, value.file));
    return result;
  }
};

struct CreateSoftLink : Changes {
  static constexpr const char* kName = "createSoftLink";
  std::string path, target;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    target = args.Name(1, "target");
  }
  void Run(Target& file, const RunContext&) { h5t::CreateSoftLink(file.groups(), path, target); }
};

struct CreateExternalLink : Changes {
  static constexpr const char* kName = "createExternalLink";
  std::string path, other, target;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    other = args.Name(1, "file");
    target = args.Name(2, "target");
  }
  void Run(Target& file, const RunContext&) { h5t::CreateExternalLink(file.groups(), path, other, target); }
};

struct CreateHardLink : Changes {
  static constexpr const char* kName = "createHardLink";
  std::string path, target;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    target = args.Name(1, "targetPath");
  }
  void Run(Target& file, const RunContext&) { h5t::CreateHardLink(file.groups(), path, target); }
};

// The caller's numbers are copied by the Promise form (Own): keeping a TypedArray alive
// does not keep its memory (JavaScript can transfer or shrink its buffer while the write
// waits), and the caller may change it as soon as the call returns.
// With storage (the 4th argument) it is chunked, extendible and filtered; every check of
// storage is made here, before anything is queued or created.
// A NativeRecords value (records.h) makes a compound dataset; its storage.fillValue is
// then one record (PyTables' column defaults).
struct CreateDataset : Changes {
  static constexpr const char* kName = "createDataset";
  std::string path;
  WriteValue value;
  std::optional<RecordsValue> records, records_fill;
  AttributeList attributes;
  std::optional<Storage> storage;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    if (IsRecords(args.At(1))) {
      ReadRecordsArgs(args);
    } else {
      value = args.Value(1);
      storage = ParseStorage(args.At(3));
    }
    attributes = args.Attributes(2);
    if (storage && !records) CheckStorage(*storage, value);
  }
  void ReadRecordsArgs(const ArgReader& args) {
    records = ParseRecords(args.At(1), "value");
    SizeStringFields(*records);
    storage = ParseStorage(args.At(3), true);
    if (!storage) return;
    CheckStorageLayout(*storage, records->shape, RecordBytes(records->fields), false);
    Napi::Value fill = args.At(3).As<Napi::Object>().Get("fillValue");
    if (fill.IsUndefined()) return;
    records_fill = ParseRecords(fill, "storage.fillValue");
    if (!records_fill->shape.empty()) ThrowInvalidArg("storage.fillValue.shape must be [] (one record)");
  }
  void Own() {
    value.OwnData();
    if (records) records->OwnData();
    if (records_fill) records_fill->OwnData();
    if (storage && storage->fill_value) storage->fill_value->OwnData();
    for (auto& attribute : attributes) attribute.second.OwnData();
  }
  void Run(Target& file, const RunContext&) {
    if (records) {
      CreateRecordsDataset(file.groups(), path, *records, attributes, storage ? &*storage : nullptr,
                           records_fill ? &*records_fill : nullptr);
      return;
    }
    h5t::CreateDataset(file.groups(), path, value, attributes, storage ? &*storage : nullptr);
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    if (!records) file.read_hints().LearnWrite(path, value);  // so that its first readAsync need not copy
    return Changes::Convert(env, file);
  }
};

struct GetDatasetInfo : Operation {
  static constexpr const char* kName = "getDatasetInfo";
  std::string path;
  DatasetInfo info;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) { info = file.datasets().ByPath(file.OpenId(), path).Info(); }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.read_hints().LearnInfo(path, info);
    return DatasetInfoToJs(env, info);
  }
};

// H5Dread writes straight into the result's ArrayBuffer (js/values.h OutBuffer): one V8
// allocated, so it transfers between threads; the Promise form reserves it before it is
// queued, at the size ReadHints foretells.
struct ReadDataset : Operation {
  static constexpr const char* kName = "readDataset";
  std::string path;
  std::optional<Selection> selection;
  OutBuffer out;
  ReadResult result;
  void Read(const ArgReader& args, Target& file) {
    path = args.Name(0, "path");
    selection = args.OptionalSelection(1);
    out.UseCaller(args.At(2));
    out.Foretell(args.Env(), file.read_hints().Expect(path, Selected()), file.read_limit());
  }
  void Own() { out.Reserve(); }
  void Run(Target& file, const RunContext& context) {
    out.RunOn(context.js_env);
    Dataset& dataset = file.datasets().ByPath(file.OpenId(), path);
    result = dataset.Read(Selected(), out, file.read_limit());
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.read_hints().LearnRead(path, Selected(), result);
    return ReadResultToJs(env, result, out);
  }
  void Abandon() { out.Forget(); }
  const Selection* Selected() const { return selection ? &*selection : nullptr; }
};

// readDataset of the rows start..start+count along the first dimension (every other
// dimension whole), returning the data alone: Array.read's common case, without a
// selection object to parse or a result object to build (lib/ knows the dtype and shape).
struct ReadRows : Operation {
  static constexpr const char* kName = "readRows";
  std::string path;
  Selection rows;
  OutBuffer out;
  ReadResult result;
  void Read(const ArgReader& args, Target& file) {
    path = args.Name(0, "path");
    rows.start = {args.Index(1, "start")};
    rows.count = {args.Index(2, "count")};
    rows.step = {1};
    out.Foretell(args.Env(), 0, file.read_limit());
  }
  void Own() { out.Reserve(); }
  void Run(Target& file, const RunContext& context) {
    out.RunOn(context.js_env);
    Dataset& dataset = file.datasets().ByPath(file.OpenId(), path);
    const std::vector<hsize_t>& shape = dataset.shape();
    if (!dataset.has_space() || shape.empty()) ThrowInvalidArg("readRows needs a dataset of rank 1 or more");
    for (size_t d = 1; d < shape.size(); d++) {
      rows.start.push_back(0);
      rows.count.push_back(shape[d]);
      rows.step.push_back(1);
    }
    result = dataset.Read(&rows, out, file.read_limit());
  }
  Napi::Value Convert(Napi::Env env, Target& file) {
    file.read_hints().LearnRead(path, &rows, result);
    return ReadDataToJs(env, result, out);
  }
  void Abandon() { out.Forget(); }
};

// The rows of the dataset at path that stored chunks hold (Dataset::StoredRows), as a
// Float64Array of [begin, end) pairs, or null when every row is stored.
struct StoredRows : Operation {
  static constexpr const char* kName = "storedRows";
  std::string path;
  std::optional<std::vector<hsize_t>> ranges;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) { ranges = file.datasets().ByPath(file.OpenId(), path).StoredRows(); }
  Napi::Value Convert(Napi::Env env, Target&) {
    if (!ranges) return env.Null();
    Napi::Float64Array out = Napi::Float64Array::New(env, ranges->size());
    for (size_t i = 0; i < ranges->size(); i++) out[i] = static_cast<double>((*ranges)[i]);
    return out;
  }
};

// A NativeDataset for the dataset at path: its ids stay open until it (or the file) is
// closed, whatever happens to the links.
struct OpenDataset : Operation {
  static constexpr const char* kName = "openDataset";
  std::string path;
  uint64_t key = 0;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) { key = file.datasets().Open(file.OpenId(), path); }
  Napi::Value Convert(Napi::Env env, Target& file) { return NativeDataset::New(env, file, key, path); }
};

struct ListAttributes : Operation {
  static constexpr const char* kName = "listAttributes";
  std::string path;
  std::vector<std::string> names;
  void Read(const ArgReader& args, Target&) { path = args.Name(0, "path"); }
  void Run(Target& file, const RunContext&) { names = h5t::ListAttributes(file.groups(), path); }
  Napi::Value Convert(Napi::Env env, Target&) { return StringsToJs(env, names); }
};

struct HasAttribute : Operation {
  static constexpr const char* kName = "hasAttribute";
  std::string path, name;
  bool found = false;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    name = args.Name(1, "name");
  }
  void Run(Target& file, const RunContext&) { found = h5t::HasAttribute(file.groups(), path, name); }
  Napi::Value Convert(Napi::Env env, Target&) { return Napi::Boolean::New(env, found); }
};

// {dtype, shape, data}: shape is the attribute's whole shape (an N-d attribute keeps it),
// data its elements flat in C order. Attributes are small: the Promise form reads into
// malloc'd memory and copies it once into a Buffer that transfers.
struct ReadAttribute : Operation {
  static constexpr const char* kName = "readAttribute";
  std::string path, name;
  OutBuffer out;
  ReadResult result;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    name = args.Name(1, "name");
  }
  void Run(Target& file, const RunContext& context) {
    out.RunOn(context.js_env);
    result = h5t::ReadAttribute(file.groups(), path, name, out, file.read_limit());
  }
  Napi::Value Convert(Napi::Env env, Target&) { return ReadResultToJs(env, result, out); }
};

// A compound attribute as NativeRecords (records.h).
struct ReadAttributeRecords : Operation {
  static constexpr const char* kName = "readAttributeRecords";
  std::string path, name;
  OutColumns columns;
  std::optional<RecordsResult> records;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    name = args.Name(1, "name");
    if (name.empty()) ThrowInvalidArg("attribute name must be a non-empty string without NUL characters");
  }
  void Run(Target& file, const RunContext& context) {
    columns.RunOn(context.js_env);
    records = h5t::ReadAttributeRecords(file.groups(), path, name, columns, file.read_limit());
    if (!records) {
      ThrowInvalidArg("attribute '" + name + "' of " + path + " is not a compound: read it with readAttribute");
    }
  }
  Napi::Value Convert(Napi::Env env, Target&) { return RecordsToJs(env, *records, columns); }
};

struct WriteAttribute : Changes {
  static constexpr const char* kName = "writeAttribute";
  std::string path, name;
  WriteValue value;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    name = args.Name(1, "name");
    value = args.Value(2);
  }
  void Own() { value.OwnData(); }
  void Run(Target& file, const RunContext&) { h5t::WriteAttribute(file.groups(), path, name, value); }
};

// A compound attribute from NativeRecords (records.h); its strings sized and checked here.
struct WriteAttributeRecords : Changes {
  static constexpr const char* kName = "writeAttributeRecords";
  std::string path, name;
  RecordsValue value;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    name = args.Name(1, "name");
    if (name.empty()) ThrowInvalidArg("attribute name must be a non-empty string without NUL characters");
    value = ParseRecords(args.At(2), "value");
    SizeStringFields(value);
  }
  void Own() { value.OwnData(); }
  void Run(Target& file, const RunContext&) { h5t::WriteAttributeRecords(file.groups(), path, name, value); }
};

struct DeleteAttribute : Changes {
  static constexpr const char* kName = "deleteAttribute";
  std::string path, name;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "path");
    name = args.Name(1, "name");
  }
  void Run(Target& file, const RunContext&) { h5t::DeleteAttribute(file.groups(), path, name); }
};

// objectIds(groupPath, names): the identity of each object names[i] leads to from the
// group (one path resolution for all; '.' is the group itself).
struct ObjectIds : Operation {
  static constexpr const char* kName = "objectIds";
  std::string path;
  std::vector<std::string> names, ids;
  void Read(const ArgReader& args, Target&) {
    path = args.Name(0, "groupPath");
    names = args.Names(1, "names");
  }
  void Run(Target& file, const RunContext&) {
    PathLocation at = file.groups().Object(path);
    Hid group(Check(H5Oopen(at.loc, at.c_name(), H5P_DEFAULT), "H5Oopen"));
    ids.reserve(names.size());
    for (const std::string& name : names) ids.push_back(ObjectId(group.get(), name.c_str()));
  }
  Napi::Value Convert(Napi::Env env, Target&) { return StringsToJs(env, ids); }
};

}  // namespace file_ops

Napi::Function NativeFile::Define(Napi::Env env) {
  namespace ops = file_ops;
  Exports<NativeFile, PropertyDescriptor> exports;
  exports.Add(InstanceMethod<&NativeFile::IsOpen>("isOpen"))
      .Add(InstanceMethod<&NativeFile::IsWritable>("isWritable"))
      .Add(InstanceMethod<&NativeFile::SourceStats>("sourceStats"))
      .Expose<ops::Close>()
      .Expose<ops::Flush>()
      .Expose<ops::GetFileImage>()
      .Expose<ops::TakeFileImage>()
      .Expose<ops::GetKind>()
      .Expose<ops::ListChildren>()
      .Expose<ops::CreateGroup>()
      .Expose<ops::HasLink>()
      .Expose<ops::DeleteLink>()
      .Expose<ops::MoveLink>()
      .Expose<ops::CopyObject>()
      .Expose<ops::GetLinkValue>()
      .Expose<ops::CreateSoftLink>()
      .Expose<ops::CreateExternalLink>()
      .Expose<ops::CreateHardLink>()
      .Expose<ops::CreateDataset>()
      .Expose<ops::GetDatasetInfo>()
      .Expose<ops::ReadDataset>()
      .Expose<ops::ReadRows>()
      .Expose<ops::StoredRows>()
      .Expose<ops::OpenDataset>()
      .Expose<ops::ListAttributes>()
      .Expose<ops::HasAttribute>()
      .Expose<ops::ReadAttribute>()
      .Expose<ops::ReadAttributeRecords>()
      .Expose<ops::WriteAttribute>()
      .Expose<ops::WriteAttributeRecords>()
      .Expose<ops::DeleteAttribute>()
      .Expose<ops::ObjectIds>()
      .Expose<write_ops::WriteDataset>()
      .Expose<write_ops::SetExtent>()
      .Expose<write_ops::AppendDataset>()
      .Expose<vlen_ops::CreateVlenDataset>()
      .Expose<vlen_ops::ReadVlen>()
      .Expose<vlen_ops::AppendVlen>()
      .Expose<vlen_ops::WriteVlen>()
      .Expose<records_ops::ReadRecords>()
      .Expose<records_ops::WriteRecords>()
      .Expose<records_ops::AppendRecords>();
  return DefineClass(env, "NativeFile", exports.list());
}

}  // namespace h5t
