// The double's pattern objects: each action changes the node's state (so a re-read shows it) and is logged.
#include "uia_double/objects.h"

namespace lam_double {

namespace {

constexpr HRESULT kNotEnabled = static_cast<HRESULT>(0x80040200);        // UIA_E_ELEMENTNOTENABLED
constexpr HRESULT kInvalidOperation = static_cast<HRESULT>(0x80131509);  // UIA_E_INVALIDOPERATION

BSTR Bstr(const std::wstring& s) { return SysAllocStringLen(s.data(), static_cast<UINT>(s.size())); }

#define LAM_DOUBLE_PATTERN_CTOR(Class) \
  Class(WorldPtr w, int node) : w_(std::move(w)), n_(node) {} \
  Node& node() { return w_->node(n_); }

class InvokeObject : public NotImpl_IUIAutomationInvokePattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(InvokeObject)
  HRESULT STDMETHODCALLTYPE Invoke() override {
    HRESULT hr = w_->Enter("IUIAutomationInvokePattern.Invoke", n_);
    if (FAILED(hr)) return hr;
    if (!node().enabled) return kNotEnabled;
    ++node().invoked;
    return S_OK;
  }
 private:
  WorldPtr w_;
  int n_;
};

class ToggleObject : public NotImpl_IUIAutomationTogglePattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(ToggleObject)
  HRESULT STDMETHODCALLTYPE Toggle() override {
    HRESULT hr = w_->Enter("IUIAutomationTogglePattern.Toggle", n_);
    if (FAILED(hr)) return hr;
    if (!node().enabled) return kNotEnabled;
    // Off → On → (Indeterminate →) Off, the order IToggleProvider documents.
    int t = node().toggle < 0 ? 0 : node().toggle;
    node().toggle = node().three_state ? (t == 0 ? 1 : t == 1 ? 2 : 0) : (t == 1 ? 0 : 1);
    w_->Log("  toggle=" + std::to_string(node().toggle));
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE get_CurrentToggleState(ToggleState* s) override { return State("get_CurrentToggleState", s); }
  HRESULT STDMETHODCALLTYPE get_CachedToggleState(ToggleState* s) override { return State("get_CachedToggleState", s); }
 private:
  HRESULT State(const char* m, ToggleState* s) {
    if (!s) return E_POINTER;
    HRESULT hr = w_->Enter((std::string("IUIAutomationTogglePattern.") + m).c_str(), n_);
    if (SUCCEEDED(hr)) *s = static_cast<ToggleState>(node().toggle < 0 ? 0 : node().toggle);
    return hr;
  }
  WorldPtr w_;
  int n_;
};

class ValueObject : public NotImpl_IUIAutomationValuePattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(ValueObject)
  HRESULT STDMETHODCALLTYPE SetValue(BSTR v) override {
    std::wstring text = v ? std::wstring(v, SysStringLen(v)) : std::wstring();
    HRESULT hr = w_->Enter("IUIAutomationValuePattern.SetValue", n_, Narrow(text));
    if (FAILED(hr)) return hr;
    if (!node().enabled) return kNotEnabled;
    if (node().read_only) return kInvalidOperation;  // IValueProvider::SetValue on a read-only control
    node().value = text;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE get_CurrentValue(BSTR* v) override { return Text("get_CurrentValue", v); }
  HRESULT STDMETHODCALLTYPE get_CachedValue(BSTR* v) override { return Text("get_CachedValue", v); }
  HRESULT STDMETHODCALLTYPE get_CurrentIsReadOnly(BOOL* v) override { return ReadOnly("get_CurrentIsReadOnly", v); }
  HRESULT STDMETHODCALLTYPE get_CachedIsReadOnly(BOOL* v) override { return ReadOnly("get_CachedIsReadOnly", v); }
 private:
  HRESULT Text(const char* m, BSTR* v) {
    if (!v) return E_POINTER;
    HRESULT hr = w_->Enter((std::string("IUIAutomationValuePattern.") + m).c_str(), n_);
    if (SUCCEEDED(hr)) *v = Bstr(node().value);
    return hr;
  }
  HRESULT ReadOnly(const char* m, BOOL* v) {
    if (!v) return E_POINTER;
    HRESULT hr = w_->Enter((std::string("IUIAutomationValuePattern.") + m).c_str(), n_);
    if (SUCCEEDED(hr)) *v = node().read_only;
    return hr;
  }
  WorldPtr w_;
  int n_;
};

class RangeValueObject : public NotImpl_IUIAutomationRangeValuePattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(RangeValueObject)
  HRESULT STDMETHODCALLTYPE SetValue(double v) override {
    HRESULT hr = w_->Enter("IUIAutomationRangeValuePattern.SetValue", n_, std::to_string(v));
    if (FAILED(hr)) return hr;
    if (!node().enabled || node().read_only) return kNotEnabled;
    if (v < node().range[1] || v > node().range[2]) return E_INVALIDARG;  // ArgumentOutOfRangeException
    node().range[0] = v;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE get_CurrentValue(double* v) override { return Get("get_CurrentValue", 0, v); }
  HRESULT STDMETHODCALLTYPE get_CurrentMinimum(double* v) override { return Get("get_CurrentMinimum", 1, v); }
  HRESULT STDMETHODCALLTYPE get_CurrentMaximum(double* v) override { return Get("get_CurrentMaximum", 2, v); }
  HRESULT STDMETHODCALLTYPE get_CurrentSmallChange(double* v) override { return Get("get_CurrentSmallChange", 3, v); }
  HRESULT STDMETHODCALLTYPE get_CurrentLargeChange(double* v) override {
    HRESULT hr = Get("get_CurrentLargeChange", 3, v);
    if (SUCCEEDED(hr)) *v *= 10;
    return hr;
  }
  HRESULT STDMETHODCALLTYPE get_CurrentIsReadOnly(BOOL* v) override {
    if (!v) return E_POINTER;
    HRESULT hr = w_->Enter("IUIAutomationRangeValuePattern.get_CurrentIsReadOnly", n_);
    if (SUCCEEDED(hr)) *v = node().read_only;
    return hr;
  }
 private:
  HRESULT Get(const char* m, int i, double* v) {
    if (!v) return E_POINTER;
    HRESULT hr = w_->Enter((std::string("IUIAutomationRangeValuePattern.") + m).c_str(), n_);
    if (SUCCEEDED(hr)) *v = node().range[i];
    return hr;
  }
  WorldPtr w_;
  int n_;
};

class SelectionItemObject : public NotImpl_IUIAutomationSelectionItemPattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(SelectionItemObject)
  HRESULT STDMETHODCALLTYPE Select() override {
    HRESULT hr = w_->Enter("IUIAutomationSelectionItemPattern.Select", n_);
    if (FAILED(hr)) return hr;
    if (!node().enabled) return kNotEnabled;
    // Select deselects every other item of the container.
    if (node().parent >= 0)
      for (int s : w_->node(node().parent).children)
        if (w_->node(s).selected >= 0) w_->node(s).selected = 0;
    node().selected = 1;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE AddToSelection() override { return Set("AddToSelection", 1); }
  HRESULT STDMETHODCALLTYPE RemoveFromSelection() override { return Set("RemoveFromSelection", 0); }
  HRESULT STDMETHODCALLTYPE get_CurrentIsSelected(BOOL* v) override {
    if (!v) return E_POINTER;
    HRESULT hr = w_->Enter("IUIAutomationSelectionItemPattern.get_CurrentIsSelected", n_);
    if (SUCCEEDED(hr)) *v = node().selected == 1;
    return hr;
  }
  HRESULT STDMETHODCALLTYPE get_CurrentSelectionContainer(IUIAutomationElement** out) override {
    if (!out) return E_POINTER;
    *out = nullptr;
    HRESULT hr = w_->Enter("IUIAutomationSelectionItemPattern.get_CurrentSelectionContainer", n_);
    if (SUCCEEDED(hr) && node().parent > 0) *out = new Element(w_, node().parent);
    return hr;
  }
 private:
  HRESULT Set(const char* m, int v) {
    HRESULT hr = w_->Enter((std::string("IUIAutomationSelectionItemPattern.") + m).c_str(), n_);
    if (SUCCEEDED(hr)) node().selected = v;
    return hr;
  }
  WorldPtr w_;
  int n_;
};

class ExpandCollapseObject : public NotImpl_IUIAutomationExpandCollapsePattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(ExpandCollapseObject)
  HRESULT STDMETHODCALLTYPE Expand() override { return Set("Expand", ExpandCollapseState_Expanded); }
  HRESULT STDMETHODCALLTYPE Collapse() override { return Set("Collapse", ExpandCollapseState_Collapsed); }
  HRESULT STDMETHODCALLTYPE get_CurrentExpandCollapseState(ExpandCollapseState* s) override {
    if (!s) return E_POINTER;
    HRESULT hr = w_->Enter("IUIAutomationExpandCollapsePattern.get_CurrentExpandCollapseState", n_);
    if (SUCCEEDED(hr)) *s = static_cast<ExpandCollapseState>(node().expand < 0 ? 0 : node().expand);
    return hr;
  }
 private:
  HRESULT Set(const char* m, int v) {
    HRESULT hr = w_->Enter((std::string("IUIAutomationExpandCollapsePattern.") + m).c_str(), n_);
    if (FAILED(hr)) return hr;
    if (!node().enabled) return kNotEnabled;
    if (node().expand == ExpandCollapseState_LeafNode) return kInvalidOperation;
    node().expand = v;
    return S_OK;
  }
  WorldPtr w_;
  int n_;
};

