// Opening $DISPLAY for the platform thread's X11 users (input, capture).
#pragma once

typedef struct _XDisplay Display;

namespace lam::x11 {

// Opens $DISPLAY. Xlib's defaults exit the whole process when the server connection is lost; a bridge must
// not take its host down with a dying Xvfb, so a loss only sets *lost, which the caller checks before each
// use (and then drops the connection: closing a dead one runs the I/O error path again).
// Throws NativeError DESKTOP_UNAVAILABLE naming `user` ("input", "capture").
Display* OpenDisplay(const char* user, bool* lost);

}  // namespace lam::x11
