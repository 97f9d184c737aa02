#pragma once
// The channels engine's clock for Quest apps: presence flushes, heartbeats and reply
// timeouts run on a thread of their own, so they fire whether or not the interpreter is
// busy (the endpoint's tasks never touch Quest values).
#include <chrono>
#include <functional>
#include <memory>

#include "quest_live/channels/scheduler.hpp"

namespace quest_bindings {

class ThreadScheduler final : public quest_live::channels::Scheduler {
 public:
  ThreadScheduler();
  // Stops the thread, dropping tasks not yet due. May run on the scheduler's own thread:
  // a task can hold the last reference to what owns the scheduler (a presence tracker
  // whose endpoint was released meanwhile), and then the thread is left to finish by
  // itself instead of joining itself.
  ~ThreadScheduler() override;
  ThreadScheduler(const ThreadScheduler&) = delete;
  ThreadScheduler& operator=(const ThreadScheduler&) = delete;

  void run_after(std::chrono::milliseconds delay, std::function<void()> task) override;

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the thread, which may outlive this object
};

}  // namespace quest_bindings
