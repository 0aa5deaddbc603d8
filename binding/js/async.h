// Promise-returning operations: a task runs its HDF5 part on the HDF5 thread, then
// settles its promise on the JavaScript thread of the environment that made it.
#pragma once

#include <napi.h>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "hdf5/errors.h"

namespace h5t {

class AsyncTask {
 public:
  explicit AsyncTask(Napi::Env env) : deferred_(Napi::Promise::Deferred::New(env)) {}
  virtual ~AsyncTask() = default;
  AsyncTask(const AsyncTask&) = delete;
  AsyncTask& operator=(const AsyncTask&) = delete;

  Napi::Promise Promise() const { return deferred_.Promise(); }
  // Keeps a JS value (a buffer being written, the file object) alive until settled.
  void KeepAlive(Napi::Value value) { keep_alive_.push_back(Napi::Persistent(value)); }

  // HDF5 thread, with the HDF5 lock held. Throws Failure.
  virtual void Execute() = 0;
  // JS thread: the value the promise resolves to.
  virtual Napi::Value Resolve(Napi::Env env) = 0;
  // JS thread, when Execute failed, before the promise is rejected.
  virtual void Failed(Napi::Env env) {}
  // The environment went away before the result could be delivered: release what
  // Execute acquired in HDF5 (called with the HDF5 lock held, on any thread).
  virtual void Abandon() {}

  void Run();                  // HDF5 thread
  void Settle(Napi::Env env);  // JS thread
  void Discard();              // environment gone: drop without touching JS
  // JS thread, for a task taken out of the HDF5 thread's queue before it ran: rejects the
  // promise with an Error named 'AbortError' (code 'ABORT_ERR').
  void Cancelled(Napi::Env env);

 private:
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::Reference<Napi::Value>> keep_alive_;
  std::optional<Failure> failure_;
};

// One per environment: delivers finished tasks back to its JS thread, and keeps the
// event loop alive only while tasks are pending.
class AsyncQueue {
 public:
  explicit AsyncQueue(Napi::Env env);
  AsyncQueue(const AsyncQueue&) = delete;
  AsyncQueue& operator=(const AsyncQueue&) = delete;

  // Queues task on the HDF5 thread. When on_queued is a function, it is called at once
  // with a `cancel()` function: called on this JS thread while the task still waits in
  // the queue, it takes it out (it never runs), rejects its promise with an AbortError and
  // returns true; once the task has started (or settled) it does nothing and returns
  // false, and the promise settles with the task's own result.
  Napi::Promise Schedule(Napi::Env env, std::unique_ptr<AsyncTask> task, Napi::Function on_queued = Napi::Function());

  static void Deliver(Napi::Env env, Napi::Function, AsyncQueue* queue, AsyncTask* task);
  using Delivery = Napi::TypedThreadSafeFunction<AsyncQueue, AsyncTask, &AsyncQueue::Deliver>;

  // Node frees a thread-safe function when its environment is torn down, whatever
  // threads still hold it; the HDF5 thread only calls it under this lock while open.
  struct Link {
    std::mutex mutex;
    bool open = true;
    Delivery delivery;
    // Cleared, under the HDF5 lock, by the environment's cleanup hook. After it the
    // environment frees the NativeFile objects and JS buffers its queued tasks point to,
    // so the HDF5 thread checks it (under the same lock) before running each task.
    bool env_alive = true;
  };

 private:
  void Cancel(Napi::Env env, AsyncTask* task);  // a task cancel() took out of the queue

  std::shared_ptr<Link> link_;
  size_t pending_ = 0;
};

// The AsyncQueue of an environment (owned by the addon instance).
AsyncQueue& QueueOf(Napi::Env env);

}  // namespace h5t
