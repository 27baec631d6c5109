// A named service: one backend on its own dedicated thread with a FIFO job queue, started lazily on the
// first job. The addon hosts one per concern ("platform": the accessibility backend; "office": the office
// suite's automation, whose backend comes in a later step), so that a hung app in one cannot stall the
// other.
//
// Why a dedicated thread and not Napi::AsyncWorker: libuv pool threads give no thread affinity (and are
// limited by UV_THREADPOOL_SIZE). UI Automation clients must call from one MTA thread that owns no windows
// (and add/remove event handlers there); libatspi and our libdbus connections are not thread-safe; a COM
// server (Word, Excel) is called from the apartment that created its proxy. So every call of a service runs
// on that service's thread, in order (node-pty does the same for its blocking waits).
//
// Deadlines and abandonment (the policy):
//   Every job has a deadline (timeoutMs, counted from when the job starts running). Every blocking call in a
//   backend honours it and the cancellation flag, and fails the job with TIMEOUT itself. A call that cannot
//   be interrupted (a COM call into a hung app, a blocking connect, a system call that ignores the flag) is
//   abandoned: a supervisor thread watches the running job and, kAbandonGraceMs after its deadline,
//     1. settles the job's promise with TIMEOUT ("... abandoned"),
//     2. retires the thread: its cancellation flag is raised, it is never given another job, and whenever
//        the call returns its late result is discarded and the thread stops its backend and exits (or it
//        stays blocked until the process exits; it is detached and holds only shared state),
//     3. starts a fresh thread with a fresh backend instance for the jobs queued behind it.
//   While 8 abandoned threads are still stuck (kMaxStuckThreads, service.cc), new jobs fail at once with
//   TIMEOUT instead of piling up more threads, until one of the stuck calls returns.
//   The idle hook is watched the same way (a thread stuck in idle() is retired; no promise to settle).
//   Stop (environment teardown) is bounded: it cancels, rejects queued jobs, waits at most kStopWaitMs for
//   the threads to finish and then abandons the rest, settling their jobs with INTERNAL. Process exit and
//   worker.terminate() therefore never wait on a hung app. A job posted after Stop rejects at once.
//   Everything a retired thread can still touch (this service's shared state, its backend, the promise
//   bridge) is reference-counted and stays alive until that thread is done; a delivery after the bridge
//   closed is dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/deadline.h"
#include "core/promise_bridge.h"
#include "core/service_backend.h"

namespace lam::core {

// How long after a job's deadline the supervisor abandons it. A cooperative call fails with TIMEOUT at the
// deadline itself; the grace covers the last wait slice and the cost of building that error, and a short
// fixed sub-budget some steps keep of their own (event registration, at most 400 ms).
constexpr int kAbandonGraceMs = 500;
// How long Stop waits for the service's threads before abandoning them.
constexpr int kStopWaitMs = 500;

class Service {
 public:
  using Factory = std::function<std::unique_ptr<ServiceBackend>()>;
  // Runs on the service thread; fills the outcome's result, or throws NativeError.
  using Job = std::function<void(ServiceBackend& backend, const Deadline& deadline, Outcome& outcome)>;

  // `factory` runs on each new service thread, so a backend is created on the thread that uses it.
  Service(std::string name, Factory factory, std::shared_ptr<PromiseBridge> bridge);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  const std::string& name() const;

  // Main thread: queue a job whose outcome carries `id`, starting the thread on first use. False when the
  // service is stopped: the caller rejects the promise at once. Throws (std::system_error) when no thread can
  // be started, before anything is queued: the job is then never run.
  bool Post(uint64_t id, int timeout_ms, Job job);

  // Main thread: bounded (see the policy above). Idempotent. Stop = BeginStop + FinishStop(now + kStopWaitMs);
  // the halves let the environment stop all its services within one wait.
  void Stop();
  // Cancel the running job, reject the queued ones, refuse new ones.
  void BeginStop();
  // Wait until `until` for the service thread to finish, then abandon it (its job settles INTERNAL).
  void FinishStop(Deadline::Clock::time_point until);
  bool stopped() const;

  // Diagnostics: how many threads this service has retired after an abandoned job.
  int retired_threads() const;

  struct Shared;  // state shared with the service's threads (service.cc)

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace lam::core
