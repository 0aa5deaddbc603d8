// Variable-length sequences (H5T_VLEN) of numbers, bools or their arrays: PyTables'
// VLArray rows and h5py's vlen_dtype. A read turns the sequences into one flat buffer
// plus offsets; an append writes rows given that way, pointing HDF5 at the caller's
// elements without a copy.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hdf5/attributes.h"
#include "hdf5/dataset.h"
#include "hdf5/group_cache.h"
#include "hdf5/hid.h"
#include "hdf5/read_limit.h"
#include "hdf5/spaces.h"
#include "hdf5/storage.h"
#include "hdf5/types.h"
#include "hdf5/values.h"
#include "hdf5/vlen_type.h"

namespace h5t {

// Rows read: offsets[i]..offsets[i+1] are row i's base elements in the buffer.
struct VlenRows {
  VlenType type;
  std::vector<hsize_t> shape;     // the selection's (rows in C order)
  std::vector<uint64_t> offsets;  // rows + 1 entries, in base elements
  size_t bytes = 0;               // of the flat data in the ReadBuffer
};

// Reads the whole dataset (selection null) or a hyperslab. The sequences HDF5 allocates
// are counted against limit and the file's size (a row cannot hold more than the file
// does) and are always freed, also when the read fails.
VlenRows ReadVlen(Dataset& dataset, const Selection* selection, ReadBuffer& buffer, const ReadLimit& limit);

// Rows to write: like a NativeWriteValue, the elements point into the caller's TypedArray
// until OwnData() copies them.
struct VlenWrite {
  VlenType type;
  std::vector<uint64_t> offsets;  // rows + 1 entries, in base elements, from 0
  const void* data = nullptr;
  size_t element_count = 0;  // base elements in data
  std::vector<uint8_t> owned;
  bool owns = false;

  size_t rows() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  const void* bytes() const { return owns ? owned.data() : data; }
  void OwnData();
};

// CheckStorage (storage.h) for a new 1-D dataset of sequences: InvalidArg, no HDF5 call.
void CheckVlenStorage(Storage& storage);

// A new 1-D dataset of type's sequences with no rows, chunked and extendible as storage
// says (it must have passed CheckVlenStorage), with its attributes; no node is left on
// failure. A link already at path is an ERR_EXISTS Failure.
void CreateVlenDataset(GroupCache& groups, const std::string& path, const VlenType& type,
                       const AttributeList& attributes, const Storage& storage);

// Writes rows over the rows of the 1-D dataset that the selection takes (as many rows as
// it takes, of any lengths: HDF5 stores each anew).
void WriteVlen(Dataset& dataset, const VlenWrite& rows, const Selection& selection);

// Grows the 1-D dataset by rows.rows() and writes them there; a failed write sets the
// extent back. Returns the new shape.
std::vector<hsize_t> AppendVlen(Dataset& dataset, const VlenWrite& rows);

}  // namespace h5t
