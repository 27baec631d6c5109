// Argument parsers of the exports: a JS options object in, plain C++ job data out, on the main thread,
// before anything is queued. The bindings validate every argument with zod before calling in; these checks
// keep a direct caller of the binary from reaching a backend with nonsense. A bad argument throws
// synchronously (TypeError or RangeError with code INVALID_ARGUMENT), like any JS API misuse; nothing is
// ever silently skipped.
#pragma once

#include <napi.h>

#include <string>

#include "core/backend.h"

namespace lam::core {

// For exports whose job needs nothing but the deadline.
struct NoArguments {};

// The options object every asynchronous export takes as its only argument.
Napi::Object OptionsArgument(const Napi::CallbackInfo& info);
// options.timeoutMs: the job's deadline (default 2000 ms).
int TimeoutOption(const Napi::Object& options);

NoArguments ParseNothing(const Napi::Object& options);
SnapshotRequest ParseSnapshot(const Napi::Object& options);
IntentRequest ParseIntent(const Napi::Object& options);
InputRequest ParseInput(const Napi::Object& options);
CaptureRequest ParseCapture(const Napi::Object& options);
// waitForEvent: options.ref.
std::string ParseRef(const Napi::Object& options);

// The lifecycle tests' diagnostics (native/addon.cc gates them).
struct BlockRequest {
  int ms = 0;  // how long the job sleeps in a system call that ignores cancellation
};
BlockRequest ParseBlock(const Napi::Object& options);
std::string ParseHookName(const Napi::Object& options);
// options.service, "platform" when absent.
std::string ParseServiceName(const Napi::Object& options);

}  // namespace lam::core
