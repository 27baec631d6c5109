// The double's property table (what a node answers for each UIA property id), its conditions, and the views
// conditions define (what walkers and cache filters see).
#include <functional>

#include "uia_double/objects.h"

namespace lam_double {

namespace {

void Bool(VARIANT* v, bool b) {
  V_VT(v) = VT_BOOL;
  V_BOOL(v) = b ? VARIANT_TRUE : VARIANT_FALSE;
}
void Int(VARIANT* v, int i) {
  V_VT(v) = VT_I4;
  V_I4(v) = i;
}
void Real(VARIANT* v, double d) {
  V_VT(v) = VT_R8;
  V_R8(v) = d;
}
void Text(VARIANT* v, const std::wstring& s) {
  V_VT(v) = VT_BSTR;
  V_BSTR(v) = SysAllocStringLen(s.data(), static_cast<UINT>(s.size()));
}

// UIA_Is<Pattern>PatternAvailablePropertyId, in pattern-id order (10000 Invoke … 10021 SynchronizedInput).
const PROPERTYID kAvailability[] = {
    UIA_IsInvokePatternAvailablePropertyId, UIA_IsSelectionPatternAvailablePropertyId,
    UIA_IsValuePatternAvailablePropertyId, UIA_IsRangeValuePatternAvailablePropertyId,
    UIA_IsScrollPatternAvailablePropertyId, UIA_IsExpandCollapsePatternAvailablePropertyId,
    UIA_IsGridPatternAvailablePropertyId, UIA_IsGridItemPatternAvailablePropertyId,
    UIA_IsMultipleViewPatternAvailablePropertyId, UIA_IsWindowPatternAvailablePropertyId,
    UIA_IsSelectionItemPatternAvailablePropertyId, UIA_IsDockPatternAvailablePropertyId,
    UIA_IsTablePatternAvailablePropertyId, UIA_IsTableItemPatternAvailablePropertyId,
    UIA_IsTextPatternAvailablePropertyId, UIA_IsTogglePatternAvailablePropertyId,
    UIA_IsTransformPatternAvailablePropertyId, UIA_IsScrollItemPatternAvailablePropertyId,
    UIA_IsLegacyIAccessiblePatternAvailablePropertyId, UIA_IsItemContainerPatternAvailablePropertyId,
    UIA_IsVirtualizedItemPatternAvailablePropertyId, UIA_IsSynchronizedInputPatternAvailablePropertyId,
};

bool Has(const Node& n, PATTERNID id) { return (n.patterns & (1u << (id - UIA_InvokePatternId))) != 0; }

}  // namespace

void PropertyOf(World& w, int index, PROPERTYID id, VARIANT* v) {
  VariantInit(v);
  const Node& n = w.node(index);
  for (int i = 0; i < 22; ++i)
    if (kAvailability[i] == id) return Bool(v, (n.patterns & (1u << i)) != 0);
  switch (id) {
    case UIA_RuntimeIdPropertyId: {
      SAFEARRAY* a = SafeArrayCreateVector(VT_I4, 0, static_cast<ULONG>(n.runtime_id.size()));
      for (LONG i = 0; i < static_cast<LONG>(n.runtime_id.size()); ++i) {
        LONG part = n.runtime_id[static_cast<size_t>(i)];
        SafeArrayPutElement(a, &i, &part);
      }
      V_VT(v) = VT_I4 | VT_ARRAY;
      V_ARRAY(v) = a;
      return;
    }
    case UIA_BoundingRectanglePropertyId: {
      SAFEARRAY* a = SafeArrayCreateVector(VT_R8, 0, 4);
      for (LONG i = 0; i < 4; ++i) {
        double d = n.has_rect ? n.rect[i] : 0;
        SafeArrayPutElement(a, &i, &d);
      }
      V_VT(v) = VT_R8 | VT_ARRAY;
      V_ARRAY(v) = a;
      return;
    }
    case UIA_ControlTypePropertyId: return Int(v, n.control_type);
    case UIA_NamePropertyId: return Text(v, n.name);
    case UIA_AutomationIdPropertyId: return Text(v, n.automation_id);
    case UIA_ClassNamePropertyId: return Text(v, n.class_name);
    case UIA_FrameworkIdPropertyId: return Text(v, n.framework_id);
    case UIA_IsEnabledPropertyId: return Bool(v, n.enabled);
    case UIA_IsOffscreenPropertyId: return Bool(v, n.offscreen);
    case UIA_HasKeyboardFocusPropertyId: return Bool(v, n.focused);
    case UIA_IsKeyboardFocusablePropertyId: return Bool(v, n.focusable);
    case UIA_IsControlElementPropertyId: return Bool(v, n.is_control);
    case UIA_IsContentElementPropertyId: return Bool(v, n.is_control);
    case UIA_ProcessIdPropertyId: return Int(v, n.pid);
    case UIA_NativeWindowHandlePropertyId: return Int(v, static_cast<int>(reinterpret_cast<intptr_t>(n.hwnd)));
    case UIA_ValueValuePropertyId: if (Has(n, UIA_ValuePatternId)) Text(v, n.value); return;
    case UIA_ValueIsReadOnlyPropertyId: if (Has(n, UIA_ValuePatternId)) Bool(v, n.read_only); return;
    case UIA_RangeValueValuePropertyId: if (Has(n, UIA_RangeValuePatternId)) Real(v, n.range[0]); return;
    case UIA_RangeValueMinimumPropertyId: if (Has(n, UIA_RangeValuePatternId)) Real(v, n.range[1]); return;
    case UIA_RangeValueMaximumPropertyId: if (Has(n, UIA_RangeValuePatternId)) Real(v, n.range[2]); return;
    case UIA_RangeValueSmallChangePropertyId: if (Has(n, UIA_RangeValuePatternId)) Real(v, n.range[3]); return;
    case UIA_RangeValueLargeChangePropertyId: if (Has(n, UIA_RangeValuePatternId)) Real(v, n.range[3] * 10); return;
    case UIA_RangeValueIsReadOnlyPropertyId: if (Has(n, UIA_RangeValuePatternId)) Bool(v, n.read_only); return;
    case UIA_ToggleToggleStatePropertyId: if (Has(n, UIA_TogglePatternId) && n.toggle >= 0) Int(v, n.toggle); return;
    case UIA_ExpandCollapseExpandCollapseStatePropertyId:
      if (Has(n, UIA_ExpandCollapsePatternId) && n.expand >= 0) Int(v, n.expand);
      return;
    case UIA_SelectionItemIsSelectedPropertyId:
      if (Has(n, UIA_SelectionItemPatternId) && n.selected >= 0) Bool(v, n.selected == 1);
      return;
    case UIA_LegacyIAccessibleRolePropertyId: if (Has(n, UIA_LegacyIAccessiblePatternId)) Int(v, n.legacy_role); return;
    case UIA_LegacyIAccessibleNamePropertyId: if (Has(n, UIA_LegacyIAccessiblePatternId)) Text(v, n.name); return;
    case UIA_LegacyIAccessibleValuePropertyId: if (Has(n, UIA_LegacyIAccessiblePatternId)) Text(v, n.value); return;
    case UIA_LegacyIAccessibleDefaultActionPropertyId:
      if (Has(n, UIA_LegacyIAccessiblePatternId)) Text(v, n.default_action);
      return;
    default: return;  // VT_EMPTY: the element has no such property
  }
}

// ---------------------------------------------------------------- conditions

Condition* ConditionOf(IUIAutomationCondition* c) { return c ? dynamic_cast<Condition*>(c) : nullptr; }

Condition::~Condition() {
  VariantClear(&value_);
  for (Condition* c : children_) c->Release();
}

bool Condition::Matches(World& w, int node) const {
  const Node& n = w.node(node);
  switch (kind_) {
    case Kind::True: return true;
    case Kind::False: return false;
    case Kind::ControlView: return n.is_control;
    case Kind::ContentView: return n.is_control;
    case Kind::Not: return !children_[0]->Matches(w, node);
    case Kind::And:
      for (Condition* c : children_)
        if (!c->Matches(w, node)) return false;
      return true;
    case Kind::Or:
      for (Condition* c : children_)
        if (c->Matches(w, node)) return true;
      return false;
    case Kind::Property: {
      VARIANT mine;
      PropertyOf(w, node, property_, &mine);
      bool same = false;
      if (V_VT(&mine) == V_VT(&value_)) {
        switch (V_VT(&mine)) {
          case VT_BOOL: same = (V_BOOL(&mine) != VARIANT_FALSE) == (V_BOOL(&value_) != VARIANT_FALSE); break;
          case VT_I4: same = V_I4(&mine) == V_I4(&value_); break;
          case VT_R8: same = V_R8(&mine) == V_R8(&value_); break;
          case VT_BSTR: same = std::wstring(V_BSTR(&mine) ? V_BSTR(&mine) : L"") == std::wstring(V_BSTR(&value_) ? V_BSTR(&value_) : L""); break;
          case VT_I4 | VT_ARRAY: {
            VARIANT copy;
            VariantInit(&copy);
            same = true;
            LONG lo = 0, hi = -1, lo2 = 0, hi2 = -1;
            SafeArrayGetLBound(V_ARRAY(&mine), 1, &lo);
            SafeArrayGetUBound(V_ARRAY(&mine), 1, &hi);
            SafeArrayGetLBound(V_ARRAY(&value_), 1, &lo2);
            SafeArrayGetUBound(V_ARRAY(&value_), 1, &hi2);
            if (hi - lo != hi2 - lo2) same = false;
            for (LONG i = 0; same && i <= hi - lo; ++i) {
              LONG a = 0, b = 0, ia = lo + i, ib = lo2 + i;
              SafeArrayGetElement(V_ARRAY(&mine), &ia, &a);
              SafeArrayGetElement(V_ARRAY(&value_), &ib, &b);
              same = a == b;
            }
            break;
          }
          default: break;
        }
      }
      VariantClear(&mine);
      return same;
    }
  }
  return false;
}

std::string Condition::Describe() const {
  switch (kind_) {
    case Kind::True: return "True";
    case Kind::False: return "False";
    case Kind::ControlView: return "ControlView";
    case Kind::ContentView: return "ContentView";
    case Kind::Property: return "Property(" + std::to_string(property_) + ")";
    case Kind::Not: return "Not(" + children_[0]->Describe() + ")";
    case Kind::And:
    case Kind::Or: {
      std::string out = kind_ == Kind::And ? "And(" : "Or(";
      for (size_t i = 0; i < children_.size(); ++i) out += (i ? "," : "") + children_[i]->Describe();
      return out + ")";
    }
  }
  return "?";
}

// ---------------------------------------------------------------- views

std::vector<int> ViewChildren(World& w, int node, const Condition* c, bool cache_or_findall) {
  std::vector<int> out;
  std::function<void(int)> add = [&](int n) {
    if (cache_or_findall && w.node(n).drop_children) return;
    for (int ch : w.node(n).children) {
      if (!c || c->Matches(w, ch)) out.push_back(ch);
      else add(ch);
    }
  };
  add(node);
  return out;
}

int ViewParent(World& w, int node, const Condition* c) {
  for (int p = w.node(node).parent; p >= 0; p = w.node(p).parent)
    if (p == 0 || !c || c->Matches(w, p)) return p;
  return -1;
}

}  // namespace lam_double
