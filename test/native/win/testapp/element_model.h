// The state of the test app's own UIA region: windowless elements the app paints itself, so the only way a
// client can see them is through the app's providers (providers.h). The model is the oracle the tests compare
// a snapshot with (WriteTree) and the state pattern calls and mouse clicks change (Act).
//
// Threading: the providers are called by UIA on the UI thread or, without ProviderOptions_UseComThreading,
// possibly on other threads (see providers.h), while the UI thread paints and handles clicks. Every access
// goes through the model's lock; events are raised after it is released (a client's event handling may call
// back into the providers from another thread while we raise).
#pragma once

#include <windows.h>
#include <ole2.h>
#include <uiautomation.h>

#include <string>
#include <vector>

namespace lam::testapp {

enum class Kind { kRoot, kButton, kCheckBox, kList, kListItem, kTree, kTreeItem, kEdit, kSlider };

struct Element {
  int id = 0;      // the RuntimeId's tail after UiaAppendRuntimeId; 0 is the root (the host HWND supplies its id)
  int parent = -1; // parent's id, -1 for the root
  Kind kind = Kind::kRoot;
  int control_type = 0;
  std::wstring name, automation_id;
  RECT rect{};     // client coordinates of the main window
  bool enabled = true;
  bool read_only = false;
  int toggle = 0;          // ToggleState
  bool expanded = false;   // ExpandCollapseState Expanded/Collapsed
  bool selected = false;   // list items
  std::wstring value;      // Edit
  double range = 25, range_min = 0, range_max = 100, small_change = 1, large_change = 10;
};

// What an action changed, for the caller to log and raise once the lock is released.
struct ActResult {
  HRESULT hr = S_OK;
  std::vector<std::pair<int, int>> events;  // element id, UIA event id
};

enum class Action { kInvoke, kToggle, kSelect, kExpand, kCollapse, kSetValue, kSetRange, kFocus, kClick };

class ElementModel {
 public:
  static ElementModel& Get();

  void Build(HWND window, const std::wstring& title);
  HWND window() const { return window_; }

  // Copies under the lock: callers never hold a pointer into the vector (AddChild may reallocate it).
  bool Find(int id, Element* out);
  std::vector<int> Children(int id);
  int Parent(int id);
  std::vector<Element> All();
  int Focused();
  int HitTest(POINT client);
  void SetTitle(const std::wstring& title);

  // Adds a button to the region (the runtime-structure test); returns its id.
  int AddChild(const std::wstring& name, const std::wstring& automation_id);
  // Changes state for a pattern call (source "pattern") or a mouse click (source "mouse"); logs the change.
  ActResult Act(int id, Action action, const std::wstring& text, double number, const char* source);

  // The provider tree, node for node in depth-first order: {hwnd, pid, nodes:[{id,parent,name,automationId,
  // controlType,runtimeId}]} with parent as an index into nodes. Rewritten after every structure change.
  void WriteTree(const std::wstring& path);

 private:
  ElementModel();
  Element* FindLocked(int id);
  void Preorder(int id, int parent_index, std::vector<std::pair<int, int>>* out);

  CRITICAL_SECTION lock_;
  HWND window_ = nullptr;
  std::vector<Element> elements_;
  int next_id_ = 1;
  int focused_ = -1;
};

}  // namespace lam::testapp
