#include "hdf5/compound.h"

#include <algorithm>
#include <functional>
#include <set>

#include "hdf5/errors.h"
#include "hdf5/spaces.h"
#include "hdf5/values.h"

namespace h5t {
namespace {

std::string MemberName(hid_t type, unsigned index) {
  char* name = H5Tget_member_name(type, index);
  if (!name) ThrowHdf5("H5Tget_member_name");
  std::string result(name);
  H5free_memory(name);
  return result;
}

void CollectLeaves(const std::vector<Field>& fields, std::vector<const Field*>& out) {
  for (const Field& field : fields) {
    if (field.nested) {
      CollectLeaves(field.fields, out);
    } else {
      out.push_back(&field);
    }
  }
}

Field DescribeMember(hid_t type, const std::string& name, size_t offset) {
  Field field;
  field.name = name;
  field.offset = offset;
  field.itemsize = H5Tget_size(type);
  if (IsCompound(type) && !IsComplex(type)) {
    field.nested = true;
    field.fields = DescribeCompound(type);
    return field;
  }
  std::optional<TypeInfo> info = Classify(type);
  // Variable-length strings in records are not read (PyTables writes none).
  if (!info || (info->dtype == DType::String && info->string.variable)) return field;
  field.dtype = info->dtype;
  field.shape = info->array_dims;
  field.order = info->order;
  field.string = info->string;
  field.enum_members = info->enum_members;
  if (!field.shape.empty()) {
    Hid base(Check(H5Tget_super(type), "H5Tget_super"));
    field.itemsize = H5Tget_size(base.get());
  }
  return field;
}

// The memory type of one leaf element, for JavaScript's dtype: enums (h5py's bool) as
// their native enum (HDF5 converts no enum to a bitfield or integer), strings as stored.
Hid LeafElementType(hid_t stored_leaf, const Field& stored, DType dtype) {
  if (dtype == DType::String) return MakeStringType(stored.string);
  Hid base;
  hid_t element = stored_leaf;
  if (H5Tget_class(stored_leaf) == H5T_ARRAY) {
    base = Hid(Check(H5Tget_super(stored_leaf), "H5Tget_super"));
    element = base.get();
  }
  // Enums as their native enum when JavaScript holds the base integers.
  if (H5Tget_class(element) == H5T_ENUM && dtype == stored.dtype) {
    return Hid(Check(H5Tget_native_type(element, H5T_DIR_ASCEND), "H5Tget_native_type"));
  }
  return Hid(Check(H5Tcopy(NativeMemType(dtype)), "H5Tcopy"));
}

const Field* FindField(const std::vector<Field>& fields, const std::string& name) {
  for (const Field& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::string FieldNames(const std::vector<Field>& fields) {
  std::string names;
  for (const Field& field : fields) names += (names.empty() ? "" : ", ") + field.name;
  return names;
}

// One level of a memory compound: members at offsets from base, leaves appended.
Hid MakeMemoryLevel(hid_t stored, const std::vector<Field>& stored_fields, const std::vector<Field>& wanted,
                    size_t base, const std::string& prefix, std::vector<MemoryLeaf>& leaves, size_t* size) {
  std::vector<Hid> types;
  std::vector<size_t> offsets;
  size_t at = base;
  for (const Field& want : wanted) {
    const Field* have = FindField(stored_fields, want.name);
    int index = H5Tget_member_index(stored, want.name.c_str());
    if (!have || index < 0) ThrowInvalidArg("no field " + prefix + want.name);
    Hid member(Check(H5Tget_member_type(stored, static_cast<unsigned>(index)), "H5Tget_member_type"));
    offsets.push_back(at - base);
    if (want.nested) {
      size_t nested_size = 0;
      types.push_back(
          MakeMemoryLevel(member.get(), have->fields, want.fields, at, prefix + want.name + "/", leaves, &nested_size));
      at += nested_size;
      continue;
    }
    DType dtype = want.dtype ? *want.dtype : *have->dtype;
    Hid element = LeafElementType(member.get(), *have, dtype);
    MemoryLeaf leaf;
    leaf.dtype = dtype;
    leaf.offset = at;
    leaf.elements = ElementsPerRecord(*have);
    leaf.string = have->string;
    leaf.path = prefix + want.name;
    leaf.bytes = H5Tget_size(element.get()) * leaf.elements;
    types.push_back(ArrayOf(element.get(), have->shape));
    leaves.push_back(leaf);
    at += leaf.bytes;
  }
  *size = at - base;
  // HDF5 refuses a compound of size 0.
  Hid compound(Check(H5Tcreate(H5T_COMPOUND, std::max<size_t>(*size, 1)), "H5Tcreate"));
  for (size_t i = 0; i < wanted.size(); i++) {
    CheckErr(H5Tinsert(compound.get(), wanted[i].name.c_str(), offsets[i], types[i].get()), "H5Tinsert");
  }
  return compound;
}

// What HDF5 converts into what: real numbers into each other, complex into complex;
// bool and strings only into themselves.
int KindOf(DType dtype) {
  switch (dtype) {
    case DType::String:
      return 0;
    case DType::Bool:
      return 1;
    case DType::Complex64:
    case DType::Complex128:
      return 2;
    default:
      return 3;
  }
}

bool Convertible(DType from, DType to) { return from == to || KindOf(from) == KindOf(to); }

}  // namespace

std::vector<const Field*> Leaves(const std::vector<Field>& fields) {
  std::vector<const Field*> out;
  CollectLeaves(fields, out);
  return out;
}

size_t ElementsPerRecord(const Field& leaf) {
  size_t count = 1;
  for (hsize_t dim : leaf.shape) count *= static_cast<size_t>(dim);
  return count;
}

size_t RecordBytes(const std::vector<Field>& fields) {
  size_t bytes = 0;
  for (const Field& field : fields) {
    if (field.nested) {
      bytes += RecordBytes(field.fields);
    } else {
      bytes += (field.dtype == DType::String ? field.itemsize : DTypeSize(*field.dtype)) * ElementsPerRecord(field);
    }
  }
  return bytes;
}

bool IsCompound(hid_t type) { return H5Tget_class(type) == H5T_COMPOUND; }

std::vector<Field> DescribeCompound(hid_t type) {
  int count = H5Tget_nmembers(type);
  if (count < 0) ThrowHdf5("H5Tget_nmembers");
  std::vector<Field> fields;
  fields.reserve(static_cast<size_t>(count));
  for (unsigned i = 0; i < static_cast<unsigned>(count); i++) {
    Hid member(Check(H5Tget_member_type(type, i), "H5Tget_member_type"));
    fields.push_back(DescribeMember(member.get(), MemberName(type, i), H5Tget_member_offset(type, i)));
  }
  return fields;
}

Hid MakeFileCompound(const std::vector<Field>& fields) {
  std::vector<Hid> types;
  size_t size = 0;
  for (const Field& field : fields) {
    Hid element;
    if (field.nested) {
      element = MakeFileCompound(field.fields);
    } else if (field.dtype == DType::String) {
      element = MakeStringType(StringLayout{false, field.itemsize, H5T_STR_NULLTERM, H5T_CSET_ASCII});
    } else if (field.enum_members) {
      element = MakeEnumType(*field.dtype, *field.enum_members);
    } else {
      element = Hid(Check(H5Tcopy(LittleEndianFileType(*field.dtype)), "H5Tcopy"));
    }
    types.push_back(field.nested ? std::move(element) : ArrayOf(element.get(), field.shape));
    size += H5Tget_size(types.back().get());
  }
  Hid compound(Check(H5Tcreate(H5T_COMPOUND, std::max<size_t>(size, 1)), "H5Tcreate"));
  size_t offset = 0;
  for (size_t i = 0; i < fields.size(); i++) {
    CheckErr(H5Tinsert(compound.get(), fields[i].name.c_str(), offset, types[i].get()), "H5Tinsert");
    offset += H5Tget_size(types[i].get());
  }
  return compound;
}

MemoryLayout MakeMemoryLayout(hid_t stored, const std::vector<Field>& stored_fields, const std::vector<Field>& wanted) {
  MemoryLayout layout;
  layout.type = MakeMemoryLevel(stored, stored_fields, wanted, 0, "", layout.leaves, &layout.size);
  return layout;
}

std::vector<Field> SelectFields(const std::vector<Field>& stored, const std::vector<std::string>& paths,
                                const std::string& what) {
  std::set<std::string> wanted;
  for (const std::string& path : paths) {
    // Walk the path, so that a wrong one is named before anything is read.
    const std::vector<Field>* level = &stored;
    size_t start = 0;
    for (;;) {
      size_t slash = path.find('/', start);
      std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      const Field* field = FindField(*level, part);
      if (!field || (slash != std::string::npos && !field->nested)) {
        ThrowInvalidArg("no field '" + path + "' in " + what + " (its fields: " + FieldNames(stored) + ")");
      }
      if (slash == std::string::npos) break;
      level = &field->fields;
      start = slash + 1;
    }
    wanted.insert(path);
  }
  std::function<std::vector<Field>(const std::vector<Field>&, const std::string&)> filter =
      [&](const std::vector<Field>& fields, const std::string& prefix) {
        std::vector<Field> out;
        for (const Field& field : fields) {
          std::string path = prefix + field.name;
          if (wanted.count(path)) {
            out.push_back(field);
            continue;
          }
          if (!field.nested) continue;
          auto next = wanted.lower_bound(path + "/");
          if (next == wanted.end() || next->compare(0, path.size() + 1, path + "/") != 0) continue;
          Field part = field;
          part.fields = filter(field.fields, path + "/");
          out.push_back(std::move(part));
        }
        return out;
      };
  return filter(stored, "");
}

void CheckGivenFields(const std::vector<Field>& stored, const std::vector<Field>& given, const std::string& what) {
  std::function<void(const std::vector<Field>&, const std::vector<Field>&, const std::string&)> check =
      [&](const std::vector<Field>& have, const std::vector<Field>& give, const std::string& prefix) {
        std::set<std::string> seen;
        for (const Field& field : give) {
          std::string path = prefix + field.name;
          if (!seen.insert(field.name).second) ThrowInvalidArg("field '" + path + "' is given twice");
          const Field* match = FindField(have, field.name);
          if (!match) {
            ThrowInvalidArg("no field '" + path + "' in " + what + " (its fields" +
                            (prefix.empty() ? std::string() : " in " + prefix.substr(0, prefix.size() - 1)) + ": " +
                            FieldNames(have) + ")");
          }
          if (match->nested != field.nested) {
            ThrowInvalidArg("field '" + path + "' of " + what + (match->nested ? " is" : " is not") +
                            " a nested compound");
          }
          if (field.nested) {
            check(match->fields, field.fields, path + "/");
            continue;
          }
          if (!match->dtype) {
            throw Failure(FailureKind::Unsupported,
                          "h5tables cannot write field '" + path + "' of " + what + ": its type is not supported");
          }
          if (match->enum_members && *field.dtype != *match->dtype) {
            ThrowInvalidArg("field '" + path + "' is an enum over " + DTypeName(*match->dtype) + " in " + what +
                            ": give its values as " + DTypeName(*match->dtype) + ", not " + DTypeName(*field.dtype));
          }
          if (!Convertible(*field.dtype, *match->dtype)) {
            ThrowInvalidArg("field '" + path + "' is " + DTypeName(*field.dtype) + ", but " + what + " stores it as " +
                            DTypeName(*match->dtype));
          }
          if (field.shape != match->shape) {
            ThrowInvalidArg("field '" + path + "' has shape " + ShapeText(field.shape) + ", but " + what +
                            " stores it with shape " + ShapeText(match->shape));
          }
        }
      };
  check(stored, given, "");
}

void CheckReadableFields(const std::vector<Field>& fields, const std::string& what) {
  std::function<void(const std::vector<Field>&, const std::string&)> check = [&](const std::vector<Field>& level,
                                                                                 const std::string& prefix) {
    for (const Field& field : level) {
      if (field.nested) {
        check(field.fields, prefix + field.name + "/");
      } else if (!field.dtype) {
        throw Failure(FailureKind::Unsupported, "h5tables cannot read field '" + prefix + field.name + "' of " + what +
                                                    ": its type is not supported (read the other fields by name)");
      }
    }
  };
  check(fields, "");
}

}  // namespace h5t
