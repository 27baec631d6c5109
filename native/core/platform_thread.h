// One dedicated thread per backend, started lazily, with a FIFO job queue.
//
// Why not Napi::AsyncWorker: libuv pool threads give no thread affinity. UI Automation clients must call from
// one MTA thread that owns no windows (and add/remove event handlers there); libatspi and our libdbus
// connection are not thread-safe. So every platform call of an environment runs on this one thread, in order
// (node-pty does the same for its blocking waits).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/backend.h"

namespace lam::core {

class PlatformThread {
 public:
  // A job runs on the platform thread with the backend and the cancellation flag it must honour in waits.
  using Job = std::function<void(Backend& backend, const std::atomic<bool>& cancelled)>;

  explicit PlatformThread(std::unique_ptr<Backend> backend);
  ~PlatformThread();

  PlatformThread(const PlatformThread&) = delete;
  PlatformThread& operator=(const PlatformThread&) = delete;

  const char* platform() const { return backend_->platform(); }

  // Main thread: queue a job, starting the thread on first use.
  void Post(Job job);

  // Main thread: cancel the running job's waits, drop queued jobs, and join. Idempotent.
  void Stop();

 private:
  void Run();

  std::unique_ptr<Backend> backend_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::atomic<bool> cancelled_{false};
  bool stopping_ = false;
  bool started_ = false;
};

}  // namespace lam::core
