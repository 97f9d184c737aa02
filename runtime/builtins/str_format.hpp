// The engine behind `"...".fmt(args)`: Rust-style placeholders
// `{[index]:[fill][align][sign][#][0][width][.precision][type]}` with `{{`/`}}` escapes.
// It works on FormatArg (a number or an already-stringified value), so it has no
// dependency on the value model and can be tested alone.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace quest::text {

struct FormatArg {
  enum class Kind { integer, floating, text };
  Kind kind = Kind::text;
  int64_t integer = 0;
  double floating = 0.0;
  std::string text;  // the value's str(): used when no numeric spec applies

  static FormatArg of_int(int64_t value, std::string shown);
  static FormatArg of_float(double value, std::string shown);
  static FormatArg of_text(std::string shown);
};

// A bad template or a missing argument; the caller turns it into a ValueErr.
struct FormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string format_template(std::string_view pattern, const std::vector<FormatArg>& args);

// One value with one spec (the text after ':' in a placeholder), e.g. ">8.2" or "#x".
// Exposed so f-string placeholders can share Str.fmt's rules.
std::string format_with_spec(const FormatArg& arg, std::string_view spec);

// Rust's `{:e}` rendering: shortest digits, exponent without sign padding ("1e3").
std::string format_exponent(double value, int precision, bool upper);

}  // namespace quest::text
