#include "hdf5/storage.h"

#include "hdf5/errors.h"
#include "hdf5/filters/filters.h"
#include "hdf5/spaces.h"

namespace h5t {
namespace {

// HDF5 keeps a chunk's size in 32 bits.
constexpr uint64_t kMaxChunkBytes = 0xFFFFFFFFu;

std::string Dim(const char* what, size_t i) { return std::string(what) + "[" + std::to_string(i) + "]"; }

// The fill value as one element of value's type: its dtype, its string size (each string
// no longer than that), and its array atom's shape (a scalar is repeated over it).
void FitFillValue(WriteValue& fill, const WriteValue& value) {
  if (fill.dtype != value.dtype) {
    ThrowInvalidArg(std::string("storage.fillValue.dtype is ") + DTypeName(fill.dtype) + ", but the value's is " +
                    DTypeName(value.dtype));
  }
  if (fill.null_space || !(fill.shape.empty() || fill.shape == value.atom_shape)) {
    ThrowInvalidArg("storage.fillValue.shape must be [] or the value's atomShape " + ShapeText(value.atom_shape) +
                    ", not " + (fill.null_space ? std::string("null") : ShapeText(fill.shape)));
  }
  size_t copies = 1;
  for (hsize_t dim : value.atom_shape) copies *= static_cast<size_t>(dim);
  if (fill.dtype == DType::String) {
    // Repacked at the value's size: each string's bytes up to its trailing NULs.
    const size_t from = fill.string.size, to = value.string.size;
    std::string packed;
    for (size_t i = 0; i < fill.element_count; i++) {
      std::string s = fill.packed_strings.substr(i * from, from);
      s.erase(s.find_last_not_of('\0') + 1);
      if (s.size() > to) {
        ThrowInvalidArg("storage.fillValue holds a string of " + std::to_string(s.size()) +
                        " bytes, longer than the value's itemsize (" + std::to_string(to) + ")");
      }
      s.resize(to, '\0');
      packed += s;
    }
    fill.string = value.string;
    fill.packed_strings.clear();
    for (size_t k = fill.shape.empty() ? copies : 1; k > 0; k--) fill.packed_strings += packed;
  } else if (fill.shape.empty() && copies != 1) {
    fill.OwnData();
    std::vector<uint8_t> one = fill.owned_numbers;
    fill.owned_numbers.clear();
    for (size_t k = 0; k < copies; k++) fill.owned_numbers.insert(fill.owned_numbers.end(), one.begin(), one.end());
  }
  fill.shape = value.atom_shape;
  fill.atom_shape = value.atom_shape;
  fill.element_count = copies;
}

}  // namespace

void CheckStorage(Storage& storage, const WriteValue& value) {
  CheckStorageLayout(storage, value.SpaceShape(), value.ElementBytes(), value.null_space);
  if (storage.fill_value) FitFillValue(*storage.fill_value, value);
}

void CheckStorageLayout(Storage& storage, const std::vector<hsize_t>& shape, size_t element_size, bool null_space) {
  if (null_space || shape.empty()) {
    ThrowInvalidArg("storage needs a value with at least one dimension (chunks cannot hold a scalar or NULL value)");
  }
  const size_t rank = shape.size();
  if (storage.chunkshape.size() != rank) {
    ThrowInvalidArg("storage.chunkshape has rank " + std::to_string(storage.chunkshape.size()) +
                    ", but the value's shape has rank " + std::to_string(rank));
  }
  if (!storage.has_maxshape) {
    storage.maxshape = shape;
    storage.has_maxshape = true;
  }
  if (storage.maxshape.size() != rank) {
    ThrowInvalidArg("storage.maxshape has rank " + std::to_string(storage.maxshape.size()) +
                    ", but the value's shape has rank " + std::to_string(rank));
  }
  for (size_t i = 0; i < rank; i++) {
    hsize_t max = storage.maxshape[i];
    if (max == H5S_UNLIMITED) continue;
    if (max < shape[i]) {
      ThrowInvalidArg(Dim("storage.maxshape", i) + " (" + std::to_string(max) + ") is smaller than the shape's (" +
                      std::to_string(shape[i]) + ")");
    }
    // HDF5's rule: a chunk may not exceed a fixed dimension's maximum (unless the
    // dimension is empty now).
    if (shape[i] > 0 && storage.chunkshape[i] > max) {
      ThrowInvalidArg(Dim("storage.chunkshape", i) + " (" + std::to_string(storage.chunkshape[i]) +
                      ") is larger than " + Dim("storage.maxshape", i) + " (" + std::to_string(max) +
                      "): give that dimension a larger maximum, or null for unlimited");
    }
  }
  uint64_t bytes = element_size > 0 ? element_size : 1;
  for (hsize_t dim : storage.chunkshape) {
    if (dim > kMaxChunkBytes / bytes) {
      ThrowInvalidArg("storage.chunkshape makes chunks larger than HDF5's limit of 4 GiB");
    }
    bytes *= dim;
  }
  if (storage.filters.size() > H5Z_MAX_NFILTERS) {
    ThrowInvalidArg("storage.filters has " + std::to_string(storage.filters.size()) + " filters; HDF5 allows " +
                    std::to_string(H5Z_MAX_NFILTERS));
  }
  // Checked here, not left to HDF5: it silently skips an optional filter it lacks.
  for (const FilterSpec& filter : storage.filters) {
    if (!FilterAvailable(filter.id)) ThrowInvalidArg(UnavailableFilterMessage(filter.id));
  }
}

Hid MakeStorageSpace(const Storage& storage, const std::vector<hsize_t>& shape) {
  return Hid(Check(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), storage.maxshape.data()),
                   "H5Screate_simple"));
}

