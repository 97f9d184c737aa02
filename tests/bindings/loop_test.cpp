// loop.*: FIFO order from many producers, the bounded queue, timers, nested runs and
// the watchdog interrupting a task that runs past its budget.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "loop.hpp"
#include "quest/vm.hpp"

using namespace quest_bindings;
using namespace std::chrono_literals;

TEST_CASE("tasks from one producer run in order; many producers lose nothing") {
  quest::Vm vm;
  Loop loop(vm);
  std::vector<int> seen;
  std::vector<std::thread> producers;
  for (int p = 0; p < 4; ++p)
    producers.emplace_back([&, p] {
      for (int i = 0; i < 250; ++i) loop.post([&seen, p, i] { seen.push_back(p * 1000 + i); });
    });
  for (auto& t : producers) t.join();
  loop.run_until([&] { return seen.size() == 1000; }, Clock::now() + 5s);
  REQUIRE(seen.size() == 1000);
  std::vector<int> last(4, -1);
  for (int v : seen) {
    CHECK(v % 1000 > last[v / 1000]);
    last[v / 1000] = v % 1000;
  }
}

TEST_CASE("a full queue refuses and counts; post_always still gets in") {
  quest::Vm vm;
  Loop loop(vm, LoopLimits{3, 5000ms});
  CHECK(loop.post([] {}));
  CHECK(loop.post([] {}));
  CHECK(loop.post([] {}));
  CHECK(loop.queue()->saturated());
  CHECK_FALSE(loop.post([] {}));
  CHECK(loop.queue()->refused() == 1);
  CHECK(loop.queue()->post_always([] {}));
  loop.drain();
  CHECK(loop.queue()->pending() == 0);
}

TEST_CASE("timers fire in due order, after their delay") {
  quest::Vm vm;
  Loop loop(vm);
  std::vector<int> order;
  const auto start = Clock::now();
  loop.queue()->post_after(60ms, [&] { order.push_back(2); });
  loop.queue()->post_after(20ms, [&] { order.push_back(1); });
  loop.run_until([&] { return order.size() == 2; }, Clock::now() + 5s);
  CHECK(order == std::vector<int>{1, 2});
  CHECK(Clock::now() - start >= 60ms);
}

TEST_CASE("run_forever returns after stop() from another thread") {
  quest::Vm vm;
  Loop loop(vm);
  std::thread stopper([&] {
    std::this_thread::sleep_for(30ms);
    loop.stop();
  });
  loop.run_forever();
  stopper.join();
  CHECK(loop.stopping());
}

TEST_CASE("the watchdog interrupts Quest code that runs past the budget") {
  quest::Vm vm;
  Loop loop(vm, LoopLimits{100, 200ms});
  std::string raised;
  loop.post([&] {
    try {
      vm.run_source("while true\nend\n", "<spin>");
    } catch (const quest::QuestError& error) {
      raised = error.type();
    }
  });
  bool after_ran = false;
  loop.post([&] { after_ran = true; });
  loop.run_until([&] { return after_ran; }, Clock::now() + 10s);
  CHECK(raised == "InterruptErr");
  CHECK(after_ran);
  CHECK(loop.interrupted() == 1);
}

TEST_CASE("the idle hook runs once the queue has drained after work") {
  quest::Vm vm;
  Loop loop(vm);
  int idle = 0;
  loop.set_idle_hook([&] { ++idle; }, 0ms);
  loop.post([] {});
  loop.run_until([&] { return idle > 0; }, Clock::now() + 2s);
  CHECK(idle == 1);
}
