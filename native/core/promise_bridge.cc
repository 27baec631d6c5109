#include "core/promise_bridge.h"

namespace lam::core {

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
    deferred.Resolve(Napi::String::New(env, outcome->payload));
    return;
  }
  Napi::Error error = Napi::Error::New(env, outcome->message);
  error.Value().Set("code", Napi::String::New(env, ErrorCodeName(outcome->code)));
  if (!outcome->detail.empty()) error.Value().Set("detail", Napi::String::New(env, outcome->detail));
  deferred.Reject(error.Value());
}

}  // namespace lam::core
