// NativeFile: the JavaScript object that owns one open HDF5 file id.
//
// Every method takes the HDF5 lock, checks the file is open, and addresses objects by
// absolute path; ids of groups, datasets and attributes live only inside one call.
// Closing is idempotent; a forgotten NativeFile is closed by GC or at environment exit.
#pragma once

#include <napi.h>

#include <atomic>

#include "hdf5/core_image.h"
#include "hdf5/dataset_table.h"
#include "hdf5/hid.h"
#include "hdf5/open.h"
#include "hdf5/read_limit.h"
#include "hdf5/values.h"

namespace h5t {

class NativeFile : public Napi::ObjectWrap<NativeFile> {
 public:
  static Napi::Function Define(Napi::Env env);

  explicit NativeFile(const Napi::CallbackInfo& info);
  ~NativeFile() override;

  // Takes ownership of an open file (its id and CORE memory state). keep_alive is the
  // caller's image when HDF5 reads it in place: it is held until the file closes.
  void Adopt(Napi::Env env, OpenedFile opened, bool writable, Napi::Value keep_alive);

  // ---- the HDF5 side: any thread, with the HDF5 lock held ----
  hid_t OpenId() const;  // throws ERR_CLOSED when closed
  bool writable() const { return writable_; }
  DatasetCache& datasets() { return datasets_; }
  const ReadLimit& read_limit() const { return read_limit_; }
  void FlushHdf5();
  void CloseHdf5();      // closes the id; reports failure as a Failure
  // Flushes, closes and returns the image in malloc'd memory, without a copy when
  // h5tables manages the CORE driver's memory.
  void* TakeImageHdf5(size_t* size);
  void GetImageHdf5(ReadBuffer& buffer);  // one copy into buffer

  // ---- the JS side ----
  void ReleaseJs();      // after CloseHdf5: drop the kept image and the exit hook
  // Tells V8 how much native memory the open file holds (HDF5's per-file state and the
  // CORE driver's buffer), so that GC of forgotten files keeps up; after a close, that
  // it holds none. Reported amounts are added and subtracted exactly once.
  void ReportMemory(napi_env env);

 private:
  static void CloseAtExit(void* self);
  void CloseBoth();

  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value IsOpen(const Napi::CallbackInfo& info);
  Napi::Value IsWritable(const Napi::CallbackInfo& info);
  Napi::Value Flush(const Napi::CallbackInfo& info);
  Napi::Value GetFileImage(const Napi::CallbackInfo& info);
  Napi::Value TakeFileImage(const Napi::CallbackInfo& info);

  // Promise forms (file_async.cc): the same work on the HDF5 thread.
  Napi::Value CloseAsync(const Napi::CallbackInfo& info);
  Napi::Value FlushAsync(const Napi::CallbackInfo& info);
  Napi::Value GetFileImageAsync(const Napi::CallbackInfo& info);
  Napi::Value TakeFileImageAsync(const Napi::CallbackInfo& info);
  Napi::Value CreateDatasetAsync(const Napi::CallbackInfo& info);
  Napi::Value ReadDatasetAsync(const Napi::CallbackInfo& info);

  Napi::Value GetKind(const Napi::CallbackInfo& info);
  Napi::Value ListChildren(const Napi::CallbackInfo& info);
  Napi::Value CreateGroup(const Napi::CallbackInfo& info);
  Napi::Value HasLink(const Napi::CallbackInfo& info);
  Napi::Value DeleteLink(const Napi::CallbackInfo& info);
  Napi::Value MoveLink(const Napi::CallbackInfo& info);
  Napi::Value CopyObject(const Napi::CallbackInfo& info);

  Napi::Value CreateDataset(const Napi::CallbackInfo& info);
  Napi::Value GetDatasetInfo(const Napi::CallbackInfo& info);
  Napi::Value ReadDataset(const Napi::CallbackInfo& info);

  Napi::Value ListAttributes(const Napi::CallbackInfo& info);
  Napi::Value HasAttribute(const Napi::CallbackInfo& info);
  Napi::Value ReadAttribute(const Napi::CallbackInfo& info);
  Napi::Value WriteAttribute(const Napi::CallbackInfo& info);
  Napi::Value DeleteAttribute(const Napi::CallbackInfo& info);
  Napi::Value ObjectIds(const Napi::CallbackInfo& info);  // object_id.cc

  Hid file_;
  std::atomic<bool> open_{false};  // file_.valid(), readable without the HDF5 lock
  DatasetCache datasets_;  // closed before file_
  CoreImageRef core_image_;
  PolicyRegistration policy_;  // which other files it may reach (external_policy.h)
  FileGuard guard_;  // the disk file's registration; saves CORE files with a backing store
  Napi::Reference<Napi::Value> keep_alive_;
  bool writable_ = false;
  napi_env env_ = nullptr;  // set while an exit hook is registered
  ReadLimit read_limit_;
  CoreImage::Counter held_bytes_;  // the CORE driver's buffer, when h5tables manages it
  int64_t reported_bytes_ = 0;     // what V8 was told (JS thread only)
};

}  // namespace h5t
