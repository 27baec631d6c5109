#include "core/service.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace lam::core {
namespace {

using Clock = Deadline::Clock;

// How long one idle() call may take before the supervisor retires its thread.
constexpr int kIdleBudgetMs = 250;

// How many abandoned threads may still be stuck in their calls before the service refuses new jobs. Each
// holds a thread (on Windows, a COM apartment too) for as long as the hung app holds it; an agent retrying a
// hung app every few seconds would otherwise pile them up without end. Past the cap a job fails at once
// with TIMEOUT, until one of the stuck calls returns.
constexpr int kMaxStuckThreads = 8;

// Exactly one of the service thread (the result) and the supervisor or Stop (TIMEOUT / INTERNAL) settles a
// job: whoever flips this first.
using SettledFlag = std::shared_ptr<std::atomic<bool>>;

struct Running {
  uint64_t id = 0;  // 0: the idle hook, no promise
  int timeout_ms = 0;
  Clock::time_point abandon_at;
  SettledFlag settled;
};

// One service thread and what only it and the supervisor look at.
struct Incarnation {
  std::atomic<bool> cancelled{false};  // the job's Deadline polls it; raised at retirement and at Stop
  // Guarded by Service::Shared::mutex:
  bool retired = false;
  bool abandoned = false;  // retired by the supervisor, mid-call: counts in Shared::stuck until it exits
  bool exited = false;
  std::optional<Running> running;
};

struct Queued {
  uint64_t id;
  int timeout_ms;
  Service::Job job;
  SettledFlag settled;
};

Outcome Execute(ServiceBackend* backend, const std::string& start_error, Queued& queued,
                const std::atomic<bool>& cancelled) {
  Outcome outcome;
  outcome.id = queued.id;
  try {
    if (backend == nullptr) throw NativeError(ErrorCode::Internal, start_error);
    Deadline deadline(queued.timeout_ms, &cancelled);
    queued.job(*backend, deadline, outcome);
    outcome.ok = true;
  } catch (const NativeError& e) {
    outcome = Outcome::Failure(queued.id, e.code(), e.message(), e.detail());
  } catch (const std::exception& e) {
    outcome = Outcome::Failure(queued.id, ErrorCode::Internal, std::string("service thread: ") + e.what());
  } catch (...) {
    outcome = Outcome::Failure(queued.id, ErrorCode::Internal, "service thread: unknown exception");
  }
  return outcome;
}

}  // namespace

struct Service::Shared {
  std::string name;
  Factory factory;
  std::shared_ptr<PromiseBridge> bridge;

  std::mutex mutex;  // guards everything below and each Incarnation's guarded fields
  std::condition_variable work;    // service threads wait for jobs
  std::condition_variable watch;   // the supervisor waits for a running job's abandon time
  std::condition_variable exited;  // Stop waits for the current thread to finish
  std::deque<Queued> queue;
  std::shared_ptr<Incarnation> current;  // the thread that takes jobs; null before the first and after a retirement
  std::shared_ptr<Incarnation> stopped_thread;  // between BeginStop and FinishStop: the thread Stop waits for
  std::thread supervisor;
  bool stopping = false;
  int retired = 0;
  int stuck = 0;  // abandoned threads that have not returned yet (at most kMaxStuckThreads)

  // With the mutex held: a fresh thread (with a fresh backend, made on that thread) for the queue.
  void StartThreadLocked(const std::shared_ptr<Shared>& self);
  // With the mutex held: settle the current thread's running job with TIMEOUT and retire the thread.
  void AbandonLocked(const std::shared_ptr<Shared>& self);
  static void RunThread(std::shared_ptr<Shared> self, std::shared_ptr<Incarnation> me);
  static void RunSupervisor(std::shared_ptr<Shared> self);
};

