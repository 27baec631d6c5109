// Screen capture on Windows through GDI: BitBlt from the screen DC into a top-down 32-bit DIB section (the
// whole virtual screen, or a rect of it: a window is captured through its rect, as on X11, so a window that
// others cover shows what covers it). Converted to RGBA on the calling (platform) thread, the same contract
// as native/linux/x11_capture.h. PrintWindow (PW_RENDERFULLCONTENT), which would render a covered window, waits
// for a later capture-by-window API on both platforms.
//
// Built with the Windows addon (CMakeLists.txt's Windows branch; cross-built with mingw-w64 on Linux).
// Written from Microsoft's documentation of GetDC, CreateCompatibleDC, CreateDIBSection, BitBlt (CAPTUREBLT),
// GetSystemMetrics (SM_*VIRTUALSCREEN) and SetThreadDpiAwarenessContext.
#pragma once

#include "win/uia_headers.h"

#include "core/backend.h"

namespace lam::win {

// The virtual screen (every monitor; its origin can be negative), or request.rect clamped to it. json and
// bytes as core::Backend::capture documents; method "bitblt".
core::BinaryResult CaptureScreenGdi(const core::CaptureRequest& request, const core::Deadline& deadline);

}  // namespace lam::win
