#include "js/image_input.h"

#include "js/errors.h"
#include "js/malloc_buffers.h"

namespace h5t {
namespace {

// structuredClone(buffer, { transfer: [buffer] }): the same memory in a new ArrayBuffer,
// the old one detached. Empty when the buffer cannot be transferred.
Napi::Value Transfer(Napi::Env env, Napi::ArrayBuffer buffer) {
  Napi::Value clone = env.Global().Get("structuredClone");
  if (!clone.IsFunction()) return Napi::Value();
  size_t size = buffer.ByteLength();
  Napi::Array list = Napi::Array::New(env, 1);
  list.Set(0u, buffer);
  Napi::Object options = Napi::Object::New(env);
  options.Set("transfer", list);
  Napi::Value result;
  try {
    result = clone.As<Napi::Function>().Call({buffer, options});
  } catch (const Napi::Error&) {
    return Napi::Value();  // DataCloneError: not transferable
  }
  if (!result.IsArrayBuffer() || result.As<Napi::ArrayBuffer>().ByteLength() != size) return Napi::Value();
  if (!buffer.IsDetached()) return Napi::Value();  // not moved after all: copy instead
  return result;
}

}  // namespace

ImageInput TakeImage(Napi::Env env, Napi::Uint8Array view, bool want_in_place) {
  ImageInput input;
  input.holder = env.Undefined();
  size_t size = view.ByteLength();
  if (want_in_place) {
    Napi::Value backing = view.ArrayBuffer();
    // A SharedArrayBuffer is not an ArrayBuffer here, and is never transferred.
    if (backing.IsArrayBuffer() && view.ByteOffset() == 0 && backing.As<Napi::ArrayBuffer>().ByteLength() == size) {
      Napi::ArrayBuffer buffer = backing.As<Napi::ArrayBuffer>();
      // takeFileImage's memory: Node would copy it (twice) rather than transfer it.
      if (void* ours = ClaimMallocBuffer(env, buffer)) {
        input.core_image = CoreImageRef(CoreImage::CreateOwned(ours, size));
        input.in_place = true;
        return input;
      }
      Napi::Value taken = Transfer(env, buffer);
      if (!taken.IsEmpty()) {
        Napi::ArrayBuffer owned = taken.As<Napi::ArrayBuffer>();
        input.core_image = CoreImageRef(CoreImage::Create(owned.Data(), size, true));
        input.in_place = true;
        input.holder = owned;
        return input;
      }
      if (buffer.IsDetached()) ThrowInvalidArg("the image's ArrayBuffer was detached while the file took it");
    }
  }
  input.core_image = CoreImageRef(CoreImage::CreateCopy(view.Data(), size));
  return input;
}

}  // namespace h5t
