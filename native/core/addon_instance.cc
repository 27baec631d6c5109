#include "core/addon_instance.h"

#include <cmath>

#include "core/native_error.h"

namespace lam::core {
namespace {

// The bindings validate every argument with zod before calling in; these checks only keep a direct caller of
// the binary from reaching a backend with nonsense. They throw synchronously, like any JS API misuse, with
// the same stable code the bindings would give.
template <class ErrorType>
[[noreturn]] void ThrowInvalid(Napi::Env env, const std::string& message) {
  ErrorType error = ErrorType::New(env, "lam-bridge native: " + message);
  error.Value().Set("code", "INVALID_ARGUMENT");
  throw error;
}

Napi::Object OptionsArg(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsObject()) {
    ThrowInvalid<Napi::TypeError>(info.Env(), "expected an options object");
  }
  return info[0].As<Napi::Object>();
}

int IntOption(const Napi::Object& options, const char* name, int fallback, int min, int max) {
  Napi::Value v = options.Get(name);
  if (v.IsUndefined() || v.IsNull()) return fallback;
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!std::isfinite(d) || d != std::floor(d) || d < min || d > max) {
    ThrowInvalid<Napi::RangeError>(options.Env(), std::string("option ") + name + " must be an integer in [" +
                                   std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return static_cast<int>(d);
}

bool BoolOption(const Napi::Object& options, const char* name, bool fallback = false) {
  Napi::Value v = options.Get(name);
  return v.IsBoolean() ? v.As<Napi::Boolean>().Value() : fallback;
}

double NumberOption(const Napi::Object& options, const char* name) {
  Napi::Value v = options.Get(name);
  if (v.IsUndefined()) return 0;
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!std::isfinite(d)) {
    ThrowInvalid<Napi::RangeError>(options.Env(), std::string("option ") + name + " must be a finite number");
  }
  return d;
}

std::string OptionalString(const Napi::Object& options, const char* name) {
  Napi::Value v = options.Get(name);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
}

std::string StringOption(const Napi::Object& options, const char* name) {
  Napi::Value v = options.Get(name);
  if (!v.IsString()) {
    ThrowInvalid<Napi::TypeError>(options.Env(), std::string("option ") + name + " must be a string");
  }
  return v.As<Napi::String>().Utf8Value();
}

constexpr int kDefaultTimeoutMs = 2000;
constexpr int kMaxTimeoutMs = 10 * 60 * 1000;

// Every call's budget: how long the platform thread may wait on the target app.
int TimeoutOption(const Napi::Object& options) {
  return IntOption(options, "timeoutMs", kDefaultTimeoutMs, 1, kMaxTimeoutMs);
}

// The intent names of lib/platform/platform-adapter.ts, in backend.h's order.
Intent IntentOption(const Napi::Object& options) {
  static const struct {
    const char* name;
    Intent intent;
  } kIntents[] = {
      {"invoke", Intent::Invoke},     {"toggle", Intent::Toggle},     {"select", Intent::Select},
      {"expand", Intent::Expand},     {"collapse", Intent::Collapse}, {"setValue", Intent::SetValue},
      {"setText", Intent::SetText},   {"readText", Intent::ReadText}, {"focus", Intent::Focus},
      {"scrollIntoView", Intent::ScrollIntoView},
  };
  const std::string name = StringOption(options, "intent");
  for (const auto& known : kIntents)
    if (name == known.name) return known.intent;
  ThrowInvalid<Napi::TypeError>(options.Env(), "unknown intent '" + name.substr(0, 64) + "'");
}

// One input event; a bad one throws (a skipped event would make the rest land somewhere else).
InputEvent InputEventArg(Napi::Env env, Napi::Value item, uint32_t index) {
  if (!item.IsObject()) {
    ThrowInvalid<Napi::TypeError>(env, "input event " + std::to_string(index) + " is not an object");
  }
  Napi::Object e = item.As<Napi::Object>();
  const std::string kind = OptionalString(e, "kind");
  InputEvent event;
  using Kind = InputEvent::Kind;
  if (kind == "move") {
    event.kind = Kind::Move;
    event.x = IntOption(e, "x", 0, -100000, 100000);
    event.y = IntOption(e, "y", 0, -100000, 100000);
  } else if (kind == "buttonDown" || kind == "buttonUp") {
    event.kind = kind == "buttonDown" ? Kind::ButtonDown : Kind::ButtonUp;
    const std::string button = OptionalString(e, "button");
    if (button == "left") event.button = InputEvent::Button::Left;
    else if (button == "middle") event.button = InputEvent::Button::Middle;
    else if (button == "right") event.button = InputEvent::Button::Right;
    else ThrowInvalid<Napi::TypeError>(env, "input event " + std::to_string(index) + ": button must be left, middle or right");
  } else if (kind == "wheel") {
    event.kind = Kind::Wheel;
    constexpr int kMaxNotches = 10000;
    event.dx = IntOption(e, "dx", 0, -kMaxNotches, kMaxNotches);
    event.dy = IntOption(e, "dy", 0, -kMaxNotches, kMaxNotches);
  } else if (kind == "keyDown" || kind == "keyUp" || kind == "typeKey") {
    event.kind = kind == "keyDown" ? Kind::KeyDown : kind == "keyUp" ? Kind::KeyUp : Kind::TypeKey;
    event.code = static_cast<uint32_t>(IntOption(e, "code", 0, 0, 0x7fffffff));
  } else if (kind == "pause") {
    event.kind = Kind::Pause;
    event.ms = IntOption(e, "ms", 0, 0, 300000);
  } else {
    ThrowInvalid<Napi::TypeError>(env, "unknown input event kind '" + kind.substr(0, 64) + "'");
  }
  return event;
}

}  // namespace

