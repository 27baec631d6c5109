#include "linux/dbus_errors.h"

namespace lam::atspi {

DBusFailure ClassifyDBusError(const std::string& name, CallContext context) {
  if (name.empty()) return DBusFailure::None;
  if (name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NoReply" ||
      name == "org.freedesktop.DBus.Error.Disconnected" || name == "org.freedesktop.DBus.Error.NameHasNoOwner")
    return DBusFailure::AppGone;
  if (name == "org.freedesktop.DBus.Error.UnknownObject") return DBusFailure::ElementGone;
  if (name == "org.freedesktop.DBus.Error.UnknownMethod")
    return context == CallContext::ReadObject ? DBusFailure::ElementGone : DBusFailure::NotSupported;
  if (name == "org.freedesktop.DBus.Error.UnknownInterface" || name == "org.freedesktop.DBus.Error.UnknownProperty" ||
      name == "org.freedesktop.DBus.Error.NotSupported")
    return DBusFailure::NotSupported;
  // A property read with the wrong interface or arguments: the object lacks what was asked. An interface
  // method given arguments it rejects is the app refusing them (Other).
  if (name == "org.freedesktop.DBus.Error.InvalidArgs")
    return context == CallContext::ReadObject ? DBusFailure::NotSupported : DBusFailure::Other;
  return DBusFailure::Other;
}

core::ErrorCode ErrorCodeFor(DBusFailure failure) {
  switch (failure) {
    case DBusFailure::AppGone: return core::ErrorCode::AppNotRunning;
    case DBusFailure::ElementGone: return core::ErrorCode::ElementStale;
    case DBusFailure::NotSupported: return core::ErrorCode::PatternNotSupported;
    case DBusFailure::None:
    case DBusFailure::Other: break;
  }
  return core::ErrorCode::InvalidOperation;
}

}  // namespace lam::atspi
