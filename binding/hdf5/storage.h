// How a dataset is stored: a chunked layout, its maximum extent and its filter pipeline,
// turned into a dataset creation property list, and read back from one.
#pragma once

#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/hid.h"
#include "hdf5/values.h"

namespace h5t {

// One filter of a pipeline, in HDF5's terms (H5Pset_filter / H5Pget_filter2).
struct FilterSpec {
  H5Z_filter_t id = H5Z_FILTER_NONE;
  std::vector<unsigned> cd_values;
  bool optional = false;  // H5Z_FLAG_OPTIONAL
  std::string name;       // reported only: the name the pipeline records
};

// lib/native.ts's NativeStorage. maxshape entries are H5S_UNLIMITED for null; without
// one (has_maxshape false) it is the shape.
struct Storage {
  std::vector<hsize_t> chunkshape;
  bool has_maxshape = false;
  std::vector<hsize_t> maxshape;
  std::vector<FilterSpec> filters;
  // H5Pset_fill_value's: one element of the value's dtype, scalar or of its array atom's
  // shape. CheckStorage gives it the value's exact form (string size, atom shape).
  std::optional<WriteValue> fill_value;
};

// Checks storage against the value it will hold (its dataspace's shape, element size,
// dtype and atom) and against what this build has, fills in maxshape when it was not
// given, and fits the fill value to the value's element (a scalar repeated over an array
// atom, strings at the value's size). Every problem is an InvalidArg Failure naming the
// argument. HDF5 is not called: it runs on the JS thread without the lock.
void CheckStorage(Storage& storage, const WriteValue& value);
// CheckStorage's checks of the layout alone (not the fill value), for a dataspace of
// shape (null_space: NULL) whose elements have element_size bytes.
void CheckStorageLayout(Storage& storage, const std::vector<hsize_t>& shape, size_t element_size, bool null_space);

// The dataspace (shape with storage's maxshape) and the creation property list (chunks,
// filters in order, fill value) of a new dataset. storage must have passed CheckStorage.
Hid MakeStorageSpace(const Storage& storage, const std::vector<hsize_t>& shape);
Hid MakeCreateList(const Storage& storage);

// A dataset's pipeline, in order, from its creation property list.
std::vector<FilterSpec> ReadFilters(hid_t create_list);

}  // namespace h5t
