// The tracker's replication hooks, without sockets: replicas of other nodes' entries
// (applied, replaced, dropped) reach local clients through the usual coalesced diffs, and
// the journal hands on only this node's own published changes. Also the wire decoder's
// answers to malformed bodies.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "quest_live/presence/presence.hpp"
#include "replication_wire.hpp"
#include "test_support.hpp"

using namespace quest_live;
using namespace quest_live::presence;
using quest_live::test::ManualScheduler;

namespace {

struct Fixture {
  std::shared_ptr<ManualScheduler> scheduler = std::make_shared<ManualScheduler>();
  std::vector<std::string> diffs;
  int changes_noticed = 0;
  std::shared_ptr<Presence> tracker = std::make_shared<Presence>(
      scheduler, [this](const std::string&, const std::string& diff) { diffs.push_back(diff); },
      std::chrono::milliseconds(25));
  Fixture() {
    tracker->set_local_change_listener([this] { ++changes_noticed; });
  }
};

ReplicatedEntry remote(const std::string& key, const std::string& ref, const std::string& owner = "c1") {
  return {"room:1", key, owner, ref, R"({"n":1,"phx_ref":")" + ref + "\"}"};
}

}  // namespace

TEST_SUITE("presence replicas") {
  TEST_CASE("a remote join is listed, published to local clients once, and never journaled") {
    Fixture f;
    f.tracker->apply_remote("node-b", {remote("bob", "b.1")}, {});
    auto entries = f.tracker->list("room:1");
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].owner == "node-b/c1");
    CHECK(entries[0].phx_ref == "b.1");
    CHECK(*f.tracker->state_json("room:1") == "{}");  // committed at the flush
    f.scheduler->run_all();
    REQUIRE(f.diffs.size() == 1);
    CHECK(f.diffs[0] == R"({"joins":{"bob":{"metas":[{"n":1,"phx_ref":"b.1"}]}},"leaves":{}})");
    CHECK(f.changes_noticed == 0);
    CHECK(f.tracker->take_local_changes(false).joins.empty());
  }

  TEST_CASE("applying the same join twice, or a leave of an unknown ref, changes nothing") {
    Fixture f;
    f.tracker->apply_remote("node-b", {remote("bob", "b.1")}, {});
    f.tracker->apply_remote("node-b", {remote("bob", "b.1")}, {remote("zed", "b.9")});
    CHECK(f.tracker->list("room:1").size() == 1);
    CHECK(f.tracker->remote_entry_count("node-b") == 1);
  }

  TEST_CASE("a remote join and leave inside one window cancel out") {
    Fixture f;
    f.tracker->apply_remote("node-b", {remote("bob", "b.1")}, {});
    f.tracker->apply_remote("node-b", {}, {remote("bob", "b.1")});
    f.scheduler->run_all();
    CHECK(f.diffs.empty());
    CHECK(f.tracker->list("room:1").empty());
  }

  TEST_CASE("replace_remote diffs against what is held: only the changes are published") {
    Fixture f;
    f.tracker->apply_remote("node-b", {remote("bob", "b.1"), remote("bea", "b.2")}, {});
    f.scheduler->run_all();
    f.diffs.clear();
    f.tracker->replace_remote("node-b", {remote("bob", "b.1"), remote("bill", "b.3")});
    f.scheduler->run_all();
    REQUIRE(f.diffs.size() == 1);
    CHECK(f.diffs[0] ==
          R"({"joins":{"bill":{"metas":[{"n":1,"phx_ref":"b.3"}]}},"leaves":{"bea":{"metas":[{"n":1,"phx_ref":"b.2"}]}}})");
  }

  // A node that stalls past the heartbeat timeout is dropped, then resyncs the same entries:
  // inside one window, a diff with the ref in both joins and leaves would make phoenix.js
  // (joins first, then leaves) drop an entry that is still listed.
  TEST_CASE("a replica dropped and received again inside one window is not published at all") {
    Fixture f;
    f.tracker->apply_remote("node-b", {remote("bob", "b.1"), remote("bea", "b.2")}, {});
    f.scheduler->run_all();
    f.diffs.clear();
    CHECK(f.tracker->drop_remote("node-b") == 2);
    f.tracker->replace_remote("node-b", {remote("bob", "b.1"), remote("bill", "b.3")});
    f.scheduler->run_all();
    REQUIRE(f.diffs.size() == 1);
    CHECK(f.diffs[0] ==
          R"({"joins":{"bill":{"metas":[{"n":1,"phx_ref":"b.3"}]}},"leaves":{"bea":{"metas":[{"n":1,"phx_ref":"b.2"}]}}})");
    std::vector<std::string> refs;
    for (const auto& entry : f.tracker->list("room:1")) refs.push_back(entry.phx_ref);
    std::sort(refs.begin(), refs.end());
    CHECK(refs == std::vector<std::string>{"b.1", "b.3"});
    CHECK(f.tracker->remote_entry_count("node-b") == 2);
    // It is held again: a later leave is published as usual.
    f.tracker->apply_remote("node-b", {}, {remote("bob", "b.1")});
    f.scheduler->run_all();
    CHECK(f.diffs.back() == R"({"joins":{},"leaves":{"bob":{"metas":[{"n":1,"phx_ref":"b.1"}]}}})");
  }

  TEST_CASE("a ref that comes back with another meta is a leave and a join, as sent") {
    Fixture f;
    f.tracker->apply_remote("node-b", {remote("bob", "b.1")}, {});
    f.scheduler->run_all();
    f.diffs.clear();
    f.tracker->drop_remote("node-b");
    auto changed = remote("bob", "b.1");
    changed.meta_json = R"({"n":2,"phx_ref":"b.1"})";
    f.tracker->apply_remote("node-b", {changed}, {});
    f.scheduler->run_all();
    REQUIRE(f.diffs.size() == 1);
    CHECK(f.diffs[0] ==
          R"({"joins":{"bob":{"metas":[{"n":2,"phx_ref":"b.1"}]}},"leaves":{"bob":{"metas":[{"n":1,"phx_ref":"b.1"}]}}})");
  }

  TEST_CASE("drop_remote removes one node's replicas and leaves local entries and other nodes alone") {
    Fixture f;
    f.tracker->track("room:1", "ann", "conn-a", "{}");
    f.tracker->apply_remote("node-b", {remote("bob", "b.1"), remote("ann", "b.2")}, {});
    f.tracker->apply_remote("node-c", {remote("cy", "c.1")}, {});
    f.scheduler->run_all();
    CHECK(f.tracker->drop_remote("node-b") == 2);
    CHECK(f.tracker->drop_remote("node-b") == 0);
    f.scheduler->run_all();
    std::vector<std::string> keys;
    for (const auto& entry : f.tracker->list("room:1")) keys.push_back(entry.key);
    CHECK(keys == std::vector<std::string>{"ann", "cy"});
    CHECK(f.diffs.back().find("\"leaves\":{\"ann\"") != std::string::npos);
  }

  TEST_CASE("the journal holds this node's published changes; a snapshot is its committed state") {
    Fixture f;
    auto ref = f.tracker->track("room:1", "ann", "conn-a", R"({"x":1})");
    f.tracker->track("room:1", "al", "conn-b", "{}");
    f.tracker->apply_remote("node-b", {remote("bob", "b.1")}, {});
    f.scheduler->run_all();
    CHECK(f.changes_noticed == 1);
    f.tracker->untrack("room:1", "al", "conn-b");
    f.tracker->track("room:1", "amy", "conn-c", "{}");  // not flushed yet: not in the snapshot
    auto changes = f.tracker->take_local_changes(true);
    REQUIRE(changes.joins.size() == 2);
    CHECK(changes.joins[0].key == "ann");
    CHECK(changes.joins[0].phx_ref == *ref);
    CHECK(changes.joins[0].owner == "conn-a");
    CHECK(changes.leaves.empty());
    REQUIRE(changes.snapshot);
    std::vector<std::string> keys;
    for (const auto& entry : *changes.snapshot) keys.push_back(entry.key);
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{"al", "ann"});  // al's leave and amy's join are unpublished
    f.scheduler->run_all();
    changes = f.tracker->take_local_changes(false);
    CHECK(changes.joins.size() == 1);
    CHECK(changes.leaves.size() == 1);
    CHECK_FALSE(changes.snapshot);
  }
}

