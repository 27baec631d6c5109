// Placeholder until this platform's office backend lands (docs/OFFICE.md).
#include "core/office_unavailable.h"

namespace lam::core {

std::unique_ptr<ServiceBackend> CreateOfficeBackend() { return UnavailableOfficeBackend("the office backend is not built yet"); }

}  // namespace lam::core
