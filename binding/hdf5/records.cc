#include "hdf5/records.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <new>

#include "hdf5/dataset_create.h"
#include "hdf5/dataset_write.h"
#include "hdf5/errors.h"
#include "hdf5/spaces.h"
#include "hdf5/strided_copy.h"

namespace h5t {
namespace {

// What a read costs per string besides its characters (as values.cc counts it).
constexpr uint64_t kStringOverhead = 64;

// A string column given as bytes (NUL-padded elements of column.string_size) into the
// packed records, each element checked to fit the stored size once its NULs are dropped.
void PackStringBytes(const MemoryLayout& layout, const MemoryLeaf& leaf, const ColumnData& column, uint8_t* packed) {
  const size_t size = leaf.string.size, given = column.string_size;
  const auto* from = static_cast<const char*>(column.bytes());
  for (size_t k = 0; k < column.count; k++) {
    const char* s = from + k * given;
    size_t length = FixedStringLength(s, given, H5T_STR_NULLPAD);
    if (length > size) {
      ThrowInvalidArg("field '" + leaf.path + "' holds a string of " + std::to_string(length) +
                      " bytes, longer than its itemsize (" + std::to_string(size) + ")");
    }
    size_t record = k / leaf.elements, element = k % leaf.elements;
    std::memcpy(packed + record * layout.size + leaf.offset + element * size, s, length);
  }
}

// The columns gathered into packed memory records (what HDF5 writes from). Strings longer
// than their stored size are refused here, before anything is written.
std::vector<uint8_t> Pack(const MemoryLayout& layout, const RecordsValue& value) {
  std::vector<uint8_t> packed(value.nrecords * layout.size, 0);
  for (size_t i = 0; i < layout.leaves.size(); i++) {
    const MemoryLeaf& leaf = layout.leaves[i];
    const ColumnData& column = value.columns[i];
    if (leaf.dtype == DType::String && column.string_size > 0) {
      PackStringBytes(layout, leaf, column, packed.data());
      continue;
    }
    if (leaf.dtype == DType::String) {
      const size_t size = leaf.string.size;
      for (size_t k = 0; k < column.strings.size(); k++) {
        const std::string& s = column.strings[k];
        if (s.size() > size) {
          ThrowInvalidArg("field '" + leaf.path + "' holds a string of " + std::to_string(s.size()) +
                          " bytes, longer than its itemsize (" + std::to_string(size) + ")");
        }
        size_t record = k / leaf.elements, element = k % leaf.elements;
        std::memcpy(packed.data() + record * layout.size + leaf.offset + element * size, s.data(), s.size());
      }
      continue;
    }
    CopyStrided(packed.data() + leaf.offset, layout.size, static_cast<const uint8_t*>(column.bytes()), leaf.bytes,
                value.nrecords, leaf.bytes);
  }
  return packed;
}

void CheckCompound(const Dataset& dataset) {
  if (!IsCompound(dataset.type()) || IsComplex(dataset.type())) {
    ThrowInvalidArg(dataset.path() + " is not a compound dataset (a table): read it with readDataset");
  }
}

// value.shape against the records the write covers.
void CheckRecordsShape(const RecordsValue& value, const std::vector<hsize_t>& expected, const std::string& what) {
  if (value.shape != expected) {
    ThrowInvalidArg("records.shape " + ShapeText(value.shape) + " does not match " + what + " " + ShapeText(expected));
  }
}

}  // namespace

void RecordsValue::OwnData() {
  for (ColumnData& column : columns) {
    if ((column.dtype == DType::String && column.string_size == 0) || column.owns) continue;
    const size_t element = column.string_size > 0 ? column.string_size : DTypeSize(column.dtype);
    const auto* first = static_cast<const uint8_t*>(column.data);
    if (first && column.count > 0) column.owned.assign(first, first + column.count * element);
    column.owns = true;
  }
}

void SizeStringFields(RecordsValue& value) {
  std::vector<const Field*> leaves = Leaves(value.fields);
  for (size_t i = 0; i < leaves.size(); i++) {
    Field& leaf = const_cast<Field&>(*leaves[i]);
    if (leaf.dtype != DType::String) continue;
    size_t longest = 1;  // HDF5 strings have a size of at least 1
    for (const std::string& s : value.columns[i].strings) longest = std::max(longest, s.size());
    // Bytes are only taken with an itemsize (js/records.cc), which they fit.
    if (value.columns[i].string_size > 0) longest = leaf.itemsize;
    if (leaf.itemsize == 0) leaf.itemsize = longest;
    if (longest > leaf.itemsize) {
      ThrowInvalidArg("field '" + leaf.name + "' holds a string of " + std::to_string(longest) +
                      " bytes, longer than its itemsize (" + std::to_string(leaf.itemsize) + ")");
    }
    leaf.string = StringLayout{false, leaf.itemsize, H5T_STR_NULLTERM, H5T_CSET_ASCII};
  }
}

void CreateRecordsDataset(GroupCache& groups, const std::string& path, const RecordsValue& value,
                          const AttributeList& attributes, const Storage* storage, const RecordsValue* fill) {
  Hid file_type = MakeFileCompound(value.fields);
  std::vector<Field> stored = DescribeCompound(file_type.get());
  MemoryLayout layout = MakeMemoryLayout(file_type.get(), stored, value.fields);
  std::vector<uint8_t> packed = Pack(layout, value);
  MemoryLayout fill_layout;
  std::vector<uint8_t> fill_packed;
  if (fill) {
    CheckGivenFields(stored, fill->fields, "the new dataset " + path);
    if (Leaves(fill->fields).size() != Leaves(stored).size()) {
      ThrowInvalidArg("storage.fillValue must give every field of the records (it is one whole record)");
    }
    fill_layout = MakeMemoryLayout(file_type.get(), stored, fill->fields);
    fill_packed = Pack(fill_layout, *fill);
  }
  NewDataset spec;
  spec.file_type = file_type.get();
  spec.shape = value.shape;
  if (fill) {
    spec.customize = [&](hid_t create_list) {
      CheckErr(H5Pset_fill_value(create_list, fill_layout.type.get(), fill_packed.data()), "H5Pset_fill_value");
    };
  }
  spec.write = [&](hid_t dataset) {
    if (value.nrecords == 0) return;
    CheckErr(H5Dwrite(dataset, layout.type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()), "H5Dwrite");
  };
  CreateDataset(groups, path, spec, attributes, storage);
}

namespace {

uint8_t* Allocate(ColumnBuffers& buffers, size_t index, size_t bytes, const MemoryLeaf& leaf, const std::string& what) {
  try {
    return static_cast<uint8_t*>(buffers.Column(index).Allocate(bytes));
  } catch (const std::bad_alloc&) {
    throw Failure(FailureKind::Hdf5, "h5tables: out of memory: reading field '" + leaf.path + "' of " + what);
  }
}

// A string leaf out of the packed records as bytes, each element NUL-padded after its end
// as read as a string would end it (space padding becomes NULs), so that readers see one
// padding whatever the stored one.
void ScatterStringBytes(const MemoryLayout& layout, const MemoryLeaf& leaf, size_t n, const uint8_t* packed,
                        uint8_t* to) {
  const size_t size = leaf.string.size;
  for (size_t r = 0; r < n; r++) {
    const char* record = reinterpret_cast<const char*>(packed) + r * layout.size + leaf.offset;
    for (size_t e = 0; e < leaf.elements; e++, to += size) {
      const char* s = record + e * size;
      size_t length = FixedStringLength(s, size, leaf.string.pad);
      std::memcpy(to, s, length);
      std::memset(to + length, 0, size - length);
    }
  }
}

// The read of records of stored type over shape (empty: no record is read): read(memory
// type, buffer) fills the packed records, which are then scattered into the columns.
RecordsResult ReadPacked(hid_t type, const std::vector<hsize_t>& shape, bool empty, bool strings_as_bytes,
                         const std::vector<std::string>& paths, ColumnBuffers& buffers, const ReadLimit& limit,
                         const std::string& what, const std::function<void(hid_t, void*)>& read) {
  std::vector<Field> stored = DescribeCompound(type);
  RecordsResult result;
  result.fields = paths.empty() ? stored : SelectFields(stored, paths, what);
  CheckReadableFields(result.fields, what);
  result.shape = shape;
  uint64_t nrecords = CheckedElementCount(result.shape, what);
  MemoryLayout layout = MakeMemoryLayout(type, stored, result.fields);
  // The packed records and the columns (as large again), plus each string's own cost.
  uint64_t per_record = 2 * static_cast<uint64_t>(layout.size);
  for (const MemoryLeaf& leaf : layout.leaves) {
    if (leaf.dtype == DType::String && !strings_as_bytes) per_record += kStringOverhead * leaf.elements;
  }
  limit.Check(what, CheckedBytes(nrecords, per_record, what));
  size_t n = static_cast<size_t>(nrecords);
  result.nrecords = n;
  // Not zeroed: the read fills every byte (the layout packs only the fields read), or the
  // read zeroes it first where HDF5 would not (Dataset::leaves_gaps).
  std::unique_ptr<uint8_t[]> packed;
  if (!empty && n > 0) {
    packed.reset(new (std::nothrow) uint8_t[n * layout.size]);
    if (!packed) {
      throw Failure(FailureKind::Hdf5, "h5tables: out of memory: reading " + what + " needs " +
                                           std::to_string(n * layout.size) + " bytes");
    }
    read(layout.type.get(), packed.get());
  }
  // Scattered into one column per leaf.
  result.columns.resize(layout.leaves.size());
  for (size_t i = 0; i < layout.leaves.size(); i++) {
    const MemoryLeaf& leaf = layout.leaves[i];
    RecordsResult::Column& column = result.columns[i];
    column.dtype = leaf.dtype;
    column.count = n * leaf.elements;
    if (leaf.dtype == DType::String && strings_as_bytes) {
      column.string_size = leaf.string.size;
      ScatterStringBytes(layout, leaf, n, packed.get(), Allocate(buffers, i, n * leaf.bytes, leaf, what));
      continue;
    }
    if (leaf.dtype == DType::String) {
      const size_t size = leaf.string.size;
      column.strings.reserve(column.count);
      for (size_t r = 0; r < n; r++) {
        const char* record = reinterpret_cast<const char*>(packed.get()) + r * layout.size + leaf.offset;
        for (size_t e = 0; e < leaf.elements; e++) {
          const char* s = record + e * size;
          column.strings.emplace_back(s, FixedStringLength(s, size, leaf.string.pad));
        }
      }
      continue;
    }
    CopyStrided(Allocate(buffers, i, n * leaf.bytes, leaf, what), leaf.bytes, packed.get() + leaf.offset, layout.size,
                n, leaf.bytes);
  }
  return result;
}

}  // namespace

RecordsResult ReadRecords(Dataset& dataset, const Selection* selection, const std::vector<std::string>& paths,
                          ColumnBuffers& buffers, const ReadLimit& limit, bool strings_as_bytes) {
  const std::string& what = dataset.path();
  CheckCompound(dataset);
  if (!dataset.has_space()) ThrowInvalidArg(what + " has a NULL dataspace: it holds no records");
  bool empty = selection && CheckSelection(*selection, dataset.shape(), dataset.has_space());
  const std::vector<hsize_t>& shape = selection ? selection->count : dataset.shape();
  return ReadPacked(
      dataset.type(), shape, empty, strings_as_bytes, paths, buffers, limit, what, [&](hid_t mem_type, void* packed) {
        dataset.CheckRead(selection, limit);
        hid_t file_space = H5S_ALL, mem_space = H5S_ALL;
        Hid selected_space;
        if (selection) {
          file_space = dataset.space();
          CheckErr(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, selection->start.data(), selection->step.data(),
                                       selection->count.data(), nullptr),
                   "H5Sselect_hyperslab");
          selected_space =
              Hid(Check(H5Screate_simple(static_cast<int>(selection->count.size()), selection->count.data(), nullptr),
                        "H5Screate_simple"));
          mem_space = selected_space.get();
        }
        // Where no storage is allocated HDF5 may leave the records as they were (leaves_gaps).
        if (dataset.leaves_gaps()) {
          std::memset(packed, 0, H5Tget_size(mem_type) * static_cast<size_t>(CheckedElementCount(shape, what)));
        }
        CheckErr(H5Dread(dataset.id(), mem_type, mem_space, file_space, H5P_DEFAULT, packed), "H5Dread");
      });
}

