#include "hdf5/links.h"

#include "hdf5/attributes.h"
#include "hdf5/errors.h"
#include "hdf5/external_policy.h"
#include "hdf5/hid.h"
#include "hdf5/link_iterate.h"

namespace h5t {
namespace {

void RequireAbsolute(const std::string& path) {
  if (path.empty() || path[0] != '/') ThrowInvalidArg("path must be absolute: '" + path + "'");
}

// The parent of an absolute path ("/a/b" -> "/a", "/a" -> "/").
std::string ParentPath(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The kind of an object, opened through loc/name; Other when it cannot be opened
// (a dangling soft link, an external link to a missing file).
NodeKind KindOf(hid_t object) {
  switch (H5Iget_type(object)) {
    case H5I_GROUP:
      return NodeKind::Group;
    case H5I_DATASET:
      return NodeKind::Dataset;
    case H5I_DATATYPE:
      return NodeKind::Datatype;
    default:
      return NodeKind::Other;
  }
}

NodeKind KindAt(hid_t loc, const char* name) {
  Hid object(H5Oopen(loc, name, H5P_DEFAULT));
  return object.valid() ? KindOf(object.get()) : NodeKind::Other;
}

struct NamedLink {
  std::string name;
  H5L_type_t type;
};

herr_t CollectName(hid_t, const char* name, const LinkInfo* info, void* data) {
  static_cast<std::vector<NamedLink>*>(data)->push_back({name, info->type});
  return 0;
}

// A soft or external link is reported as itself; a hard link by what it leads to.
std::optional<NodeKind> LinkKind(H5L_type_t type) {
  switch (type) {
    case H5L_TYPE_HARD:
      return std::nullopt;
    case H5L_TYPE_SOFT:
      return NodeKind::SoftLink;
    case H5L_TYPE_EXTERNAL:
      return NodeKind::ExternalLink;
    default:
      return NodeKind::Other;
  }
}

H5L_type_t TypeOfLink(hid_t loc, const char* name, LinkInfo* info) {
#if H5_VERSION_GE(1, 12, 0)
  CheckErr(H5Lget_info2(loc, name, info, H5P_DEFAULT), "H5Lget_info2");
#else
  CheckErr(H5Lget_info(loc, name, info, H5P_DEFAULT), "H5Lget_info");
#endif
  return info->type;
}

}  // namespace

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::Group:
      return "group";
    case NodeKind::Dataset:
      return "dataset";
    case NodeKind::Datatype:
      return "datatype";
    case NodeKind::SoftLink:
      return "softlink";
    case NodeKind::ExternalLink:
      return "externallink";
    case NodeKind::Other:
      break;
  }
  return "other";
}

std::optional<NodeKind> GetKind(GroupCache& groups, const std::string& path) {
  RequireAbsolute(path);
  // H5Lexists only checks the last component: walk the path so that a missing or
  // non-group intermediate answers "no such node" rather than failing. The walk starts
  // from the deepest group the cache holds (normally the parent), and each step looks
  // one name up in the group opened by the step before.
  PathLocation at = groups.Parent(path);
  Hid group(Check(H5Oopen(at.loc, ".", H5P_DEFAULT), "H5Oopen"));
  const std::string& rest = at.loc == groups.file() ? path : at.name;
  NodeKind kind = NodeKind::Group;
  size_t position = 0;
  while (position < rest.size()) {
    size_t end = rest.find('/', position);
    if (end == std::string::npos) end = rest.size();
    if (end > position) {
      if (kind != NodeKind::Group) return std::nullopt;
      std::string name = rest.substr(position, end - position);
      if (!CheckTri(H5Lexists(group.get(), name.c_str(), H5P_DEFAULT), "H5Lexists")) return std::nullopt;
      bool last = rest.find_first_not_of('/', end) == std::string::npos;
      if (last) {
        // The path's own link is not followed when it is soft or external.
        LinkInfo info;
        std::optional<NodeKind> link = LinkKind(TypeOfLink(group.get(), name.c_str(), &info));
        if (link) return link;
      }
      Hid object(H5Oopen(group.get(), name.c_str(), H5P_DEFAULT));
      // Going through a refused external link is an error (paths through links are
      // followed, as HDF5 follows them).
      if (!object.valid() && !last && ExternalRefusalPending()) ThrowHdf5("H5Oopen");
      kind = object.valid() ? KindOf(object.get()) : NodeKind::Other;
      group = std::move(object);
    }
    position = end + 1;
  }
  return kind;
}

std::vector<Child> ListChildren(GroupCache& groups, const std::string& group_path) {
  RequireAbsolute(group_path);
  PathLocation at = groups.Object(group_path);
  Hid group(Check(H5Gopen2(at.loc, at.c_name(), H5P_DEFAULT), "H5Gopen2"));
  if (at.name != ".") groups.Add(group_path, group.get());  // a walk lists its children next
  std::vector<NamedLink> links;
  CheckErr(H5T_LITERATE(group.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, CollectName, &links), "H5Literate");
  std::vector<Child> children;
  children.reserve(links.size());
  for (NamedLink& link : links) {
    // Soft and external links are listed as links: no other file is opened to list.
    std::optional<NodeKind> link_kind = LinkKind(link.type);
    NodeKind kind = link_kind ? *link_kind : KindAt(group.get(), link.name.c_str());
    children.push_back({std::move(link.name), kind});
  }
  return children;
}

