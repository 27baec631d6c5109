#include "core/promise_bridge.h"

namespace lam::core {
namespace {

// The object the JSON describes, with `data` set to a Buffer that owns the outcome's bytes. The vector moves
// to the heap and the Buffer points into it (no copy); its finalizer frees it when the Buffer is collected.
// V8 counts an external backing store's length as external memory, so repeated captures still drive GC.
Napi::Value BinaryValue(Napi::Env env, Outcome& outcome) {
  Napi::Object json = env.Global().Get("JSON").As<Napi::Object>();
  Napi::Value parsed = json.Get("parse").As<Napi::Function>().Call(json, {Napi::String::New(env, outcome.payload)});
  Napi::Object result = parsed.IsObject() ? parsed.As<Napi::Object>() : Napi::Object::New(env);
  // A zero-length external buffer may get a null data pointer; an empty Buffer needs no owner.
  if (outcome.bytes.empty()) {
    result.Set("data", Napi::Buffer<uint8_t>::New(env, 0));
    return result;
  }
  auto owned = std::make_unique<std::vector<uint8_t>>(std::move(outcome.bytes));
  Napi::Buffer<uint8_t> data = Napi::Buffer<uint8_t>::NewOrCopy(
      env, owned->data(), owned->size(), [](Napi::Env, uint8_t*, std::vector<uint8_t>* bytes) { delete bytes; },
      owned.get());
  owned.release();  // the finalizer owns it now (and has already run if the runtime made a copy)
  result.Set("data", data);
  return result;
}

Napi::Value ErrorValue(Napi::Env env, ErrorCode code, const std::string& message, const std::string& detail) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Value().Set("code", Napi::String::New(env, ErrorCodeName(code)));
  if (!detail.empty()) error.Value().Set("detail", Napi::String::New(env, detail));
  return error.Value();
}

}  // namespace

Outcome Outcome::Failure(uint64_t id, ErrorCode code, std::string message, std::string detail) {
  Outcome o;
  o.id = id;
  o.code = code;
  o.message = std::move(message);
  o.detail = std::move(detail);
  return o;
}

std::shared_ptr<PromiseBridge> PromiseBridge::New(Napi::Env env) {
  auto bridge = std::make_shared<PromiseBridge>();
  // The function's finalizer holds the last reference the environment has: a wake-up still queued when the
  // environment closes finds the bridge alive.
  auto* keep = new std::shared_ptr<PromiseBridge>(bridge);
  bridge->tsfn_ = Tsfn::New(
      env, "lam-bridge:settle", 0, 1, bridge.get(),
      [](Napi::Env, std::shared_ptr<PromiseBridge>* kept, PromiseBridge*) { delete kept; }, keep);
  bridge->tsfn_.Unref(env);  // idle until the first job
  return bridge;
}

Napi::Promise PromiseBridge::Create(Napi::Env env, uint64_t* id) {
  auto deferred = Napi::Promise::Deferred::New(env);
  *id = next_id_++;
  if (pending_.empty()) tsfn_.Ref(env);
  pending_.emplace(*id, deferred);
  return deferred.Promise();
}

Napi::Promise PromiseBridge::Rejected(Napi::Env env, ErrorCode code, const std::string& message) {
  auto deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(ErrorValue(env, code, message, {}));
  return deferred.Promise();
}

void PromiseBridge::Deliver(Outcome outcome) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return;
  ready_.push_back(std::move(outcome));
  if (wake_pending_) return;  // the queued wake-up drains this one too
  // On failure the outcome stays queued: the next successful wake-up (any later delivery) or Close takes it.
  wake_pending_ = tsfn_.NonBlockingCall() == napi_ok;
}

void PromiseBridge::Wake(Napi::Env env, Napi::Function, PromiseBridge* self, void*) {
  if (env == nullptr || self == nullptr) return;  // the function is being torn down: Close settles the rest
  {
    std::lock_guard<std::mutex> lock(self->mutex_);
    self->wake_pending_ = false;
  }
  self->Drain(env);
}

void PromiseBridge::Drain(Napi::Env env) {
  for (;;) {
    std::deque<Outcome> batch;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch.swap(ready_);
    }
    if (batch.empty()) return;
    for (Outcome& outcome : batch) Settle(env, outcome);
  }
}

void PromiseBridge::Settle(Napi::Env env, Outcome& outcome) {
  auto it = pending_.find(outcome.id);
  if (it == pending_.end()) return;  // settled already (a late result of an abandoned job) or never pending
  Napi::Promise::Deferred deferred = it->second;
  pending_.erase(it);
  if (pending_.empty()) tsfn_.Unref(env);

  Napi::HandleScope scope(env);
  if (outcome.ok) {
    try {
      deferred.Resolve(outcome.binary ? BinaryValue(env, outcome) : Napi::String::New(env, outcome.payload));
    } catch (const Napi::Error& e) {  // a JS exception while building the value: the caller gets it
      deferred.Reject(e.Value());
    }
    return;
  }
  deferred.Reject(ErrorValue(env, outcome.code, outcome.message, outcome.detail));
}

void PromiseBridge::Close(Napi::Env env) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    closed_ = true;
  }
  // Settle what can be settled: outcomes already delivered, then every promise still pending (its job was
  // cancelled or abandoned by the services' Stop). During teardown the environment may refuse to run JS;
  // then Node-API calls fail, the exception is swallowed, and nothing is left that could observe the promise.
  try {
    Drain(env);
    Napi::HandleScope scope(env);
    for (auto& [id, deferred] : pending_)
      deferred.Reject(ErrorValue(env, ErrorCode::Internal, "lam-bridge: the environment is shutting down", {}));
  } catch (...) {
  }
  pending_.clear();
  tsfn_.Release();
}

}  // namespace lam::core
