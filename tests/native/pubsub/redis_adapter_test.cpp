// Two nodes (two PubSub instances, each with its own RedisAdapter) through a real
// redis-server: delivery once, in order, no echo; a Redis restart; the bounded queue.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "quest_live/channels/endpoint.hpp"
#include "quest_live/pubsub/redis_adapter.hpp"
#include "redis_server.hpp"
#include "test_support.hpp"

using namespace quest_live;
using namespace quest_live::pubsub;
using namespace quest_live::test;
using namespace std::chrono_literals;

namespace {

// One node: its adapter, its PubSub, and what its subscribers of `topic` received.
struct Node {
  std::shared_ptr<RedisAdapter> adapter;
  std::unique_ptr<PubSub> bus;
  std::shared_ptr<RecordingConnection> connection = std::make_shared<RecordingConnection>("c");
  std::mutex mutex;
  std::vector<std::string> payloads;  // as the callback subscriber saw them

  Node(const std::string& url, const std::string& id, std::size_t max_queued = 10'000) {
    RedisConfig config;
    config.url = url;
    config.node_id = id;
    config.channel = "test";
    config.max_queued_messages = max_queued;
    config.log = [](std::string_view) {};
    adapter = RedisAdapter::create(config);
    bus = std::make_unique<PubSub>(adapter);
    bus->subscribe("room:1", connection);
    bus->subscribe("room:1", [this](const Broadcast& message) {
      std::lock_guard lock(mutex);
      payloads.push_back(message.payload_json);
    });
  }
  void publish(const std::string& payload) {
    bus->broadcast(std::make_shared<Broadcast>(
        Broadcast{"room:1", "new_msg", payload, make_frame("[null,null,\"room:1\",\"new_msg\"," + payload + "]")}));
  }
  std::vector<std::string> received() {
    std::lock_guard lock(mutex);
    return payloads;
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return payloads.size();
  }
};

std::string numbered(int i) { return "{\"n\":" + std::to_string(i) + "}"; }

}  // namespace

TEST_SUITE("redis adapter (real redis-server)") {
  TEST_CASE("broadcasts reach the other node once, in publish order, and never echo back") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    Node b(redis.url(), "node-b");
    REQUIRE(a.adapter->wait_until_ready(10s));
    REQUIRE(b.adapter->wait_until_ready(10s));
    for (int i = 0; i < 200; ++i) a.publish(numbered(i));
    for (int i = 200; i < 250; ++i) b.publish(numbered(i));
    REQUIRE(eventually([&] { return b.count() == 250 && a.count() == 250; }));
    std::this_thread::sleep_for(200ms);  // time for any duplicate or echo to show up
    const auto at_a = a.received(), at_b = b.received();
    CHECK(at_a.size() == 250);
    CHECK(at_b.size() == 250);
    // Each node's own broadcasts in order, and the other node's in order, each once.
    auto in_order = [](const std::vector<std::string>& got, int from, int to) {
      std::vector<std::string> want, seen;
      for (int i = from; i < to; ++i) want.push_back(numbered(i));
      for (const auto& payload : got) {
        if (std::find(want.begin(), want.end(), payload) != want.end()) seen.push_back(payload);
      }
      return seen == want;
    };
    CHECK(in_order(at_a, 0, 200));
    CHECK(in_order(at_b, 0, 200));
    CHECK(in_order(at_a, 200, 250));
    CHECK(in_order(at_b, 200, 250));
    // The connection subscriber on b got a's very frame bytes.
    const auto frames = b.connection->frames();
    REQUIRE(frames.size() == 250);
    const std::string first_from_a = "[null,null,\"room:1\",\"new_msg\"," + numbered(0) + "]";
    CHECK(std::any_of(frames.begin(), frames.end(), [&](const Frame& frame) { return *frame == first_from_a; }));
    CHECK(a.adapter->stats().own_skipped == 200);  // seen on the channel, not delivered again
    CHECK(a.adapter->stats().received == 50);
    CHECK(b.adapter->stats().received == 200);
    CHECK(a.adapter->stats().published == 200);
  }

  TEST_CASE("redis restarted mid-test: both nodes reconnect and broadcasts resume") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    Node b(redis.url(), "node-b");
    REQUIRE(a.adapter->wait_until_ready(10s));
    REQUIRE(b.adapter->wait_until_ready(10s));
    a.publish(numbered(1));
    REQUIRE(eventually([&] { return b.count() == 1; }));

    redis.stop();
    REQUIRE(eventually([&] { return !a.adapter->stats().publisher_connected && !b.adapter->stats().subscribed; }));
    for (int i = 100; i < 105; ++i) a.publish(numbered(i));  // during the gap: queued on a
    CHECK(a.adapter->stats().queued == 5);
    redis.start();
    REQUIRE(a.adapter->wait_until_ready(10s));
    REQUIRE(b.adapter->wait_until_ready(10s));
    // The gap's broadcasts were published once a's publisher was back; b has them only
    // if its subscriber had resubscribed first (Redis keeps nothing), so they are not asserted.
    REQUIRE(eventually([&] { return a.adapter->stats().queued == 0; }));
    // A marker published after the gap's messages: once b has it, nothing older is on its way.
    a.publish(numbered(150));
    REQUIRE(eventually([&] {
      const auto got = b.received();
      return std::find(got.begin(), got.end(), numbered(150)) != got.end();
    }));
    const std::size_t before = b.count();
    for (int i = 200; i < 210; ++i) a.publish(numbered(i));
    REQUIRE(eventually([&] { return b.count() == before + 10; }));
    const auto got = b.received();
    for (int i = 0; i < 10; ++i) CHECK(got[before + i] == numbered(200 + i));
    CHECK(a.adapter->stats().connects >= 4);  // two links, connected twice each
    CHECK(a.count() == 1 + 5 + 1 + 10);             // local delivery never waits for Redis
  }

  TEST_CASE("the outgoing queue is bounded: the newest broadcasts are refused, the rest keep their order") {
    const std::uint16_t port = free_loopback_port();  // nothing listens there yet
    Node a("redis://127.0.0.1:" + std::to_string(port), "node-a", 5);
    for (int i = 0; i < 8; ++i) a.publish(numbered(i));
    CHECK(a.adapter->stats().dropped == 3);
    CHECK(a.adapter->stats().queued == 5);
    CHECK(a.count() == 8);  // local subscribers are never affected
    RedisServer redis(port);
    REQUIRE(a.adapter->wait_until_ready(10s));
    REQUIRE(eventually([&] { return a.adapter->stats().published == 5; }));
    CHECK(a.adapter->stats().queued == 0);
  }
}

