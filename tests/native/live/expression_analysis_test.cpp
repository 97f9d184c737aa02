#include <doctest/doctest.h>

#include "quest_live/live/template.hpp"

using namespace quest_live::live;
using Names = std::vector<std::string>;

TEST_CASE("a bare name is its own dependency") {
  auto result = analyze_expression("count");
  CHECK(result.names == Names{"count"});
  CHECK_FALSE(result.tainted);
}

TEST_CASE("names after a dot are members, not free names") {
  CHECK(analyze_expression("metric.name").names == Names{"metric"});
  CHECK(analyze_expression("a.b.c + d . e").names == Names{"a", "d"});
}

TEST_CASE("keywords, literals and string contents are not names") {
  CHECK(analyze_expression("open ? 'block' : 'none'").names == Names{"open"});
  CHECK(analyze_expression("not done and x == nil or true").names == Names{"done", "x"});
  CHECK(analyze_expression(R"("count" + 'x\'y' + """z w""")").names.empty());
  CHECK(analyze_expression("1.5e3 + 0x1f").names.empty());
}

TEST_CASE("method calls on values are not taints") {
  auto result = analyze_expression("alerts.empty()");
  CHECK(result.names == Names{"alerts"});
  CHECK_FALSE(result.tainted);
  CHECK_FALSE(analyze_expression("last_updated.format(\"%H:%M:%S\")").tainted);
}

TEST_CASE("calls of named functions taint the slot") {
  auto result = analyze_expression("cpu_class(cpu)");
  CHECK(result.tainted);
  CHECK(result.names == Names{"cpu_class", "cpu"});
  CHECK(analyze_expression("format_time (x)").tainted);
}

TEST_CASE("raw() is known to be pure") {
  auto result = analyze_expression("raw(body)");
  CHECK_FALSE(result.tainted);
  CHECK(result.names == Names{"body"});
}

TEST_CASE("lambdas and f-strings taint the slot") {
  CHECK(analyze_expression("xs.map(fun (x) x end)").tainted);
  CHECK(analyze_expression("f\"{name}\"").tainted);
}

TEST_CASE("each name is listed once") {
  CHECK(analyze_expression("a + a + b + a").names == Names{"a", "b"});
}
