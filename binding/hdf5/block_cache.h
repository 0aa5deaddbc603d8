// The blocks of a byte-range source already fetched: blocks of block_size bytes, evicted
// least recently used beyond max_bytes, and the source's statistics.
//
// Thread-safe (its own lock): the driver fills it on the HDF5 thread, a sync call on the
// JS thread reads it, and sourceStats reads its counters without the HDF5 lock.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace h5t {

struct SourceCacheSettings {
  uint64_t block_size = 64 * 1024;
  uint64_t max_bytes = 32 * 1024 * 1024;
  uint64_t read_ahead = 0;  // blocks fetched after the missing ones, with them
};

struct SourceStats {
  uint64_t requests = 0;       // source.read calls
  uint64_t bytes_fetched = 0;  // bytes they returned
  uint64_t cache_hits = 0;     // driver reads served from the cache alone
  uint64_t cache_misses = 0;   // driver reads that needed a source.read
};

class BlockCache {
 public:
  explicit BlockCache(SourceCacheSettings settings) : settings_(settings) {}

  // The blocks [first, last] that [offset, offset + length) needs and the cache lacks
  // (first > last when it has them all).
  struct Missing {
    uint64_t first = 1;
    uint64_t last = 0;
    bool none() const { return first > last; }
  };
  // Copies what the cache holds of [offset, offset + length) into out, and says what it lacks.
  Missing CopyCached(uint64_t offset, uint64_t length, uint8_t* out);
  // Keeps bytes fetched from offset (a block boundary) as blocks; the last may be short
  // (the file's end).
  void Insert(uint64_t offset, const uint8_t* bytes, uint64_t length);

  const SourceCacheSettings& settings() const { return settings_; }
  SourceStats stats() const;
  void CountRequest(uint64_t bytes);
  void CountRead(bool hit);
  uint64_t held_bytes() const;

 private:
  struct Block {
    std::vector<uint8_t> bytes;
    std::list<uint64_t>::iterator use;  // its place in lru_
  };

  const SourceCacheSettings settings_;
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, Block> blocks_;
  std::list<uint64_t> lru_;  // block indices, most recently used first
  uint64_t held_ = 0;
  SourceStats stats_;
};

}  // namespace h5t
