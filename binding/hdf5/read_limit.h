// How much memory one read may ask for, checked before anything is allocated.
//
// A file of a few hundred bytes can declare 2^61 elements, or 5 GiB of chunks that were
// never written: the element count, count x size, and the bytes a read needs are
// computed without overflow and compared with two limits before HDF5 is asked to read:
// the file's maxReadBytes (an openFile option) and the largest Buffer Node can make.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <hdf5.h>

namespace h5t {

// The default maxReadBytes: 1 GiB. It stops the small hostile files that declare
// gigabytes, while a PyTables user reading a big array raises it (or passes Infinity).
constexpr uint64_t kDefaultMaxReadBytes = uint64_t{1} << 30;

struct ReadLimit {
  uint64_t max_read_bytes = kDefaultMaxReadBytes;  // the file's option (UINT64_MAX: none)
  uint64_t node_max_bytes = uint64_t{1} << 32;     // buffer.constants.MAX_LENGTH

  // Throws a TooLarge Failure (a RangeError naming what, the size and the option) when a
  // read of `bytes` bytes must not be tried.
  void Check(const std::string& what, uint64_t bytes) const;
  // A whole file image (getFileImage, takeFileImage): only Node's maximum applies.
  void CheckImage(uint64_t bytes) const;
};

// a * b, or false when it does not fit in 64 bits.
inline bool MulFits(uint64_t a, uint64_t b, uint64_t* out) {
  if (a != 0 && b > UINT64_MAX / a) return false;
  *out = a * b;
  return true;
}

// The number of elements of a shape; throws TooLarge (naming what) when it overflows.
uint64_t CheckedElementCount(const std::vector<hsize_t>& shape, const std::string& what);

// count x size in bytes; throws TooLarge (naming what) when it overflows.
uint64_t CheckedBytes(uint64_t count, uint64_t size, const std::string& what);

}  // namespace h5t
