// std/html/templates: splits template source into text and tags, and tags into tokens.
// Whitespace control (`{%-`, `-%}`, `{{-`, `-}}`, `{#-`, `-#}`) and `{% raw %}` are
// resolved here, so the parser sees only plain text segments and token lists.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "html_templates_syntax.hpp"

namespace quest::templates {

struct Token {
  enum class Type { Identifier, Int, Float, String, Symbol };
  Type type;
  std::string text;  // identifier, string contents or operator spelling
  std::int64_t int_value = 0;
  double float_value = 0;
  Position where;
};

struct Segment {
  enum class Type { Text, Output, Statement };
  Type type;
  std::string text;           // Text only
  std::vector<Token> tokens;  // Output / Statement: what is between the delimiters
  Position where;             // where the segment starts
  Position closed_at;         // Output / Statement: where the closing delimiter starts
};

// Throws TemplateError for an unclosed tag, comment or string, or a bad character.
std::vector<Segment> lex_template(const std::string& source);

}  // namespace quest::templates
