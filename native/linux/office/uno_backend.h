// The UNO object bridge (docs/OFFICE.md): runs a batch of connect/get/set/call/release ops against LibreOffice
// over URP, on the office service's thread. A call of a method that an interface the object came as declares
// goes straight to that interface (core reflection, uno_direct.h); every other get/set/call goes through the
// Invocation adapter (one per handle, made on first need), which reaches properties, interface attributes and
// the methods of every interface an object has. Both convert arguments to the declared types.
#pragma once

#include <string>

#include "core/deadline.h"
#include "core/office_value.h"
#include "linux/office/uno_connections.h"
#include "linux/office/uno_direct.h"
#include "linux/office/uno_handles.h"

namespace lam::uno {

class UnoBackend {
 public:
  // Returns OfficeResultsJson or throws NativeError with "officeRun (UNO): op N (...): <why>".
  std::string Run(const core::OfficeRunRequest& request, const core::Deadline& deadline);

 private:
  core::OfficeValue RunOp(const core::OfficeOp& op, const core::Deadline& deadline);
  core::OfficeValue CallDirect(const DirectMethod& method, const css::uno::Any& target, const core::OfficeOp& op);

  HandleRegistry handles_;
  Connections connections_;
};

}  // namespace lam::uno
