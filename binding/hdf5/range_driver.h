// A read-only HDF5 file driver over a byte-range source: HDF5's reads are served from a
// block cache (hdf5/block_cache.h), and a miss asks the source for the missing run of
// blocks in one request and waits for it (only on the HDF5 thread: a read on any other
// thread that misses fails with ERR_SOURCE_BUSY, since JavaScript cannot wait for itself).
//
// The end of the file: the source's size when known. When it is not, the driver reports
// the largest address as the file's end (HDF5 then cannot check that the file is whole
// at open), and a source that answers short means the file ends there: a read that
// needs bytes past it is an ERR_SOURCE error, never zeros or garbage. Reads past a known
// size read zeros, as HDF5's sec2 driver does (HDF5 refuses a file shorter than its
// end of allocation at open).
#pragma once

#include <hdf5.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "hdf5/block_cache.h"
#include "hdf5/errors.h"

namespace h5t {

// Fetches bytes from the source (js/source_js.h): blocks until they arrive; throws a Failure.
class ByteFetcher {
 public:
  virtual ~ByteFetcher() = default;
  virtual std::vector<uint8_t> Fetch(uint64_t offset, uint64_t length) = 0;
  // Any thread: fails the fetches in flight with why and refuses new ones (closing).
  virtual void Abort(const Failure& why) = 0;
  // The JS thread, once the file is closed: lets go of the source.
  virtual void Detach() = 0;
};

// One open file's source and cache, shared by the driver and the NativeFile.
class SourceFile {
 public:
  SourceFile(std::shared_ptr<ByteFetcher> fetcher, SourceCacheSettings settings, std::optional<uint64_t> size);

  // Bytes read before the open (block 0, lib/ probing the size): one request, cached.
  void Preload(const uint8_t* bytes, uint64_t length);
  // Copies [offset, offset + length) into out: from the cache, else from the source.
  void Read(uint64_t offset, uint64_t length, uint8_t* out);
  // HDF5's end of file.
  uint64_t EndOfFile() const;

  BlockCache& cache() { return cache_; }
  ByteFetcher& fetcher() { return *fetcher_; }

 private:
  std::shared_ptr<ByteFetcher> fetcher_;
  BlockCache cache_;
  const bool size_given_;
  std::atomic<uint64_t> end_;  // the known (or learned) size; UINT64_MAX while unknown
};

// The access list's driver: fapl reads through file.
void SetRangeDriver(hid_t fapl, const std::shared_ptr<SourceFile>& file);

// The Source or SourceBusy failure the driver met in the current operation on this thread
// (HDF5 reports its own error above it): the operation throws it instead.
void ForgetSourceFailure();
std::optional<Failure> TakeSourceFailure();

// The message suffix of every source failure.
std::string SourceReadWhere(uint64_t offset, uint64_t length);

}  // namespace h5t
