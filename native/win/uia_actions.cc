#include "win/uia_actions.h"

#include <cmath>
#include <cstdio>
#include <cwctype>
#include <vector>

#include "core/json_writer.h"
#include "core/native_error.h"
#include "win/hresult_errors.h"
#include "win/msaa.h"
#include "win/send_input.h"

namespace lam::win {
namespace {

using core::ErrorCode;
using core::Intent;
using core::NativeError;

constexpr int kMessageTimeoutMs = 2000;  // a SendMessageTimeout to a control of a hung app
constexpr int kControlTypeComboBox = 50003;
constexpr int kControlTypeEdit = 50004;
constexpr int kControlTypeDocument = 50030;

std::wstring Wide(const std::string& s, bool* valid) {
  *valid = true;
  std::wstring out;
  if (s.empty()) return out;
  int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s.data(), static_cast<int>(s.size()), nullptr, 0);
  if (n <= 0) {
    *valid = false;
    return out;
  }
  out.resize(static_cast<size_t>(n));
  MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s.data(), static_cast<int>(s.size()), &out[0], n);
  return out;
}

std::wstring TakeBstr(BSTR b) {
  std::wstring out = b ? std::wstring(b, SysStringLen(b)) : std::wstring();
  SysFreeString(b);
  return out;
}

std::wstring ClassOf(HWND hwnd) {
  wchar_t buffer[256];
  int n = hwnd ? GetClassNameW(hwnd, buffer, 256) : 0;
  std::wstring out(buffer, n > 0 ? static_cast<size_t>(n) : 0);
  for (wchar_t& c : out) c = static_cast<wchar_t>(std::towlower(c));
  return out;
}

// Outcome of one method: done (with its name, and a text for readText), or not available (recorded in `tried`).
struct Outcome {
  bool done = false;
  std::string method;
  bool has_text = false;
  std::string text;
};

// One element being acted on, with what is known about it and the list of what has been tried.
class Target {
 public:
  Target(UiaSession& session, const core::IntentRequest& request, const core::Deadline& deadline)
      : session_(session), request_(request), deadline_(deadline) {
    element_ = session.Resolve(request.ref, deadline, &top_);
    pid_ = session.RememberedPid(top_);
    hwnd_ = ReadHwnd();
  }

  IUIAutomationElement* element() const { return element_.get(); }
  HWND top() const { return top_; }
  // The element's own window (NativeWindowHandle), or null for a fragment inside a window.
  HWND hwnd() const { return hwnd_; }
  const std::string& ref() const { return request_.ref; }
  const char* intent_name() const { return core::NameOf(request_.intent); }
  const core::Deadline& deadline() const { return deadline_; }
  UiaSession& session() { return session_; }

  // The pattern, or null (recorded) when the element lacks it or the client cannot give it.
  template <class P>
  ComPtr<P> Pattern(PATTERNID id, REFIID iid, const char* name) {
    session_.ApplyTimeouts(deadline_);
    ComPtr<P> pattern;
    HRESULT hr = element_->GetCurrentPatternAs(id, iid, reinterpret_cast<void**>(pattern.put()));
    if (SUCCEEDED(hr) && pattern) return pattern;
    if (SUCCEEDED(hr)) {
      Tried(name, "not supported by the element");
    } else if (Unavailable(hr)) {
      Tried(name, HresultText(hr));
    } else {
      throw Error(name, hr);
    }
    return ComPtr<P>();
  }

  // The answer of an action call: true when done; false (recorded) when the call is not implemented here;
  // thrown when it is refused or the element is gone.
  bool Done(HRESULT hr, const char* method) {
    if (SUCCEEDED(hr)) return true;
    if (Unavailable(hr)) {
      Tried(method, HresultText(hr));
      return false;
    }
    throw Error(method, hr);
  }

  // MSAA's answer: its proxies say "no such member" in more ways than UIA does, and fail plainly (E_FAIL) when
  // the window has no client object; only a gone server is an error.
  bool MsaaDone(HRESULT hr, const char* method) {
    if (SUCCEEDED(hr)) return true;
    if (IsDisconnected(hr)) throw Error(method, hr);
    Tried(method, HresultText(hr));
    return false;
  }

