// The double's state: the element tree a scenario describes, each element's properties and pattern state
// (changed by the pattern objects, so a re-read shows an action's effect), the failures injected per method and
// element, the profile ("windows": what the SDK documents works; "wine10": what Wine 10 stubs answers E_NOTIMPL,
// docs/wine10/wine10-uia-api-status.txt), and the call log every double object appends to.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "uia_double/com_base.h"
#include "uia_double/json.h"

namespace lam_double {

// One injected failure: `hr` after `hang_ms`, from the (skip+1)-th call on, `times` calls (-1: forever).
struct Failure {
  HRESULT hr = S_OK;
  int hang_ms = 0;
  int skip = 0;
  int times = -1;
  int seen = 0;
};

struct Node {
  int index = 0;
  int parent = -1;
  std::vector<int> children;
  std::string key;  // the scenario's name for it, in the call log
  std::vector<int32_t> runtime_id;
  int control_type = 50025;
  std::wstring name, automation_id, class_name, framework_id;
  bool has_rect = false;
  double rect[4] = {0, 0, 0, 0};
  bool enabled = true, offscreen = false, focused = false, focusable = false, is_control = true;
  int pid = 0;
  HWND hwnd = nullptr;
  bool own_window = false;  // hwnd is a hidden window the double made
  uint32_t patterns = 0;    // bit i = pattern 10000+i
  bool has_value = false;
  std::wstring value;
  bool read_only = false;
  int toggle = -1, expand = -1, selected = -1;
  bool three_state = false;
  bool has_range = false;
  double range[4] = {0, 0, 0, 0};
  std::wstring text;
  long legacy_role = 0;
  std::wstring default_action;
  int invoked = 0, default_actions = 0, scrolled = 0, focus_set = 0;
  // A provider boundary: the cache (BuildUpdatedCache) and FindAll do not see this element's children; walkers do.
  bool drop_children = false;
  std::map<std::string, Failure> fail;
};

class World {
 public:
  // Throws std::runtime_error for a malformed scenario.
  explicit World(const std::string& scenario_json);
  ~World();

  bool wine10() const { return wine10_; }
  std::vector<Node>& nodes() { return nodes_; }
  Node& node(int i) { return nodes_[static_cast<size_t>(i)]; }

  // Every double call goes through here: logs "<method> <element key> <detail>", then answers what is injected
  // for (element, method) or (any element, method), else E_NOTIMPL where the profile stubs `method`, else S_OK.
  // A hang sleeps; on the "windows" profile a TransactionTimeout shorter than the hang cuts it to UIA_E_TIMEOUT,
  // as UIA's client does.
  HRESULT Enter(const char* method, int element, const std::string& detail = std::string());
  void Log(const std::string& line);
  std::string Calls();

  // IUIAutomation2's timeouts, as the backend set them (0: never set).
  DWORD connection_timeout = 0, transaction_timeout = 0;

  // The element whose real window is `hwnd`, or -1.
  int ByHwnd(HWND hwnd) const;

 private:
  int AddNode(const Json& spec, int parent);

  bool wine10_ = false;
  std::vector<Node> nodes_;  // 0: the desktop
  std::map<std::string, Failure> fail_;  // for every element
  std::set<std::string> stubs_;
  std::mutex log_mu_;
  std::string log_;
  std::string log_path_;
};

// The one world the DLL's objects share (the latest LamUiaDoubleCreate's).
World* CurrentWorld();

std::wstring Wide(const std::string& utf8);
std::string Narrow(const std::wstring& text);

}  // namespace lam_double
