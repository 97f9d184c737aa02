#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "quest_live/pubsub/pubsub.hpp"
#include "test_support.hpp"

using namespace quest_live;
using namespace quest_live::pubsub;
using quest_live::test::RecordingConnection;

namespace {

BroadcastPtr make_broadcast(const std::string& topic, const std::string& event, const std::string& payload) {
  return std::make_shared<const Broadcast>(
      Broadcast{topic, event, payload, make_frame("[null,null,\"" + topic + "\",\"" + event + "\"," + payload + "]")});
}

// Records what it is asked to forward, and lets the test inject "remote" broadcasts.
class RecordingAdapter final : public PubSubAdapter {
 public:
  void forward(const BroadcastPtr& message) override { forwarded.push_back(message); }
  void attach(std::function<void(const BroadcastPtr&)> sink) override { deliver = std::move(sink); }
  std::vector<BroadcastPtr> forwarded;
  std::function<void(const BroadcastPtr&)> deliver;
};

}  // namespace

TEST_SUITE("pubsub") {
  TEST_CASE("a broadcast reaches every subscriber with the same frame pointer") {
    PubSub bus;
    std::vector<std::shared_ptr<RecordingConnection>> connections;
    for (int i = 0; i < 5; ++i) {
      connections.push_back(std::make_shared<RecordingConnection>(std::string("c") + std::to_string(i)));
      bus.subscribe("room:1", connections.back());
    }
    auto message = make_broadcast("room:1", "new_msg", R"({"body":"hi"})");
    CHECK(bus.broadcast(message) == 5);
    for (const auto& connection : connections) {
      auto frames = connection->frames();
      REQUIRE(frames.size() == 1);
      CHECK(frames[0].get() == message->frame.get());
    }
  }

  TEST_CASE("other topics are not reached") {
    PubSub bus;
    auto here = std::make_shared<RecordingConnection>("here");
    auto elsewhere = std::make_shared<RecordingConnection>("elsewhere");
    bus.subscribe("room:1", here);
    bus.subscribe("room:2", elsewhere);
    CHECK(bus.broadcast(make_broadcast("room:1", "e", "{}")) == 1);
    CHECK(here->frames().size() == 1);
    CHECK(elsewhere->frames().empty());
    CHECK(bus.broadcast(make_broadcast("room:none", "e", "{}")) == 0);
  }

  TEST_CASE("the excluded subscription is skipped") {
    PubSub bus;
    auto sender = std::make_shared<RecordingConnection>("sender");
    auto other = std::make_shared<RecordingConnection>("other");
    auto sender_id = bus.subscribe("t", sender);
    bus.subscribe("t", other);
    CHECK(bus.broadcast(make_broadcast("t", "e", "{}"), sender_id) == 1);
    CHECK(sender->frames().empty());
    CHECK(other->frames().size() == 1);
  }

  TEST_CASE("callbacks receive the decoded parts and the shared frame") {
    PubSub bus;
    std::vector<std::string> seen;
    const std::string* frame_seen = nullptr;
    bus.subscribe("t", [&](const Broadcast& message) {
      seen.push_back(message.event + ":" + message.payload_json);
      frame_seen = message.frame.get();
    });
    auto message = make_broadcast("t", "ping", R"({"n":1})");
    bus.broadcast(message);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0] == R"(ping:{"n":1})");
    CHECK(frame_seen == message->frame.get());
  }

  TEST_CASE("unsubscribe stops delivery and is reported once") {
    PubSub bus;
    auto connection = std::make_shared<RecordingConnection>("c");
    auto id = bus.subscribe("t", connection);
    CHECK(bus.subscriber_count("t") == 1);
    CHECK(bus.unsubscribe(id));
    CHECK_FALSE(bus.unsubscribe(id));
    CHECK(bus.subscriber_count("t") == 0);
    bus.broadcast(make_broadcast("t", "e", "{}"));
    CHECK(connection->frames().empty());
  }

  TEST_CASE("a callback may unsubscribe itself while a broadcast is running") {
    PubSub bus;
    SubscriptionId self = 0;
    int calls = 0;
    self = bus.subscribe("t", [&](const Broadcast&) {
      ++calls;
      bus.unsubscribe(self);
    });
    auto other = std::make_shared<RecordingConnection>("other");
    bus.subscribe("t", other);
    bus.broadcast(make_broadcast("t", "e", "{}"));
    bus.broadcast(make_broadcast("t", "e", "{}"));
    CHECK(calls == 1);
    CHECK(other->frames().size() == 2);
  }

  TEST_CASE("a throwing callback does not stop the fan-out") {
    PubSub bus;
    bus.subscribe("t", [](const Broadcast&) { throw std::runtime_error("subscriber bug"); });
    auto after = std::make_shared<RecordingConnection>("after");
    bus.subscribe("t", after);
    CHECK(bus.broadcast(make_broadcast("t", "e", "{}")) == 2);
    CHECK(after->frames().size() == 1);
  }

  TEST_CASE("the adapter forwards local broadcasts and delivers remote ones") {
    auto adapter = std::make_shared<RecordingAdapter>();
    PubSub bus(adapter);
    auto local = std::make_shared<RecordingConnection>("local");
    auto local_id = bus.subscribe("t", local);
    auto message = make_broadcast("t", "e", "{}");
    bus.broadcast(message, local_id);
    REQUIRE(adapter->forwarded.size() == 1);
    CHECK(adapter->forwarded[0].get() == message.get());
    CHECK(local->frames().empty());

    REQUIRE(adapter->deliver);
    adapter->deliver(make_broadcast("t", "remote", "{}"));
    CHECK(local->frames().size() == 1);
  }

  TEST_CASE("unsubscribing half the subscribers in any order leaves exactly the other half") {
    PubSub bus;
    std::vector<std::shared_ptr<RecordingConnection>> connections;
    std::vector<SubscriptionId> ids;
    for (int i = 0; i < 10; ++i) {
      connections.push_back(std::make_shared<RecordingConnection>(std::string("c") + std::to_string(i)));
      ids.push_back(bus.subscribe("t", connections.back()));
    }
    for (int i : {8, 0, 4, 2, 6}) CHECK(bus.unsubscribe(ids[static_cast<std::size_t>(i)]));
    CHECK(bus.broadcast(make_broadcast("t", "e", "{}")) == 5);
    for (int i = 0; i < 10; ++i) CHECK(connections[static_cast<std::size_t>(i)]->frames().size() == (i % 2 ? 1u : 0u));
  }

  TEST_CASE("a subscriber added during a broadcast gets the next broadcast, not the current one") {
    PubSub bus;
    auto late = std::make_shared<RecordingConnection>("late");
    bool added = false;
    bus.subscribe("t", [&](const Broadcast&) {
      if (!added) {
        added = true;
        bus.subscribe("t", late);
      }
    });
    bus.broadcast(make_broadcast("t", "first", "{}"));
    CHECK(late->frames().empty());
    bus.broadcast(make_broadcast("t", "second", "{}"));
    CHECK(late->frames().size() == 1);
  }
}
