// The double's COM objects: the automation client, elements (live, or with a cache built by a cache request),
// element arrays, cache requests, conditions, tree walkers and pattern objects. Each holds the World it was made
// from; every method logs through World::Enter, so a test counts calls from the log.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "uia_double/notimpl_bases.h"
#include "uia_double/world.h"

namespace lam_double {

using WorldPtr = std::shared_ptr<World>;

// A condition of any kind (the backend only hands them back to the double, so one class serves every kind).
class Condition : public NotImpl_IUIAutomationCondition {
 public:
  enum class Kind { True, False, ControlView, ContentView, Property, Not, And, Or };
  Condition(Kind kind) : kind_(kind) { VariantInit(&value_); }
  ~Condition() override;
  Kind kind_;
  PROPERTYID property_ = 0;
  VARIANT value_;
  std::vector<Condition*> children_;  // AddRef'd
  bool Matches(World& w, int node) const;
  std::string Describe() const;
};

// What a cache request asked for, frozen when an element's cache is built.
struct CacheSpec {
  std::set<PROPERTYID> properties;
  std::set<PATTERNID> patterns;
  TreeScope scope = TreeScope_Element;
  Condition* filter = nullptr;  // not owned: the request keeps it, and the spec is made while it lives
  std::string Describe() const;
};

class CacheRequest : public NotImpl_IUIAutomationCacheRequest {
 public:
  CacheRequest(WorldPtr w, Condition* control_view);
  ~CacheRequest() override;
  HRESULT STDMETHODCALLTYPE AddProperty(PROPERTYID id) override;
  HRESULT STDMETHODCALLTYPE AddPattern(PATTERNID id) override;
  HRESULT STDMETHODCALLTYPE get_TreeScope(TreeScope* scope) override;
  HRESULT STDMETHODCALLTYPE put_TreeScope(TreeScope scope) override;
  HRESULT STDMETHODCALLTYPE get_TreeFilter(IUIAutomationCondition** filter) override;
  HRESULT STDMETHODCALLTYPE put_TreeFilter(IUIAutomationCondition* filter) override;
  HRESULT STDMETHODCALLTYPE get_AutomationElementMode(AutomationElementMode* mode) override;
  HRESULT STDMETHODCALLTYPE put_AutomationElementMode(AutomationElementMode mode) override;
  CacheSpec spec;
  int id = 0;

 private:
  WorldPtr w_;
};

class Element : public NotImpl_IUIAutomationElement {
 public:
  Element(WorldPtr w, int node) : w_(std::move(w)), node_(node) {}
  int node() const { return node_; }
  // Fills this element's cache from `request` (its scope decides whether cached children are listed).
  void BuildCache(const CacheSpec& spec, int depth);

