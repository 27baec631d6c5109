// Reads one subtree (an element, a window, or an application's windows) into the flat pre-order table of
// RawUiaNode (bindings/raw.ts), as fast as the client and the providers allow, and exactly as a plain
// TrueCondition walk with per-node property reads, filtered to the control view, sees it (reference_walk).
//
// The degradation order, each step named in stats.method, each decided per subtree so one provider's
// failure never fails the whole snapshot:
//  1. "cache": ONE CacheRequest (every property below, TreeScope_Subtree, the control-view filter), one
//     BuildUpdatedCache, then GetCachedChildren locally. This is the Windows path (Microsoft, "Caching UI
//     Automation Properties and Control Patterns").
//  2. "findall": the request refused (Wine 10: scopes other than Element, GetCachedChildren are E_NOTIMPL):
//     FindAllBuildCache(TreeScope_Subtree, TrueCondition) for the properties in one call, the parent links
//     from a TrueCondition walker that caches only RuntimeId, and the control-view filtering
//     (IsControlElement) done here.
//  3. "walker": a TrueCondition walker with per-node GetCurrentPropertyValueEx reads (also reference_walk).
//  4. "msaa": a window element with no children whose HWND has child windows (Wine's stock controls): each
//     child HWND's element (ElementFromHandle), and IAccessible's role, name, value and state where UIA's
//     proxy calls a control Pane.
// Dropped subtrees: a node the cache lists without children though a walker finds some (a provider
// boundary: WebView2, WinForms hosts) is filled by a walker pass (stats.filled); what no method can read is
// listed in `unfilled` and flags the snapshot incomplete.
#pragma once

#include <string>

#include "core/backend.h"
#include "win/uia_session.h"

namespace lam::win {

// The snapshot JSON (RawUiaSnapshot). Throws INVALID_ARGUMENT for a malformed ref, APP_NOT_RUNNING /
// ELEMENT_STALE when the root is gone, TIMEOUT past the deadline.
std::string ReadUiaTree(UiaSession& session, const core::SnapshotRequest& request, const core::Deadline& deadline);

// The visible top-level windows of process `pid` (0: every process), in z-order: what an app ref's
// synthetic root lists and what windows() reports.
std::vector<HWND> VisibleTopLevelWindows(DWORD pid);

// UIA control type for an MSAA role (Microsoft's "MSAA to UIA" proxy table); 0 when it has none.
int ControlTypeForMsaaRole(long role);

}  // namespace lam::win
