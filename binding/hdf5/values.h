// Values crossing into and out of HDF5, without napi: what is written (WriteValue, filled
// by js/values.cc) and what a read produces (ReadResult, into a ReadBuffer).
#pragma once

#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

#include "hdf5/hid.h"
#include "hdf5/read_limit.h"
#include "hdf5/types.h"

namespace h5t {

// Data to write. For numbers it points into the caller's TypedArray (no copy) until
// OwnData() copies it; strings are packed into fixed-size NUL-padded slots.
struct WriteValue {
  DType dtype = DType::Float64;
  bool null_space = false;     // HDF5 NULL dataspace (PyTables' empty string attribute)
  std::vector<hsize_t> shape;  // empty: scalar; with atom_shape, its dimensions last
  // An H5T_ARRAY element type of these dimensions (PyTables' array atom), the last of
  // shape's; empty: plain elements.
  std::vector<hsize_t> atom_shape;
  const void* data = nullptr;  // numbers: the caller's elements in C order
  size_t element_count = 0;
  std::string packed_strings;          // backing store of data for strings
  std::vector<uint8_t> owned_numbers;  // numbers, once OwnData() has copied them
  bool owns_numbers = false;
  StringLayout string;  // for strings: fixed size, NULLTERM, cset
  // An H5T_ENUM over dtype (an integer type) with these members (PyTables' EnumAtom).
  std::optional<EnumMembers> enum_members;

  // The elements to write (wherever the value was moved to).
  const void* bytes() const {
    if (dtype == DType::String) return packed_strings.data();
    return owns_numbers ? owned_numbers.data() : data;
  }
  // Copies the caller's numbers, for a write that runs on the HDF5 thread: a TypedArray
  // can be transferred, detached or shrunk by JavaScript while the write waits, and
  // keeping the object alive does not keep its memory.
  void OwnData();

  // The dataspace's shape: shape without atom_shape's dimensions.
  std::vector<hsize_t> SpaceShape() const;
  // Bytes of one element of the dataspace (an array atom's whole size).
  size_t ElementBytes() const;

  Hid MakeSpace() const;
  Hid MakeFileType() const;         // little-endian standard types, or the string type (H5T_ARRAY of it)
  hid_t MemType(Hid& owned) const;  // owned receives the type when it must be closed
};

// type as an H5T_ARRAY of dims (type itself, copied, when dims is empty).
Hid ArrayOf(hid_t type, const std::vector<hsize_t>& dims);

// The length of a fixed-length string of size bytes without its trailing NULs (NULLTERM,
// NULLPAD) or trailing spaces (SPACEPAD), as numpy decodes them: a NUL inside the string
// is kept ('a\0b').
size_t FixedStringLength(const char* s, size_t size, H5T_str_t pad);

// Where read data comes from: a dataset (with a file and memory selection) or an attribute.
struct ReadSource {
  hid_t object;  // dataset or attribute id
  bool is_attribute;
  hid_t file_space;  // selection in the file (H5S_ALL for everything)
  hid_t mem_space;   // memory shape (H5S_ALL for everything)
  // Zero the numbers' buffer before the read: where the dataset has no storage, HDF5
  // leaves it as it was (Dataset::leaves_gaps).
  bool zero_first = false;
};

// Numbers are read straight into memory that the caller provides (js/values.h OutBuffer:
// a Buffer V8 allocated, reserved on the JS thread for a read on the HDF5 thread when its
// size was foretold, else malloc'd there and copied once).
class ReadBuffer {
 public:
  virtual ~ReadBuffer() = default;
  virtual void* Allocate(size_t bytes) = 0;
};

// malloc'd memory, for any thread; Take() hands it over.
class MallocReadBuffer : public ReadBuffer {
 public:
  ~MallocReadBuffer() override;
  void* Allocate(size_t bytes) override;
  // The memory (null when nothing was allocated); the caller frees it.
  void* Take(size_t* size);

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// What a read produced, before it becomes a JS value: data is flat, in C order.
struct ReadResult {
  DType dtype = DType::Float64;
  bool null_space = false;
  // The selection's shape, then an array atom's dimensions (H5T_ARRAY elements).
  std::vector<hsize_t> shape;
  size_t count = 0;                         // elements of shape
  std::vector<std::string> strings;         // for DType::String
  std::optional<EnumMembers> enum_members;  // an enum's (data: its base integers)
};

// A dataset's own fill value (a user-defined one, H5Pset_fill_value's) as one element of
// its type: PyTables' atom default.
struct FillValue {
  DType dtype = DType::Float64;
  std::vector<hsize_t> shape;        // an array atom's dimensions, else []
  std::vector<uint8_t> numbers;      // numbers and bool, in C order
  std::vector<std::string> strings;  // for DType::String (trailing padding dropped)
};

// The fill value create_list (a dataset's) defines for file_type; nullopt when it is
// HDF5's default or undefined, of a type the binding does not read, or too large to
// describe (see values.cc).
std::optional<FillValue> ReadFillValue(hid_t create_list, hid_t file_type);

// Reads the source's whole selection. file_type is the object's stored type; shape is
// the selection's shape (null for a NULL dataspace). Numbers go into buffer. Every
// allocation is checked against limit first; what names the object in errors.
ReadResult ReadValue(const ReadSource& source, hid_t file_type, const std::vector<hsize_t>* shape, ReadBuffer& buffer,
                     const ReadLimit& limit, const std::string& what);

// The checks ReadValue makes before it allocates (type, count, count x size against
// limit), for callers that have more to check after them. Returns the element count.
uint64_t CheckReadable(hid_t file_type, const std::vector<hsize_t>* shape, const ReadLimit& limit,
                       const std::string& what);

}  // namespace h5t
