// Synthesized input on X11 through XTest, and raising windows.
//
// Under Xvfb there is no window manager: windows stack in map order and a synthesized click lands on whatever
// is on top, so the target app's window is raised and focused first. XTest takes keycodes, not keysyms
// (LINUX_DESKTOP.md: a keysym passed as a keycode silently types some other key), so every keysym is looked
// up in the current keyboard map; one the map lacks is bound to a spare keycode for the duration, as xdotool
// does.
#pragma once

#include <string>

#include "core/backend.h"
#include "linux/legacy_requests.h"

typedef struct _XDisplay Display;

namespace lam::x11 {

class X11Input {
 public:
  X11Input() = default;
  ~X11Input();
  X11Input(const X11Input&) = delete;
  X11Input& operator=(const X11Input&) = delete;

  // {ok, raised}: throws NativeError DESKTOP_UNAVAILABLE without a display or XTest.
  std::string Perform(const core::LegacyInputRequest& request, const core::Deadline& deadline);

 private:
  Display* Connect();
  bool Raise(long pid);
  unsigned KeycodeFor(unsigned long keysym, bool* needs_shift);
  void ReleaseScratch();

  Display* display_ = nullptr;
  bool lost_ = false;  // set by Xlib when the server connection dies (x11_display.h)
  unsigned scratch_keycode_ = 0;
  bool scratch_bound_ = false;
};

}  // namespace lam::x11
