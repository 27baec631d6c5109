#include "uia_double/world.h"

#include <cstdio>
#include <stdexcept>

namespace lam_double {

namespace {

World* g_world = nullptr;

// What the double answers for the HRESULT names a scenario may use (winerror.h and UIAutomationCoreApi.h).
HRESULT HresultNamed(const Json& v) {
  if (v.is(Json::Type::Number)) return static_cast<HRESULT>(static_cast<uint32_t>(v.number));
  const std::string& s = v.string;
  static const std::map<std::string, uint32_t> names = {
      {"S_OK", 0},
      {"E_NOTIMPL", 0x80004001},
      {"E_FAIL", 0x80004005},
      {"E_INVALIDARG", 0x80070057},
      {"E_ACCESSDENIED", 0x80070005},
      {"E_OUTOFMEMORY", 0x8007000E},
      {"UIA_E_ELEMENTNOTENABLED", 0x80040200},
      {"UIA_E_ELEMENTNOTAVAILABLE", 0x80040201},
      {"UIA_E_NOCLICKABLEPOINT", 0x80040202},
      {"UIA_E_PROXYASSEMBLYNOTLOADED", 0x80040203},
      {"UIA_E_NOTSUPPORTED", 0x80040204},
      {"UIA_E_INVALIDOPERATION", 0x80131509},
      {"UIA_E_TIMEOUT", 0x80131505},
      {"RPC_E_DISCONNECTED", 0x80010108},
      {"RPC_E_SERVER_DIED", 0x80010007},
      {"RPC_E_SERVER_DIED_DNE", 0x80010012},
      {"CO_E_OBJNOTCONNECTED", 0x800401FD},
      {"RPC_S_SERVER_UNAVAILABLE", 0x800706BA},
  };
  auto it = names.find(s);
  if (it != names.end()) return static_cast<HRESULT>(it->second);
  if (s.compare(0, 2, "0x") == 0) return static_cast<HRESULT>(std::strtoul(s.c_str() + 2, nullptr, 16));
  throw std::runtime_error("scenario: unknown HRESULT '" + s + "'");
}

Failure FailureFrom(const Json& v) {
  Failure f;
  if (v.is(Json::Type::Object)) {
    f.hr = v.has("hr") ? HresultNamed(v["hr"]) : S_OK;
    f.hang_ms = static_cast<int>(v["hangMs"].num(0));
    f.skip = static_cast<int>(v["skip"].num(0));
    f.times = static_cast<int>(v["times"].num(-1));
  } else {
    f.hr = HresultNamed(v);
  }
  return f;
}

const char* const kPatternNames[] = {
    "Invoke", "Selection", "Value", "RangeValue", "Scroll", "ExpandCollapse", "Grid", "GridItem", "MultipleView",
    "Window", "SelectionItem", "Dock", "Table", "TableItem", "Text", "Toggle", "Transform", "ScrollItem",
    "LegacyIAccessible", "ItemContainer", "VirtualizedItem", "SynchronizedInput"};

// What Wine 10.0's client stubs (docs/wine10/wine10-uia-api-status.txt, docs/WINE10_UIA.md), among the methods
// the double implements. Everything else the double implements works there as it does on Windows; the
// argument-dependent refusals (scopes, conditions, walkers) are decided where the arguments are seen.
const char* const kWine10Stubs[] = {
    "IUIAutomationCacheRequest.AddPattern", "IUIAutomationCacheRequest.Clone",
    "IUIAutomationElement.GetCachedChildren", "IUIAutomationElement.GetCachedParent",
    "IUIAutomationElement.GetCachedPattern", "IUIAutomationElement.GetCachedPatternAs",
    "IUIAutomationElement.GetCachedPropertyValue", "IUIAutomationElement.GetCurrentPattern",
    "IUIAutomationElement.GetCurrentPatternAs", "IUIAutomationElement.GetCurrentPropertyValue",
    "IUIAutomationElement.SetFocus", "IUIAutomationElement.GetRuntimeId",
    "IUIAutomationElement.get_CurrentAutomationId", "IUIAutomationElement.get_CurrentClassName",
    "IUIAutomationElement.get_CurrentIsEnabled", "IUIAutomationElement.get_CurrentNativeWindowHandle",
    "IUIAutomationElement.get_CurrentProcessId", "IUIAutomationElement.get_CurrentIsKeyboardFocusable",
    "IUIAutomationElement.get_CurrentHasKeyboardFocus", "IUIAutomationElement.get_CurrentIsOffscreen",
    "IUIAutomationElement.get_CurrentFrameworkId", "IUIAutomationElement.get_CurrentIsControlElement",
    "IUIAutomationElement.get_CachedAutomationId", "IUIAutomationElement.get_CachedClassName",
    "IUIAutomationElement.get_CachedIsEnabled", "IUIAutomationElement.get_CachedNativeWindowHandle",
    "IUIAutomationElement.get_CachedProcessId", "IUIAutomationElement.get_CachedFrameworkId",
    "IUIAutomationElement.get_CachedIsOffscreen", "IUIAutomationElement.get_CachedIsControlElement",
    "IUIAutomation.CreateAndCondition", "IUIAutomation.CreatePropertyConditionEx",
    "IUIAutomation.ElementFromHandleBuildCache", "IUIAutomation.get_ControlViewWalker",
    "IUIAutomation.get_RawViewWalker", "IUIAutomation.get_ContentViewWalker", "IUIAutomation.get_ContentViewCondition",
    "IUIAutomation.CompareElements", "IUIAutomation.CompareRuntimeIds", "IUIAutomation.ElementFromPoint",
    "IUIAutomation.GetRootElementBuildCache", "IUIAutomation2.put_ConnectionTimeout",
    "IUIAutomation2.put_TransactionTimeout", "IUIAutomation2.get_ConnectionTimeout",
    "IUIAutomation2.get_TransactionTimeout", "IUIAutomationTreeWalker.NormalizeElement",
    "IUIAutomationTreeWalker.NormalizeElementBuildCache",
};

LRESULT CALLBACK WindowProc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) { return DefWindowProcW(hwnd, msg, wp, lp); }

// `shown`: a visible topmost popup over the element's rect, for the SendInput fallback (the backend clicks only
// where WindowFromPoint finds the element's own window); the recorder installed with the double keeps the clicks
// from reaching anything.
HWND MakeWindow(const std::wstring& title, bool shown, const double* rect) {
  static ATOM atom = 0;
  HINSTANCE instance = GetModuleHandleW(nullptr);
  if (!atom) {
    WNDCLASSW wc = {};
    wc.lpfnWndProc = WindowProc;
    wc.hInstance = instance;
    wc.lpszClassName = L"LamUiaDoubleWindow";
    atom = RegisterClassW(&wc);
  }
  // Hidden, never shown: a real HWND so the backend's IsWindow / GetWindowThreadProcessId see a live window
  // of this process, while the double's elements stand for everything inside it.
  if (!shown)
    return CreateWindowExW(0, L"LamUiaDoubleWindow", title.c_str(), WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, nullptr,
                           nullptr, instance, nullptr);
  HWND hwnd = CreateWindowExW(WS_EX_TOPMOST | WS_EX_NOACTIVATE, L"LamUiaDoubleWindow", title.c_str(), WS_POPUP | WS_VISIBLE,
                              static_cast<int>(rect[0]), static_cast<int>(rect[1]), static_cast<int>(rect[2]),
                              static_cast<int>(rect[3]), nullptr, nullptr, instance, nullptr);
  if (hwnd) {
    ShowWindow(hwnd, SW_SHOWNOACTIVATE);
    MSG msg;
    while (PeekMessageW(&msg, hwnd, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
  }
  return hwnd;
}

}  // namespace

World* CurrentWorld() { return g_world; }

std::wstring Wide(const std::string& utf8) {
  if (utf8.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), &out[0], n);
  return out;
}

std::string Narrow(const std::wstring& text) {
  if (text.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), &out[0], n, nullptr, nullptr);
  return out;
}

