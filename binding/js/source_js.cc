#include "js/source_js.h"

#include <atomic>
#include <map>
#include <mutex>

#include "js/addon.h"

namespace h5t {
namespace {

std::atomic<uint64_t> next_key{1};

using SourceRef = Napi::Reference<Napi::Object>;
using Holder = std::shared_ptr<SourceRequest>;

void CallRead(Napi::Env env, Napi::Function, SourceRef* source, Holder* data);
using Tsfn = Napi::TypedThreadSafeFunction<SourceRef, Holder, &CallRead>;

Failure SourceFailure(Napi::Env env, const SourceRequest& request, const std::string& message, Napi::Value cause) {
  Failure failure(FailureKind::Source, message + SourceReadWhere(request.offset, request.length));
  if (!cause.IsEmpty() && !cause.IsUndefined()) failure.WithCause(StashSourceCause(env, cause));
  return failure;
}

// Settles request with failure; a failure that comes too late lets go of its stashed cause.
void FailWith(Napi::Env env, SourceRequest& request, const Failure& failure) {
  if (!FailSourceRequest(request, failure) && failure.cause() != 0) TakeSourceCause(env, failure.cause());
}

// What a read in flight holds on the JS thread: the AbortController whose signal read() was
// given, and the timer that aborts it (both let go once the read settles or times out).
struct ReadGuard {
  Napi::ObjectReference controller;
  Napi::ObjectReference timer;

  void ClearTimer(Napi::Env env) {
    if (timer.IsEmpty()) return;
    env.Global().Get("clearTimeout").As<Napi::Function>().Call({timer.Value()});
    timer.Reset();
  }
  // Aborts the signal with an Error saying why, so the source can cancel its request.
  void Abort(Napi::Env env, const Failure& why) {
    if (controller.IsEmpty()) return;
    Napi::Error reason = Napi::Error::New(env, why.what());
    reason.Set("code", Napi::String::New(env, "ERR_SOURCE_TIMEOUT"));
    Napi::Object c = controller.Value();
    controller.Reset();
    c.Get("abort").As<Napi::Function>().Call(c, {reason.Value()});
  }
  void Done(Napi::Env env) {
    ClearTimer(env);
    controller.Reset();
  }
};
using Guard = std::shared_ptr<ReadGuard>;

// read()'s third argument, { signal }, and the timer that aborts it after request.timeout.
Napi::Object StartGuard(Napi::Env env, const Holder& request, const Guard& guard) {
  Napi::Object options = Napi::Object::New(env);
  Napi::Value controller_class = env.Global().Get("AbortController");
  if (!controller_class.IsFunction()) return options;
  Napi::Object controller = controller_class.As<Napi::Function>().New({});
  guard->controller = Napi::Persistent(controller);
  options.Set("signal", controller.Get("signal"));
  if (request->timeout.count() <= 0) return options;
  Napi::Function on_timeout = Napi::Function::New(env, [request, guard](const Napi::CallbackInfo& info) {
    guard->timer.Reset();
    Failure why = SourceTimeoutFailure(*request);
    try {
      guard->Abort(info.Env(), why);  // first, so the source has cancelled when the operation rejects
    } catch (...) {
      // a source's abort listener that throws changes nothing: the read fails anyway
    }
    FailSourceRequest(*request, why);  // false when the HDF5 thread's backstop ran out first
  });
  Napi::Value timer = env.Global()
                          .Get("setTimeout")
                          .As<Napi::Function>()
                          .Call({on_timeout, Napi::Number::New(env, static_cast<double>(request->timeout.count()))});
  if (timer.IsObject()) {
    Napi::Object t = timer.As<Napi::Object>();
    Napi::Value unref = t.Get("unref");
    // The operation waiting for the read keeps the process alive, not its timer.
    if (unref.IsFunction()) unref.As<Napi::Function>().Call(t, {});
    guard->timer = Napi::Persistent(t);
  }
  return options;
}

std::string MessageOf(Napi::Value reason) {
  try {
    if (reason.IsObject()) {
      Napi::Value message = reason.As<Napi::Object>().Get("message");
      if (message.IsString()) return message.As<Napi::String>().Utf8Value();
    }
    if (reason.IsSymbol()) return "a symbol";
    return reason.ToString().Utf8Value();
  } catch (...) {
    return "the source's read failed";
  }
}

void Resolved(Napi::Env env, const Holder& request, Napi::Value value) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    FailSourceRequest(*request,
                      SourceFailure(env, *request, "the source's read must resolve to a Uint8Array", Napi::Value()));
    return;
  }
  Napi::Uint8Array bytes = value.As<Napi::Uint8Array>();
  if (bytes.ByteLength() > request->length) {
    FailSourceRequest(
        *request, SourceFailure(env, *request,
                                "the source returned " + std::to_string(bytes.ByteLength()) + " bytes, more than the " +
                                    std::to_string(request->length) + " asked for",
                                Napi::Value()));
    return;
  }
  SettleSourceRequest(*request, std::vector<uint8_t>(bytes.Data(), bytes.Data() + bytes.ByteLength()));
}