class ScrollItemObject : public NotImpl_IUIAutomationScrollItemPattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(ScrollItemObject)
  HRESULT STDMETHODCALLTYPE ScrollIntoView() override {
    HRESULT hr = w_->Enter("IUIAutomationScrollItemPattern.ScrollIntoView", n_);
    if (FAILED(hr)) return hr;
    node().offscreen = false;
    ++node().scrolled;
    return S_OK;
  }
 private:
  WorldPtr w_;
  int n_;
};

class TextRangeObject : public NotImpl_IUIAutomationTextRange {
 public:
  LAM_DOUBLE_PATTERN_CTOR(TextRangeObject)
  HRESULT STDMETHODCALLTYPE GetText(int max_length, BSTR* text) override {
    if (!text) return E_POINTER;
    HRESULT hr = w_->Enter("IUIAutomationTextRange.GetText", n_, std::to_string(max_length));
    if (FAILED(hr)) return hr;
    if (max_length < -1) return E_INVALIDARG;
    std::wstring t = node().text;
    if (max_length >= 0 && t.size() > static_cast<size_t>(max_length)) t.resize(static_cast<size_t>(max_length));
    *text = Bstr(t);
    return S_OK;
  }
 private:
  WorldPtr w_;
  int n_;
};

class TextObject : public NotImpl_IUIAutomationTextPattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(TextObject)
  HRESULT STDMETHODCALLTYPE get_DocumentRange(IUIAutomationTextRange** range) override {
    if (!range) return E_POINTER;
    *range = nullptr;
    HRESULT hr = w_->Enter("IUIAutomationTextPattern.get_DocumentRange", n_);
    if (SUCCEEDED(hr)) *range = new TextRangeObject(w_, n_);
    return hr;
  }
 private:
  WorldPtr w_;
  int n_;
};

