#include "hdf5/block_cache.h"

#include <algorithm>
#include <cstring>

namespace h5t {

BlockCache::Missing BlockCache::CopyCached(uint64_t offset, uint64_t length, uint8_t* out) {
  Missing missing;
  if (length == 0) return missing;
  const uint64_t size = settings_.block_size;
  const uint64_t end = offset + length;
  std::lock_guard<std::mutex> lock(mutex_);
  for (uint64_t index = offset / size; index * size < end; index++) {
    auto found = blocks_.find(index);
    const uint64_t start = index * size;
    const uint64_t from = std::max(offset, start);
    const uint64_t to = std::min(end, start + size);
    if (found == blocks_.end() || found->second.bytes.size() < to - start) {
      if (missing.none()) missing.first = index;
      missing.last = index;
      continue;
    }
    Block& block = found->second;
    std::memcpy(out + (from - offset), block.bytes.data() + (from - start), to - from);
    lru_.splice(lru_.begin(), lru_, block.use);
  }
  return missing;
}

void BlockCache::Insert(uint64_t offset, const uint8_t* bytes, uint64_t length) {
  const uint64_t size = settings_.block_size;
  std::lock_guard<std::mutex> lock(mutex_);
  for (uint64_t done = 0; done < length; done += size) {
    uint64_t index = (offset + done) / size;
    uint64_t n = std::min(size, length - done);
    auto found = blocks_.find(index);
    if (found != blocks_.end()) {
      held_ -= found->second.bytes.size();
      lru_.erase(found->second.use);
      blocks_.erase(found);
    }
    lru_.push_front(index);
    Block& block = blocks_[index];
    block.bytes.assign(bytes + done, bytes + done + n);
    block.use = lru_.begin();
    held_ += n;
  }
  // Least recently used first out; what was just fetched goes last (it is at the front).
  while (held_ > settings_.max_bytes && !lru_.empty()) {
    auto victim = blocks_.find(lru_.back());
    held_ -= victim->second.bytes.size();
    blocks_.erase(victim);
    lru_.pop_back();
  }
}

SourceStats BlockCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void BlockCache::CountRequest(uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  stats_.requests++;
  stats_.bytes_fetched += bytes;
}

void BlockCache::CountRead(bool hit) {
  std::lock_guard<std::mutex> lock(mutex_);
  (hit ? stats_.cache_hits : stats_.cache_misses)++;
}

uint64_t BlockCache::held_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return held_;
}

}  // namespace h5t
