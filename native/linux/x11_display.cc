#include "linux/x11_display.h"

#include <X11/Xlib.h>

#include <cstdlib>
#include <string>

#include "core/native_error.h"

namespace lam::x11 {
namespace {

int IgnoreIOError(Display*) { return 0; }
void MarkLost(Display*, void* lost) { *static_cast<bool*>(lost) = true; }

}  // namespace

Display* OpenDisplay(const char* user, bool* lost) {
  const char* name = std::getenv("DISPLAY");
  if (name == nullptr || *name == '\0')
    throw core::NativeError(core::ErrorCode::DesktopUnavailable, std::string(user) + " (X11): DISPLAY is not set");
  XSetIOErrorHandler(IgnoreIOError);
  Display* display = XOpenDisplay(name);
  if (display == nullptr)
    throw core::NativeError(core::ErrorCode::DesktopUnavailable, std::string(user) + " (X11): cannot open display " + name);
  *lost = false;
  XSetIOErrorExitHandler(display, MarkLost, lost);
  return display;
}

}  // namespace lam::x11
