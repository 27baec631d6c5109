// The Linux backend: AT-SPI2 over the accessibility bus, spoken with raw libdbus on the platform thread.
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/json_writer.h"
#include "core/native_error.h"
#include "linux/app_links.h"
#include "linux/atspi_protocol.h"
#include "linux/atspi_ref.h"
#include "linux/dbus_errors.h"
#include "linux/dbus_link.h"
#include "linux/element_actions.h"
#include "linux/event_watch.h"
#include "linux/snapshot_floor.h"
#include "linux/tree_reader.h"
#include "linux/x11_capture.h"
#include "linux/x11_input.h"

namespace lam::atspi {
namespace {

using core::Deadline;
using core::ErrorCode;
using core::JsonWriter;
using core::NativeError;

// How long a listing waits for any one app: a frozen app is listed as unresponsive instead of holding
// every caller up for the whole budget.
constexpr int kListingAppBudgetMs = 500;

// How often an idle service pumps the event connection.
constexpr int kIdlePumpMs = 100;

// The program name of a process: what a frozen app (which cannot tell us its AT-SPI name) is listed under.
std::string ProgramName(int64_t pid) {
  if (pid <= 0) return {};
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string argv0;
  std::getline(in, argv0, '\0');
  size_t slash = argv0.rfind('/');
  return slash == std::string::npos ? argv0 : argv0.substr(slash + 1);
}

struct AppEntry {
  ObjectRef root;
  std::string name;
  std::string toolkit;
  int64_t pid = -1;
  bool responding = false;
};

class AtspiBackend : public core::Backend {
 public:

  void stop() override {
    links_.Reset();
    input_.reset();
    capture_.reset();
  }

  std::string applications(const Deadline& deadline) override {
    std::vector<AppEntry> apps = ListApps(deadline, true);
    JsonWriter w;
    w.begin_array();
    for (const AppEntry& app : apps) {
      w.begin_object();
      w.key("platform").value("atspi");  // the discriminant of bindings/raw.ts RawApplication
      w.key("ref").value(EncodeRef(app.root));
      w.key("name").value(app.name);
      w.key("pid");
      if (app.pid >= 0) w.value(app.pid); else w.null();
      w.key("toolkit");
      if (app.toolkit.empty()) w.null(); else w.value(app.toolkit);
      w.key("responding").value(app.responding);
      w.end_object();
    }
    w.end_array();
    return w.take();
  }

  std::string windows(const Deadline& deadline) override {
    std::vector<AppEntry> apps = ListApps(deadline, false);
    DBusLink& link = links_.Bus(deadline);
    Deadline slice = deadline.Within(kListingAppBudgetMs);

    CallBatch children(link);
    for (const AppEntry& app : apps) children.Add(CallGetChildren(app.root));
    children.RunTolerant(slice, "windows");

    struct Top {
      size_t app;
      ObjectRef object;
    };
    std::vector<Top> tops;
    for (size_t i = 0; i < apps.size(); ++i) {
      std::vector<ObjectRef> refs;
      if (ReadRefArray(children.Reply(i), &refs))
        for (auto& r : refs)
          if (r.path != kNullPath) tops.push_back({i, std::move(r)});
    }
    // The title alone, with Properties.Get: every toolkit serves it, where GetAll crashes Qt apps
    // (app_links.h ServesGetAll).
    CallBatch details(link);
    for (const Top& top : tops) {
      details.Add(CallGetRole(top.object));
      details.Add(CallGetState(top.object));
      details.Add(CallGetProperty(top.object, "org.a11y.atspi.Accessible", "Name"));
      details.Add(CallGetExtentsOnScreen(top.object));
    }
    details.RunTolerant(slice, "windows");

    JsonWriter w;
    w.begin_array();
    for (size_t t = 0; t < tops.size(); ++t) {
      uint32_t role = 0;
      uint32_t states[2] = {0, 0};
      std::string title;
      int32_t rect[4];
      if (!ReadUint32(details.Reply(4 * t), &role)) continue;  // vanished or not answering
      ReadStateSet(details.Reply(4 * t + 1), states);
      ReadVariantString(details.Reply(4 * t + 2), &title);
      bool has_rect = ReadExtents(details.Reply(4 * t + 3), rect);
      const AppEntry& app = apps[tops[t].app];
      w.begin_object();
      w.key("platform").value("atspi");  // the discriminant of bindings/raw.ts RawWindow
      w.key("ref").value(EncodeRef(tops[t].object));
      w.key("appRef").value(EncodeRef(app.root));
      w.key("app").value(app.name);
      w.key("pid");
      if (app.pid >= 0) w.value(app.pid); else w.null();
      w.key("title").value(title);
      w.key("role").value(role);
      w.key("states").begin_array().value(states[0]).value(states[1]).end_array();
      w.key("rect");
      if (has_rect) w.begin_array().value(rect[0]).value(rect[1]).value(rect[2]).value(rect[3]).end_array();
      else w.null();
      w.end_object();
    }
    w.end_array();
    return w.take();
  }

