#include "hdf5/object_id.h"

#include <cstdint>

#include "hdf5/errors.h"
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

}  // namespace h5t
