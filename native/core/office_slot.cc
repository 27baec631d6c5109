#include "core/office_slot.h"

namespace lam::core {
namespace {

class OfficeSlot : public ServiceBackend {};

}  // namespace

std::unique_ptr<ServiceBackend> CreateOfficeBackend() { return std::make_unique<OfficeSlot>(); }

}  // namespace lam::core
