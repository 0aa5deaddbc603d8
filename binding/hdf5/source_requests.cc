#include "hdf5/source_requests.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "hdf5/range_driver.h"

namespace h5t {
namespace {

// One lock and one signal for every request: they are few, and a JavaScript thread that
// waits for the HDF5 lock must wake when one of its own is added.
struct Registry {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::shared_ptr<SourceRequest>> pending;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed: threads may outlive statics
  return *registry;
}

// With the registry's lock held.
bool SettleLocked(Registry& registry, SourceRequest& request) {
  if (request.settled) return false;
  request.settled = true;
  auto& list = registry.pending;
  list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& r) { return r.get() == &request; }), list.end());
  registry.changed.notify_all();
  return true;
}

template <typename Match>
void FailMatching(const Failure& failure, Match match) {
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  std::vector<std::shared_ptr<SourceRequest>> matched;
  for (const auto& request : registry.pending)
    if (match(*request)) matched.push_back(request);
  for (const auto& request : matched) {
    request->failure = failure;
    SettleLocked(registry, *request);
  }
}

}  // namespace

void AddSourceRequest(const std::shared_ptr<SourceRequest>& request) {
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.pending.push_back(request);
  registry.changed.notify_all();
}

bool SettleSourceRequest(SourceRequest& request, std::vector<uint8_t> bytes) {
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  if (request.settled) return false;
  request.bytes = std::move(bytes);
  return SettleLocked(registry, request);
}

bool FailSourceRequest(SourceRequest& request, const Failure& failure) {
  Registry& registry = TheRegistry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  if (request.settled) return false;
  request.failure = failure;
  return SettleLocked(registry, request);
}

void WaitForSourceRequest(SourceRequest& request) {
  Registry& registry = TheRegistry();
  std::unique_lock<std::mutex> lock(registry.mutex);
  auto settled = [&] { return request.settled; };
  if (request.timeout.count() <= 0) {
    registry.changed.wait(lock, settled);
    return;
  }
  // The JS thread's timer (js/source_js.cc) fails the read at request.timeout and aborts its
  // signal first. This wait is the backstop, a second later, for a JavaScript thread too busy
  // to run that timer: it cannot hold the HDF5 thread longer. A late answer is ignored.
  if (!registry.changed.wait_for(lock, request.timeout + std::chrono::seconds(1), settled)) {
    request.failure = SourceTimeoutFailure(request);
    SettleLocked(registry, request);
  }
}

Failure SourceTimeoutFailure(const SourceRequest& request) {
  return Failure(FailureKind::SourceTimeout, "the byte-range source did not answer within " +
                                                 std::to_string(request.timeout.count()) + " ms (sourceTimeout)" +
                                                 SourceReadWhere(request.offset, request.length));
}

void FailSourceOwner(uint64_t owner, const Failure& failure) {
  FailMatching(failure, [&](const SourceRequest& r) { return r.owner == owner; });
}

void FailSourceThread(std::thread::id js_thread, const Failure& failure) {
  FailMatching(failure, [&](const SourceRequest& r) { return r.js_thread == js_thread; });
}

bool SourceRequestPendingOn(std::thread::id js_thread, std::chrono::milliseconds timeout) {
  Registry& registry = TheRegistry();
  std::unique_lock<std::mutex> lock(registry.mutex);
  auto pending = [&] {
    for (const auto& request : registry.pending)
      if (request->js_thread == js_thread) return true;
    return false;
  };
  if (pending()) return true;
  registry.changed.wait_for(lock, timeout);
  return pending();
}

}  // namespace h5t
