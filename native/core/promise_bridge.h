// Settles JS promises for jobs that finish on service threads.
//
// Outcomes wait in a mutex-guarded queue; one long-lived thread-safe function per environment is only the
// wake-up that makes the main thread drain it, where the JS values are made (a JSON string for the bindings
// to parse, or an Error with a stable `code`). Why a queue and not the outcome as the call's data: when
// NonBlockingCall fails (the function is closing, or out of memory) the outcome must not be lost with it;
// it stays queued and the next wake-up, or Close, settles it. The function is referenced only while
// promises are pending, so an idle addon never keeps the process alive.
//
// Lifetime: the bridge is shared (std::shared_ptr) by the environment and by every service thread,
// including threads retired while blocked in a platform call (core/service.h), which may deliver long after
// the environment is gone. After Close a delivery is dropped without touching Node-API.
//
// A job with a binary part (pixels) resolves to the object its JSON describes plus `data`, a Buffer over the
// job's own bytes: megabytes of pixels must not be copied through JSON text, nor copied at all where the
// runtime allows external buffers (Electron's V8 sandbox does not: there Node-API copies once).
#pragma once

#include <napi.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/native_error.h"

namespace lam::core {

struct Outcome {
  uint64_t id = 0;
  bool ok = false;
  std::string payload;  // JSON text when ok
  bool binary = false;  // resolve with JSON.parse(payload) + {data: Buffer(bytes)} instead of the text
  std::vector<uint8_t> bytes;
  ErrorCode code = ErrorCode::Internal;
  std::string message;
  std::string detail;

  static Outcome Failure(uint64_t id, ErrorCode code, std::string message, std::string detail = {});
};

class PromiseBridge {
 public:
  // Main thread.
  static std::shared_ptr<PromiseBridge> New(Napi::Env env);

  // Main thread: a new pending promise and the id its outcome must carry.
  Napi::Promise Create(Napi::Env env, uint64_t* id);

  // Main thread: a promise that is already rejected (a job that cannot be queued).
  static Napi::Promise Rejected(Napi::Env env, ErrorCode code, const std::string& message);

  // Any thread: hand an outcome to the main thread. Dropped once the bridge is closed.
  void Deliver(Outcome outcome);

  // Main thread, at environment teardown, after the services stopped: settles what is queued and rejects
  // what is still pending, as far as the environment still runs JS, then releases the function.
  void Close(Napi::Env env);

  PromiseBridge(const PromiseBridge&) = delete;
  PromiseBridge& operator=(const PromiseBridge&) = delete;
  PromiseBridge() = default;

 private:
  static void Wake(Napi::Env env, Napi::Function, PromiseBridge* self, void*);
  using Tsfn = Napi::TypedThreadSafeFunction<PromiseBridge, void, &PromiseBridge::Wake>;

  void Drain(Napi::Env env);
  void Settle(Napi::Env env, Outcome& outcome);

  Tsfn tsfn_;
  std::unordered_map<uint64_t, Napi::Promise::Deferred> pending_;  // main thread only
  uint64_t next_id_ = 1;                                            // main thread only
  std::mutex mutex_;                                                // guards the three below
  std::deque<Outcome> ready_;
  bool wake_pending_ = false;  // a wake-up is queued on the function: no need for another
  bool closed_ = false;
};

}  // namespace lam::core
