#include "hdf5/vlen.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_set>

#include "hdf5/dataset_create.h"
#include "hdf5/errors.h"
#include "hdf5/links.h"

namespace h5t {
namespace {

// Every sequence HDF5 allocates for a read goes through this: counted against a budget
// (a few bytes of file can declare sequences of gigabytes) and remembered, so that what
// a failed read leaves behind (HDF5 may fail between allocating and handing over) is
// freed too.
struct SequenceMemory {
  uint64_t left;
  bool exceeded = false;
  std::unordered_set<void*> blocks;

  SequenceMemory(const SequenceMemory&) = delete;
  SequenceMemory& operator=(const SequenceMemory&) = delete;
  explicit SequenceMemory(uint64_t budget) : left(budget) {}
  ~SequenceMemory() {
    for (void* block : blocks) std::free(block);
  }

  static void* Alloc(size_t size, void* info) {
    auto* memory = static_cast<SequenceMemory*>(info);
    if (size > memory->left) {
      memory->exceeded = true;
      return nullptr;  // HDF5 fails the read
    }
    void* block = std::malloc(size > 0 ? size : 1);
    if (!block) return nullptr;
    try {
      memory->blocks.insert(block);
    } catch (...) {
      std::free(block);
      return nullptr;
    }
    memory->left -= size;
    return block;
  }
  static void Free(void* block, void* info) {
    auto* memory = static_cast<SequenceMemory*>(info);
    if (block && memory->blocks.erase(block) > 0) std::free(block);
  }
};

void Reclaim(hid_t mem_type, hid_t mem_space, hid_t transfer, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
  H5Treclaim(mem_type, mem_space, transfer, buffer);
#else
  H5Dvlen_reclaim(mem_type, mem_space, transfer, buffer);
#endif
}

Hid BaseType(const VlenType& type, hid_t scalar) { return ArrayOf(scalar, type.atom_dims); }

// The memory type of a stored sequence type: its native form when the elements are
// h5py's bool enum (HDF5 converts no enum to a bitfield), else type's native one.
Hid MemTypeFor(hid_t file_type, const VlenType& type) {
  Hid base(Check(H5Tget_super(file_type), "H5Tget_super"));
  if (H5Tget_class(base.get()) == H5T_ARRAY) base = Hid(Check(H5Tget_super(base.get()), "H5Tget_super"));
  if (H5Tget_class(base.get()) == H5T_ENUM) {
    return Hid(Check(H5Tget_native_type(file_type, H5T_DIR_ASCEND), "H5Tget_native_type"));
  }
  return type.MakeMemType();
}

}  // namespace

uint64_t VlenType::AtomElements() const {
  uint64_t n = 1;
  for (hsize_t d : atom_dims) n *= d;
  return n;
}

Hid VlenType::MakeFileType() const {
  Hid base = BaseType(*this, LittleEndianFileType(dtype));
  return Hid(Check(H5Tvlen_create(base.get()), "H5Tvlen_create"));
}

Hid VlenType::MakeMemType() const {
  Hid base = BaseType(*this, NativeMemType(dtype));
  return Hid(Check(H5Tvlen_create(base.get()), "H5Tvlen_create"));
}

std::optional<VlenType> ClassifyVlen(hid_t file_type) {
  if (H5Tget_class(file_type) != H5T_VLEN) return std::nullopt;
  Hid base(H5Tget_super(file_type));
  if (!base.valid()) return std::nullopt;
  std::optional<TypeInfo> info = Classify(base.get());
  if (!info || info->dtype == DType::String) return std::nullopt;
  return VlenType{info->dtype, info->array_dims, info->order};
}

VlenRows ReadVlen(Dataset& dataset, const Selection* selection, ReadBuffer& buffer, const ReadLimit& limit) {
  const std::string& path = dataset.path();
  std::optional<VlenType> type = ClassifyVlen(dataset.type());
  if (!type) throw Failure(FailureKind::Unsupported, path + " is not a dataset of variable-length numbers");
  VlenRows rows;
  rows.type = *type;
  bool empty = selection ? CheckSelection(*selection, dataset.shape(), dataset.has_space()) : !dataset.has_space();
  rows.shape = selection ? selection->count : dataset.shape();
  uint64_t count = empty ? 0 : CheckedElementCount(rows.shape, path);
  rows.offsets.assign(1, 0);
  if (count == 0) {
    buffer.Allocate(0);
    return rows;
  }
  dataset.CheckRead(selection, limit);
  uint64_t descriptor_bytes = CheckedBytes(count, sizeof(hvl_t), path);
  limit.Check(path, descriptor_bytes);
  // The sequences, then their one flat copy: both within maxReadBytes. The stored ones
  // cannot hold more bytes than the file (the memory type has the stored base size).
  hsize_t file_size = 0;
  hid_t file = H5Iget_file_id(dataset.id());
  if (file >= 0) {
    Hid owned(file);
    if (H5Fget_filesize(file, &file_size) < 0) file_size = 0;
  }
  uint64_t budget = (limit.max_read_bytes - descriptor_bytes) / 2;
  bool file_bound = file_size > 0 && file_size < budget;
  if (file_bound) budget = file_size;

  std::vector<hvl_t> sequences(static_cast<size_t>(count));  // zeroed: reclaim skips unread ones
  Hid mem_type = MemTypeFor(dataset.type(), *type);
  Hid mem_space(
      Check(H5Screate_simple(static_cast<int>(rows.shape.size()), rows.shape.data(), nullptr), "H5Screate_simple"));
  hid_t file_space = H5S_ALL;
  if (selection) {
    file_space = dataset.space();
    CheckErr(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, selection->start.data(), selection->step.data(),
                                 selection->count.data(), nullptr),
             "H5Sselect_hyperslab");
  }
  SequenceMemory memory(budget);
  Hid transfer(Check(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate"));
  CheckErr(H5Pset_vlen_mem_manager(transfer.get(), SequenceMemory::Alloc, &memory, SequenceMemory::Free, &memory),
           "H5Pset_vlen_mem_manager");
  struct ReclaimAtEnd {
    hid_t type, space, transfer;
    void* data;
    ~ReclaimAtEnd() { Reclaim(type, space, transfer, data); }
  } reclaim{mem_type.get(), mem_space.get(), transfer.get(), sequences.data()};
  if (H5Dread(dataset.id(), mem_type.get(), selection ? mem_space.get() : H5S_ALL, file_space, transfer.get(),
              sequences.data()) < 0) {
    try {
      ThrowHdf5("H5Dread");
    } catch (const Failure& failure) {
      if (!memory.exceeded) throw;
      if (file_bound) {
        throw Failure(FailureKind::Hdf5,
                      "the file is damaged: the rows of " + path + " declare more bytes than the file holds (" +
                          std::to_string(file_size) + ")",
                      failure.stack());
      }
      throw Failure(FailureKind::TooLarge, "reading " + path + " needs more bytes for its rows than maxReadBytes (" +
                                               std::to_string(limit.max_read_bytes) +
                                               "): read it in slices or open the file with a larger maxReadBytes");
    }
  }
  const uint64_t atom = type->AtomElements();
  const size_t element = DTypeSize(type->dtype);
  rows.offsets.reserve(static_cast<size_t>(count) + 1);
  uint64_t total = 0;
  for (const hvl_t& sequence : sequences) {
    total += static_cast<uint64_t>(sequence.len) * atom;
    rows.offsets.push_back(total);
  }
  rows.bytes = static_cast<size_t>(CheckedBytes(total, element, path));
  limit.Check(path, rows.bytes);
  uint8_t* out = nullptr;
  try {
    out = static_cast<uint8_t*>(buffer.Allocate(rows.bytes));
  } catch (const std::bad_alloc&) {
    throw Failure(FailureKind::Hdf5,
                  "h5tables: out of memory: reading " + path + " needs " + std::to_string(rows.bytes) + " bytes");
  }
  for (size_t i = 0; i < sequences.size(); i++) {
    size_t bytes = static_cast<size_t>((rows.offsets[i + 1] - rows.offsets[i]) * element);
    if (bytes > 0) std::memcpy(out + rows.offsets[i] * element, sequences[i].p, bytes);
  }
  return rows;
}

void VlenWrite::OwnData() {
  if (owns) return;
  size_t bytes = element_count * DTypeSize(type.dtype);
  const uint8_t* from = static_cast<const uint8_t*>(data);
  owned.assign(from, from + bytes);
  owns = true;
}

void CheckVlenStorage(Storage& storage) {
  // CheckStorage's view of the new dataset: one dimension, no rows, an hvl_t per row.
  WriteValue shape_only;
  shape_only.dtype = DType::UInt8;
  shape_only.shape = {0, sizeof(hvl_t)};
  shape_only.atom_shape = {sizeof(hvl_t)};
  if (storage.fill_value) ThrowInvalidArg("storage.fillValue is not supported for variable-length rows");
  CheckStorage(storage, shape_only);
}

void CreateVlenDataset(GroupCache& groups, const std::string& path, const VlenType& type,
                       const AttributeList& attributes, const Storage& storage) {
  if (HasLink(groups, path)) throw Failure(FailureKind::Exists, "a node already exists at " + path);
  Hid file_type = type.MakeFileType();
  Hid create_list = MakeCreateList(storage);
  Hid space = MakeStorageSpace(storage, {0});
  PathLocation at = groups.Parent(path);
  Hid dataset(
      Check(H5Dcreate2(at.loc, at.c_name(), file_type.get(), space.get(), H5P_DEFAULT, create_list.get(), H5P_DEFAULT),
            "H5Dcreate2"));
  try {
    WriteNewAttributes(dataset.get(), attributes);
  } catch (...) {
    dataset.reset();
    H5Ldelete(at.loc, at.c_name(), H5P_DEFAULT);
    throw;
  }
}

namespace {

// Checks rows against the dataset (its dtype and atom, one dimension) and points one
// hvl_t per row at the caller's elements.
std::vector<hvl_t> Sequences(Dataset& dataset, const VlenWrite& rows) {
  const std::string& path = dataset.path();
  std::optional<VlenType> stored = ClassifyVlen(dataset.type());
  if (!stored) ThrowInvalidArg(path + " is not a dataset of variable-length numbers");
  if (stored->dtype != rows.type.dtype || stored->atom_dims != rows.type.atom_dims) {
    ThrowInvalidArg("the rows' dtype " + std::string(DTypeName(rows.type.dtype)) + " " +
                    ShapeText(rows.type.atom_dims) + " is not " + path + "'s (" + DTypeName(stored->dtype) + " " +
                    ShapeText(stored->atom_dims) + ")");
  }
  if (dataset.shape().size() != 1) ThrowInvalidArg(path + " is not one-dimensional");
  const uint64_t atom = rows.type.AtomElements();
  if (rows.offsets.empty() || rows.offsets.front() != 0 || rows.offsets.back() != rows.element_count) {
    ThrowInvalidArg("offsets must start at 0 and end at the number of elements (" + std::to_string(rows.element_count) +
                    ")");
  }
  std::vector<hvl_t> sequences(rows.rows());
  const uint8_t* base = static_cast<const uint8_t*>(rows.bytes());
  const size_t element = DTypeSize(rows.type.dtype);
  for (size_t i = 0; i < sequences.size(); i++) {
    uint64_t from = rows.offsets[i], to = rows.offsets[i + 1];
    if (to < from || (to - from) % atom != 0) {
      ThrowInvalidArg("offsets must not decrease, and every row must hold whole atoms of " + std::to_string(atom) +
                      " elements");
    }
    sequences[i].len = static_cast<size_t>((to - from) / atom);
    // HDF5 only reads the elements (H5Dwrite takes a const buffer of hvl_t).
    sequences[i].p = to > from ? const_cast<uint8_t*>(base + from * element) : nullptr;
  }
  return sequences;
}

void WriteSequences(Dataset& dataset, const VlenWrite& rows, const std::vector<hvl_t>& sequences, const Selection& at) {
  Hid mem_type = MemTypeFor(dataset.type(), rows.type);
  hid_t file_space = dataset.space();
  CheckErr(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, at.start.data(), at.step.data(), at.count.data(), nullptr),
           "H5Sselect_hyperslab");
  hsize_t count = sequences.size();
  Hid mem_space(Check(H5Screate_simple(1, &count, nullptr), "H5Screate_simple"));
  CheckErr(H5Dwrite(dataset.id(), mem_type.get(), mem_space.get(), file_space, H5P_DEFAULT, sequences.data()),
           "H5Dwrite");
}

}  // namespace

void WriteVlen(Dataset& dataset, const VlenWrite& rows, const Selection& selection) {
  std::vector<hvl_t> sequences = Sequences(dataset, rows);
  bool empty = CheckSelection(selection, dataset.shape(), dataset.has_space());
  if (selection.count[0] != sequences.size()) {
    ThrowInvalidArg("the selection takes " + std::to_string(selection.count[0]) + " rows of " + dataset.path() +
                    ", but " + std::to_string(sequences.size()) + " rows were given");
  }
  if (empty) return;
  WriteSequences(dataset, rows, sequences, selection);
}

std::vector<hsize_t> AppendVlen(Dataset& dataset, const VlenWrite& rows) {
  const std::string& path = dataset.path();
  std::vector<hvl_t> sequences = Sequences(dataset, rows);
  const std::vector<hsize_t> old = dataset.shape();  // a copy: Refresh() changes it
  if (!dataset.chunked()) ThrowInvalidArg(path + " is not chunked: its extent cannot grow");
  if (sequences.empty()) return old;
  std::vector<hsize_t> grown{old[0] + sequences.size()};
  hsize_t max = 0;
  CheckErr(H5Sget_simple_extent_dims(dataset.space(), nullptr, &max), "H5Sget_simple_extent_dims");
  if (max != H5S_UNLIMITED && grown[0] > max) {
    ThrowInvalidArg("appending " + std::to_string(sequences.size()) + " rows to " + path + " exceeds its maximum of " +
                    std::to_string(max));
  }
  CheckErr(H5Dset_extent(dataset.id(), grown.data()), "H5Dset_extent");
  try {
    dataset.Refresh();
    WriteSequences(dataset, rows, sequences, Selection{{old[0]}, {sequences.size()}, {1}});
  } catch (...) {
    // A failed append adds nothing (the failure's stack is captured already).
    H5Dset_extent(dataset.id(), old.data());
    try {
      dataset.Refresh();
    } catch (...) {
    }
    throw;
  }
  return grown;
}

}  // namespace h5t
