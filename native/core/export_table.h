// How an export is declared: one entry per export, in native/addon.cc's table. An asynchronous entry names
// its service, an argument parser (JS options -> plain C++ job data; throws INVALID_ARGUMENT synchronously)
// and a job (backend, request, deadline -> JSON text or a BinaryResult). Parsing, the deadline option,
// queueing, exception-to-error mapping and settling are written once, here and in core/service.cc.
#pragma once

#include <napi.h>

#include <functional>
#include <string>
#include <type_traits>
#include <utility>

#include "core/addon_instance.h"
#include "core/backend.h"
#include "core/export_arguments.h"

namespace lam::core {

struct ExportEntry {
  const char* name;
  const char* service;  // nullptr: synchronous, answered on the main thread
  std::function<Napi::Value(const Napi::CallbackInfo&)> call;
};

inline void SetResult(Outcome& outcome, std::string json) { outcome.payload = std::move(json); }
inline void SetResult(Outcome& outcome, BinaryResult result) {
  outcome.payload = std::move(result.json);
  outcome.bytes = std::move(result.bytes);
  outcome.binary = true;
}

// BackendType: the interface the service's backend implements (Backend for "platform", ServiceBackend for
// jobs any service can run). Parse: const Napi::Object& -> Request. Run: (BackendType&, const Request&,
// const Deadline&) -> std::string | BinaryResult.
template <class BackendType, class Parse, class Run>
ExportEntry AsyncExport(const char* name, const char* service, Parse parse, Run run) {
  using Request = std::invoke_result_t<Parse, const Napi::Object&>;
  return ExportEntry{name, service, [name, service, parse, run](const Napi::CallbackInfo& info) -> Napi::Value {
    Napi::Object options = OptionsArgument(info);
    Request request = parse(options);
    const int timeout_ms = TimeoutOption(options);
    auto job = [name, request = std::move(request), run](ServiceBackend& backend, const Deadline& deadline,
                                                        Outcome& outcome) {
      auto* typed = dynamic_cast<BackendType*>(&backend);
      if (typed == nullptr)
        throw NativeError(ErrorCode::Internal, std::string(name) + " (lam-bridge): wrong service for this job");
      SetResult(outcome, run(*typed, request, deadline));
    };
    return AddonInstance::Of(info.Env()).Submit(info.Env(), service, timeout_ms, std::move(job));
  }};
}

inline ExportEntry SyncExport(const char* name, std::function<Napi::Value(const Napi::CallbackInfo&)> call) {
  return ExportEntry{name, nullptr, std::move(call)};
}

}  // namespace lam::core
