// Which connection a call to an application travels on.
//
// at-spi2-atk (GTK3, LibreOffice's gtk3 plugin) offers every application's tree on a private peer-to-peer
// socket (Application.GetApplicationBusAddress). Talking there skips the bus daemon's hop for every call,
// and it is the only place GTK3 serves Cache.GetItems (on the bus the cache path answers UnknownMethod).
// Apps that offer no socket (GTK4, Qt) are reached through the accessibility bus.
//
// It also knows, per application, whether Properties.GetAll may be sent to it (ServesGetAll).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/deadline.h"
#include "linux/dbus_link.h"

namespace lam::atspi {

class AppLinks {
 public:
  // The accessibility bus, connected on first use and again after it dropped.
  DBusLink& Bus(const core::Deadline& deadline);
  // The fastest connection to the application owning `bus_name`.
  DBusLink& For(const std::string& bus_name, const core::Deadline& deadline);
  // The app stopped serving its peer connection (a modal loop): use the bus for it for a while.
  void MarkStalled(const std::string& bus_name);

  // How long the app's last Cache.GetItems round took (-1: never measured).
  double CacheCostMs(const std::string& bus_name) const;
  void RememberCacheCost(const std::string& bus_name, double ms) { cache_cost_ms_[bus_name] = ms; }
  // The app's GetChildren was seen to list other children than ChildCount and GetChildAtIndex (GTK 4 leaves
  // out its stack pages): its snapshots read every child list by index from the start.
  bool ChildrenByIndex(const std::string& bus_name) const { return children_by_index_.count(bus_name) != 0; }
  void RememberChildrenByIndex(const std::string& bus_name) { children_by_index_.emplace(bus_name, true); }
  // The app sets SHOWING on nothing inside its windows (GTK 4.8): see tree_reader.cc InferShowing.
  bool ShowingInferred(const std::string& bus_name) const { return showing_inferred_.count(bus_name) != 0; }
  void RememberShowingInferred(const std::string& bus_name) { showing_inferred_.emplace(bus_name, true); }

  // Whether the app may be sent Properties.GetAll(org.a11y.atspi.Accessible). Qt's AT-SPI adaptor (Qt 5
  // and 6) handles Properties calls by reading the property name from a second argument, which GetAll does
  // not have: the app crashes (a segfault in Qt 5.15), so a failed GetAll cannot be what teaches us. The
  // toolkit's name (Application.ToolkitName, "Qt") is asked for before the first GetAll ever goes out, in
  // the same round trip as the peer lookup, and remembered per bus name. Not known yet and not answering
  // in time: false, as reading the properties one by one works with every toolkit.
  bool ServesGetAll(const std::string& bus_name, const core::Deadline& deadline);
  // A toolkit name read elsewhere (the application listing reads it anyway).
  void RememberToolkit(const std::string& bus_name, const std::string& toolkit);
  // What was learnt about each app (toolkit, GetAll, child lists, SHOWING, GetItems' cost), by bus name:
  // void once the bus those names belong to is gone.
  void ForgetAppFacts();
  void Reset();
  // Lifecycle-test diagnostics: closes the bus connection and opens a new one in the very same memory, as
  // a reconnect does whenever the allocator hands the freed block back, so the test of the per-connection
  // event registration does not depend on the allocator's mood. Peers are dropped as in Reset.
  void ReconnectInPlace(const core::Deadline& deadline);
  // The accessibility bus connection if one is open and connected; never connects (for the idle hook).
  DBusLink* ConnectedBus() const { return bus_ && bus_->connected() ? bus_.get() : nullptr; }

 private:
  std::unordered_map<std::string, double> cache_cost_ms_;
  std::unordered_map<std::string, bool> children_by_index_;
  std::unordered_map<std::string, bool> showing_inferred_;
  // Bus name -> whether it serves GetAll (see ServesGetAll).
  std::unordered_map<std::string, bool> serves_get_all_;
  // When an app whose toolkit lookup failed may be asked again (see ServesGetAll).
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> toolkit_retry_at_;
  // When a stalled app's peer connection may be tried again.
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> stalled_until_;
  std::unique_ptr<DBusLink> bus_;
  // nullptr = the app offers no peer socket: use the bus.
  std::unordered_map<std::string, std::unique_ptr<DBusLink>> peers_;
};

}  // namespace lam::atspi
