// bzip2 as HDF5 filter 307, with PyTables' parameters: cd_values = [block size 1..9]
// (PyTables' complevel). A chunk is one plain bzip2 stream.
#ifdef H5T_HAVE_BZIP2

#include <bzlib.h>

#include <climits>

#include "filter_classes.h"

namespace h5t {
namespace filters {
namespace {

size_t Decode(size_t nbytes, size_t* buf_size, void** buf) {
  if (nbytes > UINT_MAX) return 0;
  bz_stream stream = {};
  if (BZ2_bzDecompressInit(&stream, 0, 0) != BZ_OK) return FilterFailed("bzip2", "cannot start decompressing");
  // Start at a few times the input and double: the stream does not record its size.
  size_t out_size = nbytes < (1u << 20) ? (1u << 20) : nbytes * 3;
  if (out_size > kMaxChunkBytes) out_size = kMaxChunkBytes;
  char* out = static_cast<char*>(H5allocate_memory(out_size, false));
  if (out == nullptr) {
    BZ2_bzDecompressEnd(&stream);
    return FilterFailed("bzip2", "out of memory");
  }
  stream.next_in = static_cast<char*>(*buf);
  stream.avail_in = static_cast<unsigned>(nbytes);
  size_t done = 0;
  int status = BZ_OK;
  for (;;) {
    stream.next_out = out + done;
    size_t room = out_size - done;
    stream.avail_out = room > UINT_MAX ? UINT_MAX : static_cast<unsigned>(room);
    unsigned before = stream.avail_out;
    status = BZ2_bzDecompress(&stream);
    done += before - stream.avail_out;
    if (status == BZ_STREAM_END) break;
    if (status != BZ_OK) break;  // corrupt data
    if (stream.avail_out > 0) {
      // Room left but no progress possible: the input ended inside the stream.
      if (stream.avail_in == 0) {
        status = BZ_UNEXPECTED_EOF;
        break;
      }
      continue;
    }
    if (out_size >= kMaxChunkBytes) {
      status = BZ_MEM_ERROR;
      break;
    }
    size_t bigger = out_size > kMaxChunkBytes / 2 ? kMaxChunkBytes : out_size * 2;
    void* grown = H5resize_memory(out, bigger);
    if (grown == nullptr) {
      status = BZ_MEM_ERROR;
      break;
    }
    out = static_cast<char*>(grown);
    out_size = bigger;
  }
  BZ2_bzDecompressEnd(&stream);
  if (status != BZ_STREAM_END) {
    H5free_memory(out);
    return FilterFailed("bzip2", status == BZ_MEM_ERROR        ? "out of memory (or a chunk above 4 GiB)"
                                 : status == BZ_UNEXPECTED_EOF ? "corrupt chunk (the stream ends early)"
                                                               : "corrupt chunk (it does not decompress)");
  }
  H5free_memory(*buf);
  *buf = out;
  *buf_size = out_size;
  return done;
}

size_t Encode(size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t* buf_size, void** buf) {
  int level = cd_nelmts > 0 ? static_cast<int>(cd_values[0]) : 9;
  if (level < 1) level = 1;
  if (level > 9) level = 9;
  if (nbytes > UINT_MAX / 2) return 0;
  // bzip2's documented worst case: 1% more than the input plus 600 bytes.
  size_t out_size = nbytes + nbytes / 100 + 600;
  char* out = static_cast<char*>(H5allocate_memory(out_size, false));
  if (out == nullptr) return FilterFailed("bzip2", "out of memory");
  unsigned got = static_cast<unsigned>(out_size);
  if (BZ2_bzBuffToBuffCompress(out, &got, static_cast<char*>(*buf), static_cast<unsigned>(nbytes), level, 0, 0) !=
      BZ_OK) {
    H5free_memory(out);
    return FilterFailed("bzip2", "compression failed");
  }
  H5free_memory(*buf);
  *buf = out;
  *buf_size = out_size;
  return got;
}

size_t Filter(unsigned flags, size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t* buf_size,
              void** buf) {
  ClearFilterFailure();
  if (flags & H5Z_FLAG_REVERSE) return Decode(nbytes, buf_size, buf);
  return Encode(cd_nelmts, cd_values, nbytes, buf_size, buf);
}

}  // namespace

const H5Z_class2_t kBzip2Class = {H5Z_CLASS_T_VERS, 307, 1, 1, "bzip2", nullptr, nullptr, Filter};

}  // namespace filters
}  // namespace h5t

#endif  // H5T_HAVE_BZIP2