Hid MakeCreateList(const Storage& storage) {
  Hid list(Check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate"));
  CheckErr(H5Pset_chunk(list.get(), static_cast<int>(storage.chunkshape.size()), storage.chunkshape.data()),
           "H5Pset_chunk");
  // H5Pset_filter for every filter: what H5Pset_deflate, H5Pset_shuffle and
  // H5Pset_fletcher32 do, with the caller's flags and values.
  for (const FilterSpec& filter : storage.filters) {
    unsigned flags = filter.optional ? H5Z_FLAG_OPTIONAL : H5Z_FLAG_MANDATORY;
    CheckErr(H5Pset_filter(list.get(), filter.id, flags, filter.cd_values.size(), filter.cd_values.data()),
             "H5Pset_filter");
  }
  if (storage.fill_value) {
    Hid owned_type;
    hid_t type = storage.fill_value->MemType(owned_type);
    CheckErr(H5Pset_fill_value(list.get(), type, storage.fill_value->bytes()), "H5Pset_fill_value");
  }
  return list;
}

std::vector<FilterSpec> ReadFilters(hid_t create_list) {
  int count = H5Pget_nfilters(create_list);
  if (count < 0) ThrowHdf5("H5Pget_nfilters");
  std::vector<FilterSpec> filters(static_cast<size_t>(count));
  for (int i = 0; i < count; i++) {
    FilterSpec& filter = filters[static_cast<size_t>(i)];
    unsigned flags = 0;
    char name[256] = {0};
    filter.cd_values.resize(16);
    for (;;) {
      size_t values = filter.cd_values.size();
      filter.id = H5Pget_filter2(create_list, static_cast<unsigned>(i), &flags, &values, filter.cd_values.data(),
                                 sizeof name, name, nullptr);
      if (filter.id < 0) ThrowHdf5("H5Pget_filter2");
      // values is how many the filter has: more than there was room for, ask again.
      if (values <= filter.cd_values.size()) {
        filter.cd_values.resize(values);
        break;
      }
      filter.cd_values.resize(values);
    }
    filter.optional = (flags & H5Z_FLAG_OPTIONAL) != 0;
    name[sizeof name - 1] = '\0';
    filter.name = name;
  }
  return filters;
}

}  // namespace h5t
