#include "js/native_file.h"

#include <cstdlib>

#include "hdf5/attributes.h"
#include "hdf5/dataset.h"
#include "hdf5/errors.h"
#include "hdf5/lock.h"
#include "hdf5/links.h"
#include "hdf5/values.h"

namespace h5t {
namespace {

std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (info.Length() <= index || !info[index].IsString()) ThrowInvalidArg(std::string(what) + " must be a string");
  std::string value = info[index].As<Napi::String>().Utf8Value();
  if (value.find('\0') != std::string::npos) ThrowInvalidArg(std::string(what) + " must not contain NUL characters");
  return value;
}

}  // namespace

Napi::Function NativeFile::Define(Napi::Env env) {
  return DefineClass(env, "NativeFile",
                     {
                         InstanceMethod<&NativeFile::Close>("close"),
                         InstanceMethod<&NativeFile::IsOpen>("isOpen"),
                         InstanceMethod<&NativeFile::IsWritable>("isWritable"),
                         InstanceMethod<&NativeFile::Flush>("flush"),
                         InstanceMethod<&NativeFile::GetFileImage>("getFileImage"),
                         InstanceMethod<&NativeFile::TakeFileImage>("takeFileImage"),
                         InstanceMethod<&NativeFile::GetKind>("getKind"),
                         InstanceMethod<&NativeFile::ListChildren>("listChildren"),
                         InstanceMethod<&NativeFile::CreateGroup>("createGroup"),
                         InstanceMethod<&NativeFile::HasLink>("hasLink"),
                         InstanceMethod<&NativeFile::DeleteLink>("deleteLink"),
                         InstanceMethod<&NativeFile::MoveLink>("moveLink"),
                         InstanceMethod<&NativeFile::CopyObject>("copyObject"),
                         InstanceMethod<&NativeFile::CreateDataset>("createDataset"),
                         InstanceMethod<&NativeFile::GetDatasetInfo>("getDatasetInfo"),
                         InstanceMethod<&NativeFile::ReadDataset>("readDataset"),
                         InstanceMethod<&NativeFile::ListAttributes>("listAttributes"),
                         InstanceMethod<&NativeFile::HasAttribute>("hasAttribute"),
                         InstanceMethod<&NativeFile::ReadAttribute>("readAttribute"),
                         InstanceMethod<&NativeFile::WriteAttribute>("writeAttribute"),
                         InstanceMethod<&NativeFile::DeleteAttribute>("deleteAttribute"),
                         InstanceMethod<&NativeFile::ObjectIds>("objectIds"),
                         InstanceMethod<&NativeFile::CloseAsync>("closeAsync"),
                         InstanceMethod<&NativeFile::FlushAsync>("flushAsync"),
                         InstanceMethod<&NativeFile::GetFileImageAsync>("getFileImageAsync"),
                         InstanceMethod<&NativeFile::TakeFileImageAsync>("takeFileImageAsync"),
                         InstanceMethod<&NativeFile::CreateDatasetAsync>("createDatasetAsync"),
                         InstanceMethod<&NativeFile::ReadDatasetAsync>("readDatasetAsync"),
                     });
}

