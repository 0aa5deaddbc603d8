#include "hdf5/external_policy.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <utility>

#include "hdf5/errors.h"
#include "hdf5/hid.h"
#include "hdf5/link_iterate.h"

namespace h5t {

const char* const kRefusalFrame = "h5tables_external_files";

namespace {

// ---- the registry: open files' policies, by file id and by the name HDF5 knows ----

struct Entry {
  uint64_t key;
  hid_t file;
  // The name the file was opened under, then the names HDF5 may open files reached
  // through it under (so an external link in such a file follows the same policy).
  std::vector<std::string> names;
  ExternalPolicy policy;
};

std::mutex registry_mutex;
// Never destroyed: files closed by an environment's cleanup hook may outlive statics.
std::vector<Entry>& Registry() {
  static auto* entries = new std::vector<Entry>();
  return *entries;
}
uint64_t next_key = 1;

std::vector<ExternalPolicy> PoliciesOfFile(hid_t file) {
  std::lock_guard<std::mutex> guard(registry_mutex);
  std::vector<ExternalPolicy> found;
  for (const Entry& entry : Registry()) {
    if (entry.file == file) found.push_back(entry.policy);
  }
  return found;
}

bool HasName(const Entry& entry, const std::string& name) {
  for (const std::string& known : entry.names) {
    if (known == name) return true;
  }
  return false;
}

// Policies of every open file known under `name` (one disk file may be open twice).
std::vector<ExternalPolicy> PoliciesOfName(const std::string& name) {
  std::lock_guard<std::mutex> guard(registry_mutex);
  std::vector<ExternalPolicy> found;
  for (const Entry& entry : Registry()) {
    if (HasName(entry, name)) found.push_back(entry.policy);
  }
  return found;
}

// Files reached from a file known as `via` follow its policy (until it closes).
void AddNames(const std::string& via, const std::vector<std::string>& names) {
  std::lock_guard<std::mutex> guard(registry_mutex);
  for (Entry& entry : Registry()) {
    if (!HasName(entry, via)) continue;
    for (const std::string& name : names) {
      if (!HasName(entry, name)) entry.names.push_back(name);
    }
  }
}

// ---- where HDF5 looks for a file, and whether the policy allows it ----

bool IsAbsolute(const std::string& name) { return !name.empty() && name[0] == '/'; }

std::string BaseName(const std::string& name) {
  size_t slash = name.find_last_of('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// H5F__build_name: prefix, a delimiter unless it ends with one, the name.
std::string BuildName(const std::string& prefix, const std::string& name) {
  if (prefix.empty() || prefix.back() == '/') return prefix + name;
  return prefix + "/" + name;
}

std::string CurrentDirectory() {
  char buffer[PATH_MAX];
  return getcwd(buffer, sizeof buffer) ? std::string(buffer) : std::string();
}

// H5_build_extpath: the directory of the file's name, absolute, with a trailing delimiter.
std::string ExtPath(const std::string& open_name) {
  std::string full = IsAbsolute(open_name) ? open_name : BuildName(CurrentDirectory(), open_name);
  return full.substr(0, full.find_last_of('/') + 1);
}

std::string RealPath(const std::string& name) {
  char buffer[PATH_MAX];
  return realpath(name.c_str(), buffer) ? std::string(buffer) : std::string();
}

// Every name H5F_prefix_open_file may try for a link or virtual source `name` of the file
// opened as `open_name`, in its order: the name if absolute, then its last component
// under each prefix of env_var, the property list's prefix, the file's directory, the
// current directory, and the file's resolved directory.
std::vector<std::string> SearchedNames(const std::string& open_name, const std::string& name, const char* env_var,
                                       const std::string& list_prefix) {
  std::vector<std::string> names;
  std::string tail = name;
  if (IsAbsolute(name)) {
    names.push_back(name);
    tail = BaseName(name);
  }
  if (const char* env = std::getenv(env_var)) {
    std::string prefixes = env;
    size_t start = 0;
    while (start <= prefixes.size()) {
      size_t end = prefixes.find(':', start);
      if (end == std::string::npos) end = prefixes.size();
      if (end > start) names.push_back(BuildName(prefixes.substr(start, end - start), tail));
      start = end + 1;
    }
  }
  if (!list_prefix.empty()) names.push_back(BuildName(list_prefix, tail));
  names.push_back(BuildName(ExtPath(open_name), tail));
  names.push_back(tail);
  std::string resolved = RealPath(open_name);
  if (!resolved.empty()) names.push_back(BuildName(resolved.substr(0, resolved.find_last_of('/') + 1), tail));
  return names;
}

bool IsUnder(const std::string& real, const std::string& directory) {
  if (directory == "/") return true;
  return real.size() > directory.size() && real.compare(0, directory.size(), directory) == 0 &&
         real[directory.size()] == '/';
}

const char* kAllowHint =
    "pass { allowExternalFiles: true } (or { allowExternalFiles: { directories: [...] } }) "
    "to openFile to allow it";

// Why the policies refuse the files HDF5 may open under `names`, or "" when they allow
// them. Every name that exists must pass: HDF5 goes on to the next one when a file
// does not open as HDF5, so checking only the first would let a later one through.
std::string RefusalReason(const std::vector<ExternalPolicy>& policies, const std::vector<std::string>& names) {
  if (policies.empty()) return kAllowHint;
  for (const ExternalPolicy& policy : policies) {
    if (policy.mode == ExternalPolicy::Mode::Image) return "a file opened from an image never reaches other files";
    if (policy.mode != ExternalPolicy::Mode::Allow) return kAllowHint;
  }
  for (const std::string& name : names) {
    struct stat st;
    if (stat(name.c_str(), &st) != 0) continue;  // not there: HDF5 cannot open it either
    if (S_ISDIR(st.st_mode)) continue;           // HDF5 cannot open a directory as a file
    if (!S_ISREG(st.st_mode)) return name + " is not a regular file";
    std::string real = RealPath(name);
    if (real.empty()) return name + " cannot be resolved";
    for (const ExternalPolicy& policy : policies) {
      if (policy.directories.empty()) continue;
      bool inside = false;
      for (const std::string& directory : policy.directories) inside = inside || IsUnder(real, directory);
      if (!inside) return real + " is not under a directory that allowExternalFiles.directories names";
    }
  }
  return "";
}

[[noreturn]] void ThrowRefusal(const std::string& node, const std::string& what, const std::string& reason) {
  throw Failure(FailureKind::Hdf5, node + " " + what + ", which is refused: " + reason);
}

std::string FileNameOf(hid_t object) {
  ssize_t size = H5Fget_name(object, nullptr, 0);
  if (size < 0) ThrowHdf5("H5Fget_name");
  std::string name(static_cast<size_t>(size) + 1, '\0');
  if (H5Fget_name(object, &name[0], name.size()) < 0) ThrowHdf5("H5Fget_name");
  name.resize(static_cast<size_t>(size));
  return name;
}

// ---- external links ----

struct LinkSearch {
  const char* file;
  const char* object;
  std::string found;
};

herr_t FindExternalLink(hid_t group, const char* name, const LinkInfo* info, void* data) {
  auto* search = static_cast<LinkSearch*>(data);
  if (info->type != H5L_TYPE_EXTERNAL || info->u.val_size == 0 || info->u.val_size > 65536) return 0;
  std::vector<char> value(info->u.val_size);
  if (H5Lget_val(group, name, value.data(), value.size(), H5P_DEFAULT) < 0) return 0;
  const char* file = nullptr;
  const char* object = nullptr;
  if (H5Lunpack_elink_val(value.data(), value.size(), nullptr, &file, &object) < 0) return 0;
  if (std::string(file) != search->file || std::string(object) != search->object) return 0;
  search->found = name;
  return 1;
}

// The link's own path when it can be found among the group's links (HDF5 gives the
// callback the group, not the link), else the file and the group (a file reached through
// another link is not one h5tables opened).
std::string LinkNode(const std::string& parent_file, const char* group_name, const char* file, const char* object) {
  std::string group = group_name ? group_name : "";
  hid_t parent = H5I_INVALID_HID;
  {
    std::lock_guard<std::mutex> guard(registry_mutex);
    for (const Entry& entry : Registry()) {
      if (!entry.names.empty() && entry.names[0] == parent_file) parent = entry.file;
    }
  }
  if (parent >= 0 && !group.empty()) {
    hid_t opened = H5Gopen2(parent, group.c_str(), H5P_DEFAULT);
    if (opened >= 0) {
      Hid owned(opened);
      LinkSearch search{file, object, ""};
      H5T_LITERATE(opened, H5_INDEX_NAME, H5_ITER_INC, nullptr, FindExternalLink, &search);
      if (!search.found.empty()) return BuildName(group, search.found);
    }
  }
  return "a link in " + parent_file + ":" + (group.empty() ? std::string("/") : group);
}

herr_t CheckExternalLink(const char* parent_file_name, const char* parent_group_name, const char* child_file_name,
                         const char* child_object_name, unsigned*, hid_t, void*) {
  try {
    std::string parent = parent_file_name ? parent_file_name : "";
    std::string child = child_file_name ? child_file_name : "";
    std::vector<std::string> names = SearchedNames(parent, child, "HDF5_EXT_PREFIX", "");
    std::string reason = RefusalReason(PoliciesOfName(parent), names);
    if (!reason.empty()) {
      std::string node = LinkNode(parent, parent_group_name, child_file_name, child_object_name);
      std::string message = node + " is an external link (" + child + ":" +
                            (child_object_name ? child_object_name : "") + "), which is refused: " + reason;
      H5Epush2(H5E_DEFAULT, __FILE__, kRefusalFrame, __LINE__, H5E_ERR_CLS, H5E_LINK, H5E_CALLBACK, "%s",
               message.c_str());
      return -1;
    }
    AddNames(parent, names);
    return 0;
  } catch (...) {
    H5Epush2(H5E_DEFAULT, __FILE__, kRefusalFrame, __LINE__, H5E_ERR_CLS, H5E_LINK, H5E_CALLBACK, "%s",
             "an external link could not be checked, and is refused");
    return -1;
  }
}

herr_t FindRefusal(unsigned, const H5E_error2_t* err, void* data) {
  if (err->func_name && std::string(err->func_name) == kRefusalFrame) *static_cast<bool*>(data) = true;
  return 0;
}

// ---- external storage and virtual datasets ----

std::string StringProperty(ssize_t (*get)(hid_t, char*, size_t), hid_t list) {
  ssize_t size = get(list, nullptr, 0);
  if (size <= 0) return "";
  std::string value(static_cast<size_t>(size) + 1, '\0');
  if (get(list, &value[0], value.size()) < 0) return "";
  value.resize(static_cast<size_t>(size));
  return value;
}

// HDF5 expands ${ORIGIN} at the start of a prefix to the file's directory.
std::string ExpandOrigin(const std::string& prefix, const std::string& open_name) {
  const std::string origin = "${ORIGIN}";
  if (prefix.compare(0, origin.size(), origin) != 0) return prefix;
  return ExtPath(open_name) + prefix.substr(origin.size());
}

// The name HDF5 opens an external storage file under (H5_combine_path with the dataset's
// prefix: the environment's HDF5_EXTFILE_PREFIX, else its access list's).
std::string ExternalStorageName(hid_t dataset, const std::string& open_name, const std::string& name) {
  std::string prefix;
  if (const char* env = std::getenv("HDF5_EXTFILE_PREFIX")) prefix = env;
  if (prefix.empty()) {
    hid_t access = H5Dget_access_plist(dataset);
    if (access >= 0) {
      Hid owned(access);
      prefix = StringProperty(H5Pget_efile_prefix, access);
    }
  }
  if (prefix.empty() || prefix == "." || IsAbsolute(name)) return name;
  return BuildName(ExpandOrigin(prefix, open_name), name);
}

std::string VirtualPrefix(hid_t dataset, const std::string& open_name) {
  std::string prefix;
  if (const char* env = std::getenv("HDF5_VDS_PREFIX")) prefix = env;
  if (prefix.empty()) {
    hid_t access = H5Dget_access_plist(dataset);
    if (access >= 0) {
      Hid owned(access);
      prefix = StringProperty(H5Pget_virtual_prefix, access);
    }
  }
  if (prefix.empty() || prefix == ".") return "";
  return ExpandOrigin(prefix, open_name);
}

std::string VirtualString(ssize_t (*get)(hid_t, size_t, char*, size_t), hid_t list, size_t index) {
  ssize_t size = get(list, index, nullptr, 0);
  if (size < 0) ThrowHdf5("H5Pget_virtual_filename");
  std::string value(static_cast<size_t>(size) + 1, '\0');
  if (get(list, index, &value[0], value.size()) < 0) ThrowHdf5("H5Pget_virtual_filename");
  value.resize(static_cast<size_t>(size));
  return value;
}

// Whether mapping `index` has an unlimited virtual selection: H5Dget_space then opens its
// source to learn the extent (H5D__virtual_set_extent_unlim); other mappings wait for a read.
bool IsUnlimitedMapping(hid_t create, size_t index) {
  hid_t vspace = H5Pget_virtual_vspace(create, index);
  if (vspace < 0) return true;  // cannot tell: assume the worst
  Hid owned(vspace);
  if (H5Sget_select_type(vspace) != H5S_SEL_HYPERSLABS || H5Sis_regular_hyperslab(vspace) <= 0) return false;
  int rank = H5Sget_simple_extent_ndims(vspace);
  if (rank <= 0) return false;
  std::vector<hsize_t> start(rank), stride(rank), count(rank), block(rank);
  if (H5Sget_regular_hyperslab(vspace, start.data(), stride.data(), count.data(), block.data()) < 0) return true;
  for (int d = 0; d < rank; d++) {
    if (count[d] == H5S_UNLIMITED || block[d] == H5S_UNLIMITED) return true;
  }
  return false;
}

// A printf-style pattern (%b, %%): HDF5 expands it to names no check can list in advance.
bool IsPattern(const std::string& name) { return name.find('%') != std::string::npos; }

constexpr int kMaxDepth = 8;  // virtual sources of virtual sources ... (also stops cycles)

void CheckStorage(const std::vector<ExternalPolicy>& policies, hid_t dataset, const std::string& node,
                  bool describe_only, int depth);

// The first name HDF5 would open a virtual source under: an existing regular file.
std::string FirstExisting(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    struct stat st;
    if (stat(name.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return name;
  }
  return "";
}

// A source dataset may itself keep its data elsewhere: check it the same way.
void CheckSource(const std::vector<ExternalPolicy>& policies, hid_t file, const std::string& dataset_name,
                 const std::string& node, int depth) {
  // A missing source reads as the fill value: nothing to check.
  hid_t source = H5Dopen2(file, dataset_name.c_str(), H5P_DEFAULT);
  if (source < 0) return;
  Hid owned(source);
  CheckStorage(policies, source, node, false, depth + 1);
}

void CheckStorage(const std::vector<ExternalPolicy>& policies, hid_t dataset, const std::string& node,
                  bool describe_only, int depth) {
  if (depth > kMaxDepth) ThrowRefusal(node, "has virtual sources nested too deeply", "h5tables follows 8 levels");
  Hid create(Check(H5Dget_create_plist(dataset), "H5Dget_create_plist"));
  H5D_layout_t layout = H5Pget_layout(create.get());
  std::string open_name = FileNameOf(dataset);
  if (layout == H5D_CONTIGUOUS && !describe_only) {
    int count = H5Pget_external_count(create.get());
    if (count < 0) ThrowHdf5("H5Pget_external_count");
    for (int i = 0; i < count; i++) {
      // HDF5 offers no length query: a name that fills the buffer may be cut, so refuse it.
      std::vector<char> name(PATH_MAX + 2, '\0');
      off_t offset = 0;
      hsize_t size = 0;
      CheckErr(H5Pget_external(create.get(), static_cast<unsigned>(i), name.size(), name.data(), &offset, &size),
               "H5Pget_external");
      std::string file = name.data();
      if (file.size() >= name.size() - 1)
        ThrowRefusal(node, "uses external storage (" + file + "...)", "the name is too long");
      std::string reason = RefusalReason(policies, {ExternalStorageName(dataset, open_name, file)});
      if (!reason.empty()) ThrowRefusal(node, "uses external storage (" + file + ")", reason);
    }
  }
  if (layout != H5D_VIRTUAL) return;
  size_t count = 0;
  CheckErr(H5Pget_virtual_count(create.get(), &count), "H5Pget_virtual_count");
  std::string prefix = VirtualPrefix(dataset, open_name);
  for (size_t i = 0; i < count; i++) {
    std::string file = VirtualString(H5Pget_virtual_filename, create.get(), i);
    std::string source = VirtualString(H5Pget_virtual_dsetname, create.get(), i);
    std::string what = "is a virtual dataset with a source in another file (" + file + ":" + source + ")";
    if (file == ".") {
      // The same file: the source dataset may still keep its data elsewhere.
      if (!describe_only && !IsPattern(source)) {
        Hid own_file(Check(H5Iget_file_id(dataset), "H5Iget_file_id"));
        CheckSource(policies, own_file.get(), source, node, depth);
      }
      continue;
    }
    if (describe_only && !IsUnlimitedMapping(create.get(), i)) continue;
    if (IsPattern(file)) ThrowRefusal(node, what, "a source file name pattern cannot be checked");
    std::vector<std::string> names = SearchedNames(open_name, file, "HDF5_VDS_PREFIX", prefix);
    std::string reason = RefusalReason(policies, names);
    if (!reason.empty()) ThrowRefusal(node, what, reason);
    if (describe_only || IsPattern(source)) continue;
    std::string existing = FirstExisting(names);
    if (existing.empty()) continue;  // HDF5 reads the fill value for a missing source
    AddNames(open_name, names);
    hid_t other = H5Fopen(existing.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (other < 0) continue;  // not HDF5: HDF5 will not read it either
    Hid owned(other);
    CheckSource(policies, other, source, node, depth);
  }
}

}  // namespace

PolicyRegistration::PolicyRegistration(hid_t file, const std::string& open_name, const ExternalPolicy& policy) {
  std::lock_guard<std::mutex> guard(registry_mutex);
  key_ = next_key++;
  Registry().push_back({key_, file, {open_name}, policy});
}

PolicyRegistration::PolicyRegistration(PolicyRegistration&& other) noexcept : key_(std::exchange(other.key_, 0)) {}

PolicyRegistration& PolicyRegistration::operator=(PolicyRegistration&& other) noexcept {
  if (this != &other) {
    reset();
    key_ = std::exchange(other.key_, 0);
  }
  return *this;
}

void PolicyRegistration::reset() {
  if (key_ == 0) return;
  std::lock_guard<std::mutex> guard(registry_mutex);
  std::vector<Entry>& entries = Registry();
  for (size_t i = 0; i < entries.size(); i++) {
    if (entries[i].key == key_) {
      entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  key_ = 0;
}

void InstallExternalLinkCheck() {
  static bool installed = false;  // guarded by the HDF5 lock the caller holds
  if (installed) return;
  CheckErr(H5Pset_elink_cb(H5P_LINK_ACCESS_DEFAULT, CheckExternalLink, nullptr), "H5Pset_elink_cb");
  installed = true;
}

void CheckDatasetStorage(hid_t file, hid_t dataset, hid_t create_list, const std::string& path, bool describe_only) {
  // Most datasets keep their data in their own file: one look at the layout says so.
  H5D_layout_t layout = H5Pget_layout(create_list);
  if (layout == H5D_CONTIGUOUS && H5Pget_external_count(create_list) == 0) return;
  if (layout != H5D_CONTIGUOUS && layout != H5D_VIRTUAL) return;
  CheckStorage(PoliciesOfFile(file), dataset, path, describe_only, 0);
}

bool ExternalRefusalPending() {
  bool found = false;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, FindRefusal, &found);
  return found;
}

}  // namespace h5t
