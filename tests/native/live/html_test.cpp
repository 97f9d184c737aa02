#include <doctest/doctest.h>

#include "live_test_support.hpp"
#include "quest_live/live/html.hpp"
#include "quest_live/live/renderer.hpp"

using namespace live_test;

TEST_CASE("escape_html escapes the five HTML-significant characters") {
  CHECK(escape_html(R"(<a href="x">Tom & 'Jerry'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  CHECK(escape_html("plain ünïcode") == "plain ünïcode");
}

TEST_CASE("to_html renders a full tree with components in place") {
  auto root = compile_template("<main><%= component(1) %><% for x in xs %><i><%= x %></i><% end %></main>");
  auto card = compile_template("<div><%= name %></div>");
  rapidjson::Document assigns = parse_json(R"({"xs":[1,2]})");
  rapidjson::Document card_assigns = parse_json(R"({"name":"<Ann>"})");
  JsonEvaluator root_evaluator(assigns);
  JsonEvaluator card_evaluator(card_assigns);
  std::map<int, std::unique_ptr<RenderedNode>> components;
  components[1] = render_full(*card, card_evaluator);
  CHECK(to_html(*render_full(*root, root_evaluator), components) ==
        "<main><div>&lt;Ann&gt;</div><i>1</i><i>2</i></main>");
}

TEST_CASE("to_html refuses partial trees and missing components") {
  auto root = compile_template("<%= component(3) %>");
  rapidjson::Document assigns = parse_json("{}");
  JsonEvaluator evaluator(assigns);
  CHECK_THROWS_AS(to_html(*render_full(*root, evaluator)), std::logic_error);
  const Statics statics = make_statics({"a", "b"});
  RenderedNode partial{&statics, {}};
  partial.dynamics.emplace_back(Unchanged{});
  CHECK_THROWS_AS(to_html(partial), std::logic_error);
}

TEST_CASE("the dead render container carries what the client needs to join") {
  ContainerAttributes container;
  container.id = "phx-F8xY";
  container.session_token = "s.t";
  container.static_token = "a\"b";
  CHECK(dead_render(container, "<h1>Hi</h1>") ==
        R"(<div id="phx-F8xY" data-phx-main data-phx-session="s.t" data-phx-static="a&quot;b"><h1>Hi</h1></div>)");
  container.main = false;
  container.static_token.clear();
  container.tag = "section";
  CHECK(dead_render(container, "") == R"(<section id="phx-F8xY" data-phx-session="s.t"></section>)");
}

TEST_CASE("the dead render HTML equals the HTML of the join render") {
  JsonView view("<p class=\"<%= c %>\"><%= n %></p>");
  view.join(R"({"c":"x","n":1})");
  CHECK(view.html() == R"(<p class="x">1</p>)");
}
