// Compound datatypes (PyTables' table rows) without napi: a stored compound read into a
// tree of Fields, a packed file type built from fields (as PyTables packs its records),
// and packed memory compounds of a subset of the stored fields.
#pragma once

#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/hid.h"
#include "hdf5/types.h"

namespace h5t {

// One member of a compound type (lib/native.ts NativeField).
struct Field {
  std::string name;
  bool nested = false;         // a nested compound: its members are in fields
  std::optional<DType> dtype;  // a leaf's dtype; nullopt for nested or an unsupported type
  std::vector<Field> fields;
  std::vector<hsize_t> shape;  // an H5T_ARRAY member's dimensions, else []
  size_t itemsize = 0;         // bytes per element (strings: the fixed size)
  size_t offset = 0;           // in the stored record
  H5T_order_t order = H5T_ORDER_NONE;
  StringLayout string;  // for strings
  // An enum's members (dtype is its base integer type; the values are read as integers).
  std::optional<EnumMembers> enum_members;
};

// One leaf of a memory compound: where it lies in each record and what it holds.
struct MemoryLeaf {
  DType dtype = DType::Float64;
  size_t offset = 0;    // in the memory record
  size_t elements = 1;  // per record (prod(shape))
  size_t bytes = 0;     // per record
  StringLayout string;
  std::string path;  // '/'-joined
};

// A packed memory compound and its leaves in depth-first order.
struct MemoryLayout {
  Hid type;
  size_t size = 0;
  std::vector<MemoryLeaf> leaves;
};

// The bytes of one record of fields packed as MakeFileCompound packs them (no HDF5 call:
// for checks on the JS thread). String leaves need their itemsize.
size_t RecordBytes(const std::vector<Field>& fields);

bool IsCompound(hid_t type);

// The members of a stored compound, in stored order (nested ones recursively); one of a
// type the binding does not read has no dtype.
std::vector<Field> DescribeCompound(hid_t type);

// The leaves of fields, depth-first.
std::vector<const Field*> Leaves(const std::vector<Field>& fields);
size_t ElementsPerRecord(const Field& leaf);

// The packed file type of new records.
Hid MakeFileCompound(const std::vector<Field>& fields);

// A packed memory compound of the wanted fields of stored (whose fields are
// stored_fields); a wanted leaf's dtype (when set) is its memory dtype.
MemoryLayout MakeMemoryLayout(hid_t stored, const std::vector<Field>& stored_fields, const std::vector<Field>& wanted);

// The subset of stored that paths name, in stored order; an unknown one is InvalidArg.
std::vector<Field> SelectFields(const std::vector<Field>& stored, const std::vector<std::string>& paths,
                                const std::string& what);

// Checks given (a value's fields) against stored: names, nesting, convertible dtypes, shapes.
void CheckGivenFields(const std::vector<Field>& stored, const std::vector<Field>& given, const std::string& what);

// Unsupported if a leaf of fields has no dtype.
void CheckReadableFields(const std::vector<Field>& fields, const std::string& what);

}  // namespace h5t
