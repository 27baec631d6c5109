// The backend for platforms lam-bridge does not drive yet: every operation answers UNSUPPORTED_PLATFORM, so
// the package still installs, loads and reports clearly instead of failing to build.
#include "core/backend.h"
#include "core/native_error.h"

namespace lam::null_backend {

using lam::core::Deadline;
using lam::core::ErrorCode;
using lam::core::NativeError;

class NullBackend : public lam::core::Backend {
 public:
  std::string applications(const Deadline&) override { throw Unsupported("applications"); }
  std::string windows(const Deadline&) override { throw Unsupported("windows"); }
  std::string snapshot(const lam::core::SnapshotRequest&, const Deadline&) override { throw Unsupported("snapshot"); }
  std::string perform(const lam::core::IntentRequest&, const Deadline&) override { throw Unsupported("perform"); }
  std::string input(const lam::core::InputRequest&, const Deadline&) override { throw Unsupported("input"); }
  std::string wait_for_event(const std::string&, const Deadline&) override { throw Unsupported("wait for event"); }
  lam::core::BinaryResult capture(const lam::core::CaptureRequest&, const Deadline&) override {
    throw Unsupported("capture");
  }

 private:
  static NativeError Unsupported(const char* operation) {
    return NativeError(ErrorCode::UnsupportedPlatform,
                       std::string(operation) + " (lam-bridge): no accessibility backend for this platform yet");
  }
};

}  // namespace lam::null_backend

std::unique_ptr<lam::core::Backend> lam::core::CreatePlatformBackend() {
  return std::make_unique<lam::null_backend::NullBackend>();
}

const char* lam::core::PlatformName() { return "none"; }
