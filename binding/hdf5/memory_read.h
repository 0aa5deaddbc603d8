// Reads straight from an in-memory (CORE) file's memory: for a contiguous dataset whose
// stored elements are exactly what a read returns (a native-endian fixed-size number or
// bool, no conversion), a read is a copy from the driver's memory at the dataset's
// offset, without H5Dread. Everything else (chunked, compact, external, virtual, other
// byte orders, enums, array atoms, strings) reads through H5Dread.
//
// The driver's memory is the live file: h5tables turns HDF5's data sieve off for CORE
// files (open.cc), so raw data is written straight into it and no copy of it is kept
// above the driver; metadata (the cache) is not read here.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "hdf5/spaces.h"
#include "hdf5/types.h"

namespace h5t {

// Where a dataset's elements lie in the file, when they can be copied as they are.
struct ContiguousData {
  uint64_t offset = 0;  // H5Dget_offset: from the file's first byte
  uint64_t bytes = 0;   // the whole extent's
  DType dtype = DType::Float64;
  size_t element_size = 0;
};

// The dtype of a stored element type that reads as it is stored (a native-endian number or
// bool, no enum, no array atom): nullopt when a read converts it.
std::optional<DType> StoredAsRead(hid_t type);

// nullopt: the dataset reads through H5Dread. `allocated` is false when only its storage
// is missing (it may be allocated by a later write: ask again then).
std::optional<ContiguousData> FindContiguousData(hid_t dataset, hid_t type, hid_t create_list,
                                                 const std::vector<hsize_t>& shape, bool* allocated);

// Copies the selection (null: everything) of a C-order array of shape, at base, to dest,
// packed in C order. The selection lies inside shape (checked by the caller).
void CopySelection(const uint8_t* base, const std::vector<hsize_t>& shape, size_t element_size,
                   const Selection* selection, uint8_t* dest);

// Test-only: how many reads took this path in the process (tests compare differences).
uint64_t MemoryReadsForTests();
void CountMemoryRead();

}  // namespace h5t
