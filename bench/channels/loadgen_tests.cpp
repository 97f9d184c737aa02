// Unit tests for the load generator's own logic: if these were wrong, every printed
// figure would be wrong with them. (The scenarios themselves are exercised by ./run.)
#include "loadgen/latency_histogram.hpp"
#include "loadgen/options.hpp"
#include "loadgen/phoenix.hpp"
#include "loadgen/presence_view.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace loadgen;

namespace {

rapidjson::Document json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  REQUIRE_FALSE(document.HasParseError());
  return document;
}

std::string diff_frame(const std::string& diff) {
  return R"([null,null,"room:x","presence_diff",)" + diff + "]";
}

void apply_diff(PresenceView& view, const std::string& diff) {
  const auto frame = diff_frame(diff);
  const auto document = json(frame);
  view.apply_diff(document[4], frame);
}

void apply_state(PresenceView& view, const std::string& state) {
  const auto document = json(state);
  view.apply_state(document);
}

std::optional<Options> parse(std::vector<std::string> words) {
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("presence state lists every key with metas") {
  PresenceView view(10);
  apply_state(view, R"({"u1":{"metas":[{"phx_ref":"a"}]},"ann":{"metas":[{"phx_ref":"b"}]}})");
  CHECK(view.has_state());
  CHECK(view.key_count() == 2);
  CHECK_FALSE(view.malformed());
}

TEST_CASE("presence state replaces what the view held before") {
  PresenceView view(10);
  apply_state(view, R"({"u1":{"metas":[{"phx_ref":"a"}]},"u2":{"metas":[{"phx_ref":"b"}]}})");
  apply_state(view, R"({"u3":{"metas":[{"phx_ref":"c"}]}})");
  CHECK(view.key_count() == 1);
}

TEST_CASE("diffs before the first state are queued, then applied after it") {
  PresenceView view(10);
  apply_diff(view, R"({"joins":{"u2":{"metas":[{"phx_ref":"b"}]}},"leaves":{}})");
  CHECK(view.key_count() == 0);
  apply_state(view, R"({"u1":{"metas":[{"phx_ref":"a"}]}})");
  CHECK(view.key_count() == 2);
}

TEST_CASE("a join of a meta the view already holds is not counted twice") {
  PresenceView view(10);
  apply_state(view, R"({"u1":{"metas":[{"phx_ref":"a"}]}})");
  apply_diff(view, R"({"joins":{"u1":{"metas":[{"phx_ref":"a"}]}},"leaves":{}})");
  CHECK(view.key_count() == 1);
  apply_diff(view, R"({"joins":{},"leaves":{"u1":{"metas":[{"phx_ref":"a"}]}}})");
  CHECK(view.key_count() == 0);
}

TEST_CASE("a key with two metas stays listed until its last meta leaves") {
  for (const std::string key : {"u1", "ann"}) {  // dense slot and overflow map
    PresenceView view(10);
    apply_state(view, "{}");
    apply_diff(view, R"({"joins":{")" + key + R"(":{"metas":[{"phx_ref":"a"}]}},"leaves":{}})");
    apply_diff(view, R"({"joins":{")" + key + R"(":{"metas":[{"phx_ref":"b"}]}},"leaves":{}})");
    CHECK(view.key_count() == 1);
    apply_diff(view, R"({"joins":{},"leaves":{")" + key + R"(":{"metas":[{"phx_ref":"a"}]}}})");
    CHECK(view.key_count() == 1);
    apply_diff(view, R"({"joins":{},"leaves":{")" + key + R"(":{"metas":[{"phx_ref":"b"}]}}})");
    CHECK(view.key_count() == 0);
  }
}

TEST_CASE("a diff applies joins before leaves, so an updated meta never disappears") {
  PresenceView view(10);
  apply_state(view, R"({"u1":{"metas":[{"phx_ref":"old"}]}})");
  apply_diff(view, R"({"joins":{"u1":{"metas":[{"phx_ref":"new","phx_ref_prev":"old"}]}},)"
                   R"("leaves":{"u1":{"metas":[{"phx_ref":"old"}]}}})");
  CHECK(view.key_count() == 1);
}

TEST_CASE("leaving an unknown meta changes nothing") {
  PresenceView view(10);
  apply_state(view, R"({"u1":{"metas":[{"phx_ref":"a"}]}})");
  apply_diff(view, R"({"joins":{},"leaves":{"u1":{"metas":[{"phx_ref":"zzz"}]},"nobody":{"metas":[{"phx_ref":"a"}]}}})");
  CHECK(view.key_count() == 1);
  CHECK_FALSE(view.malformed());
}

TEST_CASE("keys outside the dense range are still tracked") {
  PresenceView view(2);
  apply_state(view, R"({"u1":{"metas":[{"phx_ref":"a"}]},"u7":{"metas":[{"phx_ref":"b"}]},"u":{"metas":[{"phx_ref":"c"}]}})");
  CHECK(view.key_count() == 3);
}

TEST_CASE("presence frames of the wrong shape are flagged as malformed") {
  const std::vector<std::string> bad_diffs = {
      R"({"joins":{}})",                                        // no leaves
      R"({"joins":[],"leaves":{}})",                            // joins not an object
      R"({"joins":{"u1":{}},"leaves":{}})",                     // no metas
      R"({"joins":{"u1":{"metas":[{"name":"x"}]}},"leaves":{}})",  // meta without phx_ref
      R"([1,2])",
  };
  for (const auto& diff : bad_diffs) {
    PresenceView view(10);
    apply_state(view, "{}");
    apply_diff(view, diff);
    CHECK_MESSAGE(view.malformed(), diff);
  }
  PresenceView view(10);
  apply_state(view, "[]");
  CHECK(view.malformed());
  CHECK_FALSE(view.has_state());
}

TEST_CASE("latency quantiles are exact below a millisecond") {
  LatencyHistogram histogram;
  for (int micros = 1; micros <= 100; ++micros) histogram.record_us(micros);
  CHECK(histogram.count() == 100);
  CHECK(histogram.quantile_us(0.50) == 50);
  CHECK(histogram.quantile_us(0.99) == 99);
  CHECK(histogram.max_us() == 100);
}

TEST_CASE("latency quantiles above a millisecond are within 2 percent") {
  for (std::int64_t micros : {1024, 1500, 12345, 987654, 40000000}) {
    LatencyHistogram histogram;
    histogram.record_us(micros);
    const auto reported = static_cast<double>(histogram.quantile_us(0.5));
    CHECK(reported >= micros);
    CHECK(reported <= micros * 1.02);
  }
}

TEST_CASE("latency histograms merge counts and maxima; negatives count as zero") {
  LatencyHistogram a, b;
  a.record_us(-5);
  b.record_us(3000);
  a.merge(b);
  CHECK(a.count() == 2);
  CHECK(a.max_us() == 3000);
  CHECK(a.quantile_us(0.5) == 0);
  CHECK(LatencyHistogram{}.quantile_us(0.5) == 0);
}

TEST_CASE("a join frame carries the ref as join_ref and the user in its payload") {
  CHECK(phoenix::join_frame(7, "room:a", "u3") == R"(["7","7","room:a","phx_join",{"user":"u3"}])");
  CHECK(phoenix::numbered("u", 42) == "u42");
}

TEST_CASE("the body stamp of a new_msg round-trips through a broadcast") {
  const auto push = phoenix::new_msg_frame(1, 9, "bench:x", 17, 123456789);
  CHECK(push == R"(["1","9","bench:x","new_msg",{"body":"17:123456789"}])");
  const auto stamp = phoenix::find_body_stamp(
      R"([null,null,"bench:x","new_msg",{"user":"pub","body":"17:123456789"}])");
  REQUIRE(stamp);
  CHECK(stamp->sequence == 17);
  CHECK(stamp->sent_ns == 123456789);
}

TEST_CASE("frames without a well-formed body stamp yield none") {
  for (const char* frame : {R"(["1","2","bench:x","phx_reply",{"status":"ok","response":{}}])",
                            R"([null,null,"t","new_msg",{"body":"hello"}])",
                            R"([null,null,"t","new_msg",{"body":"17:"}])",
                            R"([null,null,"t","new_msg",{"body":"17:99)",
                            R"([null,null,"t","new_msg",{"body":"17-99"}])"}) {
    CHECK_FALSE_MESSAGE(phoenix::find_body_stamp(frame), frame);
  }
}

