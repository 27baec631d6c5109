// Finding the accessibility bus: AT_SPI_BUS_ADDRESS when set, else ask the session bus's org.a11y.Bus
// (which D-Bus activation starts if needed), as libatspi does.
#pragma once

#include <string>

#include "core/deadline.h"

namespace lam::atspi {

// Throws NativeError DESKTOP_UNAVAILABLE with what to do about it.
std::string FindAccessibilityBusAddress(const core::Deadline& deadline);

}  // namespace lam::atspi
