// Returning memory freed by files that garbage collection closed to the system.
#pragma once

namespace h5t {

// Called after GC closed a file its owner dropped without close(). Each open file holds
// about half a MiB inside HDF5; a server that drops files has hundreds waiting for GC at
// once, and glibc keeps what they free (inside its heaps, not at their top) instead of
// giving it back, so RSS climbs in steps (bench/soak.js: 6-8 MiB per 10,000 dropped files).
// Every kFilesPerTrim (16) such closes, malloc_trim(0) hands those free pages back. Files closed
// with close() never pay for it. No-op where the C library has no malloc_trim.
void NoteFileClosedByGc();

}  // namespace h5t
