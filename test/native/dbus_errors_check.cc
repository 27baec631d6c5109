// Checks native/linux/dbus_errors.cc, the one D-Bus error map, as the pure function it is (no bus, no app).
// Built and run by test/native/dbus-errors.test.ts; prints one line per failed expectation, exits 1 on any.
#include <cstdio>

#include "linux/dbus_errors.h"

using lam::atspi::CallContext;
using lam::atspi::ClassifyDBusError;
using lam::atspi::DBusFailure;
using lam::atspi::ErrorCodeFor;
using lam::core::ErrorCode;

namespace {
int failures = 0;
void Expect(const char* name, CallContext context, DBusFailure want) {
  if (ClassifyDBusError(name, context) != want) {
    std::printf("FAIL %s (%s)\n", name, context == CallContext::ReadObject ? "read" : "call");
    ++failures;
  }
}
void ExpectCode(DBusFailure failure, ErrorCode want, const char* what) {
  if (ErrorCodeFor(failure) != want) {
    std::printf("FAIL code of %s\n", what);
    ++failures;
  }
}
}  // namespace

int main() {
  const CallContext read = CallContext::ReadObject;
  const CallContext call = CallContext::CallInterface;
  for (CallContext c : {read, call}) {
    Expect("org.freedesktop.DBus.Error.ServiceUnknown", c, DBusFailure::AppGone);
    Expect("org.freedesktop.DBus.Error.NoReply", c, DBusFailure::AppGone);
    Expect("org.freedesktop.DBus.Error.Disconnected", c, DBusFailure::AppGone);
    Expect("org.freedesktop.DBus.Error.NameHasNoOwner", c, DBusFailure::AppGone);
    Expect("org.freedesktop.DBus.Error.UnknownObject", c, DBusFailure::ElementGone);
    Expect("org.freedesktop.DBus.Error.UnknownInterface", c, DBusFailure::NotSupported);
    Expect("org.freedesktop.DBus.Error.UnknownProperty", c, DBusFailure::NotSupported);
    Expect("org.freedesktop.DBus.Error.NotSupported", c, DBusFailure::NotSupported);
    Expect("org.freedesktop.DBus.Error.Failed", c, DBusFailure::Other);
    Expect("org.example.Whatever", c, DBusFailure::Other);
    Expect("", c, DBusFailure::None);
  }
  // The one name whose meaning depends on what was called (dbus_errors.h).
  Expect("org.freedesktop.DBus.Error.UnknownMethod", read, DBusFailure::ElementGone);
  Expect("org.freedesktop.DBus.Error.UnknownMethod", call, DBusFailure::NotSupported);
  Expect("org.freedesktop.DBus.Error.InvalidArgs", read, DBusFailure::NotSupported);
  Expect("org.freedesktop.DBus.Error.InvalidArgs", call, DBusFailure::Other);

  ExpectCode(DBusFailure::AppGone, ErrorCode::AppNotRunning, "AppGone");
  ExpectCode(DBusFailure::ElementGone, ErrorCode::ElementStale, "ElementGone");
  ExpectCode(DBusFailure::NotSupported, ErrorCode::PatternNotSupported, "NotSupported");
  ExpectCode(DBusFailure::Other, ErrorCode::InvalidOperation, "Other");
  std::printf("%d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