void CallRead(Napi::Env env, Napi::Function, SourceRef* source, Holder* data) {
  std::unique_ptr<Holder> holder(data);
  Holder request = *holder;
  if (env == nullptr) {
    FailSourceRequest(*request, Failure(FailureKind::Closed, "the environment of the byte-range source went away"));
    return;
  }
  if (request->settled) return;  // aborted while it was queued
  try {
    Napi::Object object = source->Value();
    Napi::Value read = object.Get("read");
    if (!read.IsFunction()) {
      FailSourceRequest(*request, SourceFailure(env, *request, "the source has no read method", Napi::Value()));
      return;
    }
    auto guard = std::make_shared<ReadGuard>();
    Napi::Object options = StartGuard(env, request, guard);
    Napi::Value result;
    try {
      result = read.As<Napi::Function>().Call(object,
                                              {Napi::Number::New(env, static_cast<double>(request->offset)),
                                               Napi::Number::New(env, static_cast<double>(request->length)), options});
    } catch (const Napi::Error& error) {
      guard->Done(env);
      FailWith(env, *request, SourceFailure(env, *request, MessageOf(error.Value()), error.Value()));
      return;
    }
    Napi::Function on_resolved = Napi::Function::New(env, [request, guard](const Napi::CallbackInfo& info) {
      try {
        guard->Done(info.Env());
        Resolved(info.Env(), request, info[0]);
      } catch (...) {
        FailSourceRequest(*request,
                          Failure(FailureKind::Source, "the source's answer could not be read" +
                                                           SourceReadWhere(request->offset, request->length)));
      }
    });
    Napi::Function on_rejected = Napi::Function::New(env, [request, guard](const Napi::CallbackInfo& info) {
      try {
        guard->Done(info.Env());
        FailWith(info.Env(), *request, SourceFailure(info.Env(), *request, MessageOf(info[0]), info[0]));
      } catch (...) {
        FailSourceRequest(*request,
                          Failure(FailureKind::Source,
                                  "the source's read failed" + SourceReadWhere(request->offset, request->length)));
      }
    });
    // Promise.resolve() also takes a plain value or a thenable.
    Napi::Object promise_class = env.Global().Get("Promise").As<Napi::Object>();
    Napi::Value promise = promise_class.Get("resolve").As<Napi::Function>().Call(promise_class, {result});
    Napi::Object thenable = promise.As<Napi::Object>();
    thenable.Get("then").As<Napi::Function>().Call(thenable, {on_resolved, on_rejected});
  } catch (const Napi::Error& error) {
    FailWith(env, *request, SourceFailure(env, *request, MessageOf(error.Value()), error.Value()));
  } catch (...) {
    FailSourceRequest(*request, SourceFailure(env, *request, "the source's read could not be called", Napi::Value()));
  }
}

}  // namespace

struct JsSource::Link {
  std::mutex mutex;
  bool open = true;   // fetches accepted
  bool alive = true;  // tsfn not yet released nor finalized
  Tsfn tsfn;
  std::string why;  // why fetches are refused
  uint64_t key = 0;
  napi_env env = nullptr;
  std::shared_ptr<Link>* hook = nullptr;  // the cleanup hook's argument while registered (JS thread)
};

