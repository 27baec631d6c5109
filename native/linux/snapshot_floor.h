// The floor under a snapshot: what the app's own serving costs. One snapshot is read with every call it
// sends recorded round by round; then the recorded calls are sent again, each round pipelined on the same
// connection exactly as the snapshot sent it, and only waited for: no reply is decoded, no node built, no
// JSON written. The difference between a snapshot's time and this floor is lam-bridge's own cost
// (decoding, planning, the JavaScript side); the floor itself is the app's and the bus's.
//
// A benchmark diagnostic (bench/snapshot.bench.ts), reached through the test hook "snapshot-floor".
#pragma once

#include <string>

#include "core/backend.h"
#include "linux/app_links.h"

namespace lam::atspi {

// Returns {"runs","medianMs","timesMs":[..],"rounds","calls","nodes"}: `runs` replays of one recorded snapshot.
std::string MeasureSnapshotFloor(AppLinks& links, const core::SnapshotRequest& request, int runs,
                                 const core::Deadline& deadline);

}  // namespace lam::atspi
