#include "win/uia_events.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/json_writer.h"
#include "core/native_error.h"
#include "win/hresult_errors.h"
#include "win/uia_tree.h"

namespace lam::win {
namespace {

using core::ErrorCode;
using core::NativeError;

constexpr int kWaitSliceMs = 25;

// The automation events a change in an app raises (UIAutomationClient.h's UIA_*EventId), the ones registered on
// its window's subtree. Window_WindowOpened is registered on the desktop instead (a new top-level window is not
// in the old one's subtree).
struct NamedEvent {
  EVENTID id;
  const char* name;
};
constexpr NamedEvent kEvents[] = {
    {UIA_Invoke_InvokedEventId, "Invoke_Invoked"},
    {UIA_SelectionItem_ElementSelectedEventId, "SelectionItem_ElementSelected"},
    {UIA_SelectionItem_ElementAddedToSelectionEventId, "SelectionItem_ElementAddedToSelection"},
    {UIA_SelectionItem_ElementRemovedFromSelectionEventId, "SelectionItem_ElementRemovedFromSelection"},
    {UIA_Selection_InvalidatedEventId, "Selection_Invalidated"},
    {UIA_Window_WindowClosedEventId, "Window_WindowClosed"},
    {UIA_Text_TextChangedEventId, "Text_TextChanged"},
    {UIA_Text_TextSelectionChangedEventId, "Text_TextSelectionChanged"},
    {UIA_MenuOpenedEventId, "MenuOpened"},
    {UIA_MenuClosedEventId, "MenuClosed"},
    {UIA_LayoutInvalidatedEventId, "LayoutInvalidated"},
    {UIA_AsyncContentLoadedEventId, "AsyncContentLoaded"},
};

// What an action changes, as properties (UIA_*PropertyId).
constexpr PROPERTYID kProperties[] = {
    UIA_NamePropertyId,
    UIA_ValueValuePropertyId,
    UIA_RangeValueValuePropertyId,
    UIA_ToggleToggleStatePropertyId,
    UIA_ExpandCollapseExpandCollapseStatePropertyId,
    UIA_SelectionItemIsSelectedPropertyId,
    UIA_IsEnabledPropertyId,
    UIA_IsOffscreenPropertyId,
};

DWORD SenderPid(IUIAutomationElement* sender) {
  // Cached with the handler's cache request on Windows; where the cached read fails (Wine), the current one.
  for (bool cached : {true, false}) {
    VARIANT v;
    VariantInit(&v);
    HRESULT hr = cached ? sender->GetCachedPropertyValueEx(UIA_ProcessIdPropertyId, TRUE, &v)
                        : sender->GetCurrentPropertyValueEx(UIA_ProcessIdPropertyId, TRUE, &v);
    const DWORD pid = SUCCEEDED(hr) && V_VT(&v) == VT_I4 ? static_cast<DWORD>(V_I4(&v)) : 0;
    VariantClear(&v);
    if (pid) return pid;
  }
  return 0;
}

// One object for every handler interface, called on UIA's threads: it keeps the first event's name and wakes the
// service thread. Focus changes and new windows come from the whole desktop, so those are kept only for the pid.
class EventCatcher : public IUIAutomationEventHandler,
                     public IUIAutomationFocusChangedEventHandler,
                     public IUIAutomationPropertyChangedEventHandler,
                     public IUIAutomationStructureChangedEventHandler {
 public:
  explicit EventCatcher(DWORD pid) : pid_(pid) {}
  virtual ~EventCatcher() = default;

  STDMETHODIMP QueryInterface(REFIID iid, void** out) override {
    if (!out) return E_POINTER;
    *out = nullptr;
    if (iid == IID_IUnknown || iid == IID_IUIAutomationEventHandler) *out = static_cast<IUIAutomationEventHandler*>(this);
    else if (iid == IID_IUIAutomationFocusChangedEventHandler) *out = static_cast<IUIAutomationFocusChangedEventHandler*>(this);
    else if (iid == IID_IUIAutomationPropertyChangedEventHandler) *out = static_cast<IUIAutomationPropertyChangedEventHandler*>(this);
    else if (iid == IID_IUIAutomationStructureChangedEventHandler) *out = static_cast<IUIAutomationStructureChangedEventHandler*>(this);
    else return E_NOINTERFACE;
    AddRef();
    return S_OK;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return static_cast<ULONG>(InterlockedIncrement(&refs_)); }
  STDMETHODIMP_(ULONG) Release() override {
    const LONG left = InterlockedDecrement(&refs_);
    if (!left) delete this;
    return static_cast<ULONG>(left);
  }

  STDMETHODIMP HandleAutomationEvent(IUIAutomationElement* sender, EVENTID id) override {
    // Window_WindowOpened is registered on the desktop: only this app's windows count.
    if (id == UIA_Window_WindowOpenedEventId && (!sender || SenderPid(sender) != pid_)) return S_OK;
    Record(AutomationEventName(id));
    return S_OK;
  }
  STDMETHODIMP HandleFocusChangedEvent(IUIAutomationElement* sender) override {
    if (sender && SenderPid(sender) == pid_) Record("AutomationFocusChanged");
    return S_OK;
  }
  STDMETHODIMP HandlePropertyChangedEvent(IUIAutomationElement*, PROPERTYID id, VARIANT) override {
    Record("AutomationPropertyChanged:" + std::to_string(id));
    return S_OK;
  }
  STDMETHODIMP HandleStructureChangedEvent(IUIAutomationElement*, StructureChangeType, SAFEARRAY*) override {
    Record("StructureChanged");
    return S_OK;
  }

  // The first event's name, or "" when none came before `deadline` (in slices, so cancellation is seen).
  std::string Wait(const core::Deadline& deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (first_.empty()) {
      if (deadline.cancelled())
        throw NativeError(ErrorCode::Internal, "wait for event (UIA): cancelled (the environment is shutting down)");
      const int left = deadline.remaining_ms();
      if (left <= 0) break;
      arrived_.wait_for(lock, std::chrono::milliseconds(left < kWaitSliceMs ? left : kWaitSliceMs));
    }
    return first_;
  }

 private:
  void Record(const std::string& name) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!first_.empty()) return;
      first_ = name;
    }
    arrived_.notify_all();
  }

  LONG refs_ = 1;
  const DWORD pid_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::string first_;
};

