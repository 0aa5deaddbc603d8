// LZF as HDF5 filter 32000, with h5py's parameters: cd_values = [filter version 4, LZF
// API version 0x0105, chunk size in bytes], the last filled in by set_local. A chunk is
// raw LZF data; a chunk that does not shrink is stored as it is (h5py adds the filter
// as optional, so a failed encode means "not compressed").
#ifdef H5T_HAVE_LZF

#include <errno.h>

extern "C" {
#include <lzf.h>
}

#include <climits>

#include "filter_classes.h"

namespace h5t {
namespace filters {
namespace {

constexpr unsigned kFilterVersion = 4;

herr_t SetLocal(hid_t dcpl, hid_t type, hid_t) {
  unsigned flags = 0;
  unsigned values[3] = {0, 0, 0};
  size_t count = GetClientValues(dcpl, 32000, &flags, values, 3);
  (void)count;
  size_t chunk = ChunkBytes(dcpl, type);
  if (chunk == 0) return -1;
  values[0] = kFilterVersion;
  values[1] = LZF_VERSION;
  values[2] = static_cast<unsigned>(chunk);
  return H5Pmodify_filter(dcpl, 32000, flags, 3, values);
}

size_t Decode(size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t* buf_size, void** buf) {
  if (nbytes > UINT_MAX) return 0;
  // The chunk size h5py recorded, which a chunk never exceeds; without it, guess and grow.
  bool known = cd_nelmts > 2 && cd_values[2] > 0;
  size_t out_size = known ? cd_values[2] : nbytes * 4 + 64;
  for (;;) {
    if (out_size > kMaxChunkBytes) return FilterFailed("lzf", "corrupt chunk (it decompresses beyond 4 GiB)");
    void* out = H5allocate_memory(out_size, false);
    if (out == nullptr) return FilterFailed("lzf", "out of memory");
    errno = 0;
    unsigned got = lzf_decompress(*buf, static_cast<unsigned>(nbytes), out, static_cast<unsigned>(out_size));
    if (got > 0) {
      H5free_memory(*buf);
      *buf = out;
      *buf_size = out_size;
      return got;
    }
    H5free_memory(out);
    if (errno != E2BIG) return FilterFailed("lzf", "corrupt chunk (it does not decompress)");  // EINVAL
    if (known) return FilterFailed("lzf", "corrupt chunk (it decompresses to more than a chunk holds)");
    out_size *= 2;
  }
}

size_t Encode(size_t nbytes, size_t* buf_size, void** buf) {
  if (nbytes == 0 || nbytes > UINT_MAX) return 0;
  // Only a chunk that shrinks is worth it; 0 tells HDF5 to store this one uncompressed.
  void* out = H5allocate_memory(nbytes, false);
  if (out == nullptr) return 0;
  unsigned got = lzf_compress(*buf, static_cast<unsigned>(nbytes), out, static_cast<unsigned>(nbytes));
  if (got == 0) {
    H5free_memory(out);
    return 0;
  }
  H5free_memory(*buf);
  *buf = out;
  *buf_size = nbytes;
  return got;
}

size_t Filter(unsigned flags, size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t* buf_size,
              void** buf) {
  ClearFilterFailure();
  if (flags & H5Z_FLAG_REVERSE) return Decode(cd_nelmts, cd_values, nbytes, buf_size, buf);
  return Encode(nbytes, buf_size, buf);
}

}  // namespace

const H5Z_class2_t kLzfClass = {H5Z_CLASS_T_VERS, 32000, 1, 1, "lzf", nullptr, SetLocal, Filter};

}  // namespace filters
}  // namespace h5t

#endif  // H5T_HAVE_LZF
