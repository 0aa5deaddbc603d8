#include "js/malloc_buffers.h"

#include <cstdlib>
#include <mutex>
#include <unordered_map>

namespace h5t {
namespace {

struct MallocBuffer {
  napi_env env;
  size_t size;
  bool claimed = false;
};

// The unclaimed buffers by address (workers share the process's heap, hence one map).
std::mutex registry_mutex;
std::unordered_map<void*, MallocBuffer*>& Registry() {
  static auto* registry = new std::unordered_map<void*, MallocBuffer*>();  // never destroyed: finalizers at exit
  return *registry;
}

void Finalize(napi_env, void* data, void* hint) {
  auto* buffer = static_cast<MallocBuffer*>(hint);
  bool claimed = false;
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto found = Registry().find(data);
    if (found != Registry().end() && found->second == buffer) Registry().erase(found);
    claimed = buffer->claimed;
  }
  if (!claimed) std::free(data);
  delete buffer;
}

}  // namespace

napi_status CreateMallocBuffer(napi_env env, void* data, size_t size, napi_value* result) {
  auto* buffer = new MallocBuffer{env, size};
  napi_status status = napi_create_external_buffer(env, size, data, Finalize, buffer, result);
  if (status == napi_ok) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    Registry()[data] = buffer;
  } else if (status != napi_generic_failure) {
    delete buffer;  // no finalizer will run
  }
  return status;
}

void* ClaimMallocBuffer(Napi::Env env, Napi::ArrayBuffer buffer) {
  void* data = buffer.Data();
  size_t size = buffer.ByteLength();
  if (data == nullptr || size == 0) return nullptr;
  MallocBuffer* claimed = nullptr;
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto found = Registry().find(data);
    if (found == Registry().end() || found->second->env != env || found->second->size != size) return nullptr;
    claimed = found->second;
    claimed->claimed = true;
    Registry().erase(found);
  }
  // Outside the lock: the finalizer runs later, once V8 lets go of the memory.
  if (napi_detach_arraybuffer(env, buffer) == napi_ok && buffer.IsDetached()) return data;
  std::lock_guard<std::mutex> lock(registry_mutex);  // not detachable: it stays JavaScript's
  claimed->claimed = false;
  Registry()[data] = claimed;
  return nullptr;
}

}  // namespace h5t
