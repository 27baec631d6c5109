// HRESULT → NativeError: the one table of which UI Automation / COM failure means what to a caller, and the
// message format "operation (API): text (0x8004xxxx)".
#pragma once

#include <string>

#include "core/deadline.h"
#include "core/native_error.h"
#include "win/uia_headers.h"

namespace lam::win {

// What the caller knows when a call fails: whose element it was (decides APP_NOT_RUNNING against
// ELEMENT_STALE), whether this was an action (E_NOTIMPL there means the element lacks the pattern), and
// the job's deadline (a rejected call past it is a TIMEOUT).
struct HresultContext {
  DWORD pid = 0;                               // 0: unknown; a dead element then counts as stale
  bool action = false;
  const core::Deadline* deadline = nullptr;
};

core::NativeError ErrorFromHresult(const std::string& operation, const char* api, HRESULT hr,
                                   const HresultContext& context = {});

// Whether `hr` says the element (or its whole provider process) is gone.
bool IsDisconnected(HRESULT hr);
// E_NOTIMPL or UIA_E_NOTSUPPORTED: the call exists but this client or provider does not do it (Wine 10
// answers E_NOTIMPL for much of IUIAutomation); the read path degrades to the next method on it.
bool IsNotImplemented(HRESULT hr);

// "0x80040201"
std::string HresultHex(HRESULT hr);

}  // namespace lam::win
