#include "linux/tree_reader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "core/json_writer.h"
#include "core/native_error.h"
#include "linux/atspi_protocol.h"
#include "linux/atspi_ref.h"
#include "linux/dbus_errors.h"

namespace lam::atspi {
namespace {

using core::ErrorCode;
using core::JsonWriter;
using core::NativeError;

// A Cache.GetItems slower than this makes visible-only snapshots of that app walk instead (see Run).
constexpr double kSlowCacheMs = 20;
// Texts longer than this are cut: an observation needs what an edit holds, not a whole book.
constexpr int32_t kMaxTextChars = 65536;
// Parent hops followed to find the window above a subtree root.
constexpr int kMaxAncestors = 64;

struct Node {
  ObjectRef object;
  std::string ref;

  bool has_props = false;
  bool props_pending = false;
  uint32_t role = 0;
  std::string name;
  std::string description;
  uint32_t states[2] = {0, 0};
  uint32_t interfaces = 0;
  int32_t child_count = -1;
  ObjectRef parent;

  bool has_children = false;
  bool children_pending = false;
  std::vector<int> children;

  bool extras_requested = false;
  bool has_rect = false;
  int32_t rect[4] = {0, 0, 0, 0};
  bool has_id = false;
  std::string id;
  bool has_actions = false;
  std::vector<std::string> actions;
  bool has_value = false;
  std::string value;
  int32_t char_count = -1;
  bool text_requested = false;

  bool gone = false;
  // Too many children to list (a spreadsheet's cells): listed without them.
  bool children_skipped = false;
  bool props_from_cache = false;  // from GetItems, whose child counts can be -1
  bool has_state = false;          // states known (before the other properties, in visible-only walks)
  bool state_pending = false;
};

enum class Kind {
  Role, State, Interfaces, AllProps, Children, Extents, Actions, Value, CharCount, Text, AccessibleId,
  CacheItems, AppProps, AppPid,
};

enum class Failure { None, Gone, Missing, AppGone, Other };

// Every call a snapshot makes reads the object (dbus_errors.h: UnknownMethod there means the object is gone).
Failure Classify(const Message& reply) {
  if (!reply) return Failure::Other;
  if (!reply.is_error()) return Failure::None;
  switch (ClassifyDBusError(reply.error_name(), CallContext::ReadObject)) {
    case DBusFailure::AppGone: return Failure::AppGone;
    case DBusFailure::ElementGone: return Failure::Gone;
    case DBusFailure::NotSupported: return Failure::Missing;
    case DBusFailure::None:  // an error reply without a name: nothing to go by
    case DBusFailure::Other: break;
  }
  return Failure::Other;
}

class Reader {
 public:
  Reader(AppLinks& links, const core::SnapshotRequest& request, const core::Deadline& deadline)
      : links_(links), request_(request), deadline_(deadline) {}

  std::string Run();

 private:
  struct Pending {
    Kind kind;
    int node;
  };
  struct Visited {
    int node;
    int parent_slot;  // index in the visit order, -1 for the root
    int depth;
  };

  // Calls are grouped by the connection they travel on (see app_links.h).
  struct Route {
    DBusLink* link;
    std::unique_ptr<CallBatch> batch;
    std::vector<Pending> pending;
  };

  int Intern(const ObjectRef& object);
  DBusLink& LinkFor(const std::string& bus) { return links_.For(bus, deadline_); }
  void Add(DBusLink& link, Kind kind, int node, Message call);
  void Add(Kind kind, int node, Message call) { Add(LinkFor(nodes_[node].object.bus), kind, node, std::move(call)); }
  void RequestProps(int n);
  void RequestChildren(int n);
  void RequestState(int n);
  void RequestExtras(int n);
  void Flush(const char* what);
  void Process(const Pending& pending, const Message& reply);
  bool PlanRound();
  std::vector<Visited> Visit(bool* truncated) const;
  bool Showing(const Node& node) const { return HasState(node.states, kStateShowing); }
  bool WantsChildren(const Node& node, int depth) const {
    return node.child_count != 0 && (request_.max_depth < 0 || depth < request_.max_depth) &&
           (!request_.visible_only || depth == 0 || Showing(node));
  }
  // Listing this node's children would make the app build them all (see kMaxChildren).
  bool TooManyChildren(const Node& node) const { return node.child_count > request_.max_children; }
  void SeedFromCacheItems();
  void ReadAncestors();
  void CheckAppAlive();
  std::string Serialize(const std::vector<Visited>& order, bool truncated);

