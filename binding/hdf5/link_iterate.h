// HDF5 1.12 renamed link iteration (H5Literate2 with H5L_info2_t); 1.10 has H5Literate with
// H5L_info_t. One spelling for every file that iterates links.
#pragma once

#include <hdf5.h>

namespace h5t {

#if H5_VERSION_GE(1, 12, 0)
using LinkInfo = H5L_info2_t;
#define H5T_LITERATE H5Literate2
#else
using LinkInfo = H5L_info_t;
#define H5T_LITERATE H5Literate
#endif

}  // namespace h5t
