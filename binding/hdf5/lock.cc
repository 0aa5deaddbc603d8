#include "hdf5/lock.h"

#include <hdf5.h>

#include <chrono>
#include <thread>

#include "hdf5/errors.h"
#include "hdf5/source_requests.h"
#include "hdf5/thread.h"

namespace h5t {

std::recursive_mutex& Hdf5Mutex() {
  static std::recursive_mutex mutex;
  return mutex;
}

Hdf5Lock::Hdf5Lock(LockWait wait) {
  std::recursive_mutex& mutex = Hdf5Mutex();
  if (OnHdf5Thread()) {
    mutex.lock();
  } else {
    std::thread::id self = std::this_thread::get_id();
    while (!mutex.try_lock()) {
      if (!SourceRequestPendingOn(self, std::chrono::milliseconds(2))) continue;
      if (wait == LockWait::IfFree) return;
      if (wait == LockWait::FailBusy) {
        throw Failure(FailureKind::SourceBusy,
                      "a byte-range source read is pending on this thread, so a sync call cannot run now: "
                      "use the call's async form (the Promise API)");
      }
      FailSourceThread(self, Failure(FailureKind::Closed,
                                     "the byte-range source read was abandoned: its thread had to take the HDF5 "
                                     "lock (a file closed by GC or at exit)"));
    }
  }
  locked_ = true;
  thread_local bool silenced = false;
  if (!silenced) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
  }
}

Hdf5Lock::~Hdf5Lock() {
  if (locked_) Hdf5Mutex().unlock();
}

}  // namespace h5t
