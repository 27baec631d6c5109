// A point in time a job must finish by, plus the cancellation flag the service thread checks while it waits.
// Every blocking wait on a target app is bounded by both: a hung app costs its budget, never a hung Node. A
// call that cannot poll them is abandoned by the service's supervisor instead (core/service.h).
#pragma once

#include <atomic>
#include <chrono>

namespace lam::core {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  Deadline(int timeout_ms, const std::atomic<bool>* cancelled)
      : end_(Clock::now() + std::chrono::milliseconds(timeout_ms)), timeout_ms_(timeout_ms), cancelled_(cancelled) {}

  int remaining_ms() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
  }
  bool expired() const { return Clock::now() >= end_; }
  bool cancelled() const { return cancelled_ && cancelled_->load(std::memory_order_relaxed); }
  int timeout_ms() const { return timeout_ms_; }

  // A shorter budget inside this one (at most `ms`, never past this deadline), cancelled together with it.
  Deadline Within(int ms) const {
    int left = remaining_ms();
    return Deadline(ms < left ? ms : (left > 0 ? left : 1), cancelled_);
  }

 private:
  Clock::time_point end_;
  int timeout_ms_;
  const std::atomic<bool>* cancelled_;
};

}  // namespace lam::core