  std::string snapshot(const core::SnapshotRequest& request, const Deadline& deadline) override {
    DecodeRef(request.root_ref);  // validate before connecting to anything
    return ReadTree(links_, request, deadline);
  }

  std::string perform(const core::IntentRequest& request, const Deadline& deadline) override {
    return PerformIntent(links_, request, deadline);
  }

  std::string wait_for_event(const std::string& ref, const Deadline& deadline) override {
    const ObjectRef object = DecodeRef(ref);
    const std::string event = events_.WaitFrom(links_.Bus(deadline), object.bus, deadline);
    JsonWriter w;
    w.begin_object();
    w.key("event");
    if (event.empty()) w.null(); else w.value(event);
    w.end_object();
    return w.take();
  }

  std::string input(const core::InputRequest& request, const Deadline& deadline) override {
    x11::RaiseTarget raise;
    if (!request.window_ref.empty()) raise = RaiseTargetOf(DecodeRef(request.window_ref), deadline);
    if (!input_) input_ = std::make_unique<x11::X11Input>();
    return input_->Perform(request, raise, deadline);
  }

  // The idle hook: while events are registered on the bus connection, drain it between jobs (a live tree
  // will be kept current from here later). Never connects: an idle service opens nothing.
  int idle_interval_ms() const override {
    DBusLink* bus = links_.ConnectedBus();
    return bus != nullptr && events_.registered_on(*bus) ? kIdlePumpMs : -1;
  }
  void idle(const Deadline&) override {
    if (DBusLink* bus = links_.ConnectedBus()) events_.Pump(*bus);
  }

  // Lifecycle-test diagnostics: "reset-links" drops every D-Bus connection, as a bus that went away would,
  // so the next call reconnects; "reconnect-in-place" reconnects the bus at the old connection's address
  // (the reconnect test checks that event registrations follow either way).
  std::string test_hook(const std::string& name, const Deadline& deadline) override {
    if (name == "reset-links") {
      links_.Reset();
    } else if (name == "reconnect-in-place") {
      links_.ReconnectInPlace(deadline);
    } else if (name.rfind("snapshot-floor ", 0) == 0) {
      // "snapshot-floor <visible-only 0|1> <runs> <root ref>": the benchmark's floor (snapshot_floor.h).
      core::SnapshotRequest request;
      int visible = 0, runs = 0;
      char ref[512] = {0};
      if (std::sscanf(name.c_str(), "snapshot-floor %d %d %511s", &visible, &runs, ref) != 3 || runs < 1)
        throw core::NativeError(core::ErrorCode::InvalidArgument, "test hook: expected 'snapshot-floor <0|1> <runs> <ref>'");
      request.root_ref = ref;
      request.visible_only = visible != 0;
      return MeasureSnapshotFloor(links_, request, runs, deadline);
    } else {
      return core::Backend::test_hook(name, deadline);
    }
    return "{\"ok\":true}";
  }

  core::BinaryResult capture(const core::CaptureRequest& request, const Deadline& deadline) override {
    if (!capture_) capture_ = std::make_unique<x11::X11Capture>();
    return capture_->Capture(request, deadline);
  }

