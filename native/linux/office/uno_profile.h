// An opt-in trace of where a batch's time goes, for measuring only (bench/RESULTS.md): with LAM_UNO_PROFILE=1
// in the environment, each officeRun batch writes one line to stderr (ops, time per op, the adapters made and
// their time, the calls made without an adapter). Off, it costs one branch per op; nothing is written.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lam::uno {

class Profile {
 public:
  static bool enabled();
  using Clock = std::chrono::steady_clock;
  static double Ms(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
  }
  // Counters of the batch in progress on this thread (one backend per office thread).
  static thread_local int adapters;
  static thread_local double adapter_ms;
  static thread_local int direct_calls;
  static void Reset() { adapters = 0; adapter_ms = 0; direct_calls = 0; }
  static void Write(const std::string& line);
};

}  // namespace lam::uno
