// Synthesized mouse and keyboard input on Windows through SendInput, and raising a window first.
//
// Written from Microsoft's documentation of SendInput, MOUSEINPUT (MOUSEEVENTF_ABSOLUTE | MOUSEEVENTF_VIRTUALDESK
// map 0..65535 over the virtual screen, SM_XVIRTUALSCREEN...), KEYBDINPUT (KEYEVENTF_EXTENDEDKEY, KEYEVENTF_UNICODE),
// VkKeyScanW, SetForegroundWindow (its "the calling process received the last input event" rules, which an
// AttachThreadInput to the foreground thread or a tapped ALT satisfy) and SetThreadDpiAwarenessContext.
//
// Every INPUT goes through an InputSink: the real one calls SendInput; the test double's (swapped in with
// UiaSession::ReplaceInputForTests) records them, so the double's scenarios can check the SendInput fallback of
// an action without clicking on Wine's desktop.
#pragma once

#include <string>
#include <vector>

#include "core/backend.h"
#include "win/uia_headers.h"

namespace lam::win {

class UiaSession;

class InputSink {
 public:
  virtual ~InputSink() = default;
  // SendInput's contract: how many of `count` events were inserted into the input stream. Fewer means input
  // was blocked: by UIPI (a target of higher integrity), or another thread's BlockInput.
  virtual UINT Send(UINT count, INPUT* inputs) = 0;
};

// The real sink: SendInput.
class SystemInputSink : public InputSink {
 public:
  UINT Send(UINT count, INPUT* inputs) override;
};

// The session's sink: the test's recorder when one is installed, else the system's.
InputSink& SinkOf(UiaSession& session);

// Makes the calling thread per-monitor-v2 DPI aware while it lives and restores the previous context after,
// so that screen coordinates are physical pixels like UIA's rects. SetThreadDpiAwarenessContext is looked up at
// run time (Windows 10 1607+); before that the process-wide setting applies.
class ScopedDpiAwareness {
 public:
  ScopedDpiAwareness();
  ~ScopedDpiAwareness();
  ScopedDpiAwareness(const ScopedDpiAwareness&) = delete;
  ScopedDpiAwareness& operator=(const ScopedDpiAwareness&) = delete;

 private:
  DPI_AWARENESS_CONTEXT(WINAPI* set_)(DPI_AWARENESS_CONTEXT) = nullptr;
  DPI_AWARENESS_CONTEXT previous_ = nullptr;
};

// Builds the INPUT records of primitive events (also what the double's tests compare against).
// A mouse position in virtual-screen coordinates (physical pixels, any monitor, negative allowed).
INPUT MouseMoveInput(int32_t x, int32_t y);
INPUT MouseButtonInput(core::InputEvent::Button button, bool down);
// One wheel turn of `notches` (× WHEEL_DELTA); horizontal for MOUSEEVENTF_HWHEEL (+ right).
INPUT MouseWheelInput(int32_t notches, bool horizontal);
// A physical key by virtual key, with KEYEVENTF_EXTENDEDKEY for the E0-prefixed keys
// (lib/platform/uia/virtual-keys.ts EXTENDED_VKS).
INPUT KeyInput(WORD vk, bool down);
bool IsExtendedKey(WORD vk);
// The INPUTs that type code point `code`: its key in the active layout (VkKeyScanW, with the Shift/Ctrl/Alt it
// asks for) or, when no key types it, KEYEVENTF_UNICODE (a surrogate pair above U+FFFF). `layout_key` says which.
std::vector<INPUT> TypeCharInputs(uint32_t code, bool* layout_key = nullptr);
// The INPUTs that type `text` as characters (KEYEVENTF_UNICODE throughout; CR/LF as Enter, TAB as Tab), what
// setText's last fallback and pywinauto's type_keys send.
std::vector<INPUT> TypeTextInputs(const std::wstring& text);

// Sends `inputs` in one SendInput call (atomic with respect to other input); throws INVALID_OPERATION when
// fewer were inserted ("input was blocked", UIPI), naming `operation`.
void SendAll(UiaSession& session, std::vector<INPUT>& inputs, const char* operation);

// Brings `window` (a top-level window) to the foreground. SetForegroundWindow only works for a process that
// may set it (Microsoft's list: it received the last input event, the foreground process allows it...): when
// it is refused, we attach to the foreground window's input queue (AttachThreadInput) and, failing that, tap
// ALT (which makes us the last input's receiver), then try again. True when `window` is the foreground after.
bool RaiseWindow(UiaSession& session, HWND window, const core::Deadline& deadline);

// The centre of `rect` as a click: move there, left down, left up, in one SendInput call.
void ClickAt(UiaSession& session, int32_t x, int32_t y);

// {ok, raised}: raises the request's window (an element ref's top-level window; an app ref's topmost visible
// window), then sends the events in order. Pauses sleep in slices (deadline → TIMEOUT, cancellation → INTERNAL);
// what the request pressed and had not released when it fails is released.
std::string SendInputEvents(const core::InputRequest& request, UiaSession& session, const core::Deadline& deadline);

}  // namespace lam::win
