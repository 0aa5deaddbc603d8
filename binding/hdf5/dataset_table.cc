#include "hdf5/dataset_table.h"

#include "hdf5/errors.h"
#include "hdf5/external_policy.h"
#include "hdf5/read_limit.h"
#include "hdf5/values.h"

namespace h5t {
namespace {

// Contiguous data lies in the file as it is (not filtered, not sparse once allocated):
// more of it than the file holds means a damaged or hostile file, whatever the limit.
void CheckContiguousFits(hid_t file, hid_t create_list, const DatasetCache::Entry& entry, const std::string& path) {
  if (!entry.has_space || H5Pget_layout(create_list) != H5D_CONTIGUOUS) return;
  int external = H5Pget_external_count(create_list);
  if (external != 0) return;  // stored in other files (or unknown): not this file's size
  H5D_space_status_t status = H5D_SPACE_STATUS_ERROR;
  CheckErr(H5Dget_space_status(entry.dataset.get(), &status), "H5Dget_space_status");
  if (status == H5D_SPACE_STATUS_NOT_ALLOCATED) return;  // reads as fill values
  size_t element_size = H5Tget_size(entry.type.get());
  uint64_t declared = CheckedBytes(CheckedElementCount(entry.shape, path), element_size, path);
  hsize_t file_size = 0;
  CheckErr(H5Fget_filesize(file, &file_size), "H5Fget_filesize");
  if (declared > file_size) {
    throw Failure(FailureKind::Hdf5, "the file is damaged: " + path + " declares " + std::to_string(declared) +
                                         " bytes of contiguous data, but the file holds only " +
                                         std::to_string(file_size) + " bytes");
  }
}

}  // namespace

DatasetCache::Entry& DatasetCache::Get(hid_t file, const std::string& path) {
  auto found = entries_.find(path);
  if (found != entries_.end()) return found->second;
  Entry entry;
  entry.dataset = Hid(Check(H5Dopen2(file, path.c_str(), H5P_DEFAULT), "H5Dopen2"));
  Hid create_list(Check(H5Dget_create_plist(entry.dataset.get()), "H5Dget_create_plist"));
  // Before anything reaches its storage.
  CheckDatasetStorage(file, entry.dataset.get(), create_list.get(), path, false);
  entry.type = Hid(Check(H5Dget_type(entry.dataset.get()), "H5Dget_type"));
  entry.space = Hid(Check(H5Dget_space(entry.dataset.get()), "H5Dget_space"));
  entry.has_space = SpaceShape(entry.space.get(), &entry.shape);
  if (H5Pget_layout(create_list.get()) == H5D_CHUNKED) {
    entry.chunk.resize(H5S_MAX_RANK);
    int rank = H5Pget_chunk(create_list.get(), H5S_MAX_RANK, entry.chunk.data());
    if (rank < 0) ThrowHdf5("H5Pget_chunk");
    entry.chunk.resize(static_cast<size_t>(rank));
  }
  CheckContiguousFits(file, create_list.get(), entry, path);
  // A small bound keeps few objects open; starting over is as good as LRU for the
  // common patterns (one hot dataset, or a sweep over many).
  if (entries_.size() >= kMaxEntries) entries_.clear();
  return entries_.emplace(path, std::move(entry)).first->second;
}

}  // namespace h5t
