// Groups and links: what a path names, a group's children, and link operations.
#pragma once

#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/attributes.h"
#include "hdf5/group_cache.h"

namespace h5t {

// SoftLink and ExternalLink: the link itself, not followed (PyTables' link nodes).
enum class NodeKind { Group, Dataset, Datatype, Other, SoftLink, ExternalLink };
const char* NodeKindName(NodeKind kind);

// Kind of the object a path names, or nullopt when the path does not resolve.
std::optional<NodeKind> GetKind(GroupCache& groups, const std::string& path);

struct Child {
  std::string name;
  NodeKind kind;
};
// Children of a group, in name order.
std::vector<Child> ListChildren(GroupCache& groups, const std::string& group_path);

// Every path is resolved through the file's GroupCache; deleting and moving links
// invalidate it.

// Creates a group with its attributes; on failure the group is removed again.
// A link already at path is an ERR_EXISTS Failure. `inherited` names attributes of the
// parent group copied onto the new one when the parent has them (PyTables' FILTERS).
void CreateGroup(GroupCache& groups, const std::string& path, const AttributeList& attributes,
                 const std::vector<std::string>& inherited = {});
// Whether the last component of path is a link; its parent group must exist.
bool HasLink(GroupCache& groups, const std::string& path);
void DeleteLink(GroupCache& groups, const std::string& path);
void MoveLink(GroupCache& groups, const std::string& src, const std::string& dst);
void CopyObject(GroupCache& groups, const std::string& src, const std::string& dst);

// What the last component of path is as a link, without following it: its type
// ("hard", "soft", "external" or "other"), a soft link's target path, an external link's
// file and object path.
struct LinkValue {
  std::string type;
  std::string target;
  std::string file;
};
LinkValue GetLinkValue(GroupCache& groups, const std::string& path);
// New links at a free path (HDF5 refuses a used name). Adding a link changes what no
// existing path names, so the group cache stays.
void CreateSoftLink(GroupCache& groups, const std::string& path, const std::string& target);
void CreateExternalLink(GroupCache& groups, const std::string& path, const std::string& file,
                        const std::string& target);
// A second hard link to the object target_path names (it must be in this file).
void CreateHardLink(GroupCache& groups, const std::string& path, const std::string& target_path);

// Links (and attributes) are created with HDF5's default, ASCII-flagged names, as PyTables
// does; names are still stored as their UTF-8 bytes. A UTF-8-flagged link would need the
// newer link storage, whose groups PyTables lists in storage order instead of by name.

}  // namespace h5t
