// The double's IUIAutomation2 (conditions, cache requests, walkers, ElementFromHandle, the root, timeouts),
// its cache request and its tree walker.
#include "uia_double/objects.h"

namespace lam_double {

namespace {

int g_next_request = 0;

class Automation : public NotImpl_IUIAutomation2 {
 public:
  explicit Automation(WorldPtr w) : w_(std::move(w)) {}

  HRESULT STDMETHODCALLTYPE GetRootElement(IUIAutomationElement** root) override {
    if (!root) return E_POINTER;
    *root = nullptr;
    HRESULT hr = w_->Enter("IUIAutomation.GetRootElement", 0);
    if (FAILED(hr)) return hr;
    *root = new Element(w_, 0);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE ElementFromHandle(UIA_HWND hwnd, IUIAutomationElement** out) override {
    if (!out) return E_POINTER;
    *out = nullptr;
    int node = w_->ByHwnd(reinterpret_cast<HWND>(hwnd));
    HRESULT hr = w_->Enter("IUIAutomation.ElementFromHandle", node,
                           "hwnd=" + std::to_string(reinterpret_cast<intptr_t>(hwnd)));
    if (FAILED(hr)) return hr;
    // A window the scenario does not have: what UIA says of a window that is gone.
    if (node < 0) return static_cast<HRESULT>(0x80040201);  // UIA_E_ELEMENTNOTAVAILABLE
    *out = new Element(w_, node);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE ElementFromHandleBuildCache(UIA_HWND hwnd, IUIAutomationCacheRequest* r,
                                                        IUIAutomationElement** out) override {
    if (!out) return E_POINTER;
    *out = nullptr;
    CacheRequest* request = RequestOf(r);
    int node = w_->ByHwnd(reinterpret_cast<HWND>(hwnd));
    HRESULT hr = w_->Enter("IUIAutomation.ElementFromHandleBuildCache", node,
                           request ? "request=" + std::to_string(request->id) + " " + request->spec.Describe() : "");
    if (FAILED(hr)) return hr;
    if (!request) return E_INVALIDARG;
    if (node < 0) return static_cast<HRESULT>(0x80040201);
    Element* e = new Element(w_, node);
    e->BuildCache(request->spec, 0);
    *out = e;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetFocusedElement(IUIAutomationElement** out) override {
    if (!out) return E_POINTER;
    *out = nullptr;
    HRESULT hr = w_->Enter("IUIAutomation.GetFocusedElement", 0);
    if (FAILED(hr)) return hr;
    int focused = 0;
    for (const Node& n : w_->nodes())
      if (n.focused) focused = n.index;
    *out = new Element(w_, focused);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE CompareElements(IUIAutomationElement* a, IUIAutomationElement* b, BOOL* same) override {
    if (!same) return E_POINTER;
    HRESULT hr = w_->Enter("IUIAutomation.CompareElements", -1);
    if (FAILED(hr)) return hr;
    Element* x = ElementOf(a);
    Element* y = ElementOf(b);
    *same = x && y && x->node() == y->node();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE CreateCacheRequest(IUIAutomationCacheRequest** out) override {
    if (!out) return E_POINTER;
    *out = nullptr;
    HRESULT hr = w_->Enter("IUIAutomation.CreateCacheRequest", -1, "request=" + std::to_string(g_next_request + 1));
    if (FAILED(hr)) return hr;
    // A new request's filter is the control view (Microsoft: "the default is the control view").
    Condition* view = new Condition(Condition::Kind::ControlView);
    CacheRequest* r = new CacheRequest(w_, view);
    view->Release();
    r->id = ++g_next_request;
    *out = r;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE CreateTrueCondition(IUIAutomationCondition** out) override {
    return Make("IUIAutomation.CreateTrueCondition", new Condition(Condition::Kind::True), out);
  }
  HRESULT STDMETHODCALLTYPE CreateFalseCondition(IUIAutomationCondition** out) override {
    return Make("IUIAutomation.CreateFalseCondition", new Condition(Condition::Kind::False), out);
  }
  HRESULT STDMETHODCALLTYPE get_ControlViewCondition(IUIAutomationCondition** out) override {
    return Make("IUIAutomation.get_ControlViewCondition", new Condition(Condition::Kind::ControlView), out);
  }
  HRESULT STDMETHODCALLTYPE get_ContentViewCondition(IUIAutomationCondition** out) override {
    return Make("IUIAutomation.get_ContentViewCondition", new Condition(Condition::Kind::ContentView), out);
  }
  HRESULT STDMETHODCALLTYPE get_RawViewCondition(IUIAutomationCondition** out) override {
    return Make("IUIAutomation.get_RawViewCondition", new Condition(Condition::Kind::True), out);
  }
  HRESULT STDMETHODCALLTYPE CreatePropertyCondition(PROPERTYID id, VARIANT value, IUIAutomationCondition** out) override {
    if (out) *out = nullptr;
    // Wine 10: property conditions only on bool properties (docs/WINE10_UIA.md).
    if (w_->wine10() && V_VT(&value) != VT_BOOL) {
      w_->Enter("IUIAutomation.CreatePropertyCondition", -1, std::to_string(id) + " vt=" + std::to_string(V_VT(&value)));
      return E_NOTIMPL;
    }
    Condition* c = new Condition(Condition::Kind::Property);
    c->property_ = id;
    VariantCopy(&c->value_, &value);
    return Make("IUIAutomation.CreatePropertyCondition", c, out, std::to_string(id) + " vt=" + std::to_string(V_VT(&value)));
  }
  HRESULT STDMETHODCALLTYPE CreatePropertyConditionEx(PROPERTYID id, VARIANT value, PropertyConditionFlags,
                                                      IUIAutomationCondition** out) override {
    Condition* c = new Condition(Condition::Kind::Property);
    c->property_ = id;
    VariantCopy(&c->value_, &value);
    return Make("IUIAutomation.CreatePropertyConditionEx", c, out, std::to_string(id));
  }
  HRESULT STDMETHODCALLTYPE CreateAndCondition(IUIAutomationCondition* a, IUIAutomationCondition* b,
                                               IUIAutomationCondition** out) override {
    return Combine("IUIAutomation.CreateAndCondition", Condition::Kind::And, a, b, out);
  }
  HRESULT STDMETHODCALLTYPE CreateOrCondition(IUIAutomationCondition* a, IUIAutomationCondition* b,
                                              IUIAutomationCondition** out) override {
    return Combine("IUIAutomation.CreateOrCondition", Condition::Kind::Or, a, b, out);
  }
  HRESULT STDMETHODCALLTYPE CreateNotCondition(IUIAutomationCondition* a, IUIAutomationCondition** out) override {
    return Combine("IUIAutomation.CreateNotCondition", Condition::Kind::Not, a, nullptr, out);
  }
  HRESULT STDMETHODCALLTYPE CreateTreeWalker(IUIAutomationCondition* c, IUIAutomationTreeWalker** out) override {
    if (!out) return E_POINTER;
    *out = nullptr;
    Condition* condition = ConditionOf(c);
    HRESULT hr = w_->Enter("IUIAutomation.CreateTreeWalker", -1, condition ? condition->Describe() : "null");
    if (FAILED(hr)) return hr;
    if (!condition) return E_INVALIDARG;
    // Wine 10 walks with a TrueCondition only.
    if (w_->wine10() && condition->kind_ != Condition::Kind::True) return E_NOTIMPL;
    *out = new TreeWalker(w_, condition, condition->Describe());
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE get_ControlViewWalker(IUIAutomationTreeWalker** out) override {
    return View("IUIAutomation.get_ControlViewWalker", Condition::Kind::ControlView, out);
  }
  HRESULT STDMETHODCALLTYPE get_ContentViewWalker(IUIAutomationTreeWalker** out) override {
    return View("IUIAutomation.get_ContentViewWalker", Condition::Kind::ContentView, out);
  }
  HRESULT STDMETHODCALLTYPE get_RawViewWalker(IUIAutomationTreeWalker** out) override {
    return View("IUIAutomation.get_RawViewWalker", Condition::Kind::True, out);
  }
  HRESULT STDMETHODCALLTYPE get_ReservedNotSupportedValue(IUnknown** out) override {
    if (!out) return E_POINTER;
    return UiaGetReservedNotSupportedValue(out);
  }
  HRESULT STDMETHODCALLTYPE get_ReservedMixedAttributeValue(IUnknown** out) override {
    if (!out) return E_POINTER;
    return UiaGetReservedMixedAttributeValue(out);
  }
  // IUIAutomation2: what the backend set is recorded (the tests compare it with the deadline).
  HRESULT STDMETHODCALLTYPE put_ConnectionTimeout(DWORD ms) override {
    HRESULT hr = w_->Enter("IUIAutomation2.put_ConnectionTimeout", -1, std::to_string(ms));
    if (SUCCEEDED(hr)) w_->connection_timeout = ms;
    return hr;
  }
  HRESULT STDMETHODCALLTYPE put_TransactionTimeout(DWORD ms) override {
    HRESULT hr = w_->Enter("IUIAutomation2.put_TransactionTimeout", -1, std::to_string(ms));
    if (SUCCEEDED(hr)) w_->transaction_timeout = ms;
    return hr;
  }
  HRESULT STDMETHODCALLTYPE get_ConnectionTimeout(DWORD* ms) override {
    if (!ms) return E_POINTER;
    HRESULT hr = w_->Enter("IUIAutomation2.get_ConnectionTimeout", -1);
    if (SUCCEEDED(hr)) *ms = w_->connection_timeout;
    return hr;
  }
  HRESULT STDMETHODCALLTYPE get_TransactionTimeout(DWORD* ms) override {
    if (!ms) return E_POINTER;
    HRESULT hr = w_->Enter("IUIAutomation2.get_TransactionTimeout", -1);
    if (SUCCEEDED(hr)) *ms = w_->transaction_timeout;
    return hr;
  }

 private:
  HRESULT Make(const char* method, Condition* c, IUIAutomationCondition** out, const std::string& detail = {}) {
    if (!out) {
      c->Release();
      return E_POINTER;
    }
    *out = nullptr;
    HRESULT hr = w_->Enter(method, -1, detail);
    if (FAILED(hr)) {
      c->Release();
      return hr;
    }
    *out = c;
    return S_OK;
  }
  HRESULT Combine(const char* method, Condition::Kind kind, IUIAutomationCondition* a, IUIAutomationCondition* b,
                  IUIAutomationCondition** out) {
    Condition* x = ConditionOf(a);
    Condition* y = ConditionOf(b);
    if (!x || (kind != Condition::Kind::Not && !y)) return E_INVALIDARG;
    Condition* c = new Condition(kind);
    x->AddRef();
    c->children_.push_back(x);
    if (y) {
      y->AddRef();
      c->children_.push_back(y);
    }
    return Make(method, c, out, c->Describe());
  }
  HRESULT View(const char* method, Condition::Kind kind, IUIAutomationTreeWalker** out) {
    if (!out) return E_POINTER;
    *out = nullptr;
    HRESULT hr = w_->Enter(method, -1);
    if (FAILED(hr)) return hr;
    Condition* c = new Condition(kind);
    *out = new TreeWalker(w_, c, c->Describe());
    c->Release();
    return S_OK;
  }

  WorldPtr w_;
};

}  // namespace

IUIAutomation* MakeAutomation(WorldPtr w) { return new Automation(std::move(w)); }

// ---------------------------------------------------------------- cache request

CacheRequest* RequestOf(IUIAutomationCacheRequest* r) { return r ? dynamic_cast<CacheRequest*>(r) : nullptr; }

std::string CacheSpec::Describe() const {
  std::string out = "scope=" + std::to_string(scope) + " filter=" + (filter ? filter->Describe() : "none") + " properties=";
  bool first = true;
  for (PROPERTYID p : properties) {
    out += (first ? "" : ",") + std::to_string(p);
    first = false;
  }
  out += " patterns=";
  first = true;
  for (PATTERNID p : patterns) {
    out += (first ? "" : ",") + std::to_string(p);
    first = false;
  }
  return out;
}

CacheRequest::CacheRequest(WorldPtr w, Condition* control_view) : w_(std::move(w)) {
  control_view->AddRef();
  spec.filter = control_view;
}
CacheRequest::~CacheRequest() {
  if (spec.filter) spec.filter->Release();
}
HRESULT CacheRequest::AddProperty(PROPERTYID p) {
  HRESULT hr = w_->Enter("IUIAutomationCacheRequest.AddProperty", -1, std::to_string(id) + " " + std::to_string(p));
  if (SUCCEEDED(hr)) spec.properties.insert(p);
  return hr;
}
HRESULT CacheRequest::AddPattern(PATTERNID p) {
  HRESULT hr = w_->Enter("IUIAutomationCacheRequest.AddPattern", -1, std::to_string(id) + " " + std::to_string(p));
  if (SUCCEEDED(hr)) spec.patterns.insert(p);
  return hr;
}
HRESULT CacheRequest::get_TreeScope(TreeScope* scope) {
  if (!scope) return E_POINTER;
  *scope = spec.scope;
  return S_OK;
}
HRESULT CacheRequest::put_TreeScope(TreeScope scope) {
  HRESULT hr = w_->Enter("IUIAutomationCacheRequest.put_TreeScope", -1, std::to_string(id) + " " + std::to_string(scope));
  if (FAILED(hr)) return hr;
  if (w_->wine10() && scope != TreeScope_Element) return E_NOTIMPL;  // Wine 10 caches the element only
  spec.scope = scope;
  return S_OK;
}
HRESULT CacheRequest::get_TreeFilter(IUIAutomationCondition** filter) {
  if (!filter) return E_POINTER;
  *filter = spec.filter;
  if (spec.filter) spec.filter->AddRef();
  return S_OK;
}
HRESULT CacheRequest::put_TreeFilter(IUIAutomationCondition* filter) {
  Condition* c = ConditionOf(filter);
  HRESULT hr = w_->Enter("IUIAutomationCacheRequest.put_TreeFilter", -1,
                         std::to_string(id) + " " + (c ? c->Describe() : "null"));
  if (FAILED(hr)) return hr;
  if (!c) return E_INVALIDARG;
  c->AddRef();
  if (spec.filter) spec.filter->Release();
  spec.filter = c;
  return S_OK;
}
HRESULT CacheRequest::get_AutomationElementMode(AutomationElementMode* mode) {
  if (!mode) return E_POINTER;
  *mode = AutomationElementMode_Full;
  return S_OK;
}
HRESULT CacheRequest::put_AutomationElementMode(AutomationElementMode mode) {
  HRESULT hr = w_->Enter("IUIAutomationCacheRequest.put_AutomationElementMode", -1, std::to_string(mode));
  if (FAILED(hr)) return hr;
  return mode == AutomationElementMode_Full ? S_OK : E_NOTIMPL;  // the double keeps no live references to drop
}

// ---------------------------------------------------------------- walker

TreeWalker::TreeWalker(WorldPtr w, Condition* c, std::string name) : w_(std::move(w)), condition_(c), name_(std::move(name)) {
  c->AddRef();
}
TreeWalker::~TreeWalker() { condition_->Release(); }

HRESULT TreeWalker::get_Condition(IUIAutomationCondition** c) {
  if (!c) return E_POINTER;
  condition_->AddRef();
  *c = condition_;
  return S_OK;
}

HRESULT TreeWalker::Move(Step step, const char* method, IUIAutomationElement* e, IUIAutomationCacheRequest* r,
                         IUIAutomationElement** out) {
  if (!out) return E_POINTER;
  *out = nullptr;
  Element* from = ElementOf(e);
  CacheRequest* request = r ? RequestOf(r) : nullptr;
  if (!from || (r && !request)) return E_INVALIDARG;
  HRESULT hr = w_->Enter(method, from->node(), "walker=" + name_);
  if (FAILED(hr)) return hr;
  int n = from->node();
  int to = -1;
  if (step == Step::Parent) {
    to = n == 0 ? -1 : ViewParent(*w_, n, condition_);
  } else if (step == Step::First || step == Step::Last) {
    std::vector<int> kids = ViewChildren(*w_, n, condition_, false);
    if (!kids.empty()) to = step == Step::First ? kids.front() : kids.back();
  } else if (n != 0) {
    int parent = ViewParent(*w_, n, condition_);
    std::vector<int> kids = ViewChildren(*w_, parent, condition_, false);
    for (size_t i = 0; i < kids.size(); ++i) {
      if (kids[i] != n) continue;
      if (step == Step::Next && i + 1 < kids.size()) to = kids[i + 1];
      if (step == Step::Previous && i > 0) to = kids[i - 1];
    }
  }
  if (to < 0) return S_OK;  // no such element: S_OK and null, as Windows answers
  Element* found = new Element(w_, to);
  if (request) found->BuildCache(request->spec, 0);
  *out = found;
  return S_OK;
}

HRESULT TreeWalker::GetParentElement(IUIAutomationElement* e, IUIAutomationElement** out) {
  return Move(Step::Parent, "IUIAutomationTreeWalker.GetParentElement", e, nullptr, out);
}
HRESULT TreeWalker::GetFirstChildElement(IUIAutomationElement* e, IUIAutomationElement** out) {
  return Move(Step::First, "IUIAutomationTreeWalker.GetFirstChildElement", e, nullptr, out);
}
HRESULT TreeWalker::GetLastChildElement(IUIAutomationElement* e, IUIAutomationElement** out) {
  return Move(Step::Last, "IUIAutomationTreeWalker.GetLastChildElement", e, nullptr, out);
}
HRESULT TreeWalker::GetNextSiblingElement(IUIAutomationElement* e, IUIAutomationElement** out) {
  return Move(Step::Next, "IUIAutomationTreeWalker.GetNextSiblingElement", e, nullptr, out);
}
HRESULT TreeWalker::GetPreviousSiblingElement(IUIAutomationElement* e, IUIAutomationElement** out) {
  return Move(Step::Previous, "IUIAutomationTreeWalker.GetPreviousSiblingElement", e, nullptr, out);
}
HRESULT TreeWalker::GetParentElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r, IUIAutomationElement** out) {
  return Move(Step::Parent, "IUIAutomationTreeWalker.GetParentElementBuildCache", e, r, out);
}
HRESULT TreeWalker::GetFirstChildElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r, IUIAutomationElement** out) {
  return Move(Step::First, "IUIAutomationTreeWalker.GetFirstChildElementBuildCache", e, r, out);
}
HRESULT TreeWalker::GetLastChildElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r, IUIAutomationElement** out) {
  return Move(Step::Last, "IUIAutomationTreeWalker.GetLastChildElementBuildCache", e, r, out);
}
HRESULT TreeWalker::GetNextSiblingElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r, IUIAutomationElement** out) {
  return Move(Step::Next, "IUIAutomationTreeWalker.GetNextSiblingElementBuildCache", e, r, out);
}
HRESULT TreeWalker::GetPreviousSiblingElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r, IUIAutomationElement** out) {
  return Move(Step::Previous, "IUIAutomationTreeWalker.GetPreviousSiblingElementBuildCache", e, r, out);
}

}  // namespace lam_double