TEST_CASE("parse accepts five-element frames and reads a reply status") {
  const auto reply = phoenix::parse(R"(["1","1","room:a","phx_reply",{"status":"error","response":{}}])");
  REQUIRE(reply.ok);
  CHECK(reply.topic() == "room:a");
  CHECK(reply.reply_status() == "error");
  const auto push = phoenix::parse(R"([null,null,"room:a","new_msg",{"status":"ok"}])");
  REQUIRE(push.ok);
  CHECK(push.reply_status().empty());
}

TEST_CASE("parse rejects frames that are not five-element arrays with string topic and event") {
  for (const char* frame : {"not json", "{}", R"(["1","1","t","e"])", R"(["1","1",3,"e",{}])",
                            R"(["1","1","t",null,{}])"}) {
    CHECK_FALSE_MESSAGE(phoenix::parse(frame).ok, frame);
  }
}

TEST_CASE("options parse every flag") {
  const auto options = parse({"loadgen", "fanout", "--port", "4100", "--clients", "10", "--rate", "2.5",
                              "--threads", "3", "--label", "x", "--server-pid", "42"});
  REQUIRE(options);
  CHECK(options->scenario == "fanout");
  CHECK(options->port == "4100");
  CHECK(options->clients == 10);
  CHECK(options->rate == doctest::Approx(2.5));
  CHECK(options->threads == 3);
  CHECK(options->label == "x");
  CHECK(options->server_pid == 42);
  CHECK(parse({"loadgen", "echo"})->label == "echo");
}

