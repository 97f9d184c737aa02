#include <doctest/doctest.h>

#include <string>

#include "quest_live/live/template.hpp"
#include "seed_templates.hpp"

using namespace quest_live::live;

namespace {

std::vector<std::string> statics_of(const Fragment& fragment) { return fragment.statics.parts; }

const OutputSlot& output_at(const Fragment& fragment, std::size_t index) {
  return std::get<OutputSlot>(fragment.slots.at(index).kind);
}

// Compiles `source`, expecting a TemplateError; returns it.
TemplateError compile_error(const std::string& source) {
  try {
    compile_template(source, "page.q");
  } catch (const TemplateError& error) {
    return error;
  }
  FAIL("expected a TemplateError for: " << source);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("text around output tags is kept byte for byte as statics") {
  auto compiled = compile_template("  <p id=\"x\">\n\tHi <%= name %>!</p>\n");
  CHECK(statics_of(compiled->root) == std::vector<std::string>{"  <p id=\"x\">\n\tHi ", "!</p>\n"});
  CHECK(output_at(compiled->root, 0).expression.source == "name");
  CHECK_FALSE(output_at(compiled->root, 0).raw);
}

TEST_CASE("expressions inside attribute values and phx bindings stay where they are written") {
  auto compiled = compile_template(R"(<div class="a <%= c %>" phx-click="go" phx-value-id="<%= id %>">)");
  CHECK(statics_of(compiled->root) ==
        std::vector<std::string>{R"(<div class="a )", R"(" phx-click="go" phx-value-id=")", R"(">)"});
}

TEST_CASE("raw output tags are marked raw") {
  auto compiled = compile_template("<%== html %>");
  CHECK(output_at(compiled->root, 0).raw);
  CHECK(output_at(compiled->root, 0).expression.source == "html");
}

TEST_CASE("comments are dropped and the text around them joins") {
  auto compiled = compile_template("a<%# a comment, <%= not a tag %>b");
  CHECK(statics_of(compiled->root) == std::vector<std::string>{"ab"});
  CHECK(compiled->root.slots.empty());
}

TEST_CASE("a %> inside a string literal does not end the tag") {
  auto compiled = compile_template(R"(<%= "50%>" %>x)");
  CHECK(output_at(compiled->root, 0).expression.source == R"("50%>")");
  CHECK(statics_of(compiled->root) == std::vector<std::string>{"", "x"});
}

TEST_CASE("if, elif and else become one slot whose branches are nested fragments") {
  auto compiled = compile_template("<% if a %>A<%= x %><% elif b %>B<% else %>C<% end %>!");
  CHECK(statics_of(compiled->root) == std::vector<std::string>{"", "!"});
  const auto& block = std::get<IfSlot>(compiled->root.slots.at(0).kind);
  REQUIRE(block.branches.size() == 3);
  CHECK(block.branches[0].condition->source == "a");
  CHECK(statics_of(*block.branches[0].body) == std::vector<std::string>{"A", ""});
  CHECK(block.branches[1].condition->source == "b");
  CHECK_FALSE(block.branches[2].condition.has_value());
  CHECK(statics_of(*block.branches[2].body) == std::vector<std::string>{"C"});
  CHECK(compiled->root.slots[0].dependencies.names == std::vector<std::string>{"a", "x", "b"});
}

TEST_CASE("for loops take one variable, or key and value") {
  auto compiled = compile_template("<% for x in xs %>[<%= x %>]<% end %><% for k, v in d %><%= k %>=<%= v %><% end %>");
  const auto& one = std::get<ForSlot>(compiled->root.slots.at(0).kind);
  CHECK(one.variables == std::vector<std::string>{"x"});
  CHECK(one.collection.source == "xs");
  CHECK(statics_of(*one.body) == std::vector<std::string>{"[", "]"});
  const auto& two = std::get<ForSlot>(compiled->root.slots.at(1).kind);
  CHECK(two.variables == std::vector<std::string>{"k", "v"});
  CHECK(two.collection.source == "d");
}

TEST_CASE("a loop's outer dependencies exclude its own variables") {
  auto compiled = compile_template("<% for x in xs %><%= x.name %><%= suffix %><% end %>");
  const auto& slot = compiled->root.slots.at(0);
  CHECK(std::get<ForSlot>(slot.kind).body_outer.names == std::vector<std::string>{"suffix"});
  CHECK(slot.dependencies.names == std::vector<std::string>{"xs", "suffix"});
}

TEST_CASE("fingerprints identify shape, statics and expressions") {
  auto first = compile_template("<p><%= a %></p>");
  auto same = compile_template("<p><%= a %></p>");
  auto other_expression = compile_template("<p><%= b %></p>");
  auto other_text = compile_template("<p> <%= a %></p>");
  CHECK(first->root.statics.fingerprint == same->root.statics.fingerprint);
  CHECK(first->root.statics.fingerprint != other_expression->root.statics.fingerprint);
  CHECK(first->root.statics.fingerprint != other_text->root.statics.fingerprint);
  auto branches = compile_template("<% if c %><%= x %><% else %><%= y %><% end %>");
  const auto& block = std::get<IfSlot>(branches->root.slots[0].kind);
  CHECK(block.branches[0].body->statics.fingerprint != block.branches[1].body->statics.fingerprint);
}

TEST_CASE("every template of the seed compiles") {
  for (std::string_view source : live_test::seed_templates) {
    CAPTURE(source);
    CHECK_NOTHROW(compile_template(source, "seed"));
  }
  auto dashboard = compile_template(live_test::seed_templates[2], "seed");
  CHECK_FALSE(dashboard->root.slots.empty());
}

TEST_CASE("an unclosed tag is reported where it opens") {
  auto error = compile_error("<p>\n  <%= name </p>");
  CHECK(error.location().line == 2);
  CHECK(error.location().column == 3);
  CHECK(std::string(error.what()) == "page.q:2:3: tag is never closed with %>\n  <%= name </p>\n  ^");
}

TEST_CASE("unknown tags are errors") {
  auto error = compile_error("ok\n<% while x %>");
  CHECK(error.location().line == 2);
  CHECK(error.location().column == 1);
  CHECK(error.message().find("unknown tag <% while x %>") == 0);
}

TEST_CASE("an end without an open block is an error") {
  auto error = compile_error("a <% end %>");
  CHECK(error.location().column == 3);
  CHECK(error.message() == "<% end %> without an open <% if %> or <% for %>");
}

TEST_CASE("a block that is never closed is reported at its opening tag") {
  auto error = compile_error("<ul>\n  <% for x in xs %>\n  <li><%= x %></li>\n</ul>");
  CHECK(error.location().line == 2);
  CHECK(error.location().column == 3);
  CHECK(error.message() == "block opened here is never closed with <% end %>");
}

TEST_CASE("else and elif only belong to an if") {
  CHECK(compile_error("<% else %>").message() == "<% else %> outside of an <% if %> block");
  CHECK(compile_error("<% for x in xs %><% elif y %><% end %>").message() ==
        "<% elif %> outside of an <% if %> block");
  CHECK(compile_error("<% if a %><% else %><% elif b %><% end %>").message() == "<% elif %> after <% else %>");
  CHECK(compile_error("<% if a %><% else %><% else %><% end %>").message() == "<% else %> after <% else %>");
}

TEST_CASE("tags need their expressions") {
  CHECK(compile_error("<%= %>").message() == "missing expression in <%= %>");
  CHECK(compile_error("<%==%>").message() == "missing expression in <%== %>");
  CHECK(compile_error("<% if %><% end %>").message() == "missing expression in <% if %>");
  CHECK(compile_error("<% if  \t %><% end %>").message() == "missing expression in <% if %>");
  CHECK(compile_error("<% if a %><% elif %><% end %>").message() == "missing expression in <% elif %>");
  CHECK(compile_error("<% for x in  %><% end %>").message() == "expected <% for x in xs %> or <% for k, v in d %>");
}

TEST_CASE("malformed for headers are errors") {
  CHECK(compile_error("<% for x xs %><% end %>").message() == "expected <% for x in xs %> or <% for k, v in d %>");
  CHECK(compile_error("<% for a, b, c in d %><% end %>").message() ==
        "loop variables must be one name or two names separated by a comma");
  CHECK(compile_error("<% for x.y in d %><% end %>").message() ==
        "loop variables must be one name or two names separated by a comma");
  CHECK(compile_error("<% for nil in d %><% end %>").message() ==
        "loop variables must be one name or two names separated by a comma");
}

TEST_CASE("the cache compiles each distinct source once") {
  TemplateCache cache(2);
  auto first = cache.get("<p><%= a %></p>");
  CHECK(cache.get("<p><%= a %></p>") == first);
  auto second = cache.get("<p><%= b %></p>");
  CHECK(second != first);
  CHECK(cache.size() == 2);
}

TEST_CASE("the cache is bounded and keeps handed-out templates alive") {
  TemplateCache cache(2);
  auto first = cache.get("1");
  cache.get("2");
  cache.get("3");  // full: starts over
  CHECK(cache.size() == 1);
  CHECK(first->root.statics.parts == std::vector<std::string>{"1"});
  CHECK(cache.get("1") != first);  // recompiled after the reset
}

TEST_CASE("the cache reports compile errors and caches nothing for them") {
  TemplateCache cache;
  CHECK_THROWS_AS(cache.get("<% end %>"), TemplateError);
  CHECK(cache.size() == 0);
}
