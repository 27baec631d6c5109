#include "linux/x11_display.h"

#include <X11/Xlib.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <unordered_set>

#include "core/native_error.h"

namespace lam::x11 {
namespace {

// Our connections. Guarded by a mutex: connections open and close on every environment's platform thread,
// and the handlers may run on any of them. Held only to look up, add or remove an entry, never across an
// Xlib call: a call into a hung server would block every thread's error handler and OpenDisplay with it.
struct Registry {
  std::mutex mutex;
  std::unordered_set<Display*> ours;
  XErrorHandler previous_error = nullptr;
  XIOErrorHandler previous_io = nullptr;
};

Registry& Ours() {
  static Registry* registry = new Registry();  // never destroyed: the handlers may run during exit
  return *registry;
}

thread_local ErrorTrap* innermost_trap = nullptr;
// The connection this thread is closing: unregistered already (so that a new connection at the freed address
// is nobody's but its opener's), yet still ours for the errors its close reads (Xlib reports them on the thread
// whose call read them: this one).
thread_local Display* closing = nullptr;

bool IsOurs(Display* display) {
  if (display == closing) return true;
  Registry& r = Ours();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.ours.count(display) != 0;
}

// An error on one of our connections outside any trap is dropped: every request whose failure matters runs
// inside a trap, and the rest (a window that vanished while we looked) must not reach the default handler,
// which exits the process.
int DispatchError(Display* display, XErrorEvent* event) {
  if (ErrorTrap::RecordOnThisThread(display, event->error_code)) return 0;
  if (IsOurs(display)) return 0;
  XErrorHandler previous = Ours().previous_error;
  return previous ? previous(display, event) : 0;
}

// A lost connection of ours only sets its `lost` flag (the per-display exit handler below); the process-wide
// I/O handler must not exit for it. Someone else's keeps their handler's behaviour.
int DispatchIOError(Display* display) {
  if (IsOurs(display)) return 0;
  XIOErrorHandler previous = Ours().previous_io;
  return previous ? previous(display) : 0;
}

void MarkLost(Display*, void* lost) { *static_cast<bool*>(lost) = true; }

std::once_flag x11_setup;

}  // namespace

Display* OpenDisplay(const char* user, bool* lost) {
  const char* name = std::getenv("DISPLAY");
  if (name == nullptr || *name == '\0')
    throw core::NativeError(core::ErrorCode::DesktopUnavailable, std::string(user) + " (X11): DISPLAY is not set");
  std::call_once(x11_setup, [] {
    XInitThreads();
    Registry& r = Ours();
    r.previous_error = XSetErrorHandler(DispatchError);
    r.previous_io = XSetIOErrorHandler(DispatchIOError);
  });
  Display* display = XOpenDisplay(name);
  if (display == nullptr)
    throw core::NativeError(core::ErrorCode::DesktopUnavailable, std::string(user) + " (X11): cannot open display " + name);
  *lost = false;
  XSetIOErrorExitHandler(display, MarkLost, lost);
  Registry& r = Ours();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.ours.insert(display);
  return display;
}

void ForgetDisplay(Display* display) {
  Registry& r = Ours();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.ours.erase(display);
}

void CloseDisplay(Display* display) {
  // Unregistered before the close: the address is still allocated, so no other thread's connection can have
  // it yet, and once XCloseDisplay frees it a new connection there registers afresh. The errors of requests
  // still in flight, read by this close on this thread, are recognised through `closing`.
  ForgetDisplay(display);
  Display* const outer = closing;
  closing = display;
  XCloseDisplay(display);  // XSyncs: may block on a hung server, holding no lock
  closing = outer;
}

ErrorTrap::ErrorTrap(Display* display) : display_(display), outer_(innermost_trap) {
  XSync(display_, False);  // earlier requests' errors are not this trap's to catch
  innermost_trap = this;
}

ErrorTrap::~ErrorTrap() {
  XSync(display_, False);
  innermost_trap = outer_;
}

int ErrorTrap::Error() {
  XSync(display_, False);
  return error_;
}

bool ErrorTrap::RecordOnThisThread(Display* display, int code) {
  for (ErrorTrap* t = innermost_trap; t != nullptr; t = t->outer_) {
    if (t->display_ != display) continue;
    if (t->error_ == 0) t->error_ = code;
    return true;
  }
  return false;
}

}  // namespace lam::x11
