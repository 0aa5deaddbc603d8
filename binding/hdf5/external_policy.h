// Which other files an open file may reach: external links, external storage (raw data
// kept in other files) and virtual datasets whose sources are in other files.
//
// By default none: a file uploaded by a stranger must not read /etc/passwd or write into
// another HDF5 file. The caller may allow them, optionally only under named directories;
// even then every target must be a regular file (a FIFO or a device would stall or leak).
// Files opened from an image never reach other files.
//
// External links are checked by a callback installed once on HDF5's default link access
// list, so every traversal that passes H5P_DEFAULT (every call in the binding) is covered,
// including those inside H5Ocopy or a soft link. Storage is checked before a dataset is
// described or read (CheckDatasetStorage), from its creation property list.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace h5t {

struct ExternalPolicy {
  enum class Mode { Refuse, Allow, Image };
  Mode mode = Mode::Refuse;
  std::vector<std::string> directories;  // canonical (realpath) directories; empty: anywhere
};

// Keeps an open file's policy known while it is open (moved into the NativeFile).
class PolicyRegistration {
 public:
  PolicyRegistration() = default;
  PolicyRegistration(hid_t file, const std::string& open_name, const ExternalPolicy& policy);
  PolicyRegistration(const PolicyRegistration&) = delete;
  PolicyRegistration& operator=(const PolicyRegistration&) = delete;
  PolicyRegistration(PolicyRegistration&& other) noexcept;
  PolicyRegistration& operator=(PolicyRegistration&& other) noexcept;
  ~PolicyRegistration() { reset(); }
  void reset();

 private:
  uint64_t key_ = 0;
};

// Installs the external link check on HDF5's default link access list (once per
// process; call with the HDF5 lock held, before the first open).
void InstallExternalLinkCheck();

// Throws a Failure (ERR_HDF5) naming the node and the target when describing or reading
// `dataset` (reached through `path` in the open file `file`) would reach a file its
// policy refuses. describe_only: only what H5Dget_space already reaches (the sources of
// unlimited virtual mappings); everything else is checked before a read.
// create_list is the dataset's creation property list (H5Dget_create_plist), which the
// caller needs too.
void CheckDatasetStorage(hid_t file, hid_t dataset, hid_t create_list, const std::string& path, bool describe_only);

// Whether this thread's HDF5 error stack holds a refusal of an external link (so a
// failed open is an error to report, not a missing node).
bool ExternalRefusalPending();

// The function name refusals are pushed under on the HDF5 error stack: errors.cc makes
// such a frame's description the whole message.
extern const char* const kRefusalFrame;

}  // namespace h5t
