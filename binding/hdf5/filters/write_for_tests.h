// Test-only: writes a 1-D chunked dataset through a filter, so tests can check the
// encoders against PyTables and h5py before h5tables has a public API for it. Not part of
// the addon's API (exposed as the non-enumerable _writeFilteredForTests).
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace h5t {

struct FilteredWrite {
  std::string filename;  // created (truncated)
  std::string name;      // the dataset, in the root group
  hid_t mem_type;        // a native type, e.g. H5T_NATIVE_DOUBLE
  const void* data;
  hsize_t count;        // elements
  hsize_t chunk;        // elements per chunk
  bool shuffle;         // HDF5's shuffle before the filter
  H5Z_filter_t filter;  // 0: none
  std::vector<unsigned> cd_values;
};

// Returns "" on success, else what failed. Call with the HDF5 lock held.
std::string WriteFilteredForTests(const FilteredWrite& w);

}  // namespace h5t
