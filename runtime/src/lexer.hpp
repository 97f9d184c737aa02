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

// What a literal's escapes build: a Str holds UTF-8 text, a Bytes literal any bytes.
enum class LiteralKind { text, bytes };

// Decodes backslash escapes of a string literal body (\n \t \r \0 \\ \" \' \xHH \u{...}).
// In text, \xHH is the code point U+00HH (so "\xff" is "\u00ff", as in Python and JS);
// in bytes it is the byte HH.
std::string decode_escapes(const std::string& raw, LiteralKind kind);

}  // namespace quest
