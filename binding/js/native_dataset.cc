#include "js/native_dataset.h"

#include "hdf5/errors.h"
#include "hdf5/lock.h"
#include "hdf5/thread.h"
#include "js/addon.h"
#include "js/native_file.h"

namespace h5t {

Napi::Object NativeDataset::New(Napi::Env env, NativeFile& file, uint64_t key, const std::string& path) {
  Napi::Object object = env.GetInstanceData<Addon>()->NewDatasetObject();
  NativeDataset* dataset = Unwrap(object);
  dataset->file_ = &file;
  dataset->file_object_ = Napi::Persistent(file.Value());
  dataset->table_ = file.shared_datasets();
  dataset->key_ = key;
  dataset->path_ = path;
  dataset->hints_generation_ = file.read_hints().generation();
  return object;
}

// Instances are made only by openDataset(); one constructed from JavaScript is closed.
NativeDataset::NativeDataset(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeDataset>(info) {}

NativeDataset::~NativeDataset() {
  uint64_t key = key_.exchange(0);
  if (key == 0 || !table_) return;
  // Not on the JS thread: it must not wait for the HDF5 lock inside GC.
  std::shared_ptr<DatasetTable> table = std::move(table_);
  PostToHdf5Thread([table, key] {
    Hdf5Lock lock;
    table->Release(key);
  });
}

NativeFile& NativeDataset::file() {
  if (file_ == nullptr) throw Failure(FailureKind::Closed, "the dataset is closed");
  return *file_;
}

ReadHints& NativeDataset::read_hints() {
  uint64_t now = file_ ? file_->read_hints().generation() : 0;
  if (now != hints_generation_) {
    read_hints_.ExtentsChanging();
    hints_generation_ = now;
  }
  return read_hints_;
}

const ReadLimit* NativeDataset::read_limit() const { return file_ ? &file_->read_limit() : nullptr; }

Dataset& NativeDataset::Get() {
  file().OpenId();  // the file's own error first
  uint64_t key = key_.load();
  if (key == 0) throw Failure(FailureKind::Closed, "the dataset is closed");
  return table_->Get(key);
}

void NativeDataset::CloseHdf5() {
  uint64_t key = key_.exchange(0);
  if (key != 0 && table_) table_->Release(key);
}

Napi::Value NativeDataset::IsOpen(const Napi::CallbackInfo& info) {
  // No HDF5 lock, as NativeFile.isOpen: the file's flag and this handle's.
  bool open = key_.load() != 0 && file_ != nullptr && file_->IsOpenNow();
  return Napi::Boolean::New(info.Env(), open);
}

Napi::Value NativeDataset::Path(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), path_); }

}  // namespace h5t
