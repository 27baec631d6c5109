#include "linux/app_links.h"

#include <strings.h>

#include <new>


#include "core/native_error.h"
#include "linux/atspi_bus.h"
#include "linux/atspi_protocol.h"

namespace lam::atspi {

namespace {

// Asking an app for its socket costs one round trip; an app that does not answer that quickly gets the bus.
constexpr int kPeerLookupBudgetMs = 300;

// Toolkits whose AT-SPI adaptor must never be sent Properties.GetAll (see ServesGetAll).
bool ToolkitServesGetAll(const std::string& toolkit) { return strcasecmp(toolkit.c_str(), "qt") != 0; }

// An app that did not say its toolkit in time is not asked again for this long: every property read would
// otherwise wait for it, one round trip at a time.
constexpr auto kToolkitRetry = std::chrono::seconds(2);

Message CallGetToolkitName(const std::string& bus_name) {
  return CallGetProperty({bus_name, kRootPath}, "org.a11y.atspi.Application", "ToolkitName");
}

}  // namespace

DBusLink& AppLinks::Bus(const core::Deadline& deadline) {
  if (!bus_ || !bus_->connected()) {
    bus_.reset();
    peers_.clear();
    ForgetAppFacts();  // a new bus daemon hands out the same unique names again
    bus_ = std::make_unique<DBusLink>(FindAccessibilityBusAddress(deadline), DBusLink::Kind::Bus);
  }
  return *bus_;
}

// A modal dialog usually lasts seconds: meanwhile the app is reached through the bus.
constexpr auto kStallBackoff = std::chrono::seconds(2);

void AppLinks::MarkStalled(const std::string& bus_name) {
  stalled_until_[bus_name] = std::chrono::steady_clock::now() + kStallBackoff;
}

DBusLink& AppLinks::For(const std::string& bus_name, const core::Deadline& deadline) {
  DBusLink& bus = Bus(deadline);
  auto stalled = stalled_until_.find(bus_name);
  if (stalled != stalled_until_.end()) {
    if (std::chrono::steady_clock::now() < stalled->second) return bus;
    stalled_until_.erase(stalled);
  }
  auto it = peers_.find(bus_name);
  if (it != peers_.end()) {
    if (!it->second) return bus;
    if (it->second->connected()) return *it->second;
    peers_.erase(it);  // the app went away or closed the socket; ask again
  }
  std::unique_ptr<DBusLink> peer;
  CallBatch ask(bus);
  ask.Add(NewCall(bus_name, kRootPath, "org.a11y.atspi.Application", "GetApplicationBusAddress"));
  const bool toolkit_known = serves_get_all_.count(bus_name) > 0;
  if (!toolkit_known) ask.Add(CallGetToolkitName(bus_name));
  core::Deadline quick = deadline.Within(kPeerLookupBudgetMs);
  ask.RunTolerant(quick, "peer lookup");
  std::string toolkit;
  if (!toolkit_known && ReadVariantString(ask.Reply(1), &toolkit)) RememberToolkit(bus_name, toolkit);
  std::string address;
  if (ReadString(ask.Reply(0), &address) && !address.empty()) {
    try {
      peer = std::make_unique<DBusLink>(address, DBusLink::Kind::Peer);
    } catch (const core::NativeError&) {
      peer.reset();  // a stale or unreachable socket: the bus still works
    }
  }
  // No answer in time (a busy or frozen app) is not a "no": use the bus now and ask again next time.
  if (!peer && !ask.Reply(0)) return bus;
  DBusLink* result = peer ? peer.get() : &bus;
  peers_[bus_name] = std::move(peer);
  return *result;
}

bool AppLinks::ServesGetAll(const std::string& bus_name, const core::Deadline& deadline) {
  auto known = serves_get_all_.find(bus_name);
  if (known != serves_get_all_.end()) return known->second;
  const auto now = std::chrono::steady_clock::now();
  auto retry = toolkit_retry_at_.find(bus_name);
  if (retry != toolkit_retry_at_.end() && now < retry->second) return false;
  CallBatch ask(Bus(deadline));
  ask.Add(CallGetToolkitName(bus_name));
  ask.RunTolerant(deadline.Within(kPeerLookupBudgetMs), "toolkit lookup");
  std::string toolkit;
  if (!ReadVariantString(ask.Reply(0), &toolkit)) {
    toolkit_retry_at_[bus_name] = now + kToolkitRetry;  // one by one meanwhile: safe with every toolkit
    return false;
  }
  RememberToolkit(bus_name, toolkit);
  return serves_get_all_[bus_name];
}

void AppLinks::RememberToolkit(const std::string& bus_name, const std::string& toolkit) {
  serves_get_all_[bus_name] = ToolkitServesGetAll(toolkit);
}

void AppLinks::ForgetAppFacts() {
  serves_get_all_.clear();
  toolkit_retry_at_.clear();
  cache_cost_ms_.clear();
  children_by_index_.clear();
  showing_inferred_.clear();
}

void AppLinks::Reset() {
  peers_.clear();
  ForgetAppFacts();
  bus_.reset();
  stalled_until_.clear();
}

void AppLinks::ReconnectInPlace(const core::Deadline& deadline) {
  peers_.clear();
  ForgetAppFacts();
  std::string address = FindAccessibilityBusAddress(deadline);
  if (!bus_) {
    bus_ = std::make_unique<DBusLink>(address, DBusLink::Kind::Bus);
    return;
  }
  DBusLink* storage = bus_.get();
  storage->~DBusLink();
  try {
    new (storage) DBusLink(address, DBusLink::Kind::Bus);
  } catch (...) {
    ::operator delete(bus_.release());  // the block holds no object any more: free it without destroying
    throw;
  }
}

double AppLinks::CacheCostMs(const std::string& bus_name) const {
  auto it = cache_cost_ms_.find(bus_name);
  return it == cache_cost_ms_.end() ? -1 : it->second;
}


}  // namespace lam::atspi
