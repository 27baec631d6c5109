#include "element_model.h"

#include <uiautomation.h>

#include <cstdio>

#include "event_log.h"

namespace lam::testapp {
namespace {

class Lock {
 public:
  explicit Lock(CRITICAL_SECTION* cs) : cs_(cs) { EnterCriticalSection(cs_); }
  ~Lock() { LeaveCriticalSection(cs_); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  CRITICAL_SECTION* cs_;
};

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kRoot: return "root";
    case Kind::kButton: return "button";
    case Kind::kCheckBox: return "checkbox";
    case Kind::kList: return "list";
    case Kind::kListItem: return "listitem";
    case Kind::kTree: return "tree";
    case Kind::kTreeItem: return "treeitem";
    case Kind::kEdit: return "edit";
    case Kind::kSlider: return "slider";
  }
  return "?";
}

std::string Number(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

ElementModel::ElementModel() { InitializeCriticalSection(&lock_); }

ElementModel& ElementModel::Get() {
  static ElementModel model;
  return model;
}

void ElementModel::Build(HWND window, const std::wstring& title) {
  Lock lock(&lock_);
  window_ = window;
  elements_.clear();
  next_id_ = 1;
  auto add = [&](int parent, Kind kind, int control_type, const wchar_t* name, const wchar_t* aid, RECT r) -> Element& {
    Element e;
    e.id = parent < 0 ? 0 : next_id_++;
    e.parent = parent;
    e.kind = kind;
    e.control_type = control_type;
    e.name = name;
    e.automation_id = aid;
    e.rect = r;
    elements_.push_back(e);
    return elements_.back();
  };
  // The region sits right of the stock controls (x >= 400); the layout is fixed so tests can click it.
  add(-1, Kind::kRoot, UIA_WindowControlTypeId, title.c_str(), L"testAppWindow", RECT{0, 0, 0, 0});
  add(0, Kind::kButton, UIA_ButtonControlTypeId, L"Provider Button", L"provButton", RECT{410, 10, 560, 36});
  add(0, Kind::kCheckBox, UIA_CheckBoxControlTypeId, L"Provider Check", L"provCheck", RECT{410, 44, 560, 68});
  int list = add(0, Kind::kList, UIA_ListControlTypeId, L"Provider List", L"provList", RECT{410, 76, 560, 160}).id;
  add(list, Kind::kListItem, UIA_ListItemControlTypeId, L"Alpha", L"provItem0", RECT{412, 78, 558, 104}).selected = true;
  add(list, Kind::kListItem, UIA_ListItemControlTypeId, L"Beta", L"provItem1", RECT{412, 106, 558, 132});
  add(list, Kind::kListItem, UIA_ListItemControlTypeId, L"Gamma", L"provItem2", RECT{412, 134, 558, 158});
  int tree = add(0, Kind::kTree, UIA_TreeControlTypeId, L"Provider Tree", L"provTree", RECT{570, 10, 700, 68}).id;
  add(tree, Kind::kTreeItem, UIA_TreeItemControlTypeId, L"Provider Node", L"provTreeItem", RECT{572, 12, 698, 36});
  add(0, Kind::kEdit, UIA_EditControlTypeId, L"Provider Edit", L"provEdit", RECT{570, 76, 700, 100}).value = L"edit me";
  Element& ro = add(0, Kind::kEdit, UIA_EditControlTypeId, L"Provider ReadOnly", L"provReadOnly", RECT{570, 106, 700, 130});
  ro.value = L"fixed";
  ro.read_only = true;
  add(0, Kind::kSlider, UIA_SliderControlTypeId, L"Provider Slider", L"provSlider", RECT{570, 136, 700, 160});
  add(0, Kind::kButton, UIA_ButtonControlTypeId, L"Provider Disabled", L"provDisabled", RECT{410, 168, 560, 194}).enabled = false;
}

Element* ElementModel::FindLocked(int id) {
  for (Element& e : elements_)
    if (e.id == id) return &e;
  return nullptr;
}

bool ElementModel::Find(int id, Element* out) {
  Lock lock(&lock_);
  Element* e = FindLocked(id);
  if (e && out) *out = *e;
  return e != nullptr;
}

std::vector<int> ElementModel::Children(int id) {
  Lock lock(&lock_);
  std::vector<int> out;
  for (const Element& e : elements_)
    if (e.parent == id) out.push_back(e.id);
  return out;
}

int ElementModel::Parent(int id) {
  Lock lock(&lock_);
  Element* e = FindLocked(id);
  return e ? e->parent : -1;
}

std::vector<Element> ElementModel::All() {
  Lock lock(&lock_);
  return elements_;
}

int ElementModel::Focused() {
  Lock lock(&lock_);
  return focused_;
}

int ElementModel::HitTest(POINT p) {
  Lock lock(&lock_);
  int hit = -1;
  // Children come after their parents in elements_, so the last hit is the innermost element.
  for (const Element& e : elements_)
    if (e.id != 0 && PtInRect(&e.rect, p)) hit = e.id;
  return hit;
}

void ElementModel::SetTitle(const std::wstring& title) {
  Lock lock(&lock_);
  if (!elements_.empty()) elements_[0].name = title;
}

int ElementModel::AddChild(const std::wstring& name, const std::wstring& automation_id) {
  Lock lock(&lock_);
  int added = 0;
  for (const Element& e : elements_)
    if (e.parent == 0 && e.automation_id.rfind(L"provAdded", 0) == 0) ++added;
  Element e;
  e.id = next_id_++;
  e.parent = 0;
  e.kind = Kind::kButton;
  e.control_type = UIA_ButtonControlTypeId;
  e.name = name;
  e.automation_id = automation_id;
  e.rect = RECT{570, 168 + 30 * added, 700, 194 + 30 * added};
  elements_.push_back(e);
  return e.id;
}

ActResult ElementModel::Act(int id, Action action, const std::wstring& text, double number, const char* source) {
  ActResult result;
  std::string line;
  const char* event = nullptr;
  {
    Lock lock(&lock_);
    Element* e = FindLocked(id);
    if (!e) {
      result.hr = UIA_E_ELEMENTNOTAVAILABLE;
      return result;
    }
    std::string head = "\"automationId\":" + JsonString(e->automation_id) + ",\"source\":" + JsonString(std::string(source));
    if (action == Action::kClick) {
      // What a user's click does to each kind: the app's own input handling, not a pattern call.
      switch (e->kind) {
        case Kind::kButton: action = Action::kInvoke; break;
        case Kind::kCheckBox: action = Action::kToggle; break;
        case Kind::kListItem: action = Action::kSelect; break;
        case Kind::kTreeItem: action = e->expanded ? Action::kCollapse : Action::kExpand; break;
        case Kind::kSlider: {
          double span = static_cast<double>(e->rect.right - e->rect.left);
          number = e->range_min + (e->range_max - e->range_min) * (number - e->rect.left) / (span > 0 ? span : 1);
          action = Action::kSetRange;
          break;
        }
        default: action = Action::kFocus; break;
      }
      if (e->enabled && action != Action::kFocus && focused_ != id) {
        // A click focuses what it clicks first, as stock controls do.
        focused_ = id;
        Log().Write("focus", head + ",\"kind\":\"provider\"");
        result.events.push_back({id, UIA_AutomationFocusChangedEventId});
      }
    }
    if (!e->enabled && action != Action::kFocus) {
      result.hr = UIA_E_ELEMENTNOTENABLED;
      Log().Write("refused", head + ",\"reason\":\"disabled\"");
      return result;
    }
    switch (action) {
      case Action::kInvoke:
        if (e->kind != Kind::kButton) { result.hr = UIA_E_INVALIDOPERATION; break; }
        event = "invoked";
        result.events.push_back({id, UIA_Invoke_InvokedEventId});
        break;
      case Action::kToggle:
        if (e->kind != Kind::kCheckBox) { result.hr = UIA_E_INVALIDOPERATION; break; }
        e->toggle = e->toggle == ToggleState_On ? ToggleState_Off : ToggleState_On;
        event = "toggled";
        line = ",\"state\":" + std::to_string(e->toggle);
        break;
      case Action::kSelect:
        if (e->kind != Kind::kListItem) { result.hr = UIA_E_INVALIDOPERATION; break; }
        for (Element& other : elements_)
          if (other.parent == e->parent) other.selected = other.id == id;
        event = "selected";
        result.events.push_back({id, UIA_SelectionItem_ElementSelectedEventId});
        break;
      case Action::kExpand:
      case Action::kCollapse:
        if (e->kind != Kind::kTreeItem) { result.hr = UIA_E_INVALIDOPERATION; break; }
        e->expanded = action == Action::kExpand;
        event = "expandCollapse";
        line = std::string(",\"state\":") + (e->expanded ? "1" : "0");
        break;
      case Action::kSetValue:
        if (e->kind != Kind::kEdit) { result.hr = UIA_E_INVALIDOPERATION; break; }
        // IValueProvider::SetValue on a read-only control: InvalidOperation, per the pattern's documentation.
        if (e->read_only) { result.hr = UIA_E_INVALIDOPERATION; Log().Write("refused", head + ",\"reason\":\"readOnly\""); break; }
        e->value = text;
        event = "valueChanged";
        line = ",\"text\":" + JsonString(text);
        break;
      case Action::kSetRange:
        if (e->kind != Kind::kSlider) { result.hr = UIA_E_INVALIDOPERATION; break; }
        // Out of [Minimum, Maximum]: E_INVALIDARG (ArgumentOutOfRangeException in the documentation).
        if (number < e->range_min || number > e->range_max) { result.hr = E_INVALIDARG; break; }
        e->range = number;
        event = "rangeChanged";
        line = ",\"value\":" + Number(number);
        break;
      case Action::kFocus:
        if (!e->enabled) { result.hr = UIA_E_ELEMENTNOTENABLED; break; }
        if (focused_ == id) break;
        focused_ = id;
        event = "focus";
        line = ",\"kind\":\"provider\"";
        result.events.push_back({id, UIA_AutomationFocusChangedEventId});
        break;
      case Action::kClick:
        break;
    }
    // A focus line says kind "provider" (beside the stock controls' "hwnd"); the others name the element's kind.
    if (event && action == Action::kFocus) Log().Write(event, head + line);
    else if (event) Log().Write(event, head + ",\"kind\":" + JsonString(std::string(KindName(e->kind))) + line);
  }
  InvalidateRect(window_, nullptr, FALSE);
  return result;
}

void ElementModel::Preorder(int id, int parent_index, std::vector<std::pair<int, int>>* out) {
  int index = static_cast<int>(out->size());
  out->push_back({id, parent_index});
  for (const Element& e : elements_)
    if (e.parent == id) Preorder(e.id, index, out);
}

void ElementModel::WriteTree(const std::wstring& path) {
  if (path.empty()) return;
  std::string json;
  {
    Lock lock(&lock_);
    std::vector<std::pair<int, int>> order;
    if (!elements_.empty()) Preorder(0, -1, &order);
    char head[96];
    snprintf(head, sizeof head, "{\"hwnd\":\"%llx\",\"pid\":%lu,\"nodes\":[",
             static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(window_)), GetCurrentProcessId());
    json = head;
    for (size_t i = 0; i < order.size(); ++i) {
      const Element* e = FindLocked(order[i].first);
      json += (i ? ",\n" : "\n");
      json += "{\"id\":" + std::to_string(e->id) + ",\"parent\":" + std::to_string(order[i].second) +
              ",\"name\":" + JsonString(e->name) + ",\"automationId\":" + JsonString(e->automation_id) +
              ",\"controlType\":" + std::to_string(e->control_type) + ",\"kind\":" + JsonString(std::string(KindName(e->kind))) +
              ",\"enabled\":" + (e->enabled ? "true" : "false") + ",\"runtimeIdTail\":" +
              (e->id == 0 ? std::string("null") : "[" + std::to_string(UiaAppendRuntimeId) + "," + std::to_string(e->id) + "]") + "}";
    }
    json += "\n]}\n";
  }
  // Write to a temporary file and rename it over the old one: a test never reads half a tree.
  std::wstring tmp = path + L".tmp";
  HANDLE f = CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (f == INVALID_HANDLE_VALUE) return;
  DWORD written = 0;
  WriteFile(f, json.data(), static_cast<DWORD>(json.size()), &written, nullptr);
  CloseHandle(f);
  MoveFileExW(tmp.c_str(), path.c_str(), MOVEFILE_REPLACE_EXISTING);
}

}  // namespace lam::testapp
