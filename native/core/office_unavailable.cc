#include "core/office_unavailable.h"

namespace lam::core {
namespace {

class UnavailableOffice : public OfficeBackend {
 public:
  explicit UnavailableOffice(std::string reason) : reason_(std::move(reason)) {}
  std::string run(const OfficeRunRequest&, const Deadline&) override {
    throw NativeError(ErrorCode::OfficeUnavailable, "officeRun (lam-bridge): " + reason_);
  }

 private:
  std::string reason_;
};

}  // namespace

std::unique_ptr<OfficeBackend> UnavailableOfficeBackend(std::string reason) {
  return std::make_unique<UnavailableOffice>(std::move(reason));
}

}  // namespace lam::core
