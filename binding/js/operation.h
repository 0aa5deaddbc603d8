// One definition per native operation, from which both its forms are made.
//
// An operation is a struct (see file_ops.cc for all of them):
//   static constexpr const char* kName;                  // "readDataset"
//   void Read(const ArgReader& args, Target& target);    // JS thread: read and check once
//   void Run(Target& target, const RunContext& context);  // the work, HDF5 lock held
//   Napi::Value Convert(Napi::Env env, Target& target);  // JS thread: the result, once
// and, from Operation, hooks it may replace: Own() (the Promise form only, before it is
// queued: copy what JavaScript could change meanwhile), Failed() (JS thread, after Run
// threw) and Abandon() (the environment went away after Run; HDF5 lock held).
//
// Expose<Op>() makes `kName` (Run on the JS thread) and `kName + "Async"` (Run on the
// HDF5 thread, in call order with the environment's other async work, settled on the JS
// thread), so the two forms cannot drift apart. Argument errors throw in both forms;
// errors of the work throw (sync) or reject (async).
#pragma once

#include <napi.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hdf5/lock.h"
#include "hdf5/range_driver.h"
#include "js/args.h"
#include "js/async.h"
#include "js/errors.h"

namespace h5t {

struct RunContext {
  napi_env js_env = nullptr;  // set when Run is on the JS thread, null on the HDF5 thread
};

struct Operation {
  void Own() {}
  template <typename Target>
  void Failed(Napi::Env, Target&) {}
  void Abandon() {}
};

template <typename Op, typename Target>
Napi::Value RunSync(Target& target, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Guard(env, [&]() -> Napi::Value {
    Op op;
    op.Read(ArgReader(info), target);
    ForgetSourceFailure();
    {
      // Never waits for a byte-range source read this thread must serve: ERR_SOURCE_BUSY.
      std::optional<Hdf5Lock> lock;
      lock.emplace(LockWait::FailBusy);
      try {
        op.Run(target, RunContext{env});
      } catch (...) {
        lock.reset();
        // The driver's own failure says what went wrong better than HDF5's stack above it.
        std::optional<Failure> source = TakeSourceFailure();
        op.Failed(env, target);
        if (source) throw *source;
        throw;
      }
    }
    return op.Convert(env, target);
  });
}

template <typename Op, typename Target>
class OperationTask : public AsyncTask {
 public:
  OperationTask(Napi::Env env, Target& target, Napi::Object self) : AsyncTask(env), target_(target) {
    if (!self.IsEmpty()) KeepAlive(self);  // the target object lives until the promise settles
  }
  void Execute() override { op.Run(target_, RunContext{}); }
  Napi::Value Resolve(Napi::Env env) override { return op.Convert(env, target_); }
  void Failed(Napi::Env env) override { op.Failed(env, target_); }
  void Abandon() override { op.Abandon(); }

  Op op;

 private:
  Target& target_;
};

// self: the JS object of target, kept alive while the operation is pending (empty for
// the addon itself, which lives as long as its environment).
//
// A Promise form takes one more, optional, argument after the operation's own: a function
// `onQueued(cancel)`, called once the task is queued (no operation takes a function as
// an argument, so it cannot be mistaken for one). `cancel()` takes the task out of the
// HDF5 thread's queue if it has not started yet (see AsyncQueue::Schedule).
template <typename Op, typename Target>
Napi::Value RunAsync(Target& target, Napi::Object self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Guard(env, [&]() -> Napi::Value {
    size_t length = info.Length();
    Napi::Function on_queued;
    if (length > 0 && info[length - 1].IsFunction()) on_queued = info[--length].As<Napi::Function>();
    auto task = std::make_unique<OperationTask<Op, Target>>(env, target, self);
    task->op.Read(ArgReader(info, length), target);
    task->op.Own();
    return QueueOf(env).Schedule(env, std::move(task), on_queued);
  });
}

// The property list of a class (Napi::ObjectWrap<T> or Napi::Addon<T>), where T has
//   template <typename Op> Napi::Value Sync(const Napi::CallbackInfo&);
//   template <typename Op> Napi::Value Async(const Napi::CallbackInfo&);
template <typename T, typename Descriptor>
class Exports {
 public:
  // One line per operation: both its forms.
  template <typename Op>
  Exports& Expose() {
    list_.push_back(T::template InstanceMethod<&T::template Sync<Op>>(Op::kName));
    names_.push_back(std::string(Op::kName) + "Async");
    list_.push_back(T::template InstanceMethod<&T::template Async<Op>>(names_.back().c_str()));
    return *this;
  }
  // Something that is not an HDF5 operation (isOpen answers without the lock).
  Exports& Add(Descriptor descriptor) {
    list_.push_back(descriptor);
    return *this;
  }
  const std::vector<Descriptor>& list() const { return list_; }

 private:
  std::vector<Descriptor> list_;
  std::deque<std::string> names_;  // the Async names, alive until the class is defined
};

}  // namespace h5t
