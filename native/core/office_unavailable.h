// The office backend of a build or machine without an office suite to drive: every op fails with
// OFFICE_UNAVAILABLE and the reason (what is missing and the command that installs it).
#pragma once

#include <memory>
#include <string>

#include "core/office_backend.h"

namespace lam::core {

std::unique_ptr<OfficeBackend> UnavailableOfficeBackend(std::string reason);

}  // namespace lam::core
