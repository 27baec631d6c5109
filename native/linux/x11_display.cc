#include "linux/x11_display.h"

#include <X11/Xlib.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/native_error.h"

namespace lam::x11 {
namespace {

// Our connections and the errors they reported outside any trap. Guarded by a mutex: connections open and
// close on every environment's platform thread, and the handler may run on any of them. Recursive because
// CloseDisplay holds it across XCloseDisplay (so that no other thread's new connection can reuse the freed
// address before it is unregistered), during which Xlib may call the handler on this same thread.
struct Registry {
  std::recursive_mutex mutex;
  std::unordered_map<Display*, std::shared_ptr<std::atomic<int>>> untrapped;
  XErrorHandler previous_error = nullptr;
  XIOErrorHandler previous_io = nullptr;
};

Registry& Ours() {
  static Registry* registry = new Registry();  // never destroyed: the handlers may run during exit
  return *registry;
}

thread_local ErrorTrap* innermost_trap = nullptr;

bool IsOurs(Display* display, std::shared_ptr<std::atomic<int>>* slot) {
  Registry& r = Ours();
  std::lock_guard<std::recursive_mutex> lock(r.mutex);
  auto it = r.untrapped.find(display);
  if (it == r.untrapped.end()) return false;
  if (slot) *slot = it->second;
  return true;
}

int DispatchError(Display* display, XErrorEvent* event) {
  if (ErrorTrap::RecordOnThisThread(display, event->error_code)) return 0;
  std::shared_ptr<std::atomic<int>> slot;
  if (IsOurs(display, &slot)) {
    int none = 0;
    slot->compare_exchange_strong(none, event->error_code);
    return 0;
  }
  XErrorHandler previous = Ours().previous_error;
  return previous ? previous(display, event) : 0;
}

// A lost connection of ours only sets its `lost` flag (the per-display exit handler below); the process-wide
// I/O handler must not exit for it. Someone else's keeps their handler's behaviour.
int DispatchIOError(Display* display) {
  if (IsOurs(display, nullptr)) return 0;
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
  std::lock_guard<std::recursive_mutex> lock(r.mutex);
  r.untrapped[display] = std::make_shared<std::atomic<int>>(0);
  return display;
}

void ForgetDisplay(Display* display) {
  Registry& r = Ours();
  std::lock_guard<std::recursive_mutex> lock(r.mutex);
  r.untrapped.erase(display);
}

void CloseDisplay(Display* display) {
  Registry& r = Ours();
  std::lock_guard<std::recursive_mutex> lock(r.mutex);
  XCloseDisplay(display);  // still registered: it may report errors of requests in flight
  r.untrapped.erase(display);
}

int TakeUntrappedError(Display* display) {
  std::shared_ptr<std::atomic<int>> slot;
  if (!IsOurs(display, &slot)) return 0;
  return slot->exchange(0);
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