  void Tried(const std::string& method, const std::string& why) {
    const std::string entry = method + ": " + why;
    if (tried_.find(entry) != std::string::npos) return;  // a pattern asked for twice (Legacy) is listed once
    tried_ += (tried_.empty() ? "" : "; ") + entry;
  }

  NativeError Error(const char* operation, HRESULT hr) {
    HresultContext context{pid_, true, &deadline_};
    return ErrorFromHresult(std::string(core::NameOf(request_.intent)) + " " + operation, "UIA", hr, context);
  }

  [[noreturn]] void NothingFits() {
    throw NativeError(ErrorCode::PatternNotSupported, std::string(core::NameOf(request_.intent)) + " (UIA): element " +
                                                          request_.ref + " offers no way to do it (tried " +
                                                          (tried_.empty() ? "nothing" : tried_) + ")");
  }

  // Current properties through the Ex form (Wine 10 implements only that, and it is the documented one).
  bool ReadVariant(PROPERTYID id, VARIANT* v) {
    VariantInit(v);
    session_.ApplyTimeouts(deadline_);
    HRESULT hr = element_->GetCurrentPropertyValueEx(id, FALSE, v);
    if (IsDisconnected(hr)) throw Error("GetCurrentPropertyValueEx", hr);
    return SUCCEEDED(hr);
  }
  int ReadInt(PROPERTYID id, int fallback) {
    VARIANT v;
    int out = fallback;
    if (ReadVariant(id, &v) && V_VT(&v) == VT_I4) out = V_I4(&v);
    VariantClear(&v);
    return out;
  }
  // -1 unknown, 0 false, 1 true.
  int ReadBool(PROPERTYID id) {
    VARIANT v;
    int out = -1;
    if (ReadVariant(id, &v) && V_VT(&v) == VT_BOOL) out = V_BOOL(&v) != VARIANT_FALSE;
    VariantClear(&v);
    return out;
  }
  std::wstring ReadString(PROPERTYID id) {
    VARIANT v;
    std::wstring out;
    if (ReadVariant(id, &v) && V_VT(&v) == VT_BSTR && V_BSTR(&v)) out.assign(V_BSTR(&v), SysStringLen(V_BSTR(&v)));
    VariantClear(&v);
    return out;
  }
  // Screen rect, physical pixels; false when the element has none.
  bool ReadRect(RECT* out) {
    VARIANT v;
    bool ok = false;
    if (ReadVariant(UIA_BoundingRectanglePropertyId, &v) && V_VT(&v) == (VT_R8 | VT_ARRAY) && V_ARRAY(&v) &&
        SafeArrayGetDim(V_ARRAY(&v)) == 1) {
      LONG lo = 0, hi = -1;
      SafeArrayGetLBound(V_ARRAY(&v), 1, &lo);
      SafeArrayGetUBound(V_ARRAY(&v), 1, &hi);
      if (hi - lo + 1 >= 4) {
        double r[4];
        for (LONG i = 0; i < 4; ++i) {
          LONG index = lo + i;
          SafeArrayGetElement(V_ARRAY(&v), &index, &r[i]);
        }
        if (r[2] > 0 && r[3] > 0) {
          out->left = static_cast<LONG>(std::lround(r[0]));
          out->top = static_cast<LONG>(std::lround(r[1]));
          out->right = out->left + static_cast<LONG>(std::lround(r[2]));
          out->bottom = out->top + static_cast<LONG>(std::lround(r[3]));
          ok = true;
        }
      }
    }
    VariantClear(&v);
    return ok;
  }
  bool Enabled() {
    int enabled = ReadBool(UIA_IsEnabledPropertyId);
    if (enabled < 0 && hwnd_) enabled = IsWindowEnabled(hwnd_) != 0;
    return enabled != 0;
  }