TEST_CASE("soak options: defaults of ten minutes, 100 rooms, 1% churn every 10 s, flags override") {
  const auto defaults = parse({"loadgen", "soak", "--rate", "200", "--server-pid", "7"});
  REQUIRE(defaults);
  CHECK(defaults->minutes == doctest::Approx(10));
  CHECK(defaults->rooms == 100);
  CHECK(defaults->churn_percent == doctest::Approx(1));
  CHECK(defaults->churn_seconds == doctest::Approx(10));
  CHECK(defaults->warmup_minutes == 1);
  const auto set = parse({"loadgen", "soak", "--rate", "50", "--server-pid", "7", "--minutes", "0.5", "--rooms", "4",
                          "--churn-percent", "2.5", "--churn-seconds", "0", "--warmup-minutes", "2"});
  REQUIRE(set);
  CHECK(set->minutes == doctest::Approx(0.5));
  CHECK(set->rooms == 4);
  CHECK(set->churn_percent == doctest::Approx(2.5));
  CHECK(set->churn_seconds == doctest::Approx(0));
  CHECK(set->warmup_minutes == 2);
}

TEST_CASE("memory joins bench:idle unless --topic names another topic (room:idle tracks presence)") {
  CHECK(parse({"loadgen", "memory", "--server-pid", "7"})->topic == "bench:idle");
  CHECK(parse({"loadgen", "memory", "--server-pid", "7", "--topic", "room:idle"})->topic == "room:idle");
  CHECK_FALSE(parse({"loadgen", "memory", "--server-pid", "7", "--topic", ""}));
}

TEST_CASE("memory reads its baseline after 100 warm-up connections unless --warmup says otherwise") {
  CHECK(parse({"loadgen", "memory", "--server-pid", "7"})->warmup == 100);
  CHECK(parse({"loadgen", "memory", "--server-pid", "7", "--warmup", "0"})->warmup == 0);
  CHECK(parse({"loadgen", "memory", "--server-pid", "7", "--warmup", "250"})->warmup == 250);
  CHECK_FALSE(parse({"loadgen", "memory", "--server-pid", "7", "--warmup", "many"}));
}

TEST_CASE("fanout takes a second node's port; other scenarios refuse it") {
  const auto two_nodes = parse({"loadgen", "fanout", "--port", "4100", "--port2", "4200"});
  REQUIRE(two_nodes);
  CHECK(two_nodes->port == "4100");
  CHECK(two_nodes->port2 == "4200");
  CHECK(parse({"loadgen", "fanout"})->port2.empty());
  CHECK_FALSE(parse({"loadgen", "echo", "--port2", "4200"}));
  CHECK_FALSE(parse({"loadgen", "fanout", "--port2", ""}));
}

TEST_CASE("options reject bad command lines") {
  const std::vector<std::vector<std::string>> bad = {
      {"loadgen"},
      {"loadgen", "party"},
      {"loadgen", "echo", "--colour", "red"},
      {"loadgen", "echo", "--clients"},
      {"loadgen", "echo", "--clients", "ten"},
      {"loadgen", "echo", "--clients", "0"},
      {"loadgen", "echo", "--seconds", "-1"},
      {"loadgen", "echo", "--host", ""},
      {"loadgen", "memory"},  // needs --server-pid
      {"loadgen", "soak", "--server-pid", "7"},  // needs --rate
      {"loadgen", "soak", "--rate", "10"},       // needs --server-pid
      {"loadgen", "soak", "--rate", "10", "--server-pid", "7", "--minutes", "0"},
      {"loadgen", "soak", "--rate", "10", "--server-pid", "7", "--rooms", "0"},
      {"loadgen", "soak", "--rate", "10", "--server-pid", "7", "--churn-percent", "60"},
  };
  for (const auto& words : bad) CHECK_FALSE(parse(words));
}
