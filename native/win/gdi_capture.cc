#include "win/gdi_capture.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/capture_description.h"
#include "core/native_error.h"

namespace lam::win {
namespace {

using core::ErrorCode;
using core::NativeError;

// PW_RENDERFULLCONTENT (Windows 8.1+) makes PrintWindow capture DirectComposition / DirectX content (Chromium,
// Edge, modern Office); older SDK headers lack the name.
#ifndef PW_RENDERFULLCONTENT
#define PW_RENDERFULLCONTENT 0x00000002
#endif

std::string Win32Detail(DWORD error) { return "Win32 error " + std::to_string(error); }

[[noreturn]] void ThrowLastError(const char* api, const std::string& what) {
  const DWORD error = GetLastError();
  throw NativeError(ErrorCode::Internal, std::string("capture (") + api + "): " + what, Win32Detail(error));
}

// Without DPI awareness Windows scales GDI coordinates for the process ("virtualizes" them), and a capture
// of a 150 % monitor comes out blurred and offset from the UIA rects, which are physical pixels. The platform
// thread therefore runs the capture per-monitor aware (V2, Windows 10 1703+) and restores its previous context
// after. Looked up at run time: the function does not exist before Windows 10 1607, where the process-wide
// setting from the manifest applies instead.
class ThreadDpiAwareness {
 public:
  ThreadDpiAwareness() {
    using SetContext = DPI_AWARENESS_CONTEXT(WINAPI*)(DPI_AWARENESS_CONTEXT);
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    if (!user32) return;
    set_ = reinterpret_cast<SetContext>(reinterpret_cast<void*>(GetProcAddress(user32, "SetThreadDpiAwarenessContext")));
    if (set_) previous_ = set_(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2);
  }
  ~ThreadDpiAwareness() {
    if (set_ && previous_) set_(previous_);
  }
  ThreadDpiAwareness(const ThreadDpiAwareness&) = delete;
  ThreadDpiAwareness& operator=(const ThreadDpiAwareness&) = delete;

 private:
  DPI_AWARENESS_CONTEXT(WINAPI* set_)(DPI_AWARENESS_CONTEXT) = nullptr;
  DPI_AWARENESS_CONTEXT previous_ = nullptr;
};

// A memory DC holding a top-down 32 bpp DIB section of width x height: GDI draws into `bits`, which we read
// directly (no GetDIBits copy). Every handle is released in reverse order, on every path.
class DibCanvas {
 public:
  DibCanvas(HDC reference, int width, int height) : width_(width), height_(height) {
    dc_ = CreateCompatibleDC(reference);
    if (!dc_) ThrowLastError("CreateCompatibleDC", "no memory DC");
    BITMAPINFO info{};
    info.bmiHeader.biSize = sizeof(BITMAPINFOHEADER);
    info.bmiHeader.biWidth = width;
    info.bmiHeader.biHeight = -height;  // negative: top-down rows, like every other image here
    info.bmiHeader.biPlanes = 1;
    info.bmiHeader.biBitCount = 32;
    info.bmiHeader.biCompression = BI_RGB;
    bitmap_ = CreateDIBSection(reference, &info, DIB_RGB_COLORS, &bits_, nullptr, 0);
    if (!bitmap_ || !bits_) {
      const DWORD error = GetLastError();
      DeleteDC(dc_);
      throw NativeError(ErrorCode::Internal,
                        "capture (CreateDIBSection): no " + std::to_string(width) + "x" + std::to_string(height) +
                            " bitmap",
                        Win32Detail(error));
    }
    previous_ = SelectObject(dc_, bitmap_);
  }
  ~DibCanvas() {
    if (previous_) SelectObject(dc_, previous_);
    if (bitmap_) DeleteObject(bitmap_);
    if (dc_) DeleteDC(dc_);
  }
  DibCanvas(const DibCanvas&) = delete;
  DibCanvas& operator=(const DibCanvas&) = delete;

  HDC dc() const { return dc_; }

