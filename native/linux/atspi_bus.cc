#include "linux/atspi_bus.h"

#include <cstdlib>

#include "core/native_error.h"
#include "linux/atspi_protocol.h"
#include "linux/dbus_link.h"

namespace lam::atspi {

std::string FindAccessibilityBusAddress(const core::Deadline& deadline) {
  if (const char* direct = std::getenv("AT_SPI_BUS_ADDRESS"); direct && *direct) return direct;
  const char* session = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (session == nullptr || *session == '\0')
    throw core::NativeError(core::ErrorCode::DesktopUnavailable,
                            "find accessibility bus (D-Bus): neither AT_SPI_BUS_ADDRESS nor DBUS_SESSION_BUS_ADDRESS "
                            "is set; run inside a desktop session (or `lamb demo`, which starts a headless one)");
  DBusLink link(session, DBusLink::Kind::Bus);
  CallBatch batch(link);
  batch.Add(NewCall("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress"));
  batch.Run(deadline, "find accessibility bus");
  std::string address;
  if (!ReadString(batch.Reply(0), &address) || address.empty())
    throw core::NativeError(core::ErrorCode::DesktopUnavailable,
                            "find accessibility bus (org.a11y.Bus.GetAddress): " +
                                (batch.Reply(0).is_error() ? batch.Reply(0).error_message() : std::string("no address")) +
                                "; is at-spi2-core installed?",
                            batch.Reply(0).error_name());
  return address;
}

}  // namespace lam::atspi
