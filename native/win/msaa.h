// MSAA (IAccessible through oleacc) for what UI Automation's proxies leave out: on Windows, old Win32 and
// owner-drawn controls whose only accessibility is IAccessible; under Wine 10, every stock control (its UIA
// proxy calls buttons, check boxes, lists and combo boxes Pane). The snapshot reads roles, states and
// values here; the actions fall back to put_accValue and accDoDefaultAction.
//
// A node is addressed the MSAA way: the window whose OBJID_CLIENT object holds it, and a child id
// (CHILDID_SELF for the object itself, 1.. for a simple element such as a list item).
#pragma once

#include <string>
#include <vector>

#include "core/deadline.h"
#include "win/uia_headers.h"

namespace lam::win {

struct MsaaNode {
  int parent = -1;         // index in the table, -1 for the window's own object
  long child_id = 0;       // CHILDID_SELF (0) for an object, else the simple element's id within its parent
  std::wstring name, value;
  long role = 0;           // ROLE_SYSTEM_*
  long state = 0;          // STATE_SYSTEM_*
  RECT rect{0, 0, 0, 0};   // screen; all zero when accLocation fails
  HWND hwnd = nullptr;     // the window of the object the node belongs to (WindowFromAccessibleObject)
};

// The window's client object and its descendants, pre-order, at most `max_nodes` (0: no limit), through
// AccessibleObjectFromWindow(OBJID_CLIENT) and AccessibleChildren. Empty when the window has no client
// object. Stops early (returning what it has) when the deadline passes.
std::vector<MsaaNode> ReadMsaaTree(HWND window, int max_nodes, const core::Deadline& deadline);

HRESULT MsaaGetValue(HWND hwnd, long child_id, std::wstring* out);
HRESULT MsaaSetValue(HWND hwnd, long child_id, const std::wstring& value);  // IAccessible::put_accValue
HRESULT MsaaDoDefaultAction(HWND hwnd, long child_id);                       // IAccessible::accDoDefaultAction

}  // namespace lam::win
