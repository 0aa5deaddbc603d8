// The CORE driver's memory, managed by h5tables through HDF5's file image callbacks.
//
// Without callbacks, opening an image copies it three times (into the property list, into
// its copy inside H5Fopen, into the driver) and the driver's buffer dies with the file.
// With them: property lists only alias the caller's image; the driver copies it once (or,
// for a read-only zero-copy open, uses it in place); and at close the driver's buffer can
// be handed to JavaScript instead of freed (takeFileImage).
#pragma once

#include <hdf5.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace h5t {

class CoreImage {
 public:
  // image may be null (a new file). in_place: the driver reads the image where it is, so
  // the memory must outlive the file and nothing else may free, move or resize it (an
  // ArrayBuffer that only the file holds: see image_input.h).
  static CoreImage* Create(const void* image, size_t size, bool in_place);
  // A copy of image, made now, that the driver adopts as its own buffer at open: the
  // caller's memory is not read again, and there is still one copy in all.
  static CoreImage* CreateCopy(const void* image, size_t size);
  // Reads malloc'd memory in place, which the state owns from now on (freed with it).
  static CoreImage* CreateOwned(void* image, size_t size);
  ~CoreImage();
  CoreImage(const CoreImage&) = delete;
  CoreImage& operator=(const CoreImage&) = delete;
  void Ref() { refs_.fetch_add(1); }
  void Unref() {
    if (refs_.fetch_sub(1) == 1) delete this;
  }

  // Installs the callbacks (and the image, if any) on a CORE file access list.
  void Install(hid_t fapl);

  // Asks that the driver's buffer be kept, cut to image_size, when the file closes.
  void KeepAtClose(size_t image_size) {
    keep_at_close_ = true;
    keep_size_ = image_size;
  }
  // The kept buffer (malloc'd, owned by the caller from now on), or null.
  void* ReleaseKept(size_t* size);
  // Whether the driver reads the caller's image in place (it owns no buffer to keep).
  bool in_place() const { return in_place_; }
  const void* data() const { return image_; }
  // The driver's memory as it is now (null before open and after close) and how many
  // bytes of it are allocated: HDF5 lock held. The callbacks see every (re)allocation.
  const uint8_t* driver_memory(size_t* size) const {
    *size = driver_size_;
    return static_cast<const uint8_t*>(driver_mem_);
  }

  // Bytes of malloc'd memory held for the file (the copy, then the driver's buffer), which
  // V8 cannot see; shared so the JS thread reads it without the HDF5 lock.
  using Counter = std::shared_ptr<std::atomic<int64_t>>;
  const Counter& held_bytes() const { return held_; }

 private:
  CoreImage(const void* image, size_t size, bool in_place) : image_(image), size_(size), in_place_(in_place) {}

  void Track(void* memory, size_t size) {
    driver_mem_ = memory;
    driver_size_ = memory ? size : 0;
  }
  static void* Malloc(size_t size, H5FD_file_image_op_t op, void* self);
  static void* Memcpy(void* dest, const void* src, size_t size, H5FD_file_image_op_t op, void* self);
  static void* Realloc(void* ptr, size_t size, H5FD_file_image_op_t op, void* self);
  static herr_t Free(void* ptr, H5FD_file_image_op_t op, void* self);
  static void* UdataCopy(void* self);
  static herr_t UdataFree(void* self);

  std::atomic<int> refs_{1};
  const void* image_;
  size_t size_;
  bool in_place_;
  bool keep_at_close_ = false;
  size_t keep_size_ = 0;
  void* kept_ = nullptr;
  void* driver_mem_ = nullptr;  // what the driver reads and writes (its file->mem)
  size_t driver_size_ = 0;
  void* copy_ = nullptr;   // CreateCopy's memory until the driver adopts it
  void* owned_ = nullptr;  // CreateOwned's memory, read in place
  bool copy_adopted_ = false;
  Counter held_ = std::make_shared<std::atomic<int64_t>>(0);
};

// One reference to a CoreImage, released once.
class CoreImageRef {
 public:
  CoreImageRef() = default;
  explicit CoreImageRef(CoreImage* image) : image_(image) {}
  // A copy is one more reference (FileGuard copies the open options that hold one).
  CoreImageRef(const CoreImageRef& other) : image_(other.image_) {
    if (image_) image_->Ref();
  }
  CoreImageRef& operator=(const CoreImageRef&) = delete;
  CoreImageRef(CoreImageRef&& other) noexcept : image_(other.image_) { other.image_ = nullptr; }
  CoreImageRef& operator=(CoreImageRef&& other) noexcept {
    if (this != &other) {
      reset();
      image_ = other.image_;
      other.image_ = nullptr;
    }
    return *this;
  }
  ~CoreImageRef() { reset(); }
  CoreImage* get() const { return image_; }
  void reset() {
    if (image_) image_->Unref();
    image_ = nullptr;
  }

 private:
  CoreImage* image_ = nullptr;
};

}  // namespace h5t