// What was registered, removed in the destructor on the same (service) thread, on every path. A Remove* call
// waits for handler calls in flight to finish; the handler takes only its own short lock, so that cannot deadlock.
class Registrations {
 public:
  Registrations(IUIAutomation* uia, EventCatcher* catcher) : uia_(uia), catcher_(catcher) {}
  ~Registrations() {
    for (const auto& e : automation_) uia_->RemoveAutomationEventHandler(e.first, e.second.get(), catcher_);
    if (focus_) uia_->RemoveFocusChangedEventHandler(catcher_);
    if (property_) uia_->RemovePropertyChangedEventHandler(property_.get(), catcher_);
    if (structure_) uia_->RemoveStructureChangedEventHandler(structure_.get(), catcher_);
  }
  Registrations(const Registrations&) = delete;
  Registrations& operator=(const Registrations&) = delete;

  // Each returns the HRESULT; a failure other than "not implemented" (Wine 10 stubs property and structure
  // handlers) is for the caller to judge.
  HRESULT Automation(EVENTID id, const ComPtr<IUIAutomationElement>& on, TreeScope scope, IUIAutomationCacheRequest* cache) {
    HRESULT hr = uia_->AddAutomationEventHandler(id, on.get(), scope, cache, catcher_);
    if (SUCCEEDED(hr)) automation_.emplace_back(id, on);
    return hr;
  }
  HRESULT Focus(IUIAutomationCacheRequest* cache) {
    HRESULT hr = uia_->AddFocusChangedEventHandler(cache, catcher_);
    focus_ = SUCCEEDED(hr);
    return hr;
  }
  HRESULT Property(const ComPtr<IUIAutomationElement>& on) {
    HRESULT hr = uia_->AddPropertyChangedEventHandlerNativeArray(
        on.get(), TreeScope_Subtree, nullptr, catcher_, const_cast<PROPERTYID*>(kProperties),
        static_cast<int>(sizeof(kProperties) / sizeof(kProperties[0])));
    if (SUCCEEDED(hr)) property_ = on;
    return hr;
  }
  HRESULT Structure(const ComPtr<IUIAutomationElement>& on) {
    HRESULT hr = uia_->AddStructureChangedEventHandler(on.get(), TreeScope_Subtree, nullptr, catcher_);
    if (SUCCEEDED(hr)) structure_ = on;
    return hr;
  }
  bool any() const { return !automation_.empty() || focus_ || property_ || structure_; }

 private:
  IUIAutomation* uia_;
  EventCatcher* catcher_;
  std::vector<std::pair<EVENTID, ComPtr<IUIAutomationElement>>> automation_;
  bool focus_ = false;
  ComPtr<IUIAutomationElement> property_, structure_;
};