// Instances are made only by openFile(), which adopts an id right away; one constructed
// from JavaScript stays closed and every call on it throws ERR_CLOSED.
NativeFile::NativeFile(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeFile>(info) {}

NativeFile::~NativeFile() {
  // A forgotten file is closed by GC (pending async work holds the object alive). One
  // whose close failed on the HDF5 thread still has its exit hook and memory report.
  try {
    if (file_.valid()) CloseBoth();
    else ReleaseJs();
  } catch (...) {
    // A finalizer cannot report: the id is released either way.
  }
}

void NativeFile::Adopt(Napi::Env env, OpenedFile opened, bool writable, Napi::Value keep_alive) {
  file_ = std::move(opened.id);
  open_ = true;
  core_image_ = std::move(opened.core_image);
  policy_ = std::move(opened.policy);
  guard_ = std::move(opened.guard);
  writable_ = writable;
  if (!keep_alive.IsEmpty() && !keep_alive.IsUndefined()) keep_alive_ = Napi::Persistent(keep_alive);
  read_limit_ = ReadLimit{opened.max_read_bytes, NodeMaxBufferBytes(env)};
  if (core_image_.get()) held_bytes_ = core_image_.get()->held_bytes();
  // Files left open are closed (and so flushed) when the environment exits.
  env_ = env;
  napi_add_env_cleanup_hook(env_, CloseAtExit, this);
  ReportMemory(env);
}

// HDF5's state of one open file, whatever its driver: mostly the metadata cache's index
// (H5C__HASH_TABLE_LEN = 64 Ki pointers), 536 KiB per open image as measured on 1.14.5.
constexpr int64_t kOpenFileNativeBytes = 512 * 1024;

void NativeFile::ReportMemory(napi_env env) {
  if (env == nullptr) return;
  int64_t now = open_ ? kOpenFileNativeBytes + (held_bytes_ ? held_bytes_->load() : 0) : 0;
  if (now == reported_bytes_) return;
  int64_t total = 0;
  if (napi_adjust_external_memory(env, now - reported_bytes_, &total) == napi_ok) reported_bytes_ = now;
}

void NativeFile::CloseAtExit(void* self) {
  auto* file = static_cast<NativeFile*>(self);
  file->env_ = nullptr;  // the hook is being consumed: do not remove it again
  try {
    file->CloseBoth();
  } catch (...) {
  }
}

hid_t NativeFile::OpenId() const {
  if (!file_.valid()) throw Failure(FailureKind::Closed, "the file is closed");
  return file_.get();
}

void NativeFile::FlushHdf5() {
  hid_t id = OpenId();
  // Nothing to write in a read-only file.
  if (writable_) CheckErr(H5Fflush(id, H5F_SCOPE_GLOBAL), "H5Fflush");
  guard_.Save(id);
}

void NativeFile::CloseHdf5() {
  if (!file_.valid()) return;
  datasets_.Clear();
  open_ = false;
  // A failed save leaves the disk file as it was; the file closes all the same.
  std::optional<Failure> unsaved = guard_.SaveAtClose(file_.get());
  herr_t status = H5Fclose(file_.release());
  core_image_.reset();  // the driver has let go of its memory
  policy_.reset();
  guard_.Release();
  if (unsaved) throw *unsaved;
  if (status < 0) ThrowHdf5("H5Fclose");
}

void NativeFile::ReleaseJs() {
  keep_alive_.Reset();  // the caller's image need not stay alive any more
  ReportMemory(env_);   // closed: gives back what was reported
  if (env_) {
    napi_remove_env_cleanup_hook(env_, CloseAtExit, this);
    env_ = nullptr;
  }
}

void NativeFile::CloseBoth() {
  {
    Hdf5Lock lock;
    try {
      CloseHdf5();
    } catch (...) {
      ReleaseJs();
      throw;
    }
  }
  ReleaseJs();
}

void NativeFile::GetImageHdf5(ReadBuffer& buffer) {
  hid_t id = OpenId();
  ssize_t size = H5Fget_file_image(id, nullptr, 0);
  if (size < 0) ThrowHdf5("H5Fget_file_image");
  read_limit_.CheckImage(static_cast<uint64_t>(size));
  void* data = buffer.Allocate(static_cast<size_t>(size));
  if (size > 0 && H5Fget_file_image(id, data, static_cast<size_t>(size)) < 0) ThrowHdf5("H5Fget_file_image");
}

void* NativeFile::TakeImageHdf5(size_t* size) {
  FlushHdf5();
  ssize_t image_size = H5Fget_file_image(OpenId(), nullptr, 0);
  if (image_size < 0) ThrowHdf5("H5Fget_file_image");
  // Checked while the file is still open: an image JavaScript cannot hold would be lost.
  read_limit_.CheckImage(static_cast<uint64_t>(image_size));
  CoreImage* managed = core_image_.get();
  if (managed == nullptr || managed->in_place() || image_size == 0) {
    // The driver's memory is not ours to hand over (a CORE file loaded from disk by HDF5,
    // an image read in place, another driver): one copy.
    void* data = std::malloc(image_size > 0 ? static_cast<size_t>(image_size) : 1);
    if (!data) throw std::bad_alloc();
    if (image_size > 0 && H5Fget_file_image(OpenId(), data, static_cast<size_t>(image_size)) < 0) {
      std::free(data);
      ThrowHdf5("H5Fget_file_image");
    }
    *size = static_cast<size_t>(image_size);
    try {
      CloseHdf5();
    } catch (...) {
      std::free(data);
      throw;
    }
    return data;
  }
  managed->Ref();  // the state must outlive CloseHdf5(), which drops the file's reference
  CoreImageRef keep(managed);
  managed->KeepAtClose(static_cast<size_t>(image_size));
  CloseHdf5();
  void* kept = managed->ReleaseKept(size);
  if (kept == nullptr) throw Failure(FailureKind::Hdf5, "takeFileImage: the CORE driver released no memory");
  return kept;
}

Napi::Value NativeFile::Close(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    CloseBoth();
    return info.Env().Undefined();
  });
}

