#include "hdf5/types.h"

#include "hdf5/errors.h"

namespace h5t {
namespace {

struct DTypeRow {
  DType dtype;
  const char* name;
  size_t size;
  napi_typedarray_type array_type;
};

constexpr DTypeRow kRows[] = {
    {DType::Int8, "int8", 1, napi_int8_array},
    {DType::UInt8, "uint8", 1, napi_uint8_array},
    {DType::Int16, "int16", 2, napi_int16_array},
    {DType::UInt16, "uint16", 2, napi_uint16_array},
    {DType::Int32, "int32", 4, napi_int32_array},
    {DType::UInt32, "uint32", 4, napi_uint32_array},
    {DType::Int64, "int64", 8, napi_bigint64_array},
    {DType::UInt64, "uint64", 8, napi_biguint64_array},
    {DType::Float32, "float32", 4, napi_float32_array},
    {DType::Float64, "float64", 8, napi_float64_array},
    {DType::Bool, "bool", 1, napi_uint8_array},
    {DType::String, "string", 0, napi_uint8_array},
};

const DTypeRow& RowOf(DType dtype) { return kRows[static_cast<int>(dtype)]; }

std::optional<DType> IntegerDType(size_t size, bool is_signed) {
  switch (size) {
    case 1: return is_signed ? DType::Int8 : DType::UInt8;
    case 2: return is_signed ? DType::Int16 : DType::UInt16;
    case 4: return is_signed ? DType::Int32 : DType::UInt32;
    case 8: return is_signed ? DType::Int64 : DType::UInt64;
    default: return std::nullopt;
  }
}

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

}  // namespace

std::optional<DType> ParseDType(const std::string& name) {
  for (const DTypeRow& row : kRows) {
    if (name == row.name) return row.dtype;
  }
  return std::nullopt;
}

const char* DTypeName(DType dtype) { return RowOf(dtype).name; }
size_t DTypeSize(DType dtype) { return RowOf(dtype).size; }
napi_typedarray_type TypedArrayTypeOf(DType dtype) { return RowOf(dtype).array_type; }

std::optional<TypeInfo> Classify(hid_t type) {
  H5T_class_t type_class = H5Tget_class(type);
  size_t size = H5Tget_size(type);
  switch (type_class) {
    case H5T_INTEGER: {
      auto dtype = IntegerDType(size, H5Tget_sign(type) == H5T_SGN_2);
      if (!dtype) return std::nullopt;
      return TypeInfo{*dtype, H5Tget_order(type), {}};
    }
    case H5T_FLOAT:
      // Only IEEE single and double: a float16 or long double would read wrongly as these.
      if (size == 4) return TypeInfo{DType::Float32, H5Tget_order(type), {}};
      if (size == 8) return TypeInfo{DType::Float64, H5Tget_order(type), {}};
      return std::nullopt;
    case H5T_BITFIELD:
      if (size == 1) return TypeInfo{DType::Bool, H5T_ORDER_NONE, {}};
      return std::nullopt;
    case H5T_ENUM:
      if (IsBoolEnum(type)) return TypeInfo{DType::Bool, H5T_ORDER_NONE, {}};
      return std::nullopt;
    case H5T_STRING: {
      StringLayout layout;
      htri_t variable = H5Tis_variable_str(type);
      if (variable < 0) return std::nullopt;
      layout.variable = variable > 0;
      layout.size = layout.variable ? 0 : size;
      layout.pad = H5Tget_strpad(type);
      layout.cset = H5Tget_cset(type);
      return TypeInfo{DType::String, H5T_ORDER_NONE, layout};
    }
    default:
      return std::nullopt;
  }
}

hid_t NativeMemType(DType dtype) {
  switch (dtype) {
    case DType::Int8: return H5T_NATIVE_INT8;
    case DType::UInt8: return H5T_NATIVE_UINT8;
    case DType::Int16: return H5T_NATIVE_INT16;
    case DType::UInt16: return H5T_NATIVE_UINT16;
    case DType::Int32: return H5T_NATIVE_INT32;
    case DType::UInt32: return H5T_NATIVE_UINT32;
    case DType::Int64: return H5T_NATIVE_INT64;
    case DType::UInt64: return H5T_NATIVE_UINT64;
    case DType::Float32: return H5T_NATIVE_FLOAT;
    case DType::Float64: return H5T_NATIVE_DOUBLE;
    case DType::Bool: return H5T_NATIVE_B8;
    case DType::String: break;
  }
  return H5I_INVALID_HID;
}

hid_t LittleEndianFileType(DType dtype) {
  switch (dtype) {
    case DType::Int8: return H5T_STD_I8LE;
    case DType::UInt8: return H5T_STD_U8LE;
    case DType::Int16: return H5T_STD_I16LE;
    case DType::UInt16: return H5T_STD_U16LE;
    case DType::Int32: return H5T_STD_I32LE;
    case DType::UInt32: return H5T_STD_U32LE;
    case DType::Int64: return H5T_STD_I64LE;
    case DType::UInt64: return H5T_STD_U64LE;
    case DType::Float32: return H5T_IEEE_F32LE;
    case DType::Float64: return H5T_IEEE_F64LE;
    case DType::Bool: return H5T_STD_B8LE;
    case DType::String: break;
  }
  return H5I_INVALID_HID;
}

Hid MakeStringType(const StringLayout& layout) {
  Hid type(Check(H5Tcopy(H5T_C_S1), "H5Tcopy"));
  CheckErr(H5Tset_size(type.get(), layout.variable ? H5T_VARIABLE : layout.size), "H5Tset_size");
  if (!layout.variable) CheckErr(H5Tset_strpad(type.get(), layout.pad), "H5Tset_strpad");
  CheckErr(H5Tset_cset(type.get(), layout.cset), "H5Tset_cset");
  return type;
}

}  // namespace h5t
