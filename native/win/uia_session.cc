#include "win/uia_session.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "core/native_error.h"
#include "win/hresult_errors.h"

namespace lam::win {

using core::ErrorCode;
using core::NativeError;

// ---------------------------------------------------------------- refs

std::string FormatElementRef(HWND top_level, const std::vector<int32_t>& runtime_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(top_level)));
  std::string ref = "uia:";
  ref += buf;
  ref += ':';
  for (size_t i = 0; i < runtime_id.size(); ++i) {
    if (i) ref += '.';
    ref += std::to_string(runtime_id[i]);
  }
  return ref;
}

std::string FormatAppRef(DWORD pid) { return "uia:pid:" + std::to_string(pid); }

namespace {

bool ParseUnsigned(const std::string& s, int base, unsigned long long* out) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s) {
    bool ok = base == 16 ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) : (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  *out = std::strtoull(s.c_str(), nullptr, base);
  return true;
}

}  // namespace

bool ParseRef(const std::string& ref, UiaRef* out) {
  if (ref.compare(0, 4, "uia:") != 0) return false;
  std::string rest = ref.substr(4);
  size_t colon = rest.find(':');
  if (colon == std::string::npos) return false;
  std::string head = rest.substr(0, colon), tail = rest.substr(colon + 1);
  unsigned long long n = 0;
  if (head == "pid") {
    if (!ParseUnsigned(tail, 10, &n) || n == 0 || n > 0xffffffffULL) return false;
    out->kind = UiaRef::Kind::App;
    out->pid = static_cast<DWORD>(n);
    out->window = nullptr;
    out->runtime_id.clear();
    return true;
  }
  if (!ParseUnsigned(head, 16, &n) || n == 0) return false;
  std::vector<int32_t> id;
  size_t start = 0;
  while (start <= tail.size()) {
    size_t dot = tail.find('.', start);
    std::string part = tail.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    // RuntimeId parts are ints; a provider may use negative ones (UiaAppendRuntimeId is 3, hashes can be < 0).
    bool negative = !part.empty() && part[0] == '-';
    unsigned long long v = 0;
    if (!ParseUnsigned(negative ? part.substr(1) : part, 10, &v) || v > 0x80000000ULL) return false;
    long long signed_v = negative ? -static_cast<long long>(v) : static_cast<long long>(v);
    if (signed_v > 0x7fffffffLL) return false;
    id.push_back(static_cast<int32_t>(signed_v));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (id.empty()) return false;
  out->kind = UiaRef::Kind::Element;
  out->pid = 0;
  out->window = reinterpret_cast<HWND>(static_cast<uintptr_t>(n));
  out->runtime_id = std::move(id);
  return true;
}

std::string Utf8(const wchar_t* text, size_t length) {
  std::string out;
  if (!length) return out;
  int n = WideCharToMultiByte(CP_UTF8, 0, text, static_cast<int>(length), nullptr, 0, nullptr, nullptr);
  if (n <= 0) return out;
  out.resize(n);
  WideCharToMultiByte(CP_UTF8, 0, text, static_cast<int>(length), &out[0], n, nullptr, nullptr);
  return out;
}

std::string ProcessImageName(DWORD pid) {
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (!process) return {};
  wchar_t path[MAX_PATH * 4];
  DWORD size = static_cast<DWORD>(sizeof path / sizeof path[0]);
  std::wstring name;
  if (QueryFullProcessImageNameW(process, 0, path, &size)) {
    std::wstring full(path, size);
    size_t slash = full.find_last_of(L"\\/");
    name = slash == std::wstring::npos ? full : full.substr(slash + 1);
  }
  CloseHandle(process);
  return Utf8(name);
}

std::vector<int32_t> RuntimeIdFromVariant(const VARIANT& v) {
  std::vector<int32_t> id;
  if (V_VT(&v) != (VT_I4 | VT_ARRAY) || !V_ARRAY(&v)) return id;
  SAFEARRAY* array = V_ARRAY(&v);
  LONG lower = 0, upper = -1;
  if (FAILED(SafeArrayGetLBound(array, 1, &lower)) || FAILED(SafeArrayGetUBound(array, 1, &upper))) return id;
  for (LONG i = lower; i <= upper; ++i) {
    LONG part = 0;
    if (FAILED(SafeArrayGetElement(array, &i, &part))) return {};
    id.push_back(static_cast<int32_t>(part));
  }
  return id;
}

// ---------------------------------------------------------------- session

namespace {
bool RunningUnderWine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll && GetProcAddress(ntdll, "wine_get_version");
}
}  // namespace

