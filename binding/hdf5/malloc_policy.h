// glibc malloc settings for a process that reads many results over time.
//
// glibc gives the top of its main heap back to the system whenever it exceeds the trim
// threshold, and moves that threshold (and the mmap threshold) as large blocks are freed.
// Read results are V8 buffers freed in bulk at GC: once earlier work has left the heap
// in the wrong shape (W3's many small objects, then W4's 8 KB results: bench, long-lived
// column), each GC trims tens of MiB and the next reads fault them back in, page by page
// (W4: ~1,100 -> ~15,000 page faults per 10,000 reads, 2.5x slower). Fixed thresholds
// keep a long-lived process as fast as a fresh one: the trim threshold at 128 MiB (one
// W4-sized churn between GCs) and the mmap threshold at 32 MiB (glibc's own dynamic
// maximum, which a warm process reaches anyway). malloc_trim() (heap_trim.h) still returns
// free memory explicitly.
#pragma once

namespace h5t {

// Once per process, at load. Skipped when the user set glibc's malloc tunables or
// H5TABLES_MALLOC_DEFAULTS=1, and off glibc.
void ApplyMallocPolicy();

}  // namespace h5t
