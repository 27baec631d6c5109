#include "win/uia_tree.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "core/json_writer.h"
#include "core/native_error.h"
#include "win/hresult_errors.h"
#include "win/msaa.h"

namespace lam::win {

using core::ErrorCode;
using core::JsonWriter;
using core::NativeError;

namespace {

constexpr int kControlTypeWindow = 50032;
constexpr int kControlTypePane = 50033;
constexpr int kControlTypeDocument = 50030;
constexpr int kControlTypeGroup = 50026;
constexpr int kControlTypeCustom = 50025;
// A hard ceiling on what one snapshot reads, whatever the request: a runaway provider must not exhaust memory.
constexpr int kMaxRead = 100000;

// Every property a RawUiaNode needs, in one table: the cache request adds them all, and the per-node
// path reads them one by one. The pattern-availability flags come last, in pattern-id order (bit i =
// pattern 10000+i).
enum Slot {
  kControlType, kName, kAutomationId, kClassName, kFrameworkId, kRect, kEnabled, kOffscreen, kFocused,
  kFocusable, kRuntimeId, kPid, kHwnd, kIsControl, kValue, kValueReadOnly, kRangeValue, kRangeMin, kRangeMax,
  kRangeSmall, kRangeReadOnly, kToggle, kExpand, kSelected, kFirstPattern
};
constexpr PROPERTYID kProperties[] = {
    UIA_ControlTypePropertyId, UIA_NamePropertyId, UIA_AutomationIdPropertyId, UIA_ClassNamePropertyId,
    UIA_FrameworkIdPropertyId, UIA_BoundingRectanglePropertyId, UIA_IsEnabledPropertyId,
    UIA_IsOffscreenPropertyId, UIA_HasKeyboardFocusPropertyId, UIA_IsKeyboardFocusablePropertyId,
    UIA_RuntimeIdPropertyId, UIA_ProcessIdPropertyId, UIA_NativeWindowHandlePropertyId,
    UIA_IsControlElementPropertyId, UIA_ValueValuePropertyId, UIA_ValueIsReadOnlyPropertyId,
    UIA_RangeValueValuePropertyId, UIA_RangeValueMinimumPropertyId, UIA_RangeValueMaximumPropertyId,
    UIA_RangeValueSmallChangePropertyId, UIA_RangeValueIsReadOnlyPropertyId, UIA_ToggleToggleStatePropertyId,
    UIA_ExpandCollapseExpandCollapseStatePropertyId, UIA_SelectionItemIsSelectedPropertyId,
    // 10000 Invoke … 10021 SynchronizedInput
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
constexpr int kPropertyCount = static_cast<int>(sizeof kProperties / sizeof kProperties[0]);
static_assert(kPropertyCount == kFirstPattern + 22, "one flag per pattern 10000..10021");

struct Node {
  ComPtr<IUIAutomationElement> element;
  std::vector<int32_t> runtime_id;
  std::string ref;
  HWND top = nullptr;
  int depth = 0;  // in the control view (the root 0); set by Add
  bool is_control = true;
  int control_type = 0;
  std::string name, automation_id, class_name, framework_id;
  bool has_rect = false;
  double rect[4] = {0, 0, 0, 0};
  bool enabled = false, offscreen = false, focused = false, focusable = false;
  int64_t pid = 0, hwnd = 0;
  uint32_t patterns = 0;
  bool has_value = false;
  std::string value;
  int read_only = -1, toggle = -1, expand = -1, selected = -1;
  bool has_range = false;
  double range[4] = {0, 0, 0, 0};
  bool children_read = false;  // `children` is the node's whole child list (raw view)
  bool too_many = false;       // more than max_children: listed without them
  bool msaa = false;
  long msaa_role = 0;
  std::vector<int> children;
};

bool Bool(const VARIANT& v, bool fallback) { return V_VT(&v) == VT_BOOL ? V_BOOL(&v) != VARIANT_FALSE : fallback; }
bool Number(const VARIANT& v, double* out) {
  if (V_VT(&v) == VT_R8) { *out = V_R8(&v); return true; }
  if (V_VT(&v) == VT_R4) { *out = V_R4(&v); return true; }
  if (V_VT(&v) == VT_I4) { *out = V_I4(&v); return true; }
  return false;
}

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);  // the one text form the Linux reader writes too
  return buf;
}

// One property VARIANT into the node.
void Apply(Node& node, int slot, const VARIANT& v) {
  double d = 0;
  switch (slot) {
    case kControlType: if (V_VT(&v) == VT_I4) node.control_type = V_I4(&v); break;
    case kName: if (V_VT(&v) == VT_BSTR) node.name = Utf8(V_BSTR(&v)); break;
    case kAutomationId: if (V_VT(&v) == VT_BSTR) node.automation_id = Utf8(V_BSTR(&v)); break;
    case kClassName: if (V_VT(&v) == VT_BSTR) node.class_name = Utf8(V_BSTR(&v)); break;
    case kFrameworkId: if (V_VT(&v) == VT_BSTR) node.framework_id = Utf8(V_BSTR(&v)); break;
    case kRect:
      if (V_VT(&v) == (VT_R8 | VT_ARRAY) && V_ARRAY(&v)) {
        double* data = nullptr;
        SAFEARRAY* a = V_ARRAY(&v);
        if (a->rgsabound[0].cElements >= 4 && SUCCEEDED(SafeArrayAccessData(a, reinterpret_cast<void**>(&data)))) {
          for (int i = 0; i < 4; ++i) node.rect[i] = data[i];
          SafeArrayUnaccessData(a);
          // UIA gives an empty rectangle for an element with no place on screen: no rect, as on Linux.
          node.has_rect = !(node.rect[0] == 0 && node.rect[1] == 0 && node.rect[2] == 0 && node.rect[3] == 0);
        }
      }
      break;
    case kEnabled: node.enabled = Bool(v, node.enabled); break;
    case kOffscreen: node.offscreen = Bool(v, node.offscreen); break;
    case kFocused: node.focused = Bool(v, node.focused); break;
    case kFocusable: node.focusable = Bool(v, node.focusable); break;
    case kRuntimeId: node.runtime_id = RuntimeIdFromVariant(v); break;
    case kPid: if (V_VT(&v) == VT_I4) node.pid = V_I4(&v); break;
    case kHwnd: if (V_VT(&v) == VT_I4) node.hwnd = static_cast<uint32_t>(V_I4(&v)); break;
    case kIsControl: node.is_control = Bool(v, true); break;
    case kValue:
      if (V_VT(&v) == VT_BSTR) { node.value = Utf8(V_BSTR(&v)); node.has_value = true; }
      break;
    case kValueReadOnly: if (V_VT(&v) == VT_BOOL && node.has_value) node.read_only = Bool(v, false); break;
    case kRangeValue: if (Number(v, &d)) { node.range[0] = d; node.has_range = true; } break;
    case kRangeMin: if (Number(v, &d)) node.range[1] = d; break;
    case kRangeMax: if (Number(v, &d)) node.range[2] = d; break;
    case kRangeSmall: if (Number(v, &d)) node.range[3] = d; break;
    case kRangeReadOnly: if (V_VT(&v) == VT_BOOL && node.read_only < 0 && node.has_range) node.read_only = Bool(v, false); break;
    case kToggle: if (V_VT(&v) == VT_I4) node.toggle = V_I4(&v); break;
    case kExpand: if (V_VT(&v) == VT_I4) node.expand = V_I4(&v); break;
    case kSelected: if (V_VT(&v) == VT_BOOL) node.selected = Bool(v, false); break;
    default:
      if (slot >= kFirstPattern && Bool(v, false)) node.patterns |= 1u << (slot - kFirstPattern);
      break;
  }
}

// Under Wine 10 every pattern property (Value.Value, Toggle.ToggleState, ...) and every Is<X>PatternAvailable
// flag answers E_NOTIMPL through GetCurrent/GetCachedPropertyValueEx (measured on the trial app): those fields
// stay null / 0 there and come from MSAA for HWND controls; the double exercises them.

// The RangeValue's current value stands for the value when there is no ValuePattern (a slider, a progress bar).
void Finish(Node& node) {
  if (!node.has_value && node.has_range) {
    node.value = FormatNumber(node.range[0]);
    node.has_value = true;
  }
  if (node.read_only >= 0 && !node.has_value) node.read_only = -1;
}

class Reader {
 public:
  Reader(UiaSession& session, const core::SnapshotRequest& request, const core::Deadline& deadline)
      : session_(session), uia_(session.automation()), request_(request), deadline_(deadline) {}

