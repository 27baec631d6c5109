// The one map from a D-Bus error reply to what it means for lam-bridge. Every caller (snapshots, intents,
// listings) classifies through here, so the same reply never means "gone" in one place and "not supported"
// in another without a reason written down beside it.
#pragma once

#include <string>

#include "core/native_error.h"

namespace lam::atspi {

enum class DBusFailure {
  None,          // not an error
  AppGone,       // the application (its bus name or its connection) is gone
  ElementGone,   // the object is gone; the app is still there
  NotSupported,  // the object is there but does not offer what was asked
  Other,         // anything else: the app refused, or a reply we do not know
};

// What the failed call was. The difference matters for one reply: at-spi2-atk answers UnknownMethod both for
// a path it no longer knows and for an interface the object lacks (its router cannot tell the two apart).
//  - ReadObject: a call every live accessible answers (Accessible.*, Properties.GetAll of Accessible), so
//    UnknownMethod means the object is gone.
//  - CallInterface: an optional interface's method (Action, Selection, EditableText, Value, Component, Text),
//    so UnknownMethod means the object does not implement it.
enum class CallContext { ReadObject, CallInterface };

DBusFailure ClassifyDBusError(const std::string& error_name, CallContext context);

// The stable error code for a failure (None and Other: InvalidOperation, the app said no).
core::ErrorCode ErrorCodeFor(DBusFailure failure);

}  // namespace lam::atspi