void CreateGroup(GroupCache& groups, const std::string& path, const AttributeList& attributes,
                 const std::vector<std::string>& inherited) {
  RequireAbsolute(path);
  PathLocation at = groups.Parent(path);
  if (CheckTri(H5Lexists(at.loc, at.c_name(), H5P_DEFAULT), "H5Lexists")) {
    throw Failure(FailureKind::Exists, "a node already exists at " + path);
  }
  Hid group(Check(H5Gcreate2(at.loc, at.c_name(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "H5Gcreate2"));
  try {
    WriteNewAttributes(group.get(), attributes);
    if (!inherited.empty()) CopyAttributes(groups, ParentPath(path), inherited, group.get());
  } catch (...) {
    group.reset();
    H5Ldelete(at.loc, at.c_name(), H5P_DEFAULT);  // leave no half-made node behind
    throw;
  }
  groups.Add(path, group.get());  // its children come next when a tree is built
}

bool HasLink(GroupCache& groups, const std::string& path) {
  RequireAbsolute(path);
  PathLocation at = groups.Parent(path);
  return CheckTri(H5Lexists(at.loc, at.c_name(), H5P_DEFAULT), "H5Lexists");
}

// Deleting or moving a link can change what any cached path names (soft and hard links
// make one group reachable by many paths): the cache starts over, when it succeeded.
void DeleteLink(GroupCache& groups, const std::string& path) {
  RequireAbsolute(path);
  PathLocation at = groups.Parent(path);
  CheckErr(H5Ldelete(at.loc, at.c_name(), H5P_DEFAULT), "H5Ldelete");
  groups.Invalidate();
}

void MoveLink(GroupCache& groups, const std::string& src, const std::string& dst) {
  RequireAbsolute(src);
  RequireAbsolute(dst);
  PathLocation from = groups.Parent(src);
  PathLocation to = groups.Parent(dst);
  CheckErr(H5Lmove(from.loc, from.c_name(), to.loc, to.c_name(), H5P_DEFAULT, H5P_DEFAULT), "H5Lmove");
  groups.Invalidate();
}

// A copy only adds links (the destination must be free), so what cached paths name stays.
void CopyObject(GroupCache& groups, const std::string& src, const std::string& dst) {
  RequireAbsolute(src);
  RequireAbsolute(dst);
  PathLocation from = groups.Parent(src);
  PathLocation to = groups.Parent(dst);
  CheckErr(H5Ocopy(from.loc, from.c_name(), to.loc, to.c_name(), H5P_DEFAULT, H5P_DEFAULT), "H5Ocopy");
}

LinkValue GetLinkValue(GroupCache& groups, const std::string& path) {
  RequireAbsolute(path);
  PathLocation at = groups.Parent(path);
  LinkInfo info;
  H5L_type_t type = TypeOfLink(at.loc, at.c_name(), &info);
  LinkValue value;
  if (type == H5L_TYPE_HARD) {
    value.type = "hard";
    return value;
  }
  if (type != H5L_TYPE_SOFT && type != H5L_TYPE_EXTERNAL) {
    value.type = "other";
    return value;
  }
  std::vector<char> buffer(info.u.val_size + 1, '\0');
  CheckErr(H5Lget_val(at.loc, at.c_name(), buffer.data(), buffer.size(), H5P_DEFAULT), "H5Lget_val");
  if (type == H5L_TYPE_SOFT) {
    value.type = "soft";
    value.target.assign(buffer.data());
    return value;
  }
  value.type = "external";
  unsigned flags = 0;
  const char* file = nullptr;
  const char* object = nullptr;
  CheckErr(H5Lunpack_elink_val(buffer.data(), info.u.val_size, &flags, &file, &object), "H5Lunpack_elink_val");
  value.file.assign(file ? file : "");
  value.target.assign(object ? object : "");
  return value;
}

void CreateSoftLink(GroupCache& groups, const std::string& path, const std::string& target) {
  RequireAbsolute(path);
  PathLocation at = groups.Parent(path);
  CheckErr(H5Lcreate_soft(target.c_str(), at.loc, at.c_name(), H5P_DEFAULT, H5P_DEFAULT), "H5Lcreate_soft");
}

void CreateExternalLink(GroupCache& groups, const std::string& path, const std::string& file,
                        const std::string& target) {
  RequireAbsolute(path);
  PathLocation at = groups.Parent(path);
  CheckErr(H5Lcreate_external(file.c_str(), target.c_str(), at.loc, at.c_name(), H5P_DEFAULT, H5P_DEFAULT),
           "H5Lcreate_external");
}

void CreateHardLink(GroupCache& groups, const std::string& path, const std::string& target_path) {
  RequireAbsolute(path);
  RequireAbsolute(target_path);
  PathLocation from = groups.Parent(target_path);
  PathLocation to = groups.Parent(path);
  CheckErr(H5Lcreate_hard(from.loc, from.c_name(), to.loc, to.c_name(), H5P_DEFAULT, H5P_DEFAULT), "H5Lcreate_hard");
}

}  // namespace h5t
