// Blosc as HDF5 filter 32001, with PyTables' parameters (hdf5-blosc's on-disk format):
// cd_values = [filter version 2, blosc format version, typesize, chunk size in bytes,
// clevel, shuffle (0 none, 1 byte, 2 bit), compressor code (0 blosclz, 1 lz4, 2 lz4hc,
// 3 snappy, 4 zlib, 5 zstd)]. The first four are filled in by set_local when a dataset
// is created; readers need none of them (a blosc chunk describes itself).
#ifdef H5T_HAVE_BLOSC

#include <blosc.h>

#include "filter_classes.h"

namespace h5t {
namespace filters {
namespace {

constexpr unsigned kFilterVersion = 2;
constexpr size_t kValues = 7;
constexpr size_t kFletcher32Bytes = 4;

herr_t SetLocal(hid_t dcpl, hid_t type, hid_t) {
  unsigned flags = 0;
  unsigned values[kValues] = {0, 0, 0, 0, 5, 1, 0};  // PyTables' defaults after the four
  size_t count = GetClientValues(dcpl, 32001, &flags, values, kValues);
  if (count < 4) count = 4;
  // Blosc shuffles by the element's base size: an array type's element, not the whole.
  hid_t base = H5Tget_class(type) == H5T_ARRAY ? H5Tget_super(type) : H5Tcopy(type);
  if (base < 0) return -1;
  size_t typesize = H5Tget_size(base);
  H5Tclose(base);
  if (typesize == 0) return -1;
  if (typesize > BLOSC_MAX_TYPESIZE) typesize = 1;
  size_t chunk = ChunkBytes(dcpl, type);
  if (chunk == 0) return -1;
  values[0] = kFilterVersion;
  values[1] = BLOSC_VERSION_FORMAT;
  values[2] = static_cast<unsigned>(typesize);
  values[3] = static_cast<unsigned>(chunk);
  return H5Pmodify_filter(dcpl, 32001, flags, count, values);
}

size_t Decode(size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t* buf_size, void** buf) {
  size_t out_size = 0;
  // Checks the header against the bytes really there before anything is allocated.
  if (blosc_cbuffer_validate(*buf, nbytes, &out_size) < 0 || out_size == 0 || out_size > kMaxChunkBytes) {
    return FilterFailed("blosc", "corrupt chunk (its header does not match its size)");
  }
  // A chunk never holds more than the chunk size set_local recorded, plus the 4 bytes of a
  // Fletcher32 checksum that PyTables' pipeline adds before blosc: a header claiming more
  // is damage (or a decompression bomb), refused before allocating it.
  if (cd_nelmts > 3 && cd_values[3] > 0 && out_size > size_t{cd_values[3]} + kFletcher32Bytes) {
    return FilterFailed("blosc", "corrupt chunk (it claims more bytes than a chunk holds)");
  }
  void* out = H5allocate_memory(out_size, false);
  if (out == nullptr) return FilterFailed("blosc", "out of memory");
  int got = blosc_decompress_ctx(*buf, out, out_size, 1);
  if (got <= 0 || static_cast<size_t>(got) != out_size) {
    H5free_memory(out);
    return FilterFailed("blosc", "corrupt chunk (it does not decompress)");
  }
  H5free_memory(*buf);
  *buf = out;
  *buf_size = out_size;
  return out_size;
}

size_t Encode(size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t* buf_size, void** buf) {
  size_t typesize = cd_nelmts > 2 && cd_values[2] > 0 ? cd_values[2] : 1;
  int clevel = cd_nelmts > 4 ? static_cast<int>(cd_values[4]) : 5;
  int shuffle = cd_nelmts > 5 ? static_cast<int>(cd_values[5]) : 1;
  int code = cd_nelmts > 6 ? static_cast<int>(cd_values[6]) : 0;
  const char* compressor = nullptr;
  if (blosc_compcode_to_compname(code, &compressor) < 0 || compressor == nullptr) {
    return FilterFailed("blosc", "unknown compressor code");
  }
  if (nbytes > BLOSC_MAX_BUFFERSIZE) return FilterFailed("blosc", "chunk too large");
  // With BLOSC_MAX_OVERHEAD spare bytes blosc always succeeds (storing the bytes as they
  // are when they do not compress).
  size_t out_size = nbytes + BLOSC_MAX_OVERHEAD;
  void* out = H5allocate_memory(out_size, false);
  if (out == nullptr) return FilterFailed("blosc", "out of memory");
  int got = blosc_compress_ctx(clevel, shuffle, typesize, nbytes, *buf, out, out_size, compressor, 0, 1);
  if (got <= 0) {
    H5free_memory(out);
    return FilterFailed("blosc", "compression failed");
  }
  H5free_memory(*buf);
  *buf = out;
  *buf_size = out_size;
  return static_cast<size_t>(got);
}

size_t Filter(unsigned flags, size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t* buf_size,
              void** buf) {
  ClearFilterFailure();
  if (flags & H5Z_FLAG_REVERSE) return Decode(cd_nelmts, cd_values, nbytes, buf_size, buf);
  return Encode(cd_nelmts, cd_values, nbytes, buf_size, buf);
}

}  // namespace

const H5Z_class2_t kBloscClass = {H5Z_CLASS_T_VERS, 32001, 1, 1, "blosc", nullptr, SetLocal, Filter};

}  // namespace filters
}  // namespace h5t

#endif  // H5T_HAVE_BLOSC