TEST_SUITE("redis adapter (real redis-server)") {
  TEST_CASE("two channel endpoints: a client's broadcast on node a reaches a client on node b once") {
    RedisServer redis;
    auto make_node = [&](const std::string& id) {
      RedisConfig config;
      config.url = redis.url();
      config.node_id = id;
      config.log = [](std::string_view) {};
      auto adapter = RedisAdapter::create(config);
      channels::EndpointOptions options;
      options.log = [](std::string_view) {};
      auto endpoint = channels::ChannelEndpoint::create(std::make_shared<ManualScheduler>(), options, adapter);
      channels::ChannelHandlers handlers;
      handlers.join_async = [](channels::ChannelContext&, std::string_view, channels::JoinResponder responder) {
        responder.accept();
      };
      handlers.event_async = [](channels::ChannelContext& context, const std::string& event, std::string_view payload,
                                channels::EventResponder responder) {
        context.broadcast(event, payload);
        responder.ok();
      };
      endpoint->add_channel("room:*", std::move(handlers));
      return std::make_pair(adapter, endpoint);
    };
    auto [adapter_a, endpoint_a] = make_node("node-a");
    auto [adapter_b, endpoint_b] = make_node("node-b");
    REQUIRE(adapter_a->wait_until_ready(10s));
    REQUIRE(adapter_b->wait_until_ready(10s));
    auto ann = std::make_shared<RecordingConnection>("ann");
    auto bob = std::make_shared<RecordingConnection>("bob");
    endpoint_a->on_text(ann, R"(["1","1","room:x","phx_join",{}])");
    endpoint_b->on_text(bob, R"(["1","1","room:x","phx_join",{}])");
    ann->take();
    bob->take();
    endpoint_a->on_text(ann, R"(["1","2","room:x","new_msg",{"body":"hi from a"}])");
    REQUIRE(eventually([&] { return bob->frames().size() == 1; }));
    std::this_thread::sleep_for(200ms);
    auto at_bob = parse_frames(bob->take());
    REQUIRE(at_bob.size() == 1);
    CHECK(at_bob[0].event() == "new_msg");
    CHECK_FALSE(at_bob[0].join_ref().has_value());
    CHECK(std::string(at_bob[0].payload()["body"].GetString()) == "hi from a");
    auto at_ann = parse_frames(ann->take());
    REQUIRE(at_ann.size() == 2);  // its own broadcast once (no echo from Redis) and its reply
    CHECK(at_ann[0].event() == "new_msg");
    CHECK(at_ann[1].event() == "phx_reply");
  }
}
