#include "hdf5/read_limit.h"

#include <cstdio>

#include "hdf5/errors.h"

namespace h5t {
namespace {

std::string Bytes(uint64_t n) {
  std::string text = std::to_string(n) + " bytes";
  const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(n);
  int unit = -1;
  while (value >= 1024 && unit < 5) {
    value /= 1024;
    unit++;
  }
  if (unit >= 0) {
    char shown[32];
    std::snprintf(shown, sizeof shown, " (%.1f %s)", value, units[unit]);
    text += shown;
  }
  return text;
}

}  // namespace

void ReadLimit::Check(const std::string& what, uint64_t bytes) const {
  if (bytes > max_read_bytes) {
    throw Failure(FailureKind::TooLarge, "reading " + what + " needs " + Bytes(bytes) + ", more than maxReadBytes (" +
                                             std::to_string(max_read_bytes) +
                                             "): open the file with a larger maxReadBytes (or Infinity) to read it");
  }
  if (bytes > node_max_bytes) {
    throw Failure(FailureKind::TooLarge, "reading " + what + " needs " + Bytes(bytes) +
                                             ", more than Node's largest Buffer (buffer.constants.MAX_LENGTH, " +
                                             std::to_string(node_max_bytes) + "): read it in slices");
  }
}

void ReadLimit::CheckImage(uint64_t bytes) const {
  if (bytes > node_max_bytes) {
    throw Failure(FailureKind::TooLarge, "the file image has " + Bytes(bytes) +
                                             ", more than Node's largest Buffer (buffer.constants.MAX_LENGTH, " +
                                             std::to_string(node_max_bytes) + ")");
  }
}

uint64_t CheckedElementCount(const std::vector<hsize_t>& shape, const std::string& what) {
  uint64_t count = 1;
  for (hsize_t dim : shape) {
    if (!MulFits(count, dim, &count)) {
      throw Failure(FailureKind::TooLarge, "reading " + what + ": its shape has more than 2^64 elements");
    }
  }
  return count;
}

uint64_t CheckedBytes(uint64_t count, uint64_t size, const std::string& what) {
  uint64_t bytes = 0;
  if (!MulFits(count, size, &bytes)) {
    throw Failure(FailureKind::TooLarge, "reading " + what + " needs more than 2^64 bytes (" + std::to_string(count) +
                                             " elements of " + std::to_string(size) + " bytes)");
  }
  return bytes;
}

}  // namespace h5t