World::World(const std::string& scenario_json) {
  Json s = ParseJson(scenario_json);
  const std::string profile = s["profile"].is(Json::Type::String) ? s["profile"].string : "windows";
  if (profile != "windows" && profile != "wine10") throw std::runtime_error("scenario: profile must be windows or wine10");
  wine10_ = profile == "wine10";
  if (wine10_)
    for (const char* m : kWine10Stubs) stubs_.insert(m);
  log_path_ = s["log"].string;
  if (!log_path_.empty()) {
    FILE* f = _wfopen(Wide(log_path_).c_str(), L"wb");  // a fresh log per scenario
    if (f) std::fclose(f);
  }
  for (const auto& kv : s["fail"].object) fail_[kv.first] = FailureFrom(kv.second);

  Node desktop;
  desktop.key = "desktop";
  desktop.control_type = 50033;  // Pane, as Windows' desktop element
  desktop.name = L"Desktop";
  desktop.class_name = L"#32769";
  desktop.hwnd = GetDesktopWindow();
  desktop.runtime_id = {42, static_cast<int32_t>(reinterpret_cast<intptr_t>(desktop.hwnd))};
  desktop.pid = static_cast<int>(GetCurrentProcessId());
  nodes_.push_back(desktop);
  for (const Json& w : s["windows"].array) AddNode(w, 0);
  g_world = this;
}

