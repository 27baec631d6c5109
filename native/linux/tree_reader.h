// Reads one subtree of an AT-SPI application into a flat pre-order table, as fast as the app allows and
// exactly as a plain GetChildren walk would see it.
//
// How (LINUX_DESKTOP.md has the measurements behind each choice):
// - Round 1 sends, together: the root's own properties and children, Collection.GetMatches (every live
//   descendant, in pre-order, in one call) and Cache.GetItems (role, name, states, interfaces and child count
//   of every object the app has registered, in one call).
// - Structure is never taken from either bulk call: GetItems is wrong on GTK3 in places (missing table
//   cells, index -1, stale parents and dead objects) and Collection gives order but no parents. Instead, the
//   live set from Collection tells us, before any walking, which nodes have children, so one pipelined burst
//   of GetChildren calls fetches every child list at once instead of one tree level per round trip.
// - Anything the bulk calls did not cover (GTK4 has neither; children GetItems omitted) falls back to the
//   per-node protocol (GetRole + GetState + GetInterfaces + Properties.GetAll + GetChildren), all of a
//   round in flight at once.
// - Extents, actions, values and texts are read only for showing nodes, the only ones a model can act on.
#pragma once

#include <string>

#include "core/backend.h"
#include "linux/app_links.h"

namespace lam::atspi {

// Returns the snapshot JSON ({root, app, ancestors, nodes, truncated, incomplete, stats}).
std::string ReadTree(AppLinks& links, const core::SnapshotRequest& request, const core::Deadline& deadline);

}  // namespace lam::atspi