 private:
  HWND ReadHwnd() {
    VARIANT v;
    HWND out = nullptr;
    if (ReadVariant(UIA_NativeWindowHandlePropertyId, &v) && V_VT(&v) == VT_I4)
      out = reinterpret_cast<HWND>(static_cast<intptr_t>(V_I4(&v)));
    VariantClear(&v);
    return out && IsWindow(out) ? out : nullptr;
  }

  static bool Unavailable(HRESULT hr) { return IsNotImplemented(hr) || hr == E_NOINTERFACE; }
  static std::string HresultText(HRESULT hr) {
    switch (static_cast<unsigned long>(hr)) {
      case 0x80004001UL: return "E_NOTIMPL";
      case 0x80040204UL: return "UIA_E_NOTSUPPORTED";
      case 0x80004002UL: return "E_NOINTERFACE";
      case 0x80020003UL: return "DISP_E_MEMBERNOTFOUND";
      case 0x80004005UL: return "E_FAIL";
      default: return HresultHex(hr);
    }
  }

  UiaSession& session_;
  const core::IntentRequest& request_;
  const core::Deadline& deadline_;
  ComPtr<IUIAutomationElement> element_;
  HWND top_ = nullptr;
  HWND hwnd_ = nullptr;
  DWORD pid_ = 0;
  std::string tried_;
};

Outcome Did(const char* method) {
  Outcome out;
  out.done = true;
  out.method = method;
  return out;
}

Outcome Read(const char* method, const std::wstring& text) {
  Outcome out = Did(method);
  out.has_text = true;
  out.text = Utf8(text);
  return out;
}

// ---- the methods, one function each, returning !done when unavailable -------------------------------------

Outcome InvokePattern(Target& t) {
  auto p = t.Pattern<IUIAutomationInvokePattern>(UIA_InvokePatternId, IID_IUIAutomationInvokePattern, "InvokePattern");
  if (p && t.Done(p->Invoke(), "InvokePattern.Invoke")) return Did("InvokePattern.Invoke");
  return {};
}

Outcome TogglePattern(Target& t) {
  auto p = t.Pattern<IUIAutomationTogglePattern>(UIA_TogglePatternId, IID_IUIAutomationTogglePattern, "TogglePattern");
  if (p && t.Done(p->Toggle(), "TogglePattern.Toggle")) return Did("TogglePattern.Toggle");
  return {};
}

Outcome SelectionItemPattern(Target& t) {
  auto p = t.Pattern<IUIAutomationSelectionItemPattern>(UIA_SelectionItemPatternId, IID_IUIAutomationSelectionItemPattern,
                                                         "SelectionItemPattern");
  if (p && t.Done(p->Select(), "SelectionItemPattern.Select")) return Did("SelectionItemPattern.Select");
  return {};
}

// expand / collapse; `toggle` (for invoke): whichever the element is not in now, as a click on a combo does.
Outcome ExpandCollapsePattern(Target& t, Intent intent, bool toggle) {
  auto p = t.Pattern<IUIAutomationExpandCollapsePattern>(UIA_ExpandCollapsePatternId, IID_IUIAutomationExpandCollapsePattern,
                                                          "ExpandCollapsePattern");
  if (!p) return {};
  bool expand = intent == Intent::Expand;
  if (toggle) {
    ExpandCollapseState state = ExpandCollapseState_Collapsed;
    if (!t.Done(p->get_CurrentExpandCollapseState(&state), "ExpandCollapsePattern.CurrentExpandCollapseState")) return {};
    if (state == ExpandCollapseState_LeafNode) {
      t.Tried("ExpandCollapsePattern", "a leaf node (nothing to expand)");
      return {};
    }
    expand = state != ExpandCollapseState_Expanded;
  }
  if (expand ? t.Done(p->Expand(), "ExpandCollapsePattern.Expand") : t.Done(p->Collapse(), "ExpandCollapsePattern.Collapse"))
    return Did(expand ? "ExpandCollapsePattern.Expand" : "ExpandCollapsePattern.Collapse");
  return {};
}

