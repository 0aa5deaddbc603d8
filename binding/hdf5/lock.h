// One process-wide lock around every libhdf5 call.
//
// A thread-safe HDF5 serialises its API calls anyway, so this costs nothing there; a build
// that is not thread-safe (Windows static builds) is only correct with it. It also lets the
// binding keep multi-call sequences (open, read, close) atomic across threads.
#pragma once

#include <mutex>

namespace h5t {

std::recursive_mutex& Hdf5Mutex();

// Holds the HDF5 lock for a scope. On first use on each thread it also turns off HDF5's
// automatic error printing: the error stack is per thread, and we report it ourselves.
class Hdf5Lock {
 public:
  Hdf5Lock();
  Hdf5Lock(const Hdf5Lock&) = delete;
  Hdf5Lock& operator=(const Hdf5Lock&) = delete;

 private:
  std::lock_guard<std::recursive_mutex> guard_;
};

}  // namespace h5t
