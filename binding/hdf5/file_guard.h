// Nothing lost on disk: a 'w' open never truncates a file open elsewhere, and a writable
// CORE file with a backing store is saved by h5tables through a temporary file and a rename.
//
// All workers of a process share one addon and one libhdf5, while lib/'s "already opened"
// check is per realm, and HDF5 itself truncates before it finds the file locked (or open
// under another driver). So the process keeps one registry of the disk files it has open,
// by device and inode, and a truncating create first asks it, then probes other processes
// with a non-blocking exclusive flock (the lock HDF5 1.10.7+ and 1.14 take on files they
// open), and refuses with an error naming the file. Refusing is the right answer, not
// creating into a temporary file and renaming it over: the holders would keep writing to
// the old inode, now nameless, and lose their work at close.
//
// HDF5's CORE driver writes its backing store in place at flush and close, so a crash (or a
// full disk) in the middle leaves a truncated file where a good one was. Instead the file
// is kept in memory (no HDF5 backing store) and each flush and the close write its image
// to `<name>.<random>.tmp` in the same directory, fsync it and rename it over `<name>`,
// only when the image changed since the last save. The disk file is held meanwhile with
// the exclusive flock HDF5 would have held (unless HDF5_USE_FILE_LOCKING is FALSE). At
// process exit (which runs no cleanup hook for the main thread) files still open are saved
// first, as HDF5's own atexit handler would have flushed its backing store.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hdf5/errors.h"

namespace h5t {

struct OpenOptions;

class FileGuard {
 public:
  FileGuard();
  FileGuard(FileGuard&& other) noexcept;
  FileGuard& operator=(FileGuard&& other) noexcept;
  FileGuard(const FileGuard&) = delete;
  FileGuard& operator=(const FileGuard&) = delete;
  ~FileGuard();

  // Before the open: refuses a truncating create of a file open elsewhere. Returns the
  // options to open with (for a writable CORE file with a backing store: in memory only,
  // with the disk file loaded as its image); valid as long as this guard.
  const OpenOptions& Prepare(const OpenOptions& requested);
  // After a successful open: registers the disk file as open in this process; a CORE file
  // just created is saved at once (the disk file exists from the open on).
  void Opened(hid_t file);
  // After H5Fflush: a CORE file with a backing store writes its image if it changed.
  void Save(hid_t file);
  // Before H5Fclose: flushes and saves; a failure is returned, so the close still happens.
  std::optional<Failure> SaveAtClose(hid_t file) noexcept;
  // After H5Fclose: unregisters the file and lets go of the disk file.
  void Release() noexcept;

  struct Saving;  // the save state of a CORE file with a backing store (stable address)

 private:
  void Register(int fd_or_minus1, const std::string& name, bool replaced);
  void Unregister() noexcept;

  std::unique_ptr<OpenOptions> effective_;
  std::vector<uint8_t> loaded_;     // the disk file's bytes, the image of a CORE open
  std::unique_ptr<Saving> saving_;  // null unless this file is saved by h5tables
  uint64_t token_ = 0;              // this file's registry entry (0: none)
};

}  // namespace h5t
