// The double's IUIAutomationElement: property reads (current and cached, Ex and plain), the cache a cache
// request builds (cached children by the request's scope and filter, a provider boundary's children left out),
// FindAll/FindFirst, patterns, SetFocus.
#include <algorithm>
#include <functional>

#include "uia_double/objects.h"

namespace lam_double {

namespace {

// UIA_E_INVALIDOPERATION: Windows' answer for a property or pattern that is not in the element's cache; Wine
// 10 answers E_INVALIDARG (docs/WINE10_UIA.md).
constexpr HRESULT kInvalidOperation = static_cast<HRESULT>(0x80131509);

// Wine 10's client answers E_NOTIMPL for every pattern property and every Is<X>PatternAvailable flag, current or
// cached (docs/WINE10_UIA.md, measured with the backend's uia-prop hook against real providers).
bool IsPatternProperty(PROPERTYID id) {
  return (id >= UIA_IsDockPatternAvailablePropertyId && id <= UIA_IsWindowPatternAvailablePropertyId) ||
         (id >= UIA_ValueValuePropertyId && id <= UIA_RangeValueSmallChangePropertyId) ||
         id == UIA_ExpandCollapseExpandCollapseStatePropertyId || id == UIA_SelectionItemIsSelectedPropertyId ||
         id == UIA_ToggleToggleStatePropertyId || (id >= UIA_IsLegacyIAccessiblePatternAvailablePropertyId &&
                                                   id <= UIA_LegacyIAccessibleDefaultActionPropertyId) ||
         (id >= UIA_IsItemContainerPatternAvailablePropertyId && id <= UIA_IsSynchronizedInputPatternAvailablePropertyId);
}

std::string IdsOf(const std::vector<int>& nodes, World& w) {
  std::string out;
  for (int n : nodes) {
    if (!out.empty()) out += ',';
    out += w.node(n).key;
  }
  return out;
}

}  // namespace

Element* ElementOf(IUIAutomationElement* e) { return e ? dynamic_cast<Element*>(e) : nullptr; }

Element::~Element() {
  for (Element* c : cached_children_) c->Release();
}

void Element::BuildCache(const CacheSpec& spec, int depth) {
  cached_ = true;
  spec_ = spec;
  spec_.filter = nullptr;  // the request's condition may go before this element does
  bool children = (spec.scope & TreeScope_Children) != 0 || ((spec.scope & TreeScope_Descendants) != 0);
  if (!children) return;
  has_cached_children_ = true;
  if (w_->node(node_).drop_children) return;  // a provider boundary: the cache stops here
  bool deeper = (spec.scope & TreeScope_Descendants) != 0;
  for (int c : ViewChildren(*w_, node_, spec.filter, true)) {
    Element* child = new Element(w_, c);
    CacheSpec sub = spec;
    if (!deeper) sub.scope = TreeScope_Element;
    child->BuildCache(sub, depth + 1);
    cached_children_.push_back(child);
  }
}

HRESULT Element::Current(const char* method, PROPERTYID id, VARIANT* v) {
  if (!v) return E_POINTER;
  VariantInit(v);
  HRESULT hr = w_->Enter(method, node_, std::to_string(id));
  if (FAILED(hr)) return hr;
  if (w_->wine10() && IsPatternProperty(id)) return E_NOTIMPL;
  PropertyOf(*w_, node_, id, v);
  return S_OK;
}

HRESULT Element::Cached(const char* method, PROPERTYID id, VARIANT* v) {
  if (!v) return E_POINTER;
  VariantInit(v);
  HRESULT hr = w_->Enter(method, node_, std::to_string(id));
  if (FAILED(hr)) return hr;
  if (!cached_ || !spec_.properties.count(id)) return w_->wine10() ? E_INVALIDARG : kInvalidOperation;
  if (w_->wine10() && IsPatternProperty(id)) return E_NOTIMPL;
  // Read at call time, not frozen at BuildUpdatedCache: the double's tests re-read through a fresh cache.
  PropertyOf(*w_, node_, id, v);
  return S_OK;
}

static void NotSupported(VARIANT* v) {
  // ignoreDefaultValue: an absent property reads as the reserved not-supported value (VT_UNKNOWN).
  VariantInit(v);
  IUnknown* ns = nullptr;
  if (SUCCEEDED(UiaGetReservedNotSupportedValue(&ns)) && ns) {
    V_VT(v) = VT_UNKNOWN;
    V_UNKNOWN(v) = ns;
    ns->AddRef();
  }
}

HRESULT Element::GetCurrentPropertyValue(PROPERTYID id, VARIANT* v) {
  return Current("IUIAutomationElement.GetCurrentPropertyValue", id, v);
}
HRESULT Element::GetCurrentPropertyValueEx(PROPERTYID id, BOOL ignore_default, VARIANT* v) {
  HRESULT hr = Current("IUIAutomationElement.GetCurrentPropertyValueEx", id, v);
  if (SUCCEEDED(hr) && V_VT(v) == VT_EMPTY && ignore_default) NotSupported(v);
  return hr;
}
HRESULT Element::GetCachedPropertyValue(PROPERTYID id, VARIANT* v) {
  return Cached("IUIAutomationElement.GetCachedPropertyValue", id, v);
}
HRESULT Element::GetCachedPropertyValueEx(PROPERTYID id, BOOL ignore_default, VARIANT* v) {
  HRESULT hr = Cached("IUIAutomationElement.GetCachedPropertyValueEx", id, v);
  if (SUCCEEDED(hr) && V_VT(v) == VT_EMPTY && ignore_default) NotSupported(v);
  return hr;
}

HRESULT Element::BuildUpdatedCache(IUIAutomationCacheRequest* r, IUIAutomationElement** updated) {
  if (!updated) return E_POINTER;
  *updated = nullptr;
  CacheRequest* request = RequestOf(r);
  if (!request) return E_INVALIDARG;
  HRESULT hr = w_->Enter("IUIAutomationElement.BuildUpdatedCache", node_,
                         "request=" + std::to_string(request->id) + " " + request->spec.Describe());
  if (FAILED(hr)) return hr;
  Element* e = new Element(w_, node_);
  e->BuildCache(request->spec, 0);
  *updated = e;
  return S_OK;
}

HRESULT Element::GetCachedChildren(IUIAutomationElementArray** children) {
  if (!children) return E_POINTER;
  *children = nullptr;
  HRESULT hr = w_->Enter("IUIAutomationElement.GetCachedChildren", node_);
  if (FAILED(hr)) return hr;
  if (!cached_ || !has_cached_children_) return kInvalidOperation;
  // Windows answers S_OK with a null array when the cached view has no children.
  if (cached_children_.empty()) return S_OK;
  ElementArray* a = new ElementArray;
  for (Element* c : cached_children_) {
    c->AddRef();
    a->items.push_back(c);
  }
  *children = a;
  return S_OK;
}

HRESULT Element::GetCachedParent(IUIAutomationElement** parent) {
  if (!parent) return E_POINTER;
  *parent = nullptr;
  HRESULT hr = w_->Enter("IUIAutomationElement.GetCachedParent", node_);
  if (FAILED(hr)) return hr;
  return kInvalidOperation;  // the double's caches never include parents (TreeScope_Parent is not modelled)
}

HRESULT Element::Find(const char* method, TreeScope scope, IUIAutomationCondition* c, IUIAutomationCacheRequest* r,
                      bool first, void** out) {
  if (!out) return E_POINTER;
  *out = nullptr;
  Condition* condition = ConditionOf(c);
  CacheRequest* request = r ? RequestOf(r) : nullptr;
  if (!condition || (r && !request)) return E_INVALIDARG;
  std::string detail = "scope=" + std::to_string(scope) + " condition=" + condition->Describe();
  if (request) detail += " request=" + std::to_string(request->id) + " " + request->spec.Describe();
  HRESULT hr = w_->Enter(method, node_, detail);
  if (FAILED(hr)) return hr;
  // The raw view, in tree order; a provider boundary's children are not reached (what WinForms hosts and
  // WebView2 do to FindAll on Windows).
  std::vector<int> found;
  std::function<void(int)> descend = [&](int n) {
    if (w_->node(n).drop_children) return;
    for (int ch : w_->node(n).children) {
      if (condition->Matches(*w_, ch)) found.push_back(ch);
      if (scope & TreeScope_Descendants) descend(ch);
    }
  };
  if ((scope & TreeScope_Element) && condition->Matches(*w_, node_)) found.push_back(node_);
  if (scope & (TreeScope_Children | TreeScope_Descendants)) descend(node_);
  w_->Log(std::string("  found ") + IdsOf(found, *w_));
  auto make = [&](int n) {
    Element* e = new Element(w_, n);
    if (request) e->BuildCache(request->spec, 0);
    return e;
  };
  if (first) {
    if (!found.empty()) *out = static_cast<IUIAutomationElement*>(make(found[0]));
    return S_OK;
  }
  ElementArray* a = new ElementArray;
  for (int n : found) a->items.push_back(make(n));
  *out = static_cast<IUIAutomationElementArray*>(a);
  return S_OK;
}

HRESULT Element::FindFirst(TreeScope scope, IUIAutomationCondition* c, IUIAutomationElement** found) {
  return Find("IUIAutomationElement.FindFirst", scope, c, nullptr, true, reinterpret_cast<void**>(found));
}
HRESULT Element::FindAll(TreeScope scope, IUIAutomationCondition* c, IUIAutomationElementArray** found) {
  return Find("IUIAutomationElement.FindAll", scope, c, nullptr, false, reinterpret_cast<void**>(found));
}
HRESULT Element::FindFirstBuildCache(TreeScope scope, IUIAutomationCondition* c, IUIAutomationCacheRequest* r,
                                     IUIAutomationElement** found) {
  return Find("IUIAutomationElement.FindFirstBuildCache", scope, c, r, true, reinterpret_cast<void**>(found));
}
HRESULT Element::FindAllBuildCache(TreeScope scope, IUIAutomationCondition* c, IUIAutomationCacheRequest* r,
                                   IUIAutomationElementArray** found) {
  return Find("IUIAutomationElement.FindAllBuildCache", scope, c, r, false, reinterpret_cast<void**>(found));
}

HRESULT Element::Pattern(const char* method, PATTERNID id, bool cached, REFIID iid, void** out) {
  if (!out) return E_POINTER;
  *out = nullptr;
  HRESULT hr = w_->Enter(method, node_, std::to_string(id));
  if (FAILED(hr)) return hr;
  if (cached && (!cached_ || !spec_.patterns.count(id))) return w_->wine10() ? E_INVALIDARG : kInvalidOperation;
  Node& n = w_->node(node_);
  // An unsupported pattern: S_OK and no object, as Windows answers.
  if (id < UIA_InvokePatternId || id > UIA_SynchronizedInputPatternId || !(n.patterns & (1u << (id - UIA_InvokePatternId))))
    return S_OK;
  IUnknown* p = MakePattern(w_, node_, id);
  if (!p) return S_OK;
  hr = p->QueryInterface(iid, out);
  p->Release();
  return hr;
}

HRESULT Element::GetCurrentPatternAs(PATTERNID id, REFIID iid, void** out) {
  return Pattern("IUIAutomationElement.GetCurrentPatternAs", id, false, iid, out);
}
HRESULT Element::GetCachedPatternAs(PATTERNID id, REFIID iid, void** out) {
  return Pattern("IUIAutomationElement.GetCachedPatternAs", id, true, iid, out);
}
HRESULT Element::GetCurrentPattern(PATTERNID id, IUnknown** out) {
  return Pattern("IUIAutomationElement.GetCurrentPattern", id, false, IID_IUnknown, reinterpret_cast<void**>(out));
}
HRESULT Element::GetCachedPattern(PATTERNID id, IUnknown** out) {
  return Pattern("IUIAutomationElement.GetCachedPattern", id, true, IID_IUnknown, reinterpret_cast<void**>(out));
}

HRESULT Element::SetFocus() {
  HRESULT hr = w_->Enter("IUIAutomationElement.SetFocus", node_);
  if (FAILED(hr)) return hr;
  Node& n = w_->node(node_);
  if (!n.enabled) return static_cast<HRESULT>(0x80040200);  // UIA_E_ELEMENTNOTENABLED
  for (Node& other : w_->nodes()) other.focused = false;
  n.focused = true;
  ++n.focus_set;
  return S_OK;
}

HRESULT Element::GetRuntimeId(SAFEARRAY** id) {
  if (!id) return E_POINTER;
  HRESULT hr = w_->Enter("IUIAutomationElement.GetRuntimeId", node_);
  if (FAILED(hr)) return hr;
  VARIANT v;
  PropertyOf(*w_, node_, UIA_RuntimeIdPropertyId, &v);
  *id = V_ARRAY(&v);
  return S_OK;
}

HRESULT Element::GetClickablePoint(POINT* point, BOOL* got) {
  if (!point || !got) return E_POINTER;
  HRESULT hr = w_->Enter("IUIAutomationElement.GetClickablePoint", node_);
  if (FAILED(hr)) return hr;
  const Node& n = w_->node(node_);
  *got = n.has_rect && !n.offscreen;
  point->x = static_cast<LONG>(n.rect[0] + n.rect[2] / 2);
  point->y = static_cast<LONG>(n.rect[1] + n.rect[3] / 2);
  return S_OK;
}

// The shortcut getters, each through the property table.
namespace {
template <class T>
HRESULT Getter(HRESULT hr, const VARIANT& v, T* out, VARTYPE type) {
  if (FAILED(hr)) return hr;
  if (V_VT(&v) != type) return E_FAIL;
  if constexpr (std::is_same<T, BSTR>::value) *out = SysAllocString(V_BSTR(&v));
  else if constexpr (std::is_same<T, BOOL>::value) *out = V_BOOL(&v) != VARIANT_FALSE;
  else *out = static_cast<T>(V_I4(&v));
  return S_OK;
}
HRESULT RectGetter(HRESULT hr, const VARIANT& v, RECT* out) {
  if (FAILED(hr)) return hr;
  *out = RECT{0, 0, 0, 0};
  if (V_VT(&v) == (VT_R8 | VT_ARRAY)) {
    double* d = nullptr;
    if (SUCCEEDED(SafeArrayAccessData(V_ARRAY(&v), reinterpret_cast<void**>(&d)))) {
      *out = RECT{static_cast<LONG>(d[0]), static_cast<LONG>(d[1]), static_cast<LONG>(d[0] + d[2]), static_cast<LONG>(d[1] + d[3])};
      SafeArrayUnaccessData(V_ARRAY(&v));
    }
  }
  return S_OK;
}
}  // namespace

#define LAM_DOUBLE_GETTER(Method, T, Prop, Type, CurrentOrCached)                                         \
  HRESULT Element::Method(T* out) {                                                                       \
    if (!out) return E_POINTER;                                                                           \
    VARIANT v;                                                                                            \
    HRESULT hr = CurrentOrCached("IUIAutomationElement." #Method, Prop, &v);                              \
    hr = Getter(hr, v, out, Type);                                                                        \
    VariantClear(&v);                                                                                     \
    return hr;                                                                                            \
  }
LAM_DOUBLE_GETTER(get_CurrentProcessId, int, UIA_ProcessIdPropertyId, VT_I4, Current)
LAM_DOUBLE_GETTER(get_CurrentControlType, CONTROLTYPEID, UIA_ControlTypePropertyId, VT_I4, Current)
LAM_DOUBLE_GETTER(get_CurrentName, BSTR, UIA_NamePropertyId, VT_BSTR, Current)
LAM_DOUBLE_GETTER(get_CurrentHasKeyboardFocus, BOOL, UIA_HasKeyboardFocusPropertyId, VT_BOOL, Current)
LAM_DOUBLE_GETTER(get_CurrentIsKeyboardFocusable, BOOL, UIA_IsKeyboardFocusablePropertyId, VT_BOOL, Current)
LAM_DOUBLE_GETTER(get_CurrentIsEnabled, BOOL, UIA_IsEnabledPropertyId, VT_BOOL, Current)
LAM_DOUBLE_GETTER(get_CurrentAutomationId, BSTR, UIA_AutomationIdPropertyId, VT_BSTR, Current)
LAM_DOUBLE_GETTER(get_CurrentClassName, BSTR, UIA_ClassNamePropertyId, VT_BSTR, Current)
LAM_DOUBLE_GETTER(get_CurrentIsOffscreen, BOOL, UIA_IsOffscreenPropertyId, VT_BOOL, Current)
LAM_DOUBLE_GETTER(get_CachedProcessId, int, UIA_ProcessIdPropertyId, VT_I4, Cached)
LAM_DOUBLE_GETTER(get_CachedControlType, CONTROLTYPEID, UIA_ControlTypePropertyId, VT_I4, Cached)
LAM_DOUBLE_GETTER(get_CachedName, BSTR, UIA_NamePropertyId, VT_BSTR, Cached)
LAM_DOUBLE_GETTER(get_CachedIsEnabled, BOOL, UIA_IsEnabledPropertyId, VT_BOOL, Cached)
#undef LAM_DOUBLE_GETTER

HRESULT Element::get_CurrentNativeWindowHandle(UIA_HWND* out) {
  if (!out) return E_POINTER;
  VARIANT v;
  HRESULT hr = Current("IUIAutomationElement.get_CurrentNativeWindowHandle", UIA_NativeWindowHandlePropertyId, &v);
  if (SUCCEEDED(hr)) *out = reinterpret_cast<UIA_HWND>(static_cast<intptr_t>(V_VT(&v) == VT_I4 ? V_I4(&v) : 0));
  VariantClear(&v);
  return hr;
}
HRESULT Element::get_CachedNativeWindowHandle(UIA_HWND* out) {
  if (!out) return E_POINTER;
  VARIANT v;
  HRESULT hr = Cached("IUIAutomationElement.get_CachedNativeWindowHandle", UIA_NativeWindowHandlePropertyId, &v);
  if (SUCCEEDED(hr)) *out = reinterpret_cast<UIA_HWND>(static_cast<intptr_t>(V_VT(&v) == VT_I4 ? V_I4(&v) : 0));
  VariantClear(&v);
  return hr;
}
HRESULT Element::get_CurrentBoundingRectangle(RECT* out) {
  if (!out) return E_POINTER;
  VARIANT v;
  HRESULT hr = RectGetter(Current("IUIAutomationElement.get_CurrentBoundingRectangle", UIA_BoundingRectanglePropertyId, &v), v, out);
  VariantClear(&v);
  return hr;
}
HRESULT Element::get_CachedBoundingRectangle(RECT* out) {
  if (!out) return E_POINTER;
  VARIANT v;
  HRESULT hr = RectGetter(Cached("IUIAutomationElement.get_CachedBoundingRectangle", UIA_BoundingRectanglePropertyId, &v), v, out);
  VariantClear(&v);
  return hr;
}

ElementArray::~ElementArray() {
  for (Element* e : items) e->Release();
}
HRESULT ElementArray::get_Length(int* length) {
  if (!length) return E_POINTER;
  *length = static_cast<int>(items.size());
  return S_OK;
}
HRESULT ElementArray::GetElement(int index, IUIAutomationElement** element) {
  if (!element) return E_POINTER;
  *element = nullptr;
  if (index < 0 || index >= static_cast<int>(items.size())) return E_INVALIDARG;
  items[static_cast<size_t>(index)]->AddRef();
  *element = items[static_cast<size_t>(index)];
  return S_OK;
}

}  // namespace lam_double
