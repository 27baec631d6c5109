#include "win/send_input.h"

#include <chrono>
#include <thread>

#include "core/json_writer.h"
#include "core/native_error.h"
#include "win/uia_session.h"
#include "win/uia_tree.h"

namespace lam::win {

// UiaSession holds the test's sink through a deleter defined where InputSink is complete (uia_session.h).
void UiaSession::InputSinkDeleter::operator()(InputSink* sink) const { delete sink; }

namespace {

using core::ErrorCode;
using core::InputEvent;
using core::NativeError;

constexpr int kPauseSliceMs = 25;
constexpr int kRaiseSettleMs = 500;

// VkKeyScanW's high byte.
constexpr int kScanShift = 1, kScanCtrl = 2, kScanAlt = 4, kScanOtherModifiers = 0x38;  // Hankaku and reserved

INPUT KeyboardInput(WORD vk, WORD scan, DWORD flags) {
  INPUT in{};
  in.type = INPUT_KEYBOARD;
  in.ki.wVk = vk;
  in.ki.wScan = scan;
  in.ki.dwFlags = flags;
  return in;
}

// One UTF-16 unit as a character (wVk 0, the unit in wScan): what Windows turns into VK_PACKET for the target.
void AppendUnicodeUnit(std::vector<INPUT>* out, wchar_t unit) {
  out->push_back(KeyboardInput(0, unit, KEYEVENTF_UNICODE));
  out->push_back(KeyboardInput(0, unit, KEYEVENTF_UNICODE | KEYEVENTF_KEYUP));
}

void AppendKeyTap(std::vector<INPUT>* out, WORD vk) {
  out->push_back(KeyInput(vk, true));
  out->push_back(KeyInput(vk, false));
}

void AppendCodePointUnicode(std::vector<INPUT>* out, uint32_t code) {
  if (code > 0xffff) {
    const uint32_t v = code - 0x10000;
    AppendUnicodeUnit(out, static_cast<wchar_t>(0xd800 + (v >> 10)));
    AppendUnicodeUnit(out, static_cast<wchar_t>(0xdc00 + (v & 0x3ff)));
  } else {
    AppendUnicodeUnit(out, static_cast<wchar_t>(code));
  }
}

// The control characters that are keys (as lib/platform/uia/virtual-keys.ts maps them): typed as the key, never
// as VkKeyScanW's answer (it gives Ctrl+Enter for LF) nor as a Unicode control character most controls ignore.
WORD ControlKeyFor(uint32_t code) {
  switch (code) {
    case '\b': return VK_BACK;
    case '\t': return VK_TAB;
    case '\n':
    case '\r': return VK_RETURN;
    case 0x1b: return VK_ESCAPE;
    default: return 0;
  }
}

// The keyboard layout of the thread that will receive the keys (the foreground window's): VkKeyScanW alone
// answers for the calling thread's layout, and the service thread's is not the user's.
HKL ActiveLayout() {
  HWND foreground = GetForegroundWindow();
  DWORD thread = foreground ? GetWindowThreadProcessId(foreground, nullptr) : 0;
  return GetKeyboardLayout(thread);
}

[[noreturn]] void ThrowPastBudget(const char* what) {
  throw NativeError(ErrorCode::Timeout, std::string("input (SendInput): ") + what + " ran past its budget");
}

[[noreturn]] void ThrowCancelled() {
  throw NativeError(ErrorCode::Internal, "input (SendInput): cancelled (the environment is shutting down)");
}

// A pause of up to 300 s, slept in slices so that a cancelled job or the deadline ends it within one slice.
// As on Linux (x11_input.cc): past the deadline is TIMEOUT, cancellation INTERNAL.
void Pause(int ms, const core::Deadline& deadline) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    if (deadline.cancelled()) ThrowCancelled();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
    if (left <= 0) return;
    if (deadline.remaining_ms() < left)
      throw NativeError(ErrorCode::Timeout, "input (SendInput): a pause of " + std::to_string(ms) +
                                                " ms ran past the budget of " + std::to_string(deadline.timeout_ms()) + " ms");
    std::this_thread::sleep_for(std::chrono::milliseconds(left < kPauseSliceMs ? left : kPauseSliceMs));
  }
}