  std::string Run();

 private:
  // One cross-process call is about to be made: the deadline is checked and the client's timeouts set.
  void Call() {
    session_.ApplyTimeouts(deadline_);
    ++calls_;
  }
  int Add(Node node, int parent) {
    if (static_cast<int>(nodes_.size()) >= kMaxRead)
      throw NativeError(ErrorCode::Internal, "snapshot (lam-bridge): more than 100000 elements read");
    if (parent >= 0) node.depth = nodes_[parent].depth + (parent == 0 || nodes_[parent].is_control ? 1 : 0);
    nodes_.push_back(std::move(node));
    int index = static_cast<int>(nodes_.size()) - 1;
    if (parent >= 0) nodes_[parent].children.push_back(index);
    return index;
  }
  // Whether reading may stop early: with no visibility filter, max_nodes control elements are enough.
  bool ReadEnough() const {
    return !request_.visible_only && request_.max_nodes > 0 && control_read_ > request_.max_nodes;
  }
  bool WantChildren(int depth) const { return request_.max_depth < 0 || depth < request_.max_depth; }

  void ReadCurrent(Node& node, IUIAutomationElement* e);
  void ReadCached(Node& node, IUIAutomationElement* e);
  ComPtr<IUIAutomationCacheRequest> MakeRequest(bool all_properties, HRESULT* hr);
  ComPtr<IUIAutomationTreeWalker> TrueWalker();

  void ReadSubtree(int index, int depth);
  bool ReadByCache(int index, int depth, HRESULT* hr);
  void FromCached(int index, IUIAutomationElement* cached, int depth);
  bool ReadByFindAll(int index, int depth, HRESULT* hr);
  void ReadByWalker(int index, int depth, bool children_only_of_root);
  void ReadHwndChildren(int index);
  void FillHwndChildren(int from);
  // Whether node `index`'s children are within max_depth. `depth` is the control-view depth: a raw element
  // that is not a control element is spliced out, so its children are at its own depth.
  bool ChildrenWanted(int index) const {
    const Node& n = nodes_[index];
    return WantChildren(index != 0 && !n.is_control ? n.depth - 1 : n.depth);
  }
  // A walker pass below node `index`: depth first, the children of every node it reaches (WalkInto decides),
  // stepping with `first` / `next` (HRESULT(IUIAutomationElement*, IUIAutomationElement**)) and filling each
  // child's Node with `read`. The findall and walker methods differ only in those three.
  template <class First, class Next, class Read>
  void WalkChildren(int index, int depth, First first, Next next, Read read);
  // Whether a walker pass reads node `index`'s children: within max_depth, max_nodes not reached (else the
  // read is marked truncated), and not under an off-screen node in a visible-only snapshot (not read at all).
  bool WalkInto(int index) {
    if (!ChildrenWanted(index) || ReadEnough()) {
      if (ReadEnough()) read_truncated_ = true;
      return false;
    }
    return !(request_.visible_only && index != 0 && nodes_[index].offscreen);
  }
  // After re-reading a pass's root: its RuntimeId as before if the read gave none, its window and ref kept.
  void ReRefRoot(Node& root, HWND top, const std::vector<int32_t>& runtime_id) {
    if (root.runtime_id.empty()) root.runtime_id = runtime_id;
    root.top = top;
    root.ref = FormatElementRef(top, root.runtime_id);
    if (root.is_control) ++control_read_;
  }
  void ApplyMsaa(Node& node);
  void Method(const char* m) { methods_.insert(m); }
  // A subtree no method could read: listed once (a walker fill and its caller both notice the same node).
  void Unfilled(const std::string& ref) {
    incomplete_ = true;
    for (const std::string& r : unfilled_)
      if (r == ref) return;
    unfilled_.push_back(ref);
  }

