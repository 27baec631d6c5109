// Reads one subtree of an AT-SPI application into a flat pre-order table, as fast as the app allows and
// exactly as a plain libatspi walk (ChildCount and GetChildAtIndex, node by node) sees it.
//
// How (docs/LINUX_DESKTOP.md has the measurements behind each choice):
// - Round 1 sends, together: the root's own properties and Cache.GetItems (role, name, states, interfaces
//   and child count of every object the app has registered, in one call).
// - Structure never comes from GetItems (it is wrong on GTK 3 in places: missing table cells, index -1,
//   stale parents and dead objects). But its child counts say, before any walking, which objects have
//   children, so one pipelined burst of GetChildren calls fetches every child list at once instead of one
//   tree level per round trip.
// - Anything GetItems did not cover (GTK 4 has no Cache; table cells it omits) falls back to the per-node
//   protocol (GetRole + GetState + GetInterfaces + Properties.GetAll, then GetChildren), a round in flight at
//   once. Children are asked for only once a node's child count is known.
// - GetChildren is checked, not trusted: a list whose children name another Parent, or whose length is not the
//   node's ChildCount, is read again with GetChildAtIndex (GTK 4's GetChildren skips stack pages and tab
//   panels); an app where the two differ has every list read by index from then on.
// - An app that sets SHOWING on nothing inside its windows (GTK 4.8) has its nodes count as on screen when
//   VISIBLE with extents of some size.
// - A container with more children than max_children (a spreadsheet's 2^31 cells) is listed without them.
//   Collection.GetMatches is not used for the same reason: it walks into such containers, and LibreOffice
//   Calc stopped answering for over two minutes under one.
// - Extents, actions, values and texts are read only for showing nodes, the only ones a model can act on.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/backend.h"
#include "linux/app_links.h"

namespace lam::atspi {

// The calls one round of a snapshot sent, by connection, unsent copies (for snapshot_floor.h).
using RecordedRound = std::vector<std::pair<DBusLink*, std::vector<Message>>>;

// Returns the snapshot JSON ({root, app, ancestors, nodes, truncated, incomplete, stats}). With `record`, also
// keeps a copy of every call, round by round.
std::string ReadTree(AppLinks& links, const core::SnapshotRequest& request, const core::Deadline& deadline,
                     std::vector<RecordedRound>* record = nullptr);

}  // namespace lam::atspi