AddonInstance::AddonInstance(Napi::Env env) : env_(env), thread_(CreatePlatformBackend()), bridge_(env) {
  napi_add_env_cleanup_hook(env, &AddonInstance::Cleanup, this);
}

AddonInstance::~AddonInstance() {
  if (!cleaned_up_) {
    napi_remove_env_cleanup_hook(env_, &AddonInstance::Cleanup, this);
    Cleanup(this);
  }
}

// Runs when the environment (the process, or a worker) is torn down: cancel whatever the platform thread is
// waiting on, join it, then release the thread-safe function. The join is short because every wait on a
// target app polls the cancellation flag.
void AddonInstance::Cleanup(void* raw) {
  auto* self = static_cast<AddonInstance*>(raw);
  if (self->cleaned_up_) return;
  self->cleaned_up_ = true;
  self->thread_.Stop();
  self->bridge_.Close();
}

AddonInstance& AddonInstance::Of(Napi::Env env) {
  AddonInstance* instance = env.GetInstanceData<AddonInstance>();
  if (instance == nullptr) {
    instance = new AddonInstance(env);
    env.SetInstanceData<AddonInstance>(instance);
  }
  return *instance;
}

Napi::Value AddonInstance::Submit(Napi::Env env, int timeout_ms, Work work) {
  return Queue(env, timeout_ms, [work = std::move(work)](Backend& backend, const Deadline& deadline, Outcome& outcome) {
    outcome.payload = work(backend, deadline);
  });
}

Napi::Value AddonInstance::SubmitBinary(Napi::Env env, int timeout_ms, BinaryWork work) {
  return Queue(env, timeout_ms, [work = std::move(work)](Backend& backend, const Deadline& deadline, Outcome& outcome) {
    BinaryResult result = work(backend, deadline);
    outcome.payload = std::move(result.json);
    outcome.bytes = std::move(result.bytes);
    outcome.binary = true;
  });
}

Napi::Value AddonInstance::Queue(Napi::Env env, int timeout_ms, Fill fill) {
  uint64_t id = 0;
  Napi::Promise promise = bridge_.Create(env, &id);
  PromiseBridge* bridge = &bridge_;
  thread_.Post([id, timeout_ms, bridge, fill = std::move(fill)](Backend& backend, const std::atomic<bool>& cancelled) {
    Outcome outcome;
    outcome.id = id;
    try {
      Deadline deadline(timeout_ms, &cancelled);
      fill(backend, deadline, outcome);
      outcome.ok = true;
    } catch (const NativeError& e) {
      outcome = Outcome{};
      outcome.id = id;
      outcome.code = e.code();
      outcome.message = e.message();
      outcome.detail = e.detail();
    } catch (const std::exception& e) {
      outcome = Outcome{};
      outcome.id = id;
      outcome.code = ErrorCode::Internal;
      outcome.message = std::string("platform thread: ") + e.what();
    } catch (...) {
      outcome = Outcome{};
      outcome.id = id;
      outcome.code = ErrorCode::Internal;
      outcome.message = "platform thread: unknown exception";
    }
    bridge->Deliver(std::move(outcome));
  });
  return promise;
}

Napi::Value AddonInstance::Platform(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), Of(info.Env()).thread_.platform());
}

Napi::Value AddonInstance::Applications(const Napi::CallbackInfo& info) {
  Napi::Object options = OptionsArg(info);
  int timeout = TimeoutOption(options);
  return Of(info.Env()).Submit(info.Env(), timeout,
                               [](Backend& backend, const Deadline& deadline) { return backend.applications(deadline); });
}