  void ReadAncestors(IUIAutomationElement* root, HWND top);
  void Flatten(int index, std::vector<int>* out) const;
  std::string Serialize();

  UiaSession& session_;
  IUIAutomation* uia_;
  const core::SnapshotRequest& request_;
  const core::Deadline& deadline_;
  std::vector<Node> nodes_;
  int calls_ = 0;
  int control_read_ = 0;
  int filled_ = 0;
  bool read_truncated_ = false;
  bool incomplete_ = false;
  std::vector<std::string> unfilled_;
  std::set<std::string> methods_;
  std::set<int64_t> listed_hwnds_;  // the HWNDs of the nodes read so far (FillHwndChildren)
  ComPtr<IUIAutomationTreeWalker> true_walker_;
  struct Ancestor {
    std::string ref, name;
    int control_type;
  };
  std::vector<Ancestor> ancestors_;
  DWORD app_pid_ = 0;
};

void Reader::ReadCurrent(Node& node, IUIAutomationElement* e) {
  for (int slot = 0; slot < kPropertyCount; ++slot) {
    VARIANT v;
    VariantInit(&v);
    Call();
    // Ex with ignoreDefaultValue: a property the element lacks comes back as the not-supported value,
    // not as a default that looks like data. Wine 10 implements only the Ex forms.
    HRESULT hr = e->GetCurrentPropertyValueEx(kProperties[slot], TRUE, &v);
    if (SUCCEEDED(hr)) Apply(node, slot, v);
    VariantClear(&v);
    if (IsDisconnected(hr)) break;  // the element died between two reads: what was read stands
  }
  Finish(node);
}

void Reader::ReadCached(Node& node, IUIAutomationElement* e) {
  for (int slot = 0; slot < kPropertyCount; ++slot) {
    VARIANT v;
    VariantInit(&v);
    if (SUCCEEDED(e->GetCachedPropertyValueEx(kProperties[slot], TRUE, &v))) Apply(node, slot, v);
    VariantClear(&v);
  }
  Finish(node);
}

ComPtr<IUIAutomationCacheRequest> Reader::MakeRequest(bool all_properties, HRESULT* hr) {
  ComPtr<IUIAutomationCacheRequest> request;
  *hr = uia_->CreateCacheRequest(request.put());
  if (FAILED(*hr) || !request) return {};
  for (int slot = 0; slot < kPropertyCount; ++slot) {
    if (!all_properties && slot != kRuntimeId && slot != kIsControl) continue;
    *hr = request->AddProperty(kProperties[slot]);
    if (FAILED(*hr)) return {};
  }
  return request;
}

ComPtr<IUIAutomationTreeWalker> Reader::TrueWalker() {
  if (!true_walker_) {
    ComPtr<IUIAutomationCondition> all;
    if (SUCCEEDED(uia_->CreateTrueCondition(all.put())) && all) uia_->CreateTreeWalker(all.get(), true_walker_.put());
  }
  return true_walker_;
}

// ---------------------------------------------------------------- 1. one cache request

bool Reader::ReadByCache(int index, int depth, HRESULT* hr) {
  ComPtr<IUIAutomationCacheRequest> request = MakeRequest(true, hr);
  if (!request) return false;
  ComPtr<IUIAutomationCondition> control_view;
  if (FAILED(*hr = uia_->get_ControlViewCondition(control_view.put())) || !control_view) return false;
  if (FAILED(*hr = request->put_TreeFilter(control_view.get()))) return false;
  if (FAILED(*hr = request->put_TreeScope(WantChildren(depth) ? TreeScope_Subtree : TreeScope_Element))) return false;
  ComPtr<IUIAutomationElement> cached;
  Call();
  *hr = nodes_[index].element->BuildUpdatedCache(request.get(), cached.put());
  if (FAILED(*hr) || !cached) return false;
  // Nothing is added until GetCachedChildren answers for the root: a client that cannot (Wine 10) falls
  // back before any node of this subtree is listed.
  if (WantChildren(depth)) {
    ComPtr<IUIAutomationElementArray> probe;
    *hr = cached->GetCachedChildren(probe.put());
    if (FAILED(*hr)) return false;
  }
  Method("cache");
  FromCached(index, cached.get(), depth);
  return true;
}

void Reader::FromCached(int index, IUIAutomationElement* cached, int depth) {
  {
    Node& node = nodes_[index];
    HWND top = node.top;
    bool synthetic_parent_kept = !node.runtime_id.empty();
    std::vector<int32_t> keep = node.runtime_id;
    ReadCached(node, cached);
    if (node.runtime_id.empty() && synthetic_parent_kept) node.runtime_id = keep;
    node.top = top;
    node.ref = FormatElementRef(top, node.runtime_id);
    node.element = ComPtr<IUIAutomationElement>(cached);
    cached->AddRef();
    node.is_control = true;  // the request's control-view filter chose it
  }
  ++control_read_;
  if (!WantChildren(depth)) return;
  ComPtr<IUIAutomationElementArray> children;
  // S_OK with no array: no children in the cached view.
  if (FAILED(cached->GetCachedChildren(children.put()))) return;
  int length = 0;
  if (children) children->get_Length(&length);
  nodes_[index].children_read = true;
  if (length > request_.max_children) {
    nodes_[index].too_many = true;
    return;
  }
  if (length == 0) {
    // A provider boundary drops a subtree from the cache (WebView2, WinForms hosts): a hosting node with
    // no cached children is asked once more through the walker. Only such candidates are asked (an element
    // with its own HWND, or a container type), so a tree of leaves costs no extra round trips.
    const Node& node = nodes_[index];
    bool candidate = node.hwnd != 0 || node.control_type == kControlTypePane || node.control_type == kControlTypeWindow ||
                     node.control_type == kControlTypeDocument || node.control_type == kControlTypeGroup ||
                     node.control_type == kControlTypeCustom;
    if (candidate) {
      ComPtr<IUIAutomationTreeWalker> walker;
      uia_->get_ControlViewWalker(walker.put());
      ComPtr<IUIAutomationElement> first;
      Call();
      HRESULT hr = walker ? walker->GetFirstChildElement(nodes_[index].element.get(), first.put()) : E_NOTIMPL;
      if (SUCCEEDED(hr) && first) {
        nodes_[index].children_read = false;
        ReadByWalker(index, depth, true);
        if (nodes_[index].children_read) ++filled_;
        else {
          Unfilled(nodes_[index].ref);
          incomplete_ = true;
        }
      }
    }
    return;
  }
  for (int i = 0; i < length && !ReadEnough(); ++i) {
    ComPtr<IUIAutomationElement> child;
    if (FAILED(children->GetElement(i, child.put())) || !child) continue;
    Node node;
    node.top = nodes_[index].top;
    int c = Add(std::move(node), index);
    FromCached(c, child.get(), depth + 1);
  }
  if (ReadEnough()) read_truncated_ = true;
}

// ---------------------------------------------------------------- the walker pass of 2 and 3

template <class First, class Next, class Read>
void Reader::WalkChildren(int index, int depth, First first, Next next, Read read) {
  struct Pending {
    int index;
    int depth;
  };
  std::vector<Pending> stack{{index, depth}};
  while (!stack.empty()) {
    Pending p = stack.back();
    stack.pop_back();
    if (!WalkInto(p.index)) continue;
    ComPtr<IUIAutomationElement> child;
    Call();
    if (FAILED(first(nodes_[p.index].element.get(), child.put()))) {
      Unfilled(nodes_[p.index].ref);
      continue;
    }
    std::vector<int> added;
    int count = 0;
    while (child) {
      if (++count > request_.max_children) {
        nodes_[p.index].too_many = true;
        break;
      }
      Node node;
      node.top = nodes_[p.index].top;
      read(node, child.get());
      if (node.runtime_id.empty()) {
        incomplete_ = true;  // an element without a RuntimeId cannot be referred to: left out
      } else {
        node.element = child;
        node.ref = FormatElementRef(node.top, node.runtime_id);
        if (node.is_control) ++control_read_;
        added.push_back(Add(std::move(node), p.index));
      }
      ComPtr<IUIAutomationElement> sibling;
      Call();
      if (FAILED(next(child.get(), sibling.put()))) {
        incomplete_ = true;
        break;
      }
      child = sibling;
    }
    if (!nodes_[p.index].too_many) nodes_[p.index].children_read = true;
    else nodes_[p.index].children.clear();
    for (auto it = added.rbegin(); it != added.rend(); ++it) stack.push_back({*it, nodes_[*it].depth});
  }
}

// ---------------------------------------------------------------- 2. FindAllBuildCache + walker links

bool Reader::ReadByFindAll(int index, int depth, HRESULT* hr) {
  ComPtr<IUIAutomationCacheRequest> request = MakeRequest(true, hr);
  if (!request) return false;
  // The raw view: the control-view filtering is done here, from IsControlElement, as for the walker.
  ComPtr<IUIAutomationCondition> all;
  if (FAILED(*hr = uia_->CreateTrueCondition(all.put())) || !all) return false;
  request->put_TreeFilter(all.get());
  ComPtr<IUIAutomationElementArray> found;
  Call();
  *hr = nodes_[index].element->FindAllBuildCache(WantChildren(depth) ? TreeScope_Subtree : TreeScope_Element,
                                                 all.get(), request.get(), found.put());
  if (FAILED(*hr) || !found) return false;
  int length = 0;
  found->get_Length(&length);
  // RuntimeId → cached element. The first one found is the root itself (TreeScope_Subtree includes it).
  std::map<std::vector<int32_t>, ComPtr<IUIAutomationElement>> by_id;
  ComPtr<IUIAutomationElement> root_cached;
  for (int i = 0; i < length; ++i) {
    ComPtr<IUIAutomationElement> e;
    if (FAILED(found->GetElement(i, e.put())) || !e) continue;
    VARIANT v;
    VariantInit(&v);
    if (SUCCEEDED(e->GetCachedPropertyValueEx(UIA_RuntimeIdPropertyId, TRUE, &v))) {
      std::vector<int32_t> id = RuntimeIdFromVariant(v);
      if (!id.empty()) {
        if (i == 0) root_cached = e;
        by_id.emplace(std::move(id), e);
      }
    }
    VariantClear(&v);
  }
  ComPtr<IUIAutomationTreeWalker> walker = TrueWalker();
  HRESULT links_hr = S_OK;
  ComPtr<IUIAutomationCacheRequest> id_request = MakeRequest(false, &links_hr);
  if (!walker || !id_request) {
    *hr = FAILED(links_hr) ? links_hr : E_NOTIMPL;
    return false;
  }
  Method("findall");
  // The root's own properties (it is in the FindAll answer; if not, read it directly).
  {
    Node& root = nodes_[index];
    HWND top = root.top;
    std::vector<int32_t> keep = root.runtime_id;
    auto it = by_id.find(keep);
    if (it != by_id.end()) ReadCached(root, it->second.get());
    else if (root_cached) ReadCached(root, root_cached.get());
    else ReadCurrent(root, root.element.get());
    ReRefRoot(root, top, keep);
  }
  if (!WantChildren(depth)) return true;
  // The parent links: a walker that caches only RuntimeId and IsControlElement, one call a node; each child's
  // properties from the FindAll answer.
  WalkChildren(
      index, depth,
      [&](IUIAutomationElement* e, IUIAutomationElement** out) {
        return walker->GetFirstChildElementBuildCache(e, id_request.get(), out);
      },
      [&](IUIAutomationElement* e, IUIAutomationElement** out) {
        return walker->GetNextSiblingElementBuildCache(e, id_request.get(), out);
      },
      [&](Node& node, IUIAutomationElement* child) {
        VARIANT v;
        VariantInit(&v);
        if (SUCCEEDED(child->GetCachedPropertyValueEx(UIA_RuntimeIdPropertyId, TRUE, &v)))
          node.runtime_id = RuntimeIdFromVariant(v);
        VariantClear(&v);
        // Not in the FindAll answer: added since, or a provider that answers the two differently.
        auto it = by_id.find(node.runtime_id);
        if (it != by_id.end()) ReadCached(node, it->second.get());
        else ReadCurrent(node, child);
      });
  return true;
}

// ---------------------------------------------------------------- 3. the plain walker (also reference_walk)

void Reader::ReadByWalker(int index, int depth, bool children_only_of_root) {
  Method("walker");
  ComPtr<IUIAutomationTreeWalker> walker = TrueWalker();
  if (!walker) {
    Unfilled(nodes_[index].ref);
    incomplete_ = true;
    return;
  }
  if (!children_only_of_root) {
    Node& root = nodes_[index];
    HWND top = root.top;
    std::vector<int32_t> keep = root.runtime_id;
    ReadCurrent(root, root.element.get());
    ReRefRoot(root, top, keep);
  }
  WalkChildren(
      index, depth,
      [&](IUIAutomationElement* e, IUIAutomationElement** out) { return walker->GetFirstChildElement(e, out); },
      [&](IUIAutomationElement* e, IUIAutomationElement** out) { return walker->GetNextSiblingElement(e, out); },
      [&](Node& node, IUIAutomationElement* child) { ReadCurrent(node, child); });
}

// ---------------------------------------------------------------- 4. child HWNDs and MSAA

int ControlTypeFromRole(long role) {
  switch (role) {
    case ROLE_SYSTEM_PUSHBUTTON: return 50000;    // Button
    case ROLE_SYSTEM_CHECKBUTTON: return 50002;   // CheckBox
    case ROLE_SYSTEM_COMBOBOX: return 50003;      // ComboBox
    case ROLE_SYSTEM_DROPLIST: return 50003;
    case ROLE_SYSTEM_TEXT: return 50004;          // Edit
    case ROLE_SYSTEM_LINK: return 50005;          // Hyperlink
    case ROLE_SYSTEM_GRAPHIC: return 50006;       // Image
    case ROLE_SYSTEM_LISTITEM: return 50007;      // ListItem
    case ROLE_SYSTEM_LIST: return 50008;          // List
    case ROLE_SYSTEM_MENUPOPUP: return 50009;     // Menu
    case ROLE_SYSTEM_MENUBAR: return 50010;       // MenuBar
    case ROLE_SYSTEM_MENUITEM: return 50011;      // MenuItem
    case ROLE_SYSTEM_PROGRESSBAR: return 50012;   // ProgressBar
    case ROLE_SYSTEM_RADIOBUTTON: return 50013;   // RadioButton
    case ROLE_SYSTEM_SCROLLBAR: return 50014;     // ScrollBar
    case ROLE_SYSTEM_SLIDER: return 50015;        // Slider
    case ROLE_SYSTEM_SPINBUTTON: return 50016;    // Spinner
    case ROLE_SYSTEM_STATUSBAR: return 50017;     // StatusBar
    case ROLE_SYSTEM_PAGETABLIST: return 50018;   // Tab
    case ROLE_SYSTEM_PAGETAB: return 50019;       // TabItem
    case ROLE_SYSTEM_STATICTEXT: return 50020;    // Text
    case ROLE_SYSTEM_TOOLBAR: return 50021;       // ToolBar
    case ROLE_SYSTEM_TOOLTIP: return 50022;       // ToolTip
    case ROLE_SYSTEM_OUTLINE: return 50023;       // Tree
    case ROLE_SYSTEM_OUTLINEITEM: return 50024;   // TreeItem
    case ROLE_SYSTEM_GROUPING: return 50026;      // Group
    case ROLE_SYSTEM_TABLE: return 50036;         // Table
    case ROLE_SYSTEM_DOCUMENT: return 50030;      // Document
    case ROLE_SYSTEM_SPLITBUTTON: return 50031;   // SplitButton
    case ROLE_SYSTEM_TITLEBAR: return 50037;      // TitleBar
    case ROLE_SYSTEM_SEPARATOR: return 50038;     // Separator
    default: return 0;
  }
}

// UIA's proxy for a stock control said Pane (Wine 10 for every one but Edit); IAccessible on the control's
// own window knows its role, value and check state.
// A control UIA did map but whose value it could not read (Wine 10 answers no pattern property: an Edit
// without Value.Value) gets IAccessible's accValue.
void Reader::ApplyMsaa(Node& node) {
  if (!node.hwnd || (node.control_type != kControlTypePane && node.has_value)) return;
  HWND hwnd = reinterpret_cast<HWND>(static_cast<intptr_t>(node.hwnd));
  Call();
  std::vector<MsaaNode> msaa = ReadMsaaTree(hwnd, 1, deadline_);
  if (msaa.empty()) return;
  const MsaaNode& m = msaa[0];
  if (node.control_type != kControlTypePane) {
    if (m.value.empty() || ControlTypeFromRole(m.role) != node.control_type) return;
    node.value = Utf8(m.value);
    node.has_value = true;
    node.read_only = (m.state & STATE_SYSTEM_READONLY) ? 1 : 0;
    node.msaa = true;
    node.msaa_role = m.role;
    return;
  }
  int type = ControlTypeFromRole(m.role);
  if (!type) return;
  node.control_type = type;
  node.msaa = true;
  node.msaa_role = m.role;
  if (node.name.empty()) node.name = Utf8(m.name);
  if (!node.has_value && !m.value.empty()) {
    node.value = Utf8(m.value);
    node.has_value = true;
    node.read_only = (m.state & STATE_SYSTEM_READONLY) ? 1 : 0;
  }
  if (type == 50002) node.toggle = (m.state & STATE_SYSTEM_MIXED) ? 2 : (m.state & STATE_SYSTEM_CHECKED) ? 1 : 0;
  if (type == 50013) node.selected = (m.state & STATE_SYSTEM_CHECKED) ? 1 : 0;
  if (type == 50003 || type == 50024)
    node.expand = (m.state & STATE_SYSTEM_EXPANDED) ? 1 : (m.state & STATE_SYSTEM_COLLAPSED) ? 0 : node.expand;
  node.enabled = !(m.state & STATE_SYSTEM_UNAVAILABLE);
  if (m.state & STATE_SYSTEM_FOCUSED) node.focused = true;
  if (m.state & STATE_SYSTEM_FOCUSABLE) node.focusable = true;
  node.patterns |= 1u << (UIA_LegacyIAccessiblePatternId - UIA_InvokePatternId);
}

// The child windows of node `index` that no node lists yet, each as its own element (ElementFromHandle),
// with its UIA children. Windows' HWND proxy lists a window's visible child windows itself, so there this
// adds nothing and costs no call; Wine 10's proxies list none (a stock-control window looks empty), and a
// window with its own fragment tree lists only the fragments (its stock controls beside them are missed).
// Invisible child windows are left out, as the HWND proxy leaves them out.
void Reader::ReadHwndChildren(int index) {
  HWND parent = reinterpret_cast<HWND>(static_cast<intptr_t>(nodes_[index].hwnd));
  std::vector<HWND> children;
  for (HWND c = GetWindow(parent, GW_CHILD); c; c = GetWindow(c, GW_HWNDNEXT)) {
    if (!IsWindowVisible(c) || listed_hwnds_.count(static_cast<int64_t>(reinterpret_cast<uintptr_t>(c)))) continue;
    children.push_back(c);
    if (children.size() > static_cast<size_t>(request_.max_children)) break;
  }
  if (children.empty()) return;
  if (children.size() > static_cast<size_t>(request_.max_children)) {
    nodes_[index].too_many = true;
    return;
  }
  Method("msaa");
  nodes_[index].children_read = true;
  HRESULT hr = S_OK;
  ComPtr<IUIAutomationCacheRequest> request = request_.reference_walk ? ComPtr<IUIAutomationCacheRequest>() : MakeRequest(true, &hr);
  for (HWND hwnd : children) {
    if (ReadEnough()) {
      read_truncated_ = true;
      break;
    }
    listed_hwnds_.insert(static_cast<int64_t>(reinterpret_cast<uintptr_t>(hwnd)));
    ComPtr<IUIAutomationElement> element;
    Call();
    if (FAILED(uia_->ElementFromHandle(hwnd, element.put())) || !element) continue;
    Node node;
    node.top = nodes_[index].top;
    ComPtr<IUIAutomationElement> cached;
    if (request) {
      // One call for the control's properties instead of one a property.
      Call();
      if (SUCCEEDED(element->BuildUpdatedCache(request.get(), cached.put())) && cached) ReadCached(node, cached.get());
      else ReadCurrent(node, element.get());
    } else {
      ReadCurrent(node, element.get());
    }
    if (node.runtime_id.empty()) {
      incomplete_ = true;
      continue;
    }
    if (!node.hwnd) node.hwnd = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(hwnd));
    node.is_control = true;  // a child window is a control (what the control view lists for it on Windows)
    ApplyMsaa(node);
    node.element = element;
    node.ref = FormatElementRef(node.top, node.runtime_id);
    ++control_read_;
    int c = Add(std::move(node), index);
    // The control's own UIA children (none under Wine); FillHwndChildren reaches its child windows next.
    if (ChildrenWanted(c)) {
      size_t before = nodes_.size();
      ReadByWalker(c, nodes_[c].depth, true);
      for (size_t i = before; i < nodes_.size(); ++i)
        if (nodes_[i].hwnd) listed_hwnds_.insert(nodes_[i].hwnd);
    }
  }
}

