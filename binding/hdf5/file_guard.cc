#include "hdf5/file_guard.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <random>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "hdf5/lock.h"
#include "hdf5/open.h"

namespace h5t {
namespace {

// ---- the process-wide registry of open disk files ----------------------------------

struct Key {
  dev_t dev;
  ino_t ino;
  bool replaced;  // saved by renaming a new file over it (CORE with a backing store)
};

struct Registry {
  std::mutex mutex;
  uint64_t next = 1;
  std::unordered_map<uint64_t, Key> open;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;  // never destroyed: files may close at exit
  return *registry;
}

// Whether the file is open in this process (only_replaced: by a file that is saved by rename).
bool IsRegistered(const struct stat& st, bool only_replaced = false) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (const auto& [token, key] : r.open) {
    if (key.dev == st.st_dev && key.ino == st.st_ino && (key.replaced || !only_replaced)) return true;
  }
  return false;
}

// ---- errors -------------------------------------------------------------------------

[[noreturn]] void Refuse(const std::string& what, const std::string& where) {
  throw Failure(FailureKind::Hdf5, what + ": the file is open " + where + ", and " +
                                       "opening it here would destroy it there; close it there first");
}

[[noreturn]] void ThrowErrno(const std::string& what) {
  throw Failure(FailureKind::Hdf5, what + ": " + std::strerror(errno));
}

// ---- small POSIX helpers ------------------------------------------------------------

// HDF5's own switch: with HDF5_USE_FILE_LOCKING=FALSE nobody expects a lock to be held.
bool LockingEnabled() {
  const char* value = std::getenv("HDF5_USE_FILE_LOCKING");
  return !(value && (std::strcmp(value, "FALSE") == 0 || std::strcmp(value, "0") == 0));
}

// Whether another open file description holds a lock on fd's file (HDF5 in another process,
// or in this one under another driver). Unknown (no flock support) counts as free, as in
// HDF5's best-effort locking.
bool LockedElsewhere(int fd, bool keep_lock) {
  int status;
  do status = flock(fd, LOCK_EX | LOCK_NB);
  while (status < 0 && errno == EINTR);
  if (status < 0) return errno == EWOULDBLOCK;
  if (!keep_lock) flock(fd, LOCK_UN);
  return false;
}

std::string RandomHex() {
  std::random_device device;
  uint64_t value = (static_cast<uint64_t>(device()) << 32) ^ device();
  static const char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 0; i < 16; i++) out[i] = digits[(value >> (4 * i)) & 15];
  return out;
}

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

void WriteAll(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size > (1u << 30) ? (1u << 30) : size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("write");
    data += n;
    size -= static_cast<size_t>(n);
  }
}

std::vector<uint8_t> ReadAll(int fd, const std::string& path) {
  struct stat st;
  if (fstat(fd, &st) < 0) ThrowErrno("h5tables: cannot read '" + path + "': fstat");
  std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("h5tables: cannot read '" + path + "'");
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

uint64_t Hash(const void* data, size_t size) {
  return std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(data), size));
}

// Writes data to a new temporary file beside path, makes it durable and renames it over
// path; returns the new file's descriptor (locked when lock is set). On failure the
// temporary file is removed and path is as it was.
int WriteReplacing(const std::string& path, const uint8_t* data, size_t size, int old_fd, bool lock) {
  std::string tmp = path + "." + RandomHex() + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw Failure(FailureKind::Hdf5, "h5tables: could not save '" + path + "': cannot create '" + tmp +
                                         "': " + std::strerror(errno) + " (the file on disk is as it was)");
  }
  try {
    // Held from before the rename, so the new file is never visible unlocked.
    if (lock) flock(fd, LOCK_EX | LOCK_NB);
    struct stat st;
    if ((old_fd >= 0 && fstat(old_fd, &st) == 0) || stat(path.c_str(), &st) == 0) {
      // The replacement keeps the permissions (and, where allowed, the owner) of the file.
      fchmod(fd, st.st_mode & 07777);
      if (fchown(fd, st.st_uid, st.st_gid) < 0) {
        // not ours to give away: the file gets our owner, as any rewrite by us would
      }
    }
    WriteAll(fd, data, size);
    if (fsync(fd) < 0) ThrowErrno("fsync");
    if (rename(tmp.c_str(), path.c_str()) < 0) ThrowErrno("rename");
  } catch (const Failure& failure) {
    close(fd);
    unlink(tmp.c_str());
    std::string message = failure.what();
    if (message.rfind("h5tables:", 0) != 0) message = "h5tables: could not save '" + path + "': " + message;
    throw Failure(FailureKind::Hdf5, message + " (the file on disk is as it was)");
  }
  // The rename is durable once the directory is.
  int dir = open(DirectoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return fd;
}

}  // namespace

