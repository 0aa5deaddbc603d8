// Dataspaces and selections: shapes, hyperslabs and the checks a selection passes
// before HDF5 sees it.
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

#include "hdf5/hid.h"

namespace h5t {

// The dimensions of a dataspace; false for a NULL dataspace.
bool SpaceShape(hid_t space, std::vector<hsize_t>* shape);

// A new dataspace: NULL, scalar (shape empty) or simple.
Hid MakeSpace(bool null_space, const std::vector<hsize_t>& shape);

// A shape as messages show it: [2, 3].
std::string ShapeText(const std::vector<hsize_t>& shape);

// A hyperslab: one entry per dimension of the dataspace; count is the number taken.
struct Selection {
  std::vector<hsize_t> start, count, step;
};

// Throws InvalidArg unless selection has the rank of shape (not a NULL or scalar space)
// and every element it takes lies inside shape. Returns whether it takes no element.
bool CheckSelection(const Selection& selection, const std::vector<hsize_t>& shape, bool has_space);

}  // namespace h5t
