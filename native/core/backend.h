// The one interface every platform backend implements (AT-SPI on Linux, UI Automation on Windows, the null
// backend elsewhere). Every method runs on the backend's own platform thread and only there, so a backend may
// keep thread-affine state (a COM apartment, a libdbus connection, a registry of live elements) without locks.
// Methods take plain C++ requests and return JSON text (or, for pixels, a BinaryResult) or throw NativeError;
// they never see a Napi value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/deadline.h"

namespace lam::core {

struct SnapshotRequest {
  std::string root_ref;        // an element ref (an app, a window or any subtree root)
  bool visible_only = false;   // only nodes that are showing, with showing ancestors
  int max_nodes = 0;           // 0 = no limit; past it the result is flagged truncated
  int max_depth = -1;          // -1 = no limit; the root is depth 0
  bool reference_walk = false; // plain per-node walk, no bulk calls: the baseline fast paths are checked against
  bool with_ancestors = true;  // report the chain from the root up to its window (costs one round trip a level)
  // A container with more children than this is listed without them (and the snapshot flagged truncated):
  // asking for them makes the app build every one (a spreadsheet has 2^31 cells; LibreOffice Calc stops
  // answering for minutes), and no model reads that many.
  int max_children = 5000;
};

// One semantic operation on one element (AT-SPI interface call / UIA pattern method). The op names are the
// bindings' ElementOp union; each backend maps them to its platform's call.
struct ElementActionRequest {
  std::string ref;
  std::string op;
  std::string text;     // setText, insertText
  double number = 0;    // setValue
  int32_t index = 0;    // doAction, selectChild, deselectChild, scrollTo (scroll type), insertText position
  int32_t start = 0;    // deleteText, selectText
  int32_t end = 0;
};

// Synthesized input, one primitive event at a time (the TS layer expands clicks, drags and key syntax).
struct InputEvent {
  // KeyDown/KeyUp: a physical key, by keysym, as the layout places it. TypeKey: produce this keysym as a
  // character (adding Shift, or binding a spare key, as needed).
  enum class Kind { Move, ButtonDown, ButtonUp, KeyDown, KeyUp, TypeKey, Pause };
  Kind kind = Kind::Pause;
  int32_t x = 0;
  int32_t y = 0;
  uint32_t code = 0;  // button number, or a keysym (X11) / virtual key (Windows)
  int32_t ms = 0;     // Pause
};

struct InputRequest {
  std::vector<InputEvent> events;
  int64_t raise_pid = 0;  // raise and focus this app's top-level window first (no window manager under Xvfb)
};

// A screen capture: the whole screen, or one rectangle of it in screen pixels (a window's rect). The backend
// clamps the rectangle to the screen; a rectangle of no size, or one entirely off screen, is INVALID_ARGUMENT.
struct CaptureRequest {
  bool has_rect = false;
  int32_t x = 0;
  int32_t y = 0;
  int32_t width = 0;
  int32_t height = 0;
};

// A result too big for JSON: `json` describes it and `bytes` travels beside it untouched, to become a Node
// Buffer on the main thread (core/promise_bridge.h). Moving the vector through the job costs no copy.
struct BinaryResult {
  std::string json;
  std::vector<uint8_t> bytes;
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
  // {ok, method, result?}: runs one semantic operation on an element.
  virtual std::string element_action(const ElementActionRequest& request, const Deadline& deadline) = 0;
  // {event}: waits until the application owning `ref` reports any change (an AT-SPI event, a UIA event),
  // or the deadline passes ({event: null}). Verification uses it in place of fixed sleeps.
  virtual std::string wait_for_event(const std::string& ref, const Deadline& deadline) = 0;
  // {ok, raised?}: synthesized mouse and keyboard input.
  virtual std::string input(const InputRequest& request, const Deadline& deadline) = 0;
  // json {width, height, stride, format: "rgba", x, y, screenWidth, screenHeight, method}; bytes: the pixels,
  // top row first, 4 bytes a pixel (R, G, B, A = 255), `stride` bytes a row.
  virtual BinaryResult capture(const CaptureRequest& request, const Deadline& deadline) = 0;
};

// Defined once per platform by the sources CMakeLists.txt picks (native/linux, native/win, native/null).
std::unique_ptr<Backend> CreatePlatformBackend();

}  // namespace lam::core
