// Registration of the built-in filters, once per process, with plugin loading off.
#include <H5PLpublic.h>

#include <algorithm>

#include "filter_classes.h"
#include "filters.h"

namespace h5t {
namespace {

std::vector<H5Z_filter_t> available;

// Whether this library has the filter with both its encoder and decoder (H5Zfilter_avail
// alone is true for a decode-only szip).
bool CanWriteAndRead(H5Z_filter_t id) {
  if (H5Zfilter_avail(id) <= 0) return false;
  unsigned config = 0;
  if (H5Zget_filter_info(id, &config) < 0) return false;
  return (config & H5Z_FILTER_CONFIG_ENCODE_ENABLED) && (config & H5Z_FILTER_CONFIG_DECODE_ENABLED);
}

}  // namespace

void RegisterBuiltinFilters() {
  static bool done = false;  // the HDF5 lock is held: no race
  if (done) return;
  // Never search a plugin directory (HDF5_PLUGIN_PATH or HDF5's built-in default): an
  // unknown filter is then a plain "not registered", which FilterErrorMessage names.
  H5PLset_loading_state(0);
  std::vector<H5Z_filter_t> candidates;
  for (H5Z_filter_t id = 1; id < H5Z_FILTER_RESERVED; id++) candidates.push_back(id);
#ifdef H5T_HAVE_BLOSC
  H5Zregister(&filters::kBloscClass);
  candidates.push_back(filters::kBloscClass.id);
#endif
#ifdef H5T_HAVE_BZIP2
  H5Zregister(&filters::kBzip2Class);
  candidates.push_back(filters::kBzip2Class.id);
#endif
#ifdef H5T_HAVE_LZF
  H5Zregister(&filters::kLzfClass);
  candidates.push_back(filters::kLzfClass.id);
#endif
  for (H5Z_filter_t id : candidates) {
    if (CanWriteAndRead(id)) available.push_back(id);
  }
  // Asking about a missing filter leaves a "not found" on the error stack: not an error here.
  H5Eclear2(H5E_DEFAULT);
  std::sort(available.begin(), available.end());
  done = true;
}

const std::vector<H5Z_filter_t>& AvailableFilters() { return available; }

bool FilterAvailable(H5Z_filter_t id) { return std::binary_search(available.begin(), available.end(), id); }

}  // namespace h5t
