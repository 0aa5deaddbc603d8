#include "hdf5/types.h"

#include <cstring>

#include "hdf5/errors.h"
#include "hdf5/values.h"

namespace h5t {
namespace {

// H5T_NATIVE_* are not constants (they initialise the library): rows name them through
// functions, called only with the HDF5 lock held.
using TypeOf = hid_t (*)();

// Types HDF5 does not predefine, made once per process (with the HDF5 lock held) and
// never closed, as the predefined ones are not.
hid_t MakeComplex(hid_t part) {
  size_t size = H5Tget_size(part);
  hid_t type = Check(H5Tcreate(H5T_COMPOUND, 2 * size), "H5Tcreate");
  CheckErr(H5Tinsert(type, "r", 0, part), "H5Tinsert");
  CheckErr(H5Tinsert(type, "i", size, part), "H5Tinsert");
  return type;
}
hid_t Complex64Native() {
  static hid_t type = MakeComplex(H5T_NATIVE_FLOAT);
  return type;
}
hid_t Complex128Native() {
  static hid_t type = MakeComplex(H5T_NATIVE_DOUBLE);
  return type;
}
hid_t Complex64File() {
  static hid_t type = MakeComplex(H5T_IEEE_F32LE);
  return type;
}
hid_t Complex128File() {
  static hid_t type = MakeComplex(H5T_IEEE_F64LE);
  return type;
}
// IEEE half, little-endian, as h5py and PyTables store numpy's float16 (HDF5 1.10 has
// no predefined one): sign bit 15, exponent 10-14 with bias 15, mantissa 0-9.
hid_t Float16File() {
  static hid_t type = [] {
    hid_t half = Check(H5Tcopy(H5T_IEEE_F32LE), "H5Tcopy");
    CheckErr(H5Tset_fields(half, 15, 10, 5, 0, 10), "H5Tset_fields");
    CheckErr(H5Tset_size(half, 2), "H5Tset_size");
    CheckErr(H5Tset_ebias(half, 15), "H5Tset_ebias");
    return half;
  }();
  return type;
}

struct DTypeRow {
  DType dtype;
  const char* name;
  size_t size;  // bytes per element in memory
  JsArray js_array;
  size_t js_scalar;        // bytes per TypedArray element (half an element for complex)
  H5T_class_t file_class;  // what Classify matches: class, stored size and sign
  size_t file_size;
  H5T_sign_t sign;
  TypeOf mem_type;
  TypeOf file_type;
};

// In DType order. Strings and bool enums are classified by Classify itself.
const DTypeRow kRows[] = {
    {DType::Int8, "int8", 1, JsArray::Int8, 1, H5T_INTEGER, 1, H5T_SGN_2, [] { return H5T_NATIVE_INT8; },
     [] { return H5T_STD_I8LE; }},
    {DType::UInt8, "uint8", 1, JsArray::Uint8, 1, H5T_INTEGER, 1, H5T_SGN_NONE, [] { return H5T_NATIVE_UINT8; },
     [] { return H5T_STD_U8LE; }},
    {DType::Int16, "int16", 2, JsArray::Int16, 2, H5T_INTEGER, 2, H5T_SGN_2, [] { return H5T_NATIVE_INT16; },
     [] { return H5T_STD_I16LE; }},
    {DType::UInt16, "uint16", 2, JsArray::Uint16, 2, H5T_INTEGER, 2, H5T_SGN_NONE, [] { return H5T_NATIVE_UINT16; },
     [] { return H5T_STD_U16LE; }},
    {DType::Int32, "int32", 4, JsArray::Int32, 4, H5T_INTEGER, 4, H5T_SGN_2, [] { return H5T_NATIVE_INT32; },
     [] { return H5T_STD_I32LE; }},
    {DType::UInt32, "uint32", 4, JsArray::Uint32, 4, H5T_INTEGER, 4, H5T_SGN_NONE, [] { return H5T_NATIVE_UINT32; },
     [] { return H5T_STD_U32LE; }},
    {DType::Int64, "int64", 8, JsArray::BigInt64, 8, H5T_INTEGER, 8, H5T_SGN_2, [] { return H5T_NATIVE_INT64; },
     [] { return H5T_STD_I64LE; }},
    {DType::UInt64, "uint64", 8, JsArray::BigUint64, 8, H5T_INTEGER, 8, H5T_SGN_NONE, [] { return H5T_NATIVE_UINT64; },
     [] { return H5T_STD_U64LE; }},
    // Only IEEE single and double: a float16 or long double would read wrongly as these.
    {DType::Float32, "float32", 4, JsArray::Float32, 4, H5T_FLOAT, 4, H5T_SGN_ERROR, [] { return H5T_NATIVE_FLOAT; },
     [] { return H5T_IEEE_F32LE; }},
    {DType::Float64, "float64", 8, JsArray::Float64, 8, H5T_FLOAT, 8, H5T_SGN_ERROR, [] { return H5T_NATIVE_DOUBLE; },
     [] { return H5T_IEEE_F64LE; }},
    {DType::Bool, "bool", 1, JsArray::Uint8, 1, H5T_BITFIELD, 1, H5T_SGN_ERROR, [] { return H5T_NATIVE_B8; },
     [] { return H5T_STD_B8LE; }},
    {DType::String, "string", 0, JsArray::None, 0, H5T_STRING, 0, H5T_SGN_ERROR, nullptr, nullptr},
    // Classified by ClassifyScalar itself (a compound {r, i}).
    {DType::Complex64, "complex64", 8, JsArray::Float32, 4, H5T_COMPOUND, 8, H5T_SGN_ERROR, Complex64Native,
     Complex64File},
    {DType::Complex128, "complex128", 16, JsArray::Float64, 8, H5T_COMPOUND, 16, H5T_SGN_ERROR, Complex128Native,
     Complex128File},
    // Read into float32 (JavaScript has no half): HDF5 converts between the formats.
    {DType::Float16, "float16", 4, JsArray::Float32, 4, H5T_FLOAT, 2, H5T_SGN_ERROR, [] { return H5T_NATIVE_FLOAT; },
     Float16File},
};

const DTypeRow& RowOf(DType dtype) { return kRows[static_cast<int>(dtype)]; }

// h5py stores numpy bools as an enum of a 1-byte integer with members FALSE=0, TRUE=1.
bool IsBoolEnum(hid_t type) {
  if (H5Tget_size(type) != 1 || H5Tget_nmembers(type) != 2) return false;
  for (unsigned i = 0; i < 2; i++) {
    signed char value = -1;
    if (H5Tget_member_value(type, i, &value) < 0) return false;
    char* member = H5Tget_member_name(type, i);
    if (!member) return false;
    std::string member_name(member);
    H5free_memory(member);
    if (!((member_name == "FALSE" && value == 0) || (member_name == "TRUE" && value == 1))) {
      return false;
    }
  }
  return true;
}

std::optional<TypeInfo> ClassifyScalar(hid_t type);

// PyTables' EnumAtom, h5py's enums: the base integer type and the members.
std::optional<TypeInfo> ClassifyEnum(hid_t type) {
  if (IsBoolEnum(type)) return TypeInfo{DType::Bool, H5T_ORDER_NONE, {}, {}, std::nullopt};
  Hid base(H5Tget_super(type));
  if (!base.valid() || H5Tget_class(base.get()) != H5T_INTEGER) return std::nullopt;
  std::optional<TypeInfo> info = ClassifyScalar(base.get());
  int count = H5Tget_nmembers(type);
  if (!info || count < 0) return std::nullopt;
  EnumMembers members;
  for (unsigned i = 0; i < static_cast<unsigned>(count); i++) {
    char* name = H5Tget_member_name(type, i);
    if (!name) return std::nullopt;
    members.names.emplace_back(name);
    H5free_memory(name);
    // The value in the base type, converted to a double in place (8 bytes hold both).
    alignas(8) unsigned char value[16] = {0};
    if (H5Tget_member_value(type, i, value) < 0 ||
        H5Tconvert(base.get(), H5T_NATIVE_DOUBLE, 1, value, nullptr, H5P_DEFAULT) < 0) {
      return std::nullopt;
    }
    double number = 0;
    std::memcpy(&number, value, sizeof number);
    members.values.push_back(number);
  }
  info->enum_members = std::move(members);
  return info;
}

std::optional<TypeInfo> ClassifyScalar(hid_t type) {
  H5T_class_t type_class = H5Tget_class(type);
  size_t size = H5Tget_size(type);
  if (type_class == H5T_ENUM) return ClassifyEnum(type);
  if (type_class == H5T_COMPOUND) {
    if (!IsComplex(type)) return std::nullopt;
    Hid part(H5Tget_member_type(type, 0));
    return TypeInfo{size == 8 ? DType::Complex64 : DType::Complex128, H5Tget_order(part.get()), {}, {}, std::nullopt};
  }
  if (type_class == H5T_STRING) {
    StringLayout layout;
    htri_t variable = H5Tis_variable_str(type);
    if (variable < 0) return std::nullopt;
    layout.variable = variable > 0;
    layout.size = layout.variable ? 0 : size;
    layout.pad = H5Tget_strpad(type);
    layout.cset = H5Tget_cset(type);
    return TypeInfo{DType::String, H5T_ORDER_NONE, layout, {}, std::nullopt};
  }
  H5T_sign_t sign = type_class == H5T_INTEGER ? H5Tget_sign(type) : H5T_SGN_ERROR;
  for (const DTypeRow& row : kRows) {
    if (row.file_class == type_class && row.file_size == size && row.sign == sign) {
      H5T_order_t order = type_class == H5T_BITFIELD ? H5T_ORDER_NONE : H5Tget_order(type);
      return TypeInfo{row.dtype, order, {}, {}, std::nullopt};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<DType> ParseDType(const std::string& name) {
  for (const DTypeRow& row : kRows) {
    if (name == row.name) return row.dtype;
  }
  return std::nullopt;
}

const char* DTypeName(DType dtype) { return RowOf(dtype).name; }
size_t DTypeSize(DType dtype) { return RowOf(dtype).size; }
size_t JsLength(DType dtype, size_t count) {
  const DTypeRow& row = RowOf(dtype);
  return row.js_scalar == 0 ? count : count * (row.size / row.js_scalar);
}

bool IsComplex(hid_t type) {
  if (H5Tget_class(type) != H5T_COMPOUND || H5Tget_nmembers(type) != 2) return false;
  size_t size = H5Tget_size(type);
  if (size != 8 && size != 16) return false;
  const char* names[] = {"r", "i"};
  for (unsigned i = 0; i < 2; i++) {
    char* name = H5Tget_member_name(type, i);
    if (!name) return false;
    bool named = std::strcmp(name, names[i]) == 0;
    H5free_memory(name);
    Hid part(H5Tget_member_type(type, i));
    if (!named || !part.valid() || H5Tget_class(part.get()) != H5T_FLOAT || H5Tget_size(part.get()) != size / 2 ||
        H5Tget_member_offset(type, i) != i * (size / 2)) {
      return false;
    }
  }
  return true;
}

Hid MemTypeFor(hid_t stored, const TypeInfo& info) {
  if (H5Tget_class(stored) == H5T_ARRAY) {
    Hid base(Check(H5Tget_super(stored), "H5Tget_super"));
    Hid element = MemTypeFor(base.get(), info);
    return ArrayOf(element.get(), info.array_dims);
  }
  if (H5Tget_class(stored) == H5T_ENUM) {
    Hid native(Check(H5Tget_native_type(stored, H5T_DIR_ASCEND), "H5Tget_native_type"));
    if (H5Tget_size(native.get()) != DTypeSize(info.dtype)) {
      throw Failure(FailureKind::Unsupported, "h5tables cannot read this enum type");
    }
    return native;
  }
  return Hid(Check(H5Tcopy(NativeMemType(info.dtype)), "H5Tcopy"));
}

Hid MakeEnumType(DType dtype, const EnumMembers& members) {
  hid_t base = LittleEndianFileType(dtype);
  Hid type(Check(H5Tenum_create(base), "H5Tenum_create"));
  for (size_t i = 0; i < members.names.size(); i++) {
    alignas(8) unsigned char value[16] = {0};
    std::memcpy(value, &members.values[i], sizeof(double));
    CheckErr(H5Tconvert(H5T_NATIVE_DOUBLE, base, 1, value, nullptr, H5P_DEFAULT), "H5Tconvert");
    CheckErr(H5Tenum_insert(type.get(), members.names[i].c_str(), value), "H5Tenum_insert");
  }
  return type;
}
JsArray JsArrayOf(DType dtype) { return RowOf(dtype).js_array; }

std::optional<TypeInfo> Classify(hid_t type) {
  if (H5Tget_class(type) != H5T_ARRAY) return ClassifyScalar(type);
  // PyTables' array atoms: numbers, bools and fixed-length strings (the base read as a
  // whole array).
  int rank = H5Tget_array_ndims(type);
  if (rank <= 0 || rank > H5S_MAX_RANK) return std::nullopt;
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  if (H5Tget_array_dims2(type, dims.data()) < 0) return std::nullopt;
  Hid base(H5Tget_super(type));
  if (!base.valid()) return std::nullopt;
  H5T_class_t base_class = H5Tget_class(base.get());
  if (base_class != H5T_INTEGER && base_class != H5T_FLOAT && base_class != H5T_BITFIELD && base_class != H5T_STRING &&
      base_class != H5T_ENUM && !(base_class == H5T_COMPOUND && IsComplex(base.get()))) {
    return std::nullopt;
  }
  std::optional<TypeInfo> info = ClassifyScalar(base.get());
  if (info && info->string.variable) return std::nullopt;
  if (info) info->array_dims = std::move(dims);
  return info;
}

hid_t NativeMemType(DType dtype) {
  TypeOf of = RowOf(dtype).mem_type;
  return of ? of() : H5I_INVALID_HID;
}

hid_t LittleEndianFileType(DType dtype) {
  TypeOf of = RowOf(dtype).file_type;
  return of ? of() : H5I_INVALID_HID;
}

Hid MakeStringType(const StringLayout& layout) {
  Hid type(Check(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  CheckErr(H5Tset_size(type.get(), layout.variable ? H5T_VARIABLE : layout.size), "H5Tset_size");
  if (!layout.variable) CheckErr(H5Tset_strpad(type.get(), layout.pad), "H5Tset_strpad");
  CheckErr(H5Tset_cset(type.get(), layout.cset), "H5Tset_cset");
  return type;
}

}  // namespace h5t
