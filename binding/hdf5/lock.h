// One process-wide lock around every libhdf5 call.
//
// A thread-safe HDF5 serialises its API calls anyway, so this costs nothing there; a build
// that is not thread-safe (Windows static builds) is only correct with it. It also lets the
// binding keep multi-call sequences (open, read, close) atomic across threads.
//
// The HDF5 thread may hold it while it waits for a byte-range source, which JavaScript
// serves on its own thread (hdf5/source_requests.h): so a JavaScript thread never simply
// waits for it. While it waits it watches for requests of its own, and then either fails
// them (the default: the HDF5 thread goes on and the operation that needed them rejects)
// or gives up (FailBusy: the sync call throws ERR_SOURCE_BUSY; IfFree: not locked).
#pragma once

#include <mutex>

namespace h5t {

std::recursive_mutex& Hdf5Mutex();

enum class LockWait { FailOwnReads, FailBusy, IfFree };

// Holds the HDF5 lock for a scope. On first use on each thread it also turns off HDF5's
// automatic error printing: the error stack is per thread, and we report it ourselves.
class Hdf5Lock {
 public:
  explicit Hdf5Lock(LockWait wait = LockWait::FailOwnReads);
  ~Hdf5Lock();
  Hdf5Lock(const Hdf5Lock&) = delete;
  Hdf5Lock& operator=(const Hdf5Lock&) = delete;
  bool locked() const { return locked_; }  // false only with IfFree

 private:
  bool locked_ = false;
};

}  // namespace h5t
