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

// How long a raise through the window manager may take to show (the WM answers in milliseconds; this only
// bounds a WM that ignores the request).
constexpr int kActivationWaitMs = 500;
constexpr int kSliceMs = 10;

// One property of `window` as 32-bit items (CARDINAL, WINDOW, ATOM lists); empty when absent or on error.
std::vector<unsigned long> Property32(Display* display, Window window, Atom property, Atom type, long max_items) {
  std::vector<unsigned long> out;
  if (property == None) return out;
  Atom actual = None;
  int format = 0;
  unsigned long items = 0, after = 0;
  unsigned char* data = nullptr;
  if (XGetWindowProperty(display, window, property, 0, max_items, False, type, &actual, &format, &items, &after, &data) ==
          Success &&
      data != nullptr && format == 32) {
    // Xlib hands 32-bit items over as longs, whatever the size of long.
    const unsigned long* values = reinterpret_cast<const unsigned long*>(data);
    out.assign(values, values + items);
  }
  if (data) XFree(data);
  return out;
}

unsigned ButtonNumber(core::InputEvent::Button button) {
  switch (button) {
    case core::InputEvent::Button::Left: return 1;
    case core::InputEvent::Button::Middle: return 2;
    case core::InputEvent::Button::Right: return 3;
  }
  return 1;
}

}  // namespace

X11Input::~X11Input() {
  if (!display_) return;
  if (lost_) {
    ForgetDisplay(display_);
    return;
  }
  ReleaseScratch();
  if (time_window_) XDestroyWindow(display_, time_window_);
  CloseDisplay(display_);
}

Display* X11Input::Connect() {
  if (display_ && lost_) {
    ForgetDisplay(display_);  // the server is gone; the old connection cannot even be closed safely
    display_ = nullptr;
    scratch_keycode_ = 0;
    scratch_bound_ = false;
    time_window_ = 0;
    time_atom_ = None;
    pid_atom_ = client_list_atom_ = client_list_stacking_atom_ = active_window_atom_ = supported_atom_ = wm_check_atom_ = None;
    wm_name_atom_ = utf8_string_atom_ = None;
  }
  if (display_) return display_;
  Display* display = OpenDisplay("input", &lost_);
  int event_base, error_base, major, minor;
  if (!XTestQueryExtension(display, &event_base, &error_base, &major, &minor)) {
    CloseDisplay(display);
    throw NativeError(ErrorCode::DesktopUnavailable, "input (X11): the XTEST extension is missing on this display");
  }
  display_ = display;
  return display_;
}

unsigned long X11Input::AtomOf(const char* name, unsigned long* cache) {
  if (*cache == None) *cache = XInternAtom(display_, name, True);
  return *cache;
}

long X11Input::WindowPid(unsigned long window) {
  std::vector<unsigned long> pid = Property32(display_, window, AtomOf("_NET_WM_PID", &pid_atom_), XA_CARDINAL, 1);
  return pid.size() == 1 ? static_cast<long>(pid[0]) : -1;
}

// An EWMH window manager runs and takes _NET_ACTIVE_WINDOW requests: the root names a check window that
// names itself (a stale property from a WM that died names a window that is gone or does not), and the root's
// _NET_SUPPORTED lists _NET_ACTIVE_WINDOW.
bool X11Input::ActiveWindowSupported() {
  const Window root = DefaultRootWindow(display_);
  const ::Atom check = AtomOf("_NET_SUPPORTING_WM_CHECK", &wm_check_atom_);
  const ::Atom active = AtomOf("_NET_ACTIVE_WINDOW", &active_window_atom_);
  if (check == None || active == None) return false;
  std::vector<unsigned long> wm = Property32(display_, root, check, XA_WINDOW, 1);
  if (wm.size() != 1) return false;
  std::vector<unsigned long> self = Property32(display_, wm[0], check, XA_WINDOW, 1);
  if (self.size() != 1 || self[0] != wm[0]) return false;
  for (unsigned long a : Property32(display_, root, AtomOf("_NET_SUPPORTED", &supported_atom_), XA_ATOM, 4096))
    if (a == active) return true;
  return false;
}