std::optional<RecordsResult> ReadAttributeRecords(GroupCache& groups, const std::string& path, const std::string& name,
                                                  ColumnBuffers& buffers, const ReadLimit& limit) {
  PathLocation at = groups.Object(path);
  Hid attribute(Check(H5Aopen_by_name(at.loc, at.c_name(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), "H5Aopen_by_name"));
  Hid type(Check(H5Aget_type(attribute.get()), "H5Aget_type"));
  if (!IsCompound(type.get()) || IsComplex(type.get())) return std::nullopt;
  Hid space(Check(H5Aget_space(attribute.get()), "H5Aget_space"));
  std::vector<hsize_t> shape;
  bool has_space = SpaceShape(space.get(), &shape);
  std::string what = "attribute '" + name + "' of " + path;
  return ReadPacked(type.get(), shape, !has_space, false, {}, buffers, limit, what, [&](hid_t mem_type, void* packed) {
    CheckErr(H5Aread(attribute.get(), mem_type, packed), "H5Aread");
  });
}

void WriteAttributeRecords(GroupCache& groups, const std::string& path, const std::string& name,
                           const RecordsValue& value) {
  Hid file_type = MakeFileCompound(value.fields);
  std::vector<Field> stored = DescribeCompound(file_type.get());
  MemoryLayout layout = MakeMemoryLayout(file_type.get(), stored, value.fields);
  std::vector<uint8_t> packed = Pack(layout, value);
  Hid space(value.shape.empty()
                ? Check(H5Screate(H5S_SCALAR), "H5Screate")
                : Check(H5Screate_simple(static_cast<int>(value.shape.size()), value.shape.data(), nullptr),
                        "H5Screate_simple"));
  WriteAttributeContents(groups, path, name, {file_type.get(), space.get(), [&](hid_t attribute) {
                                                if (value.nrecords == 0) return;
                                                CheckErr(H5Awrite(attribute, layout.type.get(), packed.data()),
                                                         "H5Awrite");
                                              }});
}

void WriteRecords(Dataset& dataset, const RecordsValue& value, const Selection* selection) {
  const std::string& what = dataset.path();
  CheckCompound(dataset);
  if (!dataset.has_space()) ThrowInvalidArg("cannot write into " + what + ": its dataspace is NULL");
  std::vector<Field> stored = DescribeCompound(dataset.type());
  CheckGivenFields(stored, value.fields, what);
  if (selection) {
    CheckSelection(*selection, dataset.shape(), dataset.has_space());
    CheckRecordsShape(value, selection->count, "the selection's counts");
  } else {
    CheckRecordsShape(value, dataset.shape(), what + "'s shape");
  }
  MemoryLayout layout = MakeMemoryLayout(dataset.type(), stored, value.fields);
  std::vector<uint8_t> packed = Pack(layout, value);
  if (value.nrecords == 0) return;  // HDF5 1.10 rejects empty hyperslabs
  if (!selection) {
    CheckErr(H5Dwrite(dataset.id(), layout.type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()), "H5Dwrite");
    return;
  }
  hid_t file_space = dataset.space();
  CheckErr(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, selection->start.data(), selection->step.data(),
                               selection->count.data(), nullptr),
           "H5Sselect_hyperslab");
  Hid mem_space(Check(H5Screate_simple(static_cast<int>(selection->count.size()), selection->count.data(), nullptr),
                      "H5Screate_simple"));
  CheckErr(H5Dwrite(dataset.id(), layout.type.get(), mem_space.get(), file_space, H5P_DEFAULT, packed.data()),
           "H5Dwrite");
}

