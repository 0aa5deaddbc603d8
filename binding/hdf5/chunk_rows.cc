#include "hdf5/chunk_rows.h"

#include <algorithm>

#include "hdf5/hid.h"

namespace h5t {

namespace {

#if H5_VERSION_GE(1, 14, 0)
int VisitOne(const hsize_t* offset, unsigned filter_mask, haddr_t, hsize_t size, void* data) {
  const auto& visit = *static_cast<const StoredChunkVisitor*>(data);
  return visit(offset, filter_mask, size) ? H5_ITER_CONT : H5_ITER_STOP;
}
#endif

}  // namespace

std::optional<hsize_t> StoredChunkCount(hid_t dataset) {
#if H5_VERSION_GE(1, 10, 5)
  // The dataset's own dataspace: HDF5 1.10 refuses H5S_ALL here.
  hid_t space_id = H5Dget_space(dataset);
  if (space_id < 0) return std::nullopt;
  Hid space(space_id);
  hsize_t stored = 0;
  if (H5Dget_num_chunks(dataset, space.get(), &stored) < 0) return std::nullopt;
  return stored;
#else
  (void)dataset;
  return std::nullopt;
#endif
}

bool VisitStoredChunks(hid_t dataset, size_t rank, const StoredChunkVisitor& visit) {
#if H5_VERSION_GE(1, 14, 0)
  (void)rank;
  // H5_ITER_STOP makes H5Dchunk_iter return a positive value, an error a negative one.
  return H5Dchunk_iter(dataset, H5P_DEFAULT, VisitOne, const_cast<StoredChunkVisitor*>(&visit)) == 0;
#elif H5_VERSION_GE(1, 10, 5)
  std::optional<hsize_t> stored = StoredChunkCount(dataset);
  if (!stored) return false;
  hid_t space_id = H5Dget_space(dataset);
  if (space_id < 0) return false;
  Hid space(space_id);
  std::vector<hsize_t> offset(rank);
  for (hsize_t i = 0; i < *stored; i++) {
    unsigned mask = 0;
    haddr_t addr = HADDR_UNDEF;
    hsize_t size = 0;
    if (H5Dget_chunk_info(dataset, space.get(), i, offset.data(), &mask, &addr, &size) < 0) return false;
    if (!visit(offset.data(), mask, size)) return false;
  }
  return true;
#else
  (void)dataset, (void)rank, (void)visit;
  return false;
#endif
}

std::optional<std::vector<hsize_t>> StoredRowRanges(hid_t dataset, size_t rank, hsize_t rows, hsize_t chunk_rows) {
  if (rank == 0 || chunk_rows == 0) return std::nullopt;
  std::vector<hsize_t> firsts;
  bool listed = VisitStoredChunks(dataset, rank, [&](const hsize_t* offset, unsigned, hsize_t) {
    if (offset[0] < rows) firsts.push_back(offset[0]);
    return true;
  });
  if (!listed) return std::nullopt;
  // Chunks side by side along the other dimensions share their rows.
  std::sort(firsts.begin(), firsts.end());
  std::vector<hsize_t> ranges;
  for (hsize_t first : firsts) {
    hsize_t end = std::min(rows, first + chunk_rows);
    if (!ranges.empty() && first <= ranges.back()) {
      ranges.back() = std::max(ranges.back(), end);
    } else {
      ranges.push_back(first);
      ranges.push_back(end);
    }
  }
  return ranges;
}

}  // namespace h5t
