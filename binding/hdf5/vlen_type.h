// The element type of a variable-length sequence (H5T_VLEN), as DatasetInfo reports it
// (its reads and writes: vlen.h; both are implemented in vlen.cc).
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "hdf5/hid.h"
#include "hdf5/types.h"

namespace h5t {

// What one sequence element is: a dtype, or an H5T_ARRAY of it (PyTables' shaped atom).
struct VlenType {
  DType dtype = DType::Float64;
  std::vector<hsize_t> atom_dims;  // empty: plain elements
  H5T_order_t order = H5T_ORDER_NONE;

  // Base elements (of dtype) in one sequence element.
  uint64_t AtomElements() const;
  Hid MakeFileType() const;  // H5T_VLEN of the little-endian standard type
  Hid MakeMemType() const;   // H5T_VLEN of the native type
};

// A file datatype that is an H5T_VLEN of a number, bool or array of them; else nullopt
// (variable-length strings are H5T_STRING, read by values.h).
std::optional<VlenType> ClassifyVlen(hid_t file_type);

}  // namespace h5t
