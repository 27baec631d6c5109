// The test app's own UI Automation providers: one fragment tree rooted at the top-level window (the fragment
// root, returned by UiaReturnRawElementProvider on WM_GETOBJECT(UiaRootObjectId)), with a provider object per
// element of the ElementModel. What a UIA-aware toolkit exposes, written from Microsoft's provider docs:
// - The root's HostRawElementProvider is UiaHostProviderFromHwnd(window): UIA then merges the HWND's own
//   properties (RuntimeId, ProcessId, NativeWindowHandle, BoundingRectangle) into the root, and on Windows its
//   default providers still list the window's child HWNDs (the stock controls) beside the fragments
//   ("controls hosted in windows are served by default providers in addition to any custom providers").
// - Fragments return NULL as host, a RuntimeId of {UiaAppendRuntimeId, element id} (unique within the
//   fragment root; UIA prefixes the host's id), and BoundingRectangle in screen coordinates.
// - Threading: ProviderOptions_UseComThreading is off by default. Without it UIA does not promise which thread
//   a call arrives on, so every method reads the model under its lock and touches the window only through
//   calls that are safe from any thread (PostMessage, MapWindowPoints, GetGUIThreadInfo); with it (--com-threading)
//   calls are marshalled into the UI thread's STA, which also works and which Wine 10 serves 2-4x slower
//   (docs/WINE10_UIA.md). Invoke returns at once and the click is done on the UI thread, as the pattern asks.
#pragma once

#include <windows.h>
#include <ole2.h>
#include <uiautomation.h>

namespace lam::testapp {

struct ProviderSettings {
  bool com_threading = false;
};
ProviderSettings& Settings();

// A new provider (reference count 1) for model element `id`; the caller releases it.
IRawElementProviderSimple* NewProvider(int id);

// Raises UIA automation event `event` on element `id` and logs the HRESULT (the oracle says whether the app
// told UIA; the client's waitForEvent says whether it arrived).
void RaiseEvent(int id, EVENTID event);

// Posted to the window by IInvokeProvider::Invoke (lParam 0: do the click) and by
// IRawElementProviderFragment::SetFocus (lParam 1: focus the window), for the UI thread to do.
constexpr UINT kInvokeMessage = WM_APP + 40;

}  // namespace lam::testapp
