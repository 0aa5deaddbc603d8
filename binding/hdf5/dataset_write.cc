#include "hdf5/dataset_write.h"

#include <string>

#include "hdf5/errors.h"

namespace h5t {
namespace {

// An H5T_ARRAY element's dimensions (PyTables' array atom), else none.
std::vector<hsize_t> AtomDims(hid_t type) {
  if (H5Tget_class(type) != H5T_ARRAY) return {};
  int rank = H5Tget_array_ndims(type);
  if (rank < 0) ThrowHdf5("H5Tget_array_ndims");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  if (rank > 0) CheckErr(H5Tget_array_dims2(type, dims.data()), "H5Tget_array_dims2");
  return dims;
}

std::vector<hsize_t> Joined(std::vector<hsize_t> shape, const std::vector<hsize_t>& atom) {
  shape.insert(shape.end(), atom.begin(), atom.end());
  return shape;
}

void CheckWritable(const Dataset& dataset, const WriteValue& value) {
  if (!dataset.has_space()) {
    ThrowInvalidArg("cannot write into " + dataset.path() + ": its dataspace is NULL (it holds no elements)");
  }
  if (value.null_space) ThrowInvalidArg("value.shape must be an array of non-negative integers, not null");
}

// A value that says its array atom (value.atomShape) must say the dataset's.
void CheckAtom(const Dataset& dataset, const WriteValue& value, const std::vector<hsize_t>& atom) {
  if (value.atom_shape.empty() || value.atom_shape == atom) return;
  ThrowInvalidArg("value.atomShape " + ShapeText(value.atom_shape) + " is not " + dataset.path() + "'s " +
                  (atom.empty() ? std::string("(its elements are not arrays)") : "array atom's " + ShapeText(atom)));
}

// The value as HDF5 reads it from memory: its type (HDF5 converts it to the stored one)
// and its elements.
struct MemoryForm {
  Hid type;
  const void* data = nullptr;
  std::vector<std::string> strings;  // for a variable-length string dataset
  std::vector<const char*> pointers;
};

// The value's own element type, with these adjustments: an array of the atom's
// dimensions for an H5T_ARRAY dataset; bools through the native form of h5py's bool enum
// (HDF5 converts no bitfield to an enum); strings in the stored character set (the bytes
// are the same: UTF-8 is what PyTables writes into its ASCII strings too), and as C
// string pointers for a variable-length string dataset (cut at a NUL, as C strings are).
MemoryForm Prepare(const Dataset& dataset, const WriteValue& value, const std::vector<hsize_t>& atom) {
  MemoryForm form;
  form.data = value.bytes();
  Hid stored_base;
  hid_t stored = dataset.type();
  if (!atom.empty()) {
    stored_base = Hid(Check(H5Tget_super(stored), "H5Tget_super"));
    stored = stored_base.get();
  }
  std::optional<TypeInfo> stored_info = Classify(stored);
  Hid element;
  if (value.dtype == DType::String) {
    StringLayout layout = value.string;
    if (stored_info && stored_info->dtype == DType::String) {
      layout.cset = stored_info->string.cset;
      if (stored_info->string.variable) {
        layout.variable = true;
        size_t size = value.string.size;
        form.strings.reserve(value.element_count);
        form.pointers.reserve(value.element_count);
        for (size_t i = 0; i < value.element_count; i++) {
          const char* slot = value.packed_strings.data() + i * size;
          size_t length = 0;
          while (length < size && slot[length] != '\0') length++;
          form.strings.emplace_back(slot, length);
        }
        for (const std::string& s : form.strings) form.pointers.push_back(s.c_str());
        form.data = form.pointers.data();
      }
    }
    element = MakeStringType(layout);
  } else if (stored_info && stored_info->dtype == value.dtype && H5Tget_class(stored) == H5T_ENUM) {
    // Into an enum (h5py's bool, PyTables' EnumAtom): through its native form, the values
    // as they are (HDF5 converts no integer or bitfield to an enum).
    element = Hid(Check(H5Tget_native_type(stored, H5T_DIR_ASCEND), "H5Tget_native_type"));
  } else {
    element = Hid(Check(H5Tcopy(NativeMemType(value.dtype)), "H5Tcopy"));
  }
  if (atom.empty()) {
    form.type = std::move(element);
  } else {
    form.type = Hid(
        Check(H5Tarray_create2(element.get(), static_cast<unsigned>(atom.size()), atom.data()), "H5Tarray_create2"));
  }
  return form;
}

// Writes the prepared value over the whole dataset (selection null) or the hyperslab,
// whose shape the caller checked against the value's.
void Write(Dataset& dataset, const MemoryForm& form, size_t element_count, const Selection* selection) {
  if (element_count == 0) return;  // nothing to write (and HDF5 1.10 rejects empty hyperslabs)
  if (!selection) {
    CheckErr(H5Dwrite(dataset.id(), form.type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, form.data), "H5Dwrite");
    return;
  }
  hid_t file_space = dataset.space();
  CheckErr(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, selection->start.data(), selection->step.data(),
                               selection->count.data(), nullptr),
           "H5Sselect_hyperslab");
  const std::vector<hsize_t>& counts = selection->count;
  Hid mem_space(Check(H5Screate_simple(static_cast<int>(counts.size()), counts.data(), nullptr), "H5Screate_simple"));
  CheckErr(H5Dwrite(dataset.id(), form.type.get(), mem_space.get(), file_space, H5P_DEFAULT, form.data), "H5Dwrite");
}

// Throws InvalidArg unless the dataset's extent may become shape (what names it in the
// messages): the same rank, a chunked layout for any change, and within maxshape.
void CheckExtent(const Dataset& dataset, const std::vector<hsize_t>& shape, const std::string& what) {
  const std::string& path = dataset.path();
  const std::vector<hsize_t>& current = dataset.shape();
  if (!dataset.has_space() || current.empty()) {
    ThrowInvalidArg(path + (dataset.has_space() ? " is a scalar" : " has a NULL dataspace") +
                    ": its extent cannot change");
  }
  if (shape.size() != current.size()) {
    ThrowInvalidArg(what + " has " + std::to_string(shape.size()) + " dimensions; " + path + " has " +
                    std::to_string(current.size()));
  }
  if (shape == current) return;
  if (!dataset.chunked()) {
    ThrowInvalidArg("the extent of " + path +
                    " cannot change: it is not chunked (only a dataset created with a chunkshape can grow or shrink)");
  }
  std::vector<hsize_t> max(current.size());
  CheckErr(H5Sget_simple_extent_dims(dataset.space(), nullptr, max.data()), "H5Sget_simple_extent_dims");
  for (size_t i = 0; i < shape.size(); i++) {
    if (max[i] != H5S_UNLIMITED && shape[i] > max[i]) {
      ThrowInvalidArg(what + ": dimension " + std::to_string(i) + " would be " + std::to_string(shape[i]) +
                      ", beyond " + path + "'s maxshape[" + std::to_string(i) + "] (" + std::to_string(max[i]) + ")");
    }
  }
}

// After a failed append: the first failure is the one to report.
void RefreshQuietly(Dataset& dataset) {
  try {
    dataset.Refresh();
  } catch (...) {
    H5Eclear2(H5E_DEFAULT);
  }
}

}  // namespace

