// Which chunks of a chunked dataset have storage. Rows in no stored chunk read as the fill
// value; a query can evaluate its condition once for a run of them (lib/table-scan.ts)
// instead of block by block, so a table whose extent claims 10^15 rows with a few stored
// (a damaged or hostile file, or a sparse one) is searched in the time its chunks take.
#pragma once

#include <hdf5.h>

#include <functional>
#include <optional>
#include <vector>

namespace h5t {

// Called with each stored chunk's offset (one entry per dimension), filter mask and stored
// size; returns false to stop.
using StoredChunkVisitor = std::function<bool(const hsize_t* offset, unsigned filter_mask, hsize_t size)>;

// How many chunks have storage; nullopt when HDF5 cannot say (or predates 1.10.5).
std::optional<hsize_t> StoredChunkCount(hid_t dataset);

// Visits every stored chunk (H5Dchunk_iter on 1.14, H5Dget_chunk_info before); false when
// HDF5 fails, the visitor stops, or the version has neither.
bool VisitStoredChunks(hid_t dataset, size_t rank, const StoredChunkVisitor& visit);

// The rows of the first dimension that stored chunks hold, as ascending, merged
// [begin, end) pairs within [0, rows); nullopt when the chunks cannot be listed.
std::optional<std::vector<hsize_t>> StoredRowRanges(hid_t dataset, size_t rank, hsize_t rows, hsize_t chunk_rows);

}  // namespace h5t
