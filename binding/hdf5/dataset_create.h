// Creating a dataset: its layout (contiguous, or chunked as storage.h describes), type and
// space, its data and attributes.
#pragma once

#include <hdf5.h>

#include <string>

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

}  // namespace h5t
