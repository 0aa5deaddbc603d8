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
constexpr H5Z_filter_t kFilterLzo = 305;     // PyTables; GPL, never included
constexpr H5Z_filter_t kFilterBzip2 = 307;   // PyTables
constexpr H5Z_filter_t kFilterLzf = 32000;   // h5py
constexpr H5Z_filter_t kFilterBlosc = 32001; // PyTables (hdf5-blosc)

// Registers every filter this build has and turns HDF5's plugin loading off, so no
// plugin directory is ever searched. Idempotent. Call with the HDF5 lock held.
void RegisterBuiltinFilters();

// Whether this build carries the filter (HDF5's own filters included).
bool FilterInBuild(H5Z_filter_t id);

// When an HDF5 error stack (lines "func(): description (major: minor)", outermost first)
// says a required filter is missing: the message naming it, e.g.
// "filter 'blosc' (32001) is not available in this build". Empty otherwise.
std::string MissingFilterMessage(const std::vector<std::string>& stack);

}  // namespace h5t
