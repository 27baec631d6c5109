// The intents of core/backend.h on one AT-SPI element: each is mapped to the Action, Selection, EditableText,
// Value, Component or Text interface, and the result names the call that ran ("Action.DoAction(click)").
// Arguments are checked against the element before they reach it (a value against the element's range, a
// child index against its child count, text for valid UTF-8), because apps do not all check them and some
// crash on bad lengths and ranges (LibreOffice aborts on an InsertText length of -1, docs/LINUX_DESKTOP.md;
// this seam no longer calls InsertText, but the same care applies to every call it makes).
#pragma once

#include <string>
#include <vector>

#include "core/backend.h"
#include "linux/app_links.h"

namespace lam::atspi {

// {ok, method, result?}; throws NativeError (PATTERN_NOT_SUPPORTED, ELEMENT_STALE, APP_NOT_RUNNING, ...).
// An app's FALSE answer is thrown, not reported: INVALID_OPERATION "<method> (AT-SPI): the application refused
// it" (Action.DoAction, Component.GrabFocus), PATTERN_NOT_SUPPORTED for EditableText.SetTextContents (the
// control takes no text through its API: callers type it instead). So ok is true, except for scrollIntoView:
// Component.ScrollTo's FALSE means "not implemented" in ATK (GTK 3 always), reported as ok:false.
std::string PerformIntent(AppLinks& links, const core::IntentRequest& request, const core::Deadline& deadline);

// The AT-SPI action names an action-backed intent tries, best first (GTK, LibreOffice and Qt spellings,
// lower case); empty for intents that use another interface.
const std::vector<std::string>& PreferredActionNames(core::Intent intent);

// The index in `offered` (the element's action names, any case) of the first preferred name, or -1.
int PickAction(core::Intent intent, const std::vector<std::string>& offered);

}  // namespace lam::atspi
