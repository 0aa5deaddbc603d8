// The messages for a filter at fault: one a dataset needs and this build lacks, or a codec
// that failed on a chunk (FilterErrorMessage). For the missing one: HDF5 says
// "required filter 'NAME' is not registered" with the name the file recorded (or
// "required filter 42 is not registered" where it knows only the id); this names the
// filter as users know it, with its id, and says why lzo is absent.
#include <cstdlib>
#include <cstring>

#include "filter_classes.h"
#include "filters.h"

namespace h5t {
namespace {

struct KnownFilter {
  H5Z_filter_t id;
  const char* name;      // as PyTables and h5py call it
  const char* recorded;  // the name stored in files, matched at its start
};

// Ids from HDF5's registered-filter list that PyTables, h5py and hdf5plugin write, with the
// start of the name each filter's own source registers (for a name not here, the message
// shows the recorded name without an id).
const KnownFilter kKnown[] = {
    {1, "zlib", "deflate"},
    {2, "shuffle", "shuffle"},
    {3, "fletcher32", "fletcher32"},
    {4, "szip", "szip"},
    {5, "nbit", "nbit"},
    {6, "scaleoffset", "scaleoffset"},
    {kFilterLzo, "lzo", "lzo"},
    {kFilterBzip2, "bzip2", "bzip2"},
    {kFilterLzf, "lzf", "lzf"},
    {kFilterBlosc, "blosc", "blosc"},
    {32004, "lz4", "HDF5 lz4"},
    {32008, "bitshuffle", "bitshuffle"},
    {32013, "zfp", "H5Z-ZFP"},
    {32015, "zstd", "Zstandard"},
    {32026, "blosc2", "blosc2"},
};

const KnownFilter* ById(long id) {
  for (const KnownFilter& f : kKnown) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

const KnownFilter* ByRecordedName(const std::string& name) {
  const KnownFilter* best = nullptr;
  for (const KnownFilter& f : kKnown) {
    size_t n = std::strlen(f.recorded);
    // The longest match wins ("blosc2" over "blosc").
    if (name.compare(0, n, f.recorded) == 0 && (best == nullptr || n > std::strlen(best->recorded))) best = &f;
  }
  return best;
}

std::string Describe(const KnownFilter* known, const std::string& recorded, long id) {
  std::string message;
  if (known != nullptr) {
    message = "filter '" + std::string(known->name) + "' (" + std::to_string(known->id) + ")";
  } else if (!recorded.empty()) {
    message = "filter '" + recorded + "'" + (id >= 0 ? " (" + std::to_string(id) + ")" : "");
  } else {
    message = id >= 0 ? "filter " + std::to_string(id) : "a filter";
  }
  message += " is not available in this build";
  if (known != nullptr && known->id == kFilterLzo) message += " (lzo is GPL-licensed and not included in h5tables)";
  return message;
}

std::string MissingFilterMessage(const std::vector<std::string>& stack) {
  static const char kQuoted[] = "required filter '";
  static const char kNumbered[] = "required filter ";
  static const char kTail[] = " is not registered";
  // The innermost frame that says so (the pipeline's own words).
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const std::string& line = *it;
    size_t at = line.find(kQuoted);
    if (at != std::string::npos) {
      size_t start = at + sizeof kQuoted - 1;
      size_t end = line.find("'" + std::string(kTail), start);
      if (end == std::string::npos) continue;
      std::string recorded = line.substr(start, end - start);
      return Describe(ByRecordedName(recorded), recorded, -1);
    }
    at = line.find(kNumbered);
    if (at != std::string::npos && line.find(kTail, at) != std::string::npos) {
      const char* digits = line.c_str() + at + sizeof kNumbered - 1;
      char* after = nullptr;
      long id = std::strtol(digits, &after, 10);
      // "(name unavailable)" or no name at all: only that some filter is missing.
      return after != digits ? Describe(ById(id), "", id) : Describe(nullptr, "", -1);
    }
  }
  return "";
}

}  // namespace

std::string UnavailableFilterMessage(H5Z_filter_t id) { return Describe(ById(id), "", id); }

std::string FilterErrorMessage(const std::string& what, const std::vector<std::string>& stack) {
  std::string failure = filters::TakeFilterFailure();
  std::string missing = MissingFilterMessage(stack);
  if (!missing.empty()) return missing;
  if (failure.empty()) return "";
  for (const std::string& line : stack) {
    if (line.find("filter returned failure") != std::string::npos) return what + " failed: " + failure;
  }
  return "";
}

}  // namespace h5t
