// createDataset's `storage` argument (lib/native.ts NativeStorage) read into hdf5/'s
// Storage, and a pipeline (NativeFilter[]) turned back into JavaScript.
#pragma once

#include <napi.h>

#include <optional>
#include <vector>

#include "hdf5/storage.h"

namespace h5t {

// undefined: none (a contiguous dataset). Checks the argument's form only (types,
// integer ranges, fillValue a NativeWriteValue); CheckStorage checks it against the value.
// records: the storage of a compound dataset, whose fillValue (NativeRecords) the caller
// reads itself (records.h ParseRecordsFill); it is left out of the Storage.
std::optional<Storage> ParseStorage(const Napi::Value& value, bool records = false);

// NativeFilter[]: {id, cdValues, optional, name} each.
Napi::Array FiltersToJs(Napi::Env env, const std::vector<FilterSpec>& filters);
// maxshape: a number per dimension, null for H5S_UNLIMITED.
Napi::Array MaxShapeToJs(Napi::Env env, const std::vector<hsize_t>& maxshape);

}  // namespace h5t
