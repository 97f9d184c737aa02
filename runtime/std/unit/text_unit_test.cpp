// Unit tests for the pure text helpers behind Str (str_text, str_format).
#include <doctest/doctest.h>

#include "str_format.hpp"
#include "str_text.hpp"

using namespace quest::text;

TEST_CASE("code points decode UTF-8 and survive malformed bytes") {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x91\x8D";  // a é € 👍
  size_t pos = 0;
  CHECK(next_code_point(text, pos) == U'a');
  CHECK(next_code_point(text, pos) == 0xE9);
  CHECK(next_code_point(text, pos) == 0x20AC);
  CHECK(next_code_point(text, pos) == 0x1F44D);
  CHECK(pos == text.size());
  const std::string broken = "\xFF" "a\xE2\x82";
  pos = 0;
  CHECK(next_code_point(broken, pos) == 0xFFFD);
  CHECK(next_code_point(broken, pos) == U'a');
  CHECK(next_code_point(broken, pos) == 0xFFFD);
  CHECK(pos == 3);
}

TEST_CASE("utf-8 validation rejects overlongs, surrogates and truncation") {
  CHECK(is_valid_utf8("plain \xC3\xA9"));
  CHECK(is_valid_utf8("\xEF\xBF\xBD"));  // a literal U+FFFD is fine
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
}

TEST_CASE("slicing counts chars, clamps and accepts negatives") {
  CHECK(slice_chars("hello world", 0, -6) == "hello");
  CHECK(slice_chars("hello world", -5, 11) == "world");
  CHECK(slice_chars("d\xC3\xAD" "a", 1, 2) == "\xC3\xAD");
  CHECK(slice_chars("abc", 2, 1).empty());
  CHECK(slice_chars("abc", -100, 100) == "abc");
  CHECK(char_count("\xE2\x82\xAC\xE2\x82\xAC") == 2);
}

TEST_CASE("case mapping and classification cover non-ASCII letters") {
  CHECK(to_upper("stra\xC3\x9F" "e \xC3\xBC" "ber") == "STRA\xC3\x9F" "E \xC3\x9C" "BER");
  CHECK(capitalize("hELLO") == "Hello");
  CHECK(title_case("the quick-brown fox") == "The Quick-Brown Fox");
  CHECK(is_title_text("Hello World"));
  CHECK_FALSE(is_title_text("HELLO World"));
  CHECK_FALSE(is_title_text(""));
  CHECK(is_lower_text("abc123"));
  CHECK_FALSE(is_upper_text("123"));
  CHECK(all_chars(" \t\n", is_space));
  CHECK_FALSE(all_chars("", is_space));
}

TEST_CASE("split, replace, count, trim") {
  CHECK(split("a,,b", ",") == std::vector<std::string>{"a", "", "b"});
  CHECK(split("ab", "") == std::vector<std::string>{"a", "b"});
  CHECK(replace_all("aaa", "a", "bb") == "bbbbbb");
  CHECK(replace_all("abc", "", "x") == "abc");
  CHECK(count_occurrences("aaaa", "aa") == 2);
  CHECK(trim("\t\n hi \xC2\xA0") == "hi");
  CHECK(expand_tabs("a\tb", 2) == "a  b");
}

TEST_CASE("fmt renders Rust-style specs") {
  const auto i = [](int64_t v) { return FormatArg::of_int(v, std::to_string(v)); };
  const auto s = [](std::string v) { return FormatArg::of_text(v); };
  CHECK(format_template("{} and {}", {s("a"), i(2)}) == "a and 2");
  CHECK(format_template("{1}{0}{1}", {s("a"), s("b")}) == "bab");
  CHECK(format_template("{:>6.2}", {FormatArg::of_float(3.14159, "3.14159")}) == "  3.14");
  CHECK(format_template("{:#010x}", {i(255)}) == "0x000000ff");
  CHECK(format_template("{:x}", {i(-1)}) == "ffffffffffffffff");
  CHECK(format_template("{:*^7}", {s("mid")}) == "**mid**");
  CHECK(format_template("{:.2}", {s("abcdef")}) == "ab");
  CHECK(format_template("{:e}", {FormatArg::of_float(1234.5, "1234.5")}) == "1.2345e3");
  CHECK(format_template("{:.1e}", {FormatArg::of_float(0.00123, "")}) == "1.2e-3");
  CHECK(format_template("{{}}", {}) == "{}");
}

TEST_CASE("fmt reports bad templates") {
  CHECK_THROWS_AS(format_template("{}", {}), FormatError);
  CHECK_THROWS_AS(format_template("{name}", {FormatArg::of_text("x")}), FormatError);
  CHECK_THROWS_AS(format_template("{:Q}", {FormatArg::of_text("x")}), FormatError);
  CHECK_THROWS_AS(format_template("{:x}", {FormatArg::of_text("x")}), FormatError);
  CHECK_THROWS_AS(format_template("{", {}), FormatError);
  CHECK_THROWS_AS(format_template("}", {}), FormatError);
  CHECK_THROWS_AS(format_template("{:999999}", {FormatArg::of_text("x")}), FormatError);
}