ComPtr<IUIAutomationLegacyIAccessiblePattern> Legacy(Target& t) {
  return t.Pattern<IUIAutomationLegacyIAccessiblePattern>(UIA_LegacyIAccessiblePatternId,
                                                          IID_IUIAutomationLegacyIAccessiblePattern,
                                                          "LegacyIAccessiblePattern");
}

Outcome LegacyDefaultAction(Target& t) {
  auto p = Legacy(t);
  if (p && t.Done(p->DoDefaultAction(), "LegacyIAccessiblePattern.DoDefaultAction"))
    return Did("LegacyIAccessiblePattern.DoDefaultAction");
  return {};
}

Outcome LegacySelect(Target& t, long flags) {
  auto p = Legacy(t);
  if (p && t.Done(p->Select(flags), "LegacyIAccessiblePattern.Select")) return Did("LegacyIAccessiblePattern.Select");
  return {};
}

// The element's own window's IAccessible (its OBJID_CLIENT object is the control itself); a fragment without a
// window of its own has no MSAA object we could address.
Outcome MsaaDefaultAction(Target& t) {
  if (!t.hwnd() || t.hwnd() == t.top()) {
    t.Tried("IAccessible.accDoDefaultAction", "the element has no window of its own");
    return {};
  }
  if (t.MsaaDone(MsaaDoDefaultAction(t.hwnd(), CHILDID_SELF), "IAccessible.accDoDefaultAction"))
    return Did("IAccessible.accDoDefaultAction");
  return {};
}

// Whether the element shows on screen: IsOffscreen when the provider says (many leave it to the default, and
// Wine's host providers give nothing), else its rectangle meeting the virtual screen, in a window not minimized.
bool OnScreen(Target& t, RECT* r, std::string* why) {
  if (!t.ReadRect(r)) {
    *why = "the element has no screen rectangle";
    return false;
  }
  if (t.ReadBool(UIA_IsOffscreenPropertyId) == 1) {
    *why = "the element is off screen";
    return false;
  }
  ScopedDpiAwareness dpi;  // the virtual screen in physical pixels, like UIA's rects
  const RECT screen{GetSystemMetrics(SM_XVIRTUALSCREEN), GetSystemMetrics(SM_YVIRTUALSCREEN),
                    GetSystemMetrics(SM_XVIRTUALSCREEN) + GetSystemMetrics(SM_CXVIRTUALSCREEN),
                    GetSystemMetrics(SM_YVIRTUALSCREEN) + GetSystemMetrics(SM_CYVIRTUALSCREEN)};
  RECT both;
  if (!IntersectRect(&both, r, &screen) || (t.top() && IsIconic(t.top()))) {
    *why = "the element is off screen";
    return false;
  }
  return true;
}

// A click at the element's centre: only for an enabled element whose centre is on screen and shows the element's
// own window (not another window covering it). The element's window is raised first.
Outcome Click(Target& t) {
  RECT r;
  std::string why;
  if (!OnScreen(t, &r, &why)) {
    t.Tried("SendInput.click", why);
    return {};
  }
  if (!t.Enabled())
    throw NativeError(ErrorCode::ElementDisabled, std::string(t.intent_name()) + " (SendInput): element " + t.ref() +
                                                      " is disabled");
  ScopedDpiAwareness dpi;
  const int32_t x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
  RaiseWindow(t.session(), t.top(), t.deadline());
  const POINT centre{x, y};
  HWND hit = WindowFromPoint(centre);
  if (!hit || GetAncestor(hit, GA_ROOT) != t.top()) {
    t.Tried("SendInput.click", "its centre (" + std::to_string(x) + ", " + std::to_string(y) + ") shows another window");
    return {};
  }
  ClickAt(t.session(), x, y);
  return Did("SendInput.click");
}

// ---- the intents -------------------------------------------------------------------------------------------

Outcome Invoke(Target& t) {
  Outcome o;
  if ((o = InvokePattern(t)).done) return o;
  // A control without Invoke is activated by what a click on it does: toggles, selects or opens.
  if ((o = TogglePattern(t)).done) return o;
  if ((o = SelectionItemPattern(t)).done) return o;
  if ((o = ExpandCollapsePattern(t, Intent::Expand, true)).done) return o;
  if ((o = LegacyDefaultAction(t)).done) return o;
  if ((o = MsaaDefaultAction(t)).done) return o;
  return Click(t);
}

