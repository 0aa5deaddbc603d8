// The HDF5 filter classes of the codecs, each defined in its own file; shared by the
// registration (register.cc) and the chunk helpers (chunk_size.cc). Internal to filters/.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <string>

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

// Records "<filter>: <what>" for this thread (and pushes it onto HDF5's error stack,
// which HDF 1.10 keeps), so the error a read reports leads with the codec's own words, not
// only HDF5's "filter returned failure during read". Returns 0, the filters' failure value.
size_t FilterFailed(const char* filter, const char* what);

// Forgets the last failure of this thread: each filter call starts with it, so a failure
// read later is the one of the filter that ran last.
void ClearFilterFailure();

// The last failure recorded on this thread ("" when none), and forgets it.
std::string TakeFilterFailure();

// The largest buffer a decoder allocates for one chunk: HDF5 chunks are below 4 GiB.
constexpr size_t kMaxChunkBytes = 0xFFFFFFFFu;

}  // namespace filters
}  // namespace h5t