Napi::Value NativeFile::IsOpen(const Napi::CallbackInfo& info) {
  // No HDF5 lock: isOpen must answer while the HDF5 thread is busy with a long read.
  return Napi::Boolean::New(info.Env(), open_.load());
}

Napi::Value NativeFile::IsWritable(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), writable_);
}

Napi::Value NativeFile::Flush(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    Hdf5Lock lock;
    FlushHdf5();
    return info.Env().Undefined();
  });
}

Napi::Value NativeFile::GetFileImage(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    Hdf5Lock lock;
    // One copy, into an exact-size Buffer that is not zero-filled first.
    JsReadBuffer buffer(info.Env());
    GetImageHdf5(buffer);
    return buffer.ToJs(info.Env());
  });
}

// Flushes, closes and returns the image; for a CORE file whose memory h5tables manages,
// the driver's buffer itself becomes the Buffer (no copy).
Napi::Value NativeFile::TakeFileImage(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Guard(env, [&]() -> Napi::Value {
    size_t size = 0;
    void* image;
    {
      Hdf5Lock lock;
      image = TakeImageHdf5(&size);
    }
    ReleaseJs();
    return BufferFromMalloc(env, image, size);
  });
}

Napi::Value NativeFile::GetKind(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    std::string path = StringArg(info, 0, "path");
    Hdf5Lock lock;
    std::optional<NodeKind> kind = h5t::GetKind(OpenId(), path);
    if (!kind) return info.Env().Null();
    return Napi::String::New(info.Env(), NodeKindName(*kind));
  });
}

Napi::Value NativeFile::ListChildren(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    std::string path = StringArg(info, 0, "path");
    Hdf5Lock lock;
    std::vector<Child> children = h5t::ListChildren(OpenId(), path);
    Napi::Array result = Napi::Array::New(info.Env(), children.size());
    for (size_t i = 0; i < children.size(); i++) {
      Napi::Object child = Napi::Object::New(info.Env());
      child.Set("name", Napi::String::New(info.Env(), children[i].name));
      child.Set("kind", Napi::String::New(info.Env(), NodeKindName(children[i].kind)));
      result.Set(static_cast<uint32_t>(i), child);
    }
    return result;
  });
}

Napi::Value NativeFile::CreateGroup(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    AttributeList attributes = ParseAttributeList(info[1]);
    Hdf5Lock lock;
    h5t::CreateGroup(OpenId(), path, attributes);
    ReportMemory(info.Env());
    return info.Env().Undefined();
  });
}

