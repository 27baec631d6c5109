// What every service's backend has in common, whatever it serves (the platform's accessibility API, an
// office suite): the lifecycle of the thread that owns it and an idle hook. The platform interface
// (core/backend.h) and the office interface of a later step both extend it.
//
// A backend instance belongs to exactly one service thread: it is created, started, used, stopped and
// destroyed there. When a thread is retired after a job that could not be interrupted (core/service.h),
// the next thread gets a fresh instance; the retired one is never touched again by anyone else.
#pragma once

#include <string>

#include "core/deadline.h"
#include "core/native_error.h"

namespace lam::core {

class ServiceBackend {
 public:
  virtual ~ServiceBackend() = default;

  // Called on the service thread before its first job and after its last one.
  virtual void start() {}
  virtual void stop() {}

  // The idle hook: while nothing is queued, the service thread calls idle() every idle_interval_ms()
  // (-1: never), so a backend can pump platform events between jobs (drain the AT-SPI event connection,
  // and later keep a live tree current). idle() must honour its deadline like any job: the supervisor
  // retires a thread that stays in idle() past it.
  virtual int idle_interval_ms() const { return -1; }
  virtual void idle(const Deadline&) {}

  // Diagnostics for the lifecycle tests (reachable only through the exports that LAM_BRIDGE_TEST_HOOKS=1
  // enables at load, see native/addon.cc): e.g. "reset-links" drops the backend's connections.
  virtual std::string test_hook(const std::string& name, const Deadline&) {
    throw NativeError(ErrorCode::InvalidArgument, "test hook (lam-bridge): this backend has no hook '" + name + "'");
  }
};

}  // namespace lam::core
