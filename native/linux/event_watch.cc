#include "linux/event_watch.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/native_error.h"
#include "linux/atspi_protocol.h"

namespace lam::atspi {
namespace {

// What an action's effect shows up as: states, structure, text, names, values, windows.
constexpr const char* kEventTypes[] = {
    "object:state-changed",          "object:children-changed", "object:text-changed",
    "object:property-change",        "object:selection-changed", "object:value-changed",
    "window:create",                 "window:destroy",          "window:activate",
};

// The registry and the bus daemon answer at once; this only bounds a broken session. It stays below the
// service's abandonment grace (core/service.h: a job may overrun its own deadline by this much).
constexpr int kRegisterBudgetMs = 400;

constexpr const char* kMatchRules[] = {
    "type='signal',interface='org.a11y.atspi.Event.Object'",
    "type='signal',interface='org.a11y.atspi.Event.Window'",
};

// "org.a11y.atspi.Event.Object" + "StateChanged" + "checked" -> "object:state-changed:checked"
std::string EventName(DBusMessage* signal) {
  const char* iface = dbus_message_get_interface(signal);
  const char* member = dbus_message_get_member(signal);
  std::string kind = iface && std::strrchr(iface, '.') ? std::strrchr(iface, '.') + 1 : "";
  std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string name = kind + ":";
  for (const char* p = member ? member : ""; *p; ++p) {
    if (std::isupper(static_cast<unsigned char>(*p)) && p != member) name += '-';
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(*p)));
  }
  DBusMessageIter it;
  const char* detail = nullptr;
  if (dbus_message_iter_init(signal, &it) && dbus_message_iter_get_arg_type(&it) == DBUS_TYPE_STRING) {
    dbus_message_iter_get_basic(&it, &detail);
    if (detail && *detail) name += std::string(":") + detail;
  }
  return name;
}

}  // namespace

void EventWatch::Register(DBusLink& bus, const core::Deadline& deadline) {
  CallBatch batch(bus);
  for (const char* type : kEventTypes) {
    Message call = NewCall(kRegistryBus, "/org/a11y/atspi/registry", "org.a11y.atspi.Registry", "RegisterEvent");
    AppendArgs(call, DBUS_TYPE_STRING, &type, DBUS_TYPE_INVALID);
    batch.Add(std::move(call));
  }
  for (const char* rule : kMatchRules) {
    Message call = NewCall("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch");
    AppendArgs(call, DBUS_TYPE_STRING, &rule, DBUS_TYPE_INVALID);
    batch.Add(std::move(call));
  }
  batch.Run(deadline, "register for events");
  registered_generation_ = bus.generation();
}

void EventWatch::Pump(DBusLink& bus) {
  if (!registered_on(bus)) return;
  DBusConnection* conn = bus.raw();
  if (!dbus_connection_read_write(conn, 0)) return;  // closed: the next job reconnects and reports it
  while (DBusMessage* raw = dbus_connection_pop_message(conn)) {
    Message incoming(raw);
    const char* from = dbus_message_get_sender(raw);
    // Anything else is a late reply to a batch that gave up on it: batches discard those too.
    if (dbus_message_get_type(raw) != DBUS_MESSAGE_TYPE_SIGNAL || from == nullptr) continue;
    kept_.push_back({from, EventName(raw)});
    if (kept_.size() > kMaxKept) kept_.pop_front();
  }
}

std::string EventWatch::WaitFrom(DBusLink& bus, const std::string& sender, const core::Deadline& deadline) {
  // Registration gets its own small budget: the wait's own can be a few ms (a step between two reads).
  if (!registered_on(bus)) {
    kept_.clear();  // from a connection that is gone
    Register(bus, core::Deadline(kRegisterBudgetMs, nullptr));
  }
  // What the idle hook took off the connection comes first, in order; like the connection's own queue
  // below, events from other senders are passed over and dropped.
  while (!kept_.empty()) {
    Received next = std::move(kept_.front());
    kept_.pop_front();
    if (next.sender == sender) return next.event;
  }
  DBusConnection* conn = bus.raw();
  constexpr int kSliceMs = 25;
  for (;;) {
    while (DBusMessage* raw = dbus_connection_pop_message(conn)) {
      Message incoming(raw);
      const char* from = dbus_message_get_sender(raw);
      if (dbus_message_get_type(raw) == DBUS_MESSAGE_TYPE_SIGNAL && from && sender == from) return EventName(raw);
    }
    if (deadline.cancelled())
      throw core::NativeError(core::ErrorCode::Internal, "wait for event: cancelled (the environment is shutting down)");
    int left = deadline.remaining_ms();
    if (left <= 0) return {};
    if (!dbus_connection_read_write(conn, std::min(left, kSliceMs)))
      throw core::NativeError(core::ErrorCode::DesktopUnavailable, "wait for event (D-Bus): the accessibility bus connection closed");
  }
}

}  // namespace lam::atspi
