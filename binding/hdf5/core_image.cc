#include "hdf5/core_image.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "hdf5/errors.h"

namespace h5t {

CoreImage* CoreImage::Create(const void* image, size_t size, bool in_place) {
  return new CoreImage(image, size, in_place);
}

CoreImage* CoreImage::CreateCopy(const void* image, size_t size) {
  void* copy = std::malloc(size > 0 ? size : 1);
  if (!copy) throw std::bad_alloc();
  if (size > 0) std::memcpy(copy, image, size);
  auto* state = new CoreImage(copy, size, false);
  state->copy_ = copy;
  state->held_->store(static_cast<int64_t>(size));
  return state;
}

CoreImage* CoreImage::CreateOwned(void* image, size_t size) {
  auto* state = new CoreImage(image, size, true);
  state->owned_ = image;
  state->held_->store(static_cast<int64_t>(size));
  return state;
}

CoreImage::~CoreImage() {
  std::free(owned_);
  std::free(copy_);  // never adopted (the open failed before the driver took it)
  std::free(kept_);  // kept but never released
}

void CoreImage::Install(hid_t fapl) {
  H5FD_file_image_callbacks_t callbacks = {Malloc, Memcpy, Realloc, Free, UdataCopy, UdataFree, this};
  CheckErr(H5Pset_file_image_callbacks(fapl, &callbacks), "H5Pset_file_image_callbacks");
  if (image_ && size_ > 0) {
    CheckErr(H5Pset_file_image(fapl, const_cast<void*>(image_), size_), "H5Pset_file_image");
  }
}

void* CoreImage::ReleaseKept(size_t* size) {
  void* kept = kept_;
  kept_ = nullptr;
  *size = keep_size_;
  return kept;
}

void* CoreImage::Malloc(size_t size, H5FD_file_image_op_t op, void* self) {
  auto* state = static_cast<CoreImage*>(self);
  if (op == H5FD_FILE_IMAGE_OP_FILE_OPEN) {
    void* memory = nullptr;
    if (state->in_place_) {
      memory = const_cast<void*>(state->image_);
    } else if (state->copy_ || state->copy_adopted_) {
      // The driver adopts the copy (its memcpy from the alias below is then a no-op). It
      // is handed out once: the driver owns it from now on.
      if (state->copy_adopted_ || size != state->size_) return nullptr;
      memory = state->copy_;
      state->copy_ = nullptr;
      state->copy_adopted_ = true;
    } else {
      memory = std::malloc(size > 0 ? size : 1);
      if (memory) state->held_->store(static_cast<int64_t>(size));
    }
    if (memory) state->Track(memory, size);
    return memory;
  }
  // Property lists never own a copy: they alias the caller's image, which outlives them.
  return const_cast<void*>(state->image_);
}

void* CoreImage::Memcpy(void* dest, const void* src, size_t size, H5FD_file_image_op_t, void*) {
  if (dest != src) std::memcpy(dest, src, size);
  return dest;
}

void* CoreImage::Realloc(void* ptr, size_t size, H5FD_file_image_op_t, void* self) {
  auto* state = static_cast<CoreImage*>(self);
  if (state->in_place_) return nullptr;  // a file read in place never grows (read-only)
  void* memory = std::realloc(ptr, size > 0 ? size : 1);
  if (memory) {
    state->held_->store(static_cast<int64_t>(size));
    state->Track(memory, size);
  }
  return memory;
}

herr_t CoreImage::Free(void* ptr, H5FD_file_image_op_t op, void* self) {
  auto* state = static_cast<CoreImage*>(self);
  if (op == H5FD_FILE_IMAGE_OP_FILE_CLOSE && ptr == state->driver_mem_) state->Track(nullptr, 0);
  if (op != H5FD_FILE_IMAGE_OP_FILE_CLOSE || state->in_place_ || ptr == nullptr) return 0;
  // Freed, or kept for takeFileImage, where it becomes an ArrayBuffer that V8 counts.
  state->held_->store(0);
  if (!state->keep_at_close_ || state->keep_size_ == 0) {
    std::free(ptr);
    return 0;
  }
  // The driver's buffer grows by increments and can be longer than the file: cut it
  // (shrinking in place, so no copy), or keep it whole if realloc declines.
  void* cut = std::realloc(ptr, state->keep_size_);
  state->kept_ = cut ? cut : ptr;
  return 0;
}

void* CoreImage::UdataCopy(void* self) {
  static_cast<CoreImage*>(self)->Ref();
  return self;
}

herr_t CoreImage::UdataFree(void* self) {
  static_cast<CoreImage*>(self)->Unref();
  return 0;
}

}  // namespace h5t