void Reader::FillHwndChildren(int from) {
  for (size_t i = from; i < nodes_.size(); ++i)
    if (nodes_[i].hwnd) listed_hwnds_.insert(nodes_[i].hwnd);
  for (size_t i = from; i < nodes_.size() && !ReadEnough(); ++i) {
    const Node& n = nodes_[i];
    if (!n.hwnd || n.too_many || !ChildrenWanted(static_cast<int>(i))) continue;
    if (request_.visible_only && i != 0 && n.offscreen) continue;
    ReadHwndChildren(static_cast<int>(i));
  }
}

void Reader::ReadSubtree(int index, int depth) {
  HRESULT hr = S_OK;
  bool done = false;
  if (!request_.reference_walk) {
    done = ReadByCache(index, depth, &hr);
    if (!done) {
      if (IsDisconnected(hr)) throw ErrorFromHresult("snapshot", "IUIAutomationElement::BuildUpdatedCache", hr,
                                                     {static_cast<DWORD>(nodes_[index].pid), false, &deadline_});
      done = ReadByFindAll(index, depth, &hr);
    }
  }
  if (!done) ReadByWalker(index, depth, false);
  FillHwndChildren(index);
}

// ---------------------------------------------------------------- ancestors and output

// The chain from the root's parent up to, not including, the desktop: the element the walker finds no parent
// of. Looking one level ahead tells the desktop apart without reading anything of it, and keeps the snapshot's
// one cache request its only one (the ancestors are a few current reads, one round trip a property).
void Reader::ReadAncestors(IUIAutomationElement* root, HWND top) {
  ComPtr<IUIAutomationTreeWalker> walker = TrueWalker();
  if (!walker) return;
  auto parent_of = [&](IUIAutomationElement* e) {
    ComPtr<IUIAutomationElement> p;
    Call();
    if (FAILED(walker->GetParentElement(e, p.put()))) p.reset();
    return p;
  };
  ComPtr<IUIAutomationElement> parent = parent_of(root);
  for (int level = 0; parent && level < 64; ++level) {
    ComPtr<IUIAutomationElement> grand = parent_of(parent.get());
    if (!grand) return;  // `parent` is the desktop
    Node node;
    for (int slot : {kRuntimeId, kControlType, kName}) {
      VARIANT v;
      VariantInit(&v);
      Call();
      if (SUCCEEDED(parent->GetCurrentPropertyValueEx(kProperties[slot], TRUE, &v))) Apply(node, slot, v);
      VariantClear(&v);
    }
    if (node.runtime_id.empty()) return;
    ancestors_.push_back({FormatElementRef(top, node.runtime_id), node.name, node.control_type});
    parent = grand;
  }
}

