// NativeRecords in and out (lib/native.ts): JavaScript records read once into hdf5/'s
// RecordsValue, and fields and read columns turned into JavaScript once.
#pragma once

#include <napi.h>

#include <deque>
#include <string>
#include <vector>

#include "hdf5/compound.h"
#include "hdf5/records.h"
#include "js/values.h"

namespace h5t {

// Whether value is a NativeRecords (an object whose dtype is 'compound').
bool IsRecords(const Napi::Value& value);

// A NativeRecords {dtype: 'compound', fields, shape, columns}; what names it in errors.
// Every column is checked against its field (TypedArray type and length, or strings).
RecordsValue ParseRecords(const Napi::Value& value, const std::string& what);

// NativeField[] as reported (itemsize, offset, byteorder of each).
Napi::Array FieldsToJs(Napi::Env env, const std::vector<Field>& fields);

// The read columns' buffers: an OutBuffer per numeric leaf (V8 memory on the JS thread;
// on the HDF5 thread malloc'd, copied once into a Buffer at conversion).
class OutColumns : public ColumnBuffers {
 public:
  void RunOn(napi_env js_env) { env_ = js_env; }
  ReadBuffer& Column(size_t index) override;
  OutBuffer* Find(size_t index);

 private:
  napi_env env_ = nullptr;
  std::deque<OutBuffer> buffers_;
  std::vector<size_t> index_;  // leaf index of each buffer
};

// NativeRecords of a read.
Napi::Object RecordsToJs(Napi::Env env, const RecordsResult& result, OutColumns& buffers);

}  // namespace h5t
