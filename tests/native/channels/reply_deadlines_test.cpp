// The reply deadline list (a private part of native/channels): what waits for an
// asynchronous answer times out once, in the order it began, and an answered request
// leaves nothing behind.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../pubsub/timer_scheduler.hpp"
#include "reply_deadlines.hpp"
#include "test_support.hpp"

using quest_live::channels::detail::AwaitingReply;
using quest_live::channels::detail::ReplyDeadlines;
using quest_live::test::ManualScheduler;

namespace {

struct Expired {
  std::mutex mutex;
  std::vector<std::string> names;
  void add(const std::string& name) {
    std::lock_guard lock(mutex);
    names.push_back(name);
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return names.size();
  }
  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return names;
  }
};

class Request final : public AwaitingReply {
 public:
  Request(std::string name, Expired& expired) : name_(std::move(name)), expired_(expired) {}
  void expire() override { expired_.add(name_); }

 private:
  std::string name_;
  Expired& expired_;
};

}  // namespace

TEST_SUITE("channels: reply deadlines") {
  TEST_CASE("requests answered in time leave the list and schedule one sweep in all") {
    auto scheduler = std::make_shared<ManualScheduler>();
    auto deadlines = std::make_shared<ReplyDeadlines>(scheduler, std::chrono::milliseconds(10'000));
    Expired expired;
    for (int i = 0; i < 1000; ++i) {
      auto request = std::make_shared<Request>("r" + std::to_string(i), expired);
      deadlines->add(*request);
      CHECK(deadlines->waiting() == 1);
    }  // each answered and released before the next began
    CHECK(deadlines->waiting() == 0);
    CHECK(scheduler->pending() == 1);
    scheduler->run_all();
    CHECK(expired.size() == 0);
    CHECK(scheduler->pending() == 0);  // nothing left to wait for: no sweep rescheduled
  }

  TEST_CASE("unanswered requests expire once each, oldest first; answered ones in between do not") {
    auto scheduler = std::make_shared<ManualScheduler>();
    auto deadlines = std::make_shared<ReplyDeadlines>(scheduler, std::chrono::milliseconds(250));
    Expired expired;
    auto first = std::make_shared<Request>("first", expired);
    auto answered = std::make_shared<Request>("answered", expired);
    auto last = std::make_shared<Request>("last", expired);
    deadlines->add(*first);
    deadlines->add(*answered);
    deadlines->add(*first);  // a second add of the same request changes nothing
    deadlines->add(*last);
    CHECK(deadlines->waiting() == 3);
    answered.reset();
    CHECK(deadlines->waiting() == 2);
    REQUIRE(scheduler->delays().size() == 1);
    CHECK(scheduler->delays()[0] <= std::chrono::milliseconds(250));
    scheduler->run_all();
    CHECK(expired.names == std::vector<std::string>{"first", "last"});
    CHECK(deadlines->waiting() == 0);
    first.reset();  // already out of the list: its destructor finds nothing to unlink
    CHECK(deadlines->waiting() == 0);
  }

  TEST_CASE("a zero timeout never expires anything") {
    auto scheduler = std::make_shared<ManualScheduler>();
    auto deadlines = std::make_shared<ReplyDeadlines>(scheduler, std::chrono::milliseconds(0));
    Expired expired;
    auto request = std::make_shared<Request>("r", expired);
    deadlines->add(*request);
    CHECK(deadlines->waiting() == 0);
    CHECK(scheduler->pending() == 0);
  }

  TEST_CASE("requests outlive the list's owner safely") {
    auto scheduler = std::make_shared<ManualScheduler>();
    auto deadlines = std::make_shared<ReplyDeadlines>(scheduler, std::chrono::milliseconds(100));
    Expired expired;
    auto request = std::make_shared<Request>("r", expired);
    deadlines->add(*request);
    deadlines.reset();  // the request still refers to it
    request.reset();
    scheduler->run_all();  // the sweep finds its list gone
    CHECK(expired.size() == 0);
  }

  TEST_CASE("four threads adding and answering while sweeps expire the rest, on a real clock") {
    auto scheduler = std::make_shared<quest_live::test::TimerScheduler>();
    auto deadlines = std::make_shared<ReplyDeadlines>(scheduler, std::chrono::milliseconds(5));
    Expired expired;
    std::mutex kept_mutex;
    std::vector<std::shared_ptr<Request>> kept;  // unanswered until they expire
    std::vector<std::thread> threads;
    constexpr int per_thread = 5000;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          auto request = std::make_shared<Request>(std::to_string(t) + ":" + std::to_string(i), expired);
          deadlines->add(*request);
          if (i % 10 == 0) {
            std::lock_guard lock(kept_mutex);
            kept.push_back(std::move(request));
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    // Every kept request expires, once. A released one may expire too: with a 5 ms timeout
    // on a slow (sanitizer) build its deadline can pass before its thread lets go of it,
    // which is a timeout like any other; but nothing expires twice.
    const std::size_t unanswered = 4 * per_thread / 10;
    auto kept_expired = [&] {
      const auto snapshot = expired.snapshot();
      const std::set<std::string> names(snapshot.begin(), snapshot.end());
      std::size_t count = 0;
      for (int t = 0; t < 4; ++t)
        for (int i = 0; i < per_thread; i += 10) count += names.count(std::to_string(t) + ":" + std::to_string(i));
      return count;
    };
    // A sweep takes its requests out of the list, then expires them outside the lock:
    // waiting() reaches 0 before the last expire() has run, so wait for both.
    for (int i = 0; i < 400 && (deadlines->waiting() > 0 || kept_expired() < unanswered); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(deadlines->waiting() == 0);
    CHECK(kept_expired() == unanswered);
    const auto snapshot = expired.snapshot();
    const std::set<std::string> names(snapshot.begin(), snapshot.end());
    CHECK(names.size() == snapshot.size());  // no request expired twice
    CHECK(snapshot.size() >= unanswered);
    std::lock_guard lock(kept_mutex);
    kept.clear();
  }
}