// A window's title as a window manager shows it: EWMH _NET_WM_NAME (UTF-8), else ICCCM WM_NAME.
std::string X11Input::WindowTitle(unsigned long window) {
  const ::Atom name = AtomOf("_NET_WM_NAME", &wm_name_atom_);
  const ::Atom utf8 = AtomOf("UTF8_STRING", &utf8_string_atom_);
  if (name != None && utf8 != None) {
    Atom actual = None;
    int format = 0;
    unsigned long items = 0, after = 0;
    unsigned char* data = nullptr;
    std::string title;
    if (XGetWindowProperty(display_, window, name, 0, 4096, False, utf8, &actual, &format, &items, &after, &data) ==
            Success &&
        data != nullptr && format == 8)
      title.assign(reinterpret_cast<const char*>(data), items);
    if (data) XFree(data);
    if (!title.empty()) return title;
  }
  char* legacy = nullptr;
  std::string title;
  if (XFetchName(display_, window, &legacy) && legacy) title = legacy;
  if (legacy) XFree(legacy);
  return title;
}

// The window to raise among the process's top-level windows, in stacking order (bottom to top): under a
// window manager its managed clients (_NET_CLIENT_LIST_STACKING; the root's children are the WM's frames
// then), else the mapped, viewable children of the root. The topmost one titled `target.title` when the
// caller named a window (an app often has several: a main window and a dialog, or a demo window), else the
// topmost one.
unsigned long X11Input::FindWindowOf(const RaiseTarget& target, bool managed) {
  const Window root = DefaultRootWindow(display_);
  std::vector<unsigned long> candidates;
  // Only while a window manager runs: one that exited may leave its lists on the root, naming windows that
  // are gone or withdrawn.
  std::vector<unsigned long> clients;
  if (managed) {
    clients = Property32(display_, root, AtomOf("_NET_CLIENT_LIST_STACKING", &client_list_stacking_atom_), XA_WINDOW, 65536);
    if (clients.empty()) clients = Property32(display_, root, AtomOf("_NET_CLIENT_LIST", &client_list_atom_), XA_WINDOW, 65536);
  }
  for (unsigned long w : clients)
    if (WindowPid(w) == target.pid) candidates.push_back(w);
  if (candidates.empty()) {
    Window parent = 0, *children = nullptr;
    unsigned count = 0;
    Window root_return = 0;
    if (!XQueryTree(display_, root, &root_return, &parent, &children, &count)) return 0;
    for (unsigned i = 0; i < count; ++i) {
      XWindowAttributes attributes;
      // A window can vanish between the listing and this call: BadWindow, caught by the caller's trap.
      if (!XGetWindowAttributes(display_, children[i], &attributes) || attributes.map_state != IsViewable) continue;
      if (WindowPid(children[i]) == target.pid) candidates.push_back(children[i]);
    }
    if (children) XFree(children);
  }
  if (candidates.empty()) return 0;
  if (!target.title.empty())
    for (auto it = candidates.rbegin(); it != candidates.rend(); ++it)
      if (WindowTitle(*it) == target.title) return *it;
  return candidates.back();
}