std::vector<hsize_t> AppendRecords(Dataset& dataset, const RecordsValue& value, size_t axis) {
  const std::string& what = dataset.path();
  CheckCompound(dataset);
  if (!dataset.has_space()) ThrowInvalidArg("cannot append to " + what + ": its dataspace is NULL");
  const std::vector<hsize_t>& old = dataset.shape();
  if (old.empty()) ThrowInvalidArg(what + " is a scalar: nothing can be appended to it");
  if (axis >= old.size()) {
    ThrowInvalidArg("axis " + std::to_string(axis) + " is out of range: " + what + " has " +
                    std::to_string(old.size()) + " dimensions");
  }
  std::vector<Field> stored = DescribeCompound(dataset.type());
  CheckGivenFields(stored, value.fields, what);
  std::vector<hsize_t> expected = old;
  if (value.shape.size() == old.size()) expected[axis] = value.shape[axis];
  if (value.shape != expected) {
    ThrowInvalidArg("records.shape " + ShapeText(value.shape) + " does not fit " + what + " (shape " + ShapeText(old) +
                    "): every dimension but axis " + std::to_string(axis) + " must be the dataset's");
  }
  MemoryLayout layout = MakeMemoryLayout(dataset.type(), stored, value.fields);
  std::vector<uint8_t> packed = Pack(layout, value);  // before the extent changes
  return GrowAndWrite(dataset, value.shape, axis, [&](const Selection& at) {
    if (value.nrecords == 0) return;
    hid_t file_space = dataset.space();
    CheckErr(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, at.start.data(), at.step.data(), at.count.data(), nullptr),
             "H5Sselect_hyperslab");
    Hid mem_space(
        Check(H5Screate_simple(static_cast<int>(at.count.size()), at.count.data(), nullptr), "H5Screate_simple"));
    CheckErr(H5Dwrite(dataset.id(), layout.type.get(), mem_space.get(), file_space, H5P_DEFAULT, packed.data()),
             "H5Dwrite");
  });
}

}  // namespace h5t
