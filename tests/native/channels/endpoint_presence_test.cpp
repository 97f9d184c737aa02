#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "endpoint_fixture.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

// What a phoenix.js Presence holds, applied with the client's rules: diffs before the first
// presence_state wait; joins are applied before leaves; a key goes when its last meta does.
class ClientView {
 public:
  void receive(const SentFrame& frame) {
    if (frame.event() == "presence_state") {
      state_.clear();
      add_all(frame.payload());
      has_state_ = true;
      for (const auto& diff : pending_) apply_diff(*diff);
      pending_.clear();
    } else if (frame.event() == "presence_diff") {
      if (!has_state_) {
        auto copy = std::make_shared<rapidjson::Document>();
        copy->CopyFrom(frame.payload(), copy->GetAllocator());
        pending_.push_back(copy);
      } else {
        apply_diff(frame.payload());
      }
    }
  }
  std::set<std::pair<std::string, std::string>> refs() const {
    std::set<std::pair<std::string, std::string>> all;
    for (const auto& [key, refs] : state_) {
      for (const auto& ref : refs) all.insert({key, ref});
    }
    return all;
  }
  std::size_t diffs_seen = 0;

 private:
  void add_all(const rapidjson::Value& grouped) {
    for (const auto& member : grouped.GetObject()) {
      auto& refs = state_[member.name.GetString()];
      for (const auto& meta : member.value["metas"].GetArray()) refs.insert(meta["phx_ref"].GetString());
    }
  }
  void apply_diff(const rapidjson::Value& diff) {
    ++diffs_seen;
    add_all(diff["joins"]);
    for (const auto& member : diff["leaves"].GetObject()) {
      auto found = state_.find(member.name.GetString());
      if (found == state_.end()) continue;
      for (const auto& meta : member.value["metas"].GetArray()) found->second.erase(meta["phx_ref"].GetString());
      if (found->second.empty()) state_.erase(found);
    }
  }
  bool has_state_ = false;
  std::map<std::string, std::set<std::string>> state_;
  std::vector<std::shared_ptr<rapidjson::Document>> pending_;
};

std::set<std::pair<std::string, std::string>> live_refs(EndpointFixture& f, const std::string& topic) {
  std::set<std::pair<std::string, std::string>> all;
  for (const auto& entry : f.endpoint->presence().list(topic)) all.insert({entry.key, entry.phx_ref});
  return all;
}

void join_with_presence(EndpointFixture& f, const std::shared_ptr<RecordingConnection>& client,
                        const std::string& user, const std::string& ref = "1") {
  f.send(client, "[\"" + ref + "\",\"" + ref + "\",\"room:1\",\"phx_join\",{\"user\":\"" + user +
                     "\",\"presence\":true}]");
}

}  // namespace

