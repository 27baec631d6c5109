// Element refs on Linux: a compact, printable spelling of an AT-SPI object's identity (the application's
// unique bus name + the object path). The identity is what the app itself uses, so the same element has the
// same ref in every snapshot and every process for as long as it lives, with no registry to share.
//   ":1.23" + "/org/a11y/atspi/accessible/45"  ->  "1.23:45"
//   ":1.23" + "/org/gtk/Application/a11y/3"     ->  "1.23:/org/gtk/Application/a11y/3"
#pragma once

#include <string>

#include "linux/atspi_protocol.h"

namespace lam::atspi {

std::string EncodeRef(const ObjectRef& object);

// Throws NativeError INVALID_ARGUMENT unless `ref` names a valid bus name and object path: malformed names
// must never reach libdbus (it aborts on them) or the target app.
ObjectRef DecodeRef(const std::string& ref);

}  // namespace lam::atspi
