// state_json_for: the presence_state a joiner gets includes its own unpublished metas.
#include <doctest/doctest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "quest_live/presence/presence.hpp"
#include "test_support.hpp"

using namespace quest_live;
using namespace quest_live::presence;
using quest_live::test::ManualScheduler;

namespace {

struct Tracker {
  std::shared_ptr<ManualScheduler> scheduler = std::make_shared<ManualScheduler>();
  std::vector<std::string> diffs;
  std::shared_ptr<Presence> presence = std::make_shared<Presence>(
      scheduler, [this](const std::string&, const std::string& diff) { diffs.push_back(diff); });
};

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document document;
  document.Parse(json.c_str());
  REQUIRE_FALSE(document.HasParseError());
  REQUIRE(document.IsObject());
  return document;
}

// phx_refs listed under `key` in a grouped object, or empty.
std::set<std::string> refs(const rapidjson::Value& grouped, const char* key) {
  std::set<std::string> found;
  if (!grouped.HasMember(key)) return found;
  for (const auto& meta : grouped[key]["metas"].GetArray()) found.insert(meta["phx_ref"].GetString());
  return found;
}

}  // namespace

TEST_SUITE("presence: a joiner's own state") {
  TEST_CASE("the joiner's unpublished meta is in its state; another joiner's is not") {
    Tracker t;
    auto ann = t.presence->track("room", "ann", "conn-a", R"({"online_at":1})");
    auto bob = t.presence->track("room", "bob", "conn-b", R"({"online_at":2})");
    auto state = parse(t.presence->state_json_for("room", "conn-a"));
    CHECK(refs(state, "ann") == std::set<std::string>{*ann});
    CHECK_FALSE(state.HasMember("bob"));
    CHECK(state["ann"]["metas"][0]["online_at"].GetInt() == 1);
    CHECK(parse(*t.presence->state_json("room")).ObjectEmpty());  // committed state unchanged
  }

  TEST_CASE("a second tab's meta is added to the key the committed state already lists") {
    Tracker t;
    auto first = t.presence->track("room", "ann", "tab-1", "{}");
    t.presence->track("room", "cat", "conn-c", "{}");
    t.scheduler->run_all();
    auto second = t.presence->track("room", "ann", "tab-2", R"({"tab":2})");
    auto state = parse(t.presence->state_json_for("room", "tab-2"));
    CHECK(refs(state, "ann") == std::set<std::string>{*first, *second});
    CHECK(state.HasMember("cat"));
    CHECK(state.MemberCount() == 2);
  }

  TEST_CASE("once the join is published the state is the shared committed one") {
    Tracker t;
    auto ann = t.presence->track("room", "ann", "conn-a", "{}");
    t.scheduler->run_all();
    CHECK(t.presence->state_json_for("room", "conn-a") == *t.presence->state_json("room"));
    CHECK(refs(parse(*t.presence->state_json("room")), "ann") == std::set<std::string>{*ann});
  }

  TEST_CASE("keys that need escaping are spliced as valid JSON") {
    Tracker t;
    t.presence->track("room", "zed", "conn-z", "{}");
    t.scheduler->run_all();
    auto odd = t.presence->track("room", "a\"b\\c", "conn-o", "{}");
    auto state = parse(t.presence->state_json_for("room", "conn-o"));
    CHECK(refs(state, "a\"b\\c") == std::set<std::string>{*odd});
    CHECK(state.HasMember("zed"));
  }

  TEST_CASE("an unknown topic or an owner with nothing tracked gets the committed state") {
    Tracker t;
    CHECK(t.presence->state_json_for("nowhere", "conn-a") == "{}");
    t.presence->track("room", "ann", "conn-a", "{}");
    CHECK(t.presence->state_json_for("room", "conn-b") == "{}");
    CHECK(t.presence->state_json_for("other", "conn-a") == "{}");
  }

  TEST_CASE("a shown join that leaves before the flush is published as a leave") {
    Tracker t;
    auto ann = t.presence->track("room", "ann", "conn-a", "{}");
    t.presence->state_json_for("room", "conn-a");
    CHECK(t.presence->untrack("room", "ann", "conn-a"));
    t.scheduler->run_all();
    REQUIRE(t.diffs.size() == 1);
    auto diff = parse(t.diffs[0]);
    CHECK(diff["joins"].ObjectEmpty());
    CHECK(refs(diff["leaves"], "ann") == std::set<std::string>{*ann});
  }

  TEST_CASE("a join nobody was shown still cancels with its leave") {
    Tracker t;
    t.presence->track("room", "ann", "conn-a", "{}");
    t.presence->state_json_for("room", "conn-b");  // another joiner: ann's join is not in it
    t.presence->untrack("room", "ann", "conn-a");
    t.scheduler->run_all();
    CHECK(t.diffs.empty());
  }
}
