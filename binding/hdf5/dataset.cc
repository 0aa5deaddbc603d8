#include "hdf5/dataset.h"

#include <algorithm>

#include "hdf5/blosc_chunks.h"
#include "hdf5/chunk_rows.h"
#include "hdf5/errors.h"
#include "hdf5/external_policy.h"

namespace h5t {
namespace {

// HDF5 keeps a record for every chunk a read touches (about 3.7 KiB each for a whole
// read on 1.14.5, and 17 us): a 1.6 KB file can declare 2^30 chunks of one byte.
constexpr uint64_t kChunkOverheadBytes = 4096;

// The chunks that a selection (null: everything) touches, at most.
uint64_t ChunksTouched(const std::vector<hsize_t>& chunk_shape, const std::vector<hsize_t>& shape,
                       const Selection* selection) {
  uint64_t chunks = 1;
  for (size_t i = 0; i < chunk_shape.size() && i < shape.size(); i++) {
    hsize_t chunk = chunk_shape[i] > 0 ? chunk_shape[i] : 1;
    uint64_t touched;
    if (!selection) {
      touched = shape[i] / chunk + (shape[i] % chunk != 0);
    } else {
      hsize_t count = selection->count[i];
      if (count == 0) return 0;
      // The last element lies inside the extent (checked by the caller), so no overflow.
      hsize_t first = selection->start[i] / chunk;
      hsize_t last = (selection->start[i] + (count - 1) * selection->step[i]) / chunk;
      touched = std::min<uint64_t>(last - first + 1, count);
    }
    if (!MulFits(chunks, touched, &chunks)) chunks = UINT64_MAX;
  }
  return chunks;
}

void CheckChunks(const std::vector<hsize_t>& chunk_shape, const std::vector<hsize_t>& shape, bool has_space,
                 const Selection* selection, const std::string& path, const ReadLimit& limit) {
  if (chunk_shape.empty() || !has_space) return;
  uint64_t chunks = ChunksTouched(chunk_shape, shape, selection);
  uint64_t bytes = 0;
  if (!MulFits(chunks, kChunkOverheadBytes, &bytes) || bytes > limit.max_read_bytes) {
    throw Failure(FailureKind::TooLarge, "reading " + path + " touches " + std::to_string(chunks) +
                                             " chunks, and HDF5 needs about " + std::to_string(kChunkOverheadBytes) +
                                             " bytes for each: more than maxReadBytes (" +
                                             std::to_string(limit.max_read_bytes) +
                                             "): read it in slices or open the file with a larger maxReadBytes");
  }
}

}  // namespace

namespace {

// H5D__read and the chunk reads fill what has no storage only when the fill time is not
// NEVER and a fill value is defined (HDF5's default, zeros, counts); otherwise the buffer
// is left as it was. Unanswered questions count as gaps: zeroing is always safe.
bool LeavesGaps(hid_t create_list) {
  H5D_fill_time_t fill_time = H5D_FILL_TIME_NEVER;
  H5D_fill_value_t status = H5D_FILL_VALUE_UNDEFINED;
  if (H5Pget_fill_time(create_list, &fill_time) < 0 || H5Pfill_value_defined(create_list, &status) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return true;
  }
  return fill_time == H5D_FILL_TIME_NEVER || status == H5D_FILL_VALUE_UNDEFINED;
}

}  // namespace

std::unique_ptr<Dataset> Dataset::Open(hid_t file, const std::string& path, hid_t loc, const char* name,
                                       const CoreImage* memory) {
  std::unique_ptr<Dataset> opened(new Dataset());
  Dataset& d = *opened;
  d.file_ = file;
  d.memory_ = memory;
  d.path_ = path;
  d.dataset_ = Hid(Check(H5Dopen2(loc >= 0 ? loc : file, name ? name : path.c_str(), H5P_DEFAULT), "H5Dopen2"));
  d.create_list_ = Hid(Check(H5Dget_create_plist(d.dataset_.get()), "H5Dget_create_plist"));
  d.leaves_gaps_ = LeavesGaps(d.create_list_.get());
  // Before H5Dget_space, which may open virtual sources.
  CheckDatasetStorage(file, d.dataset_.get(), d.create_list_.get(), path, true);
  d.type_ = Hid(Check(H5Dget_type(d.dataset_.get()), "H5Dget_type"));
  d.Refresh();
  if (H5Pget_layout(d.create_list_.get()) == H5D_CHUNKED) {
    d.chunk_.resize(H5S_MAX_RANK);
    int rank = H5Pget_chunk(d.create_list_.get(), H5S_MAX_RANK, d.chunk_.data());
    if (rank < 0) ThrowHdf5("H5Pget_chunk");
    d.chunk_.resize(static_cast<size_t>(rank));
  }
  return opened;
}

void Dataset::Refresh() {
  space_ = Hid(Check(H5Dget_space(dataset_.get()), "H5Dget_space"));
  has_space_ = SpaceShape(space_.get(), &shape_);
  maxshape_.assign(shape_.size(), 0);
  if (!shape_.empty()) {
    CheckErr(H5Sget_simple_extent_dims(space_.get(), nullptr, maxshape_.data()), "H5Sget_simple_extent_dims");
  }
  read_checked_ = false;  // the contiguous size check depends on the extent
  memory_path_ = MemoryPath::Unknown;
}

const uint8_t* Dataset::MemoryBase() {
  if (memory_ == nullptr || !has_space_ || memory_path_ == MemoryPath::No) return nullptr;
  if (memory_path_ == MemoryPath::Unknown) {
    bool allocated = true;
    std::optional<ContiguousData> found =
        FindContiguousData(dataset_.get(), type_.get(), create_list_.get(), shape_, &allocated);
    if (!found) {
      // Storage not yet allocated reads as fill values (H5Dread): ask again after a write.
      if (allocated) memory_path_ = MemoryPath::No;
      return nullptr;
    }
    contiguous_ = *found;
    memory_path_ = MemoryPath::Yes;
  }
  // The driver's memory moves when a writable file grows: looked up at every read.
  size_t size = 0;
  const uint8_t* memory = memory_->driver_memory(&size);
  if (memory == nullptr || contiguous_.offset > size || contiguous_.bytes > size - contiguous_.offset) return nullptr;
  return memory + contiguous_.offset;
}

ReadResult Dataset::ReadFromMemory(const uint8_t* base, const Selection* selection,
                                   const std::vector<hsize_t>& out_shape, ReadBuffer& buffer, const ReadLimit& limit) {
  ReadResult result;
  result.dtype = contiguous_.dtype;
  result.shape = out_shape;
  // The checks of H5Dread's path for numbers (limits before allocating), without asking
  // HDF5 about the type again: FindContiguousData has classified it.
  uint64_t count = CheckedElementCount(out_shape, path_);
  limit.Check(path_, CheckedBytes(count, contiguous_.element_size, path_));
  result.count = static_cast<size_t>(count);
  size_t bytes = static_cast<size_t>(count * contiguous_.element_size);
  void* data = nullptr;
  try {
    data = buffer.Allocate(bytes);
  } catch (const std::bad_alloc&) {
    throw Failure(FailureKind::Hdf5,
                  "h5tables: out of memory: reading " + path_ + " needs " + std::to_string(bytes) + " bytes");
  }
  if (bytes > 0) CopySelection(base, shape_, contiguous_.element_size, selection, static_cast<uint8_t*>(data));
  CountMemoryRead();
  return result;
}

std::optional<ReadResult> Dataset::ReadBloscChunked(ReadBuffer& buffer, const ReadLimit& limit) {
  if (chunk_.empty() || !has_space_) return std::nullopt;
  std::optional<BloscChunks> chunks = FindBloscChunks(dataset_.get(), type_.get(), create_list_.get(), shape_, chunk_);
  if (!chunks) return std::nullopt;
  ReadResult result;
  result.dtype = chunks->dtype;
  result.shape = shape_;
  uint64_t count = CheckedElementCount(shape_, path_);
  limit.Check(path_, CheckedBytes(count, chunks->element_size, path_));
  result.count = static_cast<size_t>(count);
  size_t bytes = static_cast<size_t>(count * chunks->element_size);
  void* data = nullptr;
  try {
    data = buffer.Allocate(bytes);
  } catch (const std::bad_alloc&) {
    throw Failure(FailureKind::Hdf5,
                  "h5tables: out of memory: reading " + path_ + " needs " + std::to_string(bytes) + " bytes");
  }
  // A chunk that does not check: H5Dread reads it again, with its own error if any.
  if (!ReadBloscChunks(dataset_.get(), *chunks, shape_, static_cast<uint8_t*>(data))) return std::nullopt;
  return result;
}

// Contiguous data lies in the file as it is (not filtered, not sparse once allocated):
// more of it than the file holds means a damaged or hostile file, whatever the limit.
// Every other file its storage reaches is checked against the policy first.
void Dataset::CheckBeforeRead() {
  if (read_checked_) return;
  CheckDatasetStorage(file_, dataset_.get(), create_list_.get(), path_, false);
  hid_t create_list = create_list_.get();
  if (has_space_ && H5Pget_layout(create_list) == H5D_CONTIGUOUS && H5Pget_external_count(create_list) == 0) {
    H5D_space_status_t status = H5D_SPACE_STATUS_ERROR;
    CheckErr(H5Dget_space_status(dataset_.get(), &status), "H5Dget_space_status");
    if (status != H5D_SPACE_STATUS_NOT_ALLOCATED) {  // unallocated reads as fill values
      size_t element_size = H5Tget_size(type_.get());
      uint64_t declared = CheckedBytes(CheckedElementCount(shape_, path_), element_size, path_);
      hsize_t file_size = 0;
      CheckErr(H5Fget_filesize(file_, &file_size), "H5Fget_filesize");
      if (declared > file_size) {
        throw Failure(FailureKind::Hdf5, "the file is damaged: " + path_ + " declares " + std::to_string(declared) +
                                             " bytes of contiguous data, but the file holds only " +
                                             std::to_string(file_size) + " bytes");
      }
    }
  }
  read_checked_ = true;
}

void Dataset::CheckRead(const Selection* selection, const ReadLimit& limit) {
  CheckBeforeRead();
  CheckChunks(chunk_, shape_, has_space_, selection, path_, limit);
}

std::optional<std::vector<hsize_t>> Dataset::StoredRows() {
  if (!chunked() || !has_space_ || shape_.empty()) return std::nullopt;
  CheckBeforeRead();
  return StoredRowRanges(dataset_.get(), shape_.size(), shape_[0], chunk_[0]);
}

DatasetInfo Dataset::Info() const {
  DatasetInfo result;
  std::optional<TypeInfo> info = Classify(type_.get());
  if (info) result.dtype = info->dtype;
  if (info) result.enum_members = info->enum_members;
  result.shape = shape_;  // a NULL dataspace reads as shape []
  if (info) result.atom_shape = info->array_dims;
  result.itemsize = info && info->dtype == DType::String ? info->string.size : H5Tget_size(type_.get());
  if (info && info->order == H5T_ORDER_LE) result.byteorder = "little";
  if (info && info->order == H5T_ORDER_BE) result.byteorder = "big";
  if (!info) {
    result.vlen = ClassifyVlen(type_.get());
    if (result.vlen) {
      // A row's element: its dtype, size and byte order (PyTables' VLArray atom).
      result.itemsize = DTypeSize(result.vlen->dtype);
      if (result.vlen->order == H5T_ORDER_LE) result.byteorder = "little";
      if (result.vlen->order == H5T_ORDER_BE) result.byteorder = "big";
    }
  }
  if (!chunk_.empty()) result.chunkshape = chunk_;
  result.maxshape = maxshape_;
  // From the creation property list held since Open: no file access.
  result.filters = ReadFilters(create_list_.get());
  result.fill_value = ReadFillValue(create_list_.get(), type_.get());
  if (IsCompound(type_.get()) && !IsComplex(type_.get())) {
    result.compound = true;
    result.fields = DescribeCompound(type_.get());
  }
  return result;
}

ReadResult Dataset::Read(const Selection* selection, ReadBuffer& buffer, const ReadLimit& limit) {
  CheckBeforeRead();  // before anything else reaches its storage
  hid_t dataset = dataset_.get();
  hid_t type = type_.get();
  const uint8_t* memory = MemoryBase();
  if (!selection) {
    if (memory) return ReadFromMemory(memory, nullptr, shape_, buffer, limit);
    CheckReadable(type, has_space_ ? &shape_ : nullptr, limit, path_);
    CheckChunks(chunk_, shape_, has_space_, nullptr, path_, limit);
    if (std::optional<ReadResult> read = ReadBloscChunked(buffer, limit)) return std::move(*read);
    ReadSource source{dataset, false, H5S_ALL, H5S_ALL, leaves_gaps_};
    return ReadValue(source, type, has_space_ ? &shape_ : nullptr, buffer, limit, path_);
  }
  bool empty = CheckSelection(*selection, shape_, has_space_);
  const std::vector<hsize_t>& out_shape = selection->count;
  if (empty) {
    // HDF5 rejects empty hyperslabs on 1.10: nothing to read, but the result keeps its shape.
    Hid mem_space(Check(H5Screate(H5S_NULL), "H5Screate"));
    ReadSource source{dataset, false, mem_space.get(), mem_space.get()};
    return ReadValue(source, type, &out_shape, buffer, limit, path_);
  }
  if (memory) return ReadFromMemory(memory, selection, out_shape, buffer, limit);
  CheckReadable(type, &out_shape, limit, path_);
  CheckChunks(chunk_, shape_, has_space_, selection, path_, limit);
  hid_t file_space = space_.get();
  CheckErr(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, selection->start.data(), selection->step.data(),
                               selection->count.data(), nullptr),
           "H5Sselect_hyperslab");
  Hid mem_space(
      Check(H5Screate_simple(static_cast<int>(out_shape.size()), out_shape.data(), nullptr), "H5Screate_simple"));
  ReadSource source{dataset, false, file_space, mem_space.get(), leaves_gaps_};
  return ReadValue(source, type, &out_shape, buffer, limit, path_);
}

}  // namespace h5t
