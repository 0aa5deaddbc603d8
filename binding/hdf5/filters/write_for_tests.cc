#include "write_for_tests.h"

namespace h5t {

std::string WriteFilteredForTests(const FilteredWrite& w) {
  std::string failed;
  hid_t file = -1, space = -1, dcpl = -1, dset = -1;
  hsize_t dims[1] = {w.count};
  hsize_t chunk[1] = {w.chunk};
  do {
    if ((file = H5Fcreate(w.filename.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)) < 0) {
      failed = "H5Fcreate";
      break;
    }
    if ((space = H5Screate_simple(1, dims, nullptr)) < 0) {
      failed = "H5Screate_simple";
      break;
    }
    if ((dcpl = H5Pcreate(H5P_DATASET_CREATE)) < 0) {
      failed = "H5Pcreate";
      break;
    }
    if (H5Pset_chunk(dcpl, 1, chunk) < 0) {
      failed = "H5Pset_chunk";
      break;
    }
    if (w.shuffle && H5Pset_shuffle(dcpl) < 0) {
      failed = "H5Pset_shuffle";
      break;
    }
    // Optional, as PyTables and h5py add theirs: a chunk that does not shrink is stored raw.
    if (w.filter != 0 && H5Pset_filter(dcpl, w.filter, H5Z_FLAG_OPTIONAL, w.cd_values.size(), w.cd_values.data()) < 0) {
      failed = "H5Pset_filter";
      break;
    }
    if ((dset = H5Dcreate2(file, w.name.c_str(), w.mem_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0) {
      failed = "H5Dcreate2";
      break;
    }
    if (H5Dwrite(dset, w.mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, w.data) < 0) {
      failed = "H5Dwrite";
      break;
    }
  } while (false);
  if (dset >= 0) H5Dclose(dset);
  if (dcpl >= 0) H5Pclose(dcpl);
  if (space >= 0) H5Sclose(space);
  if (file >= 0 && H5Fclose(file) < 0 && failed.empty()) failed = "H5Fclose";
  return failed.empty() ? "" : failed + " failed";
}

}  // namespace h5t
