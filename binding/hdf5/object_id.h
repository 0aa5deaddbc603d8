// Object identity: which HDF5 object a link leads to, so that walking a tree can tell a
// group seen before (a hard link to an ancestor makes a cycle) from a new one.
#pragma once

#include <hdf5.h>

#include <string>

namespace h5t {

// "<fileno>:<address or token in hex>": equal for every hard link to one object of one
// open file, different for different objects.
std::string ObjectId(hid_t loc, const char* name);

}  // namespace h5t