void WriteDataset(Dataset& dataset, const WriteValue& value, const Selection* selection) {
  CheckWritable(dataset, value);
  std::vector<hsize_t> atom = AtomDims(dataset.type());
  CheckAtom(dataset, value, atom);
  std::vector<hsize_t> expected = Joined(selection ? selection->count : dataset.shape(), atom);
  if (selection) CheckSelection(*selection, dataset.shape(), dataset.has_space());
  if (value.shape != expected) {
    ThrowInvalidArg("value.shape " + ShapeText(value.shape) + " does not match " +
                    (selection ? std::string("the selection's counts ") : dataset.path() + "'s shape ") +
                    ShapeText(expected) + (atom.empty() ? "" : " (the array atom's dimensions last)"));
  }
  Write(dataset, Prepare(dataset, value, atom), value.element_count, selection);
}

void SetExtent(Dataset& dataset, const std::vector<hsize_t>& shape) {
  CheckExtent(dataset, shape, "shape");
  if (shape == dataset.shape()) return;
  CheckErr(H5Dset_extent(dataset.id(), shape.data()), "H5Dset_extent");
  dataset.Refresh();
}

std::vector<hsize_t> AppendDataset(Dataset& dataset, const WriteValue& value, size_t axis) {
  CheckWritable(dataset, value);
  const std::string& path = dataset.path();
  const std::vector<hsize_t> old = dataset.shape();  // a copy: Refresh() changes it
  if (old.empty()) ThrowInvalidArg(path + " is a scalar: nothing can be appended to it");
  if (axis >= old.size()) {
    ThrowInvalidArg("axis " + std::to_string(axis) + " is out of range: " + path + " has " +
                    std::to_string(old.size()) + " dimensions");
  }
  std::vector<hsize_t> atom = AtomDims(dataset.type());
  CheckAtom(dataset, value, atom);
  std::vector<hsize_t> expected = Joined(old, atom);
  if (value.shape.size() == expected.size()) expected[axis] = value.shape[axis];
  if (value.shape != expected) {
    ThrowInvalidArg("value.shape " + ShapeText(value.shape) + " does not fit " + path + " (shape " +
                    ShapeText(Joined(old, atom)) + "): every dimension but axis " + std::to_string(axis) +
                    " must be the dataset's" + (atom.empty() ? "" : ", the array atom's dimensions last"));
  }
  MemoryForm form = Prepare(dataset, value, atom);  // before the extent changes
  std::vector<hsize_t> space_shape(value.shape.begin(), value.shape.begin() + old.size());
  return GrowAndWrite(dataset, space_shape, axis,
                      [&](const Selection& at) { Write(dataset, form, value.element_count, &at); });
}

