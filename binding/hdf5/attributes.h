// Attributes of an object named by path.
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

#include "hdf5/values.h"

namespace h5t {

std::vector<std::string> ListAttributes(hid_t file, const std::string& path);
bool HasAttribute(hid_t file, const std::string& path, const std::string& name);
ReadResult ReadAttribute(hid_t file, const std::string& path, const std::string& name, ReadBuffer& buffer,
                         const ReadLimit& limit);
// Creates the attribute, replacing one of the same name.
void WriteAttribute(hid_t file, const std::string& path, const std::string& name, const WriteValue& value);

// Attributes written together with a new node (PyTables' CLASS, TITLE, VERSION...).
using AttributeList = std::vector<std::pair<std::string, WriteValue>>;
// Writes them on an object just created (so without looking for ones to replace), with
// no path lookups. Names must be distinct.
void WriteNewAttributes(hid_t object, const AttributeList& attributes);
void DeleteAttribute(hid_t file, const std::string& path, const std::string& name);

}  // namespace h5t