// The control view of node `index`'s children: a raw element that is not a control element is left out and
// its children take its place (what the control-view walker and the ControlView tree filter do).
void Reader::Flatten(int index, std::vector<int>* out) const {
  for (int c : nodes_[index].children) {
    if (nodes_[c].is_control) out->push_back(c);
    else Flatten(c, out);
  }
}

std::string Reader::Serialize() {
  struct Visit {
    int node, parent, depth;
  };
  std::vector<Visit> order;
  std::vector<std::vector<int>> view(nodes_.size());
  std::vector<bool> view_known(nodes_.size(), false);
  bool truncated = read_truncated_;
  std::vector<Visit> stack{{0, -1, 0}};
  while (!stack.empty()) {
    Visit v = stack.back();
    stack.pop_back();
    const Node& node = nodes_[v.node];
    if (request_.visible_only && v.depth > 0 && node.offscreen) continue;
    if (request_.max_nodes > 0 && static_cast<int>(order.size()) >= request_.max_nodes) {
      truncated = true;
      break;
    }
    int slot = static_cast<int>(order.size());
    order.push_back(v);
    if (node.too_many) truncated = true;
    if (!node.children_read || node.too_many) continue;
    Flatten(v.node, &view[v.node]);
    view_known[v.node] = true;
    if (!WantChildren(v.depth)) continue;
    for (auto it = view[v.node].rbegin(); it != view[v.node].rend(); ++it) stack.push_back({*it, slot, v.depth + 1});
  }
  JsonWriter w;
  w.begin_object();
  w.key("platform").value("uia");
  w.key("root").value(nodes_[0].ref);
  DWORD pid = app_pid_ ? app_pid_ : static_cast<DWORD>(nodes_[0].pid);
  w.key("app").begin_object();
  w.key("ref").value(FormatAppRef(pid));
  w.key("name").value(ProcessImageName(pid));
  w.key("pid").value(static_cast<int64_t>(pid));
  w.end_object();
  w.key("ancestors").begin_array();
  for (const Ancestor& a : ancestors_) {
    w.begin_object();
    w.key("ref").value(a.ref);
    w.key("controlType").value(a.control_type);
    w.key("name").value(a.name);
    w.end_object();
  }
  w.end_array();
  w.key("nodes").begin_array();
  for (const Visit& v : order) {
    const Node& n = nodes_[v.node];
    w.begin_object();
    w.key("ref").value(n.ref);
    w.key("parent").value(v.parent);
    w.key("controlType").value(n.control_type);
    w.key("name").value(n.name);
    w.key("automationId").value(n.automation_id);
    w.key("className").value(n.class_name);
    w.key("frameworkId").value(n.framework_id);
    w.key("rect");
    if (n.has_rect) w.begin_array().value(n.rect[0]).value(n.rect[1]).value(n.rect[2]).value(n.rect[3]).end_array();
    else w.null();
    w.key("enabled").value(n.enabled);
    w.key("offscreen").value(n.offscreen);
    w.key("focused").value(n.focused);
    w.key("focusable").value(n.focusable);
    w.key("pid").value(n.pid);
    w.key("hwnd").value(n.hwnd);
    w.key("patterns").value(n.patterns);
    w.key("value");
    if (n.has_value) w.value(n.value); else w.null();
    w.key("readOnly");
    if (n.read_only >= 0) w.value(n.read_only == 1); else w.null();
    w.key("toggle");
    if (n.toggle >= 0) w.value(n.toggle); else w.null();
    w.key("expandCollapse");
    if (n.expand >= 0) w.value(n.expand); else w.null();
    w.key("selected");
    if (n.selected >= 0) w.value(n.selected == 1); else w.null();
    w.key("range");
    if (n.has_range) w.begin_array().value(n.range[0]).value(n.range[1]).value(n.range[2]).value(n.range[3]).end_array();
    else w.null();
    w.key("childCount").value(view_known[v.node] ? static_cast<int>(view[v.node].size()) : -1);
    w.key("source").value(n.msaa ? "msaa" : "uia");
    w.key("msaaRole");
    if (n.msaa) w.value(static_cast<int64_t>(n.msaa_role)); else w.null();
    w.end_object();
  }
  w.end_array();
  w.key("truncated").value(truncated);
  w.key("incomplete").value(incomplete_);
  w.key("unfilled").begin_array();
  for (const std::string& r : unfilled_) w.value(r);
  w.end_array();
  w.key("stats").begin_object();
  w.key("calls").value(calls_);
  w.key("method").value(methods_.size() == 1 ? *methods_.begin() : methods_.empty() ? std::string("walker") : std::string("mixed"));
  w.key("filled").value(filled_);
  w.end_object();
  w.end_object();
  return w.take();
}

