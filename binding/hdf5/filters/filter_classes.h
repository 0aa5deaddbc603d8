// The HDF5 filter classes of the codecs, each defined in its own file; shared by the
// registration (register.cc) and the chunk helpers (chunk_size.cc). Internal to filters/.
#pragma once

#include <hdf5.h>

#include <cstddef>

namespace h5t {
namespace filters {

#ifdef H5T_HAVE_BLOSC
extern const H5Z_class2_t kBloscClass;
#endif
#ifdef H5T_HAVE_BZIP2
extern const H5Z_class2_t kBzip2Class;
#endif
#ifdef H5T_HAVE_LZF
extern const H5Z_class2_t kLzfClass;
#endif

// The dataset's chunk size in bytes (chunk dims times the type's size), 0 when the layout
// is not chunked or it overflows 32 bits (HDF5's own limit for a chunk is 4 GiB).
size_t ChunkBytes(hid_t dcpl, hid_t type);

// The filter's current client values in dcpl (up to max of them); returns how many.
size_t GetClientValues(hid_t dcpl, H5Z_filter_t id, unsigned* flags, unsigned* values, size_t max);

// The largest buffer a decoder allocates for one chunk: HDF5 chunks are below 4 GiB.
constexpr size_t kMaxChunkBytes = 0xFFFFFFFFu;

}  // namespace filters
}  // namespace h5t
