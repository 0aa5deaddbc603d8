// Opening and creating files: drivers, modes and file images (file access property lists).
// js/open_options.cc reads OpenOptions from JavaScript.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "hdf5/core_image.h"
#include "hdf5/external_policy.h"
#include "hdf5/file_guard.h"
#include "hdf5/hid.h"
#include "hdf5/range_driver.h"
#include "hdf5/read_limit.h"

namespace h5t {

// Range: a byte-range source (hdf5/range_driver.h), read-only.
enum class Driver { Sec2, Stdio, Core, Range };

struct OpenOptions {
  std::string name;
  bool create = false;
  bool writable = false;
  Driver driver = Driver::Sec2;
  size_t core_increment = 64 * 1024;
  bool core_backing_store = true;
  const uint8_t* image = nullptr;  // the image's bytes (in image_source, never the caller's)
  size_t image_size = 0;
  bool image_in_place = false;  // read-only open that uses the image without a copy
  CoreImageRef image_source;    // the image, taken from JavaScript (js/image_input.h)
  uint64_t max_read_bytes = kDefaultMaxReadBytes;
  ExternalPolicy external;             // which other files it may reach (Image for in-memory files)
  std::shared_ptr<SourceFile> source;  // Driver::Range: the source and its cache
};

struct OpenedFile {
  Hid id;
  CoreImageRef core_image;  // set when h5tables manages the CORE driver's memory
  uint64_t max_read_bytes = kDefaultMaxReadBytes;
  PolicyRegistration policy;           // its ExternalPolicy, known while it is open
  FileGuard guard;                     // the disk file's registration (and save, for CORE with a backing store)
  std::shared_ptr<SourceFile> source;  // Driver::Range
};

// Opens or creates the file; the returned id is the file's only owner.
OpenedFile OpenFile(const OpenOptions& options);

}  // namespace h5t
