// Test-only: how many reads were copied straight from a CORE file's memory (memory_read.h).
#pragma once

#include <napi.h>

namespace h5t {

// _memoryReadsForTests(): a running total for the process (tests compare differences).
Napi::Value MemoryReadsForTestsJs(const Napi::CallbackInfo& info);

}  // namespace h5t