Napi::Value AddonInstance::Windows(const Napi::CallbackInfo& info) {
  Napi::Object options = OptionsArg(info);
  int timeout = TimeoutOption(options);
  return Of(info.Env()).Submit(info.Env(), timeout,
                               [](Backend& backend, const Deadline& deadline) { return backend.windows(deadline); });
}

Napi::Value AddonInstance::Snapshot(const Napi::CallbackInfo& info) {
  Napi::Object options = OptionsArg(info);
  SnapshotRequest request;
  request.root_ref = StringOption(options, "root");
  request.visible_only = BoolOption(options, "visibleOnly");
  request.reference_walk = BoolOption(options, "referenceWalk");
  request.with_ancestors = BoolOption(options, "ancestors", true);
  request.max_nodes = IntOption(options, "maxNodes", 0, 0, 10000000);
  request.max_depth = IntOption(options, "maxDepth", -1, -1, 100000);
  request.max_children = IntOption(options, "maxChildren", 5000, 1, 65536);
  int timeout = TimeoutOption(options);
  return Of(info.Env()).Submit(info.Env(), timeout, [request](Backend& backend, const Deadline& deadline) {
    return backend.snapshot(request, deadline);
  });
}

// perform({ref, intent, text?, value?, timeoutMs?}): one intent (backend.h) on one element.
Napi::Value AddonInstance::Perform(const Napi::CallbackInfo& info) {
  Napi::Object options = OptionsArg(info);
  IntentRequest request;
  request.ref = StringOption(options, "ref");
  request.intent = IntentOption(options);
  request.text = OptionalString(options, "text");
  request.number = NumberOption(options, "value");
  int timeout = TimeoutOption(options);
  return Of(info.Env()).Submit(info.Env(), timeout, [request](Backend& backend, const Deadline& deadline) {
    return backend.perform(request, deadline);
  });
}

Napi::Value AddonInstance::WaitForEvent(const Napi::CallbackInfo& info) {
  Napi::Object options = OptionsArg(info);
  std::string ref = StringOption(options, "ref");
  int timeout = TimeoutOption(options);
  return Of(info.Env()).Submit(info.Env(), timeout, [ref](Backend& backend, const Deadline& deadline) {
    return backend.wait_for_event(ref, deadline);
  });
}

// input({events, window?, timeoutMs?}): events as backend.h InputEvent; window is a ref whose window is raised.
Napi::Value AddonInstance::Input(const Napi::CallbackInfo& info) {
  Napi::Object options = OptionsArg(info);
  InputRequest request;
  request.window_ref = OptionalString(options, "window");
  Napi::Value events = options.Get("events");
  if (!events.IsArray()) {
    ThrowInvalid<Napi::TypeError>(info.Env(), "events must be an array");
  }
  Napi::Array list = events.As<Napi::Array>();
  constexpr uint32_t kMaxEvents = 200000;
  if (list.Length() > kMaxEvents) {
    ThrowInvalid<Napi::RangeError>(info.Env(), "too many input events");
  }
  request.events.reserve(list.Length());
  for (uint32_t i = 0; i < list.Length(); ++i) request.events.push_back(InputEventArg(info.Env(), list.Get(i), i));
  int timeout = TimeoutOption(options);
  return Of(info.Env()).Submit(info.Env(), timeout, [request](Backend& backend, const Deadline& deadline) {
    return backend.input(request, deadline);
  });
}

Napi::Value AddonInstance::Capture(const Napi::CallbackInfo& info) {
  Napi::Object options = OptionsArg(info);
  CaptureRequest request;
  Napi::Value rect = options.Get("rect");
  if (!rect.IsUndefined() && !rect.IsNull()) {
    if (!rect.IsObject()) {
      ThrowInvalid<Napi::TypeError>(info.Env(), "rect must be an object {x, y, width, height}");
    }
    Napi::Object r = rect.As<Napi::Object>();
    constexpr int kFar = 1 << 20;  // past any screen; the backend clamps to the real one
    request.has_rect = true;
    request.x = IntOption(r, "x", 0, -kFar, kFar);
    request.y = IntOption(r, "y", 0, -kFar, kFar);
    request.width = IntOption(r, "width", 0, 1, kFar);
    request.height = IntOption(r, "height", 0, 1, kFar);
  }
  int timeout = TimeoutOption(options);
  return Of(info.Env()).SubmitBinary(info.Env(), timeout, [request](Backend& backend, const Deadline& deadline) {
    return backend.capture(request, deadline);
  });
}

}  // namespace lam::core
