#include <doctest/doctest.h>

#include <map>

#include "live_test_support.hpp"
#include "quest_live/live/renderer.hpp"

using namespace live_test;

namespace {

// Counts what the renderer asks of the evaluator, by expression source.
class CountingEvaluator : public ExpressionEvaluator {
 public:
  explicit CountingEvaluator(const rapidjson::Value& assigns) : inner_(assigns) {}

  SlotValue value(const Expression& expression) override {
    ++calls[expression.source];
    return inner_.value(expression);
  }
  bool truthy(const Expression& condition) override {
    ++calls[condition.source];
    return inner_.truthy(condition);
  }
  void for_each(const Expression& collection, const std::vector<std::string>& variables,
                const ItemVisitor& visit) override {
    ++calls[collection.source];
    inner_.for_each(collection, variables, visit);
  }

  std::map<std::string, int> calls;

 private:
  JsonEvaluator inner_;
};

// Joins with `before`, then renders `after` with the change set between them and
// returns what was evaluated and the diff.
struct Update {
  std::map<std::string, int> calls;
  std::string diff;
};

Update update(const std::string& source, const std::string& before, const std::string& after) {
  auto compiled = compile_template(source);
  rapidjson::Document old_assigns = parse_json(before);
  rapidjson::Document new_assigns = parse_json(after);
  ViewMirror mirror;
  JsonEvaluator joiner(old_assigns);
  RenderedView join;
  join.root = render_full(*compiled, joiner);
  encode_full(join, mirror);

  CountingEvaluator evaluator(new_assigns);
  RenderedView next;
  next.root = render_changes(*compiled, evaluator, changes_between(old_assigns, new_assigns), *mirror.root);
  return Update{evaluator.calls, encode_diff(next, mirror)};
}

}  // namespace

TEST_CASE("slots whose names did not change are not evaluated") {
  auto result = update("<%= a %>|<%= b %>", R"({"a":1,"b":2})", R"({"a":1,"b":3})");
  CHECK(result.calls == std::map<std::string, int>{{"b", 1}});
  CHECK(result.diff == R"({"1":"3"})");
}

TEST_CASE("a re-evaluated slot with the same output is not sent") {
  auto result = update("<%= a.x %>", R"({"a":{"x":1,"y":1}})", R"({"a":{"x":1,"y":2}})");
  CHECK(result.calls == std::map<std::string, int>{{"a.x", 1}});
  CHECK(result.diff == "{}");
}

TEST_CASE("tainted slots are evaluated on every render") {
  auto compiled = compile_template("<%= raw(a) %><%= component(1) %>");
  CHECK_FALSE(compiled->root.slots[0].dependencies.tainted);
  CHECK(compiled->root.slots[1].dependencies.tainted);
  auto result = update("<%= raw(a) %><%= component(1) %>", R"({"a":"x","b":1})", R"({"a":"x","b":2})");
  CHECK(result.calls == std::map<std::string, int>{{"component(1)", 1}});
}

TEST_CASE("names that are not tracked assigns are evaluated on every render") {
  // `limit` is not an assign (think: a module variable), so nobody reports its changes.
  auto compiled = compile_template("<%= count > limit %>");
  rapidjson::Document assigns = parse_json(R"({"count":1,"limit":5})");
  JsonEvaluator evaluator(assigns);
  ViewMirror mirror;
  RenderedView join;
  join.root = render_full(*compiled, evaluator);
  encode_full(join, mirror);
  CountingEvaluator counting(assigns);
  const ChangeSet only_count_tracked({}, {"count"});
  auto partial = render_changes(*compiled, counting, only_count_tracked, *mirror.root);
  CHECK(counting.calls["count > limit"] == 1);
}

TEST_CASE("a changed name re-evaluates only the if conditions and branch slots that read it") {
  auto result = update("<% if on %><p><%= a %>/<%= b %></p><% end %><%= c %>", R"({"on":true,"a":1,"b":1,"c":1})",
                       R"({"on":true,"a":2,"b":1,"c":1})");
  CHECK(result.calls == std::map<std::string, int>{{"on", 1}, {"a", 1}});
  CHECK(result.diff == R"({"0":{"0":"2"}})");
}

TEST_CASE("a branch switch renders the new branch in full, statics included") {
  auto result = update("<% if on %><p><%= a %></p><% else %><i><%= a %></i><% end %>", R"({"on":true,"a":1})",
                       R"({"on":false,"a":1})");
  CHECK(result.calls == std::map<std::string, int>{{"on", 1}, {"a", 1}});
  CHECK(result.diff == R"({"0":{"s":["<i>","</i>"],"0":"1"}})");
}

TEST_CASE("appending to a list evaluates only the new entry") {
  auto result = update("<% for x in xs %><b><%= x.n %></b><% end %>", R"({"xs":[{"n":1},{"n":2}]})",
                       R"({"xs":[{"n":1},{"n":2},{"n":3}]})");
  CHECK(result.calls == std::map<std::string, int>{{"xs", 1}, {"x.n", 1}});
  CHECK(result.diff == R"({"0":{"k":{"2":{"0":"3"},"kc":3}}})");
}

TEST_CASE("an outer name read inside a loop is re-read in every entry, the unchanged items are not") {
  auto result = update("<% for x in xs %><%= x %><%= sep %><% end %>", R"({"xs":[1,2],"sep":","})",
                       R"({"xs":[1,2],"sep":";"})");
  CHECK(result.calls == std::map<std::string, int>{{"xs", 1}, {"sep", 2}});
  CHECK(result.diff == R"({"0":{"k":{"0":{"1":";"},"1":{"1":";"},"kc":2}}})");
}

TEST_CASE("inside a loop the loop variables are tracked and unchanged") {
  const ChangeSet changes({"sep"}, {"xs", "sep"});
  Dependencies reads_item{{"x"}, false};
  Dependencies reads_sep{{"x", "sep"}, false};
  CHECK(changes.affects(reads_item));  // outside the loop `x` is not tracked
  const ChangeSet inner = changes.inside_loop({"x"});
  CHECK_FALSE(inner.affects(reads_item));
  CHECK(inner.affects(reads_sep));
}

TEST_CASE("everything affects every slot and nothing changed affects none that are tracked") {
  Dependencies reads_a{{"a"}, false};
  CHECK(ChangeSet::everything().affects(reads_a));
  const ChangeSet none({}, {"a"});
  CHECK(none.nothing_changed());
  CHECK_FALSE(none.affects(reads_a));
  CHECK(none.affects(Dependencies{{"a"}, true}));
}

TEST_CASE("a render against another template's mirror falls back to a full render") {
  auto first = compile_template("<p><%= a %></p>");
  auto second = compile_template("<div><%= a %></div>");
  rapidjson::Document assigns = parse_json(R"({"a":1})");
  JsonEvaluator evaluator(assigns);
  ViewMirror mirror;
  RenderedView join;
  join.root = render_full(*first, evaluator);
  encode_full(join, mirror);
  RenderedView next;
  next.root = render_changes(*second, evaluator, ChangeSet({}, {"a"}), *mirror.root);
  CHECK(encode_diff(next, mirror) == R"({"s":["<div>","</div>"],"0":"1"})");
}
