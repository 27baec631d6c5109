// <initguid.h> before the UIA headers in this one file: it turns their DEFINE_GUIDs into definitions of the
// provider IIDs (mingw's libuuid has none of them); the other files see declarations only.
#include <windows.h>
#include <ole2.h>
#include <initguid.h>
#include <uiautomation.h>

#include "providers.h"

#include <cstdio>
#include <string>

#include "element_model.h"
#include "event_log.h"

namespace lam::testapp {

ProviderSettings& Settings() {
  static ProviderSettings settings;
  return settings;
}

namespace {

std::string Aid(int id) {
  Element e;
  return ElementModel::Get().Find(id, &e) ? JsonString(e.automation_id) : std::string("null");
}

void LogCall(int id, const char* call, const std::string& extra = std::string()) {
  Log().Write("pattern", "\"automationId\":" + Aid(id) + ",\"call\":" + JsonString(std::string(call)) + extra);
}

HRESULT Finish(const ActResult& r) {
  for (const auto& ev : r.events) RaiseEvent(ev.first, ev.second);
  return r.hr;
}

class Provider : public IRawElementProviderSimple,
                 public IRawElementProviderFragment,
                 public IRawElementProviderFragmentRoot,
                 public IInvokeProvider,
                 public IToggleProvider,
                 public ISelectionProvider,
                 public ISelectionItemProvider,
                 public IExpandCollapseProvider,
                 public IValueProvider,
                 public IRangeValueProvider {
 public:
  explicit Provider(int id) : id_(id) {}
  virtual ~Provider() = default;

  // ---- IUnknown
  STDMETHODIMP QueryInterface(REFIID riid, void** out) override {
    *out = nullptr;
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) e.kind = Kind::kRoot, e.id = -1;
    if (riid == IID_IUnknown || riid == IID_IRawElementProviderSimple) *out = static_cast<IRawElementProviderSimple*>(this);
    else if (riid == IID_IRawElementProviderFragment) *out = static_cast<IRawElementProviderFragment*>(this);
    else if (riid == IID_IRawElementProviderFragmentRoot && id_ == 0) *out = static_cast<IRawElementProviderFragmentRoot*>(this);
    else if (riid == IID_IInvokeProvider && e.kind == Kind::kButton) *out = static_cast<IInvokeProvider*>(this);
    else if (riid == IID_IToggleProvider && e.kind == Kind::kCheckBox) *out = static_cast<IToggleProvider*>(this);
    else if (riid == IID_ISelectionProvider && e.kind == Kind::kList) *out = static_cast<ISelectionProvider*>(this);
    else if (riid == IID_ISelectionItemProvider && e.kind == Kind::kListItem) *out = static_cast<ISelectionItemProvider*>(this);
    else if (riid == IID_IExpandCollapseProvider && e.kind == Kind::kTreeItem) *out = static_cast<IExpandCollapseProvider*>(this);
    else if (riid == IID_IValueProvider && e.kind == Kind::kEdit) *out = static_cast<IValueProvider*>(this);
    else if (riid == IID_IRangeValueProvider && e.kind == Kind::kSlider) *out = static_cast<IRangeValueProvider*>(this);
    if (!*out) return E_NOINTERFACE;
    AddRef();
    return S_OK;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return static_cast<ULONG>(InterlockedIncrement(&refs_)); }
  STDMETHODIMP_(ULONG) Release() override {
    LONG r = InterlockedDecrement(&refs_);
    if (!r) delete this;
    return static_cast<ULONG>(r);
  }

