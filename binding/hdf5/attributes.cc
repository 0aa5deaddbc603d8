#include "hdf5/attributes.h"

#include "hdf5/errors.h"
#include "hdf5/hid.h"
#include "hdf5/spaces.h"

namespace h5t {
namespace {

herr_t CollectName(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

void RequireName(const std::string& name) {
  if (name.empty() || name.find('\0') != std::string::npos) {
    ThrowInvalidArg("attribute name must be a non-empty string without NUL characters");
  }
}

}  // namespace

std::vector<std::string> ListAttributes(GroupCache& groups, const std::string& path) {
  PathLocation at = groups.Object(path);
  Hid object(Check(H5Oopen(at.loc, at.c_name(), H5P_DEFAULT), "H5Oopen"));
  std::vector<std::string> names;
  CheckErr(H5Aiterate2(object.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, CollectName, &names), "H5Aiterate2");
  return names;
}

bool HasAttribute(GroupCache& groups, const std::string& path, const std::string& name) {
  RequireName(name);
  PathLocation at = groups.Object(path);
  return CheckTri(H5Aexists_by_name(at.loc, at.c_name(), name.c_str(), H5P_DEFAULT), "H5Aexists_by_name");
}

ReadResult ReadAttribute(GroupCache& groups, const std::string& path, const std::string& name, ReadBuffer& buffer,
                         const ReadLimit& limit) {
  RequireName(name);
  PathLocation at = groups.Object(path);
  Hid attribute(Check(H5Aopen_by_name(at.loc, at.c_name(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), "H5Aopen_by_name"));
  Hid type(Check(H5Aget_type(attribute.get()), "H5Aget_type"));
  Hid space(Check(H5Aget_space(attribute.get()), "H5Aget_space"));
  std::vector<hsize_t> shape;
  bool has_space = SpaceShape(space.get(), &shape);
  ReadSource source{attribute.get(), true, H5S_ALL, H5S_ALL};
  return ReadValue(source, type.get(), has_space ? &shape : nullptr, buffer, limit,
                   "attribute '" + name + "' of " + path);
}

namespace {

// Creates attribute `name` on `object_name` (relative to loc) of file_type over space, and
// fills it with write(attribute).
void CreateAndWrite(hid_t loc, const char* object_name, const std::string& name, const AttributeContents& contents) {
  Hid attribute(Check(H5Acreate_by_name(loc, object_name, name.c_str(), contents.file_type, contents.space, H5P_DEFAULT,
                                        H5P_DEFAULT, H5P_DEFAULT),
                      "H5Acreate_by_name"));
  try {
    contents.write(attribute.get());
  } catch (...) {
    // Nothing half-made is left: an attribute created but not written goes again.
    attribute.reset();
    H5Adelete_by_name(loc, object_name, name.c_str(), H5P_DEFAULT);
    throw;
  }
}

// A name beside `name` that no attribute of the object has. Longer than `name`, so the
// final rename only shrinks the attribute's header message and cannot run out of room.
std::string SpareName(hid_t loc, const char* object_name, const std::string& name) {
  for (int i = 0;; i++) {
    std::string spare = name + ".~h5tables-new" + (i ? std::to_string(i) : "");
    if (!CheckTri(H5Aexists_by_name(loc, object_name, spare.c_str(), H5P_DEFAULT), "H5Aexists_by_name")) return spare;
  }
}

// Creates attribute `name` on the object `object_name` relative to loc, replacing one of
// the same name (an object just created has none to replace). A replacement is written
// whole under a spare name first, so when it does not fit (too large for the object
// header, say) the old value is still there.
void WriteOne(hid_t loc, const char* object_name, const std::string& name, const AttributeContents& contents,
              bool fresh) {
  RequireName(name);
  if (fresh || !CheckTri(H5Aexists_by_name(loc, object_name, name.c_str(), H5P_DEFAULT), "H5Aexists_by_name")) {
    CreateAndWrite(loc, object_name, name, contents);
    return;
  }
  std::string spare = SpareName(loc, object_name, name);
  CreateAndWrite(loc, object_name, spare, contents);
  CheckErr(H5Adelete_by_name(loc, object_name, name.c_str(), H5P_DEFAULT), "H5Adelete_by_name");
  CheckErr(H5Arename_by_name(loc, object_name, spare.c_str(), name.c_str(), H5P_DEFAULT), "H5Arename_by_name");
}

// value's type, space and write.
void WriteValueOn(hid_t loc, const char* object_name, const std::string& name, const WriteValue& value, bool fresh) {
  Hid space = value.MakeSpace();
  Hid file_type = value.MakeFileType();
  WriteOne(loc, object_name, name,
           {file_type.get(), space.get(),
            [&](hid_t attribute) {
              if (value.element_count == 0) return;
              Hid owned_mem_type;
              hid_t mem_type = value.MemType(owned_mem_type);
              CheckErr(H5Awrite(attribute, mem_type, value.bytes()), "H5Awrite");
            }},
           fresh);
}

}  // namespace

void WriteAttribute(GroupCache& groups, const std::string& path, const std::string& name, const WriteValue& value) {
  PathLocation at = groups.Object(path);
  WriteValueOn(at.loc, at.c_name(), name, value, false);
}

void WriteAttributeContents(GroupCache& groups, const std::string& path, const std::string& name,
                            const AttributeContents& contents) {
  PathLocation at = groups.Object(path);
  WriteOne(at.loc, at.c_name(), name, contents, false);
}

void WriteNewAttributes(hid_t object, const AttributeList& attributes) {
  for (const auto& [name, value] : attributes) WriteValueOn(object, ".", name, value, true);
}

namespace {

void ReclaimVariable(hid_t type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
  H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);
#endif
}

// One attribute copied as it is stored (its own type and space, no conversion).
void CopyOne(hid_t loc, const char* object_name, const std::string& name, hid_t to) {
  Hid source(Check(H5Aopen_by_name(loc, object_name, name.c_str(), H5P_DEFAULT, H5P_DEFAULT), "H5Aopen_by_name"));
  Hid type(Check(H5Aget_type(source.get()), "H5Aget_type"));  // a memory type: reads as stored
  Hid space(Check(H5Aget_space(source.get()), "H5Aget_space"));
  hssize_t points = H5Sget_select_npoints(space.get());
  size_t size = H5Tget_size(type.get());
  if (points < 0 || size == 0) ThrowHdf5("H5Sget_select_npoints");
  std::vector<unsigned char> bytes(static_cast<size_t>(points) * size);
  bool variable = H5Tdetect_class(type.get(), H5T_VLEN) > 0 || H5Tis_variable_str(type.get()) > 0;
  CheckErr(H5Aread(source.get(), type.get(), bytes.data()), "H5Aread");
  struct Reclaim {
    hid_t type, space;
    void* data;
    bool on;
    ~Reclaim() {
      if (on) ReclaimVariable(type, space, data);
    }
  } reclaim{type.get(), space.get(), bytes.data(), variable};
  Hid copy(Check(H5Acreate2(to, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2"));
  CheckErr(H5Awrite(copy.get(), type.get(), bytes.data()), "H5Awrite");
}

}  // namespace

void CopyAttributes(GroupCache& groups, const std::string& from, const std::vector<std::string>& names, hid_t to) {
  if (names.empty()) return;
  PathLocation at = groups.Object(from);
  for (const auto& name : names) {
    RequireName(name);
    if (CheckTri(H5Aexists_by_name(at.loc, at.c_name(), name.c_str(), H5P_DEFAULT), "H5Aexists_by_name")) {
      CopyOne(at.loc, at.c_name(), name, to);
    }
  }
}

void DeleteAttribute(GroupCache& groups, const std::string& path, const std::string& name) {
  RequireName(name);
  PathLocation at = groups.Object(path);
  CheckErr(H5Adelete_by_name(at.loc, at.c_name(), name.c_str(), H5P_DEFAULT), "H5Adelete_by_name");
}

}  // namespace h5t
