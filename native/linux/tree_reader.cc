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
// With extended facts every Text node's text is read (OSWorld's XML holds it all); this only guards the app.
constexpr int32_t kMaxExtendedTextChars = 1 << 20;
// Finding a huge table's first showing cell (extended facts), as OSWorld does: rows from 0 and, in each,
// columns from 0, both below this bound.
constexpr int kCellSearchLimit = 500;
// Cells asked for in one round while looking for the first showing one, and while following a row.
constexpr int kCellChunk = 32;
// Cells asked for in one round while reading the showing block a row batch at a time.
constexpr int kCellBatch = 512;
// A showing block larger than this is cut (no screen shows a million cells).
constexpr int kMaxShowingCells = 200000;
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
  // ChildCount as the node itself answered it (Properties.GetAll; -1 when only GetItems said).
  int32_t listed_count = -1;
  int32_t cache_count = -1;  // GetItems' ChildCount
  // The children were (or are being) read one by one with GetChildAtIndex, the way libatspi reads them.
  bool children_by_index = false;
  std::vector<int> index_slots;  // GetChildAtIndex answers by index, -1 for none
  // GetChildren's list, kept while it is checked against GetChildAtIndex (see CheckChildList).
  bool rechecked = false;
  std::vector<int> listed_children;

  bool extras_requested = false;
  bool extents_requested = false;  // ahead of the other extras (see RequestExtras)
  bool has_rect = false;
  int32_t rect[4] = {0, 0, 0, 0};
  bool has_id = false;
  std::string id;
  bool has_actions = false;
  std::vector<std::string> actions;
  std::vector<ActionInfo> action_info;  // the same actions with description and key binding
  bool has_value = false;
  std::string value;
  int32_t char_count = -1;
  bool text_requested = false;
  // Extended facts (SnapshotRequest::extended_facts).
  bool has_text = false;
  std::string text;
  bool has_attributes = false;
  std::vector<std::pair<std::string, std::string>> attributes;
  bool has_range = false;
  ValueRange range;
  // A huge table listed with its showing cells only: child_count stays the table's own count.
  bool cells_probed = false;

  bool gone = false;
  // Too many children to list (a spreadsheet's cells): listed without them.
  bool children_skipped = false;
  bool props_from_cache = false;  // from GetItems, whose child counts can be -1
  bool has_state = false;          // states known (before the other properties, in visible-only walks)
  bool state_pending = false;
};

enum class Kind {
  Role, State, Interfaces, AllProps, Children, Extents, Actions, Value, CharCount, Text, AccessibleId,
  CacheItems, AppProps, AppPid, ChildAt, AppToolkit, AppVersion, Attributes, Range, RangePart, CellAt, ActionName,
  // The Accessible properties one by one, for apps that must not be sent GetAll (app_links.h ServesGetAll).
  // PropChildCount goes out last and completes the set, as AllProps does.
  PropName, PropDescription, PropChildCount, PropParent,
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

// A Value interface's number as the node's value, in the one text form every path writes (15 significant digits).
void SetNumericValue(Node& node, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  node.value = buf;
  node.has_value = true;
}

class Reader {
 public:
  Reader(AppLinks& links, const core::SnapshotRequest& request, const core::Deadline& deadline,
         std::vector<RecordedRound>* record)
      : links_(links), request_(request), deadline_(deadline), record_(record) {}

  std::string Run();