Outcome Toggle(Target& t) {
  Outcome o;
  if ((o = TogglePattern(t)).done) return o;
  if ((o = LegacyDefaultAction(t)).done) return o;  // a check box's default action is Check / Uncheck
  if ((o = MsaaDefaultAction(t)).done) return o;
  return Click(t);
}

Outcome Select(Target& t) {
  Outcome o;
  if ((o = SelectionItemPattern(t)).done) return o;
  // Not DoDefaultAction: an item's default action is often "Double Click" (it would open the item).
  if ((o = LegacySelect(t, SELFLAG_TAKEFOCUS | SELFLAG_TAKESELECTION)).done) return o;
  return Click(t);
}

// A stock combo box's own message (what its MSAA proxy's default action does on Windows; Wine's oleacc has none).
Outcome ComboDropDown(Target& t, bool expand) {
  if (!t.hwnd() || ClassOf(t.hwnd()).find(L"combobox") == std::wstring::npos) return {};
  DWORD_PTR result = 0;
  if (!SendMessageTimeoutW(t.hwnd(), CB_SHOWDROPDOWN, expand ? TRUE : FALSE, 0, SMTO_ABORTIFHUNG, kMessageTimeoutMs, &result)) {
    t.Tried("CB_SHOWDROPDOWN", "the control did not answer");
    return {};
  }
  return Did("CB_SHOWDROPDOWN");
}

Outcome ExpandOrCollapse(Target& t, Intent intent) {
  Outcome o;
  const bool expand = intent == Intent::Expand;
  if ((o = ExpandCollapsePattern(t, intent, false)).done) return o;
  if ((o = ComboDropDown(t, expand)).done) return o;
  // The default action toggles: only when the MSAA state says the element is in the other state now.
  if (auto legacy = Legacy(t)) {
    DWORD state = 0;
    if (t.Done(legacy->get_CurrentState(&state), "LegacyIAccessiblePattern.CurrentState")) {
      const DWORD other = expand ? STATE_SYSTEM_COLLAPSED : STATE_SYSTEM_EXPANDED;
      if (state & other) {
        if (t.Done(legacy->DoDefaultAction(), "LegacyIAccessiblePattern.DoDefaultAction"))
          return Did("LegacyIAccessiblePattern.DoDefaultAction");
      } else {
        t.Tried("LegacyIAccessiblePattern.DoDefaultAction", expand ? "the element is not collapsed" : "the element is not expanded");
      }
    }
  }
  t.NothingFits();
}

[[noreturn]] void ReadOnly(Target& t, const char* how) {
  throw NativeError(ErrorCode::InvalidOperation, std::string(core::NameOf(Intent::SetText)) + " (" + how + "): element " +
                                                     t.ref() + " is read-only");
}

