// NativeFile: the JavaScript object that owns one open HDF5 file id and the datasets open
// in it (a DatasetTable shared with its NativeDatasets).
//
// Its methods are the operations of file_ops.cc, each exposed in both forms from one
// definition (operation.h); they address objects by absolute path, which the file resolves
// from the groups it keeps open (hdf5/group_cache.h). Closing is idempotent
// and closes the file's datasets first; a forgotten NativeFile is closed by GC or at
// environment exit.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

#include "hdf5/core_image.h"
#include "hdf5/dataset_table.h"
#include "hdf5/group_cache.h"
#include "hdf5/hid.h"
#include "hdf5/open.h"
#include "hdf5/read_limit.h"
#include "hdf5/values.h"
#include "js/operation.h"
#include "js/read_hints.h"

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
  // The open groups paths are resolved from (throws ERR_CLOSED when closed).
  GroupCache& groups() {
    OpenId();
    return groups_;
  }
  bool writable() const { return writable_; }
  bool IsOpenNow() const { return open_.load(); }  // any thread, no lock
  DatasetTable& datasets() { return *datasets_; }
  const std::shared_ptr<DatasetTable>& shared_datasets() const { return datasets_; }
  const ReadLimit& read_limit() const { return read_limit_; }
  void FlushHdf5();
  void CloseHdf5();  // closes the datasets, then the id; reports failure as a Failure
  // Flushes, closes and returns the image in malloc'd memory, without a copy when
  // h5tables manages the CORE driver's memory.
  void* TakeImageHdf5(size_t* size);
  void GetImageHdf5(ReadBuffer& buffer);  // one copy into buffer

  // ---- the JS side ----
  void ReleaseJs();  // after CloseHdf5: drop the kept image and the exit hook
  // Tells V8 how much native memory the open file holds (HDF5's per-file state and the
  // CORE driver's buffer), so that GC of forgotten files keeps up; after a close, that
  // it holds none. Reported amounts are added and subtracted exactly once.
  void ReportMemory(napi_env env);
  ReadHints& read_hints() { return read_hints_; }  // what Promise reads will need
  // A file read through a byte-range source: fails its source reads in flight (close()
  // must not wait behind them) and refuses new ones.
  void AbortSourceReads();

  template <typename Op>
  Napi::Value Sync(const Napi::CallbackInfo& info) {
    return RunSync<Op>(*this, info);
  }
  template <typename Op>
  Napi::Value Async(const Napi::CallbackInfo& info) {
    return RunAsync<Op>(*this, Value(), info);
  }

 private:
  static void CloseAtExit(void* self);
  void CloseBoth();

  Napi::Value IsOpen(const Napi::CallbackInfo& info);
  Napi::Value IsWritable(const Napi::CallbackInfo& info);
  Napi::Value SourceStats(const Napi::CallbackInfo& info);

  Hid file_;
  std::atomic<bool> open_{false};  // file_.valid(), readable without the HDF5 lock
  std::shared_ptr<DatasetTable> datasets_ = std::make_shared<DatasetTable>();  // cleared before file_ closes
  GroupCache groups_;  // cleared before file_ closes, with the datasets
  CoreImageRef core_image_;
  PolicyRegistration policy_;  // which other files it may reach (external_policy.h)
  FileGuard guard_;            // the disk file's registration; saves CORE files with a backing store
  Napi::Reference<Napi::Value> keep_alive_;
  bool writable_ = false;
  napi_env env_ = nullptr;  // set while an exit hook is registered
  ReadLimit read_limit_;
  CoreImage::Counter held_bytes_;  // the CORE driver's buffer, when h5tables manages it
  int64_t reported_bytes_ = 0;     // what V8 was told (JS thread only)
  ReadHints read_hints_;
  std::shared_ptr<SourceFile> source_;  // kept after close, for its statistics
};

}  // namespace h5t
