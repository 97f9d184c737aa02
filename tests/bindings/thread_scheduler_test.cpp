// thread_scheduler.*: tasks run on the scheduler's thread in the order they fall due,
// pending tasks are dropped at destruction, and a task may hold the last reference to
// the scheduler (quest serve aborted on SIGTERM with "Resource deadlock avoided" when a
// presence heartbeat task outlived its endpoint and the scheduler joined its own thread).
#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "thread_scheduler.hpp"

using namespace quest_bindings;
using namespace std::chrono_literals;

TEST_CASE("tasks run on the scheduler's own thread, in the order they fall due") {
  ThreadScheduler scheduler;
  std::mutex mutex;
  std::vector<int> order;
  std::promise<std::thread::id> last;
  scheduler.run_after(60ms, [&] {
    { std::lock_guard lock(mutex); order.push_back(3); }
    last.set_value(std::this_thread::get_id());
  });
  scheduler.run_after(30ms, [&] { std::lock_guard lock(mutex); order.push_back(2); });
  scheduler.run_after(0ms, [&] { std::lock_guard lock(mutex); order.push_back(1); });
  auto ran_on = last.get_future();
  REQUIRE(ran_on.wait_for(5s) == std::future_status::ready);
  CHECK(ran_on.get() != std::this_thread::get_id());
  std::lock_guard lock(mutex);
  CHECK(order == std::vector<int>{1, 2, 3});
}

TEST_CASE("tasks not yet due when the scheduler goes are dropped, not run") {
  std::atomic<bool> ran{false};
  {
    ThreadScheduler scheduler;
    scheduler.run_after(10s, [&] { ran = true; });
  }
  CHECK_FALSE(ran.load());
}

TEST_CASE("a task that drops the last reference to its scheduler does not join its own thread") {
  auto scheduler = std::make_shared<ThreadScheduler>();
  auto last_reference = std::make_shared<std::shared_ptr<ThreadScheduler>>(scheduler);
  std::promise<void> released;
  std::weak_ptr<ThreadScheduler> watch = scheduler;
  scheduler->run_after(50ms, [last_reference, &released] {
    last_reference->reset();  // ~ThreadScheduler, here on the scheduler's thread
    released.set_value();
  });
  scheduler.reset();  // the task now holds the only reference
  auto done = released.get_future();
  REQUIRE(done.wait_for(5s) == std::future_status::ready);
  CHECK(watch.expired());
}