Outcome SetValue(Target& t, double number) {
  if (auto range = t.Pattern<IUIAutomationRangeValuePattern>(UIA_RangeValuePatternId, IID_IUIAutomationRangeValuePattern,
                                                             "RangeValuePattern")) {
    BOOL read_only = FALSE;
    double min = 0, max = 0;
    if (t.Done(range->get_CurrentIsReadOnly(&read_only), "RangeValuePattern.CurrentIsReadOnly") &&
        t.Done(range->get_CurrentMinimum(&min), "RangeValuePattern.CurrentMinimum") &&
        t.Done(range->get_CurrentMaximum(&max), "RangeValuePattern.CurrentMaximum")) {
      if (read_only)
        throw NativeError(ErrorCode::InvalidOperation, "setValue (RangeValuePattern): element " + t.ref() + " is read-only");
      if (!(number >= min && number <= max))
        throw NativeError(ErrorCode::InvalidArgument, "setValue (lam-bridge): value " + Utf8(FormatNumberForValue(number)) +
                                                          " outside the element's range [" + Utf8(FormatNumberForValue(min)) +
                                                          ", " + Utf8(FormatNumberForValue(max)) + "]");
      if (t.Done(range->SetValue(number), "RangeValuePattern.SetValue")) return Did("RangeValuePattern.SetValue");
    }
  }
  const std::wstring text = FormatNumberForValue(number);
  if (auto value = t.Pattern<IUIAutomationValuePattern>(UIA_ValuePatternId, IID_IUIAutomationValuePattern, "ValuePattern")) {
    BOOL read_only = FALSE;
    if (t.Done(value->get_CurrentIsReadOnly(&read_only), "ValuePattern.CurrentIsReadOnly")) {
      if (read_only)
        throw NativeError(ErrorCode::InvalidOperation, "setValue (ValuePattern): element " + t.ref() + " is read-only");
      BSTR b = SysAllocStringLen(text.data(), static_cast<UINT>(text.size()));
      HRESULT hr = value->SetValue(b);
      SysFreeString(b);
      if (t.Done(hr, "ValuePattern.SetValue")) return Did("ValuePattern.SetValue");
    }
  }
  if (auto legacy = Legacy(t))
    if (t.Done(legacy->SetValue(text.c_str()), "LegacyIAccessiblePattern.SetValue")) return Did("LegacyIAccessiblePattern.SetValue");
  if (t.hwnd() && t.hwnd() != t.top() && t.MsaaDone(MsaaSetValue(t.hwnd(), CHILDID_SELF, text), "IAccessible.put_accValue"))
    return Did("IAccessible.put_accValue");
  t.NothingFits();
}

bool IsEditWindow(HWND hwnd) {
  const std::wstring c = ClassOf(hwnd);
  return c == L"edit" || c.find(L"richedit") == 0 || c.find(L".edit.") != std::wstring::npos;  // WinForms: WindowsForms10.EDIT.app...
}

Outcome TryFocus(Target& t);
Outcome Click(Target& t);

Outcome SetText(Target& t, const std::wstring& text) {
  if (auto value = t.Pattern<IUIAutomationValuePattern>(UIA_ValuePatternId, IID_IUIAutomationValuePattern, "ValuePattern")) {
    BOOL read_only = FALSE;
    if (t.Done(value->get_CurrentIsReadOnly(&read_only), "ValuePattern.CurrentIsReadOnly")) {
      if (read_only) ReadOnly(t, "ValuePattern");
      BSTR b = SysAllocStringLen(text.data(), static_cast<UINT>(text.size()));
      HRESULT hr = value->SetValue(b);
      SysFreeString(b);
      if (t.Done(hr, "ValuePattern.SetValue")) return Did("ValuePattern.SetValue");
    }
  }
  // Without the Value pattern's IsReadOnly, the MSAA state or the edit's style says whether it takes text.
  auto legacy = Legacy(t);
  if (legacy) {
    DWORD state = 0;
    if (SUCCEEDED(legacy->get_CurrentState(&state)) && (state & STATE_SYSTEM_READONLY)) ReadOnly(t, "LegacyIAccessiblePattern");
    if (t.Done(legacy->SetValue(text.c_str()), "LegacyIAccessiblePattern.SetValue")) return Did("LegacyIAccessiblePattern.SetValue");
  }
  const bool own_window = t.hwnd() && t.hwnd() != t.top();
  if (own_window && IsEditWindow(t.hwnd()) && (GetWindowLongPtrW(t.hwnd(), GWL_STYLE) & ES_READONLY))
    ReadOnly(t, "ES_READONLY");
  if (own_window && t.MsaaDone(MsaaSetValue(t.hwnd(), CHILDID_SELF, text), "IAccessible.put_accValue"))
    return Did("IAccessible.put_accValue");
  // Last: type it. Only into something that takes text (an edit or document control, or an edit window), enabled,
  // focused first; select all and delete what is there, then the text as characters.
  const int control_type = t.ReadInt(UIA_ControlTypePropertyId, 0);
  if (!(control_type == kControlTypeEdit || control_type == kControlTypeDocument || control_type == kControlTypeComboBox ||
        (own_window && IsEditWindow(t.hwnd())))) {
    t.Tried("SendInput.type", "the element is not an edit control");
    t.NothingFits();
  }
  if (!t.Enabled())
    throw NativeError(ErrorCode::ElementDisabled, "setText (SendInput): element " + t.ref() + " is disabled");
  // A fragment without a window of its own (a control the app paints) takes the focus from a click on it.
  if (!TryFocus(t).done && !Click(t).done) t.NothingFits();
  std::vector<INPUT> keys{KeyInput(VK_CONTROL, true), KeyInput('A', true), KeyInput('A', false), KeyInput(VK_CONTROL, false),
                          KeyInput(VK_DELETE, true), KeyInput(VK_DELETE, false)};
  std::vector<INPUT> typed = TypeTextInputs(text);
  keys.insert(keys.end(), typed.begin(), typed.end());
  SendAll(t.session(), keys, "setText");
  return Did("SendInput.type");
}