void Service::Shared::StartThreadLocked(const std::shared_ptr<Shared>& self) {
  auto incarnation = std::make_shared<Incarnation>();
  // Detached: nobody ever joins a thread that may be blocked in a call into a hung app. Stop waits on
  // `exited` with a bound instead; the thread owns references to all it touches.
  std::thread(&Shared::RunThread, self, incarnation).detach();
  current = std::move(incarnation);
}

void Service::Shared::RunThread(std::shared_ptr<Shared> self, std::shared_ptr<Incarnation> me) {
  std::unique_ptr<ServiceBackend> backend;
  std::string start_error;
  try {
    backend = self->factory();
    backend->start();
  } catch (const std::exception& e) {
    backend.reset();  // every job fails with the reason, until Stop
    start_error = self->name + " service (lam-bridge): the backend failed to start: " + e.what();
  }

  std::unique_lock<std::mutex> lock(self->mutex);
  for (;;) {
    if (self->stopping || me->retired) break;
    if (self->queue.empty()) {
      const int idle_ms = backend ? backend->idle_interval_ms() : -1;
      if (idle_ms < 0) {
        self->work.wait(lock);
        continue;
      }
      if (self->work.wait_for(lock, std::chrono::milliseconds(idle_ms)) == std::cv_status::no_timeout) continue;
      if (self->stopping || me->retired || !self->queue.empty()) continue;
      me->running = Running{0, kIdleBudgetMs, Clock::now() + std::chrono::milliseconds(kIdleBudgetMs + kAbandonGraceMs), nullptr};
      self->watch.notify_all();
      lock.unlock();
      try {
        backend->idle(Deadline(kIdleBudgetMs, &me->cancelled));
      } catch (...) {
        // A failed pump costs only that pump; the next job reports whatever is wrong.
      }
      lock.lock();
      me->running.reset();
      continue;
    }
    Queued queued = std::move(self->queue.front());
    self->queue.pop_front();
    me->running = Running{queued.id, queued.timeout_ms,
                          Clock::now() + std::chrono::milliseconds(queued.timeout_ms + kAbandonGraceMs), queued.settled};
    self->watch.notify_all();
    lock.unlock();
    Outcome outcome = Execute(backend.get(), start_error, queued, me->cancelled);
    lock.lock();
    me->running.reset();
    lock.unlock();
    // Already settled when the supervisor abandoned the job: this late result is discarded.
    if (!queued.settled->exchange(true)) self->bridge->Deliver(std::move(outcome));
    queued.job = nullptr;  // release the job's data on this thread, before taking the lock
    lock.lock();
  }
  lock.unlock();
  if (backend) {
    try {
      backend->stop();
    } catch (...) {
    }
    backend.reset();
  }
  lock.lock();
  if (me->abandoned) --self->stuck;
  me->exited = true;
  self->exited.notify_all();
}

void Service::Shared::AbandonLocked(const std::shared_ptr<Shared>& self) {
  std::shared_ptr<Incarnation> hung = std::move(current);
  Running running = std::move(*hung->running);
  hung->running.reset();
  hung->retired = true;
  hung->abandoned = true;
  hung->cancelled.store(true);
  ++retired;
  ++stuck;
  if (running.settled && !running.settled->exchange(true)) {
    bridge->Deliver(Outcome::Failure(
        running.id, ErrorCode::Timeout,
        name + " service (lam-bridge): no result within " + std::to_string(running.timeout_ms) + " ms (+" +
            std::to_string(kAbandonGraceMs) +
            " ms grace) and the call could not be interrupted (a hung application?); the job was abandoned, "
            "its thread retired, and a late result will be discarded"));
  }
  if (queue.empty()) return;  // the next Post starts a thread
  try {
    StartThreadLocked(self);
  } catch (const std::exception& e) {
    for (Queued& q : queue)
      if (!q.settled->exchange(true))
        bridge->Deliver(Outcome::Failure(q.id, ErrorCode::Internal,
                                         name + " service (lam-bridge): cannot start a thread: " + e.what()));
    queue.clear();
  }
}

