// Helpers the filters' set_local callbacks share.
#include "filter_classes.h"

namespace h5t {
namespace filters {

size_t ChunkBytes(hid_t dcpl, hid_t type) {
  hsize_t dims[H5S_MAX_RANK];
  int rank = H5Pget_chunk(dcpl, H5S_MAX_RANK, dims);
  size_t type_size = H5Tget_size(type);
  if (rank <= 0 || type_size == 0) return 0;
  hsize_t bytes = type_size;
  for (int i = 0; i < rank; i++) {
    if (dims[i] != 0 && bytes > kMaxChunkBytes / dims[i]) return 0;
    bytes *= dims[i];
  }
  return bytes > kMaxChunkBytes ? 0 : static_cast<size_t>(bytes);
}

size_t GetClientValues(hid_t dcpl, H5Z_filter_t id, unsigned* flags, unsigned* values, size_t max) {
  size_t count = max;
  if (H5Pget_filter_by_id2(dcpl, id, flags, &count, values, 0, nullptr, nullptr) < 0) return 0;
  return count < max ? count : max;
}

}  // namespace filters
}  // namespace h5t