// WM_GETTEXT through SendMessageTimeout: the edit's own text, across processes (GetWindowTextW gives '' for
// another process's control: it reads only the caption Windows keeps, never asking the control).
bool WindowText(HWND hwnd, std::wstring* out) {
  DWORD_PTR length = 0;
  if (!SendMessageTimeoutW(hwnd, WM_GETTEXTLENGTH, 0, 0, SMTO_ABORTIFHUNG, kMessageTimeoutMs, &length)) return false;
  std::wstring buffer(static_cast<size_t>(length) + 1, L'\0');
  DWORD_PTR copied = 0;
  if (!SendMessageTimeoutW(hwnd, WM_GETTEXT, buffer.size(), reinterpret_cast<LPARAM>(&buffer[0]), SMTO_ABORTIFHUNG,
                           kMessageTimeoutMs, &copied))
    return false;
  buffer.resize(copied < buffer.size() ? static_cast<size_t>(copied) : buffer.size() - 1);
  *out = buffer;
  return true;
}

Outcome ReadText(Target& t) {
  if (auto text = t.Pattern<IUIAutomationTextPattern>(UIA_TextPatternId, IID_IUIAutomationTextPattern, "TextPattern")) {
    ComPtr<IUIAutomationTextRange> range;
    if (t.Done(text->get_DocumentRange(range.put()), "TextPattern.DocumentRange") && range) {
      BSTR b = nullptr;
      if (t.Done(range->GetText(-1, &b), "TextPattern.DocumentRange.GetText"))
        return Read("TextPattern.DocumentRange.GetText", TakeBstr(b));
    }
  }
  if (auto value = t.Pattern<IUIAutomationValuePattern>(UIA_ValuePatternId, IID_IUIAutomationValuePattern, "ValuePattern")) {
    BSTR b = nullptr;
    if (t.Done(value->get_CurrentValue(&b), "ValuePattern.Value")) return Read("ValuePattern.Value", TakeBstr(b));
  }
  // MSAA's value is the text of a text role; of anything else only when it has one (a button's is empty and its
  // text is its name).
  if (auto legacy = Legacy(t)) {
    BSTR b = nullptr;
    DWORD role = 0;
    if (t.Done(legacy->get_CurrentValue(&b), "LegacyIAccessiblePattern.Value")) {
      std::wstring v = TakeBstr(b);
      if (!v.empty() || (SUCCEEDED(legacy->get_CurrentRole(&role)) && role == ROLE_SYSTEM_TEXT))
        return Read("LegacyIAccessiblePattern.Value", v);
    }
  }
  const bool own_window = t.hwnd() && t.hwnd() != t.top();
  if (own_window && IsEditWindow(t.hwnd())) {
    std::wstring v;
    if (WindowText(t.hwnd(), &v)) return Read("WM_GETTEXT", v);
    t.Tried("WM_GETTEXT", "the control did not answer");
  }
  if (own_window) {
    std::wstring v;
    if (t.MsaaDone(MsaaGetValue(t.hwnd(), CHILDID_SELF, &v), "IAccessible.get_accValue") && !v.empty())
      return Read("IAccessible.get_accValue", v);
  }
  return Read("Name", t.ReadString(UIA_NamePropertyId));
}

