#include "js/read_hints.h"

#include "hdf5/read_limit.h"

namespace h5t {
namespace {

// The product of counts, or nullopt when it does not fit in 64 bits.
std::optional<uint64_t> Product(const std::vector<hsize_t>& counts) {
  uint64_t product = 1;
  for (hsize_t count : counts) {
    if (!MulFits(product, count, &product)) return std::nullopt;
  }
  return product;
}

}  // namespace

uint64_t ReadHints::Expect(const std::string& key, const Selection* selection) const {
  auto found = entries_.find(key);
  if (found == entries_.end()) return 0;
  const Entry& entry = found->second;
  if (!selection) return entry.whole_bytes.value_or(0);
  std::optional<uint64_t> elements = Product(selection->count);
  uint64_t bytes = 0;
  if (!elements || !MulFits(*elements, entry.element_bytes, &bytes)) return 0;
  return bytes;
}

ReadHints::Entry& ReadHints::At(const std::string& key) {
  if (entries_.size() >= kMaxEntries && entries_.count(key) == 0) entries_.clear();
  return entries_[key];
}

void ReadHints::LearnRead(const std::string& key, const Selection* selection, const ReadResult& result) {
  if (result.dtype == DType::String) return;
  uint64_t bytes = static_cast<uint64_t>(result.count) * DTypeSize(result.dtype);
  if (!selection) {
    At(key).whole_bytes = bytes;
    return;
  }
  std::optional<uint64_t> elements = Product(selection->count);
  if (elements && *elements > 0) At(key).element_bytes = bytes / *elements;
}

void ReadHints::LearnInfo(const std::string& key, const DatasetInfo& info) {
  if (!info.dtype || *info.dtype == DType::String) return;
  std::optional<uint64_t> atom = Product(info.atom_shape);
  std::optional<uint64_t> elements = Product(info.shape);
  uint64_t element_bytes = 0, whole_bytes = 0;
  if (!atom || !MulFits(*atom, DTypeSize(*info.dtype), &element_bytes)) return;
  Entry& entry = At(key);
  entry.element_bytes = element_bytes;
  // A NULL dataspace also has shape []: it reads nothing, and costs one empty copy.
  if (elements && MulFits(*elements, element_bytes, &whole_bytes)) entry.whole_bytes = whole_bytes;
}

void ReadHints::LearnWrite(const std::string& key, const WriteValue& value) {
  if (value.dtype == DType::String || value.null_space) return;
  Entry& entry = At(key);
  entry.element_bytes = value.ElementBytes();  // an array atom's whole size
  entry.whole_bytes = static_cast<uint64_t>(value.element_count) * DTypeSize(value.dtype);
}

void ReadHints::ExtentsChanging() {
  for (auto& entry : entries_) entry.second.whole_bytes.reset();
  generation_++;
}

void ReadHints::Resized(const std::string& key, const std::vector<hsize_t>& shape) {
  auto found = entries_.find(key);
  if (found == entries_.end() || found->second.element_bytes == 0) return;
  std::optional<uint64_t> elements = Product(shape);
  uint64_t bytes = 0;
  if (elements && MulFits(*elements, found->second.element_bytes, &bytes)) found->second.whole_bytes = bytes;
}

}  // namespace h5t
