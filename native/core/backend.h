// The one interface every platform backend implements (AT-SPI on Linux, UI Automation on Windows, the null
// backend elsewhere). Every method runs on the backend's own platform thread and only there, so a backend may
// keep thread-affine state (a COM apartment, a libdbus connection, a registry of live elements) without locks.
// Methods take plain C++ requests and return JSON text or throw NativeError; they never see a Napi value.
#pragma once

#include <memory>
#include <string>

#include "core/deadline.h"

namespace lam::core {

struct SnapshotRequest {
  std::string root_ref;        // an element ref (an app, a window or any subtree root)
  bool visible_only = false;   // only nodes that are showing, with showing ancestors
  int max_nodes = 0;           // 0 = no limit; past it the result is flagged truncated
  int max_depth = -1;          // -1 = no limit; the root is depth 0
  bool reference_walk = false; // plain per-node walk, no bulk calls: the baseline fast paths are checked against
};

class Backend {
 public:
  virtual ~Backend() = default;

  // "atspi", "uia" or "none": the platform field of every snapshot.
  virtual const char* platform() const = 0;

  // Called on the platform thread before the first job and after the last one.
  virtual void start() {}
  virtual void stop() {}

  // [{ref, name, pid, toolkit}] of the running accessible applications.
  virtual std::string applications(const Deadline& deadline) = 0;
  // [{ref, appRef, app, pid, title, role, states, rect}] of the top-level windows.
  virtual std::string windows(const Deadline& deadline) = 0;
  // {root, nodes:[raw node], truncated, incomplete, stats}: one flat pre-order table of raw platform facts.
  virtual std::string snapshot(const SnapshotRequest& request, const Deadline& deadline) = 0;
};

// Defined once per platform by the sources CMakeLists.txt picks (native/linux, native/win, native/null).
std::unique_ptr<Backend> CreatePlatformBackend();

}  // namespace lam::core
