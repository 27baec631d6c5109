// The one interface every platform backend implements (AT-SPI on Linux, UI Automation on Windows, the null
// backend elsewhere). Every method runs on the platform service's thread and only there, so a backend may
// keep thread-affine state (a COM apartment, a libdbus connection, a registry of live elements) without locks.
// Methods take plain C++ requests and return JSON text (or, for pixels, a BinaryResult) or throw NativeError;
// they never see a Napi value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/deadline.h"
#include "core/service_backend.h"

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
  // Read, for every node (showing or not), what OSWorld's formats need and other snapshots skip: the text
  // of every Text node, object attributes, the value range, action descriptions and key bindings; and list
  // a too-big table (a spreadsheet) with its showing cells instead of none.
  bool extended_facts = false;
};

// One intent on one element. The names are the platform-neutral vocabulary of lib/platform/platform-adapter.ts;
// each backend maps an intent to its own API (AT-SPI Action/Selection/EditableText/..., UIA patterns) and
// reports the method it used.
enum class Intent { Invoke, Toggle, Select, Expand, Collapse, SetValue, SetText, ReadText, Focus, ScrollIntoView };

// The intents' names on the JS side, in enum order: the one table that parsing (export_arguments.cc) and
// messages (the backends) share.
struct IntentName {
  const char* name;
  Intent intent;
};
inline constexpr IntentName kIntentNames[] = {
    {"invoke", Intent::Invoke},     {"toggle", Intent::Toggle},     {"select", Intent::Select},
    {"expand", Intent::Expand},     {"collapse", Intent::Collapse}, {"setValue", Intent::SetValue},
    {"setText", Intent::SetText},   {"readText", Intent::ReadText}, {"focus", Intent::Focus},
    {"scrollIntoView", Intent::ScrollIntoView},
};
static_assert(sizeof(kIntentNames) / sizeof(kIntentNames[0]) == static_cast<size_t>(Intent::ScrollIntoView) + 1,
              "every intent has a name");

// The JS name of `intent`.
constexpr const char* NameOf(Intent intent) {
  for (const IntentName& i : kIntentNames)
    if (i.intent == intent) return i.name;
  return "?";
}

struct IntentRequest {
  std::string ref;
  Intent intent = Intent::Invoke;
  std::string text;   // SetText
  double number = 0;  // SetValue
};

// Synthesized input, one primitive event at a time (the TS layer expands clicks, drags and key syntax).
// Buttons are named and the wheel counts notches (+dy up, -dy down, +dx right): X11 button numbers and
// WHEEL_DELTA multiples live only in the backends. KeyDown/KeyUp: a physical key (an X11 keysym, a Windows
// virtual key); TypeKey: produce that code as a character.
struct InputEvent {
  // KeyDown/KeyUp: a physical key, by the platform's key code (X11 keysym, Windows virtual key), as the layout
  // places it. TypeKey: produce this code as a character (adding Shift, or binding a spare key, as needed).
  // Wheel: notches, +dy up / -dy down, +dx right / -dx left.
  enum class Kind { Move, ButtonDown, ButtonUp, Wheel, KeyDown, KeyUp, TypeKey, Pause };
  enum class Button { Left, Middle, Right };
  Kind kind = Kind::Pause;
  int32_t x = 0, y = 0;
  Button button = Button::Left;
  int32_t dx = 0, dy = 0;
  uint32_t code = 0;
  int32_t ms = 0;
};

struct InputRequest {
  std::vector<InputEvent> events;
  // A ref of a window, brought to the front and focused first; a ref of any other element brings up its app's
  // topmost window (a backend that can tell an element's own window raises that one).
  std::string window_ref;
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

// The platform service's backend ("platform" in core/service.h). start/stop and the idle hook come from
// ServiceBackend.
class Backend : public ServiceBackend {
 public:
  // [{ref, name, pid, toolkit}] of the running accessible applications.
  virtual std::string applications(const Deadline& deadline) = 0;
  // [{ref, appRef, app, pid, title, role, states, rect}] of the top-level windows.
  virtual std::string windows(const Deadline& deadline) = 0;
  // {root, nodes:[raw node], truncated, incomplete, stats}: one flat pre-order table of raw platform facts.
  virtual std::string snapshot(const SnapshotRequest& request, const Deadline& deadline) = 0;
  // {ok, method, result?}: carries out one intent on an element; `method` names the platform call used.
  virtual std::string perform(const IntentRequest& request, const Deadline& deadline) = 0;
  // {event}: waits until the application owning `ref` reports any change (an AT-SPI event, a UIA event),
  // or the deadline passes ({event: null}). Verification uses it in place of fixed sleeps.
  virtual std::string wait_for_event(const std::string& ref, const Deadline& deadline) = 0;
  // {ok, raised}: synthesized mouse and keyboard input, after raising the request's window when it names one.
  virtual std::string input(const InputRequest& request, const Deadline& deadline) = 0;
  // json {width, height, stride, format: "rgba", x, y, screenWidth, screenHeight, method}; bytes: the pixels,
  // top row first, 4 bytes a pixel (R, G, B, A = 255), `stride` bytes a row.
  virtual BinaryResult capture(const CaptureRequest& request, const Deadline& deadline) = 0;
};

// Defined once per platform by the sources CMakeLists.txt picks (native/linux, native/win, native/null).
std::unique_ptr<Backend> CreatePlatformBackend();
// "atspi", "uia" or "none": the platform field of every snapshot. A constant, so the main thread can answer
// `platform()` without making a backend there (a backend belongs to its service's thread).
const char* PlatformName();

}  // namespace lam::core
