#include "dataset_cache.h"

#include "errors.h"
#include "external_policy.h"
#include "value.h"

namespace h5t {

DatasetCache::Entry& DatasetCache::Get(hid_t file, const std::string& path) {
  auto found = entries_.find(path);
  if (found != entries_.end()) return found->second;
  Entry entry;
  entry.dataset = Hid(Check(H5Dopen2(file, path.c_str(), H5P_DEFAULT), "H5Dopen2"));
  CheckDatasetStorage(file, entry.dataset.get(), path, false);  // before anything reaches its storage
  entry.type = Hid(Check(H5Dget_type(entry.dataset.get()), "H5Dget_type"));
  entry.space = Hid(Check(H5Dget_space(entry.dataset.get()), "H5Dget_space"));
  entry.has_space = SpaceShape(entry.space.get(), &entry.shape);
  // A small bound keeps few objects open; starting over is as good as LRU for the
  // common patterns (one hot dataset, or a sweep over many).
  if (entries_.size() >= kMaxEntries) entries_.clear();
  return entries_.emplace(path, std::move(entry)).first->second;
}

}  // namespace h5t
