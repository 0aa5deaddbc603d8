#include "hdf5/thread.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

namespace h5t {
namespace {

thread_local bool on_hdf5_thread = false;

struct JobQueue {
  std::mutex mutex;
  std::condition_variable ready;  // a job was posted
  std::condition_variable idle;   // the running job finished
  std::deque<std::pair<Hdf5JobId, std::function<void()>>> jobs;
  Hdf5JobId next_id = 1;
  bool running = false;
  bool stopped = false;  // the process is exiting: run nothing more

  void Loop() {
    on_hdf5_thread = true;
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        running = false;
        idle.notify_all();
        ready.wait(lock, [&] { return !stopped && !jobs.empty(); });
        job = std::move(jobs.front().second);
        jobs.pop_front();
        running = true;
      }
      job();
    }
  }
};

// Created on first use and never destroyed: the detached thread may still be waiting
// on it while the process exits, so it must outlive static destructors.
std::atomic<JobQueue*> started{nullptr};  // for StopAtExit: null until the first job

JobQueue& Queue() {
  static JobQueue* queue = [] {
    auto* q = new JobQueue();
    std::thread([q] { q->Loop(); }).detach();
    started = q;
    return q;
  }();
  return *queue;
}

void StopAtExit() {
  JobQueue* queue = started.load();
  if (queue == nullptr) return;
  std::unique_lock<std::mutex> lock(queue->mutex);
  queue->stopped = true;
  // Bounded: a job that never ends (a pathological file) must not also hang exit().
  queue->idle.wait_for(lock, std::chrono::seconds(10), [&] { return !queue->running; });
}

}  // namespace

bool OnHdf5Thread() { return on_hdf5_thread; }

Hdf5JobId PostToHdf5Thread(std::function<void()> job) {
  JobQueue& queue = Queue();
  Hdf5JobId id;
  {
    std::lock_guard<std::mutex> lock(queue.mutex);
    id = queue.next_id++;
    queue.jobs.emplace_back(id, std::move(job));
  }
  queue.ready.notify_one();
  return id;
}

bool CancelHdf5Job(Hdf5JobId id) {
  JobQueue* queue = started.load();
  if (queue == nullptr) return false;
  std::function<void()> removed;  // destroyed after the lock is released
  {
    std::lock_guard<std::mutex> lock(queue->mutex);
    for (auto it = queue->jobs.begin(); it != queue->jobs.end(); ++it) {
      if (it->first != id) continue;
      removed = std::move(it->second);
      queue->jobs.erase(it);
      return true;
    }
  }
  return false;
}

void StopHdf5ThreadAtExit() {
  static std::once_flag once;
  std::call_once(once, [] { std::atexit(StopAtExit); });
}

}  // namespace h5t
