// The process's one HDF5 thread: async work from every environment runs here, in order.
//
// HDF5 serialises its API behind one lock, so more threads would only wait; one thread
// also keeps HDF5 off libuv's pool, where queued work would starve fs, zlib and crypto.
#pragma once

#include <cstdint>
#include <functional>

namespace h5t {

// Identifies a posted job until it starts (never reused in a process).
using Hdf5JobId = std::uint64_t;

// Runs job on the HDF5 thread after every job posted before it.
Hdf5JobId PostToHdf5Thread(std::function<void()> job);

// Whether the calling thread is the HDF5 thread (the only one that may wait for a source).
bool OnHdf5Thread();

// Takes a job out of the queue if it has not started: true when it was removed (it will
// never run, and its function has been destroyed); false when it is running, has run,
// or was never posted.
bool CancelHdf5Job(Hdf5JobId id);

// Makes exit() wait for the job the HDF5 thread is running and start no other, so that
// HDF5's own atexit handler (which closes, and so flushes, every file still open) and
// the static destructors never run while that thread is inside HDF5 or our code. Call
// once HDF5 is initialised (atexit handlers run in reverse order of registration).
void StopHdf5ThreadAtExit();

}  // namespace h5t
