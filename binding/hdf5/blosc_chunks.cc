#include "hdf5/blosc_chunks.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <system_error>
#include <thread>

#include "hdf5/chunk_rows.h"
#include "hdf5/hid.h"
#include "hdf5/memory_read.h"
#include "hdf5/read_limit.h"

#ifdef H5T_HAVE_BLOSC
#include <blosc.h>
#endif

namespace h5t {
namespace {

std::atomic<uint64_t> blosc_chunk_reads{0};

constexpr H5Z_filter_t kBlosc = 32001;
// Below this a whole read is cheap either way: it stays on H5Dread's well-trodden path.
constexpr uint64_t kMinBytes = 1 << 20;
// A second thread pays for itself from here (its start costs tens of microseconds).
constexpr uint64_t kParallelBytes = 4 << 20;

struct ChunkList {
  const std::vector<hsize_t>* chunk;
  std::vector<hsize_t>* first_rows;
  bool ok = true;
};

// One stored chunk: kept when it starts a run of whole rows and every filter ran on it.
void Take(ChunkList& list, const hsize_t* offset, unsigned filter_mask, hsize_t size) {
  const std::vector<hsize_t>& chunk = *list.chunk;
  if (filter_mask != 0 || size == 0 || offset[0] % chunk[0] != 0) list.ok = false;
  for (size_t d = 1; d < chunk.size(); d++) {
    if (offset[d] != 0) list.ok = false;
  }
  if (list.ok) list.first_rows->push_back(offset[0]);
}

// Every stored chunk's first row, or false when one does not qualify.
bool ListChunks(hid_t dataset, const std::vector<hsize_t>& chunk, uint64_t expected, std::vector<hsize_t>* rows) {
  std::optional<hsize_t> stored = StoredChunkCount(dataset);
  if (!stored || *stored != expected) return false;
  rows->reserve(static_cast<size_t>(expected));
  ChunkList list{&chunk, rows};
  bool listed = VisitStoredChunks(dataset, chunk.size(), [&](const hsize_t* offset, unsigned mask, hsize_t size) {
    Take(list, offset, mask, size);
    return list.ok;
  });
  if (!listed || !list.ok || rows->size() != expected) return false;
  std::sort(rows->begin(), rows->end());
  for (size_t k = 0; k < rows->size(); k++) {
    if ((*rows)[k] != k * chunk[0]) return false;  // a gap (an unallocated chunk) or a repeat
  }
  return true;
}

#ifdef H5T_HAVE_BLOSC
struct StoredChunk {
  std::vector<uint8_t> bytes;
  uint8_t* dest = nullptr;
  size_t dest_bytes = 0;  // fewer than a chunk's for the last, partial one
};

// Decompresses chunks [from, to) into their places; false when one does not check.
bool Decode(std::vector<StoredChunk>& chunks, size_t from, size_t to, size_t chunk_bytes) {
  std::vector<uint8_t> partial;
  for (size_t k = from; k < to; k++) {
    StoredChunk& c = chunks[k];
    size_t nbytes = 0;
    if (blosc_cbuffer_validate(c.bytes.data(), c.bytes.size(), &nbytes) < 0 || nbytes != chunk_bytes) return false;
    uint8_t* out = c.dest;
    if (c.dest_bytes < chunk_bytes) {
      partial.resize(chunk_bytes);
      out = partial.data();
    }
    int got = blosc_decompress_ctx(c.bytes.data(), out, chunk_bytes, 1);
    if (got < 0 || static_cast<size_t>(got) != chunk_bytes) return false;
    if (out != c.dest) std::memcpy(c.dest, out, c.dest_bytes);
    std::vector<uint8_t>().swap(c.bytes);  // done with
  }
  return true;
}

// Decode() on either thread: out of memory (a partial chunk's buffer) is a failed decode.
bool DecodeNoThrow(std::vector<StoredChunk>& chunks, size_t from, size_t to, size_t chunk_bytes) noexcept {
  try {
    return Decode(chunks, from, to, chunk_bytes);
  } catch (...) {
    return false;
  }
}
#endif

}  // namespace

std::optional<BloscChunks> FindBloscChunks(hid_t dataset, hid_t type, hid_t create_list,
                                           const std::vector<hsize_t>& shape, const std::vector<hsize_t>& chunk) {
#ifdef H5T_HAVE_BLOSC
  if (shape.empty() || chunk.size() != shape.size() || chunk[0] == 0) return std::nullopt;
  if (H5Pget_nfilters(create_list) != 1) return std::nullopt;
  unsigned flags = 0;
  size_t nvalues = 0;
  unsigned config = 0;
  if (H5Pget_filter2(create_list, 0, &flags, &nvalues, nullptr, 0, nullptr, &config) != kBlosc) return std::nullopt;
  std::optional<DType> dtype = StoredAsRead(type);
  if (!dtype) return std::nullopt;
  BloscChunks found;
  found.dtype = *dtype;
  found.element_size = DTypeSize(*dtype);
  uint64_t row = found.element_size;
  for (size_t d = 1; d < shape.size(); d++) {
    if (chunk[d] != shape[d] || !MulFits(row, shape[d], &row)) return std::nullopt;
  }
  uint64_t total = 0, chunk_bytes = 0;
  if (!MulFits(row, shape[0], &total) || total < kMinBytes || !MulFits(row, chunk[0], &chunk_bytes) ||
      chunk_bytes > BLOSC_MAX_BUFFERSIZE) {
    return std::nullopt;
  }
  found.row_bytes = static_cast<size_t>(row);
  found.chunk_rows = static_cast<size_t>(chunk[0]);
  found.nchunks = (shape[0] + chunk[0] - 1) / chunk[0];
  if (!ListChunks(dataset, chunk, found.nchunks, &found.first_rows)) return std::nullopt;
  return found;
#else
  (void)dataset, (void)type, (void)create_list, (void)shape, (void)chunk;
  return std::nullopt;
#endif
}

bool ReadBloscChunks(hid_t dataset, const BloscChunks& chunks, const std::vector<hsize_t>& shape, uint8_t* dest) {
#ifdef H5T_HAVE_BLOSC
  const size_t chunk_bytes = chunks.chunk_rows * chunks.row_bytes;
  const hsize_t rows = shape[0];
  hsize_t file_size = 0;
  hid_t file = H5Iget_file_id(dataset);
  if (file < 0) return false;
  Hid file_owner(file);
  if (H5Fget_filesize(file, &file_size) < 0) return false;
  std::vector<StoredChunk> stored(chunks.first_rows.size());
  std::vector<hsize_t> offset(shape.size(), 0);
  uint64_t all_bytes = 0;
  for (size_t k = 0; k < stored.size(); k++) {
    offset[0] = chunks.first_rows[k];
    hsize_t size = 0;
    if (H5Dget_chunk_storage_size(dataset, offset.data(), &size) < 0 || size == 0) return false;
    all_bytes += size;
    if (size > BLOSC_MAX_BUFFERSIZE + BLOSC_MAX_OVERHEAD || all_bytes > file_size) return false;  // a damaged index
    stored[k].bytes.resize(static_cast<size_t>(size));
    uint32_t mask = 0;
    if (H5Dread_chunk(dataset, H5P_DEFAULT, offset.data(), &mask, stored[k].bytes.data()) < 0 || mask != 0) {
      return false;
    }
    stored[k].dest = dest + offset[0] * chunks.row_bytes;
    stored[k].dest_bytes =
        static_cast<size_t>(std::min<hsize_t>(chunks.chunk_rows, rows - offset[0])) * chunks.row_bytes;
  }
  const size_t n = stored.size();
  bool ok = false;
  if (n >= 2 && rows * chunks.row_bytes >= kParallelBytes && std::thread::hardware_concurrency() >= 2) {
    const size_t half = n / 2;
    bool second = false;
    std::thread helper;
    try {
      helper = std::thread([&] { second = DecodeNoThrow(stored, half, n, chunk_bytes); });
    } catch (const std::system_error&) {
      // No thread to be had: all on this one.
    }
    if (helper.joinable()) {
      ok = DecodeNoThrow(stored, 0, half, chunk_bytes);
      helper.join();
      ok = ok && second;
    } else {
      ok = DecodeNoThrow(stored, 0, n, chunk_bytes);
    }
  } else {
    ok = DecodeNoThrow(stored, 0, n, chunk_bytes);
  }
  if (ok) blosc_chunk_reads++;
  return ok;
#else
  (void)dataset, (void)chunks, (void)shape, (void)dest;
  return false;
#endif
}

uint64_t BloscChunkReadsForTests() { return blosc_chunk_reads.load(); }

}  // namespace h5t
