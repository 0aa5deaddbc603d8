#include "hdf5/range_driver.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "hdf5/thread.h"

namespace h5t {
namespace {

thread_local std::optional<Failure> source_failure;

// The access list's copy of the source (HDF5 copies and frees it with the list).
struct DriverInfo {
  std::shared_ptr<SourceFile> file;
};

// HDF5's file struct first, as every driver's.
struct RangeFile {
  H5FD_t pub;
  DriverInfo* info;
  haddr_t eoa;
};
static_assert(std::is_standard_layout<RangeFile>::value, "HDF5 casts H5FD_t* to the driver's struct");

SourceFile& FileOf(const H5FD_t* file) { return *reinterpret_cast<const RangeFile*>(file)->info->file; }

void PushError(const char* func, const std::string& message) {
  H5Epush2(H5E_DEFAULT, __FILE__, func, __LINE__, H5E_ERR_CLS, H5E_VFL, H5E_READERROR, "%s", message.c_str());
}

void* InfoGet(H5FD_t* file) { return new DriverInfo(*reinterpret_cast<RangeFile*>(file)->info); }
void* InfoCopy(const void* info) { return new DriverInfo(*static_cast<const DriverInfo*>(info)); }
herr_t InfoFree(void* info) {
  delete static_cast<DriverInfo*>(info);
  return 0;
}

H5FD_t* Open(const char*, unsigned flags, hid_t fapl, haddr_t) {
  if (flags & (H5F_ACC_RDWR | H5F_ACC_CREAT | H5F_ACC_TRUNC)) {
    PushError("h5tables_range_open", "a byte-range source is read-only");
    return nullptr;
  }
  const void* info = H5Pget_driver_info(fapl);
  if (info == nullptr) {
    PushError("h5tables_range_open", "no byte-range source in the access list");
    return nullptr;
  }
  auto* file = new RangeFile();
  std::memset(&file->pub, 0, sizeof file->pub);
  file->info = new DriverInfo(*static_cast<const DriverInfo*>(info));
  file->eoa = 0;
  return &file->pub;
}

herr_t Close(H5FD_t* pub) {
  auto* file = reinterpret_cast<RangeFile*>(pub);
  delete file->info;
  delete file;
  return 0;
}

int Compare(const H5FD_t* a, const H5FD_t* b) {
  const SourceFile* x = &FileOf(a);
  const SourceFile* y = &FileOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

herr_t Query(const H5FD_t*, unsigned long* flags) {
  // HDF5 merges small metadata reads itself too; no data sieve: the block cache does that.
  *flags = H5FD_FEAT_ACCUMULATE_METADATA;
  return 0;
}

haddr_t GetEoa(const H5FD_t* file, H5FD_mem_t) { return reinterpret_cast<const RangeFile*>(file)->eoa; }
herr_t SetEoa(H5FD_t* file, H5FD_mem_t, haddr_t addr) {
  reinterpret_cast<RangeFile*>(file)->eoa = addr;
  return 0;
}
haddr_t GetEof(const H5FD_t* file, H5FD_mem_t) { return FileOf(file).EndOfFile(); }
herr_t GetHandle(H5FD_t* file, hid_t, void** handle) {
  *handle = file;
  return 0;
}

herr_t Read(H5FD_t* file, H5FD_mem_t, hid_t, haddr_t addr, size_t size, void* buffer) {
  try {
    FileOf(file).Read(addr, size, static_cast<uint8_t*>(buffer));
    return 0;
  } catch (const Failure& failure) {
    source_failure = failure;
    PushError("h5tables_range_read", failure.what());
  } catch (...) {
    PushError("h5tables_range_read", CurrentExceptionAsFailure().what());
  }
  return -1;
}

herr_t Write(H5FD_t*, H5FD_mem_t, hid_t, haddr_t, size_t, const void*) {
  PushError("h5tables_range_write", "a byte-range source is read-only");
  return -1;
}

herr_t Nothing(H5FD_t*, hid_t, hbool_t) { return 0; }

H5FD_class_t MakeClass() {
  H5FD_class_t c;
  std::memset(&c, 0, sizeof c);
#ifdef H5FD_CLASS_VERSION
  c.version = H5FD_CLASS_VERSION;
  c.value = static_cast<H5FD_class_value_t>(0x4854);  // any free value of 256 and above
#endif
  c.name = "h5tables_range";
  c.maxaddr = static_cast<haddr_t>(INT64_MAX);
  c.fc_degree = H5F_CLOSE_WEAK;
  c.fapl_size = sizeof(DriverInfo);
  c.fapl_get = InfoGet;
  c.fapl_copy = InfoCopy;
  c.fapl_free = InfoFree;
  c.open = Open;
  c.close = Close;
  c.cmp = Compare;
  c.query = Query;
  c.get_eoa = GetEoa;
  c.set_eoa = SetEoa;
  c.get_eof = GetEof;
  c.get_handle = GetHandle;
  c.read = Read;
  c.write = Write;
  c.flush = Nothing;
  c.truncate = Nothing;
  for (auto& type : c.fl_map) type = H5FD_MEM_DEFAULT;
  return c;
}

// Registered once per process, with the HDF5 lock held (its id lives until HDF5 closes).
hid_t DriverId() {
  static const H5FD_class_t driver_class = MakeClass();
  static hid_t id = H5I_INVALID_HID;
  if (id < 0 || H5Iis_valid(id) <= 0) id = Check(H5FDregister(&driver_class), "H5FDregister");
  return id;
}

}  // namespace

std::string SourceReadWhere(uint64_t offset, uint64_t length) {
  return " (byte-range source read of " + std::to_string(length) + " bytes at offset " + std::to_string(offset) + ")";
}

SourceFile::SourceFile(std::shared_ptr<ByteFetcher> fetcher, SourceCacheSettings settings, std::optional<uint64_t> size)
    : fetcher_(std::move(fetcher)), cache_(settings), size_given_(size.has_value()), end_(size.value_or(UINT64_MAX)) {}

void SourceFile::Preload(const uint8_t* bytes, uint64_t length) {
  cache_.CountRequest(length);
  if (!size_given_ && length < cache_.settings().block_size) end_ = std::min<uint64_t>(end_, length);
  cache_.Insert(0, bytes, std::min(length, end_.load()));
}

uint64_t SourceFile::EndOfFile() const {
  uint64_t end = end_.load();
  // Unknown: as far as addresses go, so HDF5's check of the superblock's end passes.
  return end != UINT64_MAX ? end : static_cast<uint64_t>(INT64_MAX);
}

void SourceFile::Read(uint64_t offset, uint64_t length, uint8_t* out) {
  if (length == 0) return;
  uint64_t end = offset + length;
  uint64_t limit = end_.load();
  if (end > limit) {
    if (!size_given_) {
      throw Failure(FailureKind::Source, "the source's file ends at byte " + std::to_string(limit) +
                                             ", before the bytes HDF5 needs" + SourceReadWhere(offset, length));
    }
    uint64_t from = std::max(offset, limit);
    std::memset(out + (from - offset), 0, end - from);  // past the end: zeros, as sec2
    end = from;
    if (end == offset) return;
  }
  const uint64_t block = cache_.settings().block_size;
  BlockCache::Missing missing = cache_.CopyCached(offset, end - offset, out);
  cache_.CountRead(missing.none());
  if (missing.none()) return;
  if (!OnHdf5Thread()) {
    throw Failure(FailureKind::SourceBusy,
                  "a sync call needs bytes of a byte-range source that are not cached yet: use the call's async "
                  "form (the Promise API)");
  }
  uint64_t first = missing.first * block;
  uint64_t last = std::min<uint64_t>((missing.last + 1 + cache_.settings().read_ahead) * block, limit);
  std::vector<uint8_t> bytes = fetcher_->Fetch(first, last - first);
  cache_.CountRequest(bytes.size());
  if (bytes.size() < last - first) {
    if (size_given_ || first + bytes.size() < end) {
      throw Failure(FailureKind::Source, "the source returned " + std::to_string(bytes.size()) + " bytes where " +
                                             std::to_string(last - first) + " were expected" +
                                             SourceReadWhere(first, last - first));
    }
    end_ = first + bytes.size();  // the file ends there
  }
  uint64_t from = std::max(offset, first);
  uint64_t to = std::min<uint64_t>(end, first + bytes.size());
  if (to > from) std::memcpy(out + (from - offset), bytes.data() + (from - first), to - from);
  cache_.Insert(first, bytes.data(), bytes.size());
}

void SetRangeDriver(hid_t fapl, const std::shared_ptr<SourceFile>& file) {
  DriverInfo info{file};
  CheckErr(H5Pset_driver(fapl, DriverId(), &info), "H5Pset_driver");
}

void ForgetSourceFailure() { source_failure.reset(); }

std::optional<Failure> TakeSourceFailure() {
  std::optional<Failure> failure = std::move(source_failure);
  source_failure.reset();
  return failure;
}

}  // namespace h5t
