// Byte-range source reads in flight: the HDF5 thread waits here for JavaScript's answer.
//
// Each request names the JavaScript thread that serves it, so that thread never waits for
// the HDF5 lock while one of its own requests is pending (hdf5/lock.h): that wait could
// never end. Free of napi types; js/source_js.h posts requests to JavaScript.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "hdf5/errors.h"

namespace h5t {

struct SourceRequest {
  uint64_t owner = 0;  // the source it was made for (SourceRequests::FailOwner)
  std::thread::id js_thread;
  uint64_t offset = 0;
  uint64_t length = 0;
  // How long the HDF5 thread waits for the answer before failing it (0: for ever).
  std::chrono::milliseconds timeout{0};
  bool settled = false;
  std::vector<uint8_t> bytes;      // the answer, once settled without failure
  std::optional<Failure> failure;  // or why there is none
};

// Registers request as pending (before it is handed to JavaScript).
void AddSourceRequest(const std::shared_ptr<SourceRequest>& request);
// Settles a pending request once (later answers are ignored: false). Any thread.
bool SettleSourceRequest(SourceRequest& request, std::vector<uint8_t> bytes);
bool FailSourceRequest(SourceRequest& request, const Failure& failure);
// Blocks until request is settled, or fails it with SourceTimeout a second after
// request.timeout (when the JS thread's own timer could not).
void WaitForSourceRequest(SourceRequest& request);
// The failure of a request that did not settle in time (the same from either thread).
Failure SourceTimeoutFailure(const SourceRequest& request);
// Fails every pending request of one source, or of one JavaScript thread.
void FailSourceOwner(uint64_t owner, const Failure& failure);
void FailSourceThread(std::thread::id js_thread, const Failure& failure);
// Whether a request served by this JavaScript thread is pending; when none is, first waits
// (at most timeout) for a change: one added or settled.
bool SourceRequestPendingOn(std::thread::id js_thread, std::chrono::milliseconds timeout);

}  // namespace h5t
