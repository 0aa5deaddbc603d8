// RAII ownership of HDF5 identifiers: every hid_t the binding opens has exactly one Hid
// that closes it once. Ids never leave C++.
#pragma once

#include <hdf5.h>

#include <utility>

namespace h5t {

class Hid {
 public:
  Hid() = default;
  explicit Hid(hid_t id) : id_(id) {}
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  Hid(Hid&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Hid& operator=(Hid&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Hid() { reset(); }

  hid_t get() const { return id_; }
  // Gives up ownership (for a close whose result must be checked, as H5Fclose).
  hid_t release() { return std::exchange(id_, H5I_INVALID_HID); }
  bool valid() const { return id_ >= 0; }

  // Closes the id through H5Idec_ref, which works for every id type (file, group,
  // dataset, attribute, datatype, dataspace, property list).
  void reset() {
    if (id_ >= 0) H5Idec_ref(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

}  // namespace h5t
