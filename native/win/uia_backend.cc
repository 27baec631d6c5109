// The UI Automation backend (core::Backend for Windows): applications and windows from the window manager's
// list (EnumWindows) with UIA for what only it knows, snapshots through uia_tree.h, captures through GDI.
// Everything runs on the platform service's thread, inside the MTA (com_apartment.h), with one IUIAutomation
// (uia_session.h) for the thread's life.
//
// perform / input / wait_for_event are uia_actions.h, send_input.h and uia_events.h.
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "core/backend.h"
#include "core/json_writer.h"
#include "core/native_error.h"
#include "win/com_apartment.h"
#include "win/gdi_capture.h"
#include "win/hresult_errors.h"
#include "win/msaa.h"
#include "win/send_input.h"
#include "win/uia_actions.h"
#include "win/uia_events.h"
#include "win/uia_session.h"
#include "win/uia_tree.h"

namespace lam::win {

using core::Deadline;
using core::ErrorCode;
using core::JsonWriter;
using core::NativeError;

namespace {

constexpr int kControlTypeWindow = 50032;

// Physical pixels everywhere (rects, captures, input): the service thread is per-monitor-v2 DPI aware.
// Looked up at run time: SetThreadDpiAwarenessContext is Windows 10 1607+ (and Wine 10 has it).
void BecomeDpiAware() {
  using SetContext = DPI_AWARENESS_CONTEXT(WINAPI*)(DPI_AWARENESS_CONTEXT);
  HMODULE user32 = GetModuleHandleW(L"user32.dll");
  auto set = user32 ? reinterpret_cast<SetContext>(
                          reinterpret_cast<void*>(GetProcAddress(user32, "SetThreadDpiAwarenessContext")))
                    : nullptr;
  if (set) set(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2);
}

std::string WindowTitle(HWND hwnd) {
  // InternalGetWindowText reads the stored caption without sending WM_GETTEXT, so a hung app cannot block us.
  wchar_t buffer[512];
  int n = InternalGetWindowText(hwnd, buffer, 512);
  return Utf8(buffer, n > 0 ? static_cast<size_t>(n) : 0);
}

std::string WindowClass(HWND hwnd) {
  wchar_t buffer[256];
  int n = GetClassNameW(hwnd, buffer, 256);
  return Utf8(buffer, n > 0 ? static_cast<size_t>(n) : 0);
}

bool Responding(HWND hwnd) {
  if (IsHungAppWindow(hwnd)) return false;
  DWORD_PTR result = 0;
  return SendMessageTimeoutW(hwnd, WM_NULL, 0, 0, SMTO_ABORTIFHUNG | SMTO_BLOCK, 250, &result) != 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NativeError(ErrorCode::InvalidArgument, "test hook (lam-bridge): cannot read '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::wstring Wide(const std::string& s) {
  std::wstring out;
  if (s.empty()) return out;
  int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  out.resize(n > 0 ? n : 0);
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), &out[0], n);
  return out;
}

class UiaBackend : public core::Backend {
 public:
  void start() override {
    BecomeDpiAware();
    apartment_.emplace();
    session_.Start();
  }

  void stop() override {
    session_.Stop();
    // The double's objects are all released by now; its DLL may go.
    if (double_dll_) {
      FreeLibrary(double_dll_);
      double_dll_ = nullptr;
    }
    apartment_.reset();
  }

  std::string applications(const Deadline& deadline) override {
    struct App {
      DWORD pid;
      HWND first;
    };
    std::vector<App> apps;
    for (HWND hwnd : VisibleTopLevelWindows(0)) {
      DWORD pid = 0;
      GetWindowThreadProcessId(hwnd, &pid);
      if (!pid || pid == GetCurrentProcessId()) continue;
      session_.RememberWindow(hwnd, pid);
      bool seen = false;
      for (const App& a : apps) seen = seen || a.pid == pid;
      if (!seen) apps.push_back({pid, hwnd});
    }
    JsonWriter w;
    w.begin_array();
    for (const App& a : apps) {
      w.begin_object();
      w.key("platform").value("uia");
      w.key("ref").value(FormatAppRef(a.pid));
      w.key("name").value(ProcessImageName(a.pid));
      w.key("pid").value(static_cast<int64_t>(a.pid));
      w.key("toolkit");
      std::string framework = WindowFramework(a.first, deadline);
      if (framework.empty()) w.null(); else w.value(framework);
      w.key("responding").value(Responding(a.first));
      w.end_object();
    }
    w.end_array();
    return w.take();
  }