std::string Reader::Run() {
  UiaRef parsed;
  if (!ParseRef(request_.root_ref, &parsed))
    throw NativeError(ErrorCode::InvalidArgument,
                      "snapshot (lam-bridge): '" + request_.root_ref + "' is not a uia element or application ref" +
                          kRefForms);
  if (parsed.kind == UiaRef::Kind::App) {
    // The synthetic application root: the process's visible top-level windows as its children.
    if (!UiaSession::ProcessAlive(parsed.pid))
      throw NativeError(ErrorCode::AppNotRunning,
                        "snapshot (OpenProcess): process " + std::to_string(parsed.pid) + " is not running");
    app_pid_ = parsed.pid;
    Node root;
    root.ref = request_.root_ref;
    root.name = ProcessImageName(parsed.pid);
    root.pid = parsed.pid;
    root.enabled = true;
    root.children_read = true;
    Add(std::move(root), -1);
    if (WantChildren(0)) {
      for (HWND hwnd : VisibleTopLevelWindows(parsed.pid)) {
        session_.RememberWindow(hwnd, parsed.pid);
        ComPtr<IUIAutomationElement> element;
        Call();
        HRESULT hr = uia_->ElementFromHandle(hwnd, element.put());
        if (FAILED(hr) || !element) {
          incomplete_ = true;  // one window's provider failing does not fail the app
          continue;
        }
        session_.HoldWindowUnderWine(hwnd, element);
        Node window;
        window.top = hwnd;
        window.element = element;
        window.pid = parsed.pid;
        int c = Add(std::move(window), 0);
        try {
          ReadSubtree(c, 1);
        } catch (const NativeError& e) {
          if (e.code() == ErrorCode::Timeout) throw;
          incomplete_ = true;
          Unfilled(nodes_[c].ref.empty() ? FormatElementRef(hwnd, {}) : nodes_[c].ref);
        }
      }
    }
    return Serialize();
  }
  HWND top = nullptr;
  ComPtr<IUIAutomationElement> element = session_.Resolve(request_.root_ref, deadline_, &top);
  Node root;
  root.top = top;
  root.element = element;
  root.runtime_id = parsed.runtime_id;
  root.ref = request_.root_ref;
  Add(std::move(root), -1);
  ReadSubtree(0, 0);
  // A stock control read on its own gets what the tree read gives it as a child window (ReadHwndChildren):
  // IAccessible's role, value and states where UIA's proxy answered Pane or no value. A ref read alone must
  // describe the node as the snapshot that handed out the ref did, or the executor refuses valid actions.
  if (nodes_[0].hwnd && reinterpret_cast<HWND>(static_cast<intptr_t>(nodes_[0].hwnd)) != top) ApplyMsaa(nodes_[0]);
  nodes_[0].is_control = true;  // the root is listed whatever its view
  nodes_[0].ref = request_.root_ref;
  if (request_.with_ancestors) ReadAncestors(element.get(), top);
  return Serialize();
}

}  // namespace

