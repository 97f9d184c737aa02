#include <doctest/doctest.h>

#include "live_test_support.hpp"

using namespace live_test;

namespace {

// Evaluates one expression as an output slot over `assigns`.
SlotValue eval(const std::string& source, const std::string& assigns = "{}") {
  rapidjson::Document document = parse_json(assigns);
  JsonEvaluator evaluator(document);
  Expression expression{source, {}, analyze_expression(source)};
  return evaluator.value(expression);
}

std::string text(const std::string& source, const std::string& assigns = "{}") { return eval(source, assigns).text; }

}  // namespace

TEST_CASE("names, members and literals") {
  CHECK(text("n", R"({"n":3})") == "3");
  CHECK(text("u.name", R"({"u":{"name":"Ann"}})") == "Ann");
  CHECK(text("u.missing", R"({"u":{}})") == "");
  CHECK(text("nothing.deeper", R"({"nothing":null})") == "");
  CHECK(text("'a' + \"b\" + 1") == "ab1");
  CHECK(text("1.5 + 2") == "3.5");
  CHECK(text("-x", R"({"x":2})") == "-2");
  CHECK(text("true") == "true");
  CHECK(text("nil") == "");
  CHECK(text("xs", R"({"xs":[1,"a"]})") == R"([1,"a"])");
}

TEST_CASE("conditions, comparisons and the ternary") {
  CHECK(text("n > 5 ? 'high' : 'low'", R"({"n":6})") == "high");
  CHECK(text("n > 5 ? 'high' : 'low'", R"({"n":5})") == "low");
  CHECK(text("not done and n <= 2", R"({"done":false,"n":2})") == "true");
  CHECK(text("a or 'fallback'", R"({"a":null})") == "fallback");
  CHECK(text("s == 'x' and s != 'y'", R"({"s":"x"})") == "true");
  CHECK(text("'b' > 'a'") == "true");
}

TEST_CASE("methods and functions") {
  CHECK(text("xs.len()", R"({"xs":[1,2,3]})") == "3");
  CHECK(text("xs.empty()", R"({"xs":[]})") == "true");
  CHECK(text("s.upper()", R"({"s":"abc"})") == "ABC");
  CHECK(eval("raw(h)", R"({"h":"<b>"})").kind == SlotValue::Kind::html);
  auto component = eval("component(2)");
  CHECK(component.kind == SlotValue::Kind::component);
  CHECK(component.cid == 2);
}

TEST_CASE("bad expressions and bad values throw with a clear message") {
  CHECK_THROWS_WITH_AS(text("missing"), "undefined name 'missing'", std::runtime_error);
  CHECK_THROWS_WITH_AS(text("nope(1)"), "unknown function nope()", std::runtime_error);
  CHECK_THROWS_WITH_AS(text("x.nope()", R"({"x":1})"), "unknown method .nope()", std::runtime_error);
  CHECK_THROWS_AS(text("1 +"), std::runtime_error);
  CHECK_THROWS_AS(text("(1"), std::runtime_error);
  CHECK_THROWS_AS(text("'open"), std::runtime_error);
  CHECK_THROWS_AS(text("1 2"), std::runtime_error);
  CHECK_THROWS_AS(text("x.y", R"({"x":1})"), std::runtime_error);
  CHECK_THROWS_AS(text("1 < 'a'"), std::runtime_error);
  CHECK_THROWS_AS(text("component(0)"), std::runtime_error);
}

TEST_CASE("loops bind items, and keys and values of dicts") {
  JsonView list("<% for x in xs %>[<%= x %>]<% end %>");
  list.join(R"({"xs":["a","b"]})");
  CHECK(list.html() == "[a][b]");
  JsonView dict("<% for k, v in d %><%= k %>=<%= v %>;<% end %>");
  dict.join(R"({"d":{"x":1,"y":2}})");
  CHECK(dict.html() == "x=1;y=2;");
  JsonView nil_list("<% for x in xs %>.<% end %>");
  nil_list.join(R"({"xs":null})");
  CHECK(nil_list.html() == "");
}

TEST_CASE("loops over things that are not iterable throw") {
  JsonView number("<% for x in n %>.<% end %>");
  CHECK_THROWS_AS(number.join(R"({"n":1})"), std::runtime_error);
  JsonView wrong_arity("<% for k, v in xs %>.<% end %>");
  CHECK_THROWS_AS(wrong_arity.join(R"({"xs":[1]})"), std::runtime_error);
}

TEST_CASE("equal items get equal keys, different items different keys") {
  const auto a = parse_json(R"({"x":1,"y":[1,2]})");
  const auto b = parse_json(R"({"x":1,"y":[1,2]})");
  const auto c = parse_json(R"({"x":1,"y":[2,1]})");
  CHECK(JsonEvaluator::content_hash(a) == JsonEvaluator::content_hash(b));
  CHECK(JsonEvaluator::content_hash(a) != JsonEvaluator::content_hash(c));
  CHECK(JsonEvaluator::content_hash(parse_json("[1]")) != JsonEvaluator::content_hash(parse_json(R"(["1"])")));
}

TEST_CASE("changes_between reports added, removed and modified assigns") {
  const auto before = parse_json(R"({"a":1,"b":2,"gone":0})");
  const auto after = parse_json(R"({"a":1,"b":3,"new":1})");
  const ChangeSet changes = changes_between(before, after);
  CHECK_FALSE(changes.affects(Dependencies{{"a"}, false}));
  CHECK(changes.affects(Dependencies{{"b"}, false}));
  CHECK(changes.affects(Dependencies{{"new"}, false}));
  CHECK(changes.affects(Dependencies{{"gone"}, false}));
}
