// Semantic operations on one AT-SPI element: the Action, EditableText, Value, Component, Selection and Text
// interfaces. Arguments are checked against the element before they reach it, because bad ones can crash
// the app (LibreOffice aborts on an InsertText length of -1, see LINUX_DESKTOP.md).
#pragma once

#include <string>

#include "core/backend.h"
#include "linux/legacy_requests.h"
#include "linux/app_links.h"

namespace lam::atspi {

// {ok, method, result?}; throws NativeError (PATTERN_NOT_SUPPORTED, ELEMENT_STALE, APP_NOT_RUNNING, ...).
std::string PerformElementAction(AppLinks& links, const core::ElementActionRequest& request, const core::Deadline& deadline);

}  // namespace lam::atspi
