// A real-time Scheduler for integration tests: one thread runs each task when it is due.
// It plays the transport's timers (native/net's Server::run_after in a server); pending
// tasks are dropped by the destructor, as the Scheduler contract allows. A task may drop
// the last reference to the scheduler (through what it locks): the destructor then runs
// on the scheduler's own thread, which it detaches instead of joining.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "quest_live/channels/scheduler.hpp"

namespace quest_live::test {

class TimerScheduler final : public channels::Scheduler {
 public:
  TimerScheduler() : thread_([state = state_] { run(*state); }) {}
  ~TimerScheduler() override {
    {
      std::lock_guard lock(state_->mutex);
      state_->stopping = true;
    }
    state_->wake.notify_all();
    if (thread_.get_id() == std::this_thread::get_id()) thread_.detach();
    else thread_.join();
  }

  void run_after(std::chrono::milliseconds delay, std::function<void()> task) override {
    {
      std::lock_guard lock(state_->mutex);
      state_->tasks.emplace(std::chrono::steady_clock::now() + delay, std::move(task));
    }
    state_->wake.notify_all();
  }

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable wake;
    std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> tasks;
    bool stopping = false;
  };

  static void run(State& state) {
    std::unique_lock lock(state.mutex);
    while (!state.stopping) {
      if (state.tasks.empty()) {
        state.wake.wait(lock);
        continue;
      }
      auto first = state.tasks.begin();
      if (first->first > std::chrono::steady_clock::now()) {
        state.wake.wait_until(lock, first->first);
        continue;
      }
      auto task = std::move(first->second);
      state.tasks.erase(first);
      lock.unlock();
      task();
      task = nullptr;  // what it held is released before the lock is taken again
      lock.lock();
    }
    state.tasks.clear();
  }

  std::shared_ptr<State> state_ = std::make_shared<State>();
  std::thread thread_;  // after state_: starts once it exists
};

}  // namespace quest_live::test
