// The datasets one file has open. It replaces a path-keyed cache: a handle (NativeDataset)
// keeps its dataset's ids until it is closed or the file closes, whatever happens to the
// links, and its extent can be read again in place (Dataset::Refresh).
//
// Shared by the NativeFile and its NativeDatasets (so a handle collected after its file is
// still safe), and used only under the HDF5 lock. Clear() before the file id closes, so
// every id has one owner and is closed once.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "hdf5/dataset.h"
#include "hdf5/group_cache.h"

namespace h5t {

class DatasetTable {
 public:
  // Opens path as a new handle and returns its key.
  uint64_t Open(hid_t file, const std::string& path);
  // The handle's dataset; a Closed Failure when it or the file was closed.
  Dataset& Get(uint64_t key);
  void Release(uint64_t key) { handles_.erase(key); }

  // For the path-addressed calls (NativeFile.readDataset(path)): the dataset kept open for
  // path, opened on a miss. A few are kept; they are dropped when links change, as a path
  // may then name another object.
  Dataset& ByPath(hid_t file, const std::string& path);
  void ForgetPaths() { by_path_.clear(); }
  // An extent changed (setExtent, appendDataset): every dataset here reads its extent
  // again before its next use, as handles of the same object would keep the old one.
  void ExtentsChanged() { generation_++; }
  // Paths are looked up from the groups the file keeps open (set while it is open).
  void UseGroups(GroupCache* groups) { groups_ = groups; }
  // Datasets read straight from the CORE driver's memory where they can (memory_read.h).
  void UseMemory(const CoreImage* memory) { memory_ = memory; }

  // The file is closing: every dataset is closed, and handles fail from now on.
  void Clear() {
    by_path_.clear();
    handles_.clear();
    closed_ = true;
    groups_ = nullptr;
    memory_ = nullptr;
  }

 private:
  // A small bound keeps few objects open; starting over is as good as LRU for the
  // common patterns (one hot dataset, or a sweep over many).
  static constexpr size_t kMaxByPath = 16;
  // A dataset and the extent generation it last read its extent in.
  struct Entry {
    std::unique_ptr<Dataset> dataset;
    uint64_t generation;
  };
  Dataset& Current(Entry& entry);
  std::unordered_map<uint64_t, Entry> handles_;
  std::unordered_map<std::string, Entry> by_path_;
  uint64_t generation_ = 0;
  uint64_t next_ = 1;
  bool closed_ = false;
  GroupCache* groups_ = nullptr;       // the NativeFile's, cleared with the table
  const CoreImage* memory_ = nullptr;  // the NativeFile's, cleared with the table
};

}  // namespace h5t