std::vector<hsize_t> GrowAndWrite(Dataset& dataset, const std::vector<hsize_t>& value_shape, size_t axis,
                                  const std::function<void(const Selection&)>& write) {
  const std::string& path = dataset.path();
  const std::vector<hsize_t> old = dataset.shape();  // a copy: Refresh() changes it
  hsize_t added = value_shape[axis];
  if (added == 0) return old;
  std::vector<hsize_t> grown = old;
  if (old[axis] > H5S_UNLIMITED - 1 - added) ThrowInvalidArg("appending to " + path + " overflows its extent");
  grown[axis] += added;
  CheckExtent(dataset, grown, "appending " + std::to_string(added) + " along axis " + std::to_string(axis));
  CheckErr(H5Dset_extent(dataset.id(), grown.data()), "H5Dset_extent");
  try {
    dataset.Refresh();
    Selection at{std::vector<hsize_t>(old.size(), 0), value_shape, std::vector<hsize_t>(old.size(), 1)};
    at.start[axis] = old[axis];
    write(at);
  } catch (const Failure& failure) {
    // A failed append adds nothing. The failure's HDF5 stack is captured already, so
    // HDF5 may be called again.
    if (H5Dset_extent(dataset.id(), old.data()) < 0) {
      std::string why;
      try {
        ThrowHdf5("H5Dset_extent");
      } catch (const Failure& back) {
        why = back.what();
      }
      RefreshQuietly(dataset);
      throw Failure(failure.kind(), std::string(failure.what()) + " (and setting the extent back failed: " + why + ")",
                    failure.stack());
    }
    RefreshQuietly(dataset);
    throw;
  } catch (...) {
    H5Dset_extent(dataset.id(), old.data());
    RefreshQuietly(dataset);
    throw;
  }
  return grown;
}

}  // namespace h5t