  // BGRA (alpha undefined after BitBlt) to RGBA with opaque alpha; DIB rows of 32 bpp need no padding.
  std::vector<uint8_t> Rgba() const {
    GdiFlush();  // GDI may batch drawing calls: make sure they reached the bits
    std::vector<uint8_t> out(static_cast<size_t>(width_) * static_cast<size_t>(height_) * 4);
    const uint8_t* src = static_cast<const uint8_t*>(bits_);
    for (size_t i = 0, n = static_cast<size_t>(width_) * static_cast<size_t>(height_); i < n; ++i) {
      out[4 * i + 0] = src[4 * i + 2];
      out[4 * i + 1] = src[4 * i + 1];
      out[4 * i + 2] = src[4 * i + 0];
      out[4 * i + 3] = 255;
    }
    return out;
  }

 private:
  int width_;
  int height_;
  HDC dc_ = nullptr;
  HBITMAP bitmap_ = nullptr;
  HGDIOBJ previous_ = nullptr;
  void* bits_ = nullptr;
};

class ScreenDc {
 public:
  ScreenDc() : dc_(GetDC(nullptr)) {
    if (!dc_) ThrowLastError("GetDC", "no screen DC (is this a service without a desktop?)");
  }
  ~ScreenDc() { ReleaseDC(nullptr, dc_); }
  ScreenDc(const ScreenDc&) = delete;
  ScreenDc& operator=(const ScreenDc&) = delete;
  HDC get() const { return dc_; }

 private:
  HDC dc_;
};

void CheckBudget(const core::Deadline& deadline) {
  if (deadline.cancelled()) throw NativeError(ErrorCode::Internal, "capture: cancelled (the environment is shutting down)");
  if (deadline.expired()) throw NativeError(ErrorCode::Timeout, "capture (GDI): no time left in the budget");
}

}  // namespace

core::BinaryResult CaptureScreenGdi(const core::CaptureRequest& request, const core::Deadline& deadline) {
  if (request.has_rect && (request.width <= 0 || request.height <= 0))
    throw NativeError(ErrorCode::InvalidArgument, "capture (GDI): the rect has no area");
  CheckBudget(deadline);
  ThreadDpiAwareness dpi;

  const int vx = GetSystemMetrics(SM_XVIRTUALSCREEN);
  const int vy = GetSystemMetrics(SM_YVIRTUALSCREEN);
  const int vw = GetSystemMetrics(SM_CXVIRTUALSCREEN);
  const int vh = GetSystemMetrics(SM_CYVIRTUALSCREEN);
  if (vw <= 0 || vh <= 0) throw NativeError(ErrorCode::DesktopUnavailable, "capture (GetSystemMetrics): no screen");
  int x = vx, y = vy, width = vw, height = vh;
  if (request.has_rect) {
    const int64_t left = std::max<int64_t>(request.x, vx);
    const int64_t top = std::max<int64_t>(request.y, vy);
    const int64_t right = std::min<int64_t>(static_cast<int64_t>(request.x) + request.width, static_cast<int64_t>(vx) + vw);
    const int64_t bottom = std::min<int64_t>(static_cast<int64_t>(request.y) + request.height, static_cast<int64_t>(vy) + vh);
    if (right <= left || bottom <= top)
      throw NativeError(ErrorCode::InvalidArgument, "capture (GDI): the rect lies outside the virtual screen");
    x = static_cast<int>(left);
    y = static_cast<int>(top);
    width = static_cast<int>(right - left);
    height = static_cast<int>(bottom - top);
  }

  ScreenDc screen;
  DibCanvas canvas(screen.get(), width, height);
  // CAPTUREBLT includes layered (translucent, WS_EX_LAYERED) windows, which a plain SRCCOPY leaves out.
  if (!BitBlt(canvas.dc(), 0, 0, width, height, screen.get(), x, y, SRCCOPY | CAPTUREBLT))
    ThrowLastError("BitBlt", "copying the screen failed (a secure desktop, e.g. UAC or the lock screen, cannot be read)");
  core::BinaryResult result;
  result.bytes = canvas.Rgba();
  result.json = core::DescribeCapture({width, height, x, y, vw, vh, "bitblt"});
  return result;
}

}  // namespace lam::win
