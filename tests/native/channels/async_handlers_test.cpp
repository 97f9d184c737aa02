// Asynchronous join and event handlers: responders answered later from another thread,
// what waits while a join is undecided, timeouts, dropped responders, the rate limit.
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "quest_live/channels/endpoint.hpp"
#include "test_support.hpp"

using namespace quest_live;
using namespace quest_live::channels;
using namespace quest_live::test;

namespace {

// A channel whose handlers keep their responders for the test to answer, as the Quest
// binding does from its interpreter thread.
struct AsyncFixture {
  std::shared_ptr<ManualScheduler> scheduler = std::make_shared<ManualScheduler>();
  std::mutex mutex;
  std::vector<JoinResponder> joins;
  std::vector<EventResponder> events;
  std::vector<std::string> payloads;  // exact bytes each handler was given
  std::vector<LeaveReason> leaves;
  std::shared_ptr<ChannelEndpoint> endpoint;

  explicit AsyncFixture(EndpointOptions options = {}) {
    options.log = [](std::string_view) {};
    endpoint = ChannelEndpoint::create(scheduler, options);
    ChannelHandlers handlers;
    handlers.join_async = [this](ChannelContext&, std::string_view payload, JoinResponder responder) {
      std::lock_guard lock(mutex);
      payloads.emplace_back(payload);
      joins.push_back(std::move(responder));
    };
    handlers.event_async = [this](ChannelContext&, const std::string&, std::string_view payload,
                                  EventResponder responder) {
      std::lock_guard lock(mutex);
      payloads.emplace_back(payload);
      events.push_back(std::move(responder));
    };
    handlers.leave = [this](ChannelContext&, LeaveReason reason) {
      std::lock_guard lock(mutex);
      leaves.push_back(reason);
    };
    endpoint->add_channel("room:*", std::move(handlers));
  }

  std::shared_ptr<RecordingConnection> connect(const std::string& id) {
    auto connection = std::make_shared<RecordingConnection>(id);
    endpoint->on_open(connection);
    return connection;
  }
  void send(const std::shared_ptr<RecordingConnection>& c, const std::string& frame) { endpoint->on_text(c, frame); }
  JoinResponder join_responder(std::size_t i) {
    std::lock_guard lock(mutex);
    return joins.at(i);
  }
  EventResponder event_responder(std::size_t i) {
    std::lock_guard lock(mutex);
    return events.at(i);
  }
  // Answers from another thread and waits for it, as the binding would.
  template <typename Answer>
  void answer_elsewhere(Answer answer) {
    std::thread(answer).join();
  }
};

std::string event_frame(const std::string& ref, const std::string& body) {
  return R"(["1",")" + ref + R"(","room:a","say",{"body":")" + body + R"("}])";
}
const std::string kJoin = R"(["1","1","room:a","phx_join",{"user":"ann"}])";

}  // namespace

