// The compression filters compiled into the addon (blosc, bzip2, lzf), registered with
// HDF5 when the addon loads, and the message for a filter a file needs but this build
// lacks. libhdf5 only, no napi. Which filters a build has is decided by
// cmake/BundledCodecs.cmake (H5T_HAVE_BLOSC, H5T_HAVE_BZIP2, H5T_HAVE_LZF).
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace h5t {

// The filter ids PyTables and h5py write (and the ones h5tables names in errors).
constexpr H5Z_filter_t kFilterLzo = 305;      // PyTables; GPL, never included
constexpr H5Z_filter_t kFilterBzip2 = 307;    // PyTables
constexpr H5Z_filter_t kFilterLzf = 32000;    // h5py
constexpr H5Z_filter_t kFilterBlosc = 32001;  // PyTables (hdf5-blosc)

// Registers every filter this build has and turns HDF5's plugin loading off, so no
// plugin directory is ever searched. Idempotent. Call with the HDF5 lock held.
void RegisterBuiltinFilters();

// The filters this build can both write and read, ascending: HDF5's own (1 to 255) and
// the ones registered above whose encoder and decoder H5Zget_filter_info reports. Set by
// RegisterBuiltinFilters and never changed after, so any thread may read it without the
// lock once the addon has loaded.
const std::vector<H5Z_filter_t>& AvailableFilters();
bool FilterAvailable(H5Z_filter_t id);

// "filter 'blosc' (32001) is not available in this build" (the naming of
// FilterErrorMessage), for a filter a new dataset asks for and this build lacks.
std::string UnavailableFilterMessage(H5Z_filter_t id);

// The message for a failed HDF5 call (what, e.g. "H5Dread") whose error stack (lines
// "func(): description (major: minor)", outermost first) shows a filter at fault, or ""
// when none is:
// - a required filter missing: "filter 'blosc' (32001) is not available in this build";
// - a codec that failed on a chunk (HDF5 1.14 drops errors pushed inside filters, so the
//   codec leaves its words with this thread): "H5Dread failed: blosc: corrupt chunk ...".
// Call it on the thread the call failed on, right after the failure.
std::string FilterErrorMessage(const std::string& what, const std::vector<std::string>& stack);

}  // namespace h5t