 private:
  // The X window to raise for a ref. X11 knows windows by their process: the owner of the ref's bus name
  // (D-Bus GetConnectionUnixProcessID). When the ref is a top-level window itself (its parent is the app), its
  // name is the title that picks it among that process's windows; for any other element the process's topmost
  // window is raised. One round trip for both.
  x11::RaiseTarget RaiseTargetOf(const ObjectRef& object, const Deadline& deadline) {
    CallBatch ask(links_.Bus(deadline));
    ask.Add(CallGetConnectionPid(object.bus));
    // Parent and name one by one: GetAll crashes Qt apps (app_links.h ServesGetAll).
    ask.Add(CallGetProperty(object, "org.a11y.atspi.Accessible", "Parent"));
    ask.Add(CallGetProperty(object, "org.a11y.atspi.Accessible", "Name"));
    ask.Run(deadline, "raise window (D-Bus GetConnectionUnixProcessID)");
    uint32_t pid = 0;
    if (!ReadUint32(ask.Reply(0), &pid)) {
      const std::string name = ask.Reply(0).error_name();
      const DBusFailure failure = ClassifyDBusError(name, CallContext::ReadObject);
      if (failure == DBusFailure::AppGone || failure == DBusFailure::ElementGone)
        throw NativeError(ErrorCode::AppNotRunning, "raise window (D-Bus): the application " + object.bus + " is no longer running", name);
      throw NativeError(ErrorCode::Internal, "raise window (D-Bus GetConnectionUnixProcessID): " + ask.Reply(0).error_message(), name);
    }
    x11::RaiseTarget target;
    target.pid = static_cast<long>(pid);
    ObjectRef parent;
    // A ref that no longer answers still raises its process's topmost window; the input reports the rest.
    if (ReadVariantRef(ask.Reply(1), &parent) && parent.path == kRootPath) ReadVariantString(ask.Reply(2), &target.title);
    return target;
  }

  std::vector<AppEntry> ListApps(const Deadline& deadline, bool with_toolkit) {
    DBusLink& link = links_.Bus(deadline);
    CallBatch registry(link);
    registry.Add(CallGetChildren({kRegistryBus, kRootPath}));
    registry.Run(deadline, "list applications");
    std::vector<ObjectRef> roots;
    if (!ReadRefArray(registry.Reply(0), &roots))
      throw NativeError(ErrorCode::DesktopUnavailable,
                        "list applications (AT-SPI registry): " +
                            (registry.Reply(0).is_error() ? registry.Reply(0).error_message()
                                                          : std::string("unexpected reply")) +
                            "; is at-spi2-registryd running?",
                        registry.Reply(0).error_name());

    std::vector<AppEntry> apps;
    CallBatch details(link);
    for (ObjectRef& root : roots) {
      if (root.bus.empty() || root.path == kNullPath) continue;
      // The name alone, with Properties.Get: GetAll crashes Qt apps (app_links.h ServesGetAll).
      details.Add(CallGetProperty(root, "org.a11y.atspi.Accessible", "Name"));
      details.Add(CallGetConnectionPid(root.bus));
      if (with_toolkit) details.Add(CallGetProperty(root, "org.a11y.atspi.Application", "ToolkitName"));
      AppEntry app;
      app.root = std::move(root);
      apps.push_back(std::move(app));
    }
    const size_t per_app = with_toolkit ? 3 : 2;
    Deadline slice = deadline.Within(kListingAppBudgetMs);
    details.RunTolerant(slice, "list applications");
    for (size_t i = 0; i < apps.size(); ++i) {
      AppEntry& app = apps[i];
      std::string name;
      app.responding = ReadVariantString(details.Reply(per_app * i), &name);
      uint32_t pid = 0;
      if (ReadUint32(details.Reply(per_app * i + 1), &pid)) app.pid = pid;
      app.name = app.responding ? name : ProgramName(app.pid);
      if (with_toolkit && ReadVariantString(details.Reply(per_app * i + 2), &app.toolkit))
        links_.RememberToolkit(app.root.bus, app.toolkit);
    }
    return apps;
  }

  AppLinks links_;
  EventWatch events_;
  std::unique_ptr<x11::X11Input> input_;  // the X connection opens on first input
  std::unique_ptr<x11::X11Capture> capture_;  // its own X connection, opened on first capture (x11_capture.h)
};

}  // namespace
}  // namespace lam::atspi

std::unique_ptr<lam::core::Backend> lam::core::CreatePlatformBackend() {
  return std::make_unique<lam::atspi::AtspiBackend>();
}

const char* lam::core::PlatformName() { return "atspi"; }
