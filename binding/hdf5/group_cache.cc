#include "hdf5/group_cache.h"

#include <atomic>

namespace h5t {
namespace {

std::atomic<uint64_t> components_resolved{0};

// The key of an absolute path: "/" + its components joined by "/", without empty ones
// ('//', a trailing '/') as HDF5 skips them; false when a component is "." (such paths
// are left to HDF5 unchanged). One pass, no allocation per component: paths of deep
// trees are long, and every operation passes one.
bool Normalize(const std::string& path, std::string* key) {
  // Almost every path is normal already (lib/ normalises them): one scan says so.
  size_t n = path.size();
  bool normal = n > 1 && path[0] == '/' && path[n - 1] != '/';
  for (size_t i = 0; normal && i + 1 < n; i++) {
    if (path[i] != '/') continue;
    char next = path[i + 1];
    if (next == '/' || (next == '.' && (i + 2 == n || path[i + 2] == '/'))) normal = false;
  }
  if (normal) {
    *key = path;
    return true;
  }
  key->clear();
  key->reserve(path.size());
  size_t position = 0;
  while (position < path.size()) {
    size_t end = path.find('/', position);
    if (end == std::string::npos) end = path.size();
    if (end > position) {
      if (end - position == 1 && path[position] == '.') return false;
      key->push_back('/');
      key->append(path, position, end - position);
    }
    position = end + 1;
  }
  return true;
}

uint64_t CountComponents(const std::string& relative) {
  uint64_t count = 0;
  bool in_name = false;
  for (char c : relative) {
    if (c == '/') {
      in_name = false;
    } else if (!in_name) {
      in_name = true;
      count++;
    }
  }
  return count;
}

PathLocation Unresolved(hid_t file, const std::string& path) {
  PathLocation location;
  location.loc = file;
  location.name = path;
  components_resolved += CountComponents(path);
  return location;
}

}  // namespace

uint64_t GroupCache::ComponentsResolved() { return components_resolved.load(); }

void GroupCache::Attach(hid_t file) {
  Drop();
  file_ = file;
}

void GroupCache::Clear() {
  Drop();
  file_ = H5I_INVALID_HID;
}

void GroupCache::Drop() {
  by_key_.clear();
  lru_.clear();  // closes the groups
}

hid_t GroupCache::Lookup(const std::string& key) {
  auto found = by_key_.find(key);
  if (found == by_key_.end()) return H5I_INVALID_HID;
  lru_.splice(lru_.begin(), lru_, found->second);
  return found->second->group.get();
}

void GroupCache::Insert(const std::string& key, Hid group) {
  auto found = by_key_.find(key);
  if (found != by_key_.end()) {
    found->second->group = std::move(group);
    lru_.splice(lru_.begin(), lru_, found->second);
    return;
  }
  lru_.push_front({key, std::move(group)});
  by_key_[key] = lru_.begin();
  while (lru_.size() > kCapacity) {
    by_key_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

// A group reached through an external link lives in another file: it is not cached, so
// every path through that link goes to HDF5 (and its external link check) again.
bool GroupCache::InThisFile(hid_t group) const {
  hid_t owner = H5Iget_file_id(group);
  if (owner < 0) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  Hid owned(owner);
  return owner == file_;
}

void GroupCache::Add(const std::string& path, hid_t group) {
  if (file_ < 0 || group < 0) return;
  std::string key;
  if (!Normalize(path, &key) || key.empty()) return;
  if (!InThisFile(group)) return;
  if (H5Iinc_ref(group) < 0) return;
  Insert(key, Hid(group));
}

PathLocation GroupCache::Parent(const std::string& path) {
  std::string key;
  if (file_ < 0 || !Normalize(path, &key) || key.empty()) return Unresolved(file_, path);
  // key[0, ends) is the deepest cached ancestor of the last component (ends = 0: the root).
  size_t last = key.rfind('/');  // where the last component's "/" is
  size_t ends = last;
  hid_t current = file_;
  while (ends > 0) {
    hid_t cached = Lookup(key.substr(0, ends));
    if (cached >= 0) {
      current = cached;
      break;
    }
    ends = key.rfind('/', ends - 1);
  }
  Hid hold;
  if (current != file_ && H5Iinc_ref(current) >= 0) hold = Hid(current);
  // Open and cache the groups below it, one component at a time.
  while (ends < last) {
    size_t next = key.find('/', ends + 1);
    std::string name = key.substr(ends + 1, next - ends - 1);
    components_resolved++;
    hid_t opened = H5Gopen2(current, name.c_str(), H5P_DEFAULT);
    if (opened < 0) {
      H5Eclear2(H5E_DEFAULT);
      break;  // HDF5 resolves the rest itself, with its own errors
    }
    Hid group(opened);
    if (!InThisFile(opened)) break;
    if (H5Iinc_ref(opened) < 0) break;
    Insert(key.substr(0, next), Hid(opened));
    hold = std::move(group);
    current = opened;
    ends = next;
  }
  PathLocation location;
  location.loc = current;
  location.name = key.substr(ends + 1);
  components_resolved += CountComponents(location.name);
  location.hold = std::move(hold);
  return location;
}

PathLocation GroupCache::Object(const std::string& path) {
  std::string key;
  if (file_ >= 0 && Normalize(path, &key) && !key.empty()) {
    hid_t cached = Lookup(key);
    if (cached >= 0 && H5Iinc_ref(cached) >= 0) {
      PathLocation location;
      location.loc = cached;
      location.name = ".";
      location.hold = Hid(cached);
      return location;
    }
  }
  return Parent(path);
}

}  // namespace h5t
