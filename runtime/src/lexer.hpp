// Hand-written lexer: turns Quest source into tokens (whitespace and `#` comments are
// skipped; `newline_before` remembers line breaks for the few places that care).
#pragma once

#include <string>
#include <vector>

#include "syntax_error.hpp"
#include "token.hpp"

namespace quest {

// Throws SyntaxError on malformed input (unterminated string, bad number, stray char).
std::vector<Token> tokenize(const std::string& source, const std::string& file);

// Decodes backslash escapes of a string literal body (\n \t \r \0 \\ \" \' \xHH \u{...}).
std::string decode_escapes(const std::string& raw);

}  // namespace quest
