// Copies count elements of size bytes between strided buffers: a column into packed
// records and back (hdf5/records.cc). The common sizes copy as one load and store each,
// where a memcpy call per element of a million-row column cost more than the copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace h5t {

namespace strided_detail {
template <size_t kSize>
void Copy(uint8_t* to, size_t to_stride, const uint8_t* from, size_t from_stride, size_t count) {
  for (size_t i = 0; i < count; i++, to += to_stride, from += from_stride) std::memcpy(to, from, kSize);
}
}  // namespace strided_detail

inline void CopyStrided(uint8_t* to, size_t to_stride, const uint8_t* from, size_t from_stride, size_t count,
                        size_t size) {
  switch (size) {
    case 1:
      return strided_detail::Copy<1>(to, to_stride, from, from_stride, count);
    case 2:
      return strided_detail::Copy<2>(to, to_stride, from, from_stride, count);
    case 4:
      return strided_detail::Copy<4>(to, to_stride, from, from_stride, count);
    case 8:
      return strided_detail::Copy<8>(to, to_stride, from, from_stride, count);
    case 16:
      return strided_detail::Copy<16>(to, to_stride, from, from_stride, count);
    default:
      for (size_t i = 0; i < count; i++, to += to_stride, from += from_stride) std::memcpy(to, from, size);
  }
}

}  // namespace h5t
