// Datasets kept open between reads of one file. Opening a dataset by path (traversal,
// object header, datatype, dataspace) costs more than a small hyperslab read, and a
// reader of many slices reads the same dataset again and again.
//
// The cache belongs to one NativeFile and is used only under the HDF5 lock. It is cleared
// whenever links change (a cached path could name another object) and before the file
// closes, so its ids have one owner and are closed once.
#pragma once

#include <hdf5.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "hdf5/hid.h"

namespace h5t {

class DatasetCache {
 public:
  struct Entry {
    Hid dataset;
    Hid type;
    Hid space;                   // its selection is reset by every hyperslab read
    std::vector<hsize_t> shape;
    bool has_space = true;       // false for a NULL dataspace
    std::vector<hsize_t> chunk;  // the chunk shape of a chunked layout, else empty
  };

  // The open dataset at path, opening it on a miss.
  Entry& Get(hid_t file, const std::string& path);
  void Clear() { entries_.clear(); }

 private:
  static constexpr size_t kMaxEntries = 16;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace h5t