  std::string windows(const Deadline& deadline) override {
    HWND foreground = GetForegroundWindow();
    JsonWriter w;
    w.begin_array();
    for (HWND hwnd : VisibleTopLevelWindows(0)) {
      DWORD pid = 0;
      GetWindowThreadProcessId(hwnd, &pid);
      if (!pid || pid == GetCurrentProcessId()) continue;
      session_.RememberWindow(hwnd, pid);
      std::vector<int32_t> runtime_id;
      int control_type = kControlTypeWindow;
      ReadWindowElement(hwnd, deadline, &runtime_id, &control_type);
      RECT r{0, 0, 0, 0};
      bool has_rect = GetWindowRect(hwnd, &r) != 0;
      w.begin_object();
      w.key("platform").value("uia");
      w.key("ref").value(FormatElementRef(hwnd, runtime_id));
      w.key("appRef").value(FormatAppRef(pid));
      w.key("app").value(ProcessImageName(pid));
      w.key("pid").value(static_cast<int64_t>(pid));
      w.key("title").value(WindowTitle(hwnd));
      w.key("controlType").value(control_type);
      w.key("className").value(WindowClass(hwnd));
      w.key("hwnd").value(static_cast<int64_t>(reinterpret_cast<uintptr_t>(hwnd)));
      w.key("rect");
      if (has_rect)
        w.begin_array().value(static_cast<int>(r.left)).value(static_cast<int>(r.top)).value(static_cast<int>(r.right - r.left)).value(static_cast<int>(r.bottom - r.top)).end_array();
      else
        w.null();
      w.key("focused").value(hwnd == foreground);
      w.key("minimized").value(IsIconic(hwnd) != 0);
      w.key("enabled").value(IsWindowEnabled(hwnd) != 0);
      w.end_object();
    }
    w.end_array();
    return w.take();
  }

  std::string snapshot(const core::SnapshotRequest& request, const Deadline& deadline) override {
    return ReadUiaTree(session_, request, deadline);
  }

  std::string perform(const core::IntentRequest& request, const Deadline& deadline) override {
    return PerformIntent(session_, request, deadline);
  }
  std::string input(const core::InputRequest& request, const Deadline& deadline) override {
    return SendInputEvents(request, session_, deadline);
  }
  std::string wait_for_event(const std::string& ref, const Deadline& deadline) override {
    return WaitForEvent(session_, ref, deadline);
  }

  core::BinaryResult capture(const core::CaptureRequest& request, const Deadline& deadline) override {
    return CaptureScreenGdi(request, deadline);
  }

