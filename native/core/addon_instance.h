// Per-environment state: the platform thread (owning the backend) and the promise bridge. One instance per
// Node environment (main thread and each worker_thread), stored with SetInstanceData; an environment
// cleanup hook stops the thread before the environment goes away.
#pragma once

#include <napi.h>

#include <memory>

#include "core/platform_thread.h"
#include "core/promise_bridge.h"

namespace lam::core {

class AddonInstance {
 public:
  explicit AddonInstance(Napi::Env env);
  ~AddonInstance();

  static AddonInstance& Of(Napi::Env env);

  // Exported functions (the table is in native/addon.cc).
  static Napi::Value Platform(const Napi::CallbackInfo& info);
  static Napi::Value Applications(const Napi::CallbackInfo& info);
  static Napi::Value Windows(const Napi::CallbackInfo& info);
  static Napi::Value Snapshot(const Napi::CallbackInfo& info);
  static Napi::Value Perform(const Napi::CallbackInfo& info);
  static Napi::Value Input(const Napi::CallbackInfo& info);
  static Napi::Value WaitForEvent(const Napi::CallbackInfo& info);
  static Napi::Value Capture(const Napi::CallbackInfo& info);

 private:
  using Work = std::function<std::string(Backend&, const Deadline&)>;
  using BinaryWork = std::function<BinaryResult(Backend&, const Deadline&)>;
  // Queue `work` on the platform thread with a deadline of `timeout_ms`; returns the promise it settles.
  Napi::Value Submit(Napi::Env env, int timeout_ms, Work work);
  // The same for a job whose result carries bytes (resolves to an object with a `data` Buffer).
  Napi::Value SubmitBinary(Napi::Env env, int timeout_ms, BinaryWork work);
  using Fill = std::function<void(Backend&, const Deadline&, Outcome&)>;
  Napi::Value Queue(Napi::Env env, int timeout_ms, Fill fill);
  static void Cleanup(void* self);

  Napi::Env env_;
  PlatformThread thread_;
  PromiseBridge bridge_;
  bool cleaned_up_ = false;
};

}  // namespace lam::core
