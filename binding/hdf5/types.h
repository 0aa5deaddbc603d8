// The element types h5tables reads and writes, and their HDF5 datatypes: one table
// (types.cc, kRows), so a new dtype is one row there (and one in lib/dtype.ts).
#pragma once

#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/hid.h"

namespace h5t {

// complex64/complex128: HDF5 compounds {r, i} of IEEE floats (h5py's and PyTables'
// layout), held in JavaScript as interleaved re, im. float16: IEEE half, held as float32.
enum class DType {
  Int8,
  UInt8,
  Int16,
  UInt16,
  Int32,
  UInt32,
  Int64,
  UInt64,
  Float32,
  Float64,
  Bool,
  String,
  Complex64,
  Complex128,
  Float16
};

// The TypedArray JavaScript holds a dtype's elements in (napi-free: js/values.cc maps
// it to napi's enum). None for strings, which become a string[].
enum class JsArray { Int8, Uint8, Int16, Uint16, Int32, Uint32, BigInt64, BigUint64, Float32, Float64, None };

std::optional<DType> ParseDType(const std::string& name);
const char* DTypeName(DType dtype);

// Bytes per element in memory for numbers and bool (strings have their own size).
size_t DTypeSize(DType dtype);
JsArray JsArrayOf(DType dtype);
// The TypedArray length that holds count elements (twice count for complex).
size_t JsLength(DType dtype, size_t count);

// How a string type pads and encodes, as read from a file.
struct StringLayout {
  bool variable = false;
  size_t size = 0;  // fixed size in bytes (0 when variable)
  H5T_str_t pad = H5T_STR_NULLTERM;
  H5T_cset_t cset = H5T_CSET_ASCII;
};

// A file datatype understood as an h5tables dtype; nullopt for anything unsupported
// (compound, float16, references, ...). An H5T_ARRAY of a numeric, bool or fixed string type is its
// base dtype with array_dims (PyTables' array atom: its shape follows the dataset's).
// An H5T_ENUM's members (PyTables' EnumAtom): dtype is its base integer type.
struct EnumMembers {
  std::vector<std::string> names;
  std::vector<double> values;  // in stored order
};
struct TypeInfo {
  DType dtype;
  H5T_order_t order;                // H5T_ORDER_NONE for bool and strings
  StringLayout string;              // for DType::String
  std::vector<hsize_t> array_dims;  // H5T_ARRAY's dimensions, else empty
  std::optional<EnumMembers> enum_members;
};
std::optional<TypeInfo> Classify(hid_t file_type);

// Whether type is a complex number's compound ({r, i} of two IEEE floats of one size).
bool IsComplex(hid_t type);

// The memory type HDF5 reads a non-string stored type (classified as info) into: the
// dtype's native type, an enum's native enum (HDF5 converts no enum to an integer), an
// H5T_ARRAY of either for an array atom.
Hid MemTypeFor(hid_t stored, const TypeInfo& info);

// A new little-endian enum over dtype's integer type with these members.
Hid MakeEnumType(DType dtype, const EnumMembers& members);

// Predefined memory type for a non-string dtype (owned by HDF5: never close it).
hid_t NativeMemType(DType dtype);
// Predefined little-endian file type for a non-string dtype, as PyTables writes on x86.
hid_t LittleEndianFileType(DType dtype);
// A new fixed- or variable-length C string type.
Hid MakeStringType(const StringLayout& layout);

}  // namespace h5t