TEST_SUITE("channel endpoint: presence") {
  TEST_CASE("a joiner gets presence_state after its ok reply") {
    EndpointFixture f;
    auto ann = f.connect("a");
    join_with_presence(f, ann, "ann");
    f.scheduler->run_all();
    auto bob = f.connect("b");
    join_with_presence(f, bob, "bob", "4");
    auto frames = f.take(bob);
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].event() == "phx_reply");
    CHECK(frames[1].event() == "welcome");
    CHECK(frames[2].event() == "presence_state");
    CHECK(frames[2].join_ref() == std::optional<std::string>("4"));
    CHECK(frames[2].payload().HasMember("ann"));
    CHECK(frames[2].payload()["ann"]["metas"][0]["online_at"].GetInt() == 1);
    CHECK(frames[2].payload()["ann"]["metas"][0]["phx_ref"].IsString());
    CHECK(frames[2].payload().HasMember("bob"));  // the joiner itself, not yet published
  }

  TEST_CASE("a joiner sees itself once in its first presence_state, and still once after its own diff") {
    EndpointFixture f;
    auto ann = f.connect("a");
    join_with_presence(f, ann, "ann");
    ClientView view;
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 3);
    REQUIRE(frames[2].event() == "presence_state");
    view.receive(frames[2]);
    const auto own = live_refs(f, "room:1");
    REQUIRE(own.size() == 1);
    CHECK(view.refs() == own);
    CHECK(frames[2].payload()["ann"]["metas"].Size() == 1);
    f.scheduler->run_all();
    frames = f.take(ann);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].payload()["joins"].HasMember("ann"));  // the same join, merged by phx_ref
    view.receive(frames[0]);
    CHECK(view.refs() == own);
  }

  TEST_CASE("presence_diff is broadcast to every subscriber with null refs") {
    EndpointFixture f;
    auto ann = f.connect("a");
    join_with_presence(f, ann, "ann");
    auto bob = f.connect("b");
    join_with_presence(f, bob, "bob");
    ann->take();
    bob->take();
    f.scheduler->run_all();
    for (auto* client : {&ann, &bob}) {
      auto frames = f.take(*client);
      REQUIRE(frames.size() == 1);
      CHECK(frames[0].event() == "presence_diff");
      CHECK_FALSE(frames[0].join_ref().has_value());
      CHECK(frames[0].payload()["joins"].HasMember("ann"));
      CHECK(frames[0].payload()["joins"].HasMember("bob"));
      CHECK(frames[0].payload()["leaves"].ObjectEmpty());
    }
  }

  TEST_CASE("one user in two tabs: two metas, and one tab leaving keeps the user") {
    EndpointFixture f;
    auto tab1 = f.connect("tab1");
    auto tab2 = f.connect("tab2");
    auto watcher = f.connect("w");
    join_with_presence(f, tab1, "ann");
    join_with_presence(f, tab2, "ann");
    f.join(watcher, "room:1", "watcher");
    f.scheduler->run_all();
    CHECK(f.endpoint->presence().list("room:1").size() == 2);
    watcher->take();
    tab1->take();
    f.send(tab1, R"(["1","2","room:1","phx_leave",{}])");
    f.scheduler->run_all();
    auto frames = f.take(watcher);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].payload()["leaves"]["ann"]["metas"].Size() == 1);
    CHECK(f.endpoint->presence().list("room:1").size() == 1);
  }

  TEST_CASE("a handler can update and untrack its own presence") {
    auto scheduler = std::make_shared<ManualScheduler>();
    auto endpoint = ChannelEndpoint::create(scheduler, {.log = [](std::string_view) {}});
    endpoint->add_channel("room:*", {
        .join = [](ChannelContext& context, const rapidjson::Value&) {
          context.track("ann", R"({"status":"here"})");
          return JoinResult::accept();
        },
        .event = [](ChannelContext& context, const std::string& event, const rapidjson::Value&) -> EventResult {
          if (event == "away") return context.update_presence("ann", R"({"status":"away"})") ? Reply::ok() : Reply::error();
          if (event == "hide") return context.untrack("ann") ? Reply::ok() : Reply::error();
          return std::nullopt;
        }});
    auto client = std::make_shared<RecordingConnection>("a");
    endpoint->on_text(client, R"(["1","1","room:1","phx_join",{}])");
    scheduler->run_all();
    client->take();

    endpoint->on_text(client, R"(["1","2","room:1","away",{}])");
    scheduler->run_all();
    auto frames = parse_frames(client->take());
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].status() == "ok");
    CHECK(std::string(frames[1].payload()["joins"]["ann"]["metas"][0]["status"].GetString()) == "away");
    CHECK(frames[1].payload()["leaves"]["ann"]["metas"].Size() == 1);

    endpoint->on_text(client, R"(["1","3","room:1","hide",{}])");
    endpoint->on_text(client, R"(["1","4","room:1","hide",{}])");
    scheduler->run_all();
    frames = parse_frames(client->take());
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].status() == "ok");
    CHECK(frames[1].status() == "error");  // nothing left to untrack
    CHECK(frames[2].payload()["joins"].ObjectEmpty());
    CHECK(endpoint->presence().list("room:1").empty());
  }

  TEST_CASE("a storm of joins costs each subscriber one merged diff, and every view ends exact") {
    EndpointFixture f;
    std::vector<std::shared_ptr<RecordingConnection>> clients;
    for (int i = 0; i < 40; ++i) {
      clients.push_back(f.connect(std::string("c") + std::to_string(i)));
      join_with_presence(f, clients.back(), std::string("user") + std::to_string(i));
    }
    f.scheduler->run_all();
    const auto expected = live_refs(f, "room:1");
    CHECK(expected.size() == 40);
    for (const auto& client : clients) {
      ClientView view;
      for (const auto& frame : f.take(client)) view.receive(frame);
      CHECK(view.diffs_seen == 1);
      CHECK(view.refs() == expected);
    }
  }

  TEST_CASE("random joins, leaves, updates and disconnects interleaved with flushes leave every view exact") {
    EndpointFixture f;
    std::mt19937 random(20261122);
    std::map<std::string, std::shared_ptr<RecordingConnection>> connected;
    std::map<std::string, ClientView> views;
    int next_id = 0;
    auto deliver = [&] {
      for (auto& [id, client] : connected) {
        for (const auto& frame : f.take(client)) views[id].receive(frame);
      }
    };
    for (int step = 0; step < 400; ++step) {
      const int action = static_cast<int>(random() % 10);
      if (action < 4 || connected.size() < 2) {
        const std::string id = std::string("c") + std::to_string(next_id++);
        connected[id] = f.connect(id);
        join_with_presence(f, connected[id], std::string("user") + std::to_string(random() % 7));
        if (random() % 4 == 0) {  // leaves again before its join is published
          for (const auto& entry : f.endpoint->presence().list("room:1")) {
            if (entry.owner == id) f.endpoint->presence().untrack("room:1", entry.key, id);
          }
        }
      } else if (action < 6) {
        auto victim = std::next(connected.begin(), static_cast<long>(random() % connected.size()));
        f.endpoint->on_close(victim->first);
        views.erase(victim->first);
        connected.erase(victim);
      } else if (action < 7) {
        auto who = std::next(connected.begin(), static_cast<long>(random() % connected.size()));
        for (const auto& entry : f.endpoint->presence().list("room:1")) {
          if (entry.owner == who->first) {
            f.endpoint->presence().update("room:1", entry.key, who->first, R"({"step":)" + std::to_string(step) + "}");
          }
        }
      } else {
        f.scheduler->run_all();
      }
      if (random() % 3 == 0) deliver();
    }
    f.scheduler->run_all();
    deliver();
    const auto expected = live_refs(f, "room:1");
    CHECK_FALSE(expected.empty());
    for (const auto& [id, view] : views) {
      CAPTURE(id);
      CHECK(view.refs() == expected);
    }
  }
}
