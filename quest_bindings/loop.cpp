#include "loop.hpp"

#include <cstdio>
#include <string>

#include "quest/vm.hpp"

namespace quest_bindings {

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

}  // namespace

// ---------------------------------------------------------------- TaskQueue

bool TaskQueue::post(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || tasks_.size() >= max_pending_) {
      refused_.fetch_add(1);
      return false;
    }
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

bool TaskQueue::post_always(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

bool TaskQueue::post_after(std::chrono::milliseconds delay, Task task) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    timers_.push(Timer{Clock::now() + delay, timer_sequence_++, std::move(task)});
  }
  ready_.notify_one();
  return true;
}

bool TaskQueue::saturated() const {
  std::lock_guard lock(mutex_);
  return tasks_.size() >= max_pending_;
}

std::size_t TaskQueue::pending() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

void TaskQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

bool TaskQueue::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void TaskQueue::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  ready_.notify_all();
}

Task TaskQueue::take(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  for (;;) {
    // Due timers first, so a timer is not starved by a busy queue for long.
    if (!timers_.empty() && timers_.top().due <= Clock::now()) {
      Task task = std::move(timers_.top().task);
      timers_.pop();
      return task;
    }
    if (!tasks_.empty()) {
      Task task = std::move(tasks_.front());
      tasks_.pop_front();
      return task;
    }
    if (woken_) {
      woken_ = false;
      return {};
    }
    auto wait_until = deadline;
    if (!timers_.empty() && timers_.top().due < wait_until) wait_until = timers_.top().due;
    if (Clock::now() >= deadline) return {};
    ready_.wait_until(lock, wait_until);
  }
}

// ---------------------------------------------------------------- Loop

Loop::Loop(quest::Vm& vm, LoopLimits limits)
    : vm_(vm),
      queue_(std::make_shared<TaskQueue>(limits.max_pending)),
      budget_ms_(limits.task_budget.count()) {
  watchdog_ = std::thread([this] { watch(); });
}

Loop::~Loop() {
  queue_->close();
  {
    std::lock_guard lock(watchdog_mutex_);
    watchdog_stop_ = true;
  }
  watchdog_wake_.notify_all();
  watchdog_.join();
}

void Loop::run_one(Task& task) {
  // Nested runs (a task pumping the loop) save the outer task's watch and give it a
  // fresh budget when they return.
  const std::int64_t outer_started = task_started_ns_.load();
  task_serial_.fetch_add(1);
  task_started_ns_.store(now_ns());
  try {
    task();
  } catch (const std::exception& error) {
    // Tasks catch Quest errors at their own boundary; anything here is a host bug.
    std::fprintf(stderr, "[loop] task failed: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "[loop] task failed with a non-standard exception\n");
  }
  task = nullptr;  // destroy captured data now, on the loop thread
  std::fflush(stdout);  // a handler's puts reaches a piped log at once, not at exit
  task_serial_.fetch_add(1);
  task_started_ns_.store(outer_started == 0 ? 0 : now_ns());
  worked_since_idle_ = true;
}

void Loop::maybe_idle() {
  if (!idle_hook_ || !worked_since_idle_) return;
  const auto now = Clock::now();
  if (now - last_idle_ < idle_interval_) return;
  if (queue_->pending() != 0) return;
  worked_since_idle_ = false;
  last_idle_ = now;
  idle_hook_();
}

bool Loop::run_until(const std::function<bool()>& done, Clock::time_point deadline) {
  while (!done()) {
    if (Clock::now() >= deadline) return done();
    maybe_idle();
    // Wake at least every 50 ms so a `done` flipped by another thread is noticed even
    // when that thread does not post.
    const auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(50));
    Task task = queue_->take(slice);
    if (task) run_one(task);
  }
  return true;
}

void Loop::run_forever() {
  stop_requested_.store(false);
  while (!stop_requested_.load()) {
    maybe_idle();
    const auto slice = Clock::now() + std::chrono::milliseconds(250);
    Task task = queue_->take(slice);
    if (task) run_one(task);
  }
}

void Loop::drain() {
  for (;;) {
    Task task = queue_->take(Clock::now());
    if (!task) return;
    run_one(task);
  }
}

void Loop::stop() {
  stop_requested_.store(true);
  queue_->wake();
}

void Loop::set_idle_hook(std::function<void()> hook, std::chrono::milliseconds min_interval) {
  idle_hook_ = std::move(hook);
  idle_interval_ = min_interval;
}

void Loop::watch() {
  std::uint64_t interrupted_serial = 0;
  std::unique_lock lock(watchdog_mutex_);
  while (!watchdog_stop_) {
    const std::int64_t budget = budget_ms_.load();
    watchdog_wake_.wait_for(lock, std::chrono::milliseconds(std::max<std::int64_t>(5, budget / 20)));
    if (watchdog_stop_) break;
    const std::int64_t started = task_started_ns_.load();
    const std::uint64_t serial = task_serial_.load();
    if (started == 0 || serial == interrupted_serial) continue;
    const std::int64_t elapsed_ms = (now_ns() - started) / 1'000'000;
    if (elapsed_ms < budget) continue;
    interrupted_serial = serial;
    interrupted_.fetch_add(1);
    vm_.request_interrupt("handler ran longer than its " + std::to_string(budget) +
                          " ms budget");
  }
}

}  // namespace quest_bindings
