#include "hdf5/spaces.h"

#include "hdf5/errors.h"

namespace h5t {

bool SpaceShape(hid_t space, std::vector<hsize_t>* shape) {
  H5S_class_t space_class = H5Sget_simple_extent_type(space);
  if (space_class == H5S_NO_CLASS) ThrowHdf5("H5Sget_simple_extent_type");
  shape->clear();
  if (space_class == H5S_NULL) return false;
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) ThrowHdf5("H5Sget_simple_extent_ndims");
  shape->resize(static_cast<size_t>(rank));
  if (rank > 0) CheckErr(H5Sget_simple_extent_dims(space, shape->data(), nullptr), "H5Sget_simple_extent_dims");
  return true;
}

std::string ShapeText(const std::vector<hsize_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); i++) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

Hid MakeSpace(bool null_space, const std::vector<hsize_t>& shape) {
  if (null_space) return Hid(Check(H5Screate(H5S_NULL), "H5Screate"));
  if (shape.empty()) return Hid(Check(H5Screate(H5S_SCALAR), "H5Screate"));
  return Hid(Check(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), "H5Screate_simple"));
}

bool CheckSelection(const Selection& selection, const std::vector<hsize_t>& shape, bool has_space) {
  if (!has_space || selection.start.size() != shape.size() || shape.empty()) {
    ThrowInvalidArg("selection rank " + std::to_string(selection.start.size()) + " does not match dataset rank " +
                    std::to_string(shape.size()));
  }
  bool empty = false;
  for (size_t i = 0; i < shape.size(); i++) {
    const hsize_t count = selection.count[i];
    if (count == 0) {
      empty = true;
      continue;
    }
    // The last element taken must lie inside the extent (computed without overflow).
    if (selection.start[i] >= shape[i] || (count - 1) > (shape[i] - 1 - selection.start[i]) / selection.step[i]) {
      ThrowInvalidArg("selection is out of the dataset's extent in dimension " + std::to_string(i));
    }
  }
  return empty;
}

}  // namespace h5t
