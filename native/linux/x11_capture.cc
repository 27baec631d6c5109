#include "linux/x11_capture.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/capture_description.h"
#include "core/native_error.h"
#include "linux/x11_display.h"

namespace lam::x11 {
namespace {

using core::ErrorCode;
using core::NativeError;

bool HostIsLittleEndian() {
  const uint16_t one = 1;
  uint8_t first = 0;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

// Bits to shift a channel down by, and its maximum value, from a visual's mask (0x00ff0000 -> 16, 255).
struct Channel {
  int shift = 0;
  unsigned long max = 0;
  explicit Channel(unsigned long mask) {
    if (mask == 0) return;
    while (((mask >> shift) & 1UL) == 0) ++shift;
    max = mask >> shift;
  }
  uint8_t Of(unsigned long pixel, unsigned long mask) const {
    if (max == 0) return 0;
    return static_cast<uint8_t>((((pixel & mask) >> shift) * 255UL + max / 2) / max);
  }
};

// BGRX (the layout of every 24- and 32-bit TrueColor visual on a little-endian server, Xvfb's included) to
// RGBA with opaque alpha, row by row, honouring the image's row padding. Other layouts (16-bit, big-endian)
// take the slow, general path through XGetPixel and the visual's masks.
void ToRgba(XImage* image, int width, int height, uint8_t* out) {
  const bool host_order = (image->byte_order == LSBFirst) == HostIsLittleEndian();
  const bool bgrx = image->bits_per_pixel == 32 && host_order && image->red_mask == 0xff0000UL &&
                    image->green_mask == 0x00ff00UL && image->blue_mask == 0x0000ffUL;
  if (bgrx) {
    for (int y = 0; y < height; ++y) {
      const uint8_t* row = reinterpret_cast<const uint8_t*>(image->data) + static_cast<size_t>(y) * image->bytes_per_line;
      uint8_t* dst = out + static_cast<size_t>(y) * width * 4;
      for (int x = 0; x < width; ++x) {
        uint32_t p;
        std::memcpy(&p, row + 4 * static_cast<size_t>(x), 4);
        dst[0] = static_cast<uint8_t>(p >> 16);
        dst[1] = static_cast<uint8_t>(p >> 8);
        dst[2] = static_cast<uint8_t>(p);
        dst[3] = 255;
        dst += 4;
      }
    }
    return;
  }
  const Channel red(image->red_mask), green(image->green_mask), blue(image->blue_mask);
  for (int y = 0; y < height; ++y) {
    uint8_t* dst = out + static_cast<size_t>(y) * width * 4;
    for (int x = 0; x < width; ++x) {
      unsigned long p = XGetPixel(image, x, y);
      dst[0] = red.Of(p, image->red_mask);
      dst[1] = green.Of(p, image->green_mask);
      dst[2] = blue.Of(p, image->blue_mask);
      dst[3] = 255;
      dst += 4;
    }
  }
}

std::string RectText(const core::CaptureRequest& r) {
  return std::to_string(r.width) + "x" + std::to_string(r.height) + " at " + std::to_string(r.x) + "," +
         std::to_string(r.y);
}

}  // namespace

X11Capture::~X11Capture() {
  if (!display_) return;
  if (lost_) {
    // The server is gone: the connection cannot be closed safely, only our mapping of the segment undone.
    if (shm_addr_) shmdt(shm_addr_);
    ForgetDisplay(display_);
    return;
  }
  ReleaseSegment();
  CloseDisplay(display_);
}

Display* X11Capture::Connect() {
  if (display_ && lost_) {
    if (shm_addr_) shmdt(shm_addr_);
    shm_addr_ = nullptr;
    shm_id_ = -1;
    shm_size_ = 0;
    ForgetDisplay(display_);
    display_ = nullptr;  // leaked on purpose: XCloseDisplay on a dead connection runs the I/O error path again
    lost_ = false;
    shm_checked_ = shm_usable_ = false;
  }
  if (display_) return display_;
  display_ = OpenDisplay("capture", &lost_);
  return display_;
}

// MIT-SHM needs the server to map our segment: it cannot across hosts (a forwarded or TCP display) nor across
// IPC namespaces (a containerised server), and then XShmAttach fails with BadAccess, asynchronously — hence
// the trap and the XSync before believing it. Once attached, the segment is marked for removal at once, so
// the kernel frees it when both sides detach, even if this process dies without cleaning up.
bool X11Capture::EnsureSegment(size_t bytes) {
  if (!shm_checked_) {
    shm_checked_ = true;
    shm_usable_ = XShmQueryExtension(display_) == True;
  }
  if (!shm_usable_) return false;
  if (shm_addr_ && shm_size_ >= bytes) return true;
  ReleaseSegment();

  int id = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
  if (id < 0) {
    shm_usable_ = false;  // no SysV shared memory here (limits, a sandbox): the socket path still works
    return false;
  }
  void* addr = shmat(id, nullptr, 0);
  if (addr == reinterpret_cast<void*>(-1)) {
    shmctl(id, IPC_RMID, nullptr);
    shm_usable_ = false;
    return false;
  }
  XShmSegmentInfo info{};
  info.shmid = id;
  info.shmaddr = static_cast<char*>(addr);
  info.readOnly = False;
  bool attached = false;
  {
    ErrorTrap trap(display_);
    attached = XShmAttach(display_, &info) == True && trap.Error() == 0;
  }
  shmctl(id, IPC_RMID, nullptr);
  if (!attached || lost_) {
    shmdt(addr);
    shm_usable_ = false;
    return false;
  }
  shm_id_ = id;
  shm_addr_ = addr;
  shm_size_ = bytes;
  shm_seg_ = info.shmseg;
  return true;
}

void X11Capture::ReleaseSegment() {
  if (!shm_addr_) return;
  if (display_ && !lost_) {
    XShmSegmentInfo info{};
    info.shmseg = shm_seg_;
    info.shmid = shm_id_;
    info.shmaddr = static_cast<char*>(shm_addr_);
    ErrorTrap trap(display_);
    XShmDetach(display_, &info);
  }
  shmdt(shm_addr_);
  shm_addr_ = nullptr;
  shm_id_ = -1;
  shm_size_ = 0;
}

core::BinaryResult X11Capture::Capture(const core::CaptureRequest& request, const core::Deadline& deadline) {
  if (request.has_rect && (request.width <= 0 || request.height <= 0))
    throw NativeError(ErrorCode::InvalidArgument, "capture (X11): the rect " + RectText(request) + " has no area");
  if (deadline.cancelled()) throw NativeError(ErrorCode::Internal, "capture: cancelled (the environment is shutting down)");
  if (deadline.expired()) throw NativeError(ErrorCode::Timeout, "capture (X11): no time left in the budget");

  // One round trip to the server, bounded by nothing but the server itself: Xvfb or a desktop's X server
  // answers in milliseconds, and no target app sits between us and it (unlike AT-SPI calls).
  Display* display = Connect();
  const int screen = DefaultScreen(display);
  const int screen_width = DisplayWidth(display, screen);
  const int screen_height = DisplayHeight(display, screen);
  int x = 0, y = 0, width = screen_width, height = screen_height;
  if (request.has_rect) {
    // Clamped to the screen: a window hanging over an edge gives its visible part (the caller gets x, y).
    const int64_t left = std::max<int64_t>(request.x, 0);
    const int64_t top = std::max<int64_t>(request.y, 0);
    const int64_t right = std::min<int64_t>(static_cast<int64_t>(request.x) + request.width, screen_width);
    const int64_t bottom = std::min<int64_t>(static_cast<int64_t>(request.y) + request.height, screen_height);
    if (right <= left || bottom <= top)
      throw NativeError(ErrorCode::InvalidArgument, "capture (X11): the rect " + RectText(request) + " lies outside the " +
                                                        std::to_string(screen_width) + "x" +
                                                        std::to_string(screen_height) + " screen");
    x = static_cast<int>(left);
    y = static_cast<int>(top);
    width = static_cast<int>(right - left);
    height = static_cast<int>(bottom - top);
  }

  const Window root = RootWindow(display, screen);
  Visual* visual = DefaultVisual(display, screen);
  const unsigned depth = static_cast<unsigned>(DefaultDepth(display, screen));
  XImage* image = nullptr;
  const char* method = "xgetimage";

  // The shared-memory path: an image header over our segment, filled by the server in place.
  XShmSegmentInfo info{};
  XImage* probe = nullptr;
  if (!shm_checked_ || shm_usable_) {
    probe = XShmCreateImage(display, visual, depth, ZPixmap, nullptr, &info, static_cast<unsigned>(width),
                            static_cast<unsigned>(height));
  }
  if (probe) {
    const size_t bytes = static_cast<size_t>(probe->bytes_per_line) * static_cast<size_t>(height);
    if (EnsureSegment(bytes)) {
      info.shmseg = shm_seg_;
      info.shmid = shm_id_;
      info.shmaddr = static_cast<char*>(shm_addr_);
      info.readOnly = False;
      probe->data = info.shmaddr;
      ErrorTrap trap(display);
      if (XShmGetImage(display, root, probe, x, y, AllPlanes) == True && trap.Error() == 0 && !lost_) {
        image = probe;
        method = "xshm";
      }
    }
    if (!image) {
      probe->data = nullptr;
      XDestroyImage(probe);  // the header only: XShm images never own their data
      probe = nullptr;
    }
  }
  int x_error = 0;
  if (!image && !lost_) {
    ErrorTrap trap(display);
    image = XGetImage(display, root, x, y, static_cast<unsigned>(width), static_cast<unsigned>(height), AllPlanes, ZPixmap);
    x_error = trap.Error();
    if (image && x_error != 0) {
      XDestroyImage(image);
      image = nullptr;
    }
  }
  if (lost_) {
    if (image && image != probe) XDestroyImage(image);
    throw NativeError(ErrorCode::DesktopUnavailable, "capture (X11): the display connection was lost");
  }
  if (!image)
    throw NativeError(ErrorCode::Internal, "capture (XGetImage): the server returned no image for " +
                                               std::to_string(width) + "x" + std::to_string(height) + " at " +
                                               std::to_string(x) + "," + std::to_string(y),
                      "X error " + std::to_string(x_error));

  core::BinaryResult result;
  try {
    result.bytes.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
    ToRgba(image, width, height, result.bytes.data());
  } catch (...) {
    if (image == probe) image->data = nullptr;
    XDestroyImage(image);
    throw;
  }
  if (image == probe) image->data = nullptr;  // the segment stays for the next capture
  XDestroyImage(image);

  result.json = core::DescribeCapture({width, height, x, y, screen_width, screen_height, method});
  return result;
}

}  // namespace lam::x11
