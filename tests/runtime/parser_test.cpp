#include <doctest/doctest.h>

#include "parser.hpp"
#include "run_quest.hpp"

using namespace quest;
using quest::testing::output_of;
using quest::testing::run;

static SyntaxError syntax_error_of(const std::string& source) {
  try {
    parse_program(source, "t.q");
  } catch (const SyntaxError& e) {
    return e;
  }
  FAIL("expected a syntax error");
  return SyntaxError("", 0, 0, "", "");
}

TEST_CASE("every node kind has a name") {
  CHECK(std::string(node_kind_name(NodeKind::Literal)) == "Literal");
  CHECK(std::string(node_kind_name(NodeKind::Fail)) == "Fail");
}

TEST_CASE("multiplication binds tighter than addition, addition tighter than concat") {
  CHECK(output_of("puts(1 + 2 * 3)") == "7\n");
  CHECK(output_of("puts(1 + 2 .. 3 * 2)") == "36\n");
}

TEST_CASE("concat binds tighter than comparison") { CHECK(output_of("puts(\"a\" .. \"b\" == \"ab\")") == "true\n"); }

TEST_CASE("not binds looser than comparison, and/or are short-circuit and return operands") {
  CHECK(output_of("puts(not 1 == 2)") == "true\n");
  CHECK(output_of("puts(nil or \"default\")") == "default\n");
  CHECK(output_of("puts(0 and boom())") == "0\n");
}

TEST_CASE("shift binds looser than comparison as in the grammar") {
  CHECK(output_of("puts(1 << 2 + 1)") == "8\n");
  CHECK(output_of("puts(6 & 3 | 8)") == "10\n");
}

TEST_CASE("elvis has the lowest precedence") { CHECK(output_of("puts(nil ?: 1 + 1)") == "2\n"); }

TEST_CASE("unary minus on literals and expressions") {
  CHECK(output_of("let x = 4\nputs(-x * 2, \" \", -3.5)") == "-8 -3.5\n");
}

TEST_CASE("a call on the next line is a new statement, a method chain on the next line is not") {
  CHECK(output_of("let a = [1]\n[2].each(fun (x) puts(x) end)") == "2\n");
  CHECK(output_of("let s = \"ab\"\n  .upper()\nputs(s)").size() > 0);
}

TEST_CASE("a missing end reports the line and column of end of file") {
  SyntaxError e = syntax_error_of("if true\n  puts(1)\n");
  CHECK(e.line == 2);
  CHECK(e.message.find("'end'") != std::string::npos);
  CHECK(e.render().find("t.q:2:") == 0);
}

TEST_CASE("an invalid assignment target is a syntax error") {
  SyntaxError e = syntax_error_of("1 + 2 = 3");
  CHECK(e.line == 1);
  CHECK(e.column == 1);
}

TEST_CASE("a required parameter after a default one is a syntax error") {
  SyntaxError e = syntax_error_of("fun f(a = 1, b) end");
  CHECK(e.message.find("required parameter") != std::string::npos);
}

TEST_CASE("sys-style eval of bad code surfaces as SyntaxErr") {
  auto r = run("let x = (");
  CHECK(r.error_type == "SyntaxErr");
}

TEST_CASE("keywords can be dict keys, field names and named arguments") {
  CHECK(output_of("let d = {type: 1, end: 2}\nputs(d[\"type\"] + d[\"end\"])") == "3\n");
  CHECK(output_of("type T\n  pub step: Int\nend\nputs(T.new(step: 4).step)") == "4\n");
}

TEST_CASE("doc declarations parse and do nothing") { CHECK(output_of("%fun f(x) \"doc\"\nputs(1)") == "1\n"); }
