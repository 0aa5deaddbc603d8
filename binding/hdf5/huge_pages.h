// Transparent huge pages for large fresh buffers.
//
// On a VM the first touch of each 4 KiB page is the main cost of a large read (an 80 MB
// result: ~19,500 page faults, most of the read's time). Where THP is in `madvise` mode
// (a common default) memory gets 2 MiB pages only when asked, as numpy asks for its large
// arrays; this asks the same for memory not touched yet. Advice only: the memory stays
// its allocator's, contents and ownership unchanged; a no-op off Linux.
#pragma once

#include <cstddef>

namespace h5t {

// Below this many bytes a buffer is left alone (a huge page would mostly be zeroed waste).
constexpr size_t kHugePagesFrom = size_t{4} << 20;

// Advises huge pages for the whole 2 MiB pages inside [data, data + bytes) when bytes is
// at least kHugePagesFrom. Call before the memory is first written.
void AdviseHugePages(void* data, size_t bytes);

}  // namespace h5t
