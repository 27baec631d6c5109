// Screen capture on Windows through GDI: BitBlt from the screen DC into a top-down 32-bit DIB section (the
// whole virtual screen, or a rect of it), or PrintWindow for one window, which also renders a window that
// others cover. Converted to RGBA on the calling (platform) thread, the same contract as
// native/linux/x11_capture.h.
//
// Built with the Windows addon (CMakeLists.txt's Windows branch; cross-built with mingw-w64 on Linux).
// Written from Microsoft's documentation of GetDC, CreateCompatibleDC, CreateDIBSection, BitBlt (CAPTUREBLT),
// PrintWindow (PW_RENDERFULLCONTENT), GetSystemMetrics (SM_*VIRTUALSCREEN) and SetThreadDpiAwarenessContext.
#pragma once

#include "win/uia_headers.h"

#include "core/backend.h"

namespace lam::win {

// The virtual screen (every monitor; its origin can be negative), or request.rect clamped to it. json and
// bytes as core::Backend::capture documents; method "bitblt".
core::BinaryResult CaptureScreenGdi(const core::CaptureRequest& request, const core::Deadline& deadline);

// One top-level window, drawn by the window itself into our DC (PrintWindow): right even when it is covered
// or partly off screen. x, y in the json are the window's screen position; method "printwindow".
core::BinaryResult CaptureWindowGdi(HWND window, const core::Deadline& deadline);

}  // namespace lam::win
