// Attributes of an object named by path.
#pragma once

#include <hdf5.h>

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

// Attributes written together with a new node (PyTables' CLASS, TITLE, VERSION...).
using AttributeList = std::vector<std::pair<std::string, WriteValue>>;
// Writes them on an object just created (so without looking for ones to replace), with
// no path lookups. Names must be distinct.
void WriteNewAttributes(hid_t object, const AttributeList& attributes);
void DeleteAttribute(GroupCache& groups, const std::string& path, const std::string& name);

}  // namespace h5t
