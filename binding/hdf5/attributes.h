// Attributes of an object named by path.
#pragma once

#include <hdf5.h>

#include <functional>
#include <string>
#include <vector>

#include "hdf5/group_cache.h"
#include "hdf5/values.h"

namespace h5t {

std::vector<std::string> ListAttributes(GroupCache& groups, const std::string& path);
bool HasAttribute(GroupCache& groups, const std::string& path, const std::string& name);
ReadResult ReadAttribute(GroupCache& groups, const std::string& path, const std::string& name, ReadBuffer& buffer,
                         const ReadLimit& limit);
// Creates the attribute, replacing one of the same name.
void WriteAttribute(GroupCache& groups, const std::string& path, const std::string& name, const WriteValue& value);

// What a new attribute is: its file type and dataspace, and how it is filled.
struct AttributeContents {
  hid_t file_type;
  hid_t space;
  std::function<void(hid_t attribute)> write;
};
// Creates the attribute from contents, replacing one of the same name; the old one is
// deleted only once the new one is written whole (under a spare name, then renamed).
void WriteAttributeContents(GroupCache& groups, const std::string& path, const std::string& name,
                            const AttributeContents& contents);

// Attributes written together with a new node (PyTables' CLASS, TITLE, VERSION...).
using AttributeList = std::vector<std::pair<std::string, WriteValue>>;
// Writes them on an object just created (so without looking for ones to replace), with
// no path lookups. Names must be distinct.
void WriteNewAttributes(hid_t object, const AttributeList& attributes);
// Copies those of `names` that the object at path `from` has onto `to` (an object just
// created), as they are stored.
void CopyAttributes(GroupCache& groups, const std::string& from, const std::vector<std::string>& names, hid_t to);
void DeleteAttribute(GroupCache& groups, const std::string& path, const std::string& name);

}  // namespace h5t
