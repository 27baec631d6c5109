// testapp.exe: the Win32 program the Windows backend's end-to-end tests drive (under Wine 10 and, by the
// workflow, on real Windows). One top-level window holds
//   - stock user32 controls (Static, Edit, multi-line Edit, Button, CheckBox, two RadioButtons, ListBox,
//     ComboBox, a read-only Edit, a disabled Button), which a client reaches through their HWNDs, MSAA and
//     UIA's own proxies, and
//   - a region the app paints itself whose elements exist only through the app's UIA providers
//     (providers.h): button (Invoke), check box (Toggle), list + items (Selection/SelectionItem), tree item
//     (ExpandCollapse), edit and read-only edit (Value), slider (RangeValue), a disabled button.
// The app's own state is the tests' oracle: every event is one JSON line in the --log file (event_log.h) and
// the provider tree is written node for node to the --tree file at start and after each structure change.
//
//   testapp.exe --log <file> [--tree <file>] [--commands <file>] [--title <text>] [--stock-only]
//               [--com-threading] [--hang-getobject <ms>]
//
// --stock-only: no providers at all (what a plain Win32 app gives). --commands: a file the app polls every
// 50 ms for appended lines (a Windows node.exe script cannot post window messages): "add-child <name>",
// "rename <title>", "hang-getobject <ms>" (each later WM_GETOBJECT(UiaRootObjectId) sleeps first; 0 stops),
// "hang <ms>" (the UI thread sleeps once), "focus <control id>", "act <automationId>" (a provider element
// clicked by the app itself), "exit". Native clients can post the same as
// WM_APP + 1..6 (see kCommandMessages below).
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#include <windows.h>
#include <ole2.h>
#include <shellapi.h>
#include <uiautomation.h>

#include <cstdio>
#include <cwchar>
#include <string>
#include <vector>

#include "element_model.h"
#include "event_log.h"
#include "providers.h"

using namespace lam::testapp;

namespace {

enum ControlId {
  kLabelName = 201, kEdit = 202, kButton = 203, kCheck = 204, kRadioA = 205, kRadioB = 206, kList = 207,
  kCombo = 208, kLabelNotes = 209, kMultiEdit = 210, kLabelStatus = 211, kReadOnlyEdit = 212, kDisabledButton = 213,
};

// The WM_APP protocol (wParam / lParam as said).
enum CommandMessage : UINT {
  kMsgFocus = WM_APP + 1,          // wParam: control id
  kMsgAddChild = WM_APP + 2,       // add a provider button
  kMsgRename = WM_APP + 3,         // title "LAM Test App - renamed"
  kMsgHangGetObject = WM_APP + 4,  // wParam: ms
  kMsgHang = WM_APP + 5,           // wParam: ms
  kMsgExit = WM_APP + 6,
};

const UINT_PTR kCommandTimer = 1;

struct Options {
  std::wstring log, tree, commands, title = L"LAM Test App";
  bool stock_only = false;
  DWORD hang_getobject_ms = 0;
};

Options g_options;
HWND g_window = nullptr;
HWND g_last_focus = nullptr;
LONGLONG g_commands_read = 0;
int g_added = 0;
int g_getobject_count = 0;

std::string Hex(HWND h) {
  char buf[32];
  snprintf(buf, sizeof buf, "\"%llx\"", static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(h)));
  return buf;
}

std::wstring TextOf(HWND h) {
  // Our own windows, on our own thread: GetWindowTextW is WM_GETTEXT here.
  int n = GetWindowTextLengthW(h);
  std::wstring s(static_cast<size_t>(n) + 1, L'\0');
  GetWindowTextW(h, &s[0], n + 1);
  s.resize(static_cast<size_t>(n));
  return s;
}

std::wstring ItemText(HWND h, bool combo, int index) {
  if (index < 0) return std::wstring();
  LRESULT n = SendMessageW(h, combo ? CB_GETLBTEXTLEN : LB_GETTEXTLEN, static_cast<WPARAM>(index), 0);
  if (n < 0) return std::wstring();
  std::wstring s(static_cast<size_t>(n) + 1, L'\0');
  SendMessageW(h, combo ? CB_GETLBTEXT : LB_GETTEXT, static_cast<WPARAM>(index), reinterpret_cast<LPARAM>(&s[0]));
  s.resize(static_cast<size_t>(n));
  return s;
}

