// The intents of core/backend.h on one UI Automation element, each by the best method the element and the
// client offer, degrading in a fixed order and reporting the method that ran:
//   1. the control pattern (GetCurrentPatternAs on the service thread: Invoke, Toggle, SelectionItem,
//      ExpandCollapse, RangeValue, Value, Text, ScrollItem; IUIAutomationElement::SetFocus);
//   2. LegacyIAccessiblePattern (the MSAA bridge inside UIA);
//   3. MSAA itself on the element's own HWND (win/msaa.h: put_accValue, accDoDefaultAction), and the stock
//      control's own messages where MSAA has nothing (WM_GETTEXT for an Edit, CB_SHOWDROPDOWN for a ComboBox,
//      SetForegroundWindow + SetFocus for focus);
//   4. SendInput (a click at the element's centre, only for invoke-like intents and only when the element is
//      enabled, on screen and not covered; typing for setText).
// A method the element or the client lacks (a pattern not available, E_NOTIMPL, UIA_E_NOTSUPPORTED, E_NOINTERFACE,
// DISP_E_MEMBERNOTFOUND from MSAA) sends us to the next; nothing left is PATTERN_NOT_SUPPORTED listing what was
// tried. A refusal is not a reason to try another way: UIA_E_ELEMENTNOTENABLED is ELEMENT_DISABLED,
// UIA_E_INVALIDOPERATION INVALID_OPERATION, a gone element ELEMENT_STALE / APP_NOT_RUNNING (win/hresult_errors.h).
//
// Wine 10 answers E_NOTIMPL to every pattern call (docs/WINE10_UIA.md), so under Wine the fallbacks are what runs;
// the pattern paths are driven by the test double (test/native/win/uia_double).
#pragma once

#include <string>

#include "core/backend.h"
#include "win/uia_session.h"

namespace lam::win {

// {ok, method, result?}: `result` is the text of readText, and "already on screen" for a scrollIntoView that
// needed no scrolling. Throws NativeError as the header comment says; INVALID_ARGUMENT for a value outside a
// RangeValue's range (before any call), INVALID_OPERATION for a read-only target (before anything is typed).
std::string PerformIntent(UiaSession& session, const core::IntentRequest& request, const core::Deadline& deadline);

// "2.5", "5", "-0.125": a number as ValuePattern.SetValue and put_accValue get it (shortest round trip, no
// exponent for everyday magnitudes).
std::wstring FormatNumberForValue(double value);

}  // namespace lam::win
