#include "hdf5/open.h"

#include <hdf5.h>

#include "hdf5/errors.h"

namespace h5t {
namespace {

Hid MakeAccessList(const OpenOptions& options, CoreImage* core_image) {
  Hid fapl(Check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate"));
  // Strong close: closing the file closes anything still open in it, so nothing dangles.
  CheckErr(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree");
  switch (options.driver) {
    case Driver::Sec2:
      CheckErr(H5Pset_fapl_sec2(fapl.get()), "H5Pset_fapl_sec2");
      break;
    case Driver::Stdio:
      CheckErr(H5Pset_fapl_stdio(fapl.get()), "H5Pset_fapl_stdio");
      break;
    case Driver::Core:
      CheckErr(H5Pset_fapl_core(fapl.get(), options.core_increment, options.core_backing_store ? 1 : 0),
               "H5Pset_fapl_core");
      // The file is memory already: HDF5's data sieve would only copy 64 KiB of it into a
      // buffer of its own for every small read (38% of a 1000-element slice read).
      CheckErr(H5Pset_sieve_buf_size(fapl.get(), 0), "H5Pset_sieve_buf_size");
      // The image, if any, is copied once into the driver's memory (or used in place when
      // read-only and asked for): the caller's buffer is never modified.
      if (core_image) core_image->Install(fapl.get());
      break;
    case Driver::Range:
      SetRangeDriver(fapl.get(), options.source);
      // The block cache already merges small reads; HDF5's sieve would copy them again.
      CheckErr(H5Pset_sieve_buf_size(fapl.get(), 0), "H5Pset_sieve_buf_size");
      break;
  }
  return fapl;
}

}  // namespace

OpenedFile OpenFile(const OpenOptions& requested) {
  OpenedFile opened;
  // Refuses to truncate a file open elsewhere; CORE with a backing store opens in memory
  // and is saved by h5tables (file_guard.h).
  const OpenOptions& options = opened.guard.Prepare(requested);
  // h5tables manages the driver's memory when HDF5 does not load it from disk itself.
  opened.max_read_bytes = options.max_read_bytes;
  if (options.driver == Driver::Core && options.image_source.get()) {
    options.image_source.get()->Ref();
    opened.core_image = CoreImageRef(options.image_source.get());
  } else if (options.driver == Driver::Core && options.create) {
    opened.core_image = CoreImageRef(CoreImage::Create(nullptr, 0, false));
  }
  InstallExternalLinkCheck();
  Hid fapl = MakeAccessList(options, opened.core_image.get());
  hid_t id = options.create
                 ? H5Fcreate(options.name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get())
                 : H5Fopen(options.name.c_str(), options.writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.get());
  if (id < 0) ThrowHdf5(options.create ? "H5Fcreate" : "H5Fopen");
  opened.id = Hid(id);
  opened.policy = PolicyRegistration(id, options.name, options.external);
  opened.guard.Opened(id);
  opened.source = options.source;
  return opened;
}

}  // namespace h5t
