// The groups one file keeps open so that an operation on a path resolves it from its
// parent group, not from the root: HDF5 looks each component of a path up in turn, so a
// full path costs depth lookups and walking or building a deep tree cost depth^2.
//
// A bounded LRU of groups keyed by normalised absolute path. Resolving a path finds the
// deepest cached ancestor of its last component, opens (and caches) the groups below it
// one component at a time, and hands HDF5 only what is left: normally the last name.
// A component that cannot be opened as a group of this file (missing, not a group, a
// dangling soft link, a group in another file reached through an external link) is left
// to HDF5 with the rest of the path, so every error and every external link check is
// HDF5's own, as when the whole path was given from the root. "." components and the
// root path itself go to HDF5 unchanged.
//
// Any change to links (delete, move) drops the whole cache: with soft and hard links a
// path below any other path may name the changed link. Closed (Clear) before the file
// id closes. Used only under the HDF5 lock.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

#include "hdf5/hid.h"

namespace h5t {

// Where HDF5 should look a path up: loc (a cached group, or the file) and name, relative
// to it. hold keeps a cached group open for the call even if the cache evicts it.
struct PathLocation {
  hid_t loc = H5I_INVALID_HID;
  std::string name;
  Hid hold;
  const char* c_name() const { return name.c_str(); }
};

class GroupCache {
 public:
  static constexpr size_t kCapacity = 1024;

  void Attach(hid_t file);
  // Closes every cached group (before the file closes); Attach again to reuse.
  void Clear();
  // Links changed: a cached path may now name another group or none.
  void Invalidate() { Drop(); }
  hid_t file() const { return file_; }

  // The location of the last component of an absolute path; for "/", (file, "/").
  PathLocation Parent(const std::string& path);
  // The object at path itself: a cached group as (group, "."), else Parent(path).
  PathLocation Object(const std::string& path);
  // Caches a group just opened or created at path (a new reference; the caller keeps its own).
  void Add(const std::string& path, hid_t group);

  // Path components handed to HDF5 by every cache in the process (tests only).
  static uint64_t ComponentsResolved();

 private:
  struct Entry {
    std::string key;
    Hid group;
  };
  void Drop();
  hid_t Lookup(const std::string& key);  // refreshes it; H5I_INVALID_HID on a miss
  void Insert(const std::string& key, Hid group);
  bool InThisFile(hid_t group) const;

  hid_t file_ = H5I_INVALID_HID;  // not owned
  unsigned long fileno_ = 0;
  bool fileno_known_ = false;
  std::list<Entry> lru_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
};

}  // namespace h5t
