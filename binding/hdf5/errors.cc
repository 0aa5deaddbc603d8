#include "hdf5/errors.h"

#include "hdf5/external_policy.h"
#include "hdf5/filters/filters.h"

namespace h5t {
namespace {

// One frame of the error stack, copied out during the walk. Names are resolved only
// after the walk: H5Eget_msg inside the walk callback corrupted the walk on 1.10.8.
struct RawFrame {
  std::string func;
  std::string desc;
  hid_t maj;
  hid_t min;
};

herr_t CollectFrame(unsigned, const H5E_error2_t* err, void* data) {
  auto* frames = static_cast<std::vector<RawFrame>*>(data);
  frames->push_back({err->func_name ? err->func_name : "", err->desc ? err->desc : "", err->maj_num, err->min_num});
  return 0;
}

std::string MessageOf(hid_t msg_id) {
  char text[256] = {0};
  H5E_type_t type;
  if (H5Eget_msg(msg_id, &type, text, sizeof text) < 0) return "?";
  return text;
}

// refusal: set to the description of a frame external_policy.cc pushed, if any.
std::vector<std::string> CurrentStack(std::string* refusal) {
  std::vector<RawFrame> frames;
  hid_t stack = H5Eget_current_stack();  // copies and clears this thread's stack
  if (stack < 0) return {};
  H5Ewalk2(stack, H5E_WALK_DOWNWARD, CollectFrame, &frames);
  std::vector<std::string> lines;
  for (const RawFrame& f : frames) {
    if (f.func == kRefusalFrame) *refusal = f.desc;
    lines.push_back(f.func + "(): " + f.desc + " (" + MessageOf(f.maj) + ": " + MessageOf(f.min) + ")");
  }
  H5Eclose_stack(stack);
  return lines;
}

}  // namespace

void ThrowHdf5(const std::string& what) {
  std::string refusal;
  std::vector<std::string> stack = CurrentStack(&refusal);
  std::string message = what + " failed";
  std::string filter_message = FilterErrorMessage(what, stack);
  if (!refusal.empty()) {
    message = refusal;  // an external file h5tables refused: that is the whole story
  } else if (!filter_message.empty()) {
    message = filter_message;  // leads with the filter and its words, not HDF5's plugin search
  } else if (!stack.empty()) {
    // The innermost frame says what actually went wrong.
    message += ": " + stack.back();
  }
  throw Failure(FailureKind::Hdf5, message, std::move(stack));
}

void ThrowInvalidArg(const std::string& what) { throw Failure(FailureKind::InvalidArg, what); }

Failure CurrentExceptionAsFailure() {
  try {
    throw;
  } catch (const Failure& failure) {
    return failure;
  } catch (const std::bad_alloc&) {
    return Failure(FailureKind::Hdf5, "h5tables: out of memory");
  } catch (const std::exception& e) {
    return Failure(FailureKind::Internal, std::string("h5tables: internal error: ") + e.what());
  } catch (...) {
    return Failure(FailureKind::Internal, "h5tables: internal error: unknown C++ exception");
  }
}

}  // namespace h5t
