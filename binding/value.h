// Values crossing between JavaScript and HDF5: what is written (parsed from a
// NativeWriteValue object) and what is read (turned into a TypedArray or string[]).
#pragma once

#include <hdf5.h>
#include <napi.h>

#include <string>
#include <vector>

#include "datatype.h"
#include "hid.h"

namespace h5t {

// Data to write, parsed on the JS thread. For numbers it points into the caller's
// TypedArray (no copy); strings are packed into fixed-size NUL-padded slots.
struct WriteValue {
  DType dtype = DType::Float64;
  bool null_space = false;        // HDF5 NULL dataspace (PyTables' empty string attribute)
  std::vector<hsize_t> shape;     // empty: scalar
  const void* data = nullptr;     // elements in C order
  size_t element_count = 0;
  std::string packed_strings;     // backing store of data for strings
  StringLayout string;            // for strings: fixed size, NULLTERM, cset

  Hid MakeSpace() const;
  Hid MakeFileType() const;       // little-endian standard types, or the string type
  hid_t MemType(Hid& owned) const;  // owned receives the type when it must be closed
};

WriteValue ParseWriteValue(const Napi::Value& value);

// Where read data comes from: a dataset (with a file and memory selection) or an attribute.
struct ReadSource {
  hid_t object;            // dataset or attribute id
  bool is_attribute;
  hid_t file_space;        // selection in the file (H5S_ALL for everything)
  hid_t mem_space;         // memory shape (H5S_ALL for everything)
};

// Reads the source's whole selection into a new JS value {dtype, shape, data}.
// file_type is the object's stored type; shape is the selection's shape (or null for a
// NULL dataspace). Numbers go straight into an uninitialised Buffer's memory.
Napi::Object ReadToJs(Napi::Env env, const ReadSource& source, hid_t file_type,
                      const std::vector<hsize_t>* shape);

// The dimensions of a dataspace; false for a NULL dataspace.
bool SpaceShape(hid_t space, std::vector<hsize_t>* shape);

Napi::Array ShapeToJs(Napi::Env env, const std::vector<hsize_t>& shape);

}  // namespace h5t
