// Whole reads of a blosc-compressed chunked dataset, decompressed straight into the result
// on two threads. H5Dread decompresses chunk by chunk on one thread into a buffer of its
// own and copies each into the result; for PyTables' usual layout (blosc alone, shuffle
// inside it) this path reads each chunk's stored bytes with H5Dread_chunk, checks them,
// and has blosc write the result's memory itself, half the chunks on a second thread (which
// also takes the first touch of half the fresh pages, the largest cost of a big read).
//
// Taken only when the result is exactly the stored bytes: a native-endian number or bool
// (no conversion), every chunk allocated and filtered, each chunk a run of whole rows (its
// dimensions after the first are the dataset's). Anything else, and any chunk that does not
// check or decompress, reads through H5Dread, whose errors are the ones users see.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "hdf5/types.h"

namespace h5t {

// A dataset this path can read, with where its chunks are.
struct BloscChunks {
  DType dtype = DType::Float64;
  size_t element_size = 0;
  size_t row_bytes = 0;   // bytes of one index of the first dimension
  size_t chunk_rows = 0;  // the chunk's first dimension
  uint64_t nchunks = 0;
  std::vector<hsize_t> first_rows;  // each chunk's first row, ascending
};

// nullopt: read through H5Dread. Asks HDF5 only about the dataset's metadata.
std::optional<BloscChunks> FindBloscChunks(hid_t dataset, hid_t type, hid_t create_list,
                                           const std::vector<hsize_t>& shape, const std::vector<hsize_t>& chunk);

// Fills dest (the whole dataset, C order) from the chunks; false (dest partly written) when
// a chunk's stored bytes are not a blosc buffer of the chunk's size: read it with H5Dread.
bool ReadBloscChunks(hid_t dataset, const BloscChunks& chunks, const std::vector<hsize_t>& shape, uint8_t* dest);

// Test-only: how many reads took this path in the process (tests compare differences).
uint64_t BloscChunkReadsForTests();

}  // namespace h5t
