#include "hdf5/memory_read.h"

#include <atomic>
#include <cstring>

#include "hdf5/errors.h"
#include "hdf5/read_limit.h"

namespace h5t {
namespace {

std::atomic<uint64_t> memory_reads{0};

// Copies dimension `dim` onwards of the selection: src points at the element where the
// selection starts in that dimension, strides[d] are the source's bytes per index of d.
uint8_t* CopyDims(const uint8_t* src, size_t dim, const std::vector<hsize_t>& strides, const Selection& selection,
                  size_t element_size, size_t inner_bytes, size_t contiguous_from, uint8_t* dest) {
  if (dim == contiguous_from) {
    // Every dimension from here is taken whole with step 1: one block.
    std::memcpy(dest, src, inner_bytes);
    return dest + inner_bytes;
  }
  hsize_t count = selection.count[dim];
  size_t step = static_cast<size_t>(selection.step[dim] * strides[dim]);
  if (dim + 1 == selection.count.size()) {
    // The last dimension, strided: element by element.
    for (hsize_t i = 0; i < count; i++, src += step, dest += element_size) std::memcpy(dest, src, element_size);
    return dest;
  }
  for (hsize_t i = 0; i < count; i++, src += step) {
    dest = CopyDims(src, dim + 1, strides, selection, element_size, inner_bytes, contiguous_from, dest);
  }
  return dest;
}

}  // namespace

std::optional<DType> StoredAsRead(hid_t type) {
  std::optional<TypeInfo> info = Classify(type);
  if (!info || info->dtype == DType::String || !info->array_dims.empty()) return std::nullopt;
  // Stored exactly as memory holds it: same class, size, order and sign (no enum).
  hid_t native = NativeMemType(info->dtype);
  if (H5Tequal(type, native) <= 0 || H5Tget_class(type) != H5Tget_class(native) ||
      H5Tget_size(type) != H5Tget_size(native)) {
    return std::nullopt;
  }
  // H5Tequal overlooks the byte order of some types: asked separately (bool has none).
  if (info->dtype != DType::Bool && H5Tget_order(type) != H5Tget_order(native)) return std::nullopt;
  return info->dtype;
}

std::optional<ContiguousData> FindContiguousData(hid_t dataset, hid_t type, hid_t create_list,
                                                 const std::vector<hsize_t>& shape, bool* allocated) {
  *allocated = true;
  if (H5Pget_layout(create_list) != H5D_CONTIGUOUS || H5Pget_external_count(create_list) != 0) return std::nullopt;
  std::optional<DType> dtype = StoredAsRead(type);
  if (!dtype) return std::nullopt;
  H5D_space_status_t status = H5D_SPACE_STATUS_ERROR;
  if (H5Dget_space_status(dataset, &status) < 0) return std::nullopt;
  if (status != H5D_SPACE_STATUS_ALLOCATED) {
    *allocated = false;
    return std::nullopt;
  }
  haddr_t offset = H5Dget_offset(dataset);
  if (offset == HADDR_UNDEF) {
    *allocated = false;
    return std::nullopt;
  }
  ContiguousData data;
  data.offset = offset;
  data.dtype = *dtype;
  data.element_size = DTypeSize(*dtype);
  uint64_t count = 1;
  for (hsize_t dim : shape) {
    if (!MulFits(count, dim, &count)) return std::nullopt;
  }
  if (!MulFits(count, data.element_size, &data.bytes)) return std::nullopt;
  // The storage HDF5 allocated must hold the extent (a damaged file may say less).
  if (H5Dget_storage_size(dataset) < data.bytes) return std::nullopt;
  return data;
}

void CopySelection(const uint8_t* base, const std::vector<hsize_t>& shape, size_t element_size,
                   const Selection* selection, uint8_t* dest) {
  if (!selection || shape.empty()) {
    size_t bytes = element_size;
    for (hsize_t dim : shape) bytes *= static_cast<size_t>(dim);
    if (bytes > 0) std::memcpy(dest, base, bytes);
    return;
  }
  size_t rank = shape.size();
  std::vector<hsize_t> strides(rank);
  hsize_t stride = element_size;
  for (size_t d = rank; d-- > 0;) {
    strides[d] = stride;
    stride *= shape[d];
  }
  // The trailing dimensions read whole with step 1 form one block with the first
  // dimension before them that has step 1.
  size_t contiguous_from = rank;
  size_t inner_bytes = element_size;
  while (contiguous_from > 0) {
    size_t d = contiguous_from - 1;
    bool whole = selection->start[d] == 0 && selection->count[d] == shape[d] && selection->step[d] == 1;
    if (!whole) break;
    inner_bytes *= static_cast<size_t>(shape[d]);
    contiguous_from = d;
  }
  if (contiguous_from > 0 && selection->step[contiguous_from - 1] == 1) {
    contiguous_from--;
    inner_bytes *= static_cast<size_t>(selection->count[contiguous_from]);
  }
  const uint8_t* src = base;
  for (size_t d = 0; d < rank; d++) src += selection->start[d] * strides[d];
  for (size_t d = 0; d < rank; d++) {
    if (selection->count[d] == 0) return;
  }
  CopyDims(src, 0, strides, *selection, element_size, inner_bytes, contiguous_from, dest);
}

uint64_t MemoryReadsForTests() { return memory_reads.load(); }
void CountMemoryRead() { memory_reads.fetch_add(1, std::memory_order_relaxed); }

}  // namespace h5t
