// Datasets: create with data, describe, read whole or by hyperslab.
#pragma once

#include <hdf5.h>
#include <napi.h>

#include <string>
#include <vector>

#include "hdf5/attributes.h"
#include "hdf5/dataset_table.h"
#include "hdf5/values.h"

namespace h5t {

// Creates a contiguous dataset holding value, with its attributes; on any failure the
// node is removed again.
void CreateDataset(hid_t file, const std::string& path, const WriteValue& value, const AttributeList& attributes);

// {dtype, shape, itemsize, byteorder, chunkshape} as lib/native.ts declares.
Napi::Object GetDatasetInfo(Napi::Env env, hid_t file, const std::string& path);

struct Selection {
  std::vector<hsize_t> start, count, step;
};
Selection ParseSelection(const Napi::Value& value);

// Reads the whole dataset (selection null) or a hyperslab of it. Needs no JS: it runs on
// the JS thread or the HDF5 thread alike. Nothing is allocated beyond limit.
ReadResult ReadDataset(DatasetCache& cache, hid_t file, const std::string& path, const Selection* selection,
                       ReadBuffer& buffer, const ReadLimit& limit);

}  // namespace h5t