HWND MakeControl(HWND parent, DWORD exstyle, const wchar_t* cls, const wchar_t* text, DWORD style, int x, int y, int w,
                 int h, int id) {
  return CreateWindowExW(exstyle, cls, text, WS_CHILD | WS_VISIBLE | style, x, y, w, h, parent,
                         reinterpret_cast<HMENU>(static_cast<INT_PTR>(id)), GetModuleHandleW(nullptr), nullptr);
}

void CreateStockControls(HWND w) {
  MakeControl(w, 0, L"STATIC", L"Name:", 0, 10, 14, 55, 20, kLabelName);
  MakeControl(w, WS_EX_CLIENTEDGE, L"EDIT", L"hello", WS_TABSTOP | ES_AUTOHSCROLL, 70, 10, 200, 24, kEdit);
  MakeControl(w, 0, L"BUTTON", L"Click Me", WS_TABSTOP | BS_PUSHBUTTON, 280, 10, 100, 26, kButton);
  MakeControl(w, 0, L"BUTTON", L"Check Me", WS_TABSTOP | BS_AUTOCHECKBOX, 10, 44, 120, 24, kCheck);
  MakeControl(w, 0, L"BUTTON", L"Option A", WS_TABSTOP | WS_GROUP | BS_AUTORADIOBUTTON, 140, 44, 100, 24, kRadioA);
  MakeControl(w, 0, L"BUTTON", L"Option B", BS_AUTORADIOBUTTON, 250, 44, 100, 24, kRadioB);
  CheckRadioButton(w, kRadioA, kRadioB, kRadioA);
  HWND list = MakeControl(w, WS_EX_CLIENTEDGE, L"LISTBOX", nullptr, WS_TABSTOP | WS_VSCROLL | LBS_NOTIFY, 10, 76, 150, 80, kList);
  for (const wchar_t* s : {L"Apple", L"Banana", L"Cherry"}) SendMessageW(list, LB_ADDSTRING, 0, reinterpret_cast<LPARAM>(s));
  HWND combo = MakeControl(w, 0, L"COMBOBOX", nullptr, WS_TABSTOP | CBS_DROPDOWNLIST, 170, 76, 150, 120, kCombo);
  for (const wchar_t* s : {L"Red", L"Green", L"Blue"}) SendMessageW(combo, CB_ADDSTRING, 0, reinterpret_cast<LPARAM>(s));
  SendMessageW(combo, CB_SETCURSEL, 0, 0);
  MakeControl(w, 0, L"STATIC", L"Notes:", 0, 10, 164, 55, 20, kLabelNotes);
  MakeControl(w, WS_EX_CLIENTEDGE, L"EDIT", L"line one\r\nline two",
              WS_TABSTOP | WS_VSCROLL | ES_MULTILINE | ES_WANTRETURN | ES_AUTOVSCROLL, 70, 160, 310, 60, kMultiEdit);
  MakeControl(w, 0, L"STATIC", L"Status:", 0, 10, 232, 55, 20, kLabelStatus);
  MakeControl(w, WS_EX_CLIENTEDGE, L"EDIT", L"read only", WS_TABSTOP | ES_READONLY | ES_AUTOHSCROLL, 70, 228, 200, 24,
              kReadOnlyEdit);
  MakeControl(w, 0, L"BUTTON", L"Disabled", WS_TABSTOP | WS_DISABLED | BS_PUSHBUTTON, 280, 228, 100, 26, kDisabledButton);
}

void LogFocusChange() {
  HWND f = GetFocus();
  if (f == g_last_focus) return;
  g_last_focus = f;
  wchar_t cls[64] = L"";
  if (f) GetClassNameW(f, cls, 64);
  Log().Write("focus", "\"kind\":\"hwnd\",\"hwnd\":" + Hex(f) + ",\"id\":" + std::to_string(f ? GetDlgCtrlID(f) : 0) +
                           ",\"className\":" + JsonString(std::wstring(cls)));
}

