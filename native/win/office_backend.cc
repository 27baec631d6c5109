// The COM office backend (docs/OFFICE.md): the object bridge's ops over IDispatch late binding, on the office
// service's own thread. Microsoft Office's servers (Word.Application, Excel.Application, PowerPoint.Application)
// are out-of-process local servers, so every call is marshalled whatever our apartment is; the thread joins the
// MTA (win/com_apartment.h) because it owns no windows and pumps no messages: an STA thread that does not pump
// would stall every callback the server makes into us. In-process servers with ThreadingModel Both or Free
// (Scripting.Dictionary, the tests' servers) then live on this thread too.
#include "win/uia_headers.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/native_error.h"
#include "core/office_backend.h"
#include "win/com_apartment.h"
#include "win/office_dispatch.h"
#include "win/office_errors.h"
#include "win/office_handles.h"
#include "win/office_variant.h"

namespace lam::win {
namespace {

using core::Deadline;
using core::ErrorCode;
using core::NativeError;
using core::OfficeOp;
using core::OfficeValue;

constexpr HRESULT kMkUnavailable = static_cast<HRESULT>(0x800401E3L);   // MK_E_UNAVAILABLE
constexpr HRESULT kServerExecFailure = static_cast<HRESULT>(0x80080005L);  // CO_E_SERVER_EXEC_FAILURE

class ComOfficeBackend : public core::OfficeBackend {
 public:
  void start() override { apartment_.emplace(); }

  void stop() override {
    // Every proxy is released while the apartment still exists (after CoUninitialize a Release would crash).
    handles_.Clear();
    dispatch_.Clear();
    apartment_.reset();
  }

  std::string run(const core::OfficeRunRequest& request, const Deadline& deadline) override {
    std::vector<OfficeValue> results;
    results.reserve(request.ops.size());
    for (size_t i = 0; i < request.ops.size(); ++i) {
      OfficeOp op = request.ops[i];
      core::ResolveRefs(op, results, i);
      try {
        if (deadline.cancelled() || deadline.expired())
          throw NativeError(ErrorCode::Timeout, "the batch's deadline (" + std::to_string(deadline.timeout_ms()) +
                                                    " ms) passed before this op ran");
        results.push_back(Run(op, deadline));
      } catch (const NativeError& e) {
        throw NativeError(e.code(), "officeRun (COM): " + core::DescribeOp(op, i) + ": " + e.message(), e.detail());
      }
    }
    return core::OfficeResultsJson(results);
  }

 private:
  OfficeValue Run(const OfficeOp& op, const Deadline& deadline) {
    switch (op.kind) {
      case OfficeOp::Kind::Connect: return Connect(op.target.string, op.mode, deadline);
      case OfficeOp::Kind::Release: {
        const OfficeValue* id = op.target.field("$handle");
        if (op.target.tag() != "$handle" || !id || id->kind != OfficeValue::Kind::Number)
          throw NativeError(ErrorCode::InvalidArgument, "the target is not an object handle");
        handles_.Release(static_cast<int64_t>(id->number));
        return OfficeValue::Null();
      }
      case OfficeOp::Kind::Get:
      case OfficeOp::Kind::Call: return dispatch_.Invoke(Target(op.target), op.name, op.args, op.named, deadline);
      case OfficeOp::Kind::Set:
        dispatch_.Put(Target(op.target), op.name, op.args, op.named, op.value, deadline);
        return OfficeValue::Null();
    }
    throw NativeError(ErrorCode::Internal, "unknown op");
  }

  OfficeHandles::Entry& Target(const OfficeValue& target) {
    const OfficeValue* id = target.field("$handle");
    // A {$ref} to an op whose result is no object (a number, a string) lands here resolved.
    if (target.tag() != "$handle" || !id || id->kind != OfficeValue::Kind::Number)
      throw NativeError(ErrorCode::InvalidArgument, "the target is not an object handle (a {$ref} to an op that returned no object?)");
    OfficeHandles::Entry* entry = handles_.Find(static_cast<int64_t>(id->number));
    if (!entry)
      throw NativeError(ErrorCode::ElementStale,
                        "office handle " + std::to_string(static_cast<long long>(id->number)) +
                            " is not known: it was released, or belongs to an earlier connection or a retired office thread");
    return *entry;
  }

