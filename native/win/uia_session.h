// The service thread's UI Automation client: the one IUIAutomation (CUIAutomation8, else CUIAutomation) the
// backend makes in start(), the per-call timeouts a Deadline sets, and element refs (encoding, parsing and
// re-finding an element from its ref). Everything here runs on the platform service's thread, inside the MTA
// that com_apartment.h joins; nothing is shared with another thread.
//
// Refs (docs: the brief's "Refs"): `uia:<top-level HWND hex>:<RuntimeId parts, decimal, '.'-joined>` for an
// element, `uia:pid:<pid>` for an application. The HWND part is where a stale ref is looked for again.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/deadline.h"
#include "win/uia_headers.h"

namespace lam::win {

class InputSink;  // win/send_input.h (the actions helper): SendInput, or the double's recorder

// A COM pointer that releases what it holds: the one smart pointer of native/win (no ATL, no WRL on mingw).
template <class T>
class ComPtr {
 public:
  ComPtr() = default;
  explicit ComPtr(T* adopt) : p_(adopt) {}  // takes over one reference
  ComPtr(const ComPtr& o) : p_(o.p_) { if (p_) p_->AddRef(); }
  ComPtr(ComPtr&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  ComPtr& operator=(ComPtr o) noexcept { std::swap(p_, o.p_); return *this; }
  ~ComPtr() { reset(); }
  void reset() { if (p_) { p_->Release(); p_ = nullptr; } }
  T* get() const { return p_; }
  T* operator->() const { return p_; }
  explicit operator bool() const { return p_ != nullptr; }
  T** put() { reset(); return &p_; }  // for an out parameter
  T* detach() { T* p = p_; p_ = nullptr; return p; }
  template <class U>
  ComPtr<U> As(REFIID iid) const {
    ComPtr<U> out;
    if (p_) p_->QueryInterface(iid, reinterpret_cast<void**>(out.put()));
    return out;
  }

 private:
  T* p_ = nullptr;
};

// A parsed ref. Kind::App carries only pid; Kind::Element the top-level window and the RuntimeId.
struct UiaRef {
  enum class Kind { Element, App };
  Kind kind = Kind::Element;
  DWORD pid = 0;
  HWND window = nullptr;
  std::vector<int32_t> runtime_id;
};

// What a malformed ref's INVALID_ARGUMENT message appends: the two forms ParseRef accepts.
inline constexpr const char* kRefForms = " (a uia ref is uia:<window HWND hex>:<RuntimeId, '.'-joined> or uia:pid:<pid>)";

std::string FormatElementRef(HWND top_level, const std::vector<int32_t>& runtime_id);
std::string FormatAppRef(DWORD pid);
// False when `ref` is not one of the two forms (the caller answers INVALID_ARGUMENT).
bool ParseRef(const std::string& ref, UiaRef* out);

// UTF-16 ⇄ UTF-8 for JSON and refs.
std::string Utf8(const wchar_t* text, size_t length);
inline std::string Utf8(const std::wstring& text) { return Utf8(text.data(), text.size()); }
inline std::string Utf8(BSTR text) { return text ? Utf8(text, SysStringLen(text)) : std::string(); }

// The image file name of process `pid` ("notepad.exe", QueryFullProcessImageNameW's last part); "" when the
// process cannot be opened.
std::string ProcessImageName(DWORD pid);

// The RuntimeId of a VARIANT holding UIA_RuntimeIdPropertyId (VT_I4 | VT_ARRAY); empty if it holds none.
std::vector<int32_t> RuntimeIdFromVariant(const VARIANT& v);

class UiaSession {
 public:
  UiaSession();
  ~UiaSession();
  UiaSession(const UiaSession&) = delete;
  UiaSession& operator=(const UiaSession&) = delete;

  // Creates the client (CUIAutomation8, else CUIAutomation); the MTA must be joined already. Throws INTERNAL
  // (naming the HRESULT) when neither class can be made: no UIA client on this system (Wine before 10).
  void Start();
  // Releases every COM object the session holds (before the apartment is left).
  void Stop();

  // The client; throws INTERNAL before Start().
  IUIAutomation* automation();
  // Before every call into the client: IUIAutomation2's ConnectionTimeout / TransactionTimeout from what
  // is left of `deadline`, so a hung provider costs the budget and never the service thread.
  void ApplyTimeouts(const core::Deadline& deadline);

  // The element `ref` names, found again: ElementFromHandle(window), then a search for the RuntimeId
  // (FindFirstBuildCache with a RuntimeId property condition, a TrueCondition walker where that is refused).
  // Throws INVALID_ARGUMENT (malformed, or an app ref), APP_NOT_RUNNING (window and process gone),
  // ELEMENT_STALE (window gone or the id no longer in it), TIMEOUT. `top_level` gets the ref's window.
  ComPtr<IUIAutomationElement> Resolve(const std::string& ref, const core::Deadline& deadline,
                                       HWND* top_level = nullptr);

  // The ref of `element` (its RuntimeId read cached when `cached`, else current; Ex forms), its window
  // being `top_level` when known, else the root ancestor of its NativeWindowHandle / the nearest HWND.
  std::string RefOf(IUIAutomationElement* element, HWND top_level, bool cached);

  // The test double's way in (test_hook "uia-double:..."): use `automation` (AddRef'd) until the next
  // call; nullptr goes back to the real client ("uia-real").
  void ReplaceAutomationForTests(IUIAutomation* automation);
  bool using_double() const { return double_active_; }

  // The SendInput seam (win/send_input.h): the double's recorder, or nullptr for the real SendInput.
  void ReplaceInputForTests(std::unique_ptr<InputSink> sink);
  InputSink* input_override() const { return input_.get(); }

  // Whether process `pid` is still running (decides APP_NOT_RUNNING against ELEMENT_STALE).
  static bool ProcessAlive(DWORD pid);
  // The process a top-level window belonged to, as last seen (windows(), snapshots, Resolve): a ref holds
  // only the HWND, and once the window is gone GetWindowThreadProcessId can no longer tell. Process-wide, not
  // per session: a service thread retired after a hung call takes its session with it, and the next thread
  // must still tell a dead app (APP_NOT_RUNNING) from a closed window (ELEMENT_STALE).
  static void RememberWindow(HWND window, DWORD pid);
  static DWORD RememberedPid(HWND window);

  // Under Wine only: keeps `element`, an element of top-level `window` just read, until the window is gone
  // (at most 64 windows). Wine 10's provider side deadlocks when a client releases the last node it holds of a
  // process while another call into that process is under way (docs/WINE10_UIA.md, "provider-side
  // deadlocks"); one node held per window means that never happens. On Windows it does nothing.
  void HoldWindowUnderWine(HWND window, const ComPtr<IUIAutomationElement>& element);

 private:
  struct InputSinkDeleter {
    void operator()(InputSink* sink) const;  // defined where InputSink is complete
  };

  ComPtr<IUIAutomation> real_;
  ComPtr<IUIAutomation> double_;
  ComPtr<IUIAutomation2> timeouts_;  // of whichever client is active; null when it lacks IUIAutomation2
  bool double_active_ = false;
  bool timeouts_unimplemented_ = false;  // Wine 10 answers E_NOTIMPL: asked once, then left alone
  std::unique_ptr<InputSink, InputSinkDeleter> input_;
  const bool under_wine_;
  std::vector<std::pair<HWND, ComPtr<IUIAutomationElement>>> held_;  // HoldWindowUnderWine's
};

}  // namespace lam::win
