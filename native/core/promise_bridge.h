// Settles JS promises for jobs that finish on the platform thread.
//
// One long-lived thread-safe function per environment carries every outcome back to the main thread, where
// the JS value is made (a JSON string for the bindings to parse, or an Error with a stable `code`). The
// function is referenced only while jobs are pending, so an idle addon never keeps the process alive.
//
// A job with a binary part (pixels) resolves to the object its JSON describes plus `data`, a Buffer over the
// job's own bytes: megabytes of pixels must not be copied through JSON text, nor copied at all where the
// runtime allows external buffers (Electron's V8 sandbox does not: there Node-API copies once).
#pragma once

#include <napi.h>

#include <cstdint>
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
};

class PromiseBridge {
 public:
  explicit PromiseBridge(Napi::Env env);

  // Main thread: a new pending promise and the id its outcome must carry.
  Napi::Promise Create(Napi::Env env, uint64_t* id);

  // Any thread: hand an outcome to the main thread. Dropped once the bridge is closed.
  void Deliver(Outcome outcome);

  // Main thread, at environment teardown, after the platform thread has been joined.
  void Close();

 private:
  static void Settle(Napi::Env env, Napi::Function, PromiseBridge* self, Outcome* outcome);
  using Tsfn = Napi::TypedThreadSafeFunction<PromiseBridge, Outcome, &PromiseBridge::Settle>;

  Tsfn tsfn_;
  std::unordered_map<uint64_t, Napi::Promise::Deferred> pending_;  // main thread only
  uint64_t next_id_ = 1;                                            // main thread only
  std::mutex closed_mutex_;
  bool closed_ = false;
};

}  // namespace lam::core