UiaSession::UiaSession() : under_wine_(RunningUnderWine()) {}
UiaSession::~UiaSession() { Stop(); }

void UiaSession::Start() {
  if (real_) return;
  // CUIAutomation8 (Windows 8+) has the IUIAutomation2+ timeouts and better provider handling; CUIAutomation
  // is what Windows 7 and older Wine builds offer.
  HRESULT hr = CoCreateInstance(CLSID_CUIAutomation8, nullptr, CLSCTX_INPROC_SERVER, IID_IUIAutomation,
                                reinterpret_cast<void**>(real_.put()));
  if (FAILED(hr))
    hr = CoCreateInstance(CLSID_CUIAutomation, nullptr, CLSCTX_INPROC_SERVER, IID_IUIAutomation,
                          reinterpret_cast<void**>(real_.put()));
  if (FAILED(hr)) throw ErrorFromHresult("start UI Automation", "CoCreateInstance(CUIAutomation)", hr);
  timeouts_ = real_.As<IUIAutomation2>(IID_IUIAutomation2);
  timeouts_unimplemented_ = false;
}

void UiaSession::Stop() {
  // Left, not released: a release is a call into the app, and stopping must not wait on a hung one. The app's
  // stubs go when this process does.
  for (auto& held : held_) held.second.detach();
  held_.clear();
  timeouts_.reset();
  double_.reset();
  double_active_ = false;
  real_.reset();
  input_.reset();
}

IUIAutomation* UiaSession::automation() {
  IUIAutomation* a = double_active_ ? double_.get() : real_.get();
  if (!a) throw NativeError(ErrorCode::Internal, "UI Automation (lam-bridge): the client is not started");
  return a;
}

void UiaSession::ApplyTimeouts(const core::Deadline& deadline) {
  if (deadline.cancelled() || deadline.expired())
    throw NativeError(ErrorCode::Timeout, "UI Automation (lam-bridge): out of time before the next call");
  if (!timeouts_ || timeouts_unimplemented_) return;
  // ConnectionTimeout bounds reaching the provider, TransactionTimeout one whole call; both cap the call
  // at what the job has left. Wine 10 stubs both (E_NOTIMPL): there the service's supervisor is the only
  // bound on a hung provider, so the answer is remembered and they are not asked again.
  DWORD ms = static_cast<DWORD>(std::max(1, deadline.remaining_ms()));
  HRESULT hr = timeouts_->put_ConnectionTimeout(ms);
  if (hr == E_NOTIMPL) {
    timeouts_unimplemented_ = true;
    return;
  }
  timeouts_->put_TransactionTimeout(ms);
}

void UiaSession::ReplaceAutomationForTests(IUIAutomation* automation) {
  double_.reset();
  if (automation) {
    automation->AddRef();
    double_ = ComPtr<IUIAutomation>(automation);
  }
  double_active_ = automation != nullptr;
  IUIAutomation* active = double_active_ ? double_.get() : real_.get();
  timeouts_.reset();
  if (active) {
    ComPtr<IUIAutomation> holder(active);
    active->AddRef();
    timeouts_ = holder.As<IUIAutomation2>(IID_IUIAutomation2);
  }
  timeouts_unimplemented_ = false;
}

void UiaSession::ReplaceInputForTests(std::unique_ptr<InputSink> sink) { input_.reset(sink.release()); }

bool UiaSession::ProcessAlive(DWORD pid) {
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (!process) return GetLastError() == ERROR_ACCESS_DENIED;  // exists, but not ours to open
  DWORD code = 0;
  bool alive = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
  CloseHandle(process);
  return alive;
}

namespace {
std::mutex window_pids_mutex;
std::vector<std::pair<HWND, DWORD>>& WindowPids() {
  static auto* pids = new std::vector<std::pair<HWND, DWORD>>();  // never destroyed: read by threads at exit
  return *pids;
}
}  // namespace

void UiaSession::RememberWindow(HWND window, DWORD pid) {
  std::lock_guard<std::mutex> lock(window_pids_mutex);
  auto& pids = WindowPids();
  for (auto& entry : pids) {
    if (entry.first == window) {
      entry.second = pid;
      return;
    }
  }
  // Bounded: a long session sees many windows come and go; the oldest are forgotten first.
  if (pids.size() >= 4096) pids.erase(pids.begin(), pids.begin() + 1024);
  pids.emplace_back(window, pid);
}

