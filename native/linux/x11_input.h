// Synthesized input on X11 through XTest, and raising windows.
//
// A synthesized click lands on whatever is on top, so the target app's window is raised and focused first.
// Under an EWMH window manager that is a _NET_ACTIVE_WINDOW request to it (a WM ignores or undoes a client's
// own XRaiseWindow / XSetInputFocus on another client's window); without one (bare Xvfb) windows stack in map
// order and the window is raised and focused directly. XTest takes keycodes, not keysyms
// (docs/LINUX_DESKTOP.md: a keysym passed as a keycode silently types some other key), so every keysym is looked
// up in the current keyboard map; one the map lacks is bound to a spare keycode for the duration, as xdotool
// does.
#pragma once

#include <string>
#include <vector>

#include "core/backend.h"

typedef struct _XDisplay Display;

namespace lam::x11 {

// Which window a raise brings up: a window of process `pid` (none when pid <= 0), the one titled `title` when
// the caller knows the title (a ref of a top-level window), else that process's topmost one.
struct RaiseTarget {
  long pid = 0;
  std::string title;
};

class X11Input {
 public:
  X11Input() = default;
  ~X11Input();
  X11Input(const X11Input&) = delete;
  X11Input& operator=(const X11Input&) = delete;

  // {ok, raised}: raises `raise`'s window first (when it names a process), then sends the events.
  // Throws NativeError DESKTOP_UNAVAILABLE without a display or XTest, TIMEOUT past the deadline (a pause
  // included), INTERNAL when cancelled (the service stopping; a job cancelled by its thread's retirement was
  // already settled TIMEOUT and this outcome is discarded) or out of memory. What a failed request pressed is
  // released first (x11_input.cc).
  std::string Perform(const core::InputRequest& request, const RaiseTarget& raise, const core::Deadline& deadline);

 private:
  Display* Connect();
  bool Raise(const RaiseTarget& target, const core::Deadline& deadline);
  unsigned long FindWindowOf(const RaiseTarget& target, bool managed);
  std::string WindowTitle(unsigned long window);
  bool ActiveWindowSupported();
  long WindowPid(unsigned long window);
  unsigned long AtomOf(const char* name, unsigned long* cache);
  void Pause(int ms, const core::Deadline& deadline);
  unsigned long ServerTime(const core::Deadline& deadline);
  unsigned KeycodeFor(unsigned long keysym, bool* needs_shift);
  void ReleaseScratch();

  // A key (keycode) or button (number) a request pressed and has not released.
  struct Held {
    bool button;
    unsigned code;
  };
  static void Track(std::vector<Held>* held, Held what, bool down);
  // Until dismissed, releases on destruction what `held` lists (in reverse) and the spare keycode's binding,
  // then flushes: a request that throws part way leaves nothing pressed. Does not throw.
  class UnwindGuard {
   public:
    UnwindGuard(X11Input* self, const std::vector<Held>* held) : self_(self), held_(held) {}
    ~UnwindGuard();
    UnwindGuard(const UnwindGuard&) = delete;
    UnwindGuard& operator=(const UnwindGuard&) = delete;
    void Dismiss() { self_ = nullptr; }

   private:
    X11Input* self_;
    const std::vector<Held>* held_;
  };

  Display* display_ = nullptr;
  bool lost_ = false;  // set by Xlib when the server connection dies (x11_display.h)
  unsigned scratch_keycode_ = 0;
  bool scratch_bound_ = false;
  unsigned long time_window_ = 0;  // ours, unmapped: where ServerTime reads the server's clock
  // Atoms of this connection (an atom is a per-server id, and None until some client interned the name: a
  // window manager or app started later may create it, so None is asked again each time).
  unsigned long pid_atom_ = 0;
  unsigned long client_list_atom_ = 0;
  unsigned long client_list_stacking_atom_ = 0;
  unsigned long active_window_atom_ = 0;
  unsigned long supported_atom_ = 0;
  unsigned long wm_check_atom_ = 0;
  unsigned long wm_name_atom_ = 0;
  unsigned long utf8_string_atom_ = 0;
  unsigned long time_atom_ = 0;  // LAM_BRIDGE_TIME, ours: interned (created) on first use
};

}  // namespace lam::x11