World::~World() {
  for (Node& n : nodes_)
    if (n.own_window && n.hwnd) DestroyWindow(n.hwnd);
  if (g_world == this) g_world = nullptr;
}

int World::AddNode(const Json& spec, int parent) {
  Node n;
  n.index = static_cast<int>(nodes_.size());
  n.parent = parent;
  n.key = spec["key"].is(Json::Type::String) ? spec["key"].string : "n" + std::to_string(n.index);
  n.control_type = static_cast<int>(spec["controlType"].num(50025));
  n.name = Wide(spec["name"].string);
  n.automation_id = Wide(spec["automationId"].string);
  n.class_name = Wide(spec["className"].string);
  n.framework_id = Wide(spec.has("frameworkId") ? spec["frameworkId"].string : std::string("Win32"));
  if (spec["rect"].array.size() == 4) {
    n.has_rect = true;
    for (int i = 0; i < 4; ++i) n.rect[i] = spec["rect"].array[static_cast<size_t>(i)].num(0);
  }
  n.enabled = spec["enabled"].flag(true);
  n.offscreen = spec["offscreen"].flag(false);
  n.focused = spec["focused"].flag(false);
  n.focusable = spec["focusable"].flag(false);
  n.is_control = spec["control"].flag(true);
  n.pid = static_cast<int>(spec["pid"].num(static_cast<double>(GetCurrentProcessId())));
  if (spec["window"].flag(false)) {
    n.hwnd = MakeWindow(n.name, spec["shown"].flag(false) && n.has_rect, n.rect);
    if (!n.hwnd) throw std::runtime_error("scenario: CreateWindowExW failed for " + n.key);
    n.own_window = true;
  } else if (spec["editWindow"].flag(false)) {
    // A real EDIT control inside the nearest ancestor's window: the MSAA fallback (oleacc's Edit proxy:
    // put_accValue, and WM_GETTEXT) then runs for real under Wine against it, while UIA answers from the double.
    HWND parent_window = nullptr;
    for (int p = parent; p > 0 && !parent_window; p = nodes_[static_cast<size_t>(p)].parent)
      if (nodes_[static_cast<size_t>(p)].own_window) parent_window = nodes_[static_cast<size_t>(p)].hwnd;
    if (!parent_window) throw std::runtime_error("scenario: editWindow needs an ancestor with window:true (" + n.key + ")");
    n.hwnd = CreateWindowExW(0, L"EDIT", Wide(spec["value"].string).c_str(), WS_CHILD | WS_VISIBLE | ES_AUTOHSCROLL,
                             0, 0, 100, 20, parent_window, nullptr, GetModuleHandleW(nullptr), nullptr);
    if (!n.hwnd) throw std::runtime_error("scenario: CreateWindowExW(EDIT) failed for " + n.key);
    n.own_window = true;
  } else if (spec.has("hwnd")) {
    n.hwnd = reinterpret_cast<HWND>(static_cast<intptr_t>(spec["hwnd"].num(0)));
  }
  if (spec["id"].array.empty()) {
    n.runtime_id = n.own_window ? std::vector<int32_t>{42, static_cast<int32_t>(reinterpret_cast<intptr_t>(n.hwnd))}
                                : std::vector<int32_t>{7, 1000 + n.index};
  } else {
    for (const Json& part : spec["id"].array) n.runtime_id.push_back(static_cast<int32_t>(part.num(0)));
  }
  for (const Json& p : spec["patterns"].array) {
    bool found = false;
    for (int i = 0; i < 22; ++i)
      if (p.string == kPatternNames[i]) {
        n.patterns |= 1u << i;
        found = true;
      }
    if (!found) throw std::runtime_error("scenario: unknown pattern '" + p.string + "'");
  }
  if (spec["value"].is(Json::Type::String)) {
    n.has_value = true;
    n.value = Wide(spec["value"].string);
  }
  n.read_only = spec["readOnly"].flag(false);
  n.toggle = static_cast<int>(spec["toggle"].num(-1));
  n.three_state = spec["threeState"].flag(false);
  n.expand = static_cast<int>(spec["expand"].num(-1));
  n.selected = spec["selected"].is(Json::Type::Bool) ? (spec["selected"].boolean ? 1 : 0) : -1;
  if (spec["range"].array.size() == 4) {
    n.has_range = true;
    for (int i = 0; i < 4; ++i) n.range[i] = spec["range"].array[static_cast<size_t>(i)].num(0);
  }
  n.text = Wide(spec["text"].string);
  n.legacy_role = static_cast<long>(spec["legacyRole"].num(0));
  n.default_action = Wide(spec["defaultAction"].string);
  n.drop_children = spec["dropChildren"].flag(false);
  for (const auto& kv : spec["fail"].object) n.fail[kv.first] = FailureFrom(kv.second);
  nodes_.push_back(n);
  int index = n.index;
  if (parent >= 0) nodes_[static_cast<size_t>(parent)].children.push_back(index);
  if (nodes_[static_cast<size_t>(index)].own_window)
    Log("WINDOW " + nodes_[static_cast<size_t>(index)].key + " " +
        std::to_string(reinterpret_cast<intptr_t>(nodes_[static_cast<size_t>(index)].hwnd)));
  for (const Json& c : spec["children"].array) AddNode(c, index);
  return index;
}

