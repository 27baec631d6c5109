#include "linux/dbus_link.h"

#include <algorithm>
#include <atomic>
#include <cstdarg>

#include "core/native_error.h"

namespace lam::atspi {

using core::ErrorCode;
using core::NativeError;

std::string Message::error_name() const {
  if (!is_error()) return {};
  const char* name = dbus_message_get_error_name(m_);
  return name ? name : "";
}

std::string Message::error_message() const {
  if (!is_error()) return {};
  const char* text = nullptr;
  if (dbus_message_get_args(m_, nullptr, DBUS_TYPE_STRING, &text, DBUS_TYPE_INVALID) && text) return text;
  return {};
}

namespace {
// Process-wide (every worker's service threads share it), starting at 1: 0 means "no connection".
std::atomic<uint64_t> next_generation{1};
}  // namespace

DBusLink::DBusLink(const std::string& address, Kind kind)
    : kind_(kind), generation_(next_generation.fetch_add(1, std::memory_order_relaxed)) {
  DBusError error;
  dbus_error_init(&error);
  // A private connection: libdbus's shared connections would also be seen by any other library in the
  // process (libatspi, GIO), and we must be the only user of this one from the platform thread.
  conn_ = dbus_connection_open_private(address.c_str(), &error);
  if (conn_ == nullptr) {
    std::string detail = error.name ? error.name : "";
    std::string message = std::string("connect (D-Bus): ") + (error.message ? error.message : "cannot connect") +
                          " [" + address + "]";
    dbus_error_free(&error);
    throw NativeError(ErrorCode::DesktopUnavailable, message, detail);
  }
  dbus_connection_set_exit_on_disconnect(conn_, FALSE);
  if (kind == Kind::Bus && !dbus_bus_register(conn_, &error)) {
    std::string detail = error.name ? error.name : "";
    std::string message = std::string("register (D-Bus Hello): ") + (error.message ? error.message : "failed");
    dbus_error_free(&error);
    dbus_connection_close(conn_);
    dbus_connection_unref(conn_);
    conn_ = nullptr;
    throw NativeError(ErrorCode::DesktopUnavailable, message, detail);
  }
}

DBusLink::~DBusLink() {
  if (conn_) {
    dbus_connection_close(conn_);
    dbus_connection_unref(conn_);
  }
}

std::string DBusLink::unique_name() const {
  const char* name = conn_ ? dbus_bus_get_unique_name(conn_) : nullptr;
  return name ? name : "";
}

Message NewCall(const std::string& destination, const std::string& path, const char* interface, const char* method) {
  DBusMessage* m = dbus_message_new_method_call(destination.empty() ? nullptr : destination.c_str(), path.c_str(),
                                                interface, method);
  if (m == nullptr) throw NativeError(ErrorCode::Internal, "new call (libdbus): out of memory");
  return Message(m);
}

void AppendArgs(Message& m, int first_type, ...) {
  va_list args;
  va_start(args, first_type);
  const dbus_bool_t ok = dbus_message_append_args_valist(m.get(), first_type, args);
  va_end(args);
  if (!ok) throw NativeError(ErrorCode::Internal, "append arguments (libdbus): out of memory");
}

size_t CallBatch::Add(Message call) {
  calls_.push_back(std::move(call));
  return calls_.size() - 1;
}

void CallBatch::Run(const core::Deadline& deadline, const char* what, size_t window) {
  Exchange(deadline, what, window, false);
}

void CallBatch::RunTolerant(const core::Deadline& deadline, const char* what, size_t window) {
  Exchange(deadline, what, window, true);
}

void CallBatch::Exchange(const core::Deadline& deadline, const char* what, size_t window, bool tolerant) {
  const size_t n = calls_.size();
  replies_.clear();
  replies_.resize(n);
  answered_ = 0;
  if (n == 0) return;

  DBusLink* link = &link_;
  const bool may_fall_back = fallback_ != nullptr && link_.kind_ == DBusLink::Kind::Peer;
  // The fallback resends the calls: keep unsent copies (a sent message is locked to its serial).
  std::vector<Message> copies;
  if (may_fall_back)
    for (const Message& m : calls_) {
      DBusMessage* copy = dbus_message_copy(m.get());
      if (copy == nullptr) throw NativeError(ErrorCode::Internal, std::string(what) + " (libdbus): out of memory copying a call");
      copies.emplace_back(copy);
    }
  const core::Deadline stall = deadline.Within(kPeerStallMs);

  std::unordered_map<uint32_t, size_t> by_serial;
  by_serial.reserve(n * 2);
  size_t sent = 0;

  // Waits are sliced so that a cancelled job (environment teardown) is noticed within one slice.
  constexpr int kSliceMs = 25;
  while (answered_ < n) {
    DBusConnection* conn = link->conn_;
    while (sent < n && sent - answered_ < window) {
      dbus_uint32_t serial = 0;
      // A peer has no bus to route by name, and the name would be meaningless to it.
      if (link->kind_ == DBusLink::Kind::Peer) dbus_message_set_destination(calls_[sent].get(), nullptr);
      if (!dbus_connection_send(conn, calls_[sent].get(), &serial))
        throw NativeError(ErrorCode::Internal, std::string(what) + " (libdbus): out of memory while sending");
      by_serial.emplace(serial, sent);
      calls_[sent].reset();
      ++sent;
    }
    bool got_any = false;
    while (DBusMessage* raw = dbus_connection_pop_message(conn)) {
      Message incoming(raw);
      int type = dbus_message_get_type(raw);
      if (type != DBUS_MESSAGE_TYPE_METHOD_RETURN && type != DBUS_MESSAGE_TYPE_ERROR) continue;  // signals etc.
      auto it = by_serial.find(dbus_message_get_reply_serial(raw));
      if (it == by_serial.end()) continue;  // a late reply to an earlier, timed-out batch
      replies_[it->second] = std::move(incoming);
      by_serial.erase(it);
      ++answered_;
      got_any = true;
    }
    if (answered_ >= n) break;
    if (got_any && sent < n) continue;  // refill the window before blocking
    if (deadline.cancelled())
      throw NativeError(ErrorCode::Internal, std::string(what) + ": cancelled (the environment is shutting down)");
    if (may_fall_back && !stalled_ && answered_ == 0 && stall.expired() && !deadline.expired()) {
      stalled_ = true;
      link = fallback_;
      calls_ = std::move(copies);
      by_serial.clear();
      sent = 0;
      continue;
    }
    int left = deadline.remaining_ms();
    if (left <= 0 && tolerant) return;
    if (left <= 0)
      throw NativeError(ErrorCode::Timeout, std::string(what) + " (AT-SPI): no answer within " +
                                                std::to_string(deadline.timeout_ms()) + " ms (" +
                                                std::to_string(n - answered_) + " of " + std::to_string(n) +
                                                " calls unanswered); the application may be frozen or busy");
    int wait = std::min(left, kSliceMs);
    if (may_fall_back && !stalled_) wait = std::min(wait, std::max(1, stall.remaining_ms()));
    if (!dbus_connection_read_write(conn, wait)) {
      // A peer connection is the app itself: when it closes, the app has gone.
      if (link->kind_ == DBusLink::Kind::Peer)
        throw NativeError(ErrorCode::AppNotRunning, std::string(what) + " (AT-SPI): the application closed its connection",
                          "org.freedesktop.DBus.Error.Disconnected");
      throw NativeError(ErrorCode::DesktopUnavailable, std::string(what) + " (D-Bus): the accessibility bus connection closed");
    }
  }
}

}  // namespace lam::atspi
