// The interpreter loop: the only place Quest code runs once a script starts serving.
//
// One Loop per Vm, driven on the Vm's thread. Other threads (the engine's I/O threads,
// a test client's thread, the watchdog) reach it only through post(): a task is a
// closure that captures PLAIN DATA (bytes, ids, strings, shared_ptrs to thread-safe
// native objects), never a quest::Value, and runs later on the loop thread, where it may
// create and call Quest values. Tasks run in the order they were posted (one FIFO), so
// the events of one connection are never reordered.
//
// Owns: the task queue (bounded: past `max_pending` post() refuses and counts the
// refusal; callers answer 503 or close), the timers, and a watchdog thread that
// interrupts a task running longer than `task_budget` (vm.request_interrupt -> an
// InterruptErr in Quest, which the task's boundary logs; the loop carries on).
// Lives as long as its owner (the web bindings context of one Vm). post() after stop()
// or after destruction of the Loop (through a TaskQueue kept alive by a poster) is a
// refused no-op.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace quest {
class Vm;
}

namespace quest_bindings {

using Clock = std::chrono::steady_clock;
using Task = std::function<void()>;

struct LoopLimits {
  // Tasks waiting at once; one more is refused (counted in refused()).
  std::size_t max_pending = 50'000;
  // Longest a single task may run before the watchdog interrupts it.
  std::chrono::milliseconds task_budget{5'000};
};

// The thread-safe half of a Loop: what producers hold (by shared_ptr, so an I/O
// callback that outlives the Loop posts into a closed queue instead of freed memory).
class TaskQueue {
 public:
  explicit TaskQueue(std::size_t max_pending) : max_pending_(max_pending) {}

  // Any thread. false when the queue is full or closed; the task is then dropped.
  bool post(Task task);
  // Any thread. Ignores the limit (still false once closed): for events that must not
  // be lost, such as a connection's close, whose task releases its Quest state.
  bool post_always(Task task);
  // Any thread. Runs `task` on the loop thread no earlier than `delay` from now.
  bool post_after(std::chrono::milliseconds delay, Task task);
  // Any thread. True when the queue holds at least `max_pending` tasks.
  bool saturated() const;
  std::uint64_t refused() const { return refused_.load(); }
  std::size_t pending() const;
  void close();
  bool closed() const;

  // Loop thread: waits until a task is due, `deadline` passes or wake() is called.
  // Returns the task to run, or an empty function.
  Task take(Clock::time_point deadline);
  // Any thread: makes a waiting take() return (used after an external state change).
  void wake();

 private:
  struct Timer {
    Clock::time_point due;
    std::uint64_t sequence;
    mutable Task task;
    bool operator>(const Timer& other) const {
      return due != other.due ? due > other.due : sequence > other.sequence;
    }
  };

  const std::size_t max_pending_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> tasks_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::uint64_t timer_sequence_ = 0;
  bool closed_ = false;
  bool woken_ = false;
  std::atomic<std::uint64_t> refused_{0};
};

class Loop {
 public:
  Loop(quest::Vm& vm, LoopLimits limits = {});
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  const std::shared_ptr<TaskQueue>& queue() const { return queue_; }
  bool post(Task task) { return queue_->post(std::move(task)); }

  // Loop thread. Runs tasks until `done()` is true (checked before each wait and after
  // each task) or `deadline` passes; returns done(). May be nested (a task that calls a
  // blocking test helper pumps the loop again).
  bool run_until(const std::function<bool()>& done, Clock::time_point deadline);
  // Loop thread. Runs tasks until stop().
  void run_forever();
  // Loop thread. Runs the tasks already queued (and any they queue) without waiting.
  void drain();
  // Any thread: makes run_forever() return after the task running now.
  void stop();
  bool stopping() const { return stop_requested_.load(); }

  // Runs on the loop thread when the queue has gone empty after some work (at most every
  // `min_interval`): the place for cycle collection.
  void set_idle_hook(std::function<void()> hook, std::chrono::milliseconds min_interval);

  void set_task_budget(std::chrono::milliseconds budget) { budget_ms_.store(budget.count()); }
  std::chrono::milliseconds task_budget() const { return std::chrono::milliseconds(budget_ms_.load()); }
  // Tasks interrupted by the watchdog since the loop was created.
  std::uint64_t interrupted() const { return interrupted_.load(); }

 private:
  void run_one(Task& task);
  void maybe_idle();
  void watch();

  quest::Vm& vm_;
  std::shared_ptr<TaskQueue> queue_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<std::int64_t> budget_ms_;

  // Watchdog state: start of the task running now (0 = none) and its serial number.
  std::atomic<std::int64_t> task_started_ns_{0};
  std::atomic<std::uint64_t> task_serial_{0};
  std::atomic<std::uint64_t> interrupted_{0};
  std::mutex watchdog_mutex_;
  std::condition_variable watchdog_wake_;
  bool watchdog_stop_ = false;
  std::thread watchdog_;

  std::function<void()> idle_hook_;
  std::chrono::milliseconds idle_interval_{0};
  Clock::time_point last_idle_{};
  bool worked_since_idle_ = false;
};

}  // namespace quest_bindings
