#include "linux/x11_input.h"

#include <X11/XKBlib.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "core/json_writer.h"
#include "core/native_error.h"
#include "linux/x11_display.h"

namespace lam::x11 {
namespace {

using core::ErrorCode;
using core::NativeError;

// Xlib's default handlers exit the process on any protocol error or a lost server connection. A bridge
// must never take its host down for a bad window id or a dying Xvfb: record and carry on instead.
int last_x_error = 0;
int RecordError(Display*, XErrorEvent* event) {
  last_x_error = event->error_code;
  return 0;
}

long WindowPid(Display* display, Window window) {
  static Atom pid_atom = XInternAtom(display, "_NET_WM_PID", True);
  if (pid_atom == None) return -1;
  Atom type = None;
  int format = 0;
  unsigned long items = 0, after = 0;
  unsigned char* data = nullptr;
  long pid = -1;
  if (XGetWindowProperty(display, window, pid_atom, 0, 1, False, XA_CARDINAL, &type, &format, &items, &after, &data) ==
          Success &&
      data != nullptr && format == 32 && items == 1)
    pid = static_cast<long>(*reinterpret_cast<unsigned long*>(data));
  if (data) XFree(data);
  return pid;
}

}  // namespace

X11Input::~X11Input() {
  if (display_ && !lost_) {
    ReleaseScratch();
    XCloseDisplay(display_);
  }
}

Display* X11Input::Connect() {
  if (display_ && lost_) display_ = nullptr;  // the server is gone; the old connection cannot even be closed safely
  if (display_) return display_;
  XSetErrorHandler(RecordError);
  Display* display = OpenDisplay("input", &lost_);
  int event_base, error_base, major, minor;
  if (!XTestQueryExtension(display, &event_base, &error_base, &major, &minor)) {
    XCloseDisplay(display);
    throw NativeError(ErrorCode::DesktopUnavailable, "input (X11): the XTEST extension is missing on this display");
  }
  display_ = display;
  return display_;
}

// Raises the app's top-level window (the last mapped one, which is what a person would see on top) and
// gives it the input focus.
bool X11Input::Raise(long pid) {
  Window root = DefaultRootWindow(display_), parent = 0, *children = nullptr;
  unsigned count = 0;
  if (!XQueryTree(display_, root, &root, &parent, &children, &count)) return false;
  Window target = 0;
  for (unsigned i = 0; i < count; ++i) {
    XWindowAttributes attributes;
    if (!XGetWindowAttributes(display_, children[i], &attributes) || attributes.map_state != IsViewable) continue;
    if (WindowPid(display_, children[i]) == pid) target = children[i];
  }
  if (children) XFree(children);
  if (!target) return false;
  XRaiseWindow(display_, target);
  XSetInputFocus(display_, target, RevertToParent, CurrentTime);
  XSync(display_, False);
  return true;
}

unsigned X11Input::KeycodeFor(unsigned long keysym, bool* needs_shift) {
  *needs_shift = false;
  KeyCode code = XKeysymToKeycode(display_, keysym);
  if (code != 0) {
    if (XkbKeycodeToKeysym(display_, code, 0, 0) == keysym) return code;
    if (XkbKeycodeToKeysym(display_, code, 0, 1) == keysym) {
      *needs_shift = true;
      return code;
    }
  }
  // Not on the keyboard: bind it to a keycode that has no symbols, on both levels.
  if (scratch_keycode_ == 0) {
    int min = 0, max = 0, per = 0;
    XDisplayKeycodes(display_, &min, &max);
    KeySym* map = XGetKeyboardMapping(display_, static_cast<KeyCode>(min), max - min + 1, &per);
    for (int k = max; k >= min && scratch_keycode_ == 0; --k) {
      bool empty = true;
      for (int j = 0; j < per; ++j) empty = empty && map[(k - min) * per + j] == NoSymbol;
      if (empty) scratch_keycode_ = static_cast<unsigned>(k);
    }
    XFree(map);
    if (scratch_keycode_ == 0)
      throw NativeError(ErrorCode::InvalidOperation, "input (X11): no free keycode to type an unmapped character");
  }
  KeySym both[2] = {keysym, keysym};
  XChangeKeyboardMapping(display_, static_cast<int>(scratch_keycode_), 2, both, 1);
  XSync(display_, False);
  scratch_bound_ = true;
  return scratch_keycode_;
}

void X11Input::ReleaseScratch() {
  if (!scratch_bound_) return;
  KeySym none[2] = {NoSymbol, NoSymbol};
  XChangeKeyboardMapping(display_, static_cast<int>(scratch_keycode_), 2, none, 1);
  XSync(display_, False);
  scratch_bound_ = false;
}

std::string X11Input::Perform(const core::LegacyInputRequest& request, const core::Deadline& deadline) {
  Connect();
  last_x_error = 0;
  bool raised = false;
  if (request.raise_pid > 0) raised = Raise(static_cast<long>(request.raise_pid));

  using Kind = core::InputEvent::Kind;
  for (const core::InputEvent& e : request.events) {
    if (deadline.cancelled()) throw NativeError(ErrorCode::Internal, "input: cancelled (the environment is shutting down)");
    if (deadline.expired()) throw NativeError(ErrorCode::Timeout, "input (X11): the input sequence ran past its budget");
    switch (e.kind) {
      case Kind::Move:
        XTestFakeMotionEvent(display_, -1, e.x, e.y, CurrentTime);
        break;
      case Kind::ButtonDown:
      case Kind::ButtonUp:
        XTestFakeButtonEvent(display_, e.code, e.kind == Kind::ButtonDown, CurrentTime);
        break;
      case Kind::KeyDown:
      case Kind::KeyUp: {
        bool shift = false;
        unsigned code = KeycodeFor(e.code, &shift);
        // A physical key event: the key alone, at whatever level the layout puts the keysym (no added Shift).
        XTestFakeKeyEvent(display_, code, e.kind == Kind::KeyDown, CurrentTime);
        break;
      }
      case Kind::TypeKey: {
        bool shift = false;
        unsigned code = KeycodeFor(e.code, &shift);
        const unsigned shift_code = XKeysymToKeycode(display_, XK_Shift_L);
        if (shift) XTestFakeKeyEvent(display_, shift_code, True, CurrentTime);
        XTestFakeKeyEvent(display_, code, True, CurrentTime);
        XTestFakeKeyEvent(display_, code, False, CurrentTime);
        if (shift) XTestFakeKeyEvent(display_, shift_code, False, CurrentTime);
        if (scratch_bound_ && code == scratch_keycode_) {
          // The app maps keycodes to keysyms with its own copy of the map: let it see this key before the
          // spare keycode is bound to the next character.
          XSync(display_, False);
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        break;
      }
      case Kind::Wheel:  // THROWAWAY shim: atspi_backend.cc already turned it into buttons 4-7
        break;
      case Kind::Pause:
        XFlush(display_);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(e.ms, deadline.remaining_ms())));
        break;
    }
    XFlush(display_);
  }
  XSync(display_, False);
  ReleaseScratch();
  if (lost_) throw NativeError(ErrorCode::DesktopUnavailable, "input (X11): the display connection was lost");
  core::JsonWriter w;
  w.begin_object();
  w.key("ok").value(last_x_error == 0);
  w.key("raised").value(raised);
  if (last_x_error) w.key("xError").value(last_x_error);
  w.end_object();
  return w.take();
}

}  // namespace lam::x11
