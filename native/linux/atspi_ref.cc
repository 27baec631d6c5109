#include "linux/atspi_ref.h"

#include <dbus/dbus.h>

#include "core/native_error.h"

namespace lam::atspi {
namespace {
constexpr const char kAccessiblePrefix[] = "/org/a11y/atspi/accessible/";
constexpr size_t kAccessiblePrefixLength = sizeof(kAccessiblePrefix) - 1;
}  // namespace

std::string EncodeRef(const ObjectRef& object) {
  std::string ref = object.bus.size() > 1 && object.bus[0] == ':' ? object.bus.substr(1) : object.bus;
  ref += ':';
  if (object.path.compare(0, kAccessiblePrefixLength, kAccessiblePrefix) == 0)
    ref.append(object.path, kAccessiblePrefixLength, std::string::npos);
  else
    ref += object.path;
  return ref;
}

ObjectRef DecodeRef(const std::string& ref) {
  auto bad = [&ref](const char* why) {
    return core::NativeError(core::ErrorCode::InvalidArgument,
                             "ref (lam-bridge): '" + ref.substr(0, 200) + "' is not an AT-SPI element ref: " + why);
  };
  size_t colon = ref.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= ref.size()) throw bad("expected <bus>:<path>");
  ObjectRef object;
  std::string bus = ref.substr(0, colon);
  // Unique names (":1.23") are spelled without their colon; a well-known name is kept as it is.
  object.bus = (bus[0] >= '0' && bus[0] <= '9') ? ":" + bus : bus;
  std::string tail = ref.substr(colon + 1);
  object.path = tail[0] == '/' ? tail : kAccessiblePrefix + tail;
  if (!dbus_validate_bus_name(object.bus.c_str(), nullptr)) throw bad("invalid bus name");
  if (!dbus_validate_path(object.path.c_str(), nullptr)) throw bad("invalid object path");
  return object;
}

}  // namespace lam::atspi