// The window whose events count: an element ref's top-level window, an app ref's topmost visible one.
HWND WindowOf(UiaSession& session, const std::string& ref, DWORD* pid) {
  UiaRef parsed;
  if (!ParseRef(ref, &parsed))
    throw NativeError(ErrorCode::InvalidArgument, "wait for event (lam-bridge): '" + ref + "' is not a uia ref" +
                          kRefForms);
  if (parsed.kind == UiaRef::Kind::App) {
    if (!UiaSession::ProcessAlive(parsed.pid))
      throw NativeError(ErrorCode::AppNotRunning, "wait for event (lam-bridge): process " + std::to_string(parsed.pid) + " is not running");
    *pid = parsed.pid;
    std::vector<HWND> windows = VisibleTopLevelWindows(parsed.pid);
    return windows.empty() ? nullptr : windows.front();
  }
  *pid = session.RememberedPid(parsed.window);
  if (!IsWindow(parsed.window)) {
    if (*pid && !UiaSession::ProcessAlive(*pid))
      throw NativeError(ErrorCode::AppNotRunning, "wait for event (IsWindow): the window's process " + std::to_string(*pid) + " has exited (" + ref + ")");
    throw NativeError(ErrorCode::ElementStale, "wait for event (IsWindow): the window is gone (" + ref + ")");
  }
  if (!*pid) GetWindowThreadProcessId(parsed.window, pid);
  return parsed.window;
}

}  // namespace

std::string AutomationEventName(EVENTID id) {
  if (id == UIA_Window_WindowOpenedEventId) return "Window_WindowOpened";
  if (id == UIA_AutomationFocusChangedEventId) return "AutomationFocusChanged";
  for (const NamedEvent& e : kEvents)
    if (e.id == id) return e.name;
  return "Event:" + std::to_string(id);
}

// Why the handlers live only for one call, although registering costs round trips to the providers on Windows:
// a handler that outlived the call would outlive what it belongs to: the client the test hooks swap
// (ReplaceAutomationForTests), the session at stop(), a service thread that is retired (its handlers could then
// never be removed on their own thread, which Microsoft requires). An event raised before the wait began is
// therefore not seen; the wait is always bounded and the caller re-reads the state after it either way.
std::string WaitForEvent(UiaSession& session, const std::string& ref, const core::Deadline& deadline) {
  DWORD pid = 0;
  HWND window = WindowOf(session, ref, &pid);
  IUIAutomation* uia = session.automation();
  HresultContext context{pid, false, &deadline};

  ComPtr<EventCatcher> catcher(new EventCatcher(pid));
  // The sender's ProcessId arrives with each focus / window event, so the filter costs no call into the provider.
  ComPtr<IUIAutomationCacheRequest> cache;
  if (SUCCEEDED(uia->CreateCacheRequest(cache.put())) && cache) cache->AddProperty(UIA_ProcessIdPropertyId);

  session.ApplyTimeouts(deadline);
  ComPtr<IUIAutomationElement> root, element;
  uia->GetRootElement(root.put());
  if (window) {
    HRESULT hr = uia->ElementFromHandle(window, element.put());
    if (FAILED(hr) || !element) throw ErrorFromHresult("wait for event", "IUIAutomation::ElementFromHandle", hr, context);
  }

  std::string refused;
  auto note = [&](const char* what, HRESULT hr) {
    if (FAILED(hr) && IsDisconnected(hr)) throw ErrorFromHresult("wait for event", what, hr, context);
    if (FAILED(hr) && !IsNotImplemented(hr)) refused += (refused.empty() ? "" : ", ") + std::string(what) + " " + HresultHex(hr);
  };
  {
    Registrations registered(uia, catcher.get());
    note("AddFocusChangedEventHandler", registered.Focus(cache.get()));
    if (root)
      note("AddAutomationEventHandler(Window_WindowOpened)",
           registered.Automation(UIA_Window_WindowOpenedEventId, root, TreeScope_Children, cache.get()));
    if (element) {
      for (const NamedEvent& e : kEvents) note("AddAutomationEventHandler", registered.Automation(e.id, element, TreeScope_Subtree, nullptr));
      // Wine 10 stubs these two (E_NOTIMPL): then only the automation and focus events above are seen.
      note("AddPropertyChangedEventHandler", registered.Property(element));
      note("AddStructureChangedEventHandler", registered.Structure(element));
    }
    if (!registered.any())
      throw NativeError(ErrorCode::Internal, "wait for event (UIA): no event handler could be registered (" + refused + ")");
    const std::string event = catcher->Wait(deadline);
    core::JsonWriter w;
    w.begin_object();
    w.key("event");
    if (event.empty()) w.null(); else w.value(event);
    w.end_object();
    return w.take();
  }
}

}  // namespace lam::win
