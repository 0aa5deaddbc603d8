// What a codec said when it failed, kept per thread until the error is reported.
#include <string>

#include "filter_classes.h"

namespace h5t {
namespace filters {
namespace {
thread_local std::string last_failure;
}

size_t FilterFailed(const char* filter, const char* what) {
  last_failure = std::string(filter) + ": " + what;
  H5Epush2(H5E_DEFAULT, __FILE__, filter, __LINE__, H5E_ERR_CLS, H5E_PLINE, H5E_CALLBACK, "%s", last_failure.c_str());
  return 0;
}

void ClearFilterFailure() { last_failure.clear(); }

std::string TakeFilterFailure() {
  std::string failure;
  failure.swap(last_failure);
  return failure;
}

}  // namespace filters
}  // namespace h5t
