// Writing into an existing dataset: its elements (whole or a hyperslab), its extent, and
// appends along one axis. Each checks its arguments against the dataset before HDF5 sees
// them (InvalidArg, nothing changed); HDF5 converts the value's type to the stored one.
// The caller tells the file's DatasetTable that an extent changed (ExtentsChanged).
#pragma once

#include <hdf5.h>

#include <functional>
#include <vector>

#include "hdf5/dataset.h"
#include "hdf5/spaces.h"
#include "hdf5/values.h"

namespace h5t {

// H5Dwrite of value over the whole dataset (selection null) or the hyperslab: value.shape
// must be the selection's counts (the dataset's shape), an array atom's dimensions last.
void WriteDataset(Dataset& dataset, const WriteValue& value, const Selection* selection);

// H5Dset_extent: shape has the dataset's rank and lies within its maxshape; a change
// needs a chunked layout. Shrinking drops the elements beyond.
void SetExtent(Dataset& dataset, const std::vector<hsize_t>& shape);

// Grows dimension axis by value.shape[axis] and writes value there (its other dimensions
// are the dataset's); when the write fails, the extent is set back before the Failure
// is rethrown. Returns the new shape (the old one when value.shape[axis] is 0).
std::vector<hsize_t> AppendDataset(Dataset& dataset, const WriteValue& value, size_t axis);

// The growth of an append, for any writer: grows dimension axis by value_shape[axis]
// (value_shape: the appended part's dataspace shape, checked by the caller to match the
// dataset's other dimensions), calls write with the new part's hyperslab, and sets the
// extent back when it throws. Returns the new shape (the old one when nothing is added).
std::vector<hsize_t> GrowAndWrite(Dataset& dataset, const std::vector<hsize_t>& value_shape, size_t axis,
                                  const std::function<void(const Selection&)>& write);

}  // namespace h5t