  // ---- IRawElementProviderSimple
  STDMETHODIMP get_ProviderOptions(ProviderOptions* out) override {
    *out = static_cast<ProviderOptions>(ProviderOptions_ServerSideProvider |
                                        (Settings().com_threading ? ProviderOptions_UseComThreading : 0));
    return S_OK;
  }
  STDMETHODIMP GetPatternProvider(PATTERNID pattern, IUnknown** out) override {
    *out = nullptr;
    IID iid;
    switch (pattern) {
      case UIA_InvokePatternId: iid = IID_IInvokeProvider; break;
      case UIA_TogglePatternId: iid = IID_IToggleProvider; break;
      case UIA_SelectionPatternId: iid = IID_ISelectionProvider; break;
      case UIA_SelectionItemPatternId: iid = IID_ISelectionItemProvider; break;
      case UIA_ExpandCollapsePatternId: iid = IID_IExpandCollapseProvider; break;
      case UIA_ValuePatternId: iid = IID_IValueProvider; break;
      case UIA_RangeValuePatternId: iid = IID_IRangeValueProvider; break;
      default: return S_OK;  // not supported: S_OK with NULL, as the documentation asks
    }
    void* p = nullptr;
    // Each pattern interface starts with IUnknown, and QueryInterface returns the matching base pointer.
    if (SUCCEEDED(QueryInterface(iid, &p))) *out = static_cast<IUnknown*>(p);
    return S_OK;
  }
  STDMETHODIMP GetPropertyValue(PROPERTYID property, VARIANT* out) override {
    VariantInit(out);
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    auto text = [out](const std::wstring& s) { V_VT(out) = VT_BSTR; V_BSTR(out) = SysAllocString(s.c_str()); };
    auto flag = [out](bool b) { V_VT(out) = VT_BOOL; V_BOOL(out) = b ? VARIANT_TRUE : VARIANT_FALSE; };
    switch (property) {
      case UIA_ControlTypePropertyId: V_VT(out) = VT_I4; V_I4(out) = e.control_type; break;
      case UIA_NamePropertyId: text(e.name); break;
      case UIA_AutomationIdPropertyId: text(e.automation_id); break;
      case UIA_FrameworkIdPropertyId: text(L"LamTestApp"); break;
      case UIA_ClassNamePropertyId: if (id_ != 0) text(L"LamTestAppElement"); break;  // the root: the HWND's class
      case UIA_IsEnabledPropertyId: flag(e.enabled); break;
      case UIA_IsOffscreenPropertyId: if (id_ != 0) flag(false); break;
      case UIA_IsControlElementPropertyId: flag(true); break;
      case UIA_IsContentElementPropertyId: flag(true); break;
      case UIA_IsKeyboardFocusablePropertyId: flag(id_ != 0 && e.enabled && e.kind != Kind::kTree); break;
      case UIA_HasKeyboardFocusPropertyId: {
        GUITHREADINFO info{};
        info.cbSize = sizeof info;
        // GetFocus() only knows the calling thread's focus; this call may come on another thread.
        bool window_focused = GetGUIThreadInfo(GetWindowThreadProcessId(ElementModel::Get().window(), nullptr), &info) &&
                              info.hwndFocus == ElementModel::Get().window();
        flag(id_ != 0 && window_focused && ElementModel::Get().Focused() == id_);
        break;
      }
      // The pattern-availability properties: UIA derives them from GetPatternProvider, nothing to add.
      default: break;
    }
    return S_OK;
  }
  STDMETHODIMP get_HostRawElementProvider(IRawElementProviderSimple** out) override {
    *out = nullptr;
    // Only the fragment root is hosted in a window; a windowless fragment must return NULL.
    return id_ == 0 ? UiaHostProviderFromHwnd(ElementModel::Get().window(), out) : S_OK;
  }