struct FileGuard::Saving {
  std::string path;  // the disk file
  int fd = -1;       // the disk file held (and flock'ed) while the file is open
  hid_t file = H5I_INVALID_HID;
  bool saved_any = false;  // whether hash and size describe the disk file
  uint64_t hash = 0;
  uint64_t size = 0;

  ~Saving() {
    if (fd >= 0) close(fd);
  }

  // Writes the file's image (flushed by the caller) over the disk file if it changed.
  void Save() {
    ssize_t image_size = H5Fget_file_image(file, nullptr, 0);
    if (image_size < 0) ThrowHdf5("H5Fget_file_image");
    size_t n = static_cast<size_t>(image_size);
    std::unique_ptr<uint8_t, decltype(&std::free)> image(static_cast<uint8_t*>(std::malloc(n > 0 ? n : 1)), &std::free);
    if (!image) throw std::bad_alloc();
    if (n > 0 && H5Fget_file_image(file, image.get(), n) < 0) ThrowHdf5("H5Fget_file_image");
    uint64_t image_hash = Hash(image.get(), n);
    if (saved_any && image_hash == hash && size == n) return;  // unchanged: nothing to write
    int replaced = WriteReplacing(path, image.get(), n, fd, LockingEnabled());
    if (fd >= 0) close(fd);  // the old inode (and its lock) is no longer the file's
    fd = replaced;
    saved_any = true;
    hash = image_hash;
    size = n;
  }
};

namespace {

// The files h5tables saves, for the exit handler.
struct SavingSet {
  std::mutex mutex;
  std::unordered_set<FileGuard::Saving*>* files = new std::unordered_set<FileGuard::Saving*>;
  bool at_exit = false;
};

SavingSet& Savings() {
  static SavingSet* set = new SavingSet;  // never destroyed: used by the exit handler
  return *set;
}

// process.exit() and the end of the main thread run no environment cleanup hook, so no
// NativeFile is closed: HDF5's own atexit handler then closes its files, and a CORE file
// would lose what its backing store used to get. Registered after HDF5 initialised, this
// runs before that handler (atexit runs last-registered first).
void SaveAllAtExit() {
  SavingSet& set = Savings();
  std::lock_guard<std::recursive_mutex> hdf5(Hdf5Mutex());
  std::lock_guard<std::mutex> lock(set.mutex);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  for (FileGuard::Saving* saving : *set.files) {
    try {
      if (H5Iis_valid(saving->file) > 0 && H5Fflush(saving->file, H5F_SCOPE_GLOBAL) >= 0) saving->Save();
    } catch (...) {
      // Nothing to report to at exit: the disk file is as it was before this save.
    }
  }
}

void Track(FileGuard::Saving* saving) {
  SavingSet& set = Savings();
  std::lock_guard<std::mutex> lock(set.mutex);
  if (!set.at_exit) {
    std::atexit(SaveAllAtExit);
    set.at_exit = true;
  }
  set.files->insert(saving);
}

void Untrack(FileGuard::Saving* saving) noexcept {
  SavingSet& set = Savings();
  std::lock_guard<std::mutex> lock(set.mutex);
  set.files->erase(saving);
}

}  // namespace

FileGuard::FileGuard() = default;

FileGuard::FileGuard(FileGuard&& other) noexcept { *this = std::move(other); }

FileGuard& FileGuard::operator=(FileGuard&& other) noexcept {
  if (this != &other) {
    Release();
    effective_ = std::move(other.effective_);
    loaded_ = std::move(other.loaded_);
    saving_ = std::move(other.saving_);
    token_ = std::exchange(other.token_, 0);
  }
  return *this;
}

FileGuard::~FileGuard() { Release(); }