TEST_SUITE("async channel handlers") {
  TEST_CASE("a join answered later from another thread replies ok then") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    CHECK(ann->frames().empty());
    CHECK(f.endpoint->pubsub().subscriber_count("room:a") == 0);
    f.answer_elsewhere([&] { CHECK(f.join_responder(0).accept(R"({"hi":1})")); });
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].ref() == std::optional<std::string>("1"));
    CHECK(frames[0].status() == "ok");
    CHECK(frames[0].response()["hi"].GetInt() == 1);
    CHECK(f.endpoint->pubsub().subscriber_count("room:a") == 1);
    CHECK_FALSE(f.join_responder(0).accept());  // exactly once
  }

  TEST_CASE("the handler gets the payload's exact bytes") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, R"(["1","1","room:a","phx_join", { "user" : "ann",  "n": [1, 2.50] } ])");
    REQUIRE(f.payloads.size() == 1);
    CHECK(f.payloads[0] == R"({ "user" : "ann",  "n": [1, 2.50] })");
  }

  TEST_CASE("frames sent during a pending join are held and dispatched in order after the ok") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    for (int i = 2; i <= 5; ++i) f.send(ann, event_frame(std::to_string(i), "m" + std::to_string(i)));
    CHECK(f.events.empty());  // nothing dispatched before the join is decided
    f.answer_elsewhere([&] { f.join_responder(0).accept(); });
    REQUIRE(f.events.size() == 4);
    for (int i = 0; i < 4; ++i) {
      CHECK(f.event_responder(i).ref() == std::optional<std::string>(std::to_string(i + 2)));
      CHECK(f.payloads[i + 1] == R"({"body":"m)" + std::to_string(i + 2) + "\"}");
    }
    // Answered out of order from other threads: each reply carries its own ref.
    f.answer_elsewhere([&] { f.event_responder(3).ok(R"({"n":5})"); });
    f.answer_elsewhere([&] { f.event_responder(0).ok(R"({"n":2})"); });
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].status() == "ok");  // the join
    CHECK(frames[1].ref() == std::optional<std::string>("5"));
    CHECK(frames[2].ref() == std::optional<std::string>("2"));
  }

  TEST_CASE("a push made during a pending join goes out right after the ok reply") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    f.answer_elsewhere([&] {
      auto context = f.join_responder(0).context();
      context.push("welcome", R"({"n":1})");
      CHECK(f.endpoint->push("ann", "room:a", "second", "{}"));
      f.join_responder(0).accept();
    });
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].event() == "phx_reply");
    CHECK(frames[1].event() == "welcome");
    CHECK(frames[1].join_ref() == std::optional<std::string>("1"));
    CHECK_FALSE(frames[1].ref().has_value());
    CHECK(frames[2].event() == "second");
  }

  TEST_CASE("a refused join drops held frames with error replies, and its pushes") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    f.send(ann, event_frame("2", "x"));
    f.send(ann, event_frame("3", "y"));
    f.send(ann, R"(["1","4","room:a","phx_leave",{}])");
    f.join_responder(0).context().push("welcome", "{}");
    f.answer_elsewhere([&] { f.join_responder(0).refuse("no entry"); });
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 4);
    CHECK(frames[0].status() == "error");
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "no entry");
    CHECK(frames[1].ref() == std::optional<std::string>("2"));
    CHECK(std::string(frames[1].response()["reason"].GetString()) == "join refused");
    CHECK(frames[2].ref() == std::optional<std::string>("3"));
    CHECK(frames[3].ref() == std::optional<std::string>("4"));  // a leave of a topic not joined: ok
    CHECK(frames[3].status() == "ok");
    CHECK(f.events.empty());
    CHECK(f.leaves.empty());  // never joined: no leave handler
    CHECK(f.endpoint->pubsub().subscriber_count("room:a") == 0);
  }

  TEST_CASE("a held phx_leave ends the channel after the ok reply, in order") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    f.send(ann, event_frame("2", "x"));
    f.send(ann, R"(["1","3","room:a","phx_leave",{}])");
    f.send(ann, event_frame("4", "late"));
    f.join_responder(0).accept();
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 4);
    CHECK(frames[0].status() == "ok");
    CHECK(frames[1].ref() == std::optional<std::string>("3"));  // the leave's ok
    CHECK(frames[2].event() == "phx_close");
    CHECK(frames[3].ref() == std::optional<std::string>("4"));
    CHECK(std::string(frames[3].response()["reason"].GetString()) == "channel closed");
    CHECK(f.events.size() == 1);  // "x" was dispatched before the leave
    REQUIRE(f.leaves.size() == 1);
    CHECK(f.leaves[0] == LeaveReason::left);
    // Its responder answers nothing once the channel has ended.
    CHECK_FALSE(f.event_responder(0).ok());
    CHECK(ann->frames().empty());
  }

  TEST_CASE("a disconnect during a pending join: the late answer sends nothing and subscribes nothing") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    f.send(ann, event_frame("2", "x"));
    f.endpoint->on_close("ann");
    CHECK_FALSE(f.join_responder(0).accept());
    CHECK(ann->frames().empty());
    CHECK(f.endpoint->pubsub().subscriber_count("room:a") == 0);
    CHECK(f.leaves.empty());
  }

  TEST_CASE("a duplicate join cancels the pending one; held frames get join cancelled") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    f.send(ann, event_frame("2", "x"));
    f.send(ann, R"(["5","5","room:a","phx_join",{"user":"ann"}])");
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].ref() == std::optional<std::string>("2"));
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "join cancelled");
    CHECK_FALSE(f.join_responder(0).accept());
    CHECK(f.join_responder(1).accept());
    frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].join_ref() == std::optional<std::string>("5"));
    CHECK(frames[0].status() == "ok");
  }

  TEST_CASE("held frames are bounded: past the limit an error reply") {
    EndpointOptions options;
    options.max_held_messages = 2;
    AsyncFixture f(options);
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    for (int i = 2; i <= 4; ++i) f.send(ann, event_frame(std::to_string(i), "m"));
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].ref() == std::optional<std::string>("4"));
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "too many messages while joining");
    f.join_responder(0).accept();
    CHECK(f.events.size() == 2);
  }

  TEST_CASE("a dropped join responder refuses with join crashed") {
    EndpointOptions options;
    options.log = [](std::string_view) {};
    auto scheduler = std::make_shared<ManualScheduler>();
    auto endpoint = ChannelEndpoint::create(scheduler, options);
    ChannelHandlers handlers;
    handlers.join_async = [](ChannelContext&, std::string_view, JoinResponder) {};  // drops it
    endpoint->add_channel("room:*", std::move(handlers));
    auto ann = std::make_shared<RecordingConnection>("ann");
    endpoint->on_text(ann, kJoin);
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].status() == "error");
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "join crashed");
  }

  TEST_CASE("an unanswered join times out, and the late answer loses") {
    EndpointOptions options;
    options.reply_timeout = std::chrono::milliseconds(250);
    AsyncFixture f(options);
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    REQUIRE(f.scheduler->delays().size() == 1);
    CHECK(f.scheduler->delays()[0] == std::chrono::milliseconds(250));
    f.scheduler->run_all();
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "join timed out");
    CHECK_FALSE(f.join_responder(0).accept());
    CHECK(ann->frames().empty());
  }

  TEST_CASE("event responders: dropped -> no reply error, timeout, no_reply, crash") {
    AsyncFixture f;
    auto ann = f.connect("ann");
    f.send(ann, kJoin);
    f.join_responder(0).accept();
    ann->take();
    for (int i = 2; i <= 4; ++i) f.send(ann, event_frame(std::to_string(i), "m"));
    {
      std::lock_guard lock(f.mutex);
      f.events.erase(f.events.begin());  // the only copy of ref 2's responder: dropped
    }
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].ref() == std::optional<std::string>("2"));
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "no reply");
    f.scheduler->run_all();  // the timeouts: ref 3 and 4 are still unanswered
    frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 2);
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "timeout");
    f.send(ann, event_frame("5", "m"));
    CHECK(f.event_responder(2).no_reply());
    CHECK(ann->frames().empty());
    f.send(ann, event_frame("6", "m"));
    f.answer_elsewhere([&] { CHECK(f.event_responder(3).crash("a Quest exception")); });
    frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].event() == "phx_error");
    REQUIRE(f.leaves.size() == 1);
    CHECK(f.leaves[0] == LeaveReason::crashed);
  }

  TEST_CASE("add_channel refuses handler sets that are ambiguous or incomplete") {
    auto endpoint = ChannelEndpoint::create(std::make_shared<ManualScheduler>());
    CHECK_THROWS_AS(endpoint->add_channel("a", {}), std::invalid_argument);
    ChannelHandlers both;
    both.join = [](ChannelContext&, const rapidjson::Value&) { return JoinResult::accept(); };
    both.join_async = [](ChannelContext&, std::string_view, JoinResponder) {};
    CHECK_THROWS_AS(endpoint->add_channel("b", both), std::invalid_argument);
  }
}

