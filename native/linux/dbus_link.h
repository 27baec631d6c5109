// A private libdbus connection with pipelined method calls.
//
// Why raw libdbus instead of libatspi: an AT-SPI snapshot is thousands of tiny calls, and what they cost is
// the wait for each reply (~0.1 ms a round trip). libatspi sends one call and blocks for its reply; here a
// batch puts many calls in flight at once and collects the replies as they come, so the client never waits
// on one call at a time and the target app's main loop sets the pace. libatspi is also not thread-safe and
// caches in ways that give wrong trees (see docs/LINUX_DESKTOP.md); this connection belongs to the platform
// thread alone.
#pragma once

#include <dbus/dbus.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/deadline.h"

namespace lam::atspi {

// Owns one DBusMessage reference.
class Message {
 public:
  Message() = default;
  explicit Message(DBusMessage* m) : m_(m) {}
  ~Message() { reset(); }
  Message(Message&& o) noexcept : m_(o.m_) { o.m_ = nullptr; }
  Message& operator=(Message&& o) noexcept {
    if (this != &o) {
      reset();
      m_ = o.m_;
      o.m_ = nullptr;
    }
    return *this;
  }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;

  DBusMessage* get() const { return m_; }
  explicit operator bool() const { return m_ != nullptr; }
  bool is_error() const { return m_ && dbus_message_get_type(m_) == DBUS_MESSAGE_TYPE_ERROR; }
  // The D-Bus error name of an error reply, "" otherwise.
  std::string error_name() const;
  std::string error_message() const;
  void reset() {
    if (m_) dbus_message_unref(m_);
    m_ = nullptr;
  }

 private:
  DBusMessage* m_ = nullptr;
};

class DBusLink {
 public:
  enum class Kind { Bus, Peer };
  // Connects to `address`; on a bus also registers (Hello). Throws NativeError DESKTOP_UNAVAILABLE.
  DBusLink(const std::string& address, Kind kind);
  ~DBusLink();
  DBusLink(const DBusLink&) = delete;
  DBusLink& operator=(const DBusLink&) = delete;

  DBusConnection* raw() const { return conn_; }
  // Unique to this connection in the process, never reused (unlike its address): what per-connection
  // state such as event registrations is keyed by, so a reconnect is never mistaken for the old link.
  uint64_t generation() const { return generation_; }
  bool connected() const { return conn_ && dbus_connection_get_is_connected(conn_); }
  std::string unique_name() const;

 private:
  friend class CallBatch;
  DBusConnection* conn_ = nullptr;
  Kind kind_;
  uint64_t generation_;
};

// dbus_message_append_args on `m`, throwing NativeError INTERNAL when it fails (out of memory: its only
// failure for arguments of the types given, which every caller passes as literals).
void AppendArgs(Message& m, int first_type, ...);

// Builds a method call; `destination` may be empty on peer-to-peer connections.
Message NewCall(const std::string& destination, const std::string& path, const char* interface, const char* method);

// A set of method calls sent together and answered together.
class CallBatch {
 public:
  // With a fallback: when `link` is an app's peer connection and not one call is answered within
  // kPeerStallMs, the calls are sent again on the fallback (the bus). Why: at-spi2-atk stops serving its
  // peer connections while the app runs a nested main loop (a modal gtk_dialog_run), but keeps serving the
  // bus. Replies that arrive later on the peer are discarded by later batches.
  explicit CallBatch(DBusLink& link, DBusLink* fallback = nullptr) : link_(link), fallback_(fallback) {}

  static constexpr int kPeerStallMs = 250;

  // True when this batch gave up on the peer connection and used the bus.
  bool stalled() const { return stalled_; }

  // Queues a call; returns its index. The batch owns the message.
  size_t Add(Message call);
  size_t size() const { return calls_.size(); }
  // Call `i` before Run sends it (Run consumes the calls).
  const Message& Call(size_t i) const { return calls_[i]; }

  // Sends every call (at most `window` in flight) and waits for every reply. Throws NativeError TIMEOUT when
  // the deadline passes first (replies that arrive later are discarded by later batches), INTERNAL when
  // cancelled, DESKTOP_UNAVAILABLE when the bus connection drops. `what` names the operation in messages.
  void Run(const core::Deadline& deadline, const char* what, size_t window = 512);

  // Like Run, but when the deadline passes it returns instead of throwing: unanswered calls have an empty
  // Reply. For listings, where one frozen app must not hide all the others.
  void RunTolerant(const core::Deadline& deadline, const char* what, size_t window = 512);

  // The reply (a method return or an error) of call `i` after Run.
  const Message& Reply(size_t i) const { return replies_[i]; }
  Message TakeReply(size_t i) { return std::move(replies_[i]); }
  bool Ok(size_t i) const { return replies_[i] && !replies_[i].is_error(); }

  size_t answered() const { return answered_; }

 private:
  void Exchange(const core::Deadline& deadline, const char* what, size_t window, bool tolerant);

  DBusLink& link_;
  DBusLink* fallback_;
  bool stalled_ = false;
  std::vector<Message> calls_;
  std::vector<Message> replies_;
  size_t answered_ = 0;
};

}  // namespace lam::atspi
