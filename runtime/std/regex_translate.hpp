// Rust-regex dialect -> Boost.Regex perl dialect. Quest scripts are written for Rust's
// `regex` crate; Boost accepts nearly the same syntax, minus `(?P<name>...)` groups and
// Rust's `$name` / `${name}` replacement references, which these functions rewrite.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quest::regex_dialect {

// `(?P<name>` becomes `(?<name>`; escapes and character classes are left untouched.
std::string pattern(std::string_view rust_pattern);

// `$1`/`${1}` stay numbered, `$name`/`${name}` become `$+{name}`, `$$` is a literal
// dollar, and backslashes (plain text in Rust) are escaped for Boost.
std::string replacement(std::string_view rust_replacement);

// Names of the named groups `(?<name>...)` of a (translated) pattern, in order;
// escapes and character classes are skipped, lookbehinds `(?<=`/`(?<!` are not groups.
std::vector<std::string> group_names(std::string_view boost_pattern);

}  // namespace quest::regex_dialect