// The X server's current time: a zero-length append to a property of our own unmapped window, answered by
// a PropertyNotify that carries the server's timestamp (ICCCM's way, as gdk_x11_get_server_time does).
unsigned long X11Input::ServerTime(const core::Deadline& deadline) {
  if (!time_window_) {
    XSetWindowAttributes attributes{};
    attributes.event_mask = PropertyChangeMask;
    time_window_ = XCreateWindow(display_, DefaultRootWindow(display_), -1, -1, 1, 1, 0, CopyFromParent, InputOnly,
                                 CopyFromParent, CWEventMask, &attributes);
  }
  // Created (only_if_exists False) once per connection: never None, so the cache holds it for good.
  if (time_atom_ == None) time_atom_ = XInternAtom(display_, "LAM_BRIDGE_TIME", False);
  const ::Atom property = time_atom_;
  XChangeProperty(display_, time_window_, property, XA_STRING, 8, PropModeAppend, nullptr, 0);
  XFlush(display_);
  const core::Deadline wait = deadline.Within(kActivationWaitMs);
  XEvent event;
  while (!wait.expired() && !wait.cancelled()) {
    if (XCheckTypedWindowEvent(display_, time_window_, PropertyNotify, &event) && event.xproperty.atom == property)
      return event.xproperty.time;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return CurrentTime;
}

// Raises the app's top-level window and gives it the input focus (see x11_input.h for the two ways).
bool X11Input::Raise(const RaiseTarget& raise, const core::Deadline& deadline) {
  // Its own trap: a window that vanishes while we look is no failure of the input that follows.
  ErrorTrap trap(display_);
  const bool managed = ActiveWindowSupported();
  const Window target = FindWindowOf(raise, managed);
  if (!target) return false;
  const Window root = DefaultRootWindow(display_);
  if (managed) {
    XEvent event{};
    event.xclient.type = ClientMessage;
    event.xclient.window = target;
    event.xclient.message_type = AtomOf("_NET_ACTIVE_WINDOW", &active_window_atom_);
    event.xclient.format = 32;
    // Source indication 2 (a pager: acting for the user, so focus-stealing prevention does not apply) and the
    // server's current time (a WM may drop a request older than its last focus change; CurrentTime, which
    // EWMH also allows, is used only when the server's time cannot be had within the budget).
    event.xclient.data.l[0] = 2;
    event.xclient.data.l[1] = static_cast<long>(ServerTime(deadline));
    event.xclient.data.l[2] = 0;
    XSendEvent(display_, root, False, SubstructureRedirectMask | SubstructureNotifyMask, &event);
    XFlush(display_);
    // Input sent before the WM acts would land on the old window: wait until it reports the new one.
    const core::Deadline wait = deadline.Within(kActivationWaitMs);
    while (!wait.expired() && !wait.cancelled()) {
      std::vector<unsigned long> now = Property32(display_, root, event.xclient.message_type, XA_WINDOW, 1);
      if (now.size() == 1 && now[0] == target) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(kSliceMs));
    }
    return false;
  }
  // A trap of their own: errors while looking (other clients' windows vanishing) do not make this fail.
  ErrorTrap raising(display_);
  XRaiseWindow(display_, target);
  XSetInputFocus(display_, target, RevertToParent, CurrentTime);
  return raising.Error() == 0;
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
    if (map == nullptr)
      throw NativeError(ErrorCode::Internal, "input (XGetKeyboardMapping): no keyboard map (out of memory or the server refused)");
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

void X11Input::Track(std::vector<Held>* held, Held what, bool down) {
  auto same = [&](const Held& h) { return h.button == what.button && h.code == what.code; };
  held->erase(std::remove_if(held->begin(), held->end(), same), held->end());
  if (down) held->push_back(what);
}

X11Input::UnwindGuard::~UnwindGuard() {
  if (self_ == nullptr) return;
  // A lost connection cannot carry the releases; the server that held the keys is gone with it.
  if (self_->lost_) return;
  for (auto it = held_->rbegin(); it != held_->rend(); ++it) {
    if (it->button)
      XTestFakeButtonEvent(self_->display_, it->code, False, CurrentTime);
    else
      XTestFakeKeyEvent(self_->display_, it->code, False, CurrentTime);
  }
  // The releases first, while the spare keycode still means what was pressed on it.
  XFlush(self_->display_);
  self_->ReleaseScratch();
  XFlush(self_->display_);
}

void X11Input::ReleaseScratch() {
  if (!scratch_bound_) return;
  KeySym none[2] = {NoSymbol, NoSymbol};
  XChangeKeyboardMapping(display_, static_cast<int>(scratch_keycode_), 2, none, 1);
  XSync(display_, False);
  scratch_bound_ = false;
}

// A pause of up to 300 s, slept in slices so that a cancelled job or the deadline ends it within one slice.
// An expired deadline is TIMEOUT; cancellation (the service stopping, or its thread retired) is INTERNAL, as
// for every cancelled wait of the backends (dbus_link.cc, event_watch.cc, x11_capture.cc).
void X11Input::Pause(int ms, const core::Deadline& deadline) {
  XFlush(display_);
  constexpr int kPauseSliceMs = 25;
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    if (deadline.cancelled())
      throw NativeError(ErrorCode::Internal, "input (X11): a pause was cancelled (the environment is shutting down)");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
    if (left <= 0) return;
    if (deadline.expired())
      throw NativeError(ErrorCode::Timeout, "input (X11): a pause of " + std::to_string(ms) + " ms ran past the budget of " +
                                                std::to_string(deadline.timeout_ms()) + " ms");
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long long>(
        {static_cast<long long>(left), static_cast<long long>(kPauseSliceMs),
         static_cast<long long>(std::max(1, deadline.remaining_ms()))})));
  }
}

