// Waiting for an application's AT-SPI events, so that verification wakes when the app reports a change
// instead of sleeping a fixed step.
//
// Apps emit events only for event types some client registered with the registry, and the bus delivers
// broadcast signals only to connections with a matching rule: both are set up on first use. Events travel
// on the accessibility bus (never on peer connections). Other call batches on the bus connection discard
// signals they meet, so an event can be missed; a wait is therefore always bounded, and the caller re-reads
// the state after it either way.
#pragma once

#include <string>

#include "core/deadline.h"
#include "linux/dbus_link.h"

namespace lam::atspi {

class EventWatch {
 public:
  // Returns the first event from `sender` (its AT-SPI name, e.g. "object:state-changed:checked"), or ""
  // when none came before the deadline.
  std::string WaitFrom(DBusLink& bus, const std::string& sender, const core::Deadline& deadline);


 private:
  void Register(DBusLink& bus, const core::Deadline& deadline);
  // The connection the registrations belong to: a new bus connection needs them again.
  const DBusLink* registered_on_ = nullptr;
};

}  // namespace lam::atspi
