// Registration of the built-in filters, once per process, with plugin loading off.
#include <H5PLpublic.h>

#include "filter_classes.h"
#include "filters.h"

namespace h5t {

void RegisterBuiltinFilters() {
  static bool done = false;  // the HDF5 lock is held: no race
  if (done) return;
  // Never search a plugin directory (HDF5_PLUGIN_PATH or HDF5's built-in default): an
  // unknown filter is then a plain "not registered", which FilterErrorMessage names.
  H5PLset_loading_state(0);
#ifdef H5T_HAVE_BLOSC
  H5Zregister(&filters::kBloscClass);
#endif
#ifdef H5T_HAVE_BZIP2
  H5Zregister(&filters::kBzip2Class);
#endif
#ifdef H5T_HAVE_LZF
  H5Zregister(&filters::kLzfClass);
#endif
  done = true;
}

}  // namespace h5t
