// The bridge from the driver's fetches (HDF5 thread) to a JavaScript source's
// read(offset, length) (its own JS thread), through a thread-safe function.
//
// The HDF5 thread waits (hdf5/source_requests.h) while JavaScript calls read() and awaits
// its Promise: the bytes are copied into the request (too many is an error, fewer is for
// the driver to judge), a rejection becomes an ERR_SOURCE Failure whose cause (the
// original error) waits in the environment's stash for the operation's rejection. read() also
// gets { signal }, an AbortSignal aborted when the read times out (the file's sourceTimeout:
// the HDF5 thread then goes on with an ERR_SOURCE_TIMEOUT failure). Closing
// the file, or the environment going away, fails the reads in flight so the HDF5 thread
// goes on; answers that come later are ignored.
#pragma once

#include <napi.h>

#include <chrono>
#include <memory>
#include <thread>

#include "hdf5/range_driver.h"
#include "hdf5/source_requests.h"

namespace h5t {

class JsSource : public ByteFetcher {
 public:
  // JS thread. source: an object with a read method (checked by lib/ and again here);
  // timeout: how long each read may take (0: for ever).
  JsSource(Napi::Env env, Napi::Object source, std::chrono::milliseconds timeout);
  ~JsSource() override;

  std::vector<uint8_t> Fetch(uint64_t offset, uint64_t length) override;
  void Abort(const Failure& why) override;
  void Detach() override;

  struct Link;

 private:
  std::shared_ptr<Link> link_;
  uint64_t key_;
  std::thread::id js_thread_;
  std::chrono::milliseconds timeout_;
};

// The stash of original errors (JS thread): kept until the operation that failed takes it.
uint64_t StashSourceCause(Napi::Env env, Napi::Value cause);
Napi::Value TakeSourceCause(Napi::Env env, uint64_t key);  // undefined when gone

}  // namespace h5t