bool WaitForeground(HWND window, const core::Deadline& deadline) {
  // The window manager (Wine's X11 driver, DWM's animations) may take a moment to make it so.
  const core::Deadline settle = deadline.Within(kRaiseSettleMs);
  for (;;) {
    if (GetForegroundWindow() == window) return true;
    if (settle.expired() || settle.cancelled()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// What a request pressed and has not released, so a request that fails part way (budget, cancellation, blocked
// input) leaves nothing held: released in reverse order by the guard. A request that ends normally leaves what
// it holds as its events say (they are the caller's to balance), as on Linux.
struct Held {
  bool button;
  WORD code;  // VK, or the InputEvent::Button value
};

void Track(std::vector<Held>* held, Held what, bool down) {
  for (auto it = held->begin(); it != held->end(); ++it) {
    if (it->button == what.button && it->code == what.code) {
      held->erase(it);
      break;
    }
  }
  if (down) held->push_back(what);
}

class UnwindGuard {
 public:
  UnwindGuard(UiaSession& session, std::vector<Held>* held) : session_(session), held_(held) {}
  ~UnwindGuard() {
    if (dismissed_ || held_->empty()) return;
    std::vector<INPUT> up;
    for (auto it = held_->rbegin(); it != held_->rend(); ++it)
      up.push_back(it->button ? MouseButtonInput(static_cast<InputEvent::Button>(it->code), false) : KeyInput(it->code, false));
    SinkOf(session_).Send(static_cast<UINT>(up.size()), up.data());  // best effort: we are already failing
  }
  void Dismiss() { dismissed_ = true; }

 private:
  UiaSession& session_;
  std::vector<Held>* held_;
  bool dismissed_ = false;
};

// The window a request raises: an element ref's top-level window, an app ref's topmost visible one.
HWND WindowToRaise(UiaSession& session, const std::string& ref) {
  UiaRef parsed;
  if (!ParseRef(ref, &parsed))
    throw NativeError(ErrorCode::InvalidArgument, "input (lam-bridge): window '" + ref + "' is not a uia ref" +
                          kRefForms);
  if (parsed.kind == UiaRef::Kind::App) {
    if (!UiaSession::ProcessAlive(parsed.pid))
      throw NativeError(ErrorCode::AppNotRunning, "input (lam-bridge): process " + std::to_string(parsed.pid) + " is not running");
    std::vector<HWND> windows = VisibleTopLevelWindows(parsed.pid);
    return windows.empty() ? nullptr : windows.front();
  }
  if (!IsWindow(parsed.window)) {
    const DWORD pid = session.RememberedPid(parsed.window);
    if (pid && !UiaSession::ProcessAlive(pid))
      throw NativeError(ErrorCode::AppNotRunning, "input (IsWindow): the window's process " + std::to_string(pid) + " has exited (" + ref + ")");
    throw NativeError(ErrorCode::ElementStale, "input (IsWindow): the window is gone (" + ref + ")");
  }
  return parsed.window;
}

}  // namespace

UINT SystemInputSink::Send(UINT count, INPUT* inputs) { return SendInput(count, inputs, sizeof(INPUT)); }

InputSink& SinkOf(UiaSession& session) {
  static SystemInputSink system;  // stateless: one for every session
  InputSink* override_sink = session.input_override();
  return override_sink ? *override_sink : system;
}

ScopedDpiAwareness::ScopedDpiAwareness() {
  using SetContext = DPI_AWARENESS_CONTEXT(WINAPI*)(DPI_AWARENESS_CONTEXT);
  HMODULE user32 = GetModuleHandleW(L"user32.dll");
  if (!user32) return;
  set_ = reinterpret_cast<SetContext>(reinterpret_cast<void*>(GetProcAddress(user32, "SetThreadDpiAwarenessContext")));
  if (set_) previous_ = set_(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2);
}

ScopedDpiAwareness::~ScopedDpiAwareness() {
  if (set_ && previous_) set_(previous_);
}

INPUT MouseMoveInput(int32_t x, int32_t y) {
  // MOUSEEVENTF_VIRTUALDESK: 0..65535 spans the whole virtual screen (every monitor), whose origin can be
  // negative. We aim at the pixel's centre, so Windows' mapping back (norm × size / 65536) lands on the pixel.
  const long vx = GetSystemMetrics(SM_XVIRTUALSCREEN), vy = GetSystemMetrics(SM_YVIRTUALSCREEN);
  long vw = GetSystemMetrics(SM_CXVIRTUALSCREEN), vh = GetSystemMetrics(SM_CYVIRTUALSCREEN);
  if (vw <= 0) vw = 1;
  if (vh <= 0) vh = 1;
  auto normalize = [](long long offset, long long size) {
    long long n = ((2 * offset + 1) * 65536) / (2 * size);
    return static_cast<LONG>(n < 0 ? 0 : n > 65535 ? 65535 : n);
  };
  INPUT in{};
  in.type = INPUT_MOUSE;
  in.mi.dx = normalize(static_cast<long long>(x) - vx, vw);
  in.mi.dy = normalize(static_cast<long long>(y) - vy, vh);
  in.mi.dwFlags = MOUSEEVENTF_MOVE | MOUSEEVENTF_ABSOLUTE | MOUSEEVENTF_VIRTUALDESK;
  return in;
}

INPUT MouseButtonInput(InputEvent::Button button, bool down) {
  INPUT in{};
  in.type = INPUT_MOUSE;
  switch (button) {
    case InputEvent::Button::Left: in.mi.dwFlags = down ? MOUSEEVENTF_LEFTDOWN : MOUSEEVENTF_LEFTUP; break;
    case InputEvent::Button::Middle: in.mi.dwFlags = down ? MOUSEEVENTF_MIDDLEDOWN : MOUSEEVENTF_MIDDLEUP; break;
    case InputEvent::Button::Right: in.mi.dwFlags = down ? MOUSEEVENTF_RIGHTDOWN : MOUSEEVENTF_RIGHTUP; break;
  }
  return in;
}

INPUT MouseWheelInput(int32_t notches, bool horizontal) {
  INPUT in{};
  in.type = INPUT_MOUSE;
  in.mi.dwFlags = horizontal ? MOUSEEVENTF_HWHEEL : MOUSEEVENTF_WHEEL;
  // mouseData is a DWORD carrying a signed amount: positive = away from the user (up) / to the right.
  in.mi.mouseData = static_cast<DWORD>(notches * WHEEL_DELTA);
  return in;
}

bool IsExtendedKey(WORD vk) {
  // lib/platform/uia/virtual-keys.ts EXTENDED_VKS: PageUp..Delete (33..46), the Windows keys and Apps (91..93),
  // and Ctrl+Break, keypad Divide, NumLock, right Ctrl, right Alt.
  return (vk >= 0x21 && vk <= 0x2e) || (vk >= 0x5b && vk <= 0x5d) || vk == 0x03 || vk == 0x6f || vk == 0x90 ||
         vk == 0xa3 || vk == 0xa5;
}

INPUT KeyInput(WORD vk, bool down) {
  DWORD flags = down ? 0 : KEYEVENTF_KEYUP;
  if (IsExtendedKey(vk)) flags |= KEYEVENTF_EXTENDEDKEY;
  // The scan code too: some programs (and games) read it rather than the virtual key.
  return KeyboardInput(vk, static_cast<WORD>(MapVirtualKeyW(vk, MAPVK_VK_TO_VSC)), flags);
}

std::vector<INPUT> TypeCharInputs(uint32_t code, bool* layout_key) {
  std::vector<INPUT> out;
  if (layout_key) *layout_key = false;
  if (WORD key = ControlKeyFor(code)) {
    AppendKeyTap(&out, key);
    if (layout_key) *layout_key = true;
    return out;
  }
  if (code <= 0xffff && (code < 0xd800 || code > 0xdfff)) {
    const SHORT scan = VkKeyScanExW(static_cast<wchar_t>(code), ActiveLayout());
    const int modifiers = scan == -1 ? -1 : (scan >> 8) & 0xff;
    // A key the layout has, with at most Shift, Ctrl+Alt (AltGr) or both; a character the layout can only make
    // with Ctrl alone is a control character, and the Hankaku/reserved bits are nothing SendInput can press.
    const bool usable = modifiers >= 0 && !(modifiers & kScanOtherModifiers) &&
                        ((modifiers & kScanCtrl) == 0 || (modifiers & kScanAlt) != 0);
    if (usable) {
      const WORD vk = static_cast<WORD>(scan & 0xff);
      if (modifiers & kScanShift) out.push_back(KeyInput(VK_SHIFT, true));
      if (modifiers & kScanCtrl) out.push_back(KeyInput(VK_CONTROL, true));
      if (modifiers & kScanAlt) out.push_back(KeyInput(VK_MENU, true));
      AppendKeyTap(&out, vk);
      if (modifiers & kScanAlt) out.push_back(KeyInput(VK_MENU, false));
      if (modifiers & kScanCtrl) out.push_back(KeyInput(VK_CONTROL, false));
      if (modifiers & kScanShift) out.push_back(KeyInput(VK_SHIFT, false));
      if (layout_key) *layout_key = true;
      return out;
    }
  }
  AppendCodePointUnicode(&out, code);
  return out;
}

std::vector<INPUT> TypeTextInputs(const std::wstring& text) {
  std::vector<INPUT> out;
  out.reserve(text.size() * 2);
  for (size_t i = 0; i < text.size(); ++i) {
    const wchar_t c = text[i];
    if (c == L'\r' && i + 1 < text.size() && text[i + 1] == L'\n') continue;  // CRLF is one Enter
    if (WORD key = ControlKeyFor(c)) {
      AppendKeyTap(&out, key);
      continue;
    }
    // Both halves of a surrogate pair go as they are, in order: Windows pairs them for the target.
    AppendUnicodeUnit(&out, c);
  }
  return out;
}

void SendAll(UiaSession& session, std::vector<INPUT>& inputs, const char* operation) {
  if (inputs.empty()) return;
  SetLastError(0);
  const UINT sent = SinkOf(session).Send(static_cast<UINT>(inputs.size()), inputs.data());
  if (sent == inputs.size()) return;
  const DWORD error = GetLastError();
  throw NativeError(ErrorCode::InvalidOperation,
                    std::string(operation) + " (SendInput): input was blocked, " + std::to_string(sent) + " of " +
                        std::to_string(inputs.size()) +
                        " events inserted (UIPI: the target runs at a higher integrity level than this process, or "
                        "input is blocked)",
                    "Win32 error " + std::to_string(error));
}

bool RaiseWindow(UiaSession& session, HWND window, const core::Deadline& deadline) {
  if (!window) return false;
  if (IsIconic(window)) ShowWindow(window, SW_RESTORE);
  if (GetForegroundWindow() == window) return true;
  // 1. Plainly: allowed when this process received the last input event or the foreground process let us.
  if (SetForegroundWindow(window) && WaitForeground(window, deadline)) return true;
  // 2. Share the foreground thread's input state: SetForegroundWindow then counts as coming from it.
  HWND foreground = GetForegroundWindow();
  const DWORD me = GetCurrentThreadId();
  const DWORD their = foreground ? GetWindowThreadProcessId(foreground, nullptr) : 0;
  if (their && their != me && AttachThreadInput(me, their, TRUE)) {
    BringWindowToTop(window);
    SetForegroundWindow(window);
    AttachThreadInput(me, their, FALSE);
    if (WaitForeground(window, deadline)) return true;
  }
  // 3. An ALT press makes us the process that received the last input (Microsoft's rule), and holding it while
  // the foreground changes keeps the release from opening the old window's menu; the new one never saw the press.
  std::vector<INPUT> down{KeyInput(VK_MENU, true)}, up{KeyInput(VK_MENU, false)};
  SinkOf(session).Send(1, down.data());
  SetForegroundWindow(window);
  SinkOf(session).Send(1, up.data());
  return WaitForeground(window, deadline);
}

void ClickAt(UiaSession& session, int32_t x, int32_t y) {
  std::vector<INPUT> click{MouseMoveInput(x, y), MouseButtonInput(InputEvent::Button::Left, true),
                           MouseButtonInput(InputEvent::Button::Left, false)};
  SendAll(session, click, "click");
}

std::string SendInputEvents(const core::InputRequest& request, UiaSession& session, const core::Deadline& deadline) {
  ScopedDpiAwareness dpi;  // physical pixels, like the rects the snapshot reports
  bool raised = false;
  if (!request.window_ref.empty()) raised = RaiseWindow(session, WindowToRaise(session, request.window_ref), deadline);

  std::vector<Held> held;
  UnwindGuard unwind(session, &held);
  // Consecutive events go in one SendInput call (atomic against the user's own input); a pause ends a batch.
  std::vector<INPUT> batch;
  auto flush = [&] {
    SendAll(session, batch, "input");
    batch.clear();
  };
  using Kind = InputEvent::Kind;
  for (const InputEvent& e : request.events) {
    if (deadline.cancelled()) ThrowCancelled();
    if (deadline.expired()) ThrowPastBudget("the input sequence");
    switch (e.kind) {
      case Kind::Move:
        batch.push_back(MouseMoveInput(e.x, e.y));
        break;
      case Kind::ButtonDown:
      case Kind::ButtonUp:
        batch.push_back(MouseButtonInput(e.button, e.kind == Kind::ButtonDown));
        Track(&held, Held{true, static_cast<WORD>(e.button)}, e.kind == Kind::ButtonDown);
        break;
      case Kind::Wheel:
        if (e.dy) batch.push_back(MouseWheelInput(e.dy, false));
        if (e.dx) batch.push_back(MouseWheelInput(e.dx, true));
        break;
      case Kind::KeyDown:
      case Kind::KeyUp: {
        if (e.code == 0 || e.code > 0xfe)
          throw NativeError(ErrorCode::InvalidArgument, "input (lam-bridge): " + std::to_string(e.code) + " is not a Windows virtual key (1..254)");
        const WORD vk = static_cast<WORD>(e.code);
        batch.push_back(KeyInput(vk, e.kind == Kind::KeyDown));
        Track(&held, Held{false, vk}, e.kind == Kind::KeyDown);
        break;
      }
      case Kind::TypeKey: {
        if (e.code > 0x10ffff || (e.code >= 0xd800 && e.code <= 0xdfff))
          throw NativeError(ErrorCode::InvalidArgument, "input (lam-bridge): " + std::to_string(e.code) + " is not a Unicode scalar value");
        std::vector<INPUT> keys = TypeCharInputs(e.code);
        batch.insert(batch.end(), keys.begin(), keys.end());
        break;
      }
      case Kind::Pause:
        flush();
        Pause(e.ms, deadline);
        break;
    }
  }
  flush();
  unwind.Dismiss();
  core::JsonWriter w;
  w.begin_object();
  w.key("ok").value(true);
  w.key("raised").value(raised);
  w.end_object();
  return w.take();
}

}  // namespace lam::win
