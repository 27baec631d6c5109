// The UNO object bridge (docs/OFFICE.md): runs a batch of connect/get/set/call/release ops against LibreOffice
// over URP, on the office service's thread. get/set/call go through the Invocation adapter (one per handle),
// which reaches properties, interface attributes and the methods of every interface an object has, and
// converts arguments to the declared types.
#pragma once

#include <string>

#include "core/deadline.h"
#include "core/office_value.h"
#include "linux/office/uno_connections.h"
#include "linux/office/uno_handles.h"

namespace lam::uno {

class UnoBackend {
 public:
  // Returns OfficeResultsJson or throws NativeError with "officeRun (UNO): op N (...): <why>".
  std::string Run(const core::OfficeRunRequest& request, const core::Deadline& deadline);

 private:
  core::OfficeValue RunOp(const core::OfficeOp& op, const core::Deadline& deadline);

  HandleRegistry handles_;
  Connections connections_;
};

}  // namespace lam::uno
