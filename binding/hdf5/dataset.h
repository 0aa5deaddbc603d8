// One open dataset: its ids and what every read needs, opened once and kept by its file's
// DatasetTable (dataset_table.h) until the handle or the file is closed.
#pragma once

#include <hdf5.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hdf5/compound.h"
#include "hdf5/core_image.h"
#include "hdf5/hid.h"
#include "hdf5/memory_read.h"
#include "hdf5/read_limit.h"
#include "hdf5/spaces.h"
#include "hdf5/storage.h"
#include "hdf5/types.h"
#include "hdf5/values.h"
#include "hdf5/vlen_type.h"

namespace h5t {

// What lib/native.ts's NativeDatasetInfo says.
struct DatasetInfo {
  std::optional<DType> dtype;               // nullopt: a type the binding does not read
  std::optional<EnumMembers> enum_members;  // an enum\'s (dtype: its base integer type)
  bool compound = false;                    // a compound type (a table): fields describes it
  std::vector<Field> fields;
  std::vector<hsize_t> shape;       // the dataspace's ([] for a NULL dataspace)
  std::vector<hsize_t> atom_shape;  // an H5T_ARRAY element's dimensions, else []
  size_t itemsize = 0;
  const char* byteorder = "irrelevant";
  std::optional<std::vector<hsize_t>> chunkshape;
  std::vector<hsize_t> maxshape;        // H5S_UNLIMITED for an unlimited dimension ([] as shape)
  std::vector<FilterSpec> filters;      // the pipeline in order ([] for none)
  std::optional<FillValue> fill_value;  // a user-defined fill value only
  std::optional<VlenType> vlen;         // an H5T_VLEN of numbers (dtype is then nullopt)
};

class Dataset {
 public:
  // Opens path in file (which must outlive it). Only what describing it reaches is
  // checked against the file's external policy here; the rest before the first read.
  // loc/name: where HDF5 looks it up (a group the file keeps open), else file/path.
  // memory: the CORE driver's memory when h5tables manages it (it outlives the dataset).
  static std::unique_ptr<Dataset> Open(hid_t file, const std::string& path, hid_t loc = H5I_INVALID_HID,
                                       const char* name = nullptr, const CoreImage* memory = nullptr);
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  const std::string& path() const { return path_; }
  // For writes and extent changes (dataset_write.h): its ids, and the extent as last read.
  hid_t id() const { return dataset_.get(); }
  hid_t type() const { return type_.get(); }
  hid_t space() const { return space_.get(); }  // any operation may set its selection
  const std::vector<hsize_t>& shape() const { return shape_; }
  bool has_space() const { return has_space_; }
  bool chunked() const { return !chunk_.empty(); }
  // Whether a read leaves its buffer as it was where no storage is allocated: HDF5 does
  // when the fill rules say not to fill (H5D_FILL_TIME_NEVER, or an undefined fill value).
  // Such reads start from zeros, never from whatever the memory held before.
  bool leaves_gaps() const { return leaves_gaps_; }
  DatasetInfo Info() const;
  // Reads the whole dataset (selection null) or a hyperslab of it; nothing is allocated
  // beyond limit. Needs no JS: it runs on the JS thread or the HDF5 thread alike.
  ReadResult Read(const Selection* selection, ReadBuffer& buffer, const ReadLimit& limit);
  // The rows of the first dimension that have storage, as merged [begin, end) pairs
  // (hdf5/chunk_rows.h); nullopt when every row does (not chunked) or the chunks cannot
  // be listed. Checked as a read is first (the external policy).
  std::optional<std::vector<hsize_t>> StoredRows();
  // Reads the extent again (after something changed it).
  void Refresh();
  // What Read checks before it reads (the external policy, the storage's size, the chunks
  // a selection touches), for reads of another form (hdf5/vlen.h).
  void CheckRead(const Selection* selection, const ReadLimit& limit);

 private:
  Dataset() = default;
  void CheckBeforeRead();
  // Where the selected elements start in the driver's memory, or null (read by H5Dread).
  const uint8_t* MemoryBase();
  // A whole read of blosc chunks decompressed in place (blosc_chunks.h), or nullopt.
  std::optional<ReadResult> ReadBloscChunked(ReadBuffer& buffer, const ReadLimit& limit);
  ReadResult ReadFromMemory(const uint8_t* base, const Selection* selection, const std::vector<hsize_t>& out_shape,
                            ReadBuffer& buffer, const ReadLimit& limit);

  hid_t file_ = H5I_INVALID_HID;  // not owned
  std::string path_;
  Hid dataset_;
  Hid create_list_;
  Hid type_;
  Hid space_;  // its selection is reset by every hyperslab read
  std::vector<hsize_t> shape_;
  std::vector<hsize_t> maxshape_;
  bool has_space_ = true;       // false for a NULL dataspace
  std::vector<hsize_t> chunk_;  // the chunk shape of a chunked layout, else empty
  bool read_checked_ = false;
  bool leaves_gaps_ = true;  // until the creation list says otherwise
  const CoreImage* memory_ = nullptr;
  enum class MemoryPath { Unknown, Yes, No };
  MemoryPath memory_path_ = MemoryPath::Unknown;  // decided once the storage is allocated
  ContiguousData contiguous_;
};

}  // namespace h5t
