#include "hdf5/dataset.h"

#include <algorithm>
#include <cmath>

#include "hdf5/attributes.h"
#include "hdf5/errors.h"
#include "hdf5/external_policy.h"


namespace h5t {

void CreateDataset(hid_t file, const std::string& path, const WriteValue& value, const AttributeList& attributes) {
  Hid space = value.MakeSpace();
  Hid file_type = value.MakeFileType();
  // Contiguous layout and no fill: the data written right after covers every element.
  Hid dataset(Check(H5Dcreate2(file, path.c_str(), file_type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT,
                               H5P_DEFAULT),
                    "H5Dcreate2"));
  try {
    if (value.element_count > 0) {
      Hid owned_mem_type;
      hid_t mem_type = value.MemType(owned_mem_type);
      CheckErr(H5Dwrite(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, value.bytes()), "H5Dwrite");
    }
    WriteNewAttributes(dataset.get(), attributes);
  } catch (...) {
    // Leave no half-made node behind (the error stack was captured already).
    dataset.reset();
    H5Ldelete(file, path.c_str(), H5P_DEFAULT);
    throw;
  }
}

Napi::Object GetDatasetInfo(Napi::Env env, hid_t file, const std::string& path) {
  Hid dataset(Check(H5Dopen2(file, path.c_str(), H5P_DEFAULT), "H5Dopen2"));
  Hid create_list(Check(H5Dget_create_plist(dataset.get()), "H5Dget_create_plist"));
  // Before H5Dget_space, which may open virtual sources.
  CheckDatasetStorage(file, dataset.get(), create_list.get(), path, true);
  Hid type(Check(H5Dget_type(dataset.get()), "H5Dget_type"));
  Hid space(Check(H5Dget_space(dataset.get()), "H5Dget_space"));

  std::optional<TypeInfo> info = Classify(type.get());
  std::vector<hsize_t> shape;
  SpaceShape(space.get(), &shape);  // a NULL dataspace reads as shape []

  Napi::Object result = Napi::Object::New(env);
  result.Set("dtype", info ? Napi::Value(Napi::String::New(env, DTypeName(info->dtype))) : env.Null());
  result.Set("shape", ShapeToJs(env, shape));
  size_t itemsize = info && info->dtype == DType::String ? info->string.size : H5Tget_size(type.get());
  result.Set("itemsize", Napi::Number::New(env, static_cast<double>(itemsize)));
  const char* order = "irrelevant";
  if (info && info->order == H5T_ORDER_LE) order = "little";
  if (info && info->order == H5T_ORDER_BE) order = "big";
  result.Set("byteorder", Napi::String::New(env, order));

  if (H5Pget_layout(create_list.get()) == H5D_CHUNKED) {
    std::vector<hsize_t> chunk(H5S_MAX_RANK);
    int rank = H5Pget_chunk(create_list.get(), H5S_MAX_RANK, chunk.data());
    if (rank < 0) ThrowHdf5("H5Pget_chunk");
    chunk.resize(static_cast<size_t>(rank));
    result.Set("chunkshape", ShapeToJs(env, chunk));
  } else {
    result.Set("chunkshape", env.Null());
  }
  return result;
}

namespace {

std::vector<hsize_t> ParseCounts(const Napi::Object& spec, const char* key, double minimum) {
  std::string name = std::string("selection.") + key;
  return ParseIntegers(spec.Get(key), minimum, name + " must be an array of integers",
                       name + " must be an array of integers >= " + std::to_string(static_cast<int>(minimum)));
}

// HDF5 keeps a record for every chunk a read touches (about 3.7 KiB each for a whole
// read on 1.14.5, and 17 us): a 1.6 KB file can declare 2^30 chunks of one byte.
constexpr uint64_t kChunkOverheadBytes = 4096;

// The chunks that a selection (null: everything) touches, at most.
uint64_t ChunksTouched(const DatasetCache::Entry& entry, const Selection* selection) {
  uint64_t chunks = 1;
  for (size_t i = 0; i < entry.chunk.size() && i < entry.shape.size(); i++) {
    hsize_t chunk = entry.chunk[i] > 0 ? entry.chunk[i] : 1;
    uint64_t touched;
    if (!selection) {
      touched = entry.shape[i] / chunk + (entry.shape[i] % chunk != 0);
    } else {
      hsize_t count = selection->count[i];
      if (count == 0) return 0;
      // The last element lies inside the extent (checked by the caller), so no overflow.
      hsize_t first = selection->start[i] / chunk;
      hsize_t last = (selection->start[i] + (count - 1) * selection->step[i]) / chunk;
      touched = std::min<uint64_t>(last - first + 1, count);
    }
    if (!MulFits(chunks, touched, &chunks)) chunks = UINT64_MAX;
  }
  return chunks;
}

void CheckChunks(const DatasetCache::Entry& entry, const Selection* selection, const std::string& path,
                 const ReadLimit& limit) {
  if (entry.chunk.empty() || !entry.has_space) return;
  uint64_t chunks = ChunksTouched(entry, selection);
  uint64_t bytes = 0;
  if (!MulFits(chunks, kChunkOverheadBytes, &bytes) || bytes > limit.max_read_bytes) {
    throw Failure(FailureKind::TooLarge, "reading " + path + " touches " + std::to_string(chunks) +
                                             " chunks, and HDF5 needs about " + std::to_string(kChunkOverheadBytes) +
                                             " bytes for each: more than maxReadBytes (" +
                                             std::to_string(limit.max_read_bytes) +
                                             "): read it in slices or open the file with a larger maxReadBytes");
  }
}

}  // namespace

Selection ParseSelection(const Napi::Value& value) {
  if (!value.IsObject()) ThrowInvalidArg("selection must be an object {start, count, step}");
  Napi::Object spec = value.As<Napi::Object>();
  Selection selection{ParseCounts(spec, "start", 0), ParseCounts(spec, "count", 0), ParseCounts(spec, "step", 1)};
  if (selection.count.size() != selection.start.size() || selection.step.size() != selection.start.size()) {
    ThrowInvalidArg("selection.start, count and step must have the same length");
  }
  return selection;
}

ReadResult ReadDataset(DatasetCache& cache, hid_t file, const std::string& path, const Selection* selection,
                       ReadBuffer& buffer, const ReadLimit& limit) {
  DatasetCache::Entry& entry = cache.Get(file, path);
  hid_t dataset = entry.dataset.get();
  hid_t type = entry.type.get();
  hid_t file_space = entry.space.get();
  const std::vector<hsize_t>& shape = entry.shape;
  bool has_space = entry.has_space;
  if (!selection) {
    CheckReadable(type, has_space ? &shape : nullptr, limit, path);
    CheckChunks(entry, nullptr, path, limit);
    ReadSource source{dataset, false, H5S_ALL, H5S_ALL};
    return ReadValue(source, type, has_space ? &shape : nullptr, buffer, limit, path);
  }

  if (!has_space || selection->start.size() != shape.size() || shape.empty()) {
    ThrowInvalidArg("selection rank " + std::to_string(selection->start.size()) + " does not match dataset rank " +
                    std::to_string(shape.size()));
  }
  bool empty = false;
  for (size_t i = 0; i < shape.size(); i++) {
    const hsize_t count = selection->count[i];
    if (count == 0) {
      empty = true;
      continue;
    }
    // The last element taken must lie inside the extent (computed without overflow).
    if (selection->start[i] >= shape[i] || (count - 1) > (shape[i] - 1 - selection->start[i]) / selection->step[i]) {
      ThrowInvalidArg("selection is out of the dataset's extent in dimension " + std::to_string(i));
    }
  }
  const std::vector<hsize_t>& out_shape = selection->count;
  if (empty) {
    // HDF5 rejects empty hyperslabs on 1.10: nothing to read, but the result keeps its shape.
    Hid mem_space(Check(H5Screate(H5S_NULL), "H5Screate"));
    ReadSource source{dataset, false, mem_space.get(), mem_space.get()};
    return ReadValue(source, type, &out_shape, buffer, limit, path);
  }
  CheckReadable(type, &out_shape, limit, path);
  CheckChunks(entry, selection, path, limit);
  CheckErr(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, selection->start.data(), selection->step.data(),
                               selection->count.data(), nullptr),
           "H5Sselect_hyperslab");
  Hid mem_space(Check(H5Screate_simple(static_cast<int>(out_shape.size()), out_shape.data(), nullptr),
                      "H5Screate_simple"));
  ReadSource source{dataset, false, file_space, mem_space.get()};
  return ReadValue(source, type, &out_shape, buffer, limit, path);
}

}  // namespace h5t
