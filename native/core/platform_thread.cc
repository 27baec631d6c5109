#include "core/platform_thread.h"

namespace lam::core {

PlatformThread::PlatformThread(std::unique_ptr<Backend> backend) : backend_(std::move(backend)) {}

PlatformThread::~PlatformThread() { Stop(); }

void PlatformThread::Post(Job job) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return;
  queue_.push_back(std::move(job));
  if (!started_) {
    started_ = true;
    thread_ = std::thread([this] { Run(); });
  }
  wake_.notify_one();
}

void PlatformThread::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    queue_.clear();
  }
  cancelled_.store(true);
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PlatformThread::Run() {
  backend_->start();
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) break;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job(*backend_, cancelled_);
  }
  backend_->stop();
}

}  // namespace lam::core
