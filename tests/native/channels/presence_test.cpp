#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <rapidjson/document.h>

#include "quest_live/presence/presence.hpp"
#include "test_support.hpp"

using namespace quest_live;
using namespace quest_live::presence;
using quest_live::test::ManualScheduler;

namespace {

struct Published {
  std::string topic;
  rapidjson::Document diff;
};

// A tracker wired to a manual scheduler and a list of published diffs.
struct Fixture {
  std::shared_ptr<ManualScheduler> scheduler = std::make_shared<ManualScheduler>();
  std::vector<std::shared_ptr<Published>> published;
  std::shared_ptr<Presence> tracker = std::make_shared<Presence>(
      scheduler,
      [this](const std::string& topic, const std::string& diff_json) {
        auto entry = std::make_shared<Published>();
        entry->topic = topic;
        entry->diff.Parse(diff_json.c_str());
        published.push_back(entry);
      },
      std::chrono::milliseconds(25));
};

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document document;
  document.Parse(json.c_str());
  return document;
}

std::size_t meta_count(const rapidjson::Value& grouped, const char* key) {
  if (!grouped.HasMember(key)) return 0;
  return grouped[key]["metas"].Size();
}

}  // namespace

TEST_SUITE("presence") {
  TEST_CASE("track stamps a phx_ref into the meta") {
    Fixture f;
    auto ref = f.tracker->track("room:1", "ann", "conn-a", R"({"online_at":1})");
    REQUIRE(ref.has_value());
    auto entries = f.tracker->list("room:1");
    REQUIRE(entries.size() == 1);
    auto meta = parse(entries[0].meta_json);
    CHECK(meta["online_at"].GetInt() == 1);
    CHECK(std::string(meta["phx_ref"].GetString()) == *ref);
  }

  TEST_CASE("a meta that is not an object is refused") {
    Fixture f;
    CHECK_FALSE(f.tracker->track("t", "ann", "c", "[1]").has_value());
    CHECK_FALSE(f.tracker->track("t", "ann", "c", "not json").has_value());
    CHECK(f.tracker->list("t").empty());
    CHECK(f.tracker->track("t", "ann", "c", "{}").has_value());
  }

  TEST_CASE("a phx_ref supplied by the app is replaced by the tracker's") {
    Fixture f;
    auto ref = f.tracker->track("t", "ann", "c", R"({"phx_ref":"forged","x":1})");
    auto meta = parse(f.tracker->list("t")[0].meta_json);
    CHECK(std::string(meta["phx_ref"].GetString()) == *ref);
    CHECK(*ref != "forged");
  }

  TEST_CASE("one owner cannot track the same key twice on a topic") {
    Fixture f;
    CHECK(f.tracker->track("t", "ann", "c", "{}").has_value());
    CHECK_FALSE(f.tracker->track("t", "ann", "c", "{}").has_value());
    CHECK(f.tracker->track("t2", "ann", "c", "{}").has_value());
  }

  TEST_CASE("the first change schedules one flush for the window") {
    Fixture f;
    f.tracker->track("t", "ann", "a", "{}");
    f.tracker->track("t", "bob", "b", "{}");
    CHECK(f.scheduler->pending() == 1);
    CHECK(f.scheduler->delays().at(0) == std::chrono::milliseconds(25));
    CHECK(f.published.empty());
  }

  TEST_CASE("a storm of joins becomes one diff with every join") {
    Fixture f;
    for (int i = 0; i < 50; ++i) f.tracker->track("t", std::string("user") + std::to_string(i), std::string("c") + std::to_string(i), "{}");
    f.scheduler->run_all();
    REQUIRE(f.published.size() == 1);
    const auto& diff = f.published[0]->diff;
    CHECK(diff["joins"].MemberCount() == 50);
    CHECK(diff["leaves"].IsObject());
    CHECK(diff["leaves"].MemberCount() == 0);
  }

  TEST_CASE("join and leave of the same ref in one window cancel out") {
    Fixture f;
    f.tracker->track("t", "ann", "a", "{}");
    f.tracker->track("t", "bob", "b", "{}");
    f.tracker->untrack("t", "ann", "a");
    f.scheduler->run_all();
    REQUIRE(f.published.size() == 1);
    CHECK_FALSE(f.published[0]->diff["joins"].HasMember("ann"));
    CHECK(f.published[0]->diff["joins"].HasMember("bob"));
    CHECK_FALSE(f.published[0]->diff["leaves"].HasMember("ann"));
  }

  TEST_CASE("a window whose changes all cancel publishes nothing") {
    Fixture f;
    f.tracker->track("t", "ann", "a", "{}");
    f.tracker->untrack("t", "ann", "a");
    f.scheduler->run_all();
    CHECK(f.published.empty());
  }

  TEST_CASE("two owners of one key give two metas; one leaving keeps the key") {
    Fixture f;
    auto laptop = f.tracker->track("t", "ann", "tab-1", R"({"device":"laptop"})");
    f.scheduler->run_all();
    auto phone = f.tracker->track("t", "ann", "tab-2", R"({"device":"phone"})");
    f.scheduler->run_all();
    REQUIRE(f.published.size() == 2);
    CHECK(meta_count(f.published[1]->diff["joins"], "ann") == 1);  // only the new meta
    CHECK(std::string(f.published[1]->diff["joins"]["ann"]["metas"][0]["phx_ref"].GetString()) == *phone);

    auto state = parse(*f.tracker->state_json("t"));
    CHECK(meta_count(state, "ann") == 2);

    f.tracker->untrack_owner("tab-1");
    f.scheduler->run_all();
    REQUIRE(f.published.size() == 3);
    const auto& leaves = f.published[2]->diff["leaves"];
    CHECK(meta_count(leaves, "ann") == 1);
    CHECK(std::string(leaves["ann"]["metas"][0]["phx_ref"].GetString()) == *laptop);
    CHECK(meta_count(parse(*f.tracker->state_json("t")), "ann") == 1);
  }

  TEST_CASE("update is a leave of the old meta and a join of the new one") {
    Fixture f;
    auto first = f.tracker->track("t", "ann", "a", R"({"status":"away"})");
    f.scheduler->run_all();
    auto second = f.tracker->update("t", "ann", "a", R"({"status":"busy"})");
    REQUIRE(second.has_value());
    CHECK(*second != *first);
    f.scheduler->run_all();
    REQUIRE(f.published.size() == 2);
    const auto& diff = f.published[1]->diff;
    const auto& joined = diff["joins"]["ann"]["metas"][0];
    CHECK(std::string(joined["status"].GetString()) == "busy");
    CHECK(std::string(joined["phx_ref_prev"].GetString()) == *first);
    CHECK(std::string(diff["leaves"]["ann"]["metas"][0]["phx_ref"].GetString()) == *first);
  }

  TEST_CASE("update of an untracked key or with a bad meta changes nothing") {
    Fixture f;
    CHECK_FALSE(f.tracker->update("t", "ann", "a", "{}").has_value());
    f.tracker->track("t", "ann", "a", R"({"v":1})");
    CHECK_FALSE(f.tracker->update("t", "ann", "a", "[]").has_value());
    CHECK_FALSE(f.tracker->update("t", "ann", "someone-else", "{}").has_value());
    CHECK(parse(f.tracker->list("t")[0].meta_json)["v"].GetInt() == 1);
  }

  TEST_CASE("state_json is the committed state until the window flushes") {
    Fixture f;
    f.tracker->track("t", "ann", "a", "{}");
    f.scheduler->run_all();
    f.tracker->track("t", "bob", "b", "{}");
    f.tracker->untrack("t", "ann", "a");
    auto before = parse(*f.tracker->state_json("t"));
    CHECK(before.HasMember("ann"));
    CHECK_FALSE(before.HasMember("bob"));
    f.scheduler->run_all();
    auto after = parse(*f.tracker->state_json("t"));
    CHECK_FALSE(after.HasMember("ann"));
    CHECK(after.HasMember("bob"));
  }

  TEST_CASE("untrack_owner on one topic leaves the owner's other topics alone") {
    Fixture f;
    f.tracker->track("t1", "ann", "a", "{}");
    f.tracker->track("t2", "ann", "a", "{}");
    CHECK(f.tracker->untrack_owner("t1", "a") == 1);
    CHECK(f.tracker->list("t1").empty());
    CHECK(f.tracker->list("t2").size() == 1);
    CHECK(f.tracker->untrack_owner("a") == 1);
    CHECK(f.tracker->untrack_owner("a") == 0);
  }

  TEST_CASE("an unknown topic has an empty state and nothing to flush") {
    Fixture f;
    CHECK(*f.tracker->state_json("nowhere") == "{}");
    f.tracker->flush("nowhere");
    CHECK(f.published.empty());
    CHECK_FALSE(f.tracker->untrack("nowhere", "k", "o"));
  }

  TEST_CASE("a flush scheduled after the tracker is gone does nothing") {
    auto scheduler = std::make_shared<ManualScheduler>();
    int published = 0;
    {
      auto tracker = std::make_shared<Presence>(scheduler, [&](const std::string&, const std::string&) { ++published; });
      tracker->track("t", "ann", "a", "{}");
    }
    scheduler->run_all();
    CHECK(published == 0);
  }

  TEST_CASE("joiners within one window share one state buffer; a flush builds a new one") {
    Fixture f;
    f.tracker->track("t", "ann", "a", "{}");
    f.scheduler->run_all();
    auto first = f.tracker->state_json("t");
    CHECK(f.tracker->state_json("t").get() == first.get());
    f.tracker->track("t", "bob", "b", "{}");
    CHECK(f.tracker->state_json("t").get() == first.get());  // bob is not committed yet
    f.scheduler->run_all();
    auto second = f.tracker->state_json("t");
    CHECK(second.get() != first.get());
    CHECK(parse(*second).HasMember("bob"));
  }

  // The adaptive window. Growth needs the next change within the current window after the
  // last flush, so these use windows of 200 ms and more (the steps below take microseconds); the manual
  // scheduler runs a flush at once, whatever its delay, and records the delay.
  struct AdaptiveFixture {
    explicit AdaptiveFixture(std::chrono::milliseconds base, std::chrono::milliseconds max)
        : tracker(std::make_shared<Presence>(scheduler, [this](const std::string&, const std::string&) { ++published; },
                                             base, max)) {}
    std::shared_ptr<ManualScheduler> scheduler = std::make_shared<ManualScheduler>();
    int published = 0;
    std::shared_ptr<Presence> tracker;
    void join_and_flush(int i) {
      tracker->track("t", "user" + std::to_string(i), "c" + std::to_string(i), "{}");
      scheduler->run_all();
    }
  };

  TEST_CASE("while changes keep coming, each window is twice the last, up to the maximum") {
    using std::chrono::milliseconds;
    AdaptiveFixture f(milliseconds(1000), milliseconds(5000));
    for (int i = 0; i < 6; ++i) f.join_and_flush(i);
    CHECK(f.scheduler->delays() ==
          std::vector<milliseconds>{milliseconds(1000), milliseconds(2000), milliseconds(4000), milliseconds(5000),
                                    milliseconds(5000), milliseconds(5000)});
    CHECK(f.published == 6);
  }

  TEST_CASE("the first change after a quiet window is flushed after the base window again") {
    using std::chrono::milliseconds;
    AdaptiveFixture f(milliseconds(200), milliseconds(400));
    for (int i = 0; i < 3; ++i) f.join_and_flush(i);
    CHECK(f.scheduler->delays().back() == milliseconds(400));
    std::this_thread::sleep_for(milliseconds(450));  // longer than the current window
    f.join_and_flush(3);
    CHECK(f.scheduler->delays().back() == milliseconds(200));
  }

  TEST_CASE("a topic that went empty starts again from the base window") {
    using std::chrono::milliseconds;
    AdaptiveFixture f(milliseconds(1000), milliseconds(5000));
    f.join_and_flush(0);
    f.tracker->untrack("t", "user0", "c0");
    f.scheduler->run_all();  // publishes the leave and forgets the empty topic
    f.join_and_flush(1);
    CHECK(f.scheduler->delays() ==
          std::vector<milliseconds>{milliseconds(1000), milliseconds(2000), milliseconds(1000)});
  }

  TEST_CASE("a maximum below the base window is the base window: the window never grows") {
    using std::chrono::milliseconds;
    AdaptiveFixture f(milliseconds(1000), milliseconds(10));
    for (int i = 0; i < 3; ++i) f.join_and_flush(i);
    CHECK(f.scheduler->delays() == std::vector<milliseconds>(3, milliseconds(1000)));
  }
}
