#include "hdf5/values.h"

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

#include "hdf5/errors.h"
#include "hdf5/spaces.h"

namespace h5t {

void WriteValue::OwnData() {
  if (dtype == DType::String || owns_numbers) return;
  const auto* first = static_cast<const uint8_t*>(data);
  if (first && element_count > 0) owned_numbers.assign(first, first + element_count * DTypeSize(dtype));
  owns_numbers = true;
}

std::vector<hsize_t> WriteValue::SpaceShape() const {
  return std::vector<hsize_t>(shape.begin(), shape.end() - static_cast<std::ptrdiff_t>(atom_shape.size()));
}

size_t WriteValue::ElementBytes() const {
  size_t bytes = dtype == DType::String ? string.size : DTypeSize(dtype);
  for (hsize_t dim : atom_shape) bytes *= static_cast<size_t>(dim);
  return bytes;
}

Hid WriteValue::MakeSpace() const { return h5t::MakeSpace(null_space, SpaceShape()); }

Hid ArrayOf(hid_t type, const std::vector<hsize_t>& dims) {
  if (dims.empty()) return Hid(Check(H5Tcopy(type), "H5Tcopy"));
  return Hid(Check(H5Tarray_create2(type, static_cast<unsigned>(dims.size()), dims.data()), "H5Tarray_create2"));
}

Hid WriteValue::MakeFileType() const {
  if (dtype == DType::String) return ArrayOf(MakeStringType(string).get(), atom_shape);
  if (enum_members) return ArrayOf(MakeEnumType(dtype, *enum_members).get(), atom_shape);
  return ArrayOf(LittleEndianFileType(dtype), atom_shape);
}

hid_t WriteValue::MemType(Hid& owned) const {
  if (enum_members) {
    // The native form of the enum made (HDF5 converts no integer to an enum).
    Hid file_enum = MakeEnumType(dtype, *enum_members);
    Hid native(Check(H5Tget_native_type(file_enum.get(), H5T_DIR_ASCEND), "H5Tget_native_type"));
    owned = ArrayOf(native.get(), atom_shape);
    return owned.get();
  }
  if (dtype != DType::String && atom_shape.empty()) return NativeMemType(dtype);
  owned = dtype == DType::String ? ArrayOf(MakeStringType(string).get(), atom_shape)
                                 : ArrayOf(NativeMemType(dtype), atom_shape);
  return owned.get();
}

MallocReadBuffer::~MallocReadBuffer() { std::free(data_); }

void* MallocReadBuffer::Allocate(size_t bytes) {
  std::free(data_);
  data_ = std::malloc(bytes > 0 ? bytes : 1);
  if (!data_) throw std::bad_alloc();
  size_ = bytes;
  return data_;
}

void* MallocReadBuffer::Take(size_t* size) {
  *size = size_;
  size_ = 0;
  return std::exchange(data_, nullptr);
}

namespace {

void ReadInto(const ReadSource& source, hid_t mem_type, void* buffer, hid_t transfer = H5P_DEFAULT) {
  if (source.is_attribute) {
    CheckErr(H5Aread(source.object, mem_type, buffer), "H5Aread");
  } else {
    CheckErr(H5Dread(source.object, mem_type, source.mem_space, source.file_space, transfer, buffer), "H5Dread");
  }
}

void ReadNumbers(const ReadSource& source, hid_t file_type, const TypeInfo& info, size_t bytes, ReadBuffer& buffer,
                 const std::string& what) {
  void* data = nullptr;
  try {
    data = buffer.Allocate(bytes);
  } catch (const std::bad_alloc&) {
    throw Failure(FailureKind::Hdf5,
                  "h5tables: out of memory: reading " + what + " needs " + std::to_string(bytes) + " bytes");
  }
  if (bytes == 0) return;
  if (source.zero_first) std::memset(data, 0, bytes);
  // An array atom is read whole, each element converted to its native base; enums (h5py's
  // bool too) as their native enum: HDF5 converts no enum to an integer or bitfield.
  if (info.array_dims.empty() && H5Tget_class(file_type) != H5T_ENUM) {
    ReadInto(source, NativeMemType(info.dtype), data);
    return;
  }
  Hid mem_type = MemTypeFor(file_type, info);
  ReadInto(source, mem_type.get(), data);
}

}  // namespace

size_t FixedStringLength(const char* s, size_t size, H5T_str_t pad) {
  char padding = pad == H5T_STR_SPACEPAD ? ' ' : '\0';
  while (size > 0 && s[size - 1] == padding) size--;
  return size;
}

namespace {

// What one string costs besides its characters: a std::string here, then a JS string and
// an array slot (an estimate, so that string reads are limited like numeric ones).
constexpr uint64_t kStringOverhead = 64;
// Far below what one JS array can hold (V8 stops near 2^27 elements).
constexpr uint64_t kMaxStrings = uint64_t{1} << 26;

// Variable-length strings of a dataset are allocated through this budget: a few bytes
// of file can point many elements at one large heap object.
struct VlenBudget {
  uint64_t left;
  bool exceeded = false;
};

void* BudgetAlloc(size_t size, void* info) {
  auto* budget = static_cast<VlenBudget*>(info);
  if (size > budget->left) {
    budget->exceeded = true;
    return nullptr;  // HDF5 fails the read
  }
  budget->left -= size;
  return std::malloc(size > 0 ? size : 1);
}

void BudgetFree(void* pointer, void*) { std::free(pointer); }

// The element pointers of a variable-length read, freed once whatever happens.
struct VlenPointers {
  std::vector<char*> pointers;
  bool from_hdf5;  // allocated by HDF5 itself (attributes), else by BudgetAlloc
  ~VlenPointers() {
    for (char* pointer : pointers) Release(pointer);
  }
  void Release(char*& pointer) {
    if (!pointer) return;
    if (from_hdf5)
      H5free_memory(pointer);
    else
      std::free(pointer);
    pointer = nullptr;
  }
};

// The fixed part of a string read: the element slots and the string objects.
uint64_t StringBytes(const StringLayout& layout, uint64_t count, const std::string& what) {
  if (count > kMaxStrings) {
    throw Failure(FailureKind::TooLarge, "reading " + what + ": " + std::to_string(count) +
                                             " strings are more than h5tables returns in one array (" +
                                             std::to_string(kMaxStrings) + "): read it in slices");
  }
  uint64_t slot = layout.variable ? sizeof(char*) : layout.size;
  return CheckedBytes(count, slot + kStringOverhead, what);
}

// An array atom of strings (array_dims not empty) is read whole, each element's strings
// in C order.
std::vector<std::string> ReadStrings(const ReadSource& source, const StringLayout& layout,
                                     const std::vector<hsize_t>& array_dims, uint64_t count, const ReadLimit& limit,
                                     const std::string& what) {
  std::vector<std::string> strings;
  if (count == 0) return strings;
  uint64_t fixed_bytes = StringBytes(layout, count, what);
  limit.Check(what, fixed_bytes);
  size_t n = static_cast<size_t>(count);
  strings.reserve(n);
  Hid mem_type = ArrayOf(MakeStringType(layout).get(), array_dims);
  if (layout.variable) {
    VlenPointers vlen{std::vector<char*>(n, nullptr), source.is_attribute};
    if (source.is_attribute) {
      // H5Aread takes no transfer list: only the element count is limited.
      ReadInto(source, mem_type.get(), vlen.pointers.data());
    } else {
      VlenBudget budget{limit.max_read_bytes - fixed_bytes};
      Hid transfer(Check(H5Pcreate(H5P_DATASET_XFER), "H5Pcreate"));
      CheckErr(H5Pset_vlen_mem_manager(transfer.get(), BudgetAlloc, &budget, BudgetFree, nullptr),
               "H5Pset_vlen_mem_manager");
      try {
        ReadInto(source, mem_type.get(), vlen.pointers.data(), transfer.get());
      } catch (const Failure&) {
        if (!budget.exceeded) throw;
        throw Failure(FailureKind::TooLarge,
                      "reading " + what + " needs more bytes for its strings than maxReadBytes (" +
                          std::to_string(limit.max_read_bytes) +
                          "): open the file with a larger maxReadBytes (or Infinity) to read it");
      }
    }
    for (char*& pointer : vlen.pointers) {
      strings.emplace_back(pointer ? pointer : "");
      vlen.Release(pointer);
    }
    return strings;
  }
  std::vector<char> buffer(static_cast<size_t>(count * layout.size));
  ReadInto(source, mem_type.get(), buffer.data());
  for (size_t i = 0; i < n; i++) {
    const char* s = buffer.data() + i * layout.size;
    strings.emplace_back(s, FixedStringLength(s, layout.size, layout.pad));
  }
  return strings;
}

}  // namespace

namespace {

// The selection's shape with an array atom's dimensions after it.
std::vector<hsize_t> FullShape(const std::vector<hsize_t>& shape, const TypeInfo& info) {
  std::vector<hsize_t> full = shape;
  full.insert(full.end(), info.array_dims.begin(), info.array_dims.end());
  return full;
}

TypeInfo ReadableType(hid_t file_type) {
  std::optional<TypeInfo> info = Classify(file_type);
  if (!info) {
    if (H5Tget_class(file_type) == H5T_COMPOUND) {
      throw Failure(FailureKind::Unsupported,
                    "h5tables reads this compound datatype as records (readRecords, readAttributeRecords)");
    }
    throw Failure(FailureKind::Unsupported,
                  "h5tables cannot read this datatype (only integers, floats, complex, enums, bool and strings)");
  }
  return *info;
}

uint64_t CheckCount(const TypeInfo& info, const std::vector<hsize_t>* shape, const ReadLimit& limit,
                    const std::string& what) {
  // Counted and checked before anything is allocated: a shape can claim 2^61 elements.
  uint64_t count = shape ? CheckedElementCount(FullShape(*shape, info), what) : 0;
  if (info.dtype == DType::String) {
    if (count > 0) limit.Check(what, StringBytes(info.string, count, what));
  } else {
    limit.Check(what, CheckedBytes(count, DTypeSize(info.dtype), what));
  }
  return count;
}

}  // namespace

namespace {

// A fill value describes a dataset: reading one larger than this is not worth the memory
// (PyTables' default of such an atom would print as a huge array).
constexpr uint64_t kMaxFillBytes = uint64_t{1} << 20;

}  // namespace

std::optional<FillValue> ReadFillValue(hid_t create_list, hid_t file_type) {
  H5D_fill_value_t status = H5D_FILL_VALUE_UNDEFINED;
  if (H5Pfill_value_defined(create_list, &status) < 0) {
    // Describing a dataset does not fail over its fill value.
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  std::optional<TypeInfo> info = Classify(file_type);
  if (status != H5D_FILL_VALUE_USER_DEFINED || !info || info->string.variable) return std::nullopt;
  uint64_t count = 1;
  for (hsize_t dim : info->array_dims) {
    if (!MulFits(count, dim, &count)) return std::nullopt;
  }
  const bool strings = info->dtype == DType::String;
  uint64_t bytes = 0;
  if (!MulFits(count, strings ? info->string.size : DTypeSize(info->dtype), &bytes) || bytes > kMaxFillBytes) {
    return std::nullopt;
  }
  FillValue fill;
  fill.dtype = info->dtype;
  fill.shape = info->array_dims;
  Hid mem_type;
  if (strings) {
    mem_type = ArrayOf(MakeStringType(info->string).get(), info->array_dims);
  } else {
    try {
      mem_type = MemTypeFor(file_type, *info);
    } catch (const Failure&) {
      H5Eclear2(H5E_DEFAULT);
      return std::nullopt;
    }
  }
  std::vector<uint8_t> buffer(static_cast<size_t>(bytes > 0 ? bytes : 1));
  if (H5Pget_fill_value(create_list, mem_type.get(), buffer.data()) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  if (strings) {
    const size_t size = info->string.size;
    for (size_t i = 0; i < count; i++) {
      const char* s = reinterpret_cast<const char*>(buffer.data()) + i * size;
      fill.strings.emplace_back(s, FixedStringLength(s, size, info->string.pad));
    }
  } else {
    buffer.resize(static_cast<size_t>(bytes));
    fill.numbers = std::move(buffer);
  }
  return fill;
}

uint64_t CheckReadable(hid_t file_type, const std::vector<hsize_t>* shape, const ReadLimit& limit,
                       const std::string& what) {
  return CheckCount(ReadableType(file_type), shape, limit, what);
}

ReadResult ReadValue(const ReadSource& source, hid_t file_type, const std::vector<hsize_t>* shape, ReadBuffer& buffer,
                     const ReadLimit& limit, const std::string& what) {
  TypeInfo info = ReadableType(file_type);
  uint64_t count = CheckCount(info, shape, limit, what);
  ReadResult result;
  result.dtype = info.dtype;
  result.enum_members = info.enum_members;
  result.null_space = shape == nullptr;
  if (shape) result.shape = FullShape(*shape, info);
  if (info.dtype == DType::String) {
    result.strings = ReadStrings(source, info.string, info.array_dims, count, limit, what);
  } else {
    // It fits in size_t: checked against Node's largest Buffer above.
    ReadNumbers(source, file_type, info, static_cast<size_t>(count * DTypeSize(info.dtype)), buffer, what);
  }
  result.count = static_cast<size_t>(count);
  return result;
}

}  // namespace h5t