 private:
  struct Pending {
    Kind kind;
    int node;
    int index;  // ChildAt: the child's index; ActionName: the action's
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
  void Add(DBusLink& link, Kind kind, int node, Message call, int index = -1);
  void Add(Kind kind, int node, Message call, int index = -1) {
    Add(LinkFor(nodes_[node].object.bus), kind, node, std::move(call), index);
  }
  // with_parent: the node's Parent is needed too (the snapshot root and its ancestors, see ReadAncestors);
  // GetAll brings it anyway, the one-by-one reads only then.
  void RequestProps(int n, bool with_parent = false);
  void RequestChildren(int n);
  void RequestChildrenByIndex(int n, int32_t count);
  void FinishChildrenByIndex(int n);
  void CheckChildList(int n, int lister);
  void RequestState(int n);
  void RequestExtras(int n);
  // GTK 4 knows no screen coordinates: asked for them, it logs a warning per call (thousands a snapshot,
  // enough to fill a pipe nobody reads and block the app) and answers window coordinates. It is asked for
  // those directly; the numbers are the same.
  bool IsGtk4() const { return toolkit_name_ == "GTK" && toolkit_version_.rfind("4.", 0) == 0; }
  Message CallGetExtents(const ObjectRef& o) const {
    return IsGtk4() ? CallGetExtentsInWindow(o) : CallGetExtentsOnScreen(o);
  }
  std::vector<int> ShowingCells(int table, const std::vector<std::pair<int, int>>& cells);
  void ProbeShowingCells(int table);
  void Flush(const char* what);
  void Process(const Pending& pending, const Message& reply);
  bool PlanRound();
  std::vector<Visited> Visit(bool* truncated) const;
  bool Showing(const Node& node) const {
    if (HasState(node.states, kStateShowing)) return true;
    // Where the app sets SHOWING on nothing inside its windows (see InferShowing), VISIBLE with extents of
    // some size stands for it: GTK 4 gives hidden widgets (a stack's other pages) 0x0 extents.
    return showing_inferred_ && HasState(node.states, kStateVisible) &&
           !(node.has_rect && (node.rect[2] <= 0 || node.rect[3] <= 0));
  }
  bool InferShowing(const std::vector<Visited>& order);
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
  std::vector<RecordedRound>* record_;

  std::vector<Node> nodes_;
  std::unordered_map<std::string, int> by_key_;
  std::vector<Route> routes_;

  std::vector<CacheItem> cache_items_;
  bool has_cache_ = false;
  size_t cache_item_count_ = 0;
  int skipped_containers_ = 0;
  std::vector<double> round_ms_;
  // Huge tables whose showing cells are still to be found (extended facts), and the cells being probed.
  std::vector<int> probe_queue_;
  struct CellSlot {
    ObjectRef ref;
  };
  std::vector<CellSlot> cell_slots_;

  std::string app_name_;
  bool has_app_name_ = false;
  int64_t app_pid_ = -1;
  struct Ancestor {
    std::string ref;
    uint32_t role;
    std::string name;
  };
  std::vector<Ancestor> ancestors_;