TEST_SUITE("presence replication wire") {
  TEST_CASE("a delta round-trips") {
    LocalChanges changes;
    changes.joins.push_back(remote("bob", "b.1"));
    changes.leaves.push_back(remote("al", "b.0"));
    std::string error;
    auto message = wire::decode(wire::encode_delta("inc", 7, changes), error);
    REQUIRE(message);
    CHECK(message->type == wire::Type::delta);
    CHECK(message->seq == 7);
    CHECK(message->incarnation == "inc");
    REQUIRE(message->joins.size() == 1);
    CHECK(message->joins[0].meta_json == R"({"n":1,"phx_ref":"b.1"})");
    CHECK(message->leaves[0].phx_ref == "b.0");
  }

  TEST_CASE("malformed bodies are refused with a reason") {
    std::string error;
    CHECK_FALSE(wire::decode("not json", error));
    CHECK(error == "not a JSON object");
    CHECK_FALSE(wire::decode(R"({"type":"party"})", error));
    CHECK(error == "unknown type");
    CHECK_FALSE(wire::decode(R"({"type":"heartbeat"})", error));
    CHECK(error == "no incarnation or seq");
    CHECK_FALSE(wire::decode(R"({"type":"sync"})", error));
    CHECK(error == "sync without a target");
    CHECK_FALSE(wire::decode(R"({"type":"delta","incarnation":"i","seq":1,"joins":[["t","k","o","r",3]],"leaves":[]})", error));
    CHECK(error == "a meta must be an object");
    CHECK_FALSE(wire::decode(R"({"type":"state","incarnation":"i","seq":1,"entries":[["t","k"]]})", error));
    CHECK(error == "an entry has the wrong shape");
  }
}
