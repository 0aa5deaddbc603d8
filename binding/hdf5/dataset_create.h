// Creating a dataset: its layout (contiguous, or chunked as storage.h describes), type and
// space, its data and attributes.
#pragma once

#include <hdf5.h>

#include <functional>
#include <string>
#include <vector>

#include "hdf5/attributes.h"
#include "hdf5/group_cache.h"
#include "hdf5/storage.h"
#include "hdf5/values.h"

namespace h5t {

// Creates a dataset holding value, with its attributes: contiguous when storage is null,
// else chunked, extendible and filtered as it says (it must have passed CheckStorage). On
// any failure the node is removed again. A link already at path is an ERR_EXISTS Failure.
void CreateDataset(GroupCache& groups, const std::string& path, const WriteValue& value,
                   const AttributeList& attributes, const Storage* storage = nullptr);

// The general form (records use it): a dataset of file_type over a space of shape (or
// NULL); customize (may be empty) adjusts the creation list (made whenever storage is
// given or customize is set), write writes the data into the new dataset.
struct NewDataset {
  hid_t file_type = H5I_INVALID_HID;
  std::vector<hsize_t> shape;
  bool null_space = false;
  std::function<void(hid_t create_list)> customize;
  std::function<void(hid_t dataset)> write;
};
void CreateDataset(GroupCache& groups, const std::string& path, const NewDataset& spec, const AttributeList& attributes,
                   const Storage* storage);

}  // namespace h5t
