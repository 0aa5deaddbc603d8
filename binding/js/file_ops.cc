// NativeFile's promise forms. Each parses its arguments on the JS thread, runs the same
// HDF5 code as the sync method on the HDF5 thread, and converts the result back on the JS
// thread. The file object (and any buffer being written) is kept alive until it settles;
// operations on one file run in the order they were called, so closeAsync waits for them.
#include <cstdlib>

#include "js/addon.h"
#include "js/async.h"
#include "hdf5/dataset.h"
#include "js/native_file.h"
#include "hdf5/links.h"

namespace h5t {
namespace {

// Runs fn(file) on the HDF5 thread and resolves to undefined.
template <typename Fn>
class FileTask : public AsyncTask {
 public:
  FileTask(Napi::Env env, NativeFile* file, Napi::Object self, Fn fn) : AsyncTask(env), file_(file), fn_(fn) {
    KeepAlive(self);
  }
  void Execute() override { fn_(*file_); }
  Napi::Value Resolve(Napi::Env env) override { return env.Undefined(); }

 protected:
  NativeFile* file_;
  Fn fn_;
};

template <typename Fn>
Napi::Promise ScheduleFileTask(const Napi::CallbackInfo& info, NativeFile* file, Napi::Object self, Fn fn) {
  return QueueOf(info.Env()).Schedule(info.Env(), std::make_unique<FileTask<Fn>>(info.Env(), file, self, fn));
}

class CloseTask : public AsyncTask {
 public:
  CloseTask(Napi::Env env, NativeFile* file, Napi::Object self) : AsyncTask(env), file_(file) { KeepAlive(self); }
  void Execute() override { file_->CloseHdf5(); }
  Napi::Value Resolve(Napi::Env env) override {
    file_->ReleaseJs();
    return env.Undefined();
  }

 private:
  NativeFile* file_;
};

class ImageTask : public AsyncTask {
 public:
  ImageTask(Napi::Env env, NativeFile* file, Napi::Object self, bool take)
      : AsyncTask(env), file_(file), take_(take) {
    KeepAlive(self);
  }
  ~ImageTask() override { std::free(taken_); }
  void Execute() override {
    if (take_) {
      taken_ = file_->TakeImageHdf5(&taken_size_);
    } else {
      file_->GetImageHdf5(buffer_);
    }
  }
  Napi::Value Resolve(Napi::Env env) override {
    if (!take_) return buffer_.ToJs(env);
    file_->ReleaseJs();
    void* image = taken_;
    taken_ = nullptr;
    return BufferFromMalloc(env, image, taken_size_);
  }

 private:
  NativeFile* file_;
  bool take_;
  MallocReadBuffer buffer_;
  void* taken_ = nullptr;
  size_t taken_size_ = 0;
};

class ReadTask : public AsyncTask {
 public:
  ReadTask(Napi::Env env, NativeFile* file, Napi::Object self, std::string path, std::optional<Selection> selection)
      : AsyncTask(env), file_(file), path_(std::move(path)), selection_(std::move(selection)) {
    KeepAlive(self);
  }
  void Execute() override {
    result_ = ReadDataset(file_->datasets(), file_->OpenId(), path_, selection_ ? &*selection_ : nullptr, buffer_,
                          file_->read_limit());
  }
  // The bytes read become the ArrayBuffer without a copy.
  Napi::Value Resolve(Napi::Env env) override { return ReadResultToJs(env, result_, buffer_); }

 private:
  NativeFile* file_;
  std::string path_;
  std::optional<Selection> selection_;
  MallocReadBuffer buffer_;
  ReadResult result_;
};

class CreateDatasetTask : public AsyncTask {
 public:
  // The caller's numbers are copied now: keeping a TypedArray alive does not keep its
  // memory (JavaScript can transfer or shrink its buffer while the write waits), and the
  // caller may change it as soon as the call returns.
  CreateDatasetTask(Napi::Env env, NativeFile* file, Napi::Object self, std::string path, WriteValue value,
                    AttributeList attributes)
      : AsyncTask(env), file_(file), path_(std::move(path)), value_(std::move(value)),
        attributes_(std::move(attributes)) {
    KeepAlive(self);
    value_.OwnData();
    for (auto& attribute : attributes_) attribute.second.OwnData();
  }
  void Execute() override {
    // The name is checked here, in order with the other queued work, rather than on the JS
    // thread, where it would have to wait for the HDF5 lock.
    hid_t file = file_->OpenId();
    if (HasLink(file, path_)) throw Failure(FailureKind::Exists, "a node already exists at " + path_);
    CreateDataset(file, path_, value_, attributes_);
  }
  Napi::Value Resolve(Napi::Env env) override {
    file_->ReportMemory(env);  // the CORE driver's buffer may have grown
    return env.Undefined();
  }

 private:
  NativeFile* file_;
  std::string path_;
  WriteValue value_;
  AttributeList attributes_;
};

std::string PathArg(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) ThrowInvalidArg("path must be a string");
  return info[0].As<Napi::String>().Utf8Value();
}

}  // namespace

Napi::Value NativeFile::CloseAsync(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    return QueueOf(info.Env()).Schedule(info.Env(), std::make_unique<CloseTask>(info.Env(), this, Value()));
  });
}

Napi::Value NativeFile::FlushAsync(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    return ScheduleFileTask(info, this, Value(), [](NativeFile& file) { file.FlushHdf5(); });
  });
}

Napi::Value NativeFile::GetFileImageAsync(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    return QueueOf(info.Env()).Schedule(info.Env(), std::make_unique<ImageTask>(info.Env(), this, Value(), false));
  });
}

Napi::Value NativeFile::TakeFileImageAsync(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    return QueueOf(info.Env()).Schedule(info.Env(), std::make_unique<ImageTask>(info.Env(), this, Value(), true));
  });
}

Napi::Value NativeFile::CreateDatasetAsync(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    std::string path = PathArg(info);
    WriteValue value = ParseWriteValue(info[1]);
    AttributeList attributes = ParseAttributeList(info[2]);
    return QueueOf(info.Env()).Schedule(
        info.Env(),
        std::make_unique<CreateDatasetTask>(info.Env(), this, Value(), path, std::move(value), std::move(attributes)));
  });
}

Napi::Value NativeFile::ReadDatasetAsync(const Napi::CallbackInfo& info) {
  return Guard(info.Env(), [&]() -> Napi::Value {
    std::string path = PathArg(info);
    std::optional<Selection> selection;
    if (info.Length() >= 2 && !info[1].IsUndefined()) selection = ParseSelection(info[1]);
    return QueueOf(info.Env()).Schedule(
        info.Env(), std::make_unique<ReadTask>(info.Env(), this, Value(), path, std::move(selection)));
  });
}

}  // namespace h5t
