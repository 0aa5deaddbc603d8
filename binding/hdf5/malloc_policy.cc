#include "hdf5/malloc_policy.h"

#include <cstdlib>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace h5t {

void ApplyMallocPolicy() {
#if defined(__GLIBC__)
  static std::once_flag once;
  std::call_once(once, [] {
    // The user's own choices win (any of them turns glibc's dynamic thresholds off too).
    for (const char* name : {"GLIBC_TUNABLES", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_",
                             "H5TABLES_MALLOC_DEFAULTS"}) {
      if (std::getenv(name) != nullptr) return;
    }
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
  });
#endif
}

}  // namespace h5t
