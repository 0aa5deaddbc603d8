#include "hdf5/heap_trim.h"

#include <atomic>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace h5t {

namespace {
// 16 files: about 8 MiB freed between trims, so a trim (a walk of glibc's free lists,
// well under a millisecond here) stays rare beside the closes it follows.
constexpr unsigned kFilesPerTrim = 16;
std::atomic<unsigned> closed_by_gc{0};
}  // namespace

void NoteFileClosedByGc() {
  if (closed_by_gc.fetch_add(1, std::memory_order_relaxed) % kFilesPerTrim != kFilesPerTrim - 1) return;
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace h5t
