// The AT-SPI2 D-Bus protocol, as far as lam-bridge speaks it: builders for the method calls and readers for
// their replies. Readers return false on an unexpected signature instead of trusting the peer.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "linux/dbus_link.h"

namespace lam::atspi {

// An accessible object: the unique bus name of its application and its object path.
struct ObjectRef {
  std::string bus;
  std::string path;
};

inline constexpr const char* kRegistryBus = "org.a11y.atspi.Registry";
inline constexpr const char* kRootPath = "/org/a11y/atspi/accessible/root";
inline constexpr const char* kNullPath = "/org/a11y/atspi/null";

// Interfaces, in the bit order of RawAtspiNode.interfaces (lib/platform/atspi/atspi-raw.ts ATSPI_INTERFACE_ORDER).
enum InterfaceBit : uint32_t {
  kIfaceAccessible = 1u << 0,
  kIfaceAction = 1u << 1,
  kIfaceApplication = 1u << 2,
  kIfaceCollection = 1u << 3,
  kIfaceComponent = 1u << 4,
  kIfaceDocument = 1u << 5,
  kIfaceEditableText = 1u << 6,
  kIfaceHyperlink = 1u << 7,
  kIfaceHypertext = 1u << 8,
  kIfaceImage = 1u << 9,
  kIfaceSelection = 1u << 10,
  kIfaceTable = 1u << 11,
  kIfaceTableCell = 1u << 12,
  kIfaceText = 1u << 13,
  kIfaceValue = 1u << 14,
};
uint32_t InterfaceBitsFromNames(const std::vector<std::string>& names);

// AtspiStateType bits used by the tree reader (at-spi2-core atspi-constants.h).
inline constexpr int kStateDefunct = 6;
inline constexpr int kStateEditable = 7;
inline constexpr int kStateShowing = 25;
inline constexpr int kStateVisible = 30;
// AtspiRole values the tree reader treats specially.
inline constexpr uint32_t kRolePasswordText = 40;
inline constexpr uint32_t kRoleEntry = 79;
inline bool HasState(const uint32_t states[2], int state) { return (states[state / 32] >> (state % 32)) & 1u; }

// --- calls -------------------------------------------------------------------------------------------------
Message CallGetChildren(const ObjectRef& o);
Message CallGetChildAtIndex(const ObjectRef& o, int32_t index);
Message CallGetRole(const ObjectRef& o);
Message CallGetState(const ObjectRef& o);
Message CallGetInterfaces(const ObjectRef& o);
Message CallGetAllAccessibleProperties(const ObjectRef& o);
Message CallGetProperty(const ObjectRef& o, const char* interface, const char* property);
Message CallGetExtentsOnScreen(const ObjectRef& o);
// ATSPI_COORD_TYPE_WINDOW: relative to the object's top-level window.
Message CallGetExtentsInWindow(const ObjectRef& o);
Message CallGetActions(const ObjectRef& o);
// Action.GetName: an action's own name (GetActions gives the localized one: GTK's "Click" for "click").
Message CallGetActionName(const ObjectRef& o, int32_t index);
Message CallGetText(const ObjectRef& o, int32_t start, int32_t end);
// Properties.GetAll of one interface (the Value interface's four numbers in one call).
Message CallGetAllProperties(const ObjectRef& o, const char* interface);
Message CallGetAttributes(const ObjectRef& o);
// Table.GetAccessibleAt: a cell by row and column, without listing the table's children.
Message CallGetAccessibleAt(const ObjectRef& o, int32_t row, int32_t column);
// Cache.GetItems of one application.
Message CallCacheGetItems(const std::string& bus);
Message CallGetConnectionPid(const std::string& bus_name);
Message CallNameHasOwner(const std::string& bus_name);

// --- replies -----------------------------------------------------------------------------------------------
bool ReadRefArray(const Message& reply, std::vector<ObjectRef>* out);
// A reply of one object reference, (so): GetChildAtIndex, Table.GetAccessibleAt.
bool ReadRef(const Message& reply, ObjectRef* out);
bool ReadUint32(const Message& reply, uint32_t* out);
bool ReadBool(const Message& reply, bool* out);
bool ReadStateSet(const Message& reply, uint32_t out[2]);
bool ReadStringArray(const Message& reply, std::vector<std::string>* out);
bool ReadString(const Message& reply, std::string* out);
bool ReadExtents(const Message& reply, int32_t out[4]);
bool ReadActionNames(const Message& reply, std::vector<std::string>* out);
// GetActions a(sss): name, description and key binding of each action, in Action index order.
struct ActionInfo {
  std::string name;
  std::string description;
  std::string key_binding;
};
bool ReadActions(const Message& reply, std::vector<ActionInfo>* out);
// a{ss} (GetAttributes), in the order the app sent them.
bool ReadStringPairs(const Message& reply, std::vector<std::pair<std::string, std::string>>* out);
// Properties.GetAll of org.a11y.atspi.Value: each number only if the app sent it.
// The Value interface's numbers, in ValueRange's order.
inline constexpr const char* kValueRangeKeys[4] = {"CurrentValue", "MinimumValue", "MaximumValue", "MinimumIncrement"};
struct ValueRange {
  bool has[4] = {false, false, false, false};
  double v[4] = {0, 0, 0, 0};  // current, minimum, maximum, minimum increment
};
bool ReadValueRange(const Message& reply, ValueRange* out);
// Properties.Get replies (a variant): a string, or any number formatted as text.
bool ReadVariantString(const Message& reply, std::string* out);
bool ReadVariantNumber(const Message& reply, double* out);
bool ReadVariantRef(const Message& reply, ObjectRef* out);

struct AccessibleProperties {
  std::string name;
  std::string description;
  std::string accessible_id;
  int32_t child_count = -1;
  ObjectRef parent;
};
bool ReadAccessibleProperties(const Message& reply, AccessibleProperties* out);

struct CacheItem {
  ObjectRef self;
  ObjectRef parent;
  int32_t child_count = -1;
  uint32_t interfaces = 0;
  std::string name;
  uint32_t role = 0;
  std::string description;
  uint32_t states[2] = {0, 0};
};
// Cache.GetItems, signature a((so)(so)(so)iiassusau) (at-spi2-core >= 2.28). False for other layouts.
bool ReadCacheItems(const Message& reply, std::vector<CacheItem>* out);

}  // namespace lam::atspi