  // ---- IRawElementProviderFragment
  STDMETHODIMP Navigate(NavigateDirection direction, IRawElementProviderFragment** out) override {
    *out = nullptr;
    ElementModel& model = ElementModel::Get();
    if (!model.Find(id_, nullptr)) return UIA_E_ELEMENTNOTAVAILABLE;
    int target = -1;
    if (direction == NavigateDirection_Parent) {
      target = model.Parent(id_);  // the root's parent (the desktop) is UIA's business: -1
    } else if (direction == NavigateDirection_FirstChild || direction == NavigateDirection_LastChild) {
      std::vector<int> kids = model.Children(id_);
      if (!kids.empty()) target = direction == NavigateDirection_FirstChild ? kids.front() : kids.back();
    } else if (id_ != 0) {  // siblings; the root's are UIA's business
      std::vector<int> kids = model.Children(model.Parent(id_));
      for (size_t i = 0; i < kids.size(); ++i) {
        if (kids[i] != id_) continue;
        if (direction == NavigateDirection_NextSibling && i + 1 < kids.size()) target = kids[i + 1];
        if (direction == NavigateDirection_PreviousSibling && i > 0) target = kids[i - 1];
      }
    }
    if (target >= 0) *out = static_cast<IRawElementProviderFragment*>(new Provider(target));
    return S_OK;
  }
  STDMETHODIMP GetRuntimeId(SAFEARRAY** out) override {
    *out = nullptr;
    if (id_ == 0) return S_OK;  // hosted fragment root: the host HWND provider supplies the id
    *out = SafeArrayCreateVector(VT_I4, 0, 2);
    if (!*out) return E_OUTOFMEMORY;
    LONG index = 0, value = UiaAppendRuntimeId;
    SafeArrayPutElement(*out, &index, &value);
    index = 1;
    value = id_;
    SafeArrayPutElement(*out, &index, &value);
    return S_OK;
  }
  STDMETHODIMP get_BoundingRectangle(UiaRect* out) override {
    *out = UiaRect{};
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    if (id_ == 0) return S_OK;  // the host supplies the window's rectangle
    POINT corners[2] = {{e.rect.left, e.rect.top}, {e.rect.right, e.rect.bottom}};
    MapWindowPoints(ElementModel::Get().window(), nullptr, corners, 2);
    *out = UiaRect{static_cast<double>(corners[0].x), static_cast<double>(corners[0].y),
                   static_cast<double>(corners[1].x - corners[0].x), static_cast<double>(corners[1].y - corners[0].y)};
    return S_OK;
  }
  STDMETHODIMP GetEmbeddedFragmentRoots(SAFEARRAY** out) override {
    *out = nullptr;
    return S_OK;
  }
  STDMETHODIMP SetFocus() override {
    LogCall(id_, "SetFocus");
    if (id_ == 0) return S_OK;
    // Keyboard focus goes to the window (SetFocus must run on its thread: posted), the element inside it is ours.
    PostMessageW(ElementModel::Get().window(), kInvokeMessage, static_cast<WPARAM>(id_), 1);
    return Finish(ElementModel::Get().Act(id_, Action::kFocus, L"", 0, "pattern"));
  }
  STDMETHODIMP get_FragmentRoot(IRawElementProviderFragmentRoot** out) override {
    *out = static_cast<IRawElementProviderFragmentRoot*>(new Provider(0));
    return S_OK;
  }

  // ---- IRawElementProviderFragmentRoot
  STDMETHODIMP ElementProviderFromPoint(double x, double y, IRawElementProviderFragment** out) override {
    *out = nullptr;
    POINT p{static_cast<LONG>(x), static_cast<LONG>(y)};
    MapWindowPoints(nullptr, ElementModel::Get().window(), &p, 1);
    int hit = ElementModel::Get().HitTest(p);
    if (hit > 0) *out = static_cast<IRawElementProviderFragment*>(new Provider(hit));
    return S_OK;
  }
  STDMETHODIMP GetFocus(IRawElementProviderFragment** out) override {
    *out = nullptr;
    int focused = ElementModel::Get().Focused();
    if (focused > 0) *out = static_cast<IRawElementProviderFragment*>(new Provider(focused));
    return S_OK;
  }

  // ---- IInvokeProvider: asynchronous (the documentation: "Invoke is an asynchronous call and must return
  // immediately without blocking"); the UI thread does the click.
  STDMETHODIMP Invoke() override {
    LogCall(id_, "Invoke");
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    if (!e.enabled) return UIA_E_ELEMENTNOTENABLED;
    PostMessageW(ElementModel::Get().window(), kInvokeMessage, static_cast<WPARAM>(id_), 0);
    return S_OK;
  }

  // ---- IToggleProvider
  STDMETHODIMP Toggle() override {
    LogCall(id_, "Toggle");
    return Finish(ElementModel::Get().Act(id_, Action::kToggle, L"", 0, "pattern"));
  }
  STDMETHODIMP get_ToggleState(ToggleState* out) override {
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    *out = static_cast<ToggleState>(e.toggle);
    return S_OK;
  }

  // ---- ISelectionProvider (the list)
  STDMETHODIMP GetSelection(SAFEARRAY** out) override {
    std::vector<int> selected;
    for (int child : ElementModel::Get().Children(id_)) {
      Element e;
      if (ElementModel::Get().Find(child, &e) && e.selected) selected.push_back(child);
    }
    *out = SafeArrayCreateVector(VT_UNKNOWN, 0, static_cast<ULONG>(selected.size()));
    if (!*out) return E_OUTOFMEMORY;
    for (LONG i = 0; i < static_cast<LONG>(selected.size()); ++i) {
      IRawElementProviderSimple* p = NewProvider(selected[static_cast<size_t>(i)]);
      SafeArrayPutElement(*out, &i, p);  // the array AddRefs
      p->Release();
    }
    return S_OK;
  }
  STDMETHODIMP get_CanSelectMultiple(BOOL* out) override { *out = FALSE; return S_OK; }
  STDMETHODIMP get_IsSelectionRequired(BOOL* out) override { *out = FALSE; return S_OK; }