int ControlTypeForMsaaRole(long role) { return ControlTypeFromRole(role); }

namespace {

// Windows 8+ keeps suspended UWP apps' and other virtual desktops' windows "visible" but cloaked by DWM: not
// on screen, so not listed. dwmapi is looked up at run time (one DLL fewer to link; absent on Server Core).
bool Cloaked(HWND hwnd) {
  using GetAttribute = HRESULT(WINAPI*)(HWND, DWORD, PVOID, DWORD);
  static GetAttribute get = [] {
    HMODULE dwm = LoadLibraryW(L"dwmapi.dll");
    return dwm ? reinterpret_cast<GetAttribute>(reinterpret_cast<void*>(GetProcAddress(dwm, "DwmGetWindowAttribute")))
               : nullptr;
  }();
  DWORD cloaked = 0;
  constexpr DWORD kDwmwaCloaked = 14;  // DWMWA_CLOAKED
  return get && SUCCEEDED(get(hwnd, kDwmwaCloaked, &cloaked, sizeof cloaked)) && cloaked != 0;
}

}  // namespace

std::vector<HWND> VisibleTopLevelWindows(DWORD pid) {
  struct Collect {
    DWORD pid;
    std::vector<HWND> list;
    static BOOL CALLBACK Add(HWND hwnd, LPARAM param) {
      Collect* c = reinterpret_cast<Collect*>(param);
      if (!IsWindowVisible(hwnd) || Cloaked(hwnd)) return TRUE;
      // Owned windows are dialogs and popups of another top-level window; tool windows and the like still
      // count: what an app shows is what a model may need.
      DWORD owner = 0;
      GetWindowThreadProcessId(hwnd, &owner);
      if (c->pid && owner != c->pid) return TRUE;
      c->list.push_back(hwnd);
      return TRUE;
    }
  } collect{pid, {}};
  EnumWindows(&Collect::Add, reinterpret_cast<LPARAM>(&collect));
  return collect.list;
}

std::string ReadUiaTree(UiaSession& session, const core::SnapshotRequest& request, const core::Deadline& deadline) {
  Reader reader(session, request, deadline);
  return reader.Run();
}

}  // namespace lam::win