  std::string test_hook(const std::string& name, const Deadline& deadline) override {
    const std::string double_prefix = "uia-double:";
    const std::string resolve_prefix = "uia-resolve:";
    if (name.compare(0, double_prefix.size(), double_prefix) == 0) return UseDouble(name.substr(double_prefix.size()));
    if (name == "uia-real") {
      session_.ReplaceAutomationForTests(nullptr);
      session_.ReplaceInputForTests(nullptr);
      return "{\"ok\":true,\"automation\":\"real\"}";
    }
    if (name.compare(0, resolve_prefix.size(), resolve_prefix) == 0) {
      // Resolve a ref and report the ref of what was found (the RuntimeId read again): the refs tests'
      // way to call Resolve without an action.
      HWND top = nullptr;
      ComPtr<IUIAutomationElement> e = session_.Resolve(name.substr(resolve_prefix.size()), deadline, &top);
      JsonWriter w;
      w.begin_object().key("ok").value(true).key("ref").value(session_.RefOf(e.get(), top, false)).end_object();
      return w.take();
    }
    const std::string prop_prefix = "uia-prop:";
    if (name.compare(0, prop_prefix.size(), prop_prefix) == 0) {
      // "<ref>|<property id>|<ignoreDefault 0/1>": one GetCurrentPropertyValueEx, for probing what a client
      // answers (Wine's pattern properties).
      std::string spec = name.substr(prop_prefix.size());
      size_t a = spec.find('|'), b = spec.rfind('|');
      if (a == std::string::npos || b == a) throw NativeError(ErrorCode::InvalidArgument, "test hook (lam-bridge): uia-prop:<ref>|<id>|<0|1>");
      ComPtr<IUIAutomationElement> e = session_.Resolve(spec.substr(0, a), deadline);
      VARIANT v;
      VariantInit(&v);
      session_.ApplyTimeouts(deadline);
      HRESULT hr = e->GetCurrentPropertyValueEx(std::stoi(spec.substr(a + 1, b - a - 1)), spec.substr(b + 1) == "1", &v);
      JsonWriter w;
      w.begin_object().key("hr").value(HresultHex(hr)).key("vt").value(static_cast<int>(V_VT(&v)));
      if (V_VT(&v) == VT_I4) w.key("i4").value(static_cast<int>(V_I4(&v)));
      if (V_VT(&v) == VT_BOOL) w.key("bool").value(V_BOOL(&v) != VARIANT_FALSE);
      if (V_VT(&v) == VT_BSTR) w.key("bstr").value(Utf8(V_BSTR(&v)));
      if (V_VT(&v) == VT_R8) w.key("r8").value(V_R8(&v));
      w.end_object();
      VariantClear(&v);
      return w.take();
    }
    const std::string msaa_prefix = "msaa-tree:";
    if (name.compare(0, msaa_prefix.size(), msaa_prefix) == 0) {
      // ReadMsaaTree on one HWND (decimal), for the tests of what IAccessible reports.
      HWND hwnd = reinterpret_cast<HWND>(static_cast<uintptr_t>(std::stoull(name.substr(msaa_prefix.size()))));
      JsonWriter w;
      w.begin_array();
      for (const MsaaNode& n : ReadMsaaTree(hwnd, 200, deadline)) {
        w.begin_object();
        w.key("parent").value(n.parent);
        w.key("childId").value(static_cast<int64_t>(n.child_id));
        w.key("name").value(Utf8(n.name));
        w.key("value").value(Utf8(n.value));
        w.key("role").value(static_cast<int64_t>(n.role));
        w.key("state").value(static_cast<int64_t>(n.state));
        w.key("hwnd").value(static_cast<int64_t>(reinterpret_cast<uintptr_t>(n.hwnd)));
        w.end_object();
      }
      w.end_array();
      return w.take();
    }
    return core::Backend::test_hook(name, deadline);
  }

 private:
  // The window element's RuntimeId and ControlType (Ex reads: Wine 10 has only those). Without an answer the
  // HWND provider's documented RuntimeId form stands: UiaAppendRuntimeId-less [42, hwnd].
  void ReadWindowElement(HWND hwnd, const Deadline& deadline, std::vector<int32_t>* runtime_id, int* control_type) {
    ComPtr<IUIAutomationElement> e;
    session_.ApplyTimeouts(deadline);
    if (SUCCEEDED(session_.automation()->ElementFromHandle(hwnd, e.put())) && e) {
      session_.HoldWindowUnderWine(hwnd, e);
      VARIANT v;
      VariantInit(&v);
      session_.ApplyTimeouts(deadline);
      if (SUCCEEDED(e->GetCurrentPropertyValueEx(UIA_RuntimeIdPropertyId, TRUE, &v))) *runtime_id = RuntimeIdFromVariant(v);
      VariantClear(&v);
      session_.ApplyTimeouts(deadline);
      if (SUCCEEDED(e->GetCurrentPropertyValueEx(UIA_ControlTypePropertyId, TRUE, &v)) && V_VT(&v) == VT_I4)
        *control_type = V_I4(&v);
      VariantClear(&v);
    }
    if (runtime_id->empty())
      *runtime_id = {42, static_cast<int32_t>(reinterpret_cast<uintptr_t>(hwnd))};
  }

