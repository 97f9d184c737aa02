// Subscription ids: slots are reused, entries move on unsubscribe, and a stale or foreign
// id must never touch somebody else's subscription.
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

BroadcastPtr message_on(const std::string& topic) {
  return std::make_shared<const Broadcast>(Broadcast{topic, "e", "{}", make_frame("[null,null,\"" + topic + "\",\"e\",{}]")});
}

std::shared_ptr<RecordingConnection> connection(const std::string& id) {
  return std::make_shared<RecordingConnection>(id);
}

}  // namespace

TEST_SUITE("pubsub: subscription ids") {
  TEST_CASE("a stale id neither unsubscribes nor excludes whoever reuses its slot") {
    PubSub bus;
    auto old_id = bus.subscribe("t", connection("old"));
    CHECK(bus.unsubscribe(old_id));
    auto newcomer = connection("new");
    auto new_id = bus.subscribe("t", newcomer);
    CHECK(new_id != old_id);
    CHECK_FALSE(bus.unsubscribe(old_id));
    CHECK(bus.broadcast(message_on("t"), old_id) == 1);
    CHECK(newcomer->frames().size() == 1);
    CHECK(bus.subscriber_count("t") == 1);
  }

  TEST_CASE("the excluded subscription is still found after another moved into its place") {
    PubSub bus;
    std::vector<std::shared_ptr<RecordingConnection>> members;
    std::vector<SubscriptionId> ids;
    for (int i = 0; i < 4; ++i) {
      members.push_back(connection("m" + std::to_string(i)));
      ids.push_back(bus.subscribe("t", members.back()));
    }
    CHECK(bus.unsubscribe(ids[0]));  // the last member moves into the first position
    CHECK(bus.broadcast(message_on("t"), ids[3]) == 2);
    CHECK(members[3]->frames().empty());
    CHECK(members[1]->frames().size() == 1);
    CHECK(members[2]->frames().size() == 1);
    CHECK(bus.unsubscribe(ids[3]));
    CHECK(bus.broadcast(message_on("t")) == 2);
    CHECK(members[3]->frames().empty());
  }

  TEST_CASE("an id of another topic excludes nobody") {
    PubSub bus;
    auto elsewhere = bus.subscribe("other", connection("x"));
    auto here = connection("here");
    bus.subscribe("t", here);
    CHECK(bus.broadcast(message_on("t"), elsewhere) == 1);
    CHECK(here->frames().size() == 1);
  }

  TEST_CASE("ids that were never issued are refused") {
    PubSub bus;
    bus.subscribe("t", connection("a"));
    CHECK_FALSE(bus.unsubscribe(0));
    CHECK_FALSE(bus.unsubscribe(12345));
    CHECK_FALSE(bus.unsubscribe(~SubscriptionId{0}));
    CHECK(bus.subscriber_count("t") == 1);
  }

  TEST_CASE("a connection and a callback on one topic are excluded independently") {
    PubSub bus;
    auto member = connection("member");
    int calls = 0;
    auto callback_id = bus.subscribe("t", [&](const Broadcast&) { ++calls; });
    auto member_id = bus.subscribe("t", member);
    CHECK(bus.broadcast(message_on("t"), callback_id) == 1);
    CHECK(calls == 0);
    CHECK(bus.broadcast(message_on("t"), member_id) == 1);
    CHECK(calls == 1);
    CHECK(member->frames().size() == 1);
  }

  TEST_CASE("a list held by a broadcast in flight is copied, not edited, by an unsubscribe") {
    PubSub bus;
    std::vector<std::shared_ptr<RecordingConnection>> members;
    std::vector<SubscriptionId> ids;
    for (int i = 0; i < 3; ++i) {
      members.push_back(connection("m" + std::to_string(i)));
      ids.push_back(bus.subscribe("t", members.back()));
    }
    // The callback runs after the connections got the frame, while the list is still held.
    bus.subscribe("t", [&](const Broadcast&) {
      for (auto id : ids) bus.unsubscribe(id);
    });
    CHECK(bus.broadcast(message_on("t")) == 4);
    for (const auto& member : members) CHECK(member->frames().size() == 1);
    CHECK(bus.subscriber_count("t") == 1);
    CHECK(bus.broadcast(message_on("t")) == 1);
  }
}