Napi::Value NativeFile::HasLink(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    Hdf5Lock lock;
    return Napi::Boolean::New(info.Env(), h5t::HasLink(OpenId(), path));
  });
}

Napi::Value NativeFile::DeleteLink(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    Hdf5Lock lock;
    hid_t id = OpenId();
    datasets_.Clear();  // the path may name another object from now on
    h5t::DeleteLink(id, path);
    return info.Env().Undefined();
  });
}

Napi::Value NativeFile::MoveLink(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string src = StringArg(info, 0, "src");
    std::string dst = StringArg(info, 1, "dst");
    Hdf5Lock lock;
    hid_t id = OpenId();
    datasets_.Clear();
    h5t::MoveLink(id, src, dst);
    return info.Env().Undefined();
  });
}

Napi::Value NativeFile::CopyObject(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string src = StringArg(info, 0, "src");
    std::string dst = StringArg(info, 1, "dst");
    Hdf5Lock lock;
    h5t::CopyObject(OpenId(), src, dst);
    ReportMemory(info.Env());
    return info.Env().Undefined();
  });
}

Napi::Value NativeFile::CreateDataset(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    WriteValue value = ParseWriteValue(info[1]);
    AttributeList attributes = ParseAttributeList(info[2]);
    Hdf5Lock lock;
    h5t::CreateDataset(OpenId(), path, value, attributes);
    ReportMemory(info.Env());
    return info.Env().Undefined();
  });
}

Napi::Value NativeFile::GetDatasetInfo(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    Hdf5Lock lock;
    return h5t::GetDatasetInfo(info.Env(), OpenId(), path);
  });
}

Napi::Value NativeFile::ReadDataset(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    bool whole = info.Length() < 2 || info[1].IsUndefined();
    Selection selection;
    if (!whole) selection = ParseSelection(info[1]);
    Hdf5Lock lock;
    JsReadBuffer buffer(info.Env());
    ReadResult result =
        h5t::ReadDataset(datasets_, OpenId(), path, whole ? nullptr : &selection, buffer, read_limit_);
    return ReadResultToJs(info.Env(), result, buffer);
  });
}

Napi::Value NativeFile::ListAttributes(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    Hdf5Lock lock;
    std::vector<std::string> names = h5t::ListAttributes(OpenId(), path);
    Napi::Array result = Napi::Array::New(info.Env(), names.size());
    for (size_t i = 0; i < names.size(); i++) result.Set(static_cast<uint32_t>(i), names[i]);
    return result;
  });
}

Napi::Value NativeFile::HasAttribute(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    std::string name = StringArg(info, 1, "name");
    Hdf5Lock lock;
    return Napi::Boolean::New(info.Env(), h5t::HasAttribute(OpenId(), path, name));
  });
}

Napi::Value NativeFile::ReadAttribute(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    std::string name = StringArg(info, 1, "name");
    Hdf5Lock lock;
    JsReadBuffer buffer(info.Env());
    ReadResult result = h5t::ReadAttribute(OpenId(), path, name, buffer, read_limit_);
    return ReadResultToJs(info.Env(), result, buffer);
  });
}

Napi::Value NativeFile::WriteAttribute(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    std::string name = StringArg(info, 1, "name");
    WriteValue value = ParseWriteValue(info[2]);
    Hdf5Lock lock;
    h5t::WriteAttribute(OpenId(), path, name, value);
    ReportMemory(info.Env());
    return info.Env().Undefined();
  });
}

Napi::Value NativeFile::DeleteAttribute(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&] {
    std::string path = StringArg(info, 0, "path");
    std::string name = StringArg(info, 1, "name");
    Hdf5Lock lock;
    h5t::DeleteAttribute(OpenId(), path, name);
    return info.Env().Undefined();
  });
}

}  // namespace h5t