void UiaSession::HoldWindowUnderWine(HWND window, const ComPtr<IUIAutomationElement>& element) {
  if (!under_wine_ || double_active_ || !window || !element) return;
  for (const auto& held : held_)
    if (held.first == window) return;
  // Closed windows' elements go first (their release is answered by a live app, or fails at once for a dead
  // one); then, at the bound, the oldest.
  held_.erase(std::remove_if(held_.begin(), held_.end(), [](const auto& held) { return !IsWindow(held.first); }),
              held_.end());
  if (held_.size() >= 64) held_.erase(held_.begin());
  held_.emplace_back(window, element);
}

DWORD UiaSession::RememberedPid(HWND window) {
  std::lock_guard<std::mutex> lock(window_pids_mutex);
  for (const auto& entry : WindowPids())
    if (entry.first == window) return entry.second;
  return 0;
}

// ---------------------------------------------------------------- element lookups

namespace {

// Ex forms throughout: Wine 10 implements GetCurrentPropertyValueEx and leaves the plain getters E_NOTIMPL.
std::vector<int32_t> CurrentRuntimeId(IUIAutomationElement* element) {
  VARIANT v;
  VariantInit(&v);
  std::vector<int32_t> id;
  if (SUCCEEDED(element->GetCurrentPropertyValueEx(UIA_RuntimeIdPropertyId, TRUE, &v))) id = RuntimeIdFromVariant(v);
  VariantClear(&v);
  return id;
}

HWND CurrentHwnd(IUIAutomationElement* element, bool cached) {
  VARIANT v;
  VariantInit(&v);
  HRESULT hr = cached ? element->GetCachedPropertyValueEx(UIA_NativeWindowHandlePropertyId, TRUE, &v)
                      : element->GetCurrentPropertyValueEx(UIA_NativeWindowHandlePropertyId, TRUE, &v);
  HWND hwnd = nullptr;
  if (SUCCEEDED(hr) && V_VT(&v) == VT_I4) hwnd = reinterpret_cast<HWND>(static_cast<intptr_t>(V_I4(&v)));
  VariantClear(&v);
  return hwnd;
}

struct ChildWindows {
  std::vector<HWND> list;
  static BOOL CALLBACK Add(HWND hwnd, LPARAM param) {
    reinterpret_cast<ChildWindows*>(param)->list.push_back(hwnd);
    return TRUE;
  }
};

}  // namespace

