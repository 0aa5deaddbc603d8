// What a Promise read will need, foretold on the JS thread so that its ArrayBuffer can be
// allocated there before the read is queued (OutBuffer::Reserve in js/values.h): the HDF5
// thread cannot make JS values, and only ArrayBuffers V8 allocated transfer between
// threads. The sizes come from what earlier calls saw on the JS thread (a dataset's info,
// a read's result, a write, an image). A wrong guess costs one copy (the read checks the
// size it needs against the reservation), never a wrong result. JS thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "hdf5/dataset.h"
#include "hdf5/spaces.h"
#include "hdf5/values.h"

namespace h5t {

class ReadHints {
 public:
  // The bytes a read of the dataset at key needs (selection null: all of it); 0: unknown.
  uint64_t Expect(const std::string& key, const Selection* selection) const;
  void LearnRead(const std::string& key, const Selection* selection, const ReadResult& result);
  void LearnInfo(const std::string& key, const DatasetInfo& info);
  void LearnWrite(const std::string& key, const WriteValue& value);
  // An extent is about to change (setExtent, appendDataset, when they are called): no
  // dataset's whole size is foretold from before it, here or in the file's handles
  // (which compare generation()). Resized: it changed, to shape, for the dataset at key.
  void ExtentsChanging();
  void Resized(const std::string& key, const std::vector<hsize_t>& shape);
  uint64_t generation() const { return generation_; }

  // The size of the file's last image (an unchanged file gives the same one again).
  uint64_t ExpectImage() const { return image_bytes_; }
  void LearnImage(uint64_t bytes) { image_bytes_ = bytes; }

 private:
  struct Entry {
    uint64_t element_bytes = 0;  // per selected element (an array atom's whole element)
    std::optional<uint64_t> whole_bytes;
  };
  Entry& At(const std::string& key);

  // A sweep over many datasets starts over rather than growing without bound.
  static constexpr size_t kMaxEntries = 4096;
  std::unordered_map<std::string, Entry> entries_;
  uint64_t image_bytes_ = 0;
  uint64_t generation_ = 0;
};

}  // namespace h5t
