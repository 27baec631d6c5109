// The office service's interface (docs/OFFICE.md): an object bridge, not an action list. A batch of ops
// (connect, get, set, call, release) runs in order on the office thread against live objects (UNO
// interfaces on Linux, IDispatch on Windows) that JS names by handle. The Office actions themselves are
// written once in TypeScript (lib/office), so a backend stays a faithful, generic marshaller and the same
// action logic drives LibreOffice and Microsoft Office.
#pragma once

#include <memory>
#include <string>

#include "core/office_value.h"
#include "core/service_backend.h"

namespace lam::core {

class OfficeBackend : public ServiceBackend {
 public:
  // Runs request.ops in order and returns OfficeResultsJson(one value per op). The first op that fails
  // throws a NativeError whose message starts with DescribeOp(op, index); the ops after it do not run (the
  // handles the earlier ones made stay registered: the caller may release them).
  virtual std::string run(const OfficeRunRequest& request, const Deadline& deadline) = 0;
};

// The office backend of this build: UNO (native/linux/office, loaded on first use) on Linux, COM IDispatch
// (native/win) on Windows; one answering OFFICE_UNAVAILABLE with the reason elsewhere or when the suite's
// runtime is missing.
std::unique_ptr<ServiceBackend> CreateOfficeBackend();

}  // namespace lam::core
