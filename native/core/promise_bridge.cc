#include "core/promise_bridge.h"

#include <memory>

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

}  // namespace

PromiseBridge::PromiseBridge(Napi::Env env) {
  tsfn_ = Tsfn::New(env, "lam-bridge:settle", 0, 1, this);
  tsfn_.Unref(env);  // idle until the first job
}

Napi::Promise PromiseBridge::Create(Napi::Env env, uint64_t* id) {
  auto deferred = Napi::Promise::Deferred::New(env);
  *id = next_id_++;
  if (pending_.empty()) tsfn_.Ref(env);
  pending_.emplace(*id, deferred);
  return deferred.Promise();
}

void PromiseBridge::Deliver(Outcome outcome) {
  std::lock_guard<std::mutex> lock(closed_mutex_);
  if (closed_) return;
  auto* boxed = new Outcome(std::move(outcome));
  if (tsfn_.NonBlockingCall(boxed) != napi_ok) delete boxed;
}

void PromiseBridge::Close() {
  {
    std::lock_guard<std::mutex> lock(closed_mutex_);
    if (closed_) return;
    closed_ = true;
  }
  pending_.clear();
  tsfn_.Release();
}

void PromiseBridge::Settle(Napi::Env env, Napi::Function, PromiseBridge* self, Outcome* raw) {
  std::unique_ptr<Outcome> outcome(raw);
  if (env == nullptr || self == nullptr) return;  // the function is being torn down: nothing to settle
  auto it = self->pending_.find(outcome->id);
  if (it == self->pending_.end()) return;
  Napi::Promise::Deferred deferred = it->second;
  self->pending_.erase(it);
  if (self->pending_.empty()) self->tsfn_.Unref(env);

  Napi::HandleScope scope(env);
  if (outcome->ok) {
    try {
      deferred.Resolve(outcome->binary ? BinaryValue(env, *outcome) : Napi::String::New(env, outcome->payload));
    } catch (const Napi::Error& e) {  // a JS exception while building the value: the caller gets it
      deferred.Reject(e.Value());
    }
    return;
  }
  Napi::Error error = Napi::Error::New(env, outcome->message);
  error.Value().Set("code", Napi::String::New(env, ErrorCodeName(outcome->code)));
  if (!outcome->detail.empty()) error.Value().Set("detail", Napi::String::New(env, outcome->detail));
  deferred.Reject(error.Value());
}

}  // namespace lam::core