  HRESULT STDMETHODCALLTYPE SetFocus() override;
  HRESULT STDMETHODCALLTYPE GetRuntimeId(SAFEARRAY** id) override;
  HRESULT STDMETHODCALLTYPE FindFirst(TreeScope scope, IUIAutomationCondition* c, IUIAutomationElement** found) override;
  HRESULT STDMETHODCALLTYPE FindAll(TreeScope scope, IUIAutomationCondition* c, IUIAutomationElementArray** found) override;
  HRESULT STDMETHODCALLTYPE FindFirstBuildCache(TreeScope scope, IUIAutomationCondition* c, IUIAutomationCacheRequest* r,
                                                IUIAutomationElement** found) override;
  HRESULT STDMETHODCALLTYPE FindAllBuildCache(TreeScope scope, IUIAutomationCondition* c, IUIAutomationCacheRequest* r,
                                              IUIAutomationElementArray** found) override;
  HRESULT STDMETHODCALLTYPE BuildUpdatedCache(IUIAutomationCacheRequest* r, IUIAutomationElement** updated) override;
  HRESULT STDMETHODCALLTYPE GetCurrentPropertyValue(PROPERTYID id, VARIANT* v) override;
  HRESULT STDMETHODCALLTYPE GetCurrentPropertyValueEx(PROPERTYID id, BOOL ignore_default, VARIANT* v) override;
  HRESULT STDMETHODCALLTYPE GetCachedPropertyValue(PROPERTYID id, VARIANT* v) override;
  HRESULT STDMETHODCALLTYPE GetCachedPropertyValueEx(PROPERTYID id, BOOL ignore_default, VARIANT* v) override;
  HRESULT STDMETHODCALLTYPE GetCurrentPatternAs(PATTERNID id, REFIID iid, void** out) override;
  HRESULT STDMETHODCALLTYPE GetCachedPatternAs(PATTERNID id, REFIID iid, void** out) override;
  HRESULT STDMETHODCALLTYPE GetCurrentPattern(PATTERNID id, IUnknown** out) override;
  HRESULT STDMETHODCALLTYPE GetCachedPattern(PATTERNID id, IUnknown** out) override;
  HRESULT STDMETHODCALLTYPE GetCachedParent(IUIAutomationElement** parent) override;
  HRESULT STDMETHODCALLTYPE GetCachedChildren(IUIAutomationElementArray** children) override;
  HRESULT STDMETHODCALLTYPE GetClickablePoint(POINT* point, BOOL* got) override;
  HRESULT STDMETHODCALLTYPE get_CurrentProcessId(int* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentControlType(CONTROLTYPEID* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentName(BSTR* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentHasKeyboardFocus(BOOL* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentIsKeyboardFocusable(BOOL* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentIsEnabled(BOOL* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentAutomationId(BSTR* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentClassName(BSTR* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentNativeWindowHandle(UIA_HWND* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentIsOffscreen(BOOL* v) override;
  HRESULT STDMETHODCALLTYPE get_CurrentBoundingRectangle(RECT* v) override;
  HRESULT STDMETHODCALLTYPE get_CachedProcessId(int* v) override;
  HRESULT STDMETHODCALLTYPE get_CachedControlType(CONTROLTYPEID* v) override;
  HRESULT STDMETHODCALLTYPE get_CachedName(BSTR* v) override;
  HRESULT STDMETHODCALLTYPE get_CachedIsEnabled(BOOL* v) override;
  HRESULT STDMETHODCALLTYPE get_CachedNativeWindowHandle(UIA_HWND* v) override;
  HRESULT STDMETHODCALLTYPE get_CachedBoundingRectangle(RECT* v) override;

 private:
  HRESULT Current(const char* method, PROPERTYID id, VARIANT* v);
  HRESULT Cached(const char* method, PROPERTYID id, VARIANT* v);
  HRESULT Pattern(const char* method, PATTERNID id, bool cached, REFIID iid, void** out);
  HRESULT Find(const char* method, TreeScope scope, IUIAutomationCondition* c, IUIAutomationCacheRequest* r,
               bool first, void** out);

  WorldPtr w_;
  int node_;
  bool cached_ = false;
  CacheSpec spec_;
  bool has_cached_children_ = false;
  std::vector<Element*> cached_children_;  // AddRef'd
 public:
  ~Element() override;
};

class ElementArray : public NotImpl_IUIAutomationElementArray {
 public:
  ~ElementArray() override;
  HRESULT STDMETHODCALLTYPE get_Length(int* length) override;
  HRESULT STDMETHODCALLTYPE GetElement(int index, IUIAutomationElement** element) override;
  std::vector<Element*> items;  // AddRef'd
};

class TreeWalker : public NotImpl_IUIAutomationTreeWalker {
 public:
  TreeWalker(WorldPtr w, Condition* c, std::string name);
  ~TreeWalker() override;
  HRESULT STDMETHODCALLTYPE GetParentElement(IUIAutomationElement* e, IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetFirstChildElement(IUIAutomationElement* e, IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetLastChildElement(IUIAutomationElement* e, IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetNextSiblingElement(IUIAutomationElement* e, IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetPreviousSiblingElement(IUIAutomationElement* e, IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetParentElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r,
                                                       IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetFirstChildElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r,
                                                           IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetLastChildElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r,
                                                          IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetNextSiblingElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r,
                                                            IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE GetPreviousSiblingElementBuildCache(IUIAutomationElement* e, IUIAutomationCacheRequest* r,
                                                                IUIAutomationElement** out) override;
  HRESULT STDMETHODCALLTYPE get_Condition(IUIAutomationCondition** c) override;

 private:
  enum class Step { Parent, First, Last, Next, Previous };
  HRESULT Move(Step step, const char* method, IUIAutomationElement* e, IUIAutomationCacheRequest* r,
               IUIAutomationElement** out);
  WorldPtr w_;
  Condition* condition_;  // AddRef'd
  std::string name_;
};

// The view a condition defines: node's children in it (a child that does not match is replaced by its own
// children, recursively), and the nearest ancestor in it (the desktop is always in it).
std::vector<int> ViewChildren(World& w, int node, const Condition* c, bool cache_or_findall);
int ViewParent(World& w, int node, const Condition* c);

// The node's value of `id` (VT_EMPTY when the element has no such property).
void PropertyOf(World& w, int node, PROPERTYID id, VARIANT* out);

// A new pattern object for `id` on `node`, or nullptr for a pattern the double does not model.
IUnknown* MakePattern(WorldPtr w, int node, PATTERNID id);

Element* ElementOf(IUIAutomationElement* e);  // the double's own element, or nullptr for a foreign one
Condition* ConditionOf(IUIAutomationCondition* c);
CacheRequest* RequestOf(IUIAutomationCacheRequest* r);

IUIAutomation* MakeAutomation(WorldPtr w);

}  // namespace lam_double