namespace {

// The environment is going away: no more fetches; the HDF5 thread must not wait for it.
void EnvGone(void* arg) {
  auto* link = static_cast<std::shared_ptr<JsSource::Link>*>(arg);
  uint64_t key;
  {
    std::lock_guard<std::mutex> lock((*link)->mutex);
    (*link)->open = false;
    (*link)->why = "the environment of the byte-range source went away";
    (*link)->hook = nullptr;
    key = (*link)->key;
  }
  FailSourceOwner(key, Failure(FailureKind::Closed, "the environment of the byte-range source went away"));
  delete link;
}

}  // namespace

JsSource::JsSource(Napi::Env env, Napi::Object source, std::chrono::milliseconds timeout)
    : link_(std::make_shared<Link>()), key_(next_key++), js_thread_(std::this_thread::get_id()), timeout_(timeout) {
  link_->key = key_;
  link_->env = env;
  auto* finalizer_link = new std::shared_ptr<Link>(link_);
  link_->tsfn = Tsfn::New(
      env, "h5tables byte-range source", 0, 1, new SourceRef(Napi::Persistent(source)),
      [](Napi::Env, std::shared_ptr<Link>* link, SourceRef* ref) {
        {
          std::lock_guard<std::mutex> lock((*link)->mutex);
          (*link)->open = false;
          (*link)->alive = false;
        }
        delete ref;
        delete link;
      },
      finalizer_link);
  link_->tsfn.Unref(env);  // a pending read keeps the process alive through its operation
  link_->hook = new std::shared_ptr<Link>(link_);
  napi_add_env_cleanup_hook(env, EnvGone, link_->hook);
}

JsSource::~JsSource() {
  std::lock_guard<std::mutex> lock(link_->mutex);
  link_->open = false;
  if (link_->alive) {
    link_->alive = false;
    link_->tsfn.Release();  // any thread
  }
}

std::vector<uint8_t> JsSource::Fetch(uint64_t offset, uint64_t length) {
  auto request = std::make_shared<SourceRequest>();
  request->owner = key_;
  request->js_thread = js_thread_;
  request->offset = offset;
  request->length = length;
  request->timeout = timeout_;
  {
    std::lock_guard<std::mutex> lock(link_->mutex);
    if (!link_->open) {
      throw Failure(FailureKind::Closed,
                    (link_->why.empty() ? "the file is closed" : link_->why) + SourceReadWhere(offset, length));
    }
    AddSourceRequest(request);
    auto* holder = new Holder(request);
    if (link_->tsfn.NonBlockingCall(holder) != napi_ok) {
      delete holder;
      FailSourceRequest(*request, Failure(FailureKind::Closed,
                                          "the byte-range source cannot be reached" + SourceReadWhere(offset, length)));
    }
  }
  WaitForSourceRequest(*request);
  if (request->failure) throw *request->failure;
  return std::move(request->bytes);
}

void JsSource::Abort(const Failure& why) {
  {
    std::lock_guard<std::mutex> lock(link_->mutex);
    link_->open = false;
    link_->why = why.what();
  }
  FailSourceOwner(key_, why);
}

void JsSource::Detach() {
  std::lock_guard<std::mutex> lock(link_->mutex);
  link_->open = false;
  if (link_->why.empty()) link_->why = "the file is closed";
  if (link_->hook) {
    napi_remove_env_cleanup_hook(link_->env, EnvGone, link_->hook);
    delete link_->hook;
    link_->hook = nullptr;
  }
  if (link_->alive) {
    link_->alive = false;
    link_->tsfn.Release();
  }
}

uint64_t StashSourceCause(Napi::Env env, Napi::Value cause) { return env.GetInstanceData<Addon>()->StashCause(cause); }

Napi::Value TakeSourceCause(Napi::Env env, uint64_t key) { return env.GetInstanceData<Addon>()->TakeCause(env, key); }

}  // namespace h5t
