// Opening $DISPLAY for the platform threads' X11 users (input, capture), and catching X protocol errors per
// connection.
//
// Threading: every environment (the main thread, each worker) has its own platform thread with its own
// connections, so Xlib is used from several threads at once: XInitThreads runs once, before the first
// XOpenDisplay of this module. Xlib has ONE process-wide error handler (and its default exits the process),
// shared with the host and any other library that talks X. It is installed once and never replaced again:
// an error on one of our connections is recorded into the innermost ErrorTrap that the reporting thread holds
// on that connection (Xlib reports an error on the thread whose call read it from that connection's socket,
// and only our platform thread calls on our connections), and dropped when it holds none; an error on a
// connection that is not ours goes to the handler that was there before. The registry of our connections is
// locked only to look up, add or remove, never across an Xlib call (CloseDisplay on a hung server blocks only
// its own thread).
#pragma once

typedef struct _XDisplay Display;

namespace lam::x11 {

// Opens $DISPLAY and registers the connection as ours. Xlib's defaults exit the whole process when the server
// connection is lost; a bridge must not take its host down with a dying Xvfb, so a loss only sets *lost,
// which the caller checks before each use (and then calls ForgetDisplay: closing a dead connection runs the
// I/O error path again). Throws NativeError DESKTOP_UNAVAILABLE naming `user` ("input", "capture").
Display* OpenDisplay(const char* user, bool* lost);

// Unregisters and closes a live connection (blocks, holding no lock, while the server does not answer).
void CloseDisplay(Display* display);
// Unregisters a dead connection without touching it (it is leaked on purpose, see OpenDisplay).
void ForgetDisplay(Display* display);

// Records the X errors of one connection's requests while it lives, on this thread (gdk's error_trap_push,
// per connection). Traps nest; the innermost trap on the display that erred gets the error.
class ErrorTrap {
 public:
  explicit ErrorTrap(Display* display);
  ~ErrorTrap();
  ErrorTrap(const ErrorTrap&) = delete;
  ErrorTrap& operator=(const ErrorTrap&) = delete;

  // Waits for the server to have answered everything sent so far; the first error code, or 0.
  int Error();

  // Records `code` into the innermost trap this thread holds on `display`; false when it holds none.
  static bool RecordOnThisThread(Display* display, int code);

 private:
  Display* display_;
  ErrorTrap* outer_;  // the trap this one is nested in, on this thread (any display)
  int error_ = 0;
};

}  // namespace lam::x11
