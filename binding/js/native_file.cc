#include "js/native_file.h"

#include <cstdlib>

#include "hdf5/errors.h"
#include "hdf5/heap_trim.h"
#include "hdf5/lock.h"
#include "js/values.h"

namespace h5t {

// NativeFile::Define and the operations are in file_ops.cc.

// Instances are made only by openFile(), which adopts an id right away; one constructed
// from JavaScript stays closed and every call on it throws ERR_CLOSED.
NativeFile::NativeFile(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeFile>(info) {}

NativeFile::~NativeFile() {
  // A forgotten file is closed by GC (pending async work holds the object alive). One
  // whose close failed on the HDF5 thread still has its exit hook and memory report.
  try {
    if (file_.valid()) {
      AbortSourceReads();
      CloseBoth();
      NoteFileClosedByGc();
    } else {
      ReleaseJs();
    }
  } catch (...) {
    // A finalizer cannot report: the id is released either way.
  }
}

void NativeFile::Adopt(Napi::Env env, OpenedFile opened, bool writable, Napi::Value keep_alive) {
  file_ = std::move(opened.id);
  open_ = true;
  groups_.Attach(file_.get());
  datasets_->UseGroups(&groups_);
  core_image_ = std::move(opened.core_image);
  datasets_->UseMemory(core_image_.get());
  policy_ = std::move(opened.policy);
  guard_ = std::move(opened.guard);
  source_ = std::move(opened.source);
  writable_ = writable;
  if (!keep_alive.IsEmpty() && !keep_alive.IsUndefined()) keep_alive_ = Napi::Persistent(keep_alive);
  read_limit_ = ReadLimit{opened.max_read_bytes, NodeMaxBufferBytes(env)};
  if (core_image_.get()) held_bytes_ = core_image_.get()->held_bytes();
  // Files left open are closed (and so flushed) when the environment exits.
  env_ = env;
  napi_add_env_cleanup_hook(env_, CloseAtExit, this);
  ReportMemory(env);
}

// HDF5's state of one open file, whatever its driver: mostly the metadata cache's index,
// H5C__HASH_TABLE_LEN pointers. Measured per open image: 53-65 KiB with our HDF5 (8 Ki
// buckets: patches/hdf5/0005), 475-536 KiB with a stock one (64 Ki).
#ifdef H5TABLES_HDF5_PATCHED
constexpr int64_t kOpenFileNativeBytes = 64 * 1024;
#else
constexpr int64_t kOpenFileNativeBytes = 512 * 1024;
#endif

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
  // Flushed first, so that data HDF5 cannot write (a filter that fails on a cached chunk:
  // a crafted pipeline) is an error of close(): the closes below could not report it.
  std::optional<Failure> unflushed;
  if (writable_) {
    try {
      CheckErr(H5Fflush(file_.get(), H5F_SCOPE_LOCAL), "H5Fflush");
    } catch (const Failure& failure) {
      unflushed = failure;
    }
  }
  datasets_->Clear();
  groups_.Clear();
  open_ = false;
  // A failed save leaves the disk file as it was; the file closes all the same.
  std::optional<Failure> unsaved = guard_.SaveAtClose(file_.get());
  herr_t status = H5Fclose(file_.release());
  core_image_.reset();  // the driver has let go of its memory
  policy_.reset();
  guard_.Release();
  if (unflushed) throw *unflushed;
  if (unsaved) throw *unsaved;
  if (status < 0) ThrowHdf5("H5Fclose");
}

void NativeFile::AbortSourceReads() {
  if (source_)
    source_->fetcher().Abort(Failure(FailureKind::Closed, "the file was closed during a byte-range source read"));
}

Napi::Value NativeFile::SourceStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!source_) return env.Undefined();
  h5t::SourceStats stats = source_->cache().stats();
  Napi::Object result = Napi::Object::New(env);
  result.Set("requests", Napi::Number::New(env, static_cast<double>(stats.requests)));
  result.Set("bytesFetched", Napi::Number::New(env, static_cast<double>(stats.bytes_fetched)));
  result.Set("cacheHits", Napi::Number::New(env, static_cast<double>(stats.cache_hits)));
  result.Set("cacheMisses", Napi::Number::New(env, static_cast<double>(stats.cache_misses)));
  result.Set("cachedBytes", Napi::Number::New(env, static_cast<double>(source_->cache().held_bytes())));
  return result;
}

void NativeFile::ReleaseJs() {
  if (source_ && !file_.valid()) source_->fetcher().Detach();
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

Napi::Value NativeFile::IsOpen(const Napi::CallbackInfo& info) {
  // No HDF5 lock: isOpen must answer while the HDF5 thread is busy with a long read.
  return Napi::Boolean::New(info.Env(), open_.load());
}

Napi::Value NativeFile::IsWritable(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), writable_); }

}  // namespace h5t