void Apply(int id, Action action, const std::wstring& text, double number, const char* source) {
  ActResult r = ElementModel::Get().Act(id, action, text, number, source);
  for (const auto& ev : r.events) RaiseEvent(ev.first, ev.second);
}

void AddProviderChild() {
  ++g_added;
  std::wstring name = L"Provider Added " + std::to_wstring(g_added);
  std::wstring aid = L"provAdded" + std::to_wstring(g_added);
  int id = ElementModel::Get().AddChild(name, aid);
  ElementModel::Get().WriteTree(g_options.tree);
  Log().Write("childAdded", "\"automationId\":" + JsonString(aid) + ",\"name\":" + JsonString(name) + ",\"id\":" + std::to_string(id));
  if (!g_options.stock_only) {
    IRawElementProviderSimple* root = NewProvider(0);
    int runtime_id[2] = {UiaAppendRuntimeId, id};
    HRESULT hr = UiaRaiseStructureChangedEvent(root, StructureChangeType_ChildAdded, runtime_id, 2);
    root->Release();
    char buf[48];
    snprintf(buf, sizeof buf, "\"hr\":\"%08lx\"", static_cast<unsigned long>(hr));
    Log().Write("structureChanged", buf);
  }
  InvalidateRect(g_window, nullptr, FALSE);
}

void Rename(const std::wstring& title) {
  SetWindowTextW(g_window, title.c_str());
  ElementModel::Get().SetTitle(title);
  ElementModel::Get().WriteTree(g_options.tree);
  Log().Write("renamed", "\"title\":" + JsonString(title));
}

// "act <automationId>": what a user's click on that provider element does, done by the app itself, so a test
// can make the app raise its UIA events (Invoke_Invoked, ElementSelected, focus) while a client waits for them.
void ActOn(const std::wstring& automation_id) {
  for (const Element& e : ElementModel::Get().All()) {
    if (e.automation_id != automation_id) continue;
    POINT centre{(e.rect.left + e.rect.right) / 2, (e.rect.top + e.rect.bottom) / 2};
    SetFocus(g_window);
    Apply(e.id, Action::kClick, L"", centre.x, "command");
    return;
  }
  Log().Write("unknownElement", "\"automationId\":" + JsonString(automation_id));
}

void RunCommand(const std::wstring& line) {
  size_t space = line.find(L' ');
  std::wstring verb = line.substr(0, space), arg = space == std::wstring::npos ? L"" : line.substr(space + 1);
  Log().Write("command", "\"line\":" + JsonString(line));
  if (verb == L"add-child") AddProviderChild();
  else if (verb == L"rename") Rename(arg.empty() ? g_options.title + L" - renamed" : arg);
  else if (verb == L"hang-getobject") g_options.hang_getobject_ms = static_cast<DWORD>(_wtoi(arg.c_str()));
  else if (verb == L"hang") Sleep(static_cast<DWORD>(_wtoi(arg.c_str())));
  else if (verb == L"focus") SetFocus(GetDlgItem(g_window, _wtoi(arg.c_str())));
  else if (verb == L"act") ActOn(arg);
  else if (verb == L"exit") DestroyWindow(g_window);
  else Log().Write("unknownCommand", "\"line\":" + JsonString(line));
}

