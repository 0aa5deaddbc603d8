// Buffers over memory h5tables malloc'd (takeFileImage's images), and taking that memory
// back from JavaScript without a copy.
//
// Node copies an external ArrayBuffer on structuredClone or postMessage even when it is in
// the transfer list (such buffers are untransferable), so a no-copy open of an image that
// takeFileImage returned cannot move it by transfer: it would cost two copies there and a
// third when the open gives up and copies. Instead, the memory is recognised as ours, the
// caller's ArrayBuffer is detached (as a transfer would leave it) and the file owns it.
#pragma once

#include <napi.h>

#include <cstddef>

namespace h5t {

// napi_create_external_buffer over data (malloc'd), freed at finalization unless claimed.
// On napi_generic_failure Node owns data (it frees it); on any other failure the caller does.
napi_status CreateMallocBuffer(napi_env env, void* data, size_t size, napi_value* result);

// When buffer is exactly a live CreateMallocBuffer's memory (same environment, same size),
// detaches it and returns the memory, to free() by the caller; null otherwise (unchanged).
void* ClaimMallocBuffer(Napi::Env env, Napi::ArrayBuffer buffer);

}  // namespace h5t