  AppLinks& links_;
  const core::SnapshotRequest& request_;
  const core::Deadline& deadline_;

  std::vector<Node> nodes_;
  std::unordered_map<std::string, int> by_key_;
  std::vector<Route> routes_;

  std::vector<CacheItem> cache_items_;
  bool has_cache_ = false;
  size_t cache_item_count_ = 0;
  int skipped_containers_ = 0;
  std::vector<double> round_ms_;

  std::string app_name_;
  bool has_app_name_ = false;
  int64_t app_pid_ = -1;
  struct Ancestor {
    std::string ref;
    uint32_t role;
    std::string name;
  };
  std::vector<Ancestor> ancestors_;

  bool app_gone_ = false;
  bool incomplete_ = false;
  size_t calls_ = 0;
  int rounds_ = 0;
};

int Reader::Intern(const ObjectRef& object) {
  std::string key = object.bus;
  key += '\n';
  key += object.path;
  auto it = by_key_.find(key);
  if (it != by_key_.end()) return it->second;
  Node node;
  node.object = object;
  node.ref = EncodeRef(object);
  nodes_.push_back(std::move(node));
  int index = static_cast<int>(nodes_.size()) - 1;
  by_key_.emplace(std::move(key), index);
  return index;
}

void Reader::Add(DBusLink& link, Kind kind, int node, Message call) {
  auto route = std::find_if(routes_.begin(), routes_.end(), [&link](const Route& r) { return r.link == &link; });
  if (route == routes_.end())
    route = routes_.insert(routes_.end(), Route{&link, std::make_unique<CallBatch>(link, &links_.Bus(deadline_)), {}});
  route->batch->Add(std::move(call));
  route->pending.push_back({kind, node});
}

void Reader::RequestProps(int n) {
  Node& node = nodes_[n];
  node.props_pending = true;
  node.props_from_cache = false;
  Add(Kind::Role, n, CallGetRole(node.object));
  if (!node.has_state) Add(Kind::State, n, CallGetState(node.object));
  Add(Kind::Interfaces, n, CallGetInterfaces(node.object));
  Add(Kind::AllProps, n, CallGetAllAccessibleProperties(node.object));
}

// Visible-only walks read a node's states alone first: most children of showing containers are hidden
// (LibreOffice's closed menus), and their other properties would be read for nothing.
void Reader::RequestState(int n) {
  nodes_[n].state_pending = true;
  Add(Kind::State, n, CallGetState(nodes_[n].object));
}

void Reader::RequestChildren(int n) {
  nodes_[n].children_pending = true;
  Add(Kind::Children, n, CallGetChildren(nodes_[n].object));
}

// A node whose text is its value: a field. EditableText alone is not the test: Chromium's (and Electron's)
// fields implement Text without EditableText, and say they are fields by the editable state or an entry role
// (a read-only input has no editable state). Every Chromium node has Text, so Text alone is not the test
// either: reading the text of every label would cost a call a node on big pages for nothing the value needs.
static bool HoldsFieldText(const Node& node) {
  if (!(node.interfaces & kIfaceText)) return false;
  return (node.interfaces & kIfaceEditableText) || HasState(node.states, kStateEditable) ||
         node.role == kRoleEntry || node.role == kRolePasswordText;
}

void Reader::RequestExtras(int n) {
  Node& node = nodes_[n];
  node.extras_requested = true;
  if (node.interfaces & kIfaceComponent) Add(Kind::Extents, n, CallGetExtentsOnScreen(node.object));
  if (node.interfaces & kIfaceAction) Add(Kind::Actions, n, CallGetActions(node.object));
  if (node.interfaces & kIfaceValue) Add(Kind::Value, n, CallGetProperty(node.object, "org.a11y.atspi.Value", "CurrentValue"));
  // The length first: a text call with a made-up length can crash the app (LibreOffice aborts on -1).
  if (HoldsFieldText(node))
    Add(Kind::CharCount, n, CallGetProperty(node.object, "org.a11y.atspi.Text", "CharacterCount"));
  if (!node.has_id) Add(Kind::AccessibleId, n, CallGetProperty(node.object, "org.a11y.atspi.Accessible", "AccessibleId"));
}

void Reader::Flush(const char* what) {
  if (routes_.empty()) return;
  std::vector<Route> routes = std::move(routes_);
  routes_.clear();
  ++rounds_;
  auto started = std::chrono::steady_clock::now();
  for (Route& route : routes) {
    calls_ += route.batch->size();
    try {
      route.batch->Run(deadline_, what);
    } catch (const NativeError& e) {
      if (e.code() == ErrorCode::Timeout) CheckAppAlive();
      throw;
    }
    // Reads are safe to resend; the rest of this snapshot, and the next few, go through the bus.
    if (route.batch->stalled()) links_.MarkStalled(nodes_[0].object.bus);
    for (size_t i = 0; i < route.pending.size(); ++i) Process(route.pending[i], route.batch->Reply(i));
    for (const Pending& p : route.pending) {
      if (p.node < 0) continue;
      Node& node = nodes_[p.node];
      if (p.kind == Kind::AllProps && node.props_pending) {
        node.props_pending = false;
        if (!node.gone) node.has_props = true;
      }
      if (p.kind == Kind::Children) node.children_pending = false;
    }
  }
  round_ms_.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  if (app_gone_) CheckAppAlive();
}

void Reader::Process(const Pending& p, const Message& reply) {
  Failure failure = Classify(reply);
  if (failure == Failure::AppGone) {
    app_gone_ = true;
    return;
  }
  Node* node = p.node >= 0 ? &nodes_[p.node] : nullptr;
  bool structural = p.kind == Kind::Role || p.kind == Kind::State || p.kind == Kind::Interfaces ||
                    p.kind == Kind::AllProps || p.kind == Kind::Children;
  if (failure != Failure::None) {
    // The element went away between being listed and being read: leave it out and say so.
    if (structural && node && (failure == Failure::Gone || failure == Failure::Other)) {
      node->gone = true;
      incomplete_ = true;
    }
    return;
  }
  switch (p.kind) {
    case Kind::Role: ReadUint32(reply, &node->role); break;
    case Kind::State:
      ReadStateSet(reply, node->states);
      node->has_state = true;
      node->state_pending = false;
      if (HasState(node->states, kStateDefunct)) {
        node->gone = true;
        incomplete_ = true;
      }
      break;
    case Kind::Interfaces: {
      std::vector<std::string> names;
      if (ReadStringArray(reply, &names)) node->interfaces = InterfaceBitsFromNames(names);
      break;
    }
    case Kind::AllProps: {
      AccessibleProperties props;
      if (ReadAccessibleProperties(reply, &props)) {
        node->name = std::move(props.name);
        node->description = std::move(props.description);
        node->child_count = props.child_count;
        node->id = std::move(props.accessible_id);
        node->has_id = true;
        node->parent = std::move(props.parent);
      }
      break;
    }
    case Kind::Children: {
      std::vector<ObjectRef> children;
      if (!ReadRefArray(reply, &children)) break;
      std::vector<int> indices;
      indices.reserve(children.size());
      for (const auto& child : children)
        if (child.path != kNullPath) indices.push_back(Intern(child));
      node = &nodes_[p.node];  // Intern may have moved the table
      node->children = std::move(indices);
      node->has_children = true;
      node->child_count = static_cast<int32_t>(node->children.size());
      break;
    }
    case Kind::Extents:
      if (ReadExtents(reply, node->rect)) node->has_rect = true;
      break;
    case Kind::Actions:
      if (ReadActionNames(reply, &node->actions)) node->has_actions = true;
      break;
    case Kind::Value: {
      double v = 0;
      if (ReadVariantNumber(reply, &v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.15g", v);
        node->value = buf;
        node->has_value = true;
      }
      break;
    }
    case Kind::CharCount: {
      double count = 0;
      if (ReadVariantNumber(reply, &count) && count >= 0) node->char_count = static_cast<int32_t>(count);
      break;
    }
    case Kind::Text:
      if (ReadString(reply, &node->value)) node->has_value = true;
      break;
    case Kind::AccessibleId:
      if (ReadVariantString(reply, &node->id)) node->has_id = true;
      break;
    case Kind::CacheItems:
      has_cache_ = ReadCacheItems(reply, &cache_items_);
      cache_item_count_ = cache_items_.size();
      break;
    case Kind::AppProps: {
      AccessibleProperties props;
      if (ReadAccessibleProperties(reply, &props)) {
        app_name_ = std::move(props.name);
        has_app_name_ = true;
      }
      break;
    }
    case Kind::AppPid: {
      uint32_t pid = 0;
      if (ReadUint32(reply, &pid)) app_pid_ = pid;
      break;
    }
  }
}

// Cache.GetItems answers role, name, states, interfaces and child count of every object the app has
// registered, live or not. Those properties are taken as read; structure never is (GetItems is wrong on
// GTK 3 in places): every child list comes from GetChildren, and because GetItems says which objects have
// children, all those GetChildren calls go out in one burst instead of one tree level per round trip.
void Reader::SeedFromCacheItems() {
  if (!has_cache_) return;
  const std::string bus = nodes_[0].object.bus;  // a copy: Intern below grows nodes_
  std::vector<int> seeded;
  seeded.reserve(cache_items_.size());
  for (const CacheItem& item : cache_items_) {
    if (item.self.bus != bus) continue;
    int n = Intern(item.self);
    Node& node = nodes_[n];
    if (node.has_props || node.gone) continue;
    node.role = item.role;
    node.name = item.name;
    node.description = item.description;
    node.states[0] = item.states[0];
    node.states[1] = item.states[1];
    node.interfaces = item.interfaces;
    node.child_count = item.child_count;
    node.has_props = true;
    node.props_from_cache = true;
    if (HasState(node.states, kStateDefunct)) node.gone = true;
    seeded.push_back(n);
  }
  // Depth is unknown before the structure is, so limits on depth or count leave the burst to PlanRound.
  if (request_.max_depth >= 0 || request_.max_nodes > 0) return;
  const Node& root = nodes_[0];
  if (root.has_props && !root.has_children && !root.children_pending && root.child_count != 0 && !TooManyChildren(root))
    RequestChildren(0);
  // Below a window or element, the burst covers only the objects whose GetItems parent chain leads to the
  // root: GetItems describes the whole app, and other windows' objects would be read for nothing. Parents
  // in GetItems can be stale; an object this misses is still reached, a level at a time, by PlanRound.
  const bool whole_app = root.object.path == kRootPath;
  std::unordered_map<std::string, std::string> parent_of;
  if (!whole_app)
    for (const CacheItem& item : cache_items_)
      if (item.self.bus == bus) parent_of.emplace(item.self.path, item.parent.path);
  auto in_scope = [&](const std::string& path) {
    std::string p = path;
    for (int hops = 0; hops < 256; ++hops) {
      if (p == root.object.path) return true;
      auto it = parent_of.find(p);
      if (it == parent_of.end()) return false;
      p = it->second;
    }
    return false;
  };
  for (int n : seeded) {
    if (!whole_app && !in_scope(nodes_[n].object.path)) continue;
    Node& node = nodes_[n];
    if (node.gone || node.has_children || node.children_pending) continue;
    if (request_.visible_only && !Showing(node)) continue;
    // A child count GetItems does not know (-1: LibreOffice's menus) is asked for per node first.
    if (node.child_count > 0 && !TooManyChildren(node)) RequestChildren(n);
    else if (node.child_count < 0) RequestProps(n);
    // Without limits every showing node ends up in the snapshot: read its extras in this same round.
    if (!node.extras_requested && Showing(node)) RequestExtras(n);
  }
}

std::vector<Reader::Visited> Reader::Visit(bool* truncated) const {
  std::vector<Visited> order;
  *truncated = false;
  std::vector<Visited> stack;
  stack.push_back({0, -1, 0});
  // An object can be a child of two parents (GTK 3 lists a combo box's popup menu under the combo and under
  // its popup window). A snapshot is a tree: it is listed once, where pre-order meets it first.
  std::vector<bool> listed(nodes_.size(), false);
  while (!stack.empty()) {
    Visited v = stack.back();
    stack.pop_back();
    const Node& node = nodes_[v.node];
    if (node.gone || listed[v.node]) continue;
    listed[v.node] = true;
    if (request_.visible_only && v.depth > 0 && (node.has_props || node.has_state) && !Showing(node)) continue;
    if (request_.max_nodes > 0 && static_cast<int>(order.size()) >= request_.max_nodes) {
      *truncated = true;
      break;
    }
    int slot = static_cast<int>(order.size());
    order.push_back(v);
    if (!node.has_props || !node.has_children || !WantsChildren(node, v.depth)) continue;
    for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) stack.push_back({*it, slot, v.depth + 1});
  }
  return order;
}

// One more round of whatever the reachable part of the tree still lacks. False when nothing does.
bool Reader::PlanRound() {
  bool truncated = false;
  for (const Visited& v : Visit(&truncated)) {
    Node& node = nodes_[v.node];
    // Properties first, children after: a node's child count must be known before its children are
    // asked for (see TooManyChildren), so nothing is asked for speculatively.
    if (!node.has_props) {
      if (node.props_pending || node.state_pending) continue;
      if (request_.visible_only && v.depth > 0 && !node.has_state) RequestState(v.node);
      else RequestProps(v.node);
      continue;
    }
    if (!node.has_children && !node.children_pending && !node.children_skipped && WantsChildren(node, v.depth)) {
      if (node.child_count < 0 && !node.props_pending && node.props_from_cache) {
        RequestProps(v.node);  // GetItems did not know the count: ask the node itself
      } else if (TooManyChildren(node)) {
        node.children_skipped = true;
        ++skipped_containers_;
      } else if (node.child_count != 0 && !node.props_pending) {
        RequestChildren(v.node);
      }
    }
    if (!node.extras_requested && Showing(node)) RequestExtras(v.node);
    if (node.char_count >= 0 && !node.text_requested) {
      node.text_requested = true;
      Add(Kind::Text, v.node, CallGetText(node.object, 0, std::min(node.char_count, kMaxTextChars)));
    }
  }
  return !routes_.empty();
}

void Reader::CheckAppAlive() {
  const std::string& bus = nodes_[0].object.bus;
  CallBatch check(links_.Bus(deadline_));
  check.Add(CallNameHasOwner(bus));
  // Its own small budget: the snapshot's own may be spent already, and the bus daemon answers at once.
  core::Deadline quick(500, nullptr);
  bool has_owner = true;
  try {
    check.Run(quick, "check app (D-Bus NameHasOwner)");
    ReadBool(check.Reply(0), &has_owner);
  } catch (const NativeError&) {
    return;  // the bus itself is slow: report what happened first
  }
  if (!has_owner)
    throw NativeError(ErrorCode::AppNotRunning,
                      "snapshot (AT-SPI): the application " + bus + " is no longer running", "org.freedesktop.DBus.Error.NameHasNoOwner");
}

void Reader::ReadAncestors() {
  ObjectRef next = nodes_[0].parent;
  for (int hop = 0; hop < kMaxAncestors; ++hop) {
    if (next.path.empty() || next.path == kNullPath || next.path == kRootPath) return;
    int n = Intern(next);
    RequestProps(n);
    Flush("ancestors");
    const Node& parent = nodes_[n];
    if (parent.gone) return;
    ancestors_.push_back({parent.ref, parent.role, parent.name});
    next = parent.parent;
  }
}

std::string Reader::Serialize(const std::vector<Visited>& order, bool truncated) {
  JsonWriter w;
  const Node& root = nodes_[0];
  w.begin_object();
  w.key("platform").value("atspi");  // the discriminant of bindings/raw.ts RawSnapshot
  w.key("root").value(root.ref);
  w.key("app").begin_object();
  w.key("ref").value(EncodeRef({root.object.bus, kRootPath}));
  w.key("name").value(has_app_name_ ? app_name_ : std::string());
  w.key("pid");
  if (app_pid_ >= 0) w.value(app_pid_); else w.null();
  w.end_object();
  w.key("ancestors").begin_array();
  for (const Ancestor& a : ancestors_) {
    w.begin_object();
    w.key("ref").value(a.ref);
    w.key("role").value(a.role);
    w.key("name").value(a.name);
    w.end_object();
  }
  w.end_array();
  w.key("nodes").begin_array();
  for (const Visited& v : order) {
    const Node& node = nodes_[v.node];
    w.begin_object();
    w.key("ref").value(node.ref);
    w.key("parent").value(v.parent_slot);
    w.key("role").value(node.role);
    w.key("name").value(node.name);
    w.key("description").value(node.description);
    w.key("states").begin_array().value(node.states[0]).value(node.states[1]).end_array();
    w.key("interfaces").value(node.interfaces);
    w.key("childCount").value(node.has_children ? static_cast<int32_t>(node.children.size()) : node.child_count);
    w.key("rect");
    if (node.has_rect)
      w.begin_array().value(node.rect[0]).value(node.rect[1]).value(node.rect[2]).value(node.rect[3]).end_array();
    else
      w.null();
    w.key("value");
    if (node.has_value) w.value(node.value); else w.null();
    w.key("id");
    if (node.has_id && !node.id.empty()) w.value(node.id); else w.null();
    w.key("actions");
    if (node.has_actions) {
      w.begin_array();
      for (const auto& a : node.actions) w.value(a);
      w.end_array();
    } else {
      w.null();
    }
    w.end_object();
  }
  w.end_array();
  // Containers listed without their children cut the tree short too.
  w.key("truncated").value(truncated || skipped_containers_ > 0);
  w.key("incomplete").value(incomplete_);
  w.key("stats").begin_object();
  w.key("calls").value(static_cast<int64_t>(calls_));
  w.key("rounds").value(rounds_);
  w.key("bulk").value(has_cache_);
  w.key("cacheItems").value(static_cast<int64_t>(cache_item_count_));
  w.key("skippedContainers").value(skipped_containers_);
  w.key("roundMs").begin_array();
  for (double ms : round_ms_) w.value(ms);
  w.end_array();
  w.end_object();
  w.end_object();
  return w.take();
}

std::string Reader::Run() {
  const int root = Intern(DecodeRef(request_.root_ref));
  const ObjectRef root_object = nodes_[root].object;
  const bool root_is_app = root_object.path == kRootPath;

  RequestProps(root);
  DBusLink& app_link = LinkFor(root_object.bus);
  // A single element (max depth 0) is cheaper read directly than through GetItems, which covers the app.
  // GetItems costs in proportion to the whole app: a visible-only snapshot of an app where it proved slow
  // (LibreOffice: ~55 ms for 1,900 objects, 190 of them showing) walks the showing nodes instead.
  const bool items_too_slow = request_.visible_only && links_.CacheCostMs(root_object.bus) > kSlowCacheMs;
  const bool use_items = !request_.reference_walk && request_.max_depth != 0 && !items_too_slow;
  if (use_items) Add(app_link, Kind::CacheItems, -1, CallCacheGetItems(root_object.bus));
  if (!root_is_app) Add(app_link, Kind::AppProps, -1, CallGetAllAccessibleProperties({root_object.bus, kRootPath}));
  Add(links_.Bus(deadline_), Kind::AppPid, -1, CallGetConnectionPid(root_object.bus));
  Flush("snapshot");

  if (nodes_[root].gone || !nodes_[root].has_props)
    throw NativeError(ErrorCode::ElementStale, "snapshot (AT-SPI): element " + request_.root_ref + " no longer exists");
  if (root_is_app) {
    app_name_ = nodes_[root].name;
    has_app_name_ = true;
  }

  if (use_items && has_cache_) links_.RememberCacheCost(root_object.bus, round_ms_.back());
  SeedFromCacheItems();
  cache_items_ = {};  // big; not needed any more
  Flush("snapshot");

  while (PlanRound()) Flush("snapshot");

  if (!root_is_app && request_.with_ancestors) ReadAncestors();

  bool truncated = false;
  std::vector<Visited> order = Visit(&truncated);
  return Serialize(order, truncated);
}

}  // namespace

std::string ReadTree(AppLinks& links, const core::SnapshotRequest& request, const core::Deadline& deadline) {
  Reader reader(links, request, deadline);
  return reader.Run();
}

}  // namespace lam::atspi
