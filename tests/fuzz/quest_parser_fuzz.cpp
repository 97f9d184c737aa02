// The Quest lexer and parser (runtime/src): any source is either parsed into a Program
// or refused with a SyntaxError whose line and column point into it; nothing else may
// escape (no other exception, no crash, no stack overflow on hostile nesting). A Str
// literal in a UTF-8 source is UTF-8 whatever its escapes say (only Bytes hold any byte).
#include <string>

#include "fuzz_check.hpp"
#include "lexer.hpp"
#include "parser.hpp"
#include "utf8_reference.hpp"

namespace {

int line_count(const std::string& source) {
  int lines = 1;
  for (char c : source) lines += c == '\n';
  return lines;
}

void check_syntax_error(const quest::SyntaxError& error, const std::string& source) {
  FUZZ_CHECK(error.file == "fuzz.q", "the error names the file");
  FUZZ_CHECK(error.line >= 1 && error.line <= line_count(source) + 1, "the error's line is in the source");
  FUZZ_CHECK(error.column >= 1, "the error's column is positive");
  FUZZ_CHECK(!error.message.empty(), "the error says what is wrong");
  FUZZ_CHECK(!error.render().empty(), "the error renders");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string source(reinterpret_cast<const char*>(data), size);
  try {
    const auto tokens = quest::tokenize(source, "fuzz.q");
    FUZZ_CHECK(!tokens.empty(), "a token stream ends with Eof");
    if (fuzz_reference::check_utf8(source) == fuzz_reference::Utf8Verdict::valid) {
      for (const quest::Token& token : tokens) {
        if (token.kind != quest::Tok::String) continue;
        FUZZ_CHECK(fuzz_reference::check_utf8(token.text) == fuzz_reference::Utf8Verdict::valid,
                   "a Str literal in UTF-8 source decodes to UTF-8");
      }
    }
  } catch (const quest::SyntaxError& error) {
    check_syntax_error(error, source);
  }
  try {
    const auto program = quest::parse_program(source, "fuzz.q");
    FUZZ_CHECK(program != nullptr, "a parse gives a program");
  } catch (const quest::SyntaxError& error) {
    check_syntax_error(error, source);
  }
  return 0;
}
