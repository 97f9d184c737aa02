// Deferred work for protocol code that owns no event loop.
//
// Presence coalesces diffs over a short window and needs "run this in 30 ms". The
// transport implements Scheduler with its own timers (an asio steady_timer in
// native/net); unit tests use a manual scheduler they advance by hand.
#pragma once

#include <chrono>
#include <functional>

namespace quest_live::channels {

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  // Runs `task` once, on any thread, no sooner than `delay` from now. Safe to call from
  // any thread, including from inside a task. The task must not throw; it is run without
  // any lock of the caller held. Tasks still pending at destruction may be dropped.
  virtual void run_after(std::chrono::milliseconds delay, std::function<void()> task) = 0;
};

}  // namespace quest_live::channels
