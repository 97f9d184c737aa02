// Lexical free-name analysis of a Quest expression.
//
// Cheap and conservative: it over-approximates what an expression reads. Extra names only
// cost re-evaluations; a missed name would be a stale page, so whatever the scanner cannot
// see through (a call of a named function, a lambda, an f-string) taints the slot.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "quest_live/live/template.hpp"

namespace quest_live::live {
namespace {

constexpr std::array<std::string_view, 33> keywords = {
    "if",    "elif",  "else",   "end",   "fun",   "type",  "trait",  "impl",  "with",
    "return", "and",  "or",     "not",   "true",  "false", "nil",    "use",   "let",
    "del",   "as",    "for",    "in",    "to",    "until", "step",   "while", "match",
    "try",   "catch", "ensure", "raise", "const", "break"};

// Functions known to be pure functions of their arguments.
constexpr std::array<std::string_view, 1> pure_functions = {"raw"};

bool is_keyword(std::string_view word) {
  return word == "continue" || word == "pub" ||
         std::find(keywords.begin(), keywords.end(), word) != keywords.end();
}

bool is_identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Returns the index just past the string literal starting at `start` (a quote).
std::size_t skip_string(std::string_view source, std::size_t start) {
  const char quote = source[start];
  const bool triple = source.substr(start, 3) == std::string(3, quote);
  std::size_t i = start + (triple ? 3 : 1);
  while (i < source.size()) {
    if (source[i] == '\\') {
      i += 2;
    } else if (triple ? source.substr(i, 3) == std::string(3, quote) : source[i] == quote) {
      return i + (triple ? 3 : 1);
    } else {
      ++i;
    }
  }
  return source.size();
}

char previous_significant(std::string_view source, std::size_t before) {
  while (before > 0) {
    const char c = source[--before];
    if (!std::isspace(static_cast<unsigned char>(c))) return c;
  }
  return '\0';
}

char next_significant(std::string_view source, std::size_t from) {
  while (from < source.size() && std::isspace(static_cast<unsigned char>(source[from]))) ++from;
  return from < source.size() ? source[from] : '\0';
}

void add_name(Dependencies& result, std::string_view name) {
  if (std::find(result.names.begin(), result.names.end(), name) == result.names.end()) {
    result.names.emplace_back(name);
  }
}

void classify_word(std::string_view source, std::size_t start, std::size_t end,
                   Dependencies& result) {
  const std::string_view word = source.substr(start, end - start);
  if (word == "fun") result.tainted = true;  // a lambda binds names we do not track
  if (is_keyword(word)) return;
  if (previous_significant(source, start) == '.') return;  // member or method name
  const bool called = next_significant(source, end) == '(';
  const bool pure = std::find(pure_functions.begin(), pure_functions.end(), word) != pure_functions.end();
  if (called && pure) return;  // a built-in, not a variable
  add_name(result, word);
  if (called) result.tainted = true;
}

}  // namespace

Dependencies analyze_expression(std::string_view source) {
  Dependencies result;
  std::size_t i = 0;
  while (i < source.size()) {
    const char c = source[i];
    if (c == '"' || c == '\'') {
      i = skip_string(source, i);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < source.size() && (is_identifier_char(source[i]) ||
                                   (source[i] == '.' && i + 1 < source.size() &&
                                    std::isdigit(static_cast<unsigned char>(source[i + 1]))))) {
        ++i;
      }
    } else if (is_identifier_start(c)) {
      std::size_t end = i;
      while (end < source.size() && is_identifier_char(source[end])) ++end;
      const bool prefixed_string = end < source.size() && (source[end] == '"' || source[end] == '\'');
      if (prefixed_string) {
        result.tainted = true;  // f"...{name}..." reads names we do not scan
        i = skip_string(source, end);
      } else {
        classify_word(source, i, end, result);
        i = end;
      }
    } else {
      ++i;
    }
  }
  return result;
}

}  // namespace quest_live::live
