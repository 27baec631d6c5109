// Waiting for an application's AT-SPI events, so that verification wakes when the app reports a change
// instead of sleeping a fixed step.
//
// Apps emit events only for event types some client registered with the registry, and the bus delivers
// broadcast signals only to connections with a matching rule: both are set up on first use. Events travel
// on the accessibility bus (never on peer connections). Other call batches on the bus connection discard
// signals they meet, so an event can be missed; a wait is therefore always bounded, and the caller re-reads
// the state after it either way.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "core/deadline.h"
#include "linux/dbus_link.h"

namespace lam::atspi {

class EventWatch {
 public:
  // Returns the first event from `sender` (its AT-SPI name, e.g. "object:state-changed:checked"), or ""
  // when none came before the deadline.
  std::string WaitFrom(DBusLink& bus, const std::string& sender, const core::Deadline& deadline);

  // The service's idle hook: reads what `bus` has received without blocking and keeps its events (the
  // newest kMaxKept) for the next WaitFrom, so the connection is drained between jobs. Does nothing before
  // the first WaitFrom registered on this connection.
  void Pump(DBusLink& bus);

  // Whether the registrations (RegisterEvent, AddMatch) were made on this very connection.
  bool registered_on(const DBusLink& bus) const { return registered_generation_ == bus.generation(); }

  static constexpr size_t kMaxKept = 256;

 private:
  struct Received {
    std::string sender;
    std::string event;
  };
  void Register(DBusLink& bus, const core::Deadline& deadline);
  // The connection the registrations belong to, by generation and not by address: after a reconnect the new
  // DBusLink can sit at the freed one's address, and it needs the match rules again (0: none yet).
  uint64_t registered_generation_ = 0;
  std::deque<Received> kept_;  // events Pump took off the connection, oldest first
};

}  // namespace lam::atspi
