// Per-environment state: the promise bridge and the named services (each a thread owning a backend). One
// instance per Node environment (main thread and each worker_thread), stored with SetInstanceData; an
// environment cleanup hook stops the services (bounded, core/service.h) and closes the bridge before the
// environment goes away.
#pragma once

#include <napi.h>

#include <memory>
#include <string>
#include <vector>

#include "core/promise_bridge.h"
#include "core/service.h"

namespace lam::core {

// The services' names, as the export table (native/addon.cc) refers to them.
inline constexpr const char* kPlatformService = "platform";
inline constexpr const char* kOfficeService = "office";

class AddonInstance {
 public:
  explicit AddonInstance(Napi::Env env);
  ~AddonInstance();
  AddonInstance(const AddonInstance&) = delete;
  AddonInstance& operator=(const AddonInstance&) = delete;

  static AddonInstance& Of(Napi::Env env);

  // "atspi", "uia" or "none", known without starting any thread.
  const std::string& platform_name() const { return platform_name_; }

  // Main thread: a promise that `job` settles on the named service's thread, with a deadline of
  // `timeout_ms`. Rejects at once (INTERNAL "service stopped") when the service is stopped.
  Napi::Promise Submit(Napi::Env env, const std::string& service, int timeout_ms, Service::Job job);

  // nullptr for an unknown name.
  Service* Find(const std::string& name);

 private:
  static void Cleanup(void* self);

  Napi::Env env_;
  std::string platform_name_;
  std::shared_ptr<PromiseBridge> bridge_;
  std::vector<std::unique_ptr<Service>> services_;
  bool cleaned_up_ = false;
};

}  // namespace lam::core
