#include "core/export_arguments.h"

#include <cmath>

namespace lam::core {
namespace {

template <class ErrorType>
[[noreturn]] void ThrowInvalid(Napi::Env env, const std::string& message) {
  ErrorType error = ErrorType::New(env, "lam-bridge native: " + message);
  error.Value().Set("code", "INVALID_ARGUMENT");
  throw error;
}

bool Absent(const Napi::Value& v) { return v.IsUndefined() || v.IsNull(); }

int IntOption(const Napi::Object& options, const char* name, int fallback, int min, int max) {
  Napi::Value v = options.Get(name);
  if (Absent(v)) return fallback;
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!std::isfinite(d) || d != std::floor(d) || d < min || d > max) {
    ThrowInvalid<Napi::RangeError>(options.Env(), std::string("option ") + name + " must be an integer in [" +
                                   std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return static_cast<int>(d);
}

int RequiredInt(const Napi::Object& options, const char* name, int min, int max) {
  if (Absent(options.Get(name)))
    ThrowInvalid<Napi::TypeError>(options.Env(), std::string("option ") + name + " is required");
  return IntOption(options, name, 0, min, max);
}

bool BoolOption(const Napi::Object& options, const char* name, bool fallback = false) {
  Napi::Value v = options.Get(name);
  if (Absent(v)) return fallback;
  if (!v.IsBoolean()) ThrowInvalid<Napi::TypeError>(options.Env(), std::string("option ") + name + " must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

// Every string argument passes here: one with an embedded NUL is refused, because the platforms' string APIs
// (D-Bus, AT-SPI, UIA's BSTR users, C strings) would cut it there silently and act on a prefix.
std::string StringOption(const Napi::Object& options, const char* name) {
  Napi::Value v = options.Get(name);
  if (!v.IsString()) ThrowInvalid<Napi::TypeError>(options.Env(), std::string("option ") + name + " must be a string");
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos)
    ThrowInvalid<Napi::RangeError>(options.Env(), std::string("option ") + name +
                                                      " contains a NUL character (U+0000), which no platform call can carry");
  return s;
}

// Absent: "" and *present = false.
std::string OptionalString(const Napi::Object& options, const char* name, bool* present = nullptr) {
  Napi::Value v = options.Get(name);
  if (present) *present = !Absent(v);
  if (Absent(v)) return {};
  return StringOption(options, name);
}

constexpr int kDefaultTimeoutMs = 2000;
constexpr int kMaxTimeoutMs = 10 * 60 * 1000;
constexpr int kFar = 1 << 20;  // past any screen; backends clamp to the real one

InputEvent::Button ParseButton(const Napi::Object& e) {
  std::string name = StringOption(e, "button");
  if (name == "left") return InputEvent::Button::Left;
  if (name == "middle") return InputEvent::Button::Middle;
  if (name == "right") return InputEvent::Button::Right;
  ThrowInvalid<Napi::RangeError>(e.Env(), "unknown mouse button '" + name + "' (left, middle, right)");
}

InputEvent ParseInputEvent(const Napi::Value& item, uint32_t index) {
  if (!item.IsObject())
    ThrowInvalid<Napi::TypeError>(item.Env(), "input event " + std::to_string(index) + " must be an object");
  Napi::Object e = item.As<Napi::Object>();
  const std::string kind = StringOption(e, "kind");
  InputEvent event;
  using Kind = InputEvent::Kind;
  if (kind == "move") {
    event.kind = Kind::Move;
    event.x = RequiredInt(e, "x", -kFar, kFar);
    event.y = RequiredInt(e, "y", -kFar, kFar);
  } else if (kind == "buttonDown" || kind == "buttonUp") {
    event.kind = kind == "buttonDown" ? Kind::ButtonDown : Kind::ButtonUp;
    event.button = ParseButton(e);
  } else if (kind == "wheel") {
    event.kind = Kind::Wheel;
    constexpr int kMaxNotches = 10000;
    event.dx = IntOption(e, "dx", 0, -kMaxNotches, kMaxNotches);
    event.dy = IntOption(e, "dy", 0, -kMaxNotches, kMaxNotches);
  } else if (kind == "keyDown" || kind == "keyUp" || kind == "typeKey") {
    event.kind = kind == "keyDown" ? Kind::KeyDown : kind == "keyUp" ? Kind::KeyUp : Kind::TypeKey;
    event.code = static_cast<uint32_t>(RequiredInt(e, "code", 0, 0x7fffffff));
  } else if (kind == "pause") {
    event.kind = Kind::Pause;
    event.ms = RequiredInt(e, "ms", 0, 300000);
  } else {
    ThrowInvalid<Napi::RangeError>(e.Env(), "unknown input event kind '" + kind + "'");
  }
  return event;
}

}  // namespace

Napi::Object OptionsArgument(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsObject()) {
    ThrowInvalid<Napi::TypeError>(info.Env(), "expected an options object");
  }
  return info[0].As<Napi::Object>();
}

int TimeoutOption(const Napi::Object& options) {
  return IntOption(options, "timeoutMs", kDefaultTimeoutMs, 1, kMaxTimeoutMs);
}

NoArguments ParseNothing(const Napi::Object&) { return {}; }

SnapshotRequest ParseSnapshot(const Napi::Object& options) {
  SnapshotRequest request;
  request.root_ref = StringOption(options, "root");
  request.visible_only = BoolOption(options, "visibleOnly");
  request.reference_walk = BoolOption(options, "referenceWalk");
  request.with_ancestors = BoolOption(options, "ancestors", true);
  request.max_nodes = IntOption(options, "maxNodes", 0, 0, 10000000);
  request.max_depth = IntOption(options, "maxDepth", -1, -1, 100000);
  request.max_children = IntOption(options, "maxChildren", 5000, 1, 65536);
  request.extended_facts = BoolOption(options, "extendedFacts");
  return request;
}

IntentRequest ParseIntent(const Napi::Object& options) {
  IntentRequest request;
  request.ref = StringOption(options, "ref");
  const std::string name = StringOption(options, "intent");
  bool known = false;
  std::string names;
  for (const IntentName& i : kIntentNames) {
    names += (names.empty() ? "" : ", ") + std::string(i.name);
    if (name == i.name) {
      request.intent = i.intent;
      known = true;
    }
  }
  if (!known) ThrowInvalid<Napi::RangeError>(options.Env(), "unknown intent '" + name + "' (" + names + ")");
  bool has_text = false;
  request.text = OptionalString(options, "text", &has_text);
  Napi::Value value = options.Get("value");
  const bool has_value = !Absent(value);
  if (has_value) {
    double d = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : NAN;
    if (!std::isfinite(d)) ThrowInvalid<Napi::RangeError>(options.Env(), "option value must be a finite number");
    request.number = d;
  }
  if (request.intent == Intent::SetText && !has_text)
    ThrowInvalid<Napi::TypeError>(options.Env(), "intent setText needs option text");
  if (request.intent == Intent::SetValue && !has_value)
    ThrowInvalid<Napi::TypeError>(options.Env(), "intent setValue needs option value");
  return request;
}

InputRequest ParseInput(const Napi::Object& options) {
  InputRequest request;
  request.window_ref = OptionalString(options, "window");
  Napi::Value events = options.Get("events");
  if (!events.IsArray()) ThrowInvalid<Napi::TypeError>(options.Env(), "events must be an array");
  Napi::Array list = events.As<Napi::Array>();
  constexpr uint32_t kMaxEvents = 200000;
  if (list.Length() > kMaxEvents) ThrowInvalid<Napi::RangeError>(options.Env(), "too many input events");
  request.events.reserve(list.Length());
  for (uint32_t i = 0; i < list.Length(); ++i) request.events.push_back(ParseInputEvent(list.Get(i), i));
  return request;
}

CaptureRequest ParseCapture(const Napi::Object& options) {
  CaptureRequest request;
  Napi::Value rect = options.Get("rect");
  if (Absent(rect)) return request;
  if (!rect.IsObject()) ThrowInvalid<Napi::TypeError>(options.Env(), "rect must be an object {x, y, width, height}");
  Napi::Object r = rect.As<Napi::Object>();
  request.has_rect = true;
  request.x = IntOption(r, "x", 0, -kFar, kFar);
  request.y = IntOption(r, "y", 0, -kFar, kFar);
  request.width = IntOption(r, "width", 0, 1, kFar);
  request.height = IntOption(r, "height", 0, 1, kFar);
  return request;
}

std::string ParseRef(const Napi::Object& options) { return StringOption(options, "ref"); }

BlockRequest ParseBlock(const Napi::Object& options) {
  BlockRequest request;
  request.ms = RequiredInt(options, "ms", 0, 10 * 60 * 1000);
  return request;
}

std::string ParseHookName(const Napi::Object& options) { return StringOption(options, "name"); }

std::string ParseServiceName(const Napi::Object& options) {
  std::string name = OptionalString(options, "service");
  return name.empty() ? "platform" : name;
}

}  // namespace lam::core
