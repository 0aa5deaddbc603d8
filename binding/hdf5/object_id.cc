#include "hdf5/object_id.h"

#include <napi.h>

#include <cstdint>
#include <vector>

#include "hdf5/errors.h"
#include "js/native_file.h"
#include "hdf5/lock.h"
#include "hdf5/hid.h"

namespace h5t {

std::string ObjectId(hid_t loc, const char* name) {
  static const char* kHex = "0123456789abcdef";
  std::string id;
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info;
  CheckErr(H5Oget_info_by_name3(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT), "H5Oget_info_by_name3");
  id = std::to_string(info.fileno) + ":";
  for (unsigned char byte : info.token.__data) {
    id += kHex[byte >> 4];
    id += kHex[byte & 15];
  }
#else
  H5O_info_t info;
  CheckErr(H5Oget_info_by_name2(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT), "H5Oget_info_by_name2");
  id = std::to_string(info.fileno) + ":";
  for (int shift = 60; shift >= 0; shift -= 4) id += kHex[(info.addr >> shift) & 15];
#endif
  return id;
}

// objectIds(groupPath, names): the identity of each object names[i] leads to from the
// group (one path resolution for all; '.' is the group itself).
Napi::Value NativeFile::ObjectIds(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    if (info.Length() < 2 || !info[0].IsString() || !info[1].IsArray()) {
      ThrowInvalidArg("objectIds(groupPath, names) takes a string and an array of strings");
    }
    std::string path = info[0].As<Napi::String>().Utf8Value();
    Napi::Array list = info[1].As<Napi::Array>();
    std::vector<std::string> names;
    names.reserve(list.Length());
    for (uint32_t i = 0; i < list.Length(); i++) {
      Napi::Value name = list.Get(i);
      if (!name.IsString()) ThrowInvalidArg("objectIds: every name must be a string");
      names.push_back(name.As<Napi::String>().Utf8Value());
      if (names.back().find('\0') != std::string::npos || path.find('\0') != std::string::npos) {
        ThrowInvalidArg("objectIds: names must not contain NUL characters");
      }
    }
    std::vector<std::string> ids;
    ids.reserve(names.size());
    {
      Hdf5Lock lock;
      Hid group(Check(H5Oopen(OpenId(), path.c_str(), H5P_DEFAULT), "H5Oopen"));
      for (const std::string& name : names) ids.push_back(ObjectId(group.get(), name.c_str()));
    }
    Napi::Array result = Napi::Array::New(info.Env(), ids.size());
    for (size_t i = 0; i < ids.size(); i++) result.Set(static_cast<uint32_t>(i), ids[i]);
    return result;
  });
}

}  // namespace h5t
