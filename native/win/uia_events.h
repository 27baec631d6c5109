// Waiting for a UI Automation event from the application that owns a ref, so that verification wakes when the app
// reports a change instead of sleeping a fixed step (core::Backend::wait_for_event).
//
// Microsoft's rules shape it: handlers are added and removed on the same thread, one in the MTA that owns no
// windows (the service thread); UIA calls the handlers on its own threads, so a handler only records the first
// event under a lock and signals the service thread, which waits in slices (deadline, cancellation). Handlers are
// registered for the call and removed before it returns (why, in uia_events.cc).
#pragma once

#include <string>

#include "core/deadline.h"
#include "win/uia_session.h"

namespace lam::win {

// {event: name|null}: the first event from the ref's top-level window (an app ref: its topmost visible window,
// and that process's new windows and focus changes): "Invoke_Invoked", "SelectionItem_ElementSelected",
// "Window_WindowOpened", "AutomationFocusChanged", "AutomationPropertyChanged:<property id>", "StructureChanged",
// ...; null when none came before the deadline. Throws ELEMENT_STALE / APP_NOT_RUNNING when the window is gone,
// INTERNAL when cancelled.
std::string WaitForEvent(UiaSession& session, const std::string& ref, const core::Deadline& deadline);

// The name an automation event id is reported by ("Invoke_Invoked" for UIA_Invoke_InvokedEventId), or "Event:<id>".
std::string AutomationEventName(EVENTID id);

}  // namespace lam::win
