#include "hdf5/dataset_create.h"

#include "hdf5/errors.h"
#include "hdf5/links.h"
#include "hdf5/spaces.h"

namespace h5t {
namespace {

// No chunk cache for the first write: each chunk goes through the filters and into the
// file inside H5Dwrite, so a failing filter fails the write. With a cache the chunks wait
// there, a filter fails only when they leave it (at close), and HDF5 1.14 then leaves the
// dataset's id half-closed, which crashes the H5Ldelete that removes the node.
Hid MakeUncachedAccess() {
  Hid list(Check(H5Pcreate(H5P_DATASET_ACCESS), "H5Pcreate"));
  CheckErr(H5Pset_chunk_cache(list.get(), H5D_CHUNK_CACHE_NSLOTS_DEFAULT, 0, H5D_CHUNK_CACHE_W0_DEFAULT),
           "H5Pset_chunk_cache");
  return list;
}

}  // namespace

void CreateDataset(GroupCache& groups, const std::string& path, const WriteValue& value,
                   const AttributeList& attributes, const Storage* storage) {
  Hid file_type = value.MakeFileType();
  NewDataset spec;
  spec.file_type = file_type.get();
  spec.shape = value.SpaceShape();
  spec.null_space = value.null_space;
  spec.write = [&value](hid_t dataset) {
    // An empty value (an EArray's first shape, [0, 4]) writes nothing.
    if (value.element_count == 0) return;
    Hid owned_mem_type;
    hid_t mem_type = value.MemType(owned_mem_type);
    CheckErr(H5Dwrite(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, value.bytes()), "H5Dwrite");
  };
  CreateDataset(groups, path, spec, attributes, storage);
}

void CreateDataset(GroupCache& groups, const std::string& path, const NewDataset& spec, const AttributeList& attributes,
                   const Storage* storage) {
  if (HasLink(groups, path)) throw Failure(FailureKind::Exists, "a node already exists at " + path);
  Hid space, create_list, access_list;
  if (storage) {
    create_list = MakeCreateList(*storage);
    access_list = MakeUncachedAccess();
    space = MakeStorageSpace(*storage, spec.shape);
  } else {
    // Contiguous layout and no fill: the data written right after covers every element.
    space = MakeSpace(spec.null_space, spec.shape);
    if (spec.customize) create_list = Hid(Check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate"));
  }
  if (spec.customize) spec.customize(create_list.get());
  PathLocation at = groups.Parent(path);
  Hid dataset(Check(H5Dcreate2(at.loc, at.c_name(), spec.file_type, space.get(), H5P_DEFAULT,
                               create_list.valid() ? create_list.get() : H5P_DEFAULT,
                               access_list.valid() ? access_list.get() : H5P_DEFAULT),
                    "H5Dcreate2"));
  try {
    if (spec.write) spec.write(dataset.get());
    WriteNewAttributes(dataset.get(), attributes);
  } catch (...) {
    // Leave no half-made node behind (the error stack was captured already).
    dataset.reset();
    H5Ldelete(at.loc, at.c_name(), H5P_DEFAULT);
    throw;
  }
}

}  // namespace h5t
