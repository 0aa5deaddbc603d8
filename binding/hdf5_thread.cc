#include "hdf5_thread.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace h5t {
namespace {

struct JobQueue {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::function<void()>> jobs;

  void Loop() {
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        ready.wait(lock, [&] { return !jobs.empty(); });
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      job();
    }
  }
};

// Created on first use and never destroyed: the detached thread may still be waiting
// on it while the process exits, so it must outlive static destructors.
JobQueue& Queue() {
  static JobQueue* queue = [] {
    auto* q = new JobQueue();
    std::thread([q] { q->Loop(); }).detach();
    return q;
  }();
  return *queue;
}

}  // namespace

void PostToHdf5Thread(std::function<void()> job) {
  JobQueue& queue = Queue();
  {
    std::lock_guard<std::mutex> lock(queue.mutex);
    queue.jobs.push_back(std::move(job));
  }
  queue.ready.notify_one();
}

}  // namespace h5t
