// The process's one HDF5 thread: async work from every environment runs here, in order.
//
// HDF5 serialises its API behind one lock, so more threads would only wait; one thread
// also keeps HDF5 off libuv's pool, where queued work would starve fs, zlib and crypto.
#pragma once

#include <functional>

namespace h5t {

// Runs job on the HDF5 thread after every job posted before it.
void PostToHdf5Thread(std::function<void()> job);

}  // namespace h5t
