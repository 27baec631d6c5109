#include "core/addon_instance.h"

#include <stdexcept>

#include "core/backend.h"
#include "core/office_backend.h"

namespace lam::core {

AddonInstance::AddonInstance(Napi::Env env)
    : env_(env), platform_name_(PlatformName()), bridge_(PromiseBridge::New(env)) {
  // Each service makes its backend on its own thread (a COM apartment, a D-Bus connection belong there).
  services_.push_back(std::make_unique<Service>(
      kPlatformService, []() -> std::unique_ptr<ServiceBackend> { return CreatePlatformBackend(); }, bridge_));
  services_.push_back(std::make_unique<Service>(
      kOfficeService, []() -> std::unique_ptr<ServiceBackend> { return CreateOfficeBackend(); }, bridge_));
  napi_add_env_cleanup_hook(env, &AddonInstance::Cleanup, this);
}

AddonInstance::~AddonInstance() {
  if (!cleaned_up_) {
    napi_remove_env_cleanup_hook(env_, &AddonInstance::Cleanup, this);
    Cleanup(this);
  }
}

// Runs when the environment (the process, or a worker) is torn down: stop every service (cancel, wait a
// bounded time, abandon what is stuck), then settle what can be settled and release the thread-safe
// function. Nothing here waits on a target app.
void AddonInstance::Cleanup(void* raw) {
  auto* self = static_cast<AddonInstance*>(raw);
  if (self->cleaned_up_) return;
  self->cleaned_up_ = true;
  for (auto& service : self->services_) service->BeginStop();
  const auto until = Deadline::Clock::now() + std::chrono::milliseconds(kStopWaitMs);  // one wait for all
  for (auto& service : self->services_) service->FinishStop(until);
  self->bridge_->Close(self->env_);
}

AddonInstance& AddonInstance::Of(Napi::Env env) {
  AddonInstance* instance = env.GetInstanceData<AddonInstance>();
  if (instance == nullptr) {
    instance = new AddonInstance(env);
    env.SetInstanceData<AddonInstance>(instance);
  }
  return *instance;
}

Service* AddonInstance::Find(const std::string& name) {
  for (auto& service : services_)
    if (service->name() == name) return service.get();
  return nullptr;
}

Napi::Promise AddonInstance::Submit(Napi::Env env, const std::string& name, int timeout_ms, Service::Job job) {
  Service* service = Find(name);
  if (service == nullptr)
    return PromiseBridge::Rejected(env, ErrorCode::Internal, "lam-bridge: no service '" + name + "'");
  // Stop runs on this (the main) thread, so a service found running here accepts the Post below.
  if (cleaned_up_ || service->stopped())
    return PromiseBridge::Rejected(env, ErrorCode::Internal, name + " service (lam-bridge): service stopped");
  uint64_t id = 0;
  Napi::Promise promise = bridge_->Create(env, &id);
  try {
    if (!service->Post(id, timeout_ms, std::move(job))) throw std::runtime_error("service stopped");
  } catch (const std::exception& e) {  // no thread could be started: settle through the bridge
    bridge_->Deliver(Outcome::Failure(id, ErrorCode::Internal, name + " service (lam-bridge): " + e.what()));
  }
  return promise;
}

}  // namespace lam::core
