#include <doctest/doctest.h>

#include "lexer.hpp"

using namespace quest;

static std::vector<Token> lex(const std::string& s) { return tokenize(s, "<test>"); }

TEST_CASE("integer literals in every base with separators") {
  auto t = lex("1_000 0xFF_00 0b1010 0o755 0XFF");
  REQUIRE(t.size() == 6);
  CHECK(t[0].int_value == 1000);
  CHECK(t[1].int_value == 0xFF00);
  CHECK(t[2].int_value == 10);
  CHECK(t[3].int_value == 493);
  CHECK(t[4].int_value == 255);
}

TEST_CASE("floats and scientific notation are Float tokens") {
  auto t = lex("3.14 6.022e23 1E9 1e+10 2.5e-3 1_000.5");
  for (int i = 0; i < 6; ++i) CHECK(t[i].kind == Tok::Float);
  CHECK(t[0].float_value == doctest::Approx(3.14));
  CHECK(t[2].float_value == doctest::Approx(1e9));
  CHECK(t[4].float_value == doctest::Approx(0.0025));
  CHECK(t[5].float_value == doctest::Approx(1000.5));
}

TEST_CASE("a dot after an integer that is not followed by a digit is member access") {
  auto t = lex("5.str()");
  CHECK(t[0].kind == Tok::Int);
  CHECK(t[1].kind == Tok::Dot);
  CHECK(t[2].kind == Tok::Identifier);
}

TEST_CASE("string quote styles and escapes") {
  auto t = lex(R"("a\tb" 'it''s' "\x41\u{1F600}" """multi
line""" '''x "y" z''')");
  CHECK(t[0].text == "a\tb");
  CHECK(t[1].text == "it");
  CHECK(t[2].text == "s");
  CHECK(t[3].text == "A\xF0\x9F\x98\x80");
  CHECK(t[4].text == "multi\nline");
  CHECK(t[5].text == "x \"y\" z");
}

TEST_CASE("f-strings keep their raw body and bytes literals decode escapes") {
  auto t = lex(R"(f"x={x:>4}" b"\xFF\n")");
  CHECK(t[0].kind == Tok::FString);
  CHECK(t[0].text == "x={x:>4}");
  CHECK(t[1].kind == Tok::Bytes);
  CHECK(t[1].text == std::string("\xFF\n"));
}

TEST_CASE("keywords, operators and comments") {
  auto t = lex("let x = a ?: b .. c # comment\n  x += 1");
  CHECK(t[0].kind == Tok::KwLet);
  CHECK(t[4].kind == Tok::Elvis);
  CHECK(t[6].kind == Tok::DotDot);
  CHECK(t[8].kind == Tok::Identifier);
  CHECK(t[8].newline_before);
  CHECK(t[9].kind == Tok::PlusAssign);
}

TEST_CASE("an unterminated string is a syntax error with its position") {
  try {
    lex("let s = \"abc\nputs(s)");
    FAIL("expected a SyntaxError");
  } catch (const SyntaxError& e) {
    CHECK(e.line == 1);
    CHECK(e.column == 9);
    CHECK(e.render().find("^") != std::string::npos);
  }
}

TEST_CASE("a malformed number is a syntax error") {
  CHECK_THROWS_AS(lex("0x"), SyntaxError);
  CHECK_THROWS_AS(lex("12abc"), SyntaxError);
  CHECK_THROWS_AS(lex("99999999999999999999"), SyntaxError);
}

TEST_CASE("a stray character is a syntax error") { CHECK_THROWS_AS(lex("let x = $"), SyntaxError); }