  // ---- ISelectionItemProvider (list items)
  STDMETHODIMP Select() override {
    LogCall(id_, "Select");
    return Finish(ElementModel::Get().Act(id_, Action::kSelect, L"", 0, "pattern"));
  }
  STDMETHODIMP AddToSelection() override {
    LogCall(id_, "AddToSelection");
    // Single selection: adding to an empty selection selects; anything else is InvalidOperation.
    int parent = ElementModel::Get().Parent(id_);
    for (int child : ElementModel::Get().Children(parent)) {
      Element e;
      if (child != id_ && ElementModel::Get().Find(child, &e) && e.selected) return UIA_E_INVALIDOPERATION;
    }
    return Finish(ElementModel::Get().Act(id_, Action::kSelect, L"", 0, "pattern"));
  }
  STDMETHODIMP RemoveFromSelection() override {
    LogCall(id_, "RemoveFromSelection");
    return S_OK;  // IsSelectionRequired is FALSE, but the model keeps one item selected: nothing to remove
  }
  STDMETHODIMP get_IsSelected(BOOL* out) override {
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    *out = e.selected;
    return S_OK;
  }
  STDMETHODIMP get_SelectionContainer(IRawElementProviderSimple** out) override {
    *out = NewProvider(ElementModel::Get().Parent(id_));
    return S_OK;
  }

  // ---- IExpandCollapseProvider (the tree item)
  STDMETHODIMP Expand() override {
    LogCall(id_, "Expand");
    return Finish(ElementModel::Get().Act(id_, Action::kExpand, L"", 0, "pattern"));
  }
  STDMETHODIMP Collapse() override {
    LogCall(id_, "Collapse");
    return Finish(ElementModel::Get().Act(id_, Action::kCollapse, L"", 0, "pattern"));
  }
  STDMETHODIMP get_ExpandCollapseState(ExpandCollapseState* out) override {
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    *out = e.expanded ? ExpandCollapseState_Expanded : ExpandCollapseState_Collapsed;
    return S_OK;
  }

  // ---- IValueProvider (the edits)
  STDMETHODIMP SetValue(LPCWSTR value) override {
    LogCall(id_, "SetValue", ",\"text\":" + JsonString(std::wstring(value ? value : L"")));
    return Finish(ElementModel::Get().Act(id_, Action::kSetValue, value ? value : L"", 0, "pattern"));
  }
  STDMETHODIMP get_Value(BSTR* out) override {
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    *out = SysAllocString(e.value.c_str());
    return S_OK;
  }
  // One override serves IValueProvider and IRangeValueProvider (same signature): the slider is never read-only.
  STDMETHODIMP get_IsReadOnly(BOOL* out) override {
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    *out = e.kind == Kind::kEdit && e.read_only;
    return S_OK;
  }

  // ---- IRangeValueProvider (the slider)
  STDMETHODIMP SetValue(double value) override {
    LogCall(id_, "RangeValue.SetValue", ",\"value\":" + std::to_string(value));
    return Finish(ElementModel::Get().Act(id_, Action::kSetRange, L"", value, "pattern"));
  }
  STDMETHODIMP get_Value(double* out) override { return Range(out, &Element::range); }
  STDMETHODIMP get_Maximum(double* out) override { return Range(out, &Element::range_max); }
  STDMETHODIMP get_Minimum(double* out) override { return Range(out, &Element::range_min); }
  STDMETHODIMP get_LargeChange(double* out) override { return Range(out, &Element::large_change); }
  STDMETHODIMP get_SmallChange(double* out) override { return Range(out, &Element::small_change); }

 private:
  HRESULT Range(double* out, double Element::*field) {
    Element e;
    if (!ElementModel::Get().Find(id_, &e)) return UIA_E_ELEMENTNOTAVAILABLE;
    *out = e.*field;
    return S_OK;
  }

  LONG refs_ = 1;
  int id_;
};

}  // namespace

IRawElementProviderSimple* NewProvider(int id) { return static_cast<IRawElementProviderSimple*>(new Provider(id)); }

void RaiseEvent(int id, EVENTID event) {
  IRawElementProviderSimple* p = NewProvider(id);
  HRESULT hr = UiaRaiseAutomationEvent(p, event);
  p->Release();
  char buf[64];
  snprintf(buf, sizeof buf, ",\"eventId\":%d,\"hr\":\"%08lx\"", event, static_cast<unsigned long>(hr));
  Log().Write("uiaEvent", "\"automationId\":" + Aid(id) + buf);
}

}  // namespace lam::testapp