TEST_SUITE("per-connection limits") {
  TEST_CASE("over the event rate: an error reply, then close 4029; other connections unaffected") {
    EndpointOptions options;
    options.rate_limit.per_second = 1;
    options.rate_limit.burst = 3;
    AsyncFixture f(options);
    auto ann = f.connect("ann");
    auto bob = f.connect("bob");
    for (int i = 1; i <= 3; ++i) f.send(ann, R"([null,")" + std::to_string(i) + R"(","phoenix","heartbeat",{}])");
    CHECK(ann->take().size() == 3);
    CHECK_FALSE(ann->close_code().has_value());
    f.send(ann, R"([null,"4","phoenix","heartbeat",{}])");
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].ref() == std::optional<std::string>("4"));
    CHECK(frames[0].status() == "error");
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "rate limit exceeded");
    CHECK(ann->close_code() == std::optional<std::uint16_t>(rate_limited_close_code));
    f.send(bob, R"([null,"1","phoenix","heartbeat",{}])");
    CHECK(bob->take().size() == 1);
    CHECK_FALSE(bob->close_code().has_value());
  }

  TEST_CASE("the rate limit refills over time") {
    EndpointOptions options;
    options.rate_limit.per_second = 50;
    options.rate_limit.burst = 1;
    AsyncFixture f(options);
    auto ann = f.connect("ann");
    for (int i = 0; i < 3; ++i) {
      f.send(ann, R"([null,"1","phoenix","heartbeat",{}])");
      std::this_thread::sleep_for(std::chrono::milliseconds(40));  // 2 tokens' worth
    }
    CHECK(ann->take().size() == 3);
    CHECK_FALSE(ann->close_code().has_value());
  }

  TEST_CASE("a join flood: joins count against the rate, then close 4029; another connection still joins") {
    EndpointOptions options;
    options.rate_limit.per_second = 1;
    options.rate_limit.burst = 5;
    AsyncFixture f(options);
    auto ann = f.connect("ann");
    auto bob = f.connect("bob");
    for (int i = 1; i <= 50; ++i) {
      const auto n = std::to_string(i);
      f.send(ann, R"([")" + n + R"(",")" + n + R"(","room:)" + n + R"(","phx_join",{}])");
    }
    CHECK(f.joins.size() == 5);  // only the burst reached the join handler
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);  // one refusal; the rest arrive after the close and are dropped
    CHECK(frames[0].ref() == std::optional<std::string>("6"));
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "rate limit exceeded");
    CHECK(ann->close_code() == std::optional<std::uint16_t>(rate_limited_close_code));
    f.send(bob, R"(["1","1","room:b","phx_join",{}])");
    CHECK(f.joins.size() == 6);
    CHECK(f.join_responder(5).accept());
    auto bob_frames = parse_frames(bob->take());
    REQUIRE(bob_frames.size() == 1);
    CHECK(bob_frames[0].status() == "ok");
    CHECK_FALSE(bob->close_code().has_value());
  }

  TEST_CASE("max channels counts pending joins; the refused join names the reason") {
    EndpointOptions options;
    options.max_channels_per_connection = 2;
    AsyncFixture f(options);
    auto ann = f.connect("ann");
    f.send(ann, R"(["1","1","room:a","phx_join",{}])");
    f.send(ann, R"(["2","2","room:b","phx_join",{}])");
    f.send(ann, R"(["3","3","room:c","phx_join",{}])");  // two still pending
    auto frames = parse_frames(ann->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].topic() == "room:c");
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "too many channels joined");
    CHECK(f.joins.size() == 2);
    f.join_responder(0).refuse("no");
    f.send(ann, R"(["4","4","room:c","phx_join",{}])");  // a slot is free again
    CHECK(f.joins.size() == 3);
  }

  TEST_CASE("the endpoint mounts at /ws by default") {
    EndpointOptions options;
    CHECK(options.path == "/ws");
    CHECK(options.websocket_path() == "/ws/websocket");
    options.path = "/socket";
    CHECK(options.websocket_path() == "/socket/websocket");
  }
}