// Reads lines appended to the commands file since the last poll (a line counts once it ends with '\n').
void PollCommands() {
  if (g_options.commands.empty()) return;
  HANDLE f = CreateFileW(g_options.commands.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                         nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (f == INVALID_HANDLE_VALUE) return;
  LARGE_INTEGER size{};
  GetFileSizeEx(f, &size);
  std::string data;
  if (size.QuadPart > g_commands_read) {
    LARGE_INTEGER at{};
    at.QuadPart = g_commands_read;
    SetFilePointerEx(f, at, nullptr, FILE_BEGIN);
    data.resize(static_cast<size_t>(size.QuadPart - g_commands_read));
    DWORD got = 0;
    ReadFile(f, &data[0], static_cast<DWORD>(data.size()), &got, nullptr);
    data.resize(got);
  }
  CloseHandle(f);
  size_t end = data.rfind('\n');
  if (end == std::string::npos) return;
  data.resize(end + 1);
  g_commands_read += static_cast<LONGLONG>(data.size());
  size_t start = 0;
  while (start < data.size()) {
    size_t nl = data.find('\n', start);
    std::string line = data.substr(start, nl - start);
    start = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    int n = MultiByteToWideChar(CP_UTF8, 0, line.data(), static_cast<int>(line.size()), nullptr, 0);
    std::wstring wide(static_cast<size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, line.data(), static_cast<int>(line.size()), &wide[0], n);
    RunCommand(wide);
  }
}

// "rrggbb" of a COLORREF (0x00bbggrr): the colours the app paints with, for the capture test to look for.
std::string Rgb(COLORREF c) {
  char text[8];
  snprintf(text, sizeof text, "%02x%02x%02x", GetRValue(c), GetGValue(c), GetBValue(c));
  return text;
}

void PaintRegion(HDC dc) {
  std::vector<Element> all = ElementModel::Get().All();
  int focused = GetFocus() == g_window ? ElementModel::Get().Focused() : -1;
  RECT region{400, 0, 720, 300};
  FillRect(dc, &region, GetSysColorBrush(COLOR_WINDOW));
  SetBkMode(dc, TRANSPARENT);
  for (const Element& e : all) {
    if (e.id == 0) continue;
    RECT r = e.rect;
    std::wstring label = e.name;
    if (e.kind == Kind::kCheckBox) label = (e.toggle ? L"[x] " : L"[ ] ") + label;
    if (e.kind == Kind::kTreeItem) label = (e.expanded ? L"- " : L"+ ") + label;
    if (e.kind == Kind::kEdit) label = e.value;
    if (e.kind == Kind::kSlider) label = e.name + L" " + std::to_wstring(static_cast<int>(e.range));
    if (e.kind == Kind::kListItem && e.selected) FillRect(dc, &r, GetSysColorBrush(COLOR_HIGHLIGHT));
    FrameRect(dc, &r, GetSysColorBrush(e.enabled ? COLOR_WINDOWTEXT : COLOR_GRAYTEXT));
    if (e.kind == Kind::kSlider) {
      int x = r.left + static_cast<int>((r.right - r.left) * (e.range - e.range_min) / (e.range_max - e.range_min));
      RECT thumb{x - 2, r.top, x + 2, r.bottom};
      FillRect(dc, &thumb, GetSysColorBrush(COLOR_WINDOWTEXT));
    }
    SetTextColor(dc, GetSysColor(e.enabled ? COLOR_WINDOWTEXT : COLOR_GRAYTEXT));
    if (e.kind != Kind::kList && e.kind != Kind::kTree) {
      RECT t{r.left + 4, r.top, r.right - 4, r.bottom};
      DrawTextW(dc, label.c_str(), -1, &t, DT_SINGLELINE | DT_VCENTER | DT_END_ELLIPSIS);
    }
    if (e.id == focused) {
      RECT f{r.left + 2, r.top + 2, r.right - 2, r.bottom - 2};
      DrawFocusRect(dc, &f);
    }
  }
}

void LogCommand(WPARAM wp, LPARAM lp) {
  int id = LOWORD(wp), code = HIWORD(wp);
  HWND ctl = reinterpret_cast<HWND>(lp);
  if (!ctl) return;
  std::string head = "\"id\":" + std::to_string(id);
  if (code == BN_CLICKED && (id == kButton || id == kCheck || id == kRadioA || id == kRadioB || id == kDisabledButton)) {
    std::string extra;
    if (id != kButton && id != kDisabledButton)
      extra = ",\"checked\":" + std::to_string(static_cast<int>(SendMessageW(ctl, BM_GETCHECK, 0, 0)));
    Log().Write("BN_CLICKED", head + ",\"text\":" + JsonString(TextOf(ctl)) + extra);
  } else if (code == EN_CHANGE) {
    Log().Write("EN_CHANGE", head + ",\"text\":" + JsonString(TextOf(ctl)));
  } else if (id == kList && code == LBN_SELCHANGE) {
    int i = static_cast<int>(SendMessageW(ctl, LB_GETCURSEL, 0, 0));
    Log().Write("LBN_SELCHANGE", head + ",\"index\":" + std::to_string(i) + ",\"text\":" + JsonString(ItemText(ctl, false, i)));
  } else if (id == kCombo && code == CBN_SELCHANGE) {
    int i = static_cast<int>(SendMessageW(ctl, CB_GETCURSEL, 0, 0));
    Log().Write("CBN_SELCHANGE", head + ",\"index\":" + std::to_string(i) + ",\"text\":" + JsonString(ItemText(ctl, true, i)));
  }
}

LRESULT CALLBACK WindowProc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  switch (msg) {
    case WM_GETOBJECT:
      // UIA asks with UiaRootObjectId (MSAA's OBJID_CLIENT etc. go to DefWindowProc, whose proxy UIA also uses).
      if (static_cast<LONG>(lp) == UiaRootObjectId && !g_options.stock_only) {
        if (g_options.hang_getobject_ms || g_getobject_count++ == 0)
          Log().Write("getObject", "\"hangMs\":" + std::to_string(g_options.hang_getobject_ms));
        // The timeout tests' hang: the client's call waits on this window's thread.
        if (g_options.hang_getobject_ms) Sleep(g_options.hang_getobject_ms);
        IRawElementProviderSimple* root = NewProvider(0);
        LRESULT r = UiaReturnRawElementProvider(hwnd, wp, lp, root);
        root->Release();
        return r;
      }
      break;
    case WM_CREATE:
      CreateStockControls(hwnd);
      return 0;
    case WM_COMMAND:
      LogCommand(wp, lp);
      return 0;
    case WM_LBUTTONDOWN: {
      POINT p{static_cast<short>(LOWORD(lp)), static_cast<short>(HIWORD(lp))};
      int hit = ElementModel::Get().HitTest(p);
      Log().Write("mouseDown", "\"x\":" + std::to_string(p.x) + ",\"y\":" + std::to_string(p.y) + ",\"hit\":" + std::to_string(hit));
      if (hit > 0) {
        SetFocus(hwnd);
        Apply(hit, Action::kClick, L"", p.x, "mouse");
      }
      return 0;
    }
    case WM_CHAR: {
      // Typing into the provider edit when it has the provider focus.
      Element e;
      int focused = ElementModel::Get().Focused();
      if (!ElementModel::Get().Find(focused, &e) || e.kind != Kind::kEdit || e.read_only) break;
      wchar_t c = static_cast<wchar_t>(wp);
      std::wstring value = e.value;
      if (c == L'\b') {
        if (!value.empty()) value.pop_back();
      } else if (c >= 0x20) {
        value += c;
      } else {
        break;
      }
      Apply(focused, Action::kSetValue, value, 0, "keyboard");
      return 0;
    }
    case WM_PAINT: {
      PAINTSTRUCT ps;
      HDC dc = BeginPaint(hwnd, &ps);
      PaintRegion(dc);
      EndPaint(hwnd, &ps);
      return 0;
    }
    case WM_TIMER:
      if (wp == kCommandTimer) PollCommands();
      return 0;
    case kInvokeMessage:
      if (lp == 1) SetFocus(hwnd);  // IRawElementProviderFragment::SetFocus: the window part
      else Apply(static_cast<int>(wp), Action::kInvoke, L"", 0, "pattern");
      return 0;
    case kMsgFocus: SetFocus(GetDlgItem(hwnd, static_cast<int>(wp))); return 0;
    case kMsgAddChild: AddProviderChild(); return 0;
    case kMsgRename: Rename(g_options.title + L" - renamed"); return 0;
    case kMsgHangGetObject: g_options.hang_getobject_ms = static_cast<DWORD>(wp); return 0;
    case kMsgHang: Sleep(static_cast<DWORD>(wp)); return 0;
    case kMsgExit: DestroyWindow(hwnd); return 0;
    case WM_DESTROY:
      Log().Write("destroy");
      // Documented cleanup: releases the providers UIA holds for this window.
      if (!g_options.stock_only) UiaReturnRawElementProvider(hwnd, 0, 0, nullptr);
      PostQuitMessage(0);
      return 0;
  }
  return DefWindowProcW(hwnd, msg, wp, lp);
}