  // The root object of a connection: the running instance (GetActiveObject, the running object table), a new one
  // (CoCreateInstance), or either. Office registers its Application in the ROT only once it has been started
  // for automation or has lost the focus once (Microsoft Learn, "GetObject and CreateObject behavior of Office
  // automation servers"), so `active` can miss an Office the user just opened: `any` then starts another.
  OfficeValue Connect(const std::string& target, const std::string& mode, const Deadline&) {
    const std::wstring name = Utf16(target);
    CLSID clsid{};
    // A ProgID ("Word.Application") or a CLSID in braces.
    HRESULT hr = !name.empty() && name[0] == L'{' ? CLSIDFromString(name.c_str(), &clsid) : CLSIDFromProgID(name.c_str(), &clsid);
    if (FAILED(hr)) {
      NativeError e = OfficeComError(hr, "CLSIDFromProgID");
      throw NativeError(ErrorCode::OfficeUnavailable, target + " is not registered: is Microsoft Office installed? (" + e.message() + ")",
                        e.detail());
    }
    IUnknown* object = nullptr;
    if (mode == "active" || mode == "any") {
      hr = GetActiveObject(clsid, nullptr, &object);
      if (FAILED(hr)) {
        object = nullptr;
        if (mode == "active") {
          if (hr == kMkUnavailable)
            throw NativeError(ErrorCode::AppNotRunning,
                              "no running " + target + " is registered in the running object table (GetActiveObject: MK_E_UNAVAILABLE)",
                              OfficeHresultHex(hr));
          throw OfficeComError(hr, "GetActiveObject");
        }
      }
    }
    if (!object) {
      // LOCAL_SERVER first in meaning (Office's apps are EXEs); INPROC_SERVER too, for DLL servers such as
      // Scripting.Dictionary. A cold start of Word or Excel takes seconds: the caller's timeoutMs must allow it
      // (the call cannot be interrupted; past the deadline the service abandons it, core/service.h).
      hr = CoCreateInstance(clsid, nullptr, CLSCTX_LOCAL_SERVER | CLSCTX_INPROC_SERVER, IID_IUnknown,
                            reinterpret_cast<void**>(&object));
      if (FAILED(hr) || !object) {
        if (hr == REGDB_E_CLASSNOTREG)
          throw NativeError(ErrorCode::OfficeUnavailable,
                            target + " is not registered: is Microsoft Office installed? (CoCreateInstance: REGDB_E_CLASSNOTREG " +
                                OfficeHresultHex(hr) + ")",
                            OfficeHresultHex(hr));
        if (hr == kServerExecFailure)
          throw NativeError(ErrorCode::AppNotRunning, target + "'s server did not start (CoCreateInstance: CO_E_SERVER_EXEC_FAILURE)",
                            OfficeHresultHex(hr));
        throw OfficeComError(FAILED(hr) ? hr : E_NOINTERFACE, "CoCreateInstance");
      }
    }
    IDispatch* dispatch = nullptr;
    hr = object->QueryInterface(IID_IDispatch, reinterpret_cast<void**>(&dispatch));
    if (FAILED(hr) || !dispatch) {
      object->Release();
      throw NativeError(ErrorCode::InvalidOperation, target + " has no IDispatch: it cannot be driven by late binding",
                        OfficeHresultHex(FAILED(hr) ? hr : E_NOINTERFACE));
    }
    int64_t id = 0;
    try {
      id = handles_.Register(dispatch);
    } catch (...) {
      dispatch->Release();
      object->Release();
      throw;
    }
    dispatch->Release();
    object->Release();
    return OfficeValue::Handle(id);
  }

  std::optional<ComApartment> apartment_;
  OfficeHandles handles_;
  OfficeDispatch dispatch_{handles_};
};

}  // namespace
}  // namespace lam::win

namespace lam::core {

std::unique_ptr<ServiceBackend> CreateOfficeBackend() { return std::make_unique<lam::win::ComOfficeBackend>(); }

}  // namespace lam::core
