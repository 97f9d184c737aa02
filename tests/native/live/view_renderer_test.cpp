#include <doctest/doctest.h>

#include <thread>

#include "live_test_support.hpp"

using namespace live_test;

namespace {

struct Component {
  explicit Component(const std::string& assigns_json) : assigns(parse_json(assigns_json)), evaluator(assigns) {}
  rapidjson::Document assigns;
  JsonEvaluator evaluator;
};

}  // namespace

TEST_CASE("a view joins, updates and renders its HTML with components") {
  auto card = compile_template(R"(<div class="card"><%= n %></div>)");
  ViewRenderer view(compile_template("<main><%= component(1) %><%= status %></main>"));
  rapidjson::Document assigns = parse_json(R"({"status":"ok"})");
  JsonEvaluator root(assigns);
  Component one(R"({"n":1})");

  MessageExtras extras;
  extras.title = "Cards";
  CHECK(view.join(root, {ComponentRender{1, card.get(), &one.evaluator, ChangeSet::everything()}}, extras) ==
        R"({"s":["<main>","","</main>"],"0":1,"1":"ok","c":{"1":{"s":["<div class=\"card\">","</div>"],"0":"1","r":1}},"t":"Cards"})");

  Component two(R"({"n":2})");
  const ChangeSet n_changed({"n"}, {"n"});
  CHECK(view.update(root, ChangeSet({}, {"status"}), {ComponentRender{1, card.get(), &two.evaluator, n_changed}}) ==
        R"({"c":{"1":{"0":"2"}}})");
  CHECK(view.html(root, {ComponentRender{1, card.get(), &two.evaluator, n_changed}}) ==
        R"(<main><div class="card">2</div>ok</main>)");
  CHECK(view.mirror().components.size() == 1);
}

TEST_CASE("an update before any join is a join") {
  ViewRenderer view(compile_template("<p><%= a %></p>"));
  rapidjson::Document assigns = parse_json(R"({"a":1})");
  JsonEvaluator evaluator(assigns);
  CHECK(view.update(evaluator, ChangeSet({"a"}, {"a"})) == R"({"s":["<p>","</p>"],"0":"1"})");
  CHECK(view.update(evaluator, ChangeSet({"a"}, {"a"})) == "{}");
}

TEST_CASE("an evaluation error leaves the client mirror as it was") {
  ViewRenderer view(compile_template("<p><%= a.b %></p>"));
  rapidjson::Document good = parse_json(R"({"a":{"b":1}})");
  JsonEvaluator good_evaluator(good);
  view.join(good_evaluator);
  rapidjson::Document bad = parse_json(R"({"a":5})");
  JsonEvaluator bad_evaluator(bad);
  CHECK_THROWS_AS(view.update(bad_evaluator, ChangeSet({"a"}, {"a"})), std::runtime_error);
  rapidjson::Document next = parse_json(R"({"a":{"b":2}})");
  JsonEvaluator next_evaluator(next);
  CHECK(view.update(next_evaluator, ChangeSet({"a"}, {"a"})) == R"({"0":"2"})");
}

TEST_CASE("the template cache hands every thread the same compiled template") {
  TemplateCache cache;
  std::vector<std::shared_ptr<const CompiledTemplate>> results(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      cache.get("<b><%= shared %></b>");
      results[i] = cache.get("<b><%= shared %></b>");
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) CHECK(result == results[0]);
  CHECK(cache.size() == 1);
}
