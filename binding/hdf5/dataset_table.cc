#include "hdf5/dataset_table.h"

#include "hdf5/errors.h"

namespace h5t {
namespace {

std::unique_ptr<Dataset> OpenThrough(GroupCache* groups, hid_t file, const std::string& path, const CoreImage* memory) {
  if (groups == nullptr) return Dataset::Open(file, path, H5I_INVALID_HID, nullptr, memory);
  PathLocation at = groups->Parent(path);
  return Dataset::Open(file, path, at.loc, at.c_name(), memory);
}

}  // namespace

uint64_t DatasetTable::Open(hid_t file, const std::string& path) {
  if (closed_) throw Failure(FailureKind::Closed, "the file is closed");
  std::unique_ptr<Dataset> dataset = OpenThrough(groups_, file, path, memory_);
  uint64_t key = next_++;
  handles_.emplace(key, Entry{std::move(dataset), generation_});
  return key;
}

Dataset& DatasetTable::Get(uint64_t key) {
  if (closed_) throw Failure(FailureKind::Closed, "the file is closed");
  auto found = handles_.find(key);
  if (found == handles_.end()) throw Failure(FailureKind::Closed, "the dataset is closed");
  return Current(found->second);
}

Dataset& DatasetTable::ByPath(hid_t file, const std::string& path) {
  auto found = by_path_.find(path);
  if (found != by_path_.end()) return Current(found->second);
  std::unique_ptr<Dataset> dataset = OpenThrough(groups_, file, path, memory_);
  if (by_path_.size() >= kMaxByPath) by_path_.clear();
  return *by_path_.emplace(path, Entry{std::move(dataset), generation_}).first->second.dataset;
}

Dataset& DatasetTable::Current(Entry& entry) {
  if (entry.generation != generation_) {
    entry.dataset->Refresh();  // on failure it stays stale, and is tried again next time
    entry.generation = generation_;
  }
  return *entry.dataset;
}

}  // namespace h5t
