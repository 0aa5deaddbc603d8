// NativeDataset: one open dataset of a NativeFile, as better-sqlite3's Statement belongs
// to its Database. Its ids live in the file's DatasetTable, so closing the file closes it
// (using it after that is an ERR_CLOSED exception); it keeps its file object alive; a
// forgotten one is collected safely (its ids are released on the HDF5 thread, which only
// touches the shared table, so it holds after its environment has gone too).
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "hdf5/dataset_table.h"
#include "js/operation.h"
#include "js/read_hints.h"

namespace h5t {

class NativeFile;

class NativeDataset : public Napi::ObjectWrap<NativeDataset> {
 public:
  static Napi::Function Define(Napi::Env env);
  // A new NativeDataset for the table entry key of file (JS thread).
  static Napi::Object New(Napi::Env env, NativeFile& file, uint64_t key, const std::string& path);

  explicit NativeDataset(const Napi::CallbackInfo& info);
  ~NativeDataset() override;

  // ---- HDF5 lock held ----
  Dataset& Get();      // ERR_CLOSED when it or its file is closed
  NativeFile& file();  // ERR_CLOSED for an object not made by openDataset
  void CloseHdf5();

  // ---- the JS side ----
  // Forgets the whole size of a dataset whose extent its file changed since (read_hints.h).
  ReadHints& read_hints();
  const ReadLimit* read_limit() const;  // its file's; null for one not made by openDataset

  template <typename Op>
  Napi::Value Sync(const Napi::CallbackInfo& info) {
    return RunSync<Op>(*this, info);
  }
  template <typename Op>
  Napi::Value Async(const Napi::CallbackInfo& info) {
    return RunAsync<Op>(*this, Value(), info);
  }

 private:
  Napi::Value IsOpen(const Napi::CallbackInfo& info);
  Napi::Value Path(const Napi::CallbackInfo& info);

  NativeFile* file_ = nullptr;
  Napi::ObjectReference file_object_;  // the file outlives its datasets' handles
  std::shared_ptr<DatasetTable> table_;
  std::atomic<uint64_t> key_{0};  // 0: closed (or never opened)
  std::string path_;
  ReadHints read_hints_;
  uint64_t hints_generation_ = 0;  // the file's hints' generation read_hints_ is from
};

}  // namespace h5t
