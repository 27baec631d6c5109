// The office service's backend until the Office step lands (COM IDispatch on Windows, UNO on Linux). The
// service itself is real: its own thread and queue, started lazily, supervised like the platform's, so that a
// hung Word or soffice never stalls the accessibility calls. But no export posts office jobs yet (only the
// lifecycle diagnostics do), so this backend has nothing to serve and pretends nothing.
#pragma once

#include <memory>

#include "core/service_backend.h"

namespace lam::core {

std::unique_ptr<ServiceBackend> CreateOfficeBackend();

}  // namespace lam::core