void Service::Shared::RunSupervisor(std::shared_ptr<Shared> self) {
  std::unique_lock<std::mutex> lock(self->mutex);
  while (!self->stopping) {
    const std::shared_ptr<Incarnation> cur = self->current;
    if (cur && cur->running) {
      const Clock::time_point at = cur->running->abandon_at;
      if (Clock::now() < at) {
        self->watch.wait_until(lock, at);
        continue;
      }
      self->AbandonLocked(self);
      continue;
    }
    self->watch.wait(lock);
  }
}

Service::Service(std::string name, Factory factory, std::shared_ptr<PromiseBridge> bridge)
    : shared_(std::make_shared<Shared>()) {
  shared_->name = std::move(name);
  shared_->factory = std::move(factory);
  shared_->bridge = std::move(bridge);
}

Service::~Service() { Stop(); }

const std::string& Service::name() const { return shared_->name; }

bool Service::stopped() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->stopping;
}

int Service::retired_threads() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->retired;
}

bool Service::Post(uint64_t id, int timeout_ms, Job job) {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  if (shared_->stopping) return false;
  if (shared_->stuck >= kMaxStuckThreads) {
    shared_->bridge->Deliver(Outcome::Failure(
        id, ErrorCode::Timeout,
        shared_->name + " service (lam-bridge): " + std::to_string(shared_->stuck) +
            " earlier calls are still stuck in an application that does not answer; refusing new calls until "
            "one of them returns"));
    return true;
  }
  if (!shared_->supervisor.joinable()) shared_->supervisor = std::thread(&Shared::RunSupervisor, shared_);
  // The thread first: when it cannot be started (std::system_error) nothing is queued, and the caller's
  // failure (Submit rejects with INTERNAL) is the job's only outcome. The new thread takes the job only after
  // this lock is released.
  if (!shared_->current) shared_->StartThreadLocked(shared_);
  shared_->queue.push_back(Queued{id, timeout_ms, std::move(job), std::make_shared<std::atomic<bool>>(false)});
  shared_->work.notify_all();
  return true;
}

void Service::Stop() {
  BeginStop();
  FinishStop(Clock::now() + std::chrono::milliseconds(kStopWaitMs));
}

void Service::BeginStop() {
  std::deque<Queued> dropped;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    if (shared_->stopping) return;
    shared_->stopping = true;
    dropped.swap(shared_->queue);
    shared_->stopped_thread = shared_->current;
    if (shared_->stopped_thread) shared_->stopped_thread->cancelled.store(true);  // a cooperative wait ends within one slice
  }
  shared_->work.notify_all();
  shared_->watch.notify_all();
  // The supervisor waits only on `watch`: this join is immediate.
  if (shared_->supervisor.joinable()) shared_->supervisor.join();
  for (Queued& q : dropped)
    if (!q.settled->exchange(true))
      shared_->bridge->Deliver(
          Outcome::Failure(q.id, ErrorCode::Internal, shared_->name + " service (lam-bridge): service stopped"));
}

void Service::FinishStop(Deadline::Clock::time_point until) {
  std::unique_lock<std::mutex> lock(shared_->mutex);
  std::shared_ptr<Incarnation> cur = std::move(shared_->stopped_thread);
  if (!cur) return;
  shared_->exited.wait_until(lock, until, [&] { return cur->exited; });
  if (cur->exited) return;
  // Still inside a call that ignores cancellation: abandon the thread to finish (or not) on its own.
  cur->retired = true;
  ++shared_->retired;
  if (cur->running && cur->running->settled && !cur->running->settled->exchange(true))
    shared_->bridge->Deliver(Outcome::Failure(
        cur->running->id, ErrorCode::Internal,
        shared_->name + " service (lam-bridge): service stopped; the running job was abandoned"));
}

}  // namespace lam::core
