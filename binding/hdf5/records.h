// Compound datasets as columns (lib/native.ts NativeRecords): created, read (all fields
// or a subset), written over a selection (all fields or a subset: the others are kept)
// and appended to. HDF5 moves the records through one packed memory compound of the
// fields concerned; the columns are gathered into it or scattered out of it once.
#pragma once

#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/attributes.h"
#include "hdf5/compound.h"
#include "hdf5/dataset.h"
#include "hdf5/group_cache.h"
#include "hdf5/storage.h"
#include "hdf5/values.h"

namespace h5t {

// One leaf's values for every record, in C order. Numbers point into the caller's
// TypedArray until OwnData().
struct ColumnData {
  DType dtype = DType::Float64;
  const void* data = nullptr;
  size_t count = 0;  // elements
  std::vector<uint8_t> owned;
  bool owns = false;
  std::vector<std::string> strings;  // for strings given as strings
  // For strings given as bytes (data, count * string_size of them): each element NUL-padded
  // to string_size. 0 when the strings are given as strings.
  size_t string_size = 0;
  const void* bytes() const { return owns ? owned.data() : data; }
};

// Records to write (filled by js/records.cc).
struct RecordsValue {
  std::vector<Field> fields;
  std::vector<hsize_t> shape;  // the records' dataspace shape ([] for one record)
  size_t nrecords = 1;
  std::vector<ColumnData> columns;  // one per leaf of fields, depth-first
  // Copies the caller's numbers (for the HDF5 thread).
  void OwnData();
};

// Where the read columns' numbers go: one ReadBuffer per leaf, asked in leaf order.
class ColumnBuffers {
 public:
  virtual ~ColumnBuffers() = default;
  virtual ReadBuffer& Column(size_t index) = 0;
};

struct RecordsResult {
  std::vector<Field> fields;
  std::vector<hsize_t> shape;
  size_t nrecords = 0;
  struct Column {
    DType dtype = DType::Float64;
    size_t count = 0;  // elements
    std::vector<std::string> strings;
    // Strings read as bytes: in the leaf's ColumnBuffers buffer, count * string_size bytes,
    // each element NUL-padded after its end. 0 when read as strings.
    size_t string_size = 0;
  };
  std::vector<Column> columns;
};

// Fills in each string leaf's itemsize (when not given, the longest string of its
// column, at least 1) and checks that every string fits it. Call before creating.
void SizeStringFields(RecordsValue& value);

// A compound dataset holding value (its fields packed in order, as PyTables does), with
// its attributes; storage as createDataset's (its fill_value must be empty: fill is one
// record of value's fields, PyTables' defaults). On failure the node is removed again.
void CreateRecordsDataset(GroupCache& groups, const std::string& path, const RecordsValue& value,
                          const AttributeList& attributes, const Storage* storage, const RecordsValue* fill);

// Reads the selection's records (null: all); paths names the fields (empty: all). With
// strings_as_bytes, string leaves come as bytes (RecordsResult::Column::string_size): one
// copy, no string made per element.
RecordsResult ReadRecords(Dataset& dataset, const Selection* selection, const std::vector<std::string>& paths,
                          ColumnBuffers& buffers, const ReadLimit& limit, bool strings_as_bytes);

// A compound attribute (not a complex number) read whole as records; nullopt for any
// other attribute (read it with ReadAttribute). A NULL dataspace reads no record.
std::optional<RecordsResult> ReadAttributeRecords(GroupCache& groups, const std::string& path, const std::string& name,
                                                  ColumnBuffers& buffers, const ReadLimit& limit);

// Creates (or replaces) attribute name of the object at path holding value's records, its
// compound type packed as CreateRecordsDataset packs a table's (string itemsizes already
// set: SizeStringFields); shape [] is a scalar attribute. Everything is checked and packed
// before the attribute is touched.
void WriteAttributeRecords(GroupCache& groups, const std::string& path, const std::string& name,
                           const RecordsValue& value);

// Writes value's fields over the selection (null: the whole dataset): value.shape must be
// the selection's counts.
void WriteRecords(Dataset& dataset, const RecordsValue& value, const Selection* selection);

// Grows dimension axis by value.shape[axis] and writes there; a failed write sets the
// extent back. Returns the new shape.
std::vector<hsize_t> AppendRecords(Dataset& dataset, const RecordsValue& value, size_t axis);

}  // namespace h5t