  std::string toolkit_name_;
  std::string toolkit_version_;
  // Child lists are read with GetChildAtIndex instead of GetChildren (see CheckChildList).
  bool by_index_ = false;
  bool showing_inferred_ = false;
  bool app_gone_ = false;
  bool lacks_accessible_id_ = false;
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

void Reader::Add(DBusLink& link, Kind kind, int node, Message call, int index) {
  auto route = std::find_if(routes_.begin(), routes_.end(), [&link](const Route& r) { return r.link == &link; });
  if (route == routes_.end())
    route = routes_.insert(routes_.end(), Route{&link, std::make_unique<CallBatch>(link, &links_.Bus(deadline_)), {}});
  route->batch->Add(std::move(call));
  route->pending.push_back({kind, node, index});
}

void Reader::RequestProps(int n, bool with_parent) {
  Node& node = nodes_[n];
  node.props_pending = true;
  node.props_from_cache = false;
  Add(Kind::Role, n, CallGetRole(node.object));
  if (!node.has_state) Add(Kind::State, n, CallGetState(node.object));
  Add(Kind::Interfaces, n, CallGetInterfaces(node.object));
  if (links_.ServesGetAll(node.object.bus, deadline_)) {
    Add(Kind::AllProps, n, CallGetAllAccessibleProperties(node.object));
    return;
  }
  // The same properties, pipelined in the same round. Such apps (Qt) answer one call at a time on their
  // main thread, so every call counts: the Parent only where it is used, AccessibleId only until the app
  // said it has none.
  constexpr const char* kAccessible = "org.a11y.atspi.Accessible";
  Add(Kind::PropName, n, CallGetProperty(node.object, kAccessible, "Name"));
  Add(Kind::PropDescription, n, CallGetProperty(node.object, kAccessible, "Description"));
  // Asked once, here: the extras must not ask again (has_id with an empty id serializes as null).
  if (!node.has_id && !lacks_accessible_id_) Add(Kind::AccessibleId, n, CallGetProperty(node.object, kAccessible, "AccessibleId"));
  node.has_id = true;
  if (with_parent) Add(Kind::PropParent, n, CallGetProperty(node.object, kAccessible, "Parent"));
  Add(Kind::PropChildCount, n, CallGetProperty(node.object, kAccessible, "ChildCount"));
}

// Visible-only walks read a node's states alone first: most children of showing containers are hidden
// (LibreOffice's closed menus), and their other properties would be read for nothing.
void Reader::RequestState(int n) {
  nodes_[n].state_pending = true;
  Add(Kind::State, n, CallGetState(nodes_[n].object));
}

void Reader::RequestChildren(int n) {
  // By index needs the count first; a node that did not say how many children it has is asked for its list.
  if (by_index_ && nodes_[n].child_count >= 0) return RequestChildrenByIndex(n, nodes_[n].child_count);
  nodes_[n].children_pending = true;
  Add(Kind::Children, n, CallGetChildren(nodes_[n].object));
}

// One GetChildAtIndex per child, all in the same round: what libatspi's atspi_accessible_get_child_at_index
// asks, without its one round trip per child.
void Reader::RequestChildrenByIndex(int n, int32_t count) {
  Node& node = nodes_[n];
  node.children_by_index = true;
  node.index_slots.assign(static_cast<size_t>(std::max(count, 0)), -1);
  if (count <= 0) return FinishChildrenByIndex(n);
  node.children_pending = true;
  for (int32_t i = 0; i < count; ++i) Add(Kind::ChildAt, n, CallGetChildAtIndex(node.object, i), i);
}

void Reader::FinishChildrenByIndex(int n) {
  Node& node = nodes_[n];
  std::vector<int> children;
  children.reserve(node.index_slots.size());
  for (int child : node.index_slots)
    if (child >= 0) children.push_back(child);
  node.index_slots = {};
  node.children_pending = false;
  node.has_children = true;
  node.child_count = static_cast<int32_t>(children.size());
  // GetChildren told another story than the node's own children by index: from here on, and in this app's
  // later snapshots, every list is read by index.
  if (node.rechecked && children != node.listed_children) {
    by_index_ = true;
    links_.RememberChildrenByIndex(nodes_[0].object.bus);
  }
  node.listed_children = {};
  node.children = std::move(children);
}

// GetChildren is its own method in every toolkit, and not always the same list as ChildCount and
// GetChildAtIndex, which libatspi and every screen reader use: GTK 4's GetChildren lists the widget children
// and skips the non-widget objects it puts between them (a stack's pages, a notebook's tab panels), whose
// children then say another Parent than the node that listed them. A node whose list disagrees so, with
// its children's Parent or with its own ChildCount, has its children read again by index.
void Reader::CheckChildList(int n, int lister) {
  Node& up = nodes_[lister];
  if (up.children_by_index || up.rechecked || !up.has_children) return;
  // The count to read by: the node's own, or GetItems' when the node was not asked.
  const int32_t count = up.listed_count >= 0 ? up.listed_count : up.props_from_cache ? up.cache_count : -1;
  // Never a by-index read of a container too big to list (a spreadsheet's 2^31 cells, see TooManyChildren).
  if (count < 0 || count > request_.max_children) return;
  // GetItems' counts are not compared: they are wrong on GTK 3 in places (missing table cells).
  bool suspect = n < 0 ? up.listed_count >= 0 && up.listed_count != static_cast<int32_t>(up.children.size())
                       : (nodes_[n].parent.bus == up.object.bus && nodes_[n].parent.path != up.object.path);
  if (!suspect) return;
  up.rechecked = true;
  up.listed_children = up.children;
  RequestChildrenByIndex(lister, count);
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
  // Where SHOWING is inferred, the extents decide whether the node is on screen at all: they are read first,
  // and the rest only for a node they leave on screen (Showing).
  const bool extents_first = showing_inferred_ && !HasState(node.states, kStateShowing);
  if (extents_first && (node.interfaces & kIfaceComponent) && !node.extents_requested) {
    node.extents_requested = true;
    Add(Kind::Extents, n, CallGetExtents(node.object));
    return;
  }
  node.extras_requested = true;
  const bool extended = request_.extended_facts;
  // Extended facts read every node; extents still only showing ones (OSWorld writes no others).
  if ((node.interfaces & kIfaceComponent) && !node.extents_requested && (!extended || Showing(node)))
    Add(Kind::Extents, n, CallGetExtents(node.object));
  if (node.interfaces & kIfaceAction) Add(Kind::Actions, n, CallGetActions(node.object));
  if (node.interfaces & kIfaceValue) {
    if (extended && links_.ServesGetAll(node.object.bus, deadline_)) {
      Add(Kind::Range, n, CallGetAllProperties(node.object, "org.a11y.atspi.Value"));
    } else if (extended) {
      // Qt's adaptor crashes on any GetAll (app_links.h ServesGetAll): the four numbers one by one.
      for (int i = 0; i < 4; ++i) Add(Kind::RangePart, n, CallGetProperty(node.object, "org.a11y.atspi.Value", kValueRangeKeys[i]), i);
    } else Add(Kind::Value, n, CallGetProperty(node.object, "org.a11y.atspi.Value", "CurrentValue"));
  }
  // The length first: a text call with a made-up length can crash the app (LibreOffice aborts on -1).
  const bool wants_text = (node.interfaces & kIfaceText) && (extended || HoldsFieldText(node));
  if (wants_text) Add(Kind::CharCount, n, CallGetProperty(node.object, "org.a11y.atspi.Text", "CharacterCount"));
  if (!node.has_id) Add(Kind::AccessibleId, n, CallGetProperty(node.object, "org.a11y.atspi.Accessible", "AccessibleId"));
  if (extended) Add(Kind::Attributes, n, CallGetAttributes(node.object));
}

// Which of these cells (row, column) of a table are showing: each cell's node, or -1. Their refs in one
// round (Table.GetAccessibleAt, which never lists the table), their states in the next.
std::vector<int> Reader::ShowingCells(int table, const std::vector<std::pair<int, int>>& cells) {
  cell_slots_.assign(cells.size(), {});
  const ObjectRef table_ref = nodes_[table].object;
  DBusLink& link = LinkFor(table_ref.bus);
  for (size_t i = 0; i < cells.size(); ++i)
    Add(link, Kind::CellAt, -2 - static_cast<int>(i), CallGetAccessibleAt(table_ref, cells[i].first, cells[i].second));
  Flush("table cells");
  std::vector<int> found(cells.size(), -1);
  for (size_t i = 0; i < cells.size(); ++i) {
    const ObjectRef& ref = cell_slots_[i].ref;
    if (ref.path.empty() || ref.path == kNullPath) continue;
    found[i] = Intern(ref);
    const Node& cell = nodes_[found[i]];
    if (!cell.has_state && !cell.state_pending) RequestState(found[i]);
  }
  Flush("table cell states");
  for (int& n : found)
    if (n >= 0 && (nodes_[n].gone || !Showing(nodes_[n]))) n = -1;
  return found;
}

// Lists a table too big to list (a spreadsheet) with its showing cells, as OSWorld does, without asking
// for its children: the first showing cell, searched row by row from the top-left; then, row after row,
// the cells from that cell's column up to the first one not showing; until a row starts with one not
// showing. Cells are probed a chunk or a batch of rows per round, not one call at a time.
void Reader::ProbeShowingCells(int t) {
  Node& table = nodes_[t];
  table.cells_probed = true;
  table.has_children = true;
  table.children.clear();
  if (!Showing(table)) return;  // no cell of a hidden table shows
  int first_row = -1, first_col = -1;
  for (int row = 0; row < kCellSearchLimit && first_row < 0; ++row) {
    // A short chunk first (the block usually starts at the left edge), then the rest of the row at once.
    for (int col = 0; col < kCellSearchLimit && first_row < 0;) {
      const int end = std::min(kCellSearchLimit, col == 0 ? kCellChunk : kCellSearchLimit);
      std::vector<std::pair<int, int>> cells;
      for (int c = col; c < end; ++c) cells.emplace_back(row, c);
      std::vector<int> found = ShowingCells(t, cells);
      for (size_t i = 0; i < found.size(); ++i)
        if (found[i] >= 0) {
          first_row = row;
          first_col = col + static_cast<int>(i);
          break;
        }
      col = end;
    }
  }
  if (first_row < 0) return;
  std::vector<int> listed;
  // One row's run from first_col: the showing cells up to the first that is not. `known` are the row's
  // cells already probed, from first_col on.
  auto finish_row = [&](int row, std::vector<int> known) {
    size_t run = 0;
    while (run < known.size() && known[run] >= 0) ++run;
    while (run == known.size()) {  // every probed cell showed: follow the row further
      std::vector<std::pair<int, int>> cells;
      for (int c = 0; c < kCellChunk; ++c) cells.emplace_back(row, first_col + static_cast<int>(known.size()) + c);
      for (int n : ShowingCells(t, cells)) known.push_back(n);
      while (run < known.size() && known[run] >= 0) ++run;
    }
    for (size_t i = 0; i < run; ++i) listed.push_back(known[i]);
    return run;
  };
  std::vector<int> first;
  {
    std::vector<std::pair<int, int>> cells;
    for (int c = first_col; c < first_col + kCellChunk; ++c) cells.emplace_back(first_row, c);
    first = ShowingCells(t, cells);
  }
  // One past the first row's width, so that a batch sees where each row ends.
  const int width = static_cast<int>(finish_row(first_row, first)) + 1;
  const int rows_per_batch = std::max(1, kCellBatch / width);
  bool done = false;
  for (int row = first_row + 1; !done && static_cast<int>(listed.size()) < kMaxShowingCells; row += rows_per_batch) {
    std::vector<std::pair<int, int>> cells;
    for (int r = row; r < row + rows_per_batch; ++r)
      for (int c = first_col; c < first_col + width; ++c) cells.emplace_back(r, c);
    std::vector<int> found = ShowingCells(t, cells);
    for (int r = 0; r < rows_per_batch; ++r) {
      std::vector<int> known(found.begin() + r * width, found.begin() + (r + 1) * width);
      if (known[0] < 0) {  // a row that starts hidden ends the block
        done = true;
        break;
      }
      finish_row(row + r, std::move(known));
    }
  }
  Node& probed = nodes_[t];  // Intern may have moved the table
  probed.children = std::move(listed);
}

void Reader::Flush(const char* what) {
  if (routes_.empty()) return;
  std::vector<Route> routes = std::move(routes_);
  routes_.clear();
  ++rounds_;
  if (record_) {
    RecordedRound& round = record_->emplace_back();
    for (Route& route : routes) {
      std::vector<Message> copies;
      for (size_t i = 0; i < route.batch->size(); ++i) {
        DBusMessage* copy = dbus_message_copy(route.batch->Call(i).get());
        if (copy == nullptr) throw NativeError(ErrorCode::Internal, "snapshot (libdbus): out of memory copying a call");
        copies.emplace_back(copy);
      }
      round.emplace_back(route.link, std::move(copies));
    }
  }
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
      if ((p.kind == Kind::AllProps || p.kind == Kind::PropChildCount) && node.props_pending) {
        node.props_pending = false;
        if (!node.gone) node.has_props = true;
      }
      if (p.kind == Kind::Children) node.children_pending = false;
      if (p.kind == Kind::ChildAt && p.index == 0) FinishChildrenByIndex(p.node);
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
  if (p.kind == Kind::CellAt) {  // p.node is -2 - the probe slot (ShowingCells); a failure leaves no cell
    if (failure == Failure::None) ReadRef(reply, &cell_slots_[static_cast<size_t>(-2 - p.node)].ref);
    return;
  }
  Node* node = p.node >= 0 ? &nodes_[p.node] : nullptr;
  bool structural = p.kind == Kind::Role || p.kind == Kind::State || p.kind == Kind::Interfaces ||
                    p.kind == Kind::AllProps || p.kind == Kind::Children || p.kind == Kind::PropName ||
                    p.kind == Kind::PropChildCount;
  // Qt 5 has no AccessibleId: the rest of this snapshot does not ask for it.
  if (p.kind == Kind::AccessibleId && failure == Failure::Missing) lacks_accessible_id_ = true;
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
        node->listed_count = props.child_count;
      }
      break;
    }
    case Kind::PropName: ReadVariantString(reply, &node->name); break;
    case Kind::PropDescription: ReadVariantString(reply, &node->description); break;
    case Kind::PropChildCount: {
      double count = -1;
      if (ReadVariantNumber(reply, &count)) node->listed_count = node->child_count = static_cast<int32_t>(count);
      break;
    }
    case Kind::PropParent: ReadVariantRef(reply, &node->parent); break;
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
    case Kind::ChildAt: {
      ObjectRef child;
      if (!ReadRef(reply, &child) || child.path == kNullPath || child.path.empty()) break;
      int index = Intern(child);
      nodes_[p.node].index_slots[static_cast<size_t>(p.index)] = index;  // Intern may have moved the table
      break;
    }
    case Kind::Extents:
      if (ReadExtents(reply, node->rect)) node->has_rect = true;
      break;
    case Kind::Actions:
      if (ReadActions(reply, &node->action_info)) {
        node->actions.clear();
        for (const ActionInfo& a : node->action_info) node->actions.push_back(a.name);
        node->has_actions = true;
        // OSWorld names actions by GetName (pyatspi getName); GetActions' names are localized.
        if (request_.extended_facts)
          for (size_t i = 0; i < node->action_info.size(); ++i)
            Add(Kind::ActionName, p.node, CallGetActionName(node->object, static_cast<int32_t>(i)), static_cast<int>(i));
      }
      break;
    case Kind::ActionName:
      if (p.index < static_cast<int>(node->action_info.size())) ReadString(reply, &node->action_info[p.index].name);
      break;
    case Kind::Range:
      if (ReadValueRange(reply, &node->range)) {
        node->has_range = true;
        if (node->range.has[0]) SetNumericValue(*node, node->range.v[0]);
      }
      break;
    case Kind::RangePart: {
      double v = 0;
      if (!ReadVariantNumber(reply, &v)) break;
      node->range.has[p.index] = true;
      node->range.v[p.index] = v;
      node->has_range = true;
      if (p.index == 0) SetNumericValue(*node, v);
      break;
    }
    case Kind::Attributes:
      if (ReadStringPairs(reply, &node->attributes)) node->has_attributes = true;
      break;
    case Kind::CellAt: break;  // handled above
    case Kind::Value: {
      double v = 0;
      if (ReadVariantNumber(reply, &v)) SetNumericValue(*node, v);
      break;
    }
    case Kind::CharCount: {
      double count = 0;
      if (ReadVariantNumber(reply, &count) && count >= 0) node->char_count = static_cast<int32_t>(count);
      break;
    }
    case Kind::Text: {
      std::string text;
      if (!ReadString(reply, &text)) break;
      // The value is a field's text (HoldsFieldText); extended facts keep every Text node's text as well.
      if (HoldsFieldText(*node)) {
        node->value = text;
        node->has_value = true;
      }
      if (request_.extended_facts) {
        node->text = std::move(text);
        node->has_text = true;
      }
      break;
    }
    case Kind::AccessibleId:
      if (ReadVariantString(reply, &node->id)) node->has_id = true;
      break;
    case Kind::CacheItems:
      has_cache_ = ReadCacheItems(reply, &cache_items_);
      cache_item_count_ = cache_items_.size();
      break;
    case Kind::AppProps:
      if (ReadVariantString(reply, &app_name_)) has_app_name_ = true;
      break;
    case Kind::AppToolkit:
      ReadVariantString(reply, &toolkit_name_);
      break;
    case Kind::AppVersion:
      ReadVariantString(reply, &toolkit_version_);
      break;
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
    node.parent = item.parent;
    node.cache_count = item.child_count;
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
    if (!node.extras_requested && (Showing(node) || request_.extended_facts)) RequestExtras(n);
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

// GTK 4 (4.8) sets SHOWING on its windows and on nothing inside them, so every widget would count as off
// screen: no extents, values or actions read, visible-only snapshots empty. Told apart from a toolkit that
// does report SHOWING by a showing top-level whose children are all VISIBLE-or-not and none SHOWING: in
// GTK 3, LibreOffice and Qt a showing window always has a showing child (its content pane).
bool Reader::InferShowing(const std::vector<Visited>& order) {
  // Only GTK 4 is known to do this; elsewhere a showing popup with hidden children must not flip the app
  // (the answer is remembered for the app).
  if (!IsGtk4()) return false;
  for (const Visited& v : order) {
    const Node& top = nodes_[v.node];
    if (v.depth > 1 || !top.has_props || !top.has_children || top.children.empty() || !HasState(top.states, kStateShowing))
      continue;
    bool any_visible = false;
    bool known = true;
    for (int c : top.children) {
      const Node& child = nodes_[c];
      if (!child.has_props && !child.has_state) known = false;
      else if (HasState(child.states, kStateShowing)) return false;
      else if (HasState(child.states, kStateVisible)) any_visible = true;
    }
    if (known && any_visible) {
      showing_inferred_ = true;
      links_.RememberShowingInferred(nodes_[0].object.bus);
      return true;
    }
  }
  return false;
}

// One more round of whatever the reachable part of the tree still lacks. False when nothing does.
bool Reader::PlanRound() {
  bool truncated = false;
  std::vector<Visited> order = Visit(&truncated);
  // Inferring SHOWING changes which nodes a visible-only walk reaches.
  if (!showing_inferred_ && InferShowing(order)) order = Visit(&truncated);
  for (const Visited& v : order) {
    // A child whose Parent (its own, or GetItems' where it was seeded from there) names another node than its
    // lister makes the list suspect: GTK 4's stack pages are found so on a fresh connection. GetItems' child
    // counts are not compared (stale on GTK 3); a stale parent costs one by-index re-read, nothing remembered.
    if (v.parent_slot >= 0 && nodes_[v.node].has_props)
      CheckChildList(v.node, order[static_cast<size_t>(v.parent_slot)].node);
    CheckChildList(-1, v.node);
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
      } else if (TooManyChildren(node) && request_.extended_facts && (node.interfaces & kIfaceTable)) {
        node.children_skipped = true;  // listed with its showing cells instead (ProbeShowingCells)
        probe_queue_.push_back(v.node);
      } else if (TooManyChildren(node)) {
        node.children_skipped = true;
        ++skipped_containers_;
      } else if (node.child_count != 0 && !node.props_pending) {
        RequestChildren(v.node);
      }
    }
    if (!node.extras_requested && (Showing(node) || request_.extended_facts)) RequestExtras(v.node);
    if (node.char_count >= 0 && !node.text_requested) {
      node.text_requested = true;
      if (node.char_count == 0) {  // nothing to ask for
        if (request_.extended_facts) node.has_text = true;
        if (HoldsFieldText(node)) {
          node.value.clear();
          node.has_value = true;
        }
      } else {
        const int32_t cap = request_.extended_facts ? kMaxExtendedTextChars : kMaxTextChars;
        Add(Kind::Text, v.node, CallGetText(node.object, 0, std::min(node.char_count, cap)));
      }
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
    RequestProps(n, true);
    Flush("ancestors");
    const Node& parent = nodes_[n];
    if (parent.gone) return;
    ancestors_.push_back({parent.ref, parent.role, parent.name});
    next = parent.parent;
  }
}

// The extended facts of one node (bindings/raw.ts RawAtspiNode): null where not read.
void WriteExtendedFacts(JsonWriter& w, const Node& node) {
  w.key("text");
  if (node.has_text) w.value(node.text); else w.null();
  w.key("attributes");
  if (node.has_attributes) {
    w.begin_array();
    for (const auto& [key, value] : node.attributes) w.begin_array().value(key).value(value).end_array();
    w.end_array();
  } else {
    w.null();
  }
  w.key("range");
  if (node.has_range) {
    w.begin_array();
    for (int i = 0; i < 4; ++i) {
      if (node.range.has[i]) w.value(node.range.v[i]); else w.null();
    }
    w.end_array();
  } else {
    w.null();
  }
  w.key("actionInfo");
  if (node.has_actions) {
    w.begin_array();
    for (const ActionInfo& a : node.action_info)
      w.begin_array().value(a.name).value(a.description).value(a.key_binding).end_array();
    w.end_array();
  } else {
    w.null();
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
    w.key("childCount").value(node.has_children && !node.cells_probed ? static_cast<int32_t>(node.children.size()) : node.child_count);
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
    if (request_.extended_facts) WriteExtendedFacts(w, node);
    w.end_object();
  }
  w.end_array();
  // Containers listed without their children cut the tree short too.
  w.key("truncated").value(truncated || skipped_containers_ > 0);
  w.key("incomplete").value(incomplete_);
  // Nodes count as on screen by VISIBLE and their extents (see InferShowing); the raw states are as read.
  w.key("showingInferred").value(showing_inferred_);
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
  // The reference walk reads children as libatspi does; a fast snapshot does so once the app's GetChildren
  // proved to differ (CheckChildList).
  by_index_ = request_.reference_walk || links_.ChildrenByIndex(root_object.bus);
  showing_inferred_ = links_.ShowingInferred(root_object.bus);

  RequestProps(root, true);
  DBusLink& app_link = LinkFor(root_object.bus);
  // A single element (max depth 0) is cheaper read directly than through GetItems, which covers the app.
  // GetItems costs in proportion to the whole app: a visible-only snapshot of an app where it proved slow
  // (LibreOffice: ~55 ms for 1,900 objects, 190 of them showing) walks the showing nodes instead.
  // Not where SHOWING is inferred: there a visible-only walk reads nearly every node's extents anyway.
  const bool items_too_slow = request_.visible_only && !links_.ShowingInferred(root_object.bus) &&
                              links_.CacheCostMs(root_object.bus) > kSlowCacheMs;
  const bool use_items = !request_.reference_walk && request_.max_depth != 0 && !items_too_slow;
  if (use_items) Add(app_link, Kind::CacheItems, -1, CallCacheGetItems(root_object.bus));
  // The app's name alone: Properties.Get serves it on every toolkit.
  if (!root_is_app)
    Add(app_link, Kind::AppProps, -1, CallGetProperty({root_object.bus, kRootPath}, "org.a11y.atspi.Accessible", "Name"));
  Add(links_.Bus(deadline_), Kind::AppPid, -1, CallGetConnectionPid(root_object.bus));
  const ObjectRef app_root{root_object.bus, kRootPath};
  Add(app_link, Kind::AppToolkit, -1, CallGetProperty(app_root, "org.a11y.atspi.Application", "ToolkitName"));
  Add(app_link, Kind::AppVersion, -1, CallGetProperty(app_root, "org.a11y.atspi.Application", "Version"));
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

  for (;;) {
    while (PlanRound()) Flush("snapshot");
    if (probe_queue_.empty()) break;
    // Then the cells found are read like any node, in the next rounds.
    std::vector<int> tables = std::move(probe_queue_);
    probe_queue_.clear();
    for (int t : tables) ProbeShowingCells(t);
  }

  if (!root_is_app && request_.with_ancestors) ReadAncestors();

  bool truncated = false;
  std::vector<Visited> order = Visit(&truncated);
  return Serialize(order, truncated);
}

}  // namespace

std::string ReadTree(AppLinks& links, const core::SnapshotRequest& request, const core::Deadline& deadline,
                     std::vector<RecordedRound>* record) {
  Reader reader(links, request, deadline, record);
  return reader.Run();
}

}  // namespace lam::atspi
