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

herr_t CollectName(hid_t, const char* name, const LinkInfo*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
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
      Hid object(H5Oopen(group.get(), name.c_str(), H5P_DEFAULT));
      // Going through a refused external link is an error; the link itself is a node
      // (of kind Other, as h5tables does not follow it), so listing and has() still work.
      bool last = rest.find_first_not_of('/', end) == std::string::npos;
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
  std::vector<std::string> names;
  CheckErr(H5T_LITERATE(group.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, CollectName, &names), "H5Literate");
  std::vector<Child> children;
  children.reserve(names.size());
  for (std::string& name : names) {
    NodeKind kind = KindAt(group.get(), name.c_str());
    children.push_back({std::move(name), kind});
  }
  return children;
}

void CreateGroup(GroupCache& groups, const std::string& path, const AttributeList& attributes) {
  RequireAbsolute(path);
  PathLocation at = groups.Parent(path);
  Hid group(Check(H5Gcreate2(at.loc, at.c_name(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "H5Gcreate2"));
  try {
    WriteNewAttributes(group.get(), attributes);
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

}  // namespace h5t
