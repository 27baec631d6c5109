// No office suite on this platform: every office op answers OFFICE_UNAVAILABLE.
#include "core/office_unavailable.h"

namespace lam::core {

std::unique_ptr<ServiceBackend> CreateOfficeBackend() { return UnavailableOfficeBackend("no office suite is supported on this platform (Word/Excel/PowerPoint over COM on Windows, LibreOffice over UNO on Linux)"); }

}  // namespace lam::core
