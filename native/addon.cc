// The export table of the lam-bridge addon, nothing else. Every asynchronous export runs on a named service's
// thread (core/service.h: "platform" for the accessibility backend, "office" for the office suite's, each
// its own thread and queue); bindings/ is the only importer.
#include <napi.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "core/export_table.h"
#include "core/office_backend.h"

namespace {

using namespace lam::core;

// The diagnostics the lifecycle tests need: a job that blocks in a system call ignoring cancellation, a
// backend test hook, stopping services and counting retired threads. Exported only when the environment
// variable LAM_BRIDGE_TEST_HOOKS=1 is set when the addon loads: the shipped binary is the one tested (no
// separate build), yet a normal process has no such functions, so they are no public API.
bool TestHooksEnabled() {
  const char* v = std::getenv("LAM_BRIDGE_TEST_HOOKS");
  return v != nullptr && std::strcmp(v, "1") == 0;
}

// Sleeps in the kernel (nanosleep(2) on Linux, Sleep on Windows; sleep_for resumes after signals) and never
// looks at the cancellation flag: what a COM call into a hung app looks like to the service.
std::string BlockInSystemCall(ServiceBackend&, const BlockRequest& request, const Deadline&) {
  std::this_thread::sleep_for(std::chrono::milliseconds(request.ms));
  return "{\"blocked\":" + std::to_string(request.ms) + "}";
}

const std::vector<ExportEntry>& Exports() {
  static const std::vector<ExportEntry> table = {
      SyncExport("platform",
                 [](const Napi::CallbackInfo& info) -> Napi::Value {
                   return Napi::String::New(info.Env(), AddonInstance::Of(info.Env()).platform_name());
                 }),
      AsyncExport<Backend>("applications", kPlatformService, ParseNothing,
                           [](Backend& b, const NoArguments&, const Deadline& d) { return b.applications(d); }),
      AsyncExport<Backend>("windows", kPlatformService, ParseNothing,
                           [](Backend& b, const NoArguments&, const Deadline& d) { return b.windows(d); }),
      AsyncExport<Backend>("snapshot", kPlatformService, ParseSnapshot,
                           [](Backend& b, const SnapshotRequest& r, const Deadline& d) { return b.snapshot(r, d); }),
      AsyncExport<Backend>("perform", kPlatformService, ParseIntent,
                           [](Backend& b, const IntentRequest& r, const Deadline& d) { return b.perform(r, d); }),
      AsyncExport<Backend>("input", kPlatformService, ParseInput,
                           [](Backend& b, const InputRequest& r, const Deadline& d) { return b.input(r, d); }),
      AsyncExport<Backend>("waitForEvent", kPlatformService, ParseRef,
                           [](Backend& b, const std::string& ref, const Deadline& d) { return b.wait_for_event(ref, d); }),
      AsyncExport<Backend>("capture", kPlatformService, ParseCapture,
                           [](Backend& b, const CaptureRequest& r, const Deadline& d) { return b.capture(r, d); }),
      AsyncExport<OfficeBackend>("officeRun", kOfficeService, ParseOfficeRun,
                                 [](OfficeBackend& b, const OfficeRunRequest& r, const Deadline& d) { return b.run(r, d); }),
  };
  return table;
}

const std::vector<ExportEntry>& TestExports() {
  static const std::vector<ExportEntry> table = {
      AsyncExport<ServiceBackend>("__blockPlatform", kPlatformService, ParseBlock, BlockInSystemCall),
      AsyncExport<ServiceBackend>("__blockOffice", kOfficeService, ParseBlock, BlockInSystemCall),
      AsyncExport<ServiceBackend>("__testHook", kPlatformService, ParseHookName,
                                  [](ServiceBackend& b, const std::string& name, const Deadline& d) {
                                    return b.test_hook(name, d);
                                  }),
      SyncExport("__stopService",
                 [](const Napi::CallbackInfo& info) -> Napi::Value {
                   Service* s = AddonInstance::Of(info.Env()).Find(ParseServiceName(OptionsArgument(info)));
                   if (s) s->Stop();
                   return Napi::Boolean::New(info.Env(), s != nullptr);
                 }),
      SyncExport("__retiredThreads",
                 [](const Napi::CallbackInfo& info) -> Napi::Value {
                   Service* s = AddonInstance::Of(info.Env()).Find(ParseServiceName(OptionsArgument(info)));
                   return Napi::Number::New(info.Env(), s ? s->retired_threads() : -1);
                 }),
  };
  return table;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto add = [&](const ExportEntry& entry) {
    const ExportEntry* e = &entry;  // the tables are static: the pointer outlives every environment
    exports.Set(entry.name, Napi::Function::New(env, [e](const Napi::CallbackInfo& info) { return e->call(info); },
                                                entry.name));
  };
  for (const ExportEntry& entry : Exports()) add(entry);
  if (TestHooksEnabled())
    for (const ExportEntry& entry : TestExports()) add(entry);
  return exports;
}

}  // namespace

NODE_API_MODULE(lam_bridge, Init)
