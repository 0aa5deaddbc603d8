#include "js/async.h"

#include "hdf5/lock.h"
#include "hdf5/range_driver.h"
#include "hdf5/thread.h"
#include "js/errors.h"

namespace h5t {

void AsyncTask::Run() {
  Hdf5Lock lock;
  ForgetSourceFailure();
  try {
    Execute();
  } catch (...) {
    // Anything escaping this thread would be std::terminate.
    failure_ = CurrentExceptionAsFailure();
    // The driver's own failure says what went wrong better than HDF5's stack above it.
    if (std::optional<Failure> source = TakeSourceFailure()) failure_ = std::move(source);
  }
}

void AsyncTask::Settle(Napi::Env env) {
  keep_alive_.clear();
  if (failure_) {
    try {
      Failed(env);
    } catch (...) {
    }
    deferred_.Reject(ToJsError(env, *failure_).Value());
    return;
  }
  try {
    deferred_.Resolve(Resolve(env));
  } catch (const Napi::Error& error) {
    deferred_.Reject(error.Value());
  } catch (...) {
    deferred_.Reject(ToJsError(env, CurrentExceptionAsFailure()).Value());
  }
}

void AsyncTask::Discard() {
  {
    Hdf5Lock lock;
    Abandon();
  }
  // The environment's references are already gone with it: do not delete them again.
  for (auto& reference : keep_alive_) reference.SuppressDestruct();
}

void AsyncTask::Cancelled(Napi::Env env) {
  keep_alive_.clear();
  Napi::Error error = Napi::Error::New(env, "the operation was aborted before it started");
  error.Set("name", Napi::String::New(env, "AbortError"));
  error.Set("code", Napi::String::New(env, "ABORT_ERR"));
  deferred_.Reject(error.Value());
}

AsyncQueue::AsyncQueue(Napi::Env env) : link_(std::make_shared<Link>()) {
  auto* finalizer_link = new std::shared_ptr<Link>(link_);
  link_->delivery = Delivery::New(
      env, "h5tables", 0, 1, this,
      [](Napi::Env, std::shared_ptr<Link>* link, AsyncQueue*) {
        {
          std::lock_guard<std::mutex> lock((*link)->mutex);
          (*link)->open = false;
        }
        delete link;
      },
      finalizer_link);
  link_->delivery.Unref(env);  // idle: do not keep the process alive
  // Runs before the environment frees anything its tasks use (finalizers run after every
  // cleanup hook); taking the HDF5 lock waits for a task of this environment that is
  // running now. Never removed: it runs once, when the environment goes away.
  napi_add_env_cleanup_hook(
      env,
      [](void* arg) {
        auto* link = static_cast<std::shared_ptr<Link>*>(arg);
        {
          Hdf5Lock lock;
          (*link)->env_alive = false;
        }
        delete link;
      },
      new std::shared_ptr<Link>(link_));
}

Napi::Promise AsyncQueue::Schedule(Napi::Env env, std::unique_ptr<AsyncTask> task, Napi::Function on_queued) {
  Napi::Promise promise = task->Promise();
  if (pending_++ == 0) link_->delivery.Ref(env);
  AsyncTask* raw = task.release();
  std::shared_ptr<Link> link = link_;
  Hdf5JobId job = PostToHdf5Thread([raw, link]() {
    bool delivered = false;
    {
      Hdf5Lock hdf5;  // see Link::env_alive
      if (link->env_alive) {
        raw->Run();
        std::lock_guard<std::mutex> lock(link->mutex);
        if (link->open) delivered = link->delivery.NonBlockingCall(raw) == napi_ok;
      }
    }
    if (!delivered) {  // the environment has gone
      raw->Discard();
      delete raw;
    }
  });
  if (!on_queued.IsEmpty()) {
    // `task` is only touched once CancelHdf5Job has proved the job never started, so it
    // cannot have been settled or deleted meanwhile; after that the handle is spent.
    struct Handle {
      Hdf5JobId job;
      AsyncTask* task;
    };
    auto handle = std::make_shared<Handle>(Handle{job, raw});
    Napi::Function cancel = Napi::Function::New(
        env,
        [handle](const Napi::CallbackInfo& info) -> Napi::Value {
          Napi::Env env = info.Env();
          if (handle->task == nullptr || !CancelHdf5Job(handle->job)) return Napi::Boolean::New(env, false);
          AsyncTask* task = handle->task;
          handle->task = nullptr;
          QueueOf(env).Cancel(env, task);
          return Napi::Boolean::New(env, true);
        },
        "cancel");
    on_queued.Call({cancel});
  }
  return promise;
}

void AsyncQueue::Cancel(Napi::Env env, AsyncTask* task) {
  try {
    task->Cancelled(env);
  } catch (...) {
  }
  delete task;
  if (--pending_ == 0) link_->delivery.Unref(env);
}

void AsyncQueue::Deliver(Napi::Env env, Napi::Function, AsyncQueue* queue, AsyncTask* task) {
  if (env == nullptr) {  // the environment is being torn down
    task->Discard();
    delete task;
    return;
  }
  try {
    task->Settle(env);
  } catch (...) {
    // An environment that is stopping (process.exit() or terminate() in a worker) can no
    // longer run JS: settling throws, and nothing must escape into Node's call.
  }
  delete task;
  if (--queue->pending_ == 0) queue->link_->delivery.Unref(env);
}

}  // namespace h5t