ComPtr<IUIAutomationElement> UiaSession::Resolve(const std::string& ref, const core::Deadline& deadline,
                                                 HWND* top_level) {
  UiaRef parsed;
  if (!ParseRef(ref, &parsed))
    throw NativeError(ErrorCode::InvalidArgument, "resolve ref (lam-bridge): '" + ref + "' is not a uia element ref" +
                          kRefForms);
  if (parsed.kind == UiaRef::Kind::App)
    throw NativeError(ErrorCode::InvalidArgument,
                      "resolve ref (lam-bridge): '" + ref + "' names an application, not an element");
  if (top_level) *top_level = parsed.window;
  DWORD pid = RememberedPid(parsed.window);
  if (!IsWindow(parsed.window)) {
    if (pid && !ProcessAlive(pid))
      throw NativeError(ErrorCode::AppNotRunning, "resolve ref (IsWindow): the window's process " +
                                                      std::to_string(pid) + " has exited (" + ref + ")");
    throw NativeError(ErrorCode::ElementStale, "resolve ref (IsWindow): the element's window is gone (" + ref + ")");
  }
  if (!pid) {
    DWORD owner = 0;
    GetWindowThreadProcessId(parsed.window, &owner);
    if (owner) RememberWindow(parsed.window, pid = owner);
  }
  HresultContext context{pid, false, &deadline};
  IUIAutomation* uia = automation();

  ApplyTimeouts(deadline);
  ComPtr<IUIAutomationElement> window;
  HRESULT hr = uia->ElementFromHandle(parsed.window, window.put());
  if (FAILED(hr) || !window) throw ErrorFromHresult("resolve ref", "IUIAutomation::ElementFromHandle", hr, context);
  HoldWindowUnderWine(parsed.window, window);
  if (CurrentRuntimeId(window.get()) == parsed.runtime_id) return window;

  // Windows: one FindFirst for the RuntimeId. Wine 10 refuses property conditions on int-array properties
  // (E_NOTIMPL / E_INVALIDARG); the walker search below is then the way.
  {
    VARIANT id;
    VariantInit(&id);
    SAFEARRAY* array = SafeArrayCreateVector(VT_I4, 0, static_cast<ULONG>(parsed.runtime_id.size()));
    if (array) {
      for (LONG i = 0; i < static_cast<LONG>(parsed.runtime_id.size()); ++i) {
        LONG part = parsed.runtime_id[i];
        SafeArrayPutElement(array, &i, &part);
      }
      V_VT(&id) = VT_I4 | VT_ARRAY;
      V_ARRAY(&id) = array;
      ComPtr<IUIAutomationCondition> condition;
      if (SUCCEEDED(uia->CreatePropertyCondition(UIA_RuntimeIdPropertyId, id, condition.put())) && condition) {
        ApplyTimeouts(deadline);
        ComPtr<IUIAutomationElement> found;
        hr = window->FindFirst(TreeScope_Descendants, condition.get(), found.put());
        if (SUCCEEDED(hr) && found) {
          VariantClear(&id);
          return found;
        }
        if (IsDisconnected(hr)) {
          VariantClear(&id);
          throw ErrorFromHresult("resolve ref", "IUIAutomationElement::FindFirst", hr, context);
        }
        // S_OK with nothing found on Windows means the element is gone; but a provider that cannot match
        // the condition says the same, so the walker has the last word either way.
      }
    }
    VariantClear(&id);
  }

  // The walker search: every element under the window (TrueCondition walker, the one Wine implements),
  // then every child HWND's own element (stock controls, whose window element lists no children).
  ComPtr<IUIAutomationCondition> all;
  ComPtr<IUIAutomationTreeWalker> walker;
  if (SUCCEEDED(uia->CreateTrueCondition(all.put())) && SUCCEEDED(uia->CreateTreeWalker(all.get(), walker.put()))) {
    std::vector<ComPtr<IUIAutomationElement>> stack;
    stack.push_back(window);
    int visited = 0;
    while (!stack.empty() && visited < 20000) {
      ComPtr<IUIAutomationElement> e = stack.back();
      stack.pop_back();
      ++visited;
      if (visited > 1 && CurrentRuntimeId(e.get()) == parsed.runtime_id) return e;
      ApplyTimeouts(deadline);
      ComPtr<IUIAutomationElement> child;
      if (FAILED(walker->GetFirstChildElement(e.get(), child.put()))) continue;
      while (child) {
        stack.push_back(child);
        ComPtr<IUIAutomationElement> next;
        if (FAILED(walker->GetNextSiblingElement(child.get(), next.put()))) break;
        child = next;
      }
    }
  }
  ChildWindows children;
  EnumChildWindows(parsed.window, &ChildWindows::Add, reinterpret_cast<LPARAM>(&children));
  for (HWND hwnd : children.list) {
    ApplyTimeouts(deadline);
    ComPtr<IUIAutomationElement> e;
    if (SUCCEEDED(uia->ElementFromHandle(hwnd, e.put())) && e && CurrentRuntimeId(e.get()) == parsed.runtime_id)
      return e;
  }
  throw NativeError(ErrorCode::ElementStale,
                    "resolve ref (IUIAutomationTreeWalker): no element with that RuntimeId in its window (" + ref + ")");
}

std::string UiaSession::RefOf(IUIAutomationElement* element, HWND top_level, bool cached) {
  VARIANT v;
  VariantInit(&v);
  HRESULT hr = cached ? element->GetCachedPropertyValueEx(UIA_RuntimeIdPropertyId, TRUE, &v)
                      : element->GetCurrentPropertyValueEx(UIA_RuntimeIdPropertyId, TRUE, &v);
  std::vector<int32_t> id = SUCCEEDED(hr) ? RuntimeIdFromVariant(v) : std::vector<int32_t>{};
  VariantClear(&v);
  if (!top_level) {
    HWND own = CurrentHwnd(element, cached);
    if (own) top_level = GetAncestor(own, GA_ROOT);
  }
  return FormatElementRef(top_level, id);
}

}  // namespace lam::win