int World::ByHwnd(HWND hwnd) const {
  if (!hwnd) return -1;
  for (const Node& n : nodes_)
    if (n.hwnd == hwnd) return n.index;
  return -1;
}

void World::Log(const std::string& line) {
  std::lock_guard<std::mutex> lock(log_mu_);
  log_ += line;
  log_ += '\n';
  if (log_path_.empty()) return;
  // Appended and closed per line: the test reads the file while (or after) the backend runs, and a hung call
  // must not leave its line unflushed.
  FILE* f = _wfopen(Wide(log_path_).c_str(), L"ab");
  if (!f) return;
  std::fwrite(line.data(), 1, line.size(), f);
  std::fputc('\n', f);
  std::fclose(f);
}

std::string World::Calls() {
  std::lock_guard<std::mutex> lock(log_mu_);
  return log_;
}

HRESULT World::Enter(const char* method, int element, const std::string& detail) {
  std::string line = method;
  line += ' ';
  line += element >= 0 && element < static_cast<int>(nodes_.size()) ? nodes_[static_cast<size_t>(element)].key : "-";
  if (!detail.empty()) {
    line += ' ';
    line += detail;
  }
  Log(line);
  std::string full = method;
  std::string short_name = full.substr(full.find('.') + 1);
  Failure* f = nullptr;
  if (element >= 0 && element < static_cast<int>(nodes_.size())) {
    auto& own = nodes_[static_cast<size_t>(element)].fail;
    auto it = own.find(full);
    if (it == own.end()) it = own.find(short_name);
    if (it != own.end()) f = &it->second;
  }
  if (!f) {
    auto it = fail_.find(full);
    if (it == fail_.end()) it = fail_.find(short_name);
    if (it != fail_.end()) f = &it->second;
  }
  if (f) {
    int n = f->seen++;
    if (n >= f->skip && (f->times < 0 || n < f->skip + f->times)) {
      if (f->hang_ms > 0) {
        // Windows' client gives up after TransactionTimeout with UIA_E_TIMEOUT; Wine 10 has no timeouts.
        if (!wine10_ && transaction_timeout && transaction_timeout < static_cast<DWORD>(f->hang_ms)) {
          Sleep(transaction_timeout);
          Log(std::string("TIMEOUT ") + method + " after " + std::to_string(transaction_timeout) + "ms");
          return static_cast<HRESULT>(0x80131505);  // UIA_E_TIMEOUT
        }
        Sleep(static_cast<DWORD>(f->hang_ms));
      }
      if (f->hr != S_OK) return f->hr;
    }
  }
  if (stubs_.count(full)) return E_NOTIMPL;
  return S_OK;
}

HRESULT Unimplemented(const char* method) {
  if (g_world) g_world->Log(std::string("NOTIMPL ") + method);
  return E_NOTIMPL;
}

}  // namespace lam_double