  std::string WindowFramework(HWND hwnd, const Deadline& deadline) {
    ComPtr<IUIAutomationElement> e;
    session_.ApplyTimeouts(deadline);
    if (FAILED(session_.automation()->ElementFromHandle(hwnd, e.put())) || !e) return {};
    VARIANT v;
    VariantInit(&v);
    std::string framework;
    session_.ApplyTimeouts(deadline);
    if (SUCCEEDED(e->GetCurrentPropertyValueEx(UIA_FrameworkIdPropertyId, TRUE, &v)) && V_VT(&v) == VT_BSTR)
      framework = Utf8(V_BSTR(&v));
    VariantClear(&v);
    return framework;
  }

  // "<dll path>|<scenario json path>": the double DLL's LamUiaDoubleCreate(scenario JSON text) makes the
  // IUIAutomation the session then uses.
  std::string UseDouble(const std::string& spec) {
    size_t bar = spec.find('|');
    if (bar == std::string::npos)
      throw NativeError(ErrorCode::InvalidArgument, "test hook (lam-bridge): uia-double:<dll path>|<scenario json path>");
    std::string dll = spec.substr(0, bar);
    std::string scenario = ReadFile(spec.substr(bar + 1));
    if (!double_dll_) double_dll_ = LoadLibraryW(Wide(dll).c_str());
    if (!double_dll_)
      throw NativeError(ErrorCode::InvalidArgument, "test hook (LoadLibraryW): cannot load '" + dll + "' (error " +
                                                        std::to_string(GetLastError()) + ")");
    using Create = HRESULT(__cdecl*)(const char*, IUIAutomation**);
    auto create = reinterpret_cast<Create>(reinterpret_cast<void*>(GetProcAddress(double_dll_, "LamUiaDoubleCreate")));
    if (!create) throw NativeError(ErrorCode::InvalidArgument, "test hook (GetProcAddress): no LamUiaDoubleCreate in '" + dll + "'");
    ComPtr<IUIAutomation> automation;
    HRESULT hr = create(scenario.c_str(), automation.put());
    if (FAILED(hr) || !automation) throw ErrorFromHresult("test hook", "LamUiaDoubleCreate", FAILED(hr) ? hr : E_POINTER);
    session_.ReplaceAutomationForTests(automation.get());
    // The double's SendInput recorder, when it has one (agreed with the double helper): made with new in the
    // DLL, deleted through its virtual destructor (so by the DLL's own code).
    using MakeSink = InputSink*(__cdecl*)();
    auto make_sink =
        reinterpret_cast<MakeSink>(reinterpret_cast<void*>(GetProcAddress(double_dll_, "LamUiaDoubleInputSink")));
    bool recorder = false;
    if (make_sink) {
      if (InputSink* sink = make_sink()) {
        session_.ReplaceInputForTests(std::unique_ptr<InputSink>(sink));
        recorder = true;
      }
    }
    return std::string("{\"ok\":true,\"automation\":\"double\",\"inputRecorder\":") + (recorder ? "true" : "false") + "}";
  }

  std::optional<ComApartment> apartment_;
  UiaSession session_;
  HMODULE double_dll_ = nullptr;
};

}  // namespace
}  // namespace lam::win

std::unique_ptr<lam::core::Backend> lam::core::CreatePlatformBackend() {
  return std::make_unique<lam::win::UiaBackend>();
}

const char* lam::core::PlatformName() { return "uia"; }
