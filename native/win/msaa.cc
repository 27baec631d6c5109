#include "win/msaa.h"

#include <memory>

#include "win/uia_session.h"

namespace lam::win {

namespace {

VARIANT ChildVariant(long child_id) {
  VARIANT v;
  VariantInit(&v);
  V_VT(&v) = VT_I4;
  V_I4(&v) = child_id;
  return v;
}

ComPtr<IAccessible> ClientObject(HWND hwnd) {
  ComPtr<IAccessible> acc;
  if (FAILED(AccessibleObjectFromWindow(hwnd, static_cast<DWORD>(OBJID_CLIENT), IID_IAccessible,
                                        reinterpret_cast<void**>(acc.put()))))
    acc.reset();
  return acc;
}

std::wstring TakeBstr(BSTR b) {
  std::wstring s = b ? std::wstring(b, SysStringLen(b)) : std::wstring();
  if (b) SysFreeString(b);
  return s;
}

// Windows' oleacc picks a proxy by window class (Button reads its BS_* style, ListBox its items, ...) and so
// reports ROLE_SYSTEM_PUSHBUTTON, CHECKBUTTON, LIST and the check state. Wine 10's oleacc has only the generic
// client proxy: ROLE_SYSTEM_CLIENT for every stock control but Edit. Where the object says CLIENT for a window
// of a stock class, the same class table stands in, and the check state comes from BM_GETCHECK, as the
// Windows button proxy reads it.
void FromWindowClass(HWND hwnd, MsaaNode* node) {
  wchar_t cls[64];
  int n = GetClassNameW(hwnd, cls, 64);
  if (n <= 0) return;
  std::wstring c(cls, n);
  LONG style = GetWindowLongW(hwnd, GWL_STYLE);
  long role = 0;
  if (_wcsicmp(c.c_str(), L"Button") == 0) {
    switch (style & BS_TYPEMASK) {
      case BS_CHECKBOX: case BS_AUTOCHECKBOX: case BS_3STATE: case BS_AUTO3STATE: role = ROLE_SYSTEM_CHECKBUTTON; break;
      case BS_RADIOBUTTON: case BS_AUTORADIOBUTTON: role = ROLE_SYSTEM_RADIOBUTTON; break;
      case BS_GROUPBOX: role = ROLE_SYSTEM_GROUPING; break;
      default: role = ROLE_SYSTEM_PUSHBUTTON; break;
    }
    if (role == ROLE_SYSTEM_CHECKBUTTON || role == ROLE_SYSTEM_RADIOBUTTON) {
      DWORD_PTR check = 0;
      if (SendMessageTimeoutW(hwnd, BM_GETCHECK, 0, 0, SMTO_ABORTIFHUNG, 500, &check)) {
        if (check == BST_CHECKED) node->state |= STATE_SYSTEM_CHECKED;
        if (check == BST_INDETERMINATE) node->state |= STATE_SYSTEM_MIXED;
      }
    }
  } else if (_wcsicmp(c.c_str(), L"Static") == 0) {
    int type = style & SS_TYPEMASK;
    role = type == SS_ICON || type == SS_BITMAP ? ROLE_SYSTEM_GRAPHIC : ROLE_SYSTEM_STATICTEXT;
  } else {
    static const struct {
      const wchar_t* cls;
      long role;
    } kClasses[] = {
        {L"Edit", ROLE_SYSTEM_TEXT},           {L"ListBox", ROLE_SYSTEM_LIST},
        {L"ComboBox", ROLE_SYSTEM_COMBOBOX},   {L"ScrollBar", ROLE_SYSTEM_SCROLLBAR},
        {L"msctls_progress32", ROLE_SYSTEM_PROGRESSBAR}, {L"msctls_trackbar32", ROLE_SYSTEM_SLIDER},
        {L"msctls_updown32", ROLE_SYSTEM_SPINBUTTON},    {L"SysTabControl32", ROLE_SYSTEM_PAGETABLIST},
        {L"SysTreeView32", ROLE_SYSTEM_OUTLINE},          {L"SysListView32", ROLE_SYSTEM_LIST},
        {L"ToolbarWindow32", ROLE_SYSTEM_TOOLBAR},        {L"msctls_statusbar32", ROLE_SYSTEM_STATUSBAR},
        {L"SysLink", ROLE_SYSTEM_LINK},
    };
    for (const auto& k : kClasses)
      if (_wcsicmp(c.c_str(), k.cls) == 0) role = k.role;
  }
  if (role == ROLE_SYSTEM_COMBOBOX && node->value.empty()) {
    // The combo proxy's value is the selection's text; GetWindowTextW would not ask another process.
    wchar_t text[512] = L"";
    DWORD_PTR got = 0;
    if (SendMessageTimeoutW(hwnd, WM_GETTEXT, 512, reinterpret_cast<LPARAM>(text), SMTO_ABORTIFHUNG, 500, &got))
      node->value.assign(text, got < 512 ? got : 511);
  }
  if (role) node->role = role;
}

MsaaNode Describe(IAccessible* acc, long child_id, HWND fallback_hwnd, int parent) {
  MsaaNode node;
  node.parent = parent;
  node.child_id = child_id;
  VARIANT child = ChildVariant(child_id);
  BSTR text = nullptr;
  if (SUCCEEDED(acc->get_accName(child, &text))) node.name = TakeBstr(text);
  text = nullptr;
  if (SUCCEEDED(acc->get_accValue(child, &text))) node.value = TakeBstr(text);
  VARIANT out;
  VariantInit(&out);
  if (SUCCEEDED(acc->get_accRole(child, &out)) && V_VT(&out) == VT_I4) node.role = V_I4(&out);
  VariantClear(&out);
  if (SUCCEEDED(acc->get_accState(child, &out)) && V_VT(&out) == VT_I4) node.state = V_I4(&out);
  VariantClear(&out);
  long x = 0, y = 0, w = 0, h = 0;
  if (SUCCEEDED(acc->accLocation(&x, &y, &w, &h, child))) node.rect = RECT{x, y, x + w, y + h};
  HWND own = nullptr;
  node.hwnd = child_id == CHILDID_SELF && SUCCEEDED(WindowFromAccessibleObject(acc, &own)) && own ? own : fallback_hwnd;
  if (child_id == CHILDID_SELF && node.role == ROLE_SYSTEM_CLIENT && node.hwnd)
    FromWindowClass(node.hwnd, &node);
  return node;
}

}  // namespace

std::vector<MsaaNode> ReadMsaaTree(HWND window, int max_nodes, const core::Deadline& deadline) {
  std::vector<MsaaNode> nodes;
  ComPtr<IAccessible> root = ClientObject(window);
  if (!root) return nodes;
  struct Pending {
    ComPtr<IAccessible> object;
    int index;
  };
  nodes.push_back(Describe(root.get(), CHILDID_SELF, window, -1));
  std::vector<Pending> stack{{root, 0}};
  auto full = [&] { return max_nodes > 0 && static_cast<int>(nodes.size()) >= max_nodes; };
  while (!stack.empty() && !full() && !deadline.expired() && !deadline.cancelled()) {
    Pending p = stack.back();
    stack.pop_back();
    long count = 0;
    if (FAILED(p.object->get_accChildCount(&count)) || count <= 0) continue;
    // AccessibleChildren gives each child as an IDispatch (a full object, possibly another window's) or a
    // VT_I4 child id (a simple element such as a list item, described through its parent).
    std::unique_ptr<VARIANT[]> children(new VARIANT[count]);
    long got = 0;
    if (FAILED(AccessibleChildren(p.object.get(), 0, count, children.get(), &got))) continue;
    HWND parent_hwnd = nodes[p.index].hwnd;
    std::vector<Pending> objects;
    for (long i = 0; i < got; ++i) {
      VARIANT& c = children[i];
      if (!full() && V_VT(&c) == VT_DISPATCH && V_DISPATCH(&c)) {
        ComPtr<IAccessible> child;
        V_DISPATCH(&c)->QueryInterface(IID_IAccessible, reinterpret_cast<void**>(child.put()));
        if (child) {
          nodes.push_back(Describe(child.get(), CHILDID_SELF, parent_hwnd, p.index));
          objects.push_back({child, static_cast<int>(nodes.size()) - 1});
        }
      } else if (!full() && V_VT(&c) == VT_I4) {
        nodes.push_back(Describe(p.object.get(), V_I4(&c), parent_hwnd, p.index));
      }
      VariantClear(&c);
    }
    // Pre-order: the first child object is read next.
    for (auto it = objects.rbegin(); it != objects.rend(); ++it) stack.push_back(*it);
  }
  return nodes;
}

HRESULT MsaaGetValue(HWND hwnd, long child_id, std::wstring* out) {
  ComPtr<IAccessible> acc = ClientObject(hwnd);
  if (!acc) return E_FAIL;
  BSTR text = nullptr;
  HRESULT hr = acc->get_accValue(ChildVariant(child_id), &text);
  if (SUCCEEDED(hr)) *out = TakeBstr(text);
  return hr;
}

HRESULT MsaaSetValue(HWND hwnd, long child_id, const std::wstring& value) {
  ComPtr<IAccessible> acc = ClientObject(hwnd);
  if (!acc) return E_FAIL;
  BSTR text = SysAllocStringLen(value.data(), static_cast<UINT>(value.size()));
  HRESULT hr = acc->put_accValue(ChildVariant(child_id), text);
  SysFreeString(text);
  return hr;
}

HRESULT MsaaDoDefaultAction(HWND hwnd, long child_id) {
  ComPtr<IAccessible> acc = ClientObject(hwnd);
  if (!acc) return E_FAIL;
  return acc->accDoDefaultAction(ChildVariant(child_id));
}

}  // namespace lam::win