bool ParseOptions() {
  int argc = 0;
  LPWSTR* argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  for (int i = 1; i < argc; ++i) {
    std::wstring a = argv[i];
    auto next = [&]() -> std::wstring { return i + 1 < argc ? argv[++i] : L""; };
    if (a == L"--log") g_options.log = next();
    else if (a == L"--tree") g_options.tree = next();
    else if (a == L"--commands") g_options.commands = next();
    else if (a == L"--title") g_options.title = next();
    else if (a == L"--stock-only") g_options.stock_only = true;
    else if (a == L"--com-threading") Settings().com_threading = true;
    else if (a == L"--hang-getobject") g_options.hang_getobject_ms = static_cast<DWORD>(_wtoi(next().c_str()));
    else return false;
  }
  LocalFree(argv);
  return true;
}

// Per-monitor-v2 DPI awareness, so BoundingRectangle and the client's SendInput coordinates are both physical
// pixels on a scaled Windows display. Looked up at run time: absent before Windows 10 1703 (and on old Wine).
void BecomeDpiAware() {
  using SetContext = BOOL(WINAPI*)(HANDLE);
  HMODULE user32 = GetModuleHandleW(L"user32.dll");
  auto set = user32 ? reinterpret_cast<SetContext>(reinterpret_cast<void*>(GetProcAddress(user32, "SetProcessDpiAwarenessContext"))) : nullptr;
  if (set) set(reinterpret_cast<HANDLE>(static_cast<INT_PTR>(-4)));  // DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2
}

}  // namespace

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE, LPWSTR, int) {
  if (!ParseOptions()) return 2;
  BecomeDpiAware();
  // The UI thread is an STA: with ProviderOptions_UseComThreading UIA calls the providers in this apartment,
  // and the thread pumps messages, as an STA must (GetMessage below).
  CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED);
  Log().Open(g_options.log);

  WNDCLASSW wc{};
  wc.lpfnWndProc = WindowProc;
  wc.hInstance = instance;
  wc.hCursor = LoadCursor(nullptr, IDC_ARROW);
  wc.hbrBackground = reinterpret_cast<HBRUSH>(COLOR_BTNFACE + 1);
  wc.lpszClassName = L"LamTestAppWindow";
  RegisterClassW(&wc);
  // The model exists before the window does: WM_GETOBJECT can arrive as soon as CreateWindow returns.
  ElementModel::Get().Build(nullptr, g_options.title);
  g_window = CreateWindowExW(0, wc.lpszClassName, g_options.title.c_str(), WS_OVERLAPPEDWINDOW, 40, 40, 740, 310,
                             nullptr, nullptr, instance, nullptr);
  if (!g_window) return 1;
  ElementModel::Get().Build(g_window, g_options.title);
  ElementModel::Get().WriteTree(g_options.stock_only ? L"" : g_options.tree);
  ShowWindow(g_window, SW_SHOW);
  UpdateWindow(g_window);
  SetForegroundWindow(g_window);
  SetTimer(g_window, kCommandTimer, 50, nullptr);
  Log().Write("ready", "\"hwnd\":" + Hex(g_window) + ",\"pid\":" + std::to_string(GetCurrentProcessId()) +
                           ",\"providers\":" + (g_options.stock_only ? "false" : "true") +
                           ",\"comThreading\":" + (Settings().com_threading ? "true" : "false") +
                           ",\"windowColour\":\"" + Rgb(GetSysColor(COLOR_WINDOW)) + "\",\"faceColour\":\"" +
                           Rgb(GetSysColor(COLOR_BTNFACE)) + "\"");

  MSG m;
  while (GetMessageW(&m, nullptr, 0, 0) > 0) {
    TranslateMessage(&m);
    DispatchMessageW(&m);
    LogFocusChange();
  }
  Log().Close();
  CoUninitialize();
  return 0;
}
