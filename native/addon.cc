// The export table of the lam-bridge addon, nothing else. Everything is asynchronous and runs on the
// environment's platform thread (see core/platform_thread.h); bindings/ is the only importer.
#include <napi.h>

#include "core/addon_instance.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using lam::core::AddonInstance;
  exports.Set("platform", Napi::Function::New(env, AddonInstance::Platform, "platform"));
  exports.Set("applications", Napi::Function::New(env, AddonInstance::Applications, "applications"));
  exports.Set("windows", Napi::Function::New(env, AddonInstance::Windows, "windows"));
  exports.Set("snapshot", Napi::Function::New(env, AddonInstance::Snapshot, "snapshot"));
  exports.Set("perform", Napi::Function::New(env, AddonInstance::Perform, "perform"));
  exports.Set("input", Napi::Function::New(env, AddonInstance::Input, "input"));
  exports.Set("waitForEvent", Napi::Function::New(env, AddonInstance::WaitForEvent, "waitForEvent"));
  exports.Set("capture", Napi::Function::New(env, AddonInstance::Capture, "capture"));
  return exports;
}

}  // namespace

NODE_API_MODULE(lam_bridge, Init)