class LegacyIAccessibleObject : public NotImpl_IUIAutomationLegacyIAccessiblePattern {
 public:
  LAM_DOUBLE_PATTERN_CTOR(LegacyIAccessibleObject)
  HRESULT STDMETHODCALLTYPE DoDefaultAction() override {
    HRESULT hr = w_->Enter("IUIAutomationLegacyIAccessiblePattern.DoDefaultAction", n_);
    if (FAILED(hr)) return hr;
    ++node().default_actions;
    // A check box's default action ("Check"/"Uncheck") flips it, as oleacc's button proxy does.
    if (node().toggle >= 0) node().toggle = node().toggle == 1 ? 0 : 1;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE SetValue(LPCWSTR v) override {
    std::wstring text = v ? v : L"";
    HRESULT hr = w_->Enter("IUIAutomationLegacyIAccessiblePattern.SetValue", n_, Narrow(text));
    if (FAILED(hr)) return hr;
    if (node().read_only) return E_ACCESSDENIED;
    node().value = text;
    node().has_value = true;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE get_CurrentChildId(int* v) override { return Int("get_CurrentChildId", 0, v); }
  HRESULT STDMETHODCALLTYPE get_CurrentRole(DWORD* v) override {
    if (!v) return E_POINTER;
    int role = 0;
    HRESULT hr = Int("get_CurrentRole", static_cast<int>(node().legacy_role), &role);
    *v = static_cast<DWORD>(role);
    return hr;
  }
  HRESULT STDMETHODCALLTYPE get_CurrentState(DWORD* v) override {
    if (!v) return E_POINTER;
    HRESULT hr = w_->Enter("IUIAutomationLegacyIAccessiblePattern.get_CurrentState", n_);
    DWORD s = 0;
    if (!node().enabled) s |= STATE_SYSTEM_UNAVAILABLE;
    if (node().focused) s |= STATE_SYSTEM_FOCUSED;
    if (node().focusable) s |= STATE_SYSTEM_FOCUSABLE;
    if (node().toggle == 1) s |= STATE_SYSTEM_CHECKED;
    if (node().read_only) s |= STATE_SYSTEM_READONLY;
    *v = s;
    return hr;
  }
  HRESULT STDMETHODCALLTYPE get_CurrentName(BSTR* v) override { return Str("get_CurrentName", node().name, v); }
  HRESULT STDMETHODCALLTYPE get_CurrentValue(BSTR* v) override { return Str("get_CurrentValue", node().value, v); }
  HRESULT STDMETHODCALLTYPE get_CurrentDefaultAction(BSTR* v) override {
    return Str("get_CurrentDefaultAction", node().default_action, v);
  }
 private:
  HRESULT Int(const char* m, int value, int* v) {
    if (!v) return E_POINTER;
    HRESULT hr = w_->Enter((std::string("IUIAutomationLegacyIAccessiblePattern.") + m).c_str(), n_);
    *v = value;
    return hr;
  }
  HRESULT Str(const char* m, const std::wstring& value, BSTR* v) {
    if (!v) return E_POINTER;
    *v = nullptr;
    HRESULT hr = w_->Enter((std::string("IUIAutomationLegacyIAccessiblePattern.") + m).c_str(), n_);
    if (SUCCEEDED(hr)) *v = Bstr(value);
    return hr;
  }
  WorldPtr w_;
  int n_;
};

#undef LAM_DOUBLE_PATTERN_CTOR

}  // namespace

IUnknown* MakePattern(WorldPtr w, int node, PATTERNID id) {
  switch (id) {
    case UIA_InvokePatternId: return new InvokeObject(w, node);
    case UIA_TogglePatternId: return new ToggleObject(w, node);
    case UIA_ValuePatternId: return new ValueObject(w, node);
    case UIA_RangeValuePatternId: return new RangeValueObject(w, node);
    case UIA_SelectionItemPatternId: return new SelectionItemObject(w, node);
    case UIA_ExpandCollapsePatternId: return new ExpandCollapseObject(w, node);
    case UIA_ScrollItemPatternId: return new ScrollItemObject(w, node);
    case UIA_TextPatternId: return new TextObject(w, node);
    case UIA_LegacyIAccessiblePatternId: return new LegacyIAccessibleObject(w, node);
    default: return nullptr;
  }
}

}  // namespace lam_double