std::string X11Input::Perform(const core::InputRequest& request, const RaiseTarget& raise, const core::Deadline& deadline) {
  Connect();
  bool raised = false;
  if (raise.pid > 0) raised = Raise(raise, deadline);

  ErrorTrap trap(display_);
  using Kind = core::InputEvent::Kind;
  auto click = [this](unsigned button) {
    XTestFakeButtonEvent(display_, button, True, CurrentTime);
    XTestFakeButtonEvent(display_, button, False, CurrentTime);
  };
  // What this request pressed and has not released yet, in press order. A request that fails part way
  // (budget, cancellation, no keycode) must not leave keys or buttons held in the X server, nor the spare
  // keycode bound: the guard releases them in reverse order. A request that ends normally leaves what it
  // holds as it is (its events are the caller's to balance).
  std::vector<Held> held;
  UnwindGuard unwind(this, &held);
  for (const core::InputEvent& e : request.events) {
    if (deadline.cancelled())
      throw NativeError(ErrorCode::Internal, "input (X11): cancelled (the environment is shutting down)");
    if (deadline.expired()) throw NativeError(ErrorCode::Timeout, "input (X11): the input sequence ran past its budget");
    switch (e.kind) {
      case Kind::Move:
        XTestFakeMotionEvent(display_, -1, e.x, e.y, CurrentTime);
        break;
      case Kind::ButtonDown:
      case Kind::ButtonUp:
        XTestFakeButtonEvent(display_, ButtonNumber(e.button), e.kind == Kind::ButtonDown, CurrentTime);
        Track(&held, Held{true, ButtonNumber(e.button)}, e.kind == Kind::ButtonDown);
        break;
      case Kind::Wheel:
        // X11 has no wheel event: a notch is a press and release of button 4 (up), 5 (down), 6 (left), 7 (right).
        for (int i = 0; i < std::abs(e.dy); ++i) click(e.dy > 0 ? 4 : 5);
        for (int i = 0; i < std::abs(e.dx); ++i) click(e.dx > 0 ? 7 : 6);
        break;
      case Kind::KeyDown:
      case Kind::KeyUp: {
        bool shift = false;
        unsigned code = KeycodeFor(e.code, &shift);
        // A physical key event: the key alone, at whatever level the layout puts the keysym (no added Shift).
        XTestFakeKeyEvent(display_, code, e.kind == Kind::KeyDown, CurrentTime);
        Track(&held, Held{false, code}, e.kind == Kind::KeyDown);
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
      case Kind::Pause:
        Pause(e.ms, deadline);
        break;
    }
    XFlush(display_);
  }
  unwind.Dismiss();
  ReleaseScratch();
  const int x_error = lost_ ? 0 : trap.Error();
  if (lost_) throw NativeError(ErrorCode::DesktopUnavailable, "input (X11): the display connection was lost");
  core::JsonWriter w;
  w.begin_object();
  w.key("ok").value(x_error == 0);
  w.key("raised").value(raised);
  if (x_error) w.key("xError").value(x_error);
  w.end_object();
  return w.take();
}

}  // namespace lam::x11
