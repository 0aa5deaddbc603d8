#include "hdf5/types.h"

#include "hdf5/errors.h"

namespace h5t {
namespace {

// H5T_NATIVE_* are not constants (they initialise the library): rows name them through
// functions, called only with the HDF5 lock held.
using TypeOf = hid_t (*)();

struct DTypeRow {
  DType dtype;
  const char* name;
  size_t size;  // bytes per element in memory
  JsArray js_array;
  H5T_class_t file_class;  // what Classify matches: class, stored size and sign
  size_t file_size;
  H5T_sign_t sign;
  TypeOf mem_type;
  TypeOf file_type;
};

// In DType order. Strings and bool enums are classified by Classify itself.
const DTypeRow kRows[] = {
    {DType::Int8, "int8", 1, JsArray::Int8, H5T_INTEGER, 1, H5T_SGN_2, [] { return H5T_NATIVE_INT8; },
     [] { return H5T_STD_I8LE; }},
    {DType::UInt8, "uint8", 1, JsArray::Uint8, H5T_INTEGER, 1, H5T_SGN_NONE, [] { return H5T_NATIVE_UINT8; },
     [] { return H5T_STD_U8LE; }},
    {DType::Int16, "int16", 2, JsArray::Int16, H5T_INTEGER, 2, H5T_SGN_2, [] { return H5T_NATIVE_INT16; },
     [] { return H5T_STD_I16LE; }},
    {DType::UInt16, "uint16", 2, JsArray::Uint16, H5T_INTEGER, 2, H5T_SGN_NONE, [] { return H5T_NATIVE_UINT16; },
     [] { return H5T_STD_U16LE; }},
    {DType::Int32, "int32", 4, JsArray::Int32, H5T_INTEGER, 4, H5T_SGN_2, [] { return H5T_NATIVE_INT32; },
     [] { return H5T_STD_I32LE; }},
    {DType::UInt32, "uint32", 4, JsArray::Uint32, H5T_INTEGER, 4, H5T_SGN_NONE, [] { return H5T_NATIVE_UINT32; },
     [] { return H5T_STD_U32LE; }},
    {DType::Int64, "int64", 8, JsArray::BigInt64, H5T_INTEGER, 8, H5T_SGN_2, [] { return H5T_NATIVE_INT64; },
     [] { return H5T_STD_I64LE; }},
    {DType::UInt64, "uint64", 8, JsArray::BigUint64, H5T_INTEGER, 8, H5T_SGN_NONE, [] { return H5T_NATIVE_UINT64; },
     [] { return H5T_STD_U64LE; }},
    // Only IEEE single and double: a float16 or long double would read wrongly as these.
    {DType::Float32, "float32", 4, JsArray::Float32, H5T_FLOAT, 4, H5T_SGN_ERROR, [] { return H5T_NATIVE_FLOAT; },
     [] { return H5T_IEEE_F32LE; }},
    {DType::Float64, "float64", 8, JsArray::Float64, H5T_FLOAT, 8, H5T_SGN_ERROR, [] { return H5T_NATIVE_DOUBLE; },
     [] { return H5T_IEEE_F64LE; }},
    {DType::Bool, "bool", 1, JsArray::Uint8, H5T_BITFIELD, 1, H5T_SGN_ERROR, [] { return H5T_NATIVE_B8; },
     [] { return H5T_STD_B8LE; }},
    {DType::String, "string", 0, JsArray::None, H5T_STRING, 0, H5T_SGN_ERROR, nullptr, nullptr},
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

std::optional<TypeInfo> ClassifyScalar(hid_t type) {
  H5T_class_t type_class = H5Tget_class(type);
  size_t size = H5Tget_size(type);
  if (type_class == H5T_ENUM) {
    if (IsBoolEnum(type)) return TypeInfo{DType::Bool, H5T_ORDER_NONE, {}, {}};
    return std::nullopt;
  }
  if (type_class == H5T_STRING) {
    StringLayout layout;
    htri_t variable = H5Tis_variable_str(type);
    if (variable < 0) return std::nullopt;
    layout.variable = variable > 0;
    layout.size = layout.variable ? 0 : size;
    layout.pad = H5Tget_strpad(type);
    layout.cset = H5Tget_cset(type);
    return TypeInfo{DType::String, H5T_ORDER_NONE, layout, {}};
  }
  H5T_sign_t sign = type_class == H5T_INTEGER ? H5Tget_sign(type) : H5T_SGN_ERROR;
  for (const DTypeRow& row : kRows) {
    if (row.file_class == type_class && row.file_size == size && row.sign == sign) {
      H5T_order_t order = type_class == H5T_BITFIELD ? H5T_ORDER_NONE : H5Tget_order(type);
      return TypeInfo{row.dtype, order, {}, {}};
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
  if (base_class != H5T_INTEGER && base_class != H5T_FLOAT && base_class != H5T_BITFIELD && base_class != H5T_STRING) {
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