// Focus without giving up: the done outcome, or !done with what was tried recorded.
Outcome TryFocus(Target& t) {
  t.session().ApplyTimeouts(t.deadline());
  if (t.Done(t.element()->SetFocus(), "IUIAutomationElement.SetFocus")) return Did("IUIAutomationElement.SetFocus");
  // Only the element's own window (or the element that is the top-level window): focusing the window around a
  // fragment would report success for an element that did not get the focus.
  if (t.hwnd()) {
    // A window of another thread takes the focus only from a thread sharing its input state: attach to it
    // (AttachThreadInput), after making its top-level window the foreground one.
    RaiseWindow(t.session(), t.top(), t.deadline());
    const DWORD me = GetCurrentThreadId();
    const DWORD their = GetWindowThreadProcessId(t.hwnd(), nullptr);
    bool focused = false;
    if (their && their != me && AttachThreadInput(me, their, TRUE)) {
      SetFocus(t.hwnd());
      focused = GetFocus() == t.hwnd();
      AttachThreadInput(me, their, FALSE);
    }
    if (focused) return Did("SetForegroundWindow+SetFocus");
    t.Tried("SetForegroundWindow+SetFocus", "the window did not take the focus");
  } else {
    t.Tried("SetForegroundWindow+SetFocus", "the element has no window of its own");
  }
  return LegacySelect(t, SELFLAG_TAKEFOCUS);
}

Outcome Focus(Target& t) {
  Outcome o = TryFocus(t);
  if (!o.done) t.NothingFits();
  return o;
}

Outcome ScrollIntoView(Target& t, bool* already) {
  *already = false;
  auto p = t.Pattern<IUIAutomationScrollItemPattern>(UIA_ScrollItemPatternId, IID_IUIAutomationScrollItemPattern,
                                                      "ScrollItemPattern");
  if (p && t.Done(p->ScrollIntoView(), "ScrollItemPattern.ScrollIntoView")) return Did("ScrollItemPattern.ScrollIntoView");
  // No way to scroll: that is only success when nothing needs scrolling.
  RECT r;
  std::string why;
  if (OnScreen(t, &r, &why)) {
    *already = true;
    return Did("IsOffscreen");
  }
  t.Tried("IsOffscreen", why);
  t.NothingFits();
}

}  // namespace

std::wstring FormatNumberForValue(double value) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  std::wstring out;
  for (const char* c = buffer; *c; ++c) out += static_cast<wchar_t>(*c);
  return out;
}

std::string PerformIntent(UiaSession& session, const core::IntentRequest& request, const core::Deadline& deadline) {
  bool valid = true;
  const std::wstring text = Wide(request.text, &valid);
  if (!valid) throw NativeError(ErrorCode::InvalidArgument, "perform (lam-bridge): text is not valid UTF-8");
  Target t(session, request, deadline);
  Outcome out;
  bool already_on_screen = false;
  switch (request.intent) {
    case Intent::Invoke: out = Invoke(t); break;
    case Intent::Toggle: out = Toggle(t); break;
    case Intent::Select: out = Select(t); break;
    case Intent::Expand:
    case Intent::Collapse: out = ExpandOrCollapse(t, request.intent); break;
    case Intent::SetValue: out = SetValue(t, request.number); break;
    case Intent::SetText: out = SetText(t, text); break;
    case Intent::ReadText: out = ReadText(t); break;
    case Intent::Focus: out = Focus(t); break;
    case Intent::ScrollIntoView: out = ScrollIntoView(t, &already_on_screen); break;
  }
  if (!out.done) t.NothingFits();
  core::JsonWriter w;
  w.begin_object();
  w.key("ok").value(true);
  w.key("method").value(out.method);
  if (out.has_text) w.key("result").value(out.text);
  else if (already_on_screen) w.key("result").value("already on screen");
  w.end_object();
  return w.take();
}

}  // namespace lam::win
