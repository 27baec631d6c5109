// Screen capture on X11: XShmGetImage (MIT-SHM) into a shared-memory segment when the server can attach
// one, XGetImage over the socket otherwise, converted to RGBA on the platform thread.
//
// Threading and connections: an X11Capture lives on the backend's platform thread and is only used there,
// like X11Input; other environments' platform threads have their own (x11_display.h: XInitThreads, and
// errors trapped per connection). It opens its own Display connection rather than sharing
// X11Input's: the shared-memory segment is attached to one connection and must live and die with it, a
// capture (megabytes over the socket when MIT-SHM is missing) never interleaves with the keyboard-map
// changes input makes on its connection, and a lost connection on one side does not take the other down.
// Both connect the same way (DISPLAY, non-fatal I/O errors).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/backend.h"

typedef struct _XDisplay Display;

namespace lam::x11 {

class X11Capture {
 public:
  X11Capture() = default;
  ~X11Capture();
  X11Capture(const X11Capture&) = delete;
  X11Capture& operator=(const X11Capture&) = delete;

  // The screen, or the request's rect clamped to it. INVALID_ARGUMENT for a rect of no size or entirely off
  // screen; DESKTOP_UNAVAILABLE without a display.
  core::BinaryResult Capture(const core::CaptureRequest& request, const core::Deadline& deadline);

 private:
  Display* Connect();
  // A segment of at least `bytes`, attached to the server; false when MIT-SHM cannot be used.
  bool EnsureSegment(size_t bytes);
  void ReleaseSegment();

  Display* display_ = nullptr;
  bool lost_ = false;          // set by Xlib's I/O error exit handler: the connection is dead
  bool shm_checked_ = false;   // the extension was looked for on this connection
  bool shm_usable_ = false;    // ... and found, and the server attached our segment
  int shm_id_ = -1;
  void* shm_addr_ = nullptr;
  size_t shm_size_ = 0;
  unsigned long shm_seg_ = 0;  // the server's XID for the segment (ShmSeg)
};

}  // namespace lam::x11