const OpenOptions& FileGuard::Prepare(const OpenOptions& requested) {
  effective_ = std::make_unique<OpenOptions>(requested);
  const bool core_save = requested.driver == Driver::Core && requested.core_backing_store && requested.writable;
  if (!requested.writable) return *effective_;

  const std::string& name = requested.name;
  struct stat st;
  const bool exists = stat(name.c_str(), &st) == 0;
  const std::string what = requested.create ? "h5tables: cannot truncate '" + name + "' (mode 'w')"
                                            : "h5tables: cannot open '" + name + "' for writing";
  if (!requested.create && !core_save) {
    // A writer of the old inode would lose its work at the next save of that CORE file (HDF5's
    // lock says so too, unless file locking is off).
    if (exists && IsRegistered(st, true)) {
      Refuse(what, "elsewhere in this process with the CORE driver, which saves it by replacing it");
    }
    return *effective_;
  }
  if (exists && IsRegistered(st)) Refuse(what, "elsewhere in this process (another File, worker or realm)");

  if (!core_save) {
    // HDF5 truncates first and finds the lock only then: probe it before.
    if (exists && S_ISREG(st.st_mode)) {
      int fd = open(name.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        bool locked = LockedElsewhere(fd, false);
        close(fd);
        if (locked) Refuse(what, "in another process (it holds a lock on it)");
      }
    }
    return *effective_;
  }

  // CORE with a backing store: HDF5 keeps the file in memory only; h5tables holds the disk
  // file and saves it.
  if (exists && !S_ISREG(st.st_mode)) {
    throw Failure(FailureKind::Hdf5, "h5tables: cannot open '" + name + "' with the CORE driver: not a regular file");
  }
  saving_ = std::make_unique<Saving>();
  saving_->path = name;
  if (exists) {
    // A symbolic link stays one: the file it points to is the one replaced.
    std::unique_ptr<char, decltype(&std::free)> real(realpath(name.c_str(), nullptr), &std::free);
    if (real) saving_->path = real.get();
  }
  // Saving creates a file beside it: find out now, not at close.
  std::string dir = DirectoryOf(saving_->path);
  if (access(dir.c_str(), W_OK | X_OK) < 0) {
    ThrowErrno("h5tables: cannot save '" + name + "' with the CORE driver (it is saved through a temporary file " +
               "in its directory, then renamed): directory '" + dir + "'");
  }
  if (exists) {
    saving_->fd = open(name.c_str(), O_RDWR | O_CLOEXEC);
    if (saving_->fd < 0) ThrowErrno("h5tables: cannot open '" + name + "'");
    if (LockedElsewhere(saving_->fd, LockingEnabled())) Refuse(what, "in another process (it holds a lock on it)");
    if (!requested.create && !requested.image) {
      loaded_ = ReadAll(saving_->fd, name);
      saving_->saved_any = true;
      saving_->hash = Hash(loaded_.data(), loaded_.size());
      saving_->size = loaded_.size();
      if (!loaded_.empty()) {
        // The CORE driver adopts an image of its own (open.cc opens what image_source holds).
        effective_->image_source = CoreImageRef(CoreImage::CreateCopy(loaded_.data(), loaded_.size()));
        effective_->image = static_cast<const uint8_t*>(effective_->image_source.get()->data());
        effective_->image_size = loaded_.size();
      }
    }
  }
  // A name no disk file has: the CORE driver without backing store never touches it, and
  // HDF5 never takes it for another open file. It keeps the directory, so relative
  // external links resolve as they would from the disk file.
  effective_->name = name + ".h5tables-core-" + RandomHex();
  effective_->core_backing_store = false;
  return *effective_;
}

void FileGuard::Opened(hid_t file) {
  if (saving_) {
    saving_->file = file;
    // The disk file exists from the open on: a new file (or an image given for a name
    // that has no file yet) is saved at once.
    if (saving_->fd < 0 || effective_->create) {
      CheckErr(H5Fflush(file, H5F_SCOPE_GLOBAL), "H5Fflush");
      saving_->Save();
    }
    Register(saving_->fd, saving_->path, true);
    Track(saving_.get());
    loaded_.clear();
    loaded_.shrink_to_fit();  // HDF5 has its own copy
    return;
  }
  const OpenOptions& o = *effective_;
  const bool on_disk = o.driver != Driver::Range && (o.driver != Driver::Core || (o.core_backing_store && !o.image));
  if (on_disk) Register(-1, o.name, false);
}

void FileGuard::Save(hid_t file) {
  if (!saving_) return;
  saving_->Save();
  // The disk file is a new inode now.
  if (token_ != 0) {
    Unregister();
    Register(saving_->fd, saving_->path, true);
  }
}

std::optional<Failure> FileGuard::SaveAtClose(hid_t file) noexcept {
  if (!saving_) return std::nullopt;
  try {
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0) ThrowHdf5("H5Fflush");
    Save(file);
  } catch (const Failure& failure) {
    return failure;
  } catch (const std::exception& err) {
    return Failure(FailureKind::Hdf5, "h5tables: could not save '" + saving_->path + "': " + err.what());
  }
  return std::nullopt;
}

void FileGuard::Release() noexcept {
  Unregister();
  if (saving_) Untrack(saving_.get());
  saving_.reset();
  loaded_.clear();
  loaded_.shrink_to_fit();
}

void FileGuard::Register(int fd, const std::string& name, bool replaced) {
  struct stat st;
  if (fd >= 0 ? fstat(fd, &st) < 0 : stat(name.c_str(), &st) < 0) return;  // not on disk
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  token_ = r.next++;
  r.open[token_] = Key{st.st_dev, st.st_ino, replaced};
}

void FileGuard::Unregister() noexcept {
  if (token_ == 0) return;
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.open.erase(token_);
  token_ = 0;
}

}  // namespace h5t
